//! The unmet-need report's store: searches counted without who made them
//! (`shared::api::unmet`).
//!
//! A search row has no column for a person. Words that found nothing are the one part that may
//! name someone (a practitioner typing the person's name), so they are written only once
//! `PEOPLE_FOR_WORDS` different people have searched them: until then the store keeps a keyed
//! hash of them, and, to count the people, one byte of a keyed hash of each searcher with the
//! words. One byte cannot say who (every value is shared by one in 256 of the staff); two
//! people sharing a byte count as one, so the count is never too high, only sometimes late.
//! The key is made at first use and kept in the database; with a copy of the database and the
//! key, someone could still test guesses of words against the hashes, so the report's words
//! are the only place they are read in the clear.

use async_trait::async_trait;
use chrono::NaiveDate;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use shared::UserId;
use shared::api::unmet::{CountedSearch, FEW, Filter, GroupBy, PEOPLE_FOR_WORDS};
use sqlx::{ColumnIndex, Executor, IntoArguments, Row};
use uuid::Uuid;

use super::StoreResult;
use super::dialect::{Column, Dialect};
use super::sql::SqlStore;

/// Searches in one group as the database counts them: the key as stored, searches, found
/// nothing, found few.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts<K> {
    pub key: K,
    pub searches: u64,
    pub found_nothing: u64,
    pub found_few: u64,
}

/// A period's groups: by category (ids) or by a stored text (area, age group, day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Groups {
    Categories(Vec<Counts<Option<Uuid>>>),
    Texts(Vec<Counts<Option<String>>>),
}

#[async_trait]
pub trait UnmetNeedStore: Send + Sync {
    /// Counts `searches` sent by `searcher` (who is used to count different people searching
    /// the same words, and not stored); a search already counted is skipped. Returns how many
    /// were new.
    async fn count_searches(&self, searches: &[CountedSearch], searcher: UserId) -> StoreResult<u64>;
    /// Every search from `from` to `to` (both included) as one group.
    async fn total(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Counts<()>>;
    async fn groups(&self, from: NaiveDate, to: NaiveDate, by: GroupBy) -> StoreResult<Groups>;
    /// Each filter: searches using it, and of those how many found nothing or few.
    async fn filters(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<Counts<Filter>>>;
    /// Words that found nothing in the period, searched by enough people to be shown, with how
    /// often, most first.
    async fn unmet_words(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<(String, u64)>>;
}

type Keyed = Hmac<Sha256>;

fn keyed(key: &str, parts: &[&[u8]]) -> [u8; 32] {
    // HMAC takes a key of any length.
    let mut mac = Keyed::new_from_slice(key.as_bytes()).unwrap_or_else(|_| unreachable!());
    for part in parts {
        mac.update(&(part.len() as u64).to_le_bytes());
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The words' hash and the searcher's marker, with `key`.
fn words_hash_and_marker(key: &str, words: &str, searcher: UserId) -> (String, i32) {
    let hash = hex(&keyed(key, &[b"words", words.as_bytes()]));
    let marker = keyed(key, &[b"searcher", searcher.0.as_bytes(), hash.as_bytes()])[0];
    (hash, i32::from(marker))
}

fn filters_text(filters: &[Filter]) -> String {
    let mut text = String::from(",");
    for f in filters {
        text.push_str(f.as_str());
        text.push(',');
    }
    text
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

const COUNTS: &str = "count(*), \
     coalesce(sum(case when results = 0 then 1 else 0 end), 0), \
     coalesce(sum(case when results between 1 and $3 then 1 else 0 end), 0)";

#[async_trait]
impl<D> UnmetNeedStore for SqlStore<D>
where
    D: Dialect,
    for<'c> &'c mut D::Connection: Executor<'c, Database = D>,
    for<'q> D::Arguments<'q>: IntoArguments<'q, D>,
    usize: ColumnIndex<D::Row>,
    Uuid: Column<D>,
    Option<Uuid>: Column<D>,
    String: Column<D>,
    Option<String>: Column<D>,
    i32: Column<D>,
    i64: Column<D>,
    NaiveDate: Column<D>,
{
    async fn count_searches(&self, searches: &[CountedSearch], searcher: UserId) -> StoreResult<u64> {
        let key = self.unmet_key().await?;
        let mut tx = D::begin_write(&self.pool).await?;
        let mut counted = 0;
        for search in searches.iter().map(CountedSearch::kept) {
            let words = search
                .words
                .as_deref()
                .map(|w| words_hash_and_marker(&key, w, searcher));
            let inserted = sqlx::query(
                "insert into directory_searches
                 (id, searched_on, category_id, area, age_group, day, filters, results, words_hash)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (id) do nothing",
            )
            .bind(search.id)
            .bind(search.on)
            .bind(search.category)
            .bind(search.area.clone())
            .bind(search.age_group.map(|g| g.as_str().to_owned()))
            .bind(search.day.map(|d| d.to_string()))
            .bind(filters_text(&search.filters))
            .bind(i32::try_from(search.results).unwrap_or(i32::MAX))
            .bind(words.as_ref().map(|(hash, _)| hash.clone()))
            .execute(&mut *tx)
            .await?;
            if D::rows_affected(&inserted) == 0 {
                continue;
            }
            counted += 1;
            let (Some((hash, marker)), Some(text)) = (words, search.words) else {
                continue;
            };
            sqlx::query(
                "insert into unmet_words (words_hash) values ($1) on conflict (words_hash) do nothing",
            )
            .bind(hash.clone())
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "insert into unmet_word_people (words_hash, marker) values ($1, $2)
                 on conflict (words_hash, marker) do nothing",
            )
            .bind(hash.clone())
            .bind(marker)
            .execute(&mut *tx)
            .await?;
            let people: i64 =
                sqlx::query_scalar("select count(*) from unmet_word_people where words_hash = $1")
                    .bind(hash.clone())
                    .fetch_one(&mut *tx)
                    .await?;
            if people >= i64::from(PEOPLE_FOR_WORDS) {
                sqlx::query("update unmet_words set words = $2 where words_hash = $1 and words is null")
                    .bind(hash)
                    .bind(text)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(counted)
    }

    async fn total(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Counts<()>> {
        let (searches, found_nothing, found_few): (i64, i64, i64) = sqlx::query_as(&format!(
            "select {COUNTS} from directory_searches where searched_on between $1 and $2"
        ))
        .bind(from)
        .bind(to)
        .bind(FEW as i32)
        .fetch_one(&self.pool)
        .await?;
        Ok(Counts {
            key: (),
            searches: count(searches),
            found_nothing: count(found_nothing),
            found_few: count(found_few),
        })
    }

    async fn groups(&self, from: NaiveDate, to: NaiveDate, by: GroupBy) -> StoreResult<Groups> {
        let column = match by {
            GroupBy::Category => "category_id",
            GroupBy::Area => "area",
            GroupBy::AgeGroup => "age_group",
            GroupBy::Day => "day",
        };
        let sql = format!(
            "select {column}, {COUNTS} from directory_searches where searched_on between $1 and $2 \
             group by {column} order by 3 desc, 2 desc"
        );
        let rows = sqlx::query(&sql)
            .bind(from)
            .bind(to)
            .bind(FEW as i32)
            .fetch_all(&self.pool)
            .await?;
        let counts = |row: &D::Row| -> StoreResult<(u64, u64, u64)> {
            Ok((
                count(row.try_get::<i64, _>(1)?),
                count(row.try_get::<i64, _>(2)?),
                count(row.try_get::<i64, _>(3)?),
            ))
        };
        Ok(match by {
            GroupBy::Category => Groups::Categories(
                rows.iter()
                    .map(|row| {
                        let (searches, found_nothing, found_few) = counts(row)?;
                        Ok(Counts {
                            key: row.try_get::<Option<Uuid>, _>(0)?,
                            searches,
                            found_nothing,
                            found_few,
                        })
                    })
                    .collect::<StoreResult<_>>()?,
            ),
            _ => Groups::Texts(
                rows.iter()
                    .map(|row| {
                        let (searches, found_nothing, found_few) = counts(row)?;
                        Ok(Counts {
                            key: row.try_get::<Option<String>, _>(0)?,
                            searches,
                            found_nothing,
                            found_few,
                        })
                    })
                    .collect::<StoreResult<_>>()?,
            ),
        })
    }

    async fn filters(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<Counts<Filter>>> {
        let sums: Vec<String> = Filter::ALL
            .iter()
            .map(|f| {
                let like = format!("filters like '%,{},%'", f.as_str());
                format!(
                    "coalesce(sum(case when {like} then 1 else 0 end), 0), \
                     coalesce(sum(case when {like} and results = 0 then 1 else 0 end), 0), \
                     coalesce(sum(case when {like} and results between 1 and $3 then 1 else 0 end), 0)"
                )
            })
            .collect();
        let sql = format!(
            "select {} from directory_searches where searched_on between $1 and $2",
            sums.join(", ")
        );
        let row = sqlx::query(&sql)
            .bind(from)
            .bind(to)
            .bind(FEW as i32)
            .fetch_one(&self.pool)
            .await?;
        Filter::ALL
            .iter()
            .enumerate()
            .map(|(i, f)| {
                Ok(Counts {
                    key: *f,
                    searches: count(row.try_get::<i64, _>(3 * i)?),
                    found_nothing: count(row.try_get::<i64, _>(3 * i + 1)?),
                    found_few: count(row.try_get::<i64, _>(3 * i + 2)?),
                })
            })
            .collect()
    }

    async fn unmet_words(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<(String, u64)>> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "select w.words, count(*) from directory_searches s
             join unmet_words w on w.words_hash = s.words_hash
             where s.searched_on between $1 and $2 and w.words is not null
             group by w.words order by 2 desc, 1 limit 200",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(w, n)| (w, count(n))).collect())
    }
}

impl<D> SqlStore<D>
where
    D: Dialect,
    for<'c> &'c mut D::Connection: Executor<'c, Database = D>,
    for<'q> D::Arguments<'q>: IntoArguments<'q, D>,
    usize: ColumnIndex<D::Row>,
    String: Column<D>,
{
    /// The key of the words' hashes, made the first time it is needed (by whichever server
    /// asks first: the others read it).
    async fn unmet_key(&self) -> StoreResult<String> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| sqlx::Error::Io(std::io::Error::other(e)))?;
        let made = hex(&bytes);
        sqlx::query("insert into unmet_key (id, key) values (1, $1) on conflict (id) do nothing")
            .bind(made)
            .execute(&self.pool)
            .await?;
        Ok(sqlx::query_scalar("select key from unmet_key where id = 1")
            .fetch_one(&self.pool)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_depends_on_the_person_and_the_words_and_the_hash_only_on_the_words() {
        let (a, b) = (UserId(Uuid::from_u128(1)), UserId(Uuid::from_u128(2)));
        let (hash_a, _) = words_hash_and_marker("k", "knitting", a);
        let (hash_b, _) = words_hash_and_marker("k", "knitting", b);
        assert_eq!(hash_a, hash_b);
        assert_ne!(words_hash_and_marker("other", "knitting", a).0, hash_a);
        // Markers spread over the byte's values.
        let markers: std::collections::BTreeSet<i32> = (0..200u128)
            .map(|n| words_hash_and_marker("k", "knitting", UserId(Uuid::from_u128(n))).1)
            .collect();
        assert!(markers.len() > 100, "{}", markers.len());
        assert!(markers.iter().all(|m| (0..256).contains(m)));
        assert_eq!(filters_text(&[Filter::Area, Filter::Free]), ",area,free,");
    }
}
