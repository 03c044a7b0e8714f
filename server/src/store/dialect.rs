//! What differs between SQLite and PostgreSQL, each difference named once. Everything else the
//! store says is one SQL text for both: they share `$1` placeholders, `returning`,
//! `on conflict`, `coalesce`, `case` and transactions.

use std::future::Future;

use sqlx::{Database, Decode, Encode, Pool, Postgres, Sqlite, Transaction, Type};

use super::Backend;

/// A database the store runs on: its SQL fragments where the two differ.
pub trait Dialect: Database {
    const BACKEND: Backend;
    /// Folds a user's roles (`r.role`, from `user_roles r`) into one comma-separated column.
    const ROLE_LIST: &'static str;
    /// `team_id` spelt as text (a result group's key).
    const TEAM_TEXT: &'static str;
    /// Reads a JSON column as text (`{}` is the column).
    const JSON_TEXT: &'static str;
    /// Writes a text parameter to a JSON column (`{}` is the placeholder).
    const JSON_PARAM: &'static str;
    /// Locks a row read inside a push until the push commits, where the database can.
    const FOR_UPDATE: &'static str;

    /// How many rows a statement changed.
    fn rows_affected(result: &Self::QueryResult) -> u64;

    /// Begins a push's transaction.
    fn begin_push(pool: &Pool<Self>)
    -> impl Future<Output = sqlx::Result<Transaction<'static, Self>>> + Send;

    fn json_text(column: &str) -> String {
        Self::JSON_TEXT.replace("{}", column)
    }

    fn json_param(placeholder: &str) -> String {
        Self::JSON_PARAM.replace("{}", placeholder)
    }
}

impl Dialect for Sqlite {
    const BACKEND: Backend = Backend::Sqlite;
    const ROLE_LIST: &'static str = "group_concat(r.role, ',')";
    const TEAM_TEXT: &'static str = "lower(hex(team_id))";
    const JSON_TEXT: &'static str = "{}";
    const JSON_PARAM: &'static str = "{}";
    // SQLite has one writer, and the push already holds the write lock (`begin_push`).
    const FOR_UPDATE: &'static str = "";

    fn rows_affected(result: &Self::QueryResult) -> u64 {
        result.rows_affected()
    }

    /// `BEGIN IMMEDIATE` takes the write lock at once: taken late, a busy push could fail
    /// half-way.
    fn begin_push(
        pool: &Pool<Self>,
    ) -> impl Future<Output = sqlx::Result<Transaction<'static, Self>>> + Send {
        pool.begin_with("BEGIN IMMEDIATE")
    }
}

impl Dialect for Postgres {
    const BACKEND: Backend = Backend::Postgres;
    const ROLE_LIST: &'static str = "string_agg(r.role, ',')";
    const TEAM_TEXT: &'static str = "cast(team_id as text)";
    const JSON_TEXT: &'static str = "{}::text";
    const JSON_PARAM: &'static str = "{}::jsonb";
    // The record row is locked for update and the one-row sequence by its update, so change
    // numbers follow commit order.
    const FOR_UPDATE: &'static str = "for update";

    fn rows_affected(result: &Self::QueryResult) -> u64 {
        result.rows_affected()
    }

    fn begin_push(
        pool: &Pool<Self>,
    ) -> impl Future<Output = sqlx::Result<Transaction<'static, Self>>> + Send {
        pool.begin()
    }
}

/// A Rust type that both databases read from and write to a column.
pub trait Column<D: Database>: for<'q> Encode<'q, D> + for<'r> Decode<'r, D> + Type<D> + Send + Sync {}

impl<T, D: Database> Column<D> for T where
    T: for<'q> Encode<'q, D> + for<'r> Decode<'r, D> + Type<D> + Send + Sync
{
}
