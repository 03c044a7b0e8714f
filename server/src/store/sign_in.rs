//! What sign-in remembers between tries (`crate::sign_in_guard`): failures counted per key, and
//! the browsers each account signed in on (by their token's hash).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use shared::UserId;
use sqlx::{ColumnIndex, Executor, IntoArguments};
use uuid::Uuid;

use super::StoreResult;
use super::dialect::{Column, Dialect};
use super::sql::SqlStore;

/// A count of failures under one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failures {
    pub key: String,
    pub failures: i64,
    pub last_failed_at: DateTime<Utc>,
}

#[async_trait]
pub trait SignInStore: Send + Sync {
    /// The counts kept under `keys` (those with any).
    async fn failures(&self, keys: &[String]) -> StoreResult<Vec<Failures>>;
    /// Counts a failure at `at` under each of `keys`; a count whose last failure is before
    /// `forgotten_before` starts again at one.
    async fn fail(
        &self,
        keys: &[String],
        at: DateTime<Utc>,
        forgotten_before: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Clears the counts under `keys`.
    async fn forget(&self, keys: &[String]) -> StoreResult<()>;
    /// Whether `user` signed in on the browser whose token hashes as `token_hash`.
    async fn knows_device(&self, token_hash: &str, user: UserId) -> StoreResult<bool>;
    /// Remembers a device `user` signed in on (again) at `at`.
    async fn remember_device(&self, token_hash: &str, user: UserId, at: DateTime<Utc>) -> StoreResult<()>;
    /// Forgets counts whose last failure is before `failed_before` (they would start again at
    /// one anyway) and devices last seen before `seen_before`; says how many of each went.
    async fn prune(
        &self,
        failed_before: DateTime<Utc>,
        seen_before: DateTime<Utc>,
    ) -> StoreResult<(u64, u64)>;
}

#[async_trait]
impl<D> SignInStore for SqlStore<D>
where
    D: Dialect,
    for<'c> &'c mut D::Connection: Executor<'c, Database = D>,
    for<'q> D::Arguments<'q>: IntoArguments<'q, D>,
    usize: ColumnIndex<D::Row>,
    Uuid: Column<D>,
    String: Column<D>,
    i64: Column<D>,
    DateTime<Utc>: Column<D>,
{
    async fn failures(&self, keys: &[String]) -> StoreResult<Vec<Failures>> {
        let mut found = Vec::new();
        for key in keys {
            let row: Option<(i64, DateTime<Utc>)> =
                sqlx::query_as("select failures, last_failed_at from sign_in_failures where key = $1")
                    .bind(key.clone())
                    .fetch_optional(&self.pool)
                    .await?;
            found.extend(row.map(|(failures, last_failed_at)| Failures {
                key: key.clone(),
                failures,
                last_failed_at,
            }));
        }
        Ok(found)
    }

    async fn fail(
        &self,
        keys: &[String],
        at: DateTime<Utc>,
        forgotten_before: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = D::begin_write(&self.pool).await?;
        for key in keys {
            sqlx::query(
                "insert into sign_in_failures (key, failures, last_failed_at) values ($1, 1, $2)
                 on conflict (key) do update set
                     failures = case when sign_in_failures.last_failed_at < $3 then 1
                                     else sign_in_failures.failures + 1 end,
                     last_failed_at = $2",
            )
            .bind(key.clone())
            .bind(at)
            .bind(forgotten_before)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn forget(&self, keys: &[String]) -> StoreResult<()> {
        for key in keys {
            sqlx::query("delete from sign_in_failures where key = $1")
                .bind(key.clone())
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    async fn knows_device(&self, token_hash: &str, user: UserId) -> StoreResult<bool> {
        let found: i64 =
            sqlx::query_scalar("select count(*) from known_devices where token_hash = $1 and user_id = $2")
                .bind(token_hash.to_owned())
                .bind(user.0)
                .fetch_one(&self.pool)
                .await?;
        Ok(found > 0)
    }

    async fn remember_device(&self, token_hash: &str, user: UserId, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query(
            "insert into known_devices (token_hash, user_id, first_seen, last_seen) values ($1, $2, $3, $3)
             on conflict (token_hash, user_id) do update set last_seen = $3",
        )
        .bind(token_hash.to_owned())
        .bind(user.0)
        .bind(at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn prune(
        &self,
        failed_before: DateTime<Utc>,
        seen_before: DateTime<Utc>,
    ) -> StoreResult<(u64, u64)> {
        let failures = D::rows_affected(
            &sqlx::query("delete from sign_in_failures where last_failed_at < $1")
                .bind(failed_before)
                .execute(&self.pool)
                .await?,
        );
        let devices = D::rows_affected(
            &sqlx::query("delete from known_devices where last_seen < $1")
                .bind(seen_before)
                .execute(&self.pool)
                .await?,
        );
        Ok((failures, devices))
    }
}
