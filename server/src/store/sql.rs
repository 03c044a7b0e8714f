//! The one implementation of every store, generic over the database (`SqlStore<D>`).
//!
//! Each domain's queries live in its own file (`users`, `templates`, `sync`, `results`) as a plain
//! `impl` for `SqlStore<D>`. Rust does not carry a trait's where clauses to the code that uses it,
//! so each of those `impl`s states the bounds sqlx needs of `D` to run its queries: a connection
//! that executes, arguments that bind, and the column types the file reads and writes
//! (`Column<D>`). Both `Sqlite` and `Postgres` meet them.

use async_trait::async_trait;
use sqlx::{ColumnIndex, Executor, IntoArguments, Pool};

use super::dialect::{Column, Dialect};
use super::{
    AuditStore, Backend, DirectoryStore, HistoryStore, PostcodeStore, ResultStore, SessionRecords,
    SignInStore, Store, StoreResult, SyncStore, TemplateStore, UnmetNeedStore, UserStore,
};

/// A store on one database's connection pool.
#[derive(Debug)]
pub struct SqlStore<D: Dialect> {
    pub(super) pool: Pool<D>,
    /// What listings and searches found, between their pages and repeats.
    pub(super) directory_found: super::directory::found::Found,
}

impl<D: Dialect> SqlStore<D> {
    pub fn new(pool: Pool<D>) -> SqlStore<D> {
        SqlStore {
            pool,
            directory_found: Default::default(),
        }
    }
}

#[async_trait]
impl<D> Store for SqlStore<D>
where
    D: Dialect,
    for<'c> &'c mut D::Connection: Executor<'c, Database = D>,
    for<'q> D::Arguments<'q>: IntoArguments<'q, D>,
    usize: ColumnIndex<D::Row>,
    i64: Column<D>,
    Self: UserStore
        + TemplateStore
        + SyncStore
        + ResultStore
        + DirectoryStore
        + UnmetNeedStore
        + PostcodeStore
        + HistoryStore
        + SignInStore
        + SessionRecords
        + AuditStore,
{
    fn backend(&self) -> Backend {
        D::BACKEND
    }

    async fn schema_version(&self) -> StoreResult<i64> {
        let version: Option<i64> =
            sqlx::query_scalar("select max(version) from _sqlx_migrations where success")
                .fetch_one(&self.pool)
                .await?;
        Ok(version.unwrap_or(0))
    }

    fn users(&self) -> &dyn UserStore {
        self
    }

    fn templates(&self) -> &dyn TemplateStore {
        self
    }

    fn sync(&self) -> &dyn SyncStore {
        self
    }

    fn results(&self) -> &dyn ResultStore {
        self
    }

    fn directory(&self) -> &dyn DirectoryStore {
        self
    }

    fn unmet(&self) -> &dyn UnmetNeedStore {
        self
    }

    fn postcodes(&self) -> &dyn PostcodeStore {
        self
    }

    fn history(&self) -> &dyn HistoryStore {
        self
    }

    fn sign_in(&self) -> &dyn SignInStore {
        self
    }

    fn sessions(&self) -> &dyn SessionRecords {
        self
    }

    fn audit(&self) -> &dyn AuditStore {
        self
    }
}
