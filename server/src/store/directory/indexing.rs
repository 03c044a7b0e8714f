//! The search index: each service's terms, worked out here by `shared::directory::search` (the
//! device's rules) and stored for the database to match; and the matched services ranked by the
//! same rules, from the terms stored with them (re-reading and stemming 500 matches' texts for
//! every new search took 75 ms on PostgreSQL). The database never stems or ranks, so the server
//! finds and orders services as a device does offline.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use shared::directory::search::{self, Document};
use sqlx::{ColumnIndex, Executor, IntoArguments};
use uuid::Uuid;

use super::Sql;
use super::statement::{Arg, Statement};
use crate::store::dialect::{Column, Dialect};
use crate::store::{BoxFuture, StoreResult};

/// A service as words find it.
pub(super) struct Indexed {
    pub id: Uuid,
    pub document: Document,
}

impl<D> Sql<D>
where
    D: Dialect,
    for<'c> &'c mut D::Connection: Executor<'c, Database = D>,
    for<'q> D::Arguments<'q>: IntoArguments<'q, D>,
    for<'r> &'r str: ColumnIndex<D::Row>,
    usize: ColumnIndex<D::Row>,
    Uuid: Column<D>,
    Option<Uuid>: Column<D>,
    String: Column<D>,
    Option<String>: Column<D>,
    i32: Column<D>,
    Option<i32>: Column<D>,
    i64: Column<D>,
    Option<f64>: Column<D>,
    bool: Column<D>,
    NaiveDate: Column<D>,
    Option<NaiveDate>: Column<D>,
    DateTime<Utc>: Column<D>,
{
    /// Each of `terms` as the words a service in it is found by (`search::category_words`).
    pub(super) fn category_words<'a>(
        conn: &'a mut D::Connection,
        terms: &'a [Uuid],
    ) -> BoxFuture<'a, StoreResult<HashMap<Uuid, String>>> {
        Box::pin(async move {
            let rows: Vec<(Uuid, String, Option<String>)> = Sql::<D>::select_in(
                conn,
                "select t.id, t.name, p.name from taxonomy_terms t \
                 left join taxonomy_terms p on p.id = t.parent_id where t.id in",
                terms,
                "",
            )
            .await?;
            Ok(rows
                .into_iter()
                .map(|(id, name, parent)| (id, search::category_words(&name, parent.as_deref())))
                .collect())
        })
    }

    /// The services `ids` as words find them, from what the database holds.
    pub(super) fn indexed<'a>(
        conn: &'a mut D::Connection,
        ids: &'a [Uuid],
    ) -> BoxFuture<'a, StoreResult<Vec<Indexed>>> {
        Box::pin(async move {
            let services: Vec<(Uuid, String, String)> = Sql::<D>::select_in(
                conn,
                "select id, name, description from services where id in",
                ids,
                "",
            )
            .await?;
            let links: Vec<(Uuid, Uuid)> = Sql::<D>::select_in(
                conn,
                "select service_id, taxonomy_term_id from service_taxonomy_terms where service_id in",
                ids,
                "",
            )
            .await?;
            let mut terms: Vec<Uuid> = links.iter().map(|l| l.1).collect();
            terms.sort();
            terms.dedup();
            let words = Sql::<D>::category_words(conn, &terms).await?;
            let mut categories: HashMap<Uuid, Vec<&str>> = HashMap::new();
            for (service, term) in &links {
                if let Some(w) = words.get(term) {
                    categories.entry(*service).or_default().push(w);
                }
            }
            Ok(services
                .into_iter()
                .map(|(id, name, description)| {
                    let categories = categories.get(&id).map(|c| c.join(" ")).unwrap_or_default();
                    Indexed {
                        document: Document::new(&name, &categories, &description),
                        id,
                    }
                })
                .collect())
        })
    }

    /// Stores the terms of services (`(id, terms)`), replacing what was stored.
    pub(super) fn write_search<'a>(
        conn: &'a mut D::Connection,
        rows: Vec<(Uuid, String)>,
    ) -> BoxFuture<'a, StoreResult<()>> {
        Box::pin(async move {
            if let Some(delete) = D::SEARCH_DELETE {
                let ids: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
                for chunk in ids.chunks(D::IDS_PER_STATEMENT) {
                    let mut q = Statement::new(delete);
                    q.push(" ").list(chunk);
                    q.query::<D>().execute(&mut *conn).await?;
                }
            }
            let (head, tail) = D::SEARCH_WRITE;
            let rows = rows
                .into_iter()
                .map(|(id, terms)| vec![Arg::from(id), Arg::from(terms)])
                .collect();
            Sql::<D>::insert_rows(conn, head, tail, rows).await
        })
    }

    /// Works out and stores again the terms of services `ids` (their categories were renamed,
    /// or the rules changed).
    pub(super) fn reindex<'a>(
        conn: &'a mut D::Connection,
        ids: &'a [Uuid],
    ) -> BoxFuture<'a, StoreResult<()>> {
        Box::pin(async move {
            let indexed = Sql::<D>::indexed(conn, ids).await?;
            let rows = indexed.into_iter().map(|i| (i.id, i.document.stored())).collect();
            Sql::<D>::write_search(conn, rows).await
        })
    }

    /// Indexes every service again when the stored terms were made by other rules than these
    /// (`search::RULES_VERSION`, kept in `directory_search_rules`). Returns how many it indexed.
    pub(super) fn reindex_if_stale<'a>(conn: &'a mut D::Connection) -> BoxFuture<'a, StoreResult<u64>> {
        Box::pin(async move {
            let (version,): (i32,) = sqlx::query_as("select version from directory_search_rules")
                .fetch_one(&mut *conn)
                .await?;
            if version == search::RULES_VERSION {
                return Ok(0);
            }
            let ids: Vec<(Uuid,)> = sqlx::query_as("select id from services")
                .fetch_all(&mut *conn)
                .await?;
            let ids: Vec<Uuid> = ids.into_iter().map(|r| r.0).collect();
            Sql::<D>::reindex(conn, &ids).await?;
            sqlx::query("update directory_search_rules set version = $1")
                .bind(search::RULES_VERSION)
                .execute(&mut *conn)
                .await?;
            Ok(ids.len() as u64)
        })
    }
}

/// Puts services the database matched (`(id, name, stored terms)`) in the rules' order, leaving
/// out any the rules do not match.
pub(super) fn rank(matched: Vec<(Uuid, String, String)>, query: &search::Query) -> Vec<Uuid> {
    let mut found: Vec<(Uuid, String, f64)> = matched
        .into_iter()
        .filter_map(|(id, name, stored)| {
            let score = search::score_stored(&stored, query)?;
            Some((id, name, score))
        })
        .collect();
    search::rank(&mut found);
    found.into_iter().map(|f| f.0).collect()
}
