//! The council's postcode table (`shared::directory::postcodes`): replaced whole at each import,
//! read whole by devices, and looked up one postcode at a time by searches near one.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use shared::UserId;
use shared::api::directory::{PostcodeRow, PostcodeTable};
use shared::directory::places::{Point, position_of};
use sqlx::{ColumnIndex, Executor, IntoArguments};
use uuid::Uuid;

use super::Sql;
use super::statement::{Arg, Statement};
use crate::store::dialect::{Column, Dialect};
use crate::store::sql::SqlStore;
use crate::store::{BoxFuture, StoreResult};

#[async_trait]
pub trait PostcodeStore: Send + Sync {
    /// Replaces the table with `rows` (postcodes written as `postcodes::normalise` writes them,
    /// each once) in one transaction, and notes the import: when, by whom (`None`: the demo),
    /// how many.
    async fn replace_postcodes(&self, rows: &[PostcodeRow], by: Option<UserId>)
    -> StoreResult<DateTime<Utc>>;
    /// The whole table, in postcode order, with when it was imported.
    async fn postcode_table(&self) -> StoreResult<PostcodeTable>;
    /// When the table was last imported; `None` when it never was.
    async fn postcodes_at(&self) -> StoreResult<Option<DateTime<Utc>>>;
    /// Where "near" `text` is: a place of the district, a point, or a postcode of the table.
    async fn near_point(&self, text: &str) -> StoreResult<Option<Point>>;
}

#[async_trait]
impl<D> PostcodeStore for SqlStore<D>
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
    Option<i32>: Column<D>,
    i64: Column<D>,
    f64: Column<D>,
    Option<f64>: Column<D>,
    bool: Column<D>,
    chrono::NaiveDate: Column<D>,
    Option<chrono::NaiveDate>: Column<D>,
    DateTime<Utc>: Column<D>,
    Option<DateTime<Utc>>: Column<D>,
{
    async fn replace_postcodes(
        &self,
        rows: &[PostcodeRow],
        by: Option<UserId>,
    ) -> StoreResult<DateTime<Utc>> {
        let at = Utc::now();
        let mut tx = D::begin_write(&self.pool).await?;
        sqlx::query("delete from postcodes").execute(&mut *tx).await?;
        // Three values a row, as many rows a statement as the database takes values.
        for chunk in rows.chunks(D::PARAMS_PER_STATEMENT / 3) {
            let mut q = Statement::new("insert into postcodes (postcode, latitude, longitude) values ");
            for (i, PostcodeRow(postcode, latitude, longitude)) in chunk.iter().enumerate() {
                if i > 0 {
                    q.push(", ");
                }
                q.row(vec![
                    Arg::from(postcode.as_str()),
                    Arg::from(Some(*latitude)),
                    Arg::from(Some(*longitude)),
                ]);
            }
            q.query::<D>().execute(&mut *tx).await?;
        }
        sqlx::query("insert into postcode_imports (imported_at, imported_by, postcodes) values ($1, $2, $3)")
            .bind(at)
            .bind(by.map(|u| u.0))
            .bind(i64::try_from(rows.len()).unwrap_or(i64::MAX))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        // Searches near a postcode found with the old table are stale.
        self.directory_found.changed();
        Ok(at)
    }

    async fn postcode_table(&self) -> StoreResult<PostcodeTable> {
        let mut conn = self.pool.acquire().await?;
        let imported_at = Sql::<D>::postcodes_at(&mut conn).await?;
        let rows: Vec<(String, f64, f64)> =
            sqlx::query_as("select postcode, latitude, longitude from postcodes order by postcode")
                .fetch_all(&mut *conn)
                .await?;
        Ok(PostcodeTable {
            imported_at,
            postcodes: rows
                .into_iter()
                .map(|(p, lat, lon)| PostcodeRow(p, lat, lon))
                .collect(),
        })
    }

    async fn postcodes_at(&self) -> StoreResult<Option<DateTime<Utc>>> {
        let mut conn = self.pool.acquire().await?;
        Sql::<D>::postcodes_at(&mut conn).await
    }

    async fn near_point(&self, text: &str) -> StoreResult<Option<Point>> {
        let mut conn = self.pool.acquire().await?;
        Sql::<D>::near_point(&mut conn, text).await
    }
}

impl<D> Sql<D>
where
    D: Dialect,
    for<'c> &'c mut D::Connection: Executor<'c, Database = D>,
    for<'q> D::Arguments<'q>: IntoArguments<'q, D>,
    usize: ColumnIndex<D::Row>,
    String: Column<D>,
    f64: Column<D>,
    Option<DateTime<Utc>>: Column<D>,
{
    fn postcodes_at(conn: &mut D::Connection) -> BoxFuture<'_, StoreResult<Option<DateTime<Utc>>>> {
        Box::pin(async move {
            Ok(
                sqlx::query_scalar("select max(imported_at) from postcode_imports")
                    .fetch_one(&mut *conn)
                    .await?,
            )
        })
    }

    /// `PostcodeStore::near_point` on a connection already held (a search's).
    pub(super) fn near_point<'a>(
        conn: &'a mut D::Connection,
        text: &'a str,
    ) -> BoxFuture<'a, StoreResult<Option<Point>>> {
        Box::pin(async move {
            if let Some(point) = Point::parse(text).or_else(|| position_of(text)) {
                return Ok(Some(point));
            }
            let Some(postcode) = shared::directory::postcodes::normalise(text) else {
                return Ok(None);
            };
            let row: Option<(f64, f64)> =
                sqlx::query_as("select latitude, longitude from postcodes where postcode = $1")
                    .bind(postcode)
                    .fetch_optional(&mut *conn)
                    .await?;
            Ok(row.map(|(latitude, longitude)| Point { latitude, longitude }))
        })
    }
}
