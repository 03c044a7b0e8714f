//! Sessions, kept in the database so that several servers behind a balancer share sign-ins.
//! A row holds the SHA-256 of the session id (never the id: a copy of the database signs nobody
//! in), its person (so they can list and end their own), the session's data as JSON and when it
//! ends. `SessionBackend` (in `session_backend`) puts tower-sessions on these rows.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use shared::UserId;
use sqlx::{ColumnIndex, Executor, IntoArguments};
use uuid::Uuid;

use super::StoreResult;
use super::dialect::{Column, Dialect};
use super::sql::SqlStore;

/// One stored session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id_hash: String,
    /// The session's data, as JSON (an object of tower-sessions' keys).
    pub data: String,
    pub expires_at: DateTime<Utc>,
}

#[async_trait]
pub trait SessionRecords: Send + Sync {
    /// Adds a session; `false` (and nothing written) when its id's hash is already taken.
    async fn insert_session(&self, row: &SessionRow, user: Option<UserId>) -> StoreResult<bool>;
    /// Writes a session, new or not.
    async fn save_session(&self, row: &SessionRow, user: Option<UserId>) -> StoreResult<()>;
    /// The session whose id hashes as `id_hash`, unless it ended before `now`.
    async fn load_session(&self, id_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<SessionRow>>;
    async fn delete_session(&self, id_hash: &str) -> StoreResult<()>;
    /// Removes sessions that ended before `now`; says how many.
    async fn delete_ended_sessions(&self, now: DateTime<Utc>) -> StoreResult<u64>;
    /// `user`'s sessions that have not ended, newest first.
    async fn sessions_of(&self, user: UserId, now: DateTime<Utc>) -> StoreResult<Vec<SessionRow>>;
    /// Ends `user`'s session `id_hash`; `false` when they have no such session.
    async fn end_session_of(&self, user: UserId, id_hash: &str) -> StoreResult<bool>;
    /// Ends every session of `user` but `keep`; says how many.
    async fn end_sessions_of(&self, user: UserId, keep: Option<&str>) -> StoreResult<u64>;
}

const UPSERT: &str = "insert into user_sessions (id_hash, user_id, data, expires_at) values ($1, $2, $3, $4)";

#[async_trait]
impl<D> SessionRecords for SqlStore<D>
where
    D: Dialect,
    for<'c> &'c mut D::Connection: Executor<'c, Database = D>,
    for<'q> D::Arguments<'q>: IntoArguments<'q, D>,
    usize: ColumnIndex<D::Row>,
    Uuid: Column<D>,
    Option<Uuid>: Column<D>,
    String: Column<D>,
    DateTime<Utc>: Column<D>,
{
    async fn insert_session(&self, row: &SessionRow, user: Option<UserId>) -> StoreResult<bool> {
        let inserted = D::rows_affected(
            &sqlx::query(&format!("{UPSERT} on conflict (id_hash) do nothing"))
                .bind(row.id_hash.clone())
                .bind(user.map(|u| u.0))
                .bind(row.data.clone())
                .bind(row.expires_at)
                .execute(&self.pool)
                .await?,
        );
        Ok(inserted == 1)
    }

    async fn save_session(&self, row: &SessionRow, user: Option<UserId>) -> StoreResult<()> {
        sqlx::query(&format!(
            "{UPSERT} on conflict (id_hash) do update set
                 user_id = excluded.user_id, data = excluded.data, expires_at = excluded.expires_at"
        ))
        .bind(row.id_hash.clone())
        .bind(user.map(|u| u.0))
        .bind(row.data.clone())
        .bind(row.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn load_session(&self, id_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<SessionRow>> {
        let found: Option<(String, DateTime<Utc>)> = sqlx::query_as(
            "select data, expires_at from user_sessions where id_hash = $1 and expires_at > $2",
        )
        .bind(id_hash.to_owned())
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.map(|(data, expires_at)| SessionRow {
            id_hash: id_hash.to_owned(),
            data,
            expires_at,
        }))
    }

    async fn delete_session(&self, id_hash: &str) -> StoreResult<()> {
        sqlx::query("delete from user_sessions where id_hash = $1")
            .bind(id_hash.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn delete_ended_sessions(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        Ok(D::rows_affected(
            &sqlx::query("delete from user_sessions where expires_at <= $1")
                .bind(now)
                .execute(&self.pool)
                .await?,
        ))
    }

    async fn sessions_of(&self, user: UserId, now: DateTime<Utc>) -> StoreResult<Vec<SessionRow>> {
        let rows: Vec<(String, String, DateTime<Utc>)> = sqlx::query_as(
            "select id_hash, data, expires_at from user_sessions
             where user_id = $1 and expires_at > $2 order by expires_at desc",
        )
        .bind(user.0)
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id_hash, data, expires_at)| SessionRow {
                id_hash,
                data,
                expires_at,
            })
            .collect())
    }

    async fn end_session_of(&self, user: UserId, id_hash: &str) -> StoreResult<bool> {
        let ended = D::rows_affected(
            &sqlx::query("delete from user_sessions where user_id = $1 and id_hash = $2")
                .bind(user.0)
                .bind(id_hash.to_owned())
                .execute(&self.pool)
                .await?,
        );
        Ok(ended == 1)
    }

    async fn end_sessions_of(&self, user: UserId, keep: Option<&str>) -> StoreResult<u64> {
        Ok(D::rows_affected(
            &sqlx::query("delete from user_sessions where user_id = $1 and id_hash <> $2")
                .bind(user.0)
                .bind(keep.unwrap_or_default().to_owned())
                .execute(&self.pool)
                .await?,
        ))
    }
}
