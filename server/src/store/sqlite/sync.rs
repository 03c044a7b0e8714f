//! Sync statements for SQLite. Pushes start with `BEGIN IMMEDIATE`, taking the write lock at
//! once: SQLite has one writer at a time, and taking it late could fail a busy push half-way.

use shared::sync::protocol::{PullResponse, PushRequest, PushResponse, RecordState};
use shared::{ClientId, RecordId, UserId};
use sqlx::{Sqlite, Transaction};

use super::SqliteStore;
use crate::store::StoreResult;
use crate::store::sync::{SyncRow, apply_batch, impl_sync_tx, page, readable_select};

const SELECT: &str = "select record_id, entity, owner_id, version, deleted, payload, seq from sync_records";

/// A push or an account change, in one transaction.
pub(in crate::store) struct Tx(pub(in crate::store) Transaction<'static, Sqlite>);

impl_sync_tx!(Tx, {
    async fn claim(
        &mut self,
        client: ClientId,
        mutation_id: u64,
        user: UserId,
        record: RecordId,
    ) -> StoreResult<Option<(UserId, String)>> {
        let inserted = sqlx::query(
            "insert into sync_mutations (client_id, mutation_id, user_id, record_id, outcome, handled_at)
             values ($1, $2, $3, $4, '{}', $5) on conflict do nothing",
        )
        .bind(client.0)
        .bind(mutation_id as i64)
        .bind(user.0)
        .bind(record.0)
        .bind(chrono::Utc::now())
        .execute(&mut *self.0)
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(None);
        }
        let (sender, outcome): (uuid::Uuid, String) = sqlx::query_as(
            "select user_id, outcome from sync_mutations where client_id = $1 and mutation_id = $2",
        )
        .bind(client.0)
        .bind(mutation_id as i64)
        .fetch_one(&mut *self.0)
        .await?;
        Ok(Some((UserId(sender), outcome)))
    }

    async fn load(&mut self, record: RecordId) -> StoreResult<Option<RecordState>> {
        let row: Option<SyncRow> = sqlx::query_as(&format!("{SELECT} where record_id = $1"))
            .bind(record.0)
            .fetch_optional(&mut *self.0)
            .await?;
        row.map(|r| r.into_state().map(|(_, state)| state)).transpose()
    }

    async fn next_seq(&mut self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "update sync_sequence set last_seq = last_seq + 1 where id = 1 returning last_seq",
        )
        .fetch_one(&mut *self.0)
        .await?)
    }

    async fn write(&mut self, state: &RecordState, seq: i64) -> StoreResult<()> {
        sqlx::query(
            "insert into sync_records (record_id, entity, owner_id, version, deleted, payload, seq, updated_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8)
             on conflict (record_id) do update set version = excluded.version, deleted = excluded.deleted,
                 payload = excluded.payload, seq = excluded.seq, updated_at = excluded.updated_at",
        )
        .bind(state.record_id.0)
        .bind(state.entity.as_str())
        .bind(state.owner_id.0)
        .bind(state.version)
        .bind(state.deleted)
        .bind(state.payload.to_string())
        .bind(seq)
        .bind(chrono::Utc::now())
        .execute(&mut *self.0)
        .await?;
        Ok(())
    }

    async fn set_outcome(&mut self, client: ClientId, mutation_id: u64, outcome: &str) -> StoreResult<()> {
        sqlx::query("update sync_mutations set outcome = $3 where client_id = $1 and mutation_id = $2")
            .bind(client.0)
            .bind(mutation_id as i64)
            .bind(outcome)
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }
});

impl SqliteStore {
    pub(super) async fn push_batch(
        &self,
        user: UserId,
        request: &PushRequest,
        received: &crate::store::Received,
    ) -> StoreResult<PushResponse> {
        let mut tx = Tx(self.pool.begin_with("BEGIN IMMEDIATE").await?);
        let response = apply_batch(&mut tx, user, request, received).await?;
        tx.0.commit().await?;
        Ok(response)
    }

    pub(super) async fn pull_changes(
        &self,
        user: UserId,
        cursor: i64,
        limit: u32,
    ) -> StoreResult<PullResponse> {
        let rows: Vec<SyncRow> =
            sqlx::query_as(&format!("{} limit $3", readable_select("payload", "r.seq > $2")))
                .bind(user.0)
                .bind(cursor)
                .bind(i64::from(limit) + 1)
                .fetch_all(&self.pool)
                .await?;
        page(rows, cursor, limit)
    }

    pub(super) async fn readable_record(
        &self,
        user: UserId,
        record: RecordId,
    ) -> StoreResult<Option<RecordState>> {
        let row: Option<SyncRow> = sqlx::query_as(&readable_select("payload", "r.record_id = $2"))
            .bind(user.0)
            .bind(record.0)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row
            .map(|r| r.into_state())
            .transpose()?
            .map(|(_, state)| state)
            .filter(|s| !s.deleted))
    }
}
