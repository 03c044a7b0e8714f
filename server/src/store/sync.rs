//! The push algorithm, written once over a small set of per-backend statements (`SyncTx`).
//! Each batch runs in one transaction; each (client, mutation) is claimed by inserting its row,
//! whose primary key makes "at most once" a database guarantee rather than a check.

use async_trait::async_trait;
use shared::sync::apply::{Decision, decide};
use shared::sync::entities::check_payload;
use shared::sync::protocol::{MutationResult, Outcome, PushRequest, PushResponse, RecordState};
use shared::{ClientId, FieldErrors, RecordId, UserId};

use super::StoreResult;

/// The statements a backend supplies, all inside the push's transaction.
#[async_trait]
pub(super) trait SyncTx: Send {
    /// Inserts the (client, mutation) row if new. If it existed, returns who sent it and the
    /// stored outcome (JSON).
    async fn claim(
        &mut self,
        client: ClientId,
        mutation_id: u64,
        user: UserId,
        record: RecordId,
    ) -> StoreResult<Option<(UserId, String)>>;
    /// The record's current state, locked for the rest of the transaction where the backend can.
    async fn load(&mut self, record: RecordId) -> StoreResult<Option<RecordState>>;
    /// The next change number (locks the sequence until commit).
    async fn next_seq(&mut self) -> StoreResult<i64>;
    async fn write(&mut self, state: &RecordState, seq: i64) -> StoreResult<()>;
    async fn set_outcome(&mut self, client: ClientId, mutation_id: u64, outcome: &str) -> StoreResult<()>;
}

pub(super) async fn apply_batch(
    tx: &mut impl SyncTx,
    user: UserId,
    request: &PushRequest,
) -> StoreResult<PushResponse> {
    let mut results = Vec::with_capacity(request.mutations.len());
    for m in &request.mutations {
        let outcome = match tx
            .claim(request.client_id, m.mutation_id, user, m.record_id)
            .await?
        {
            Some((sender, stored)) if sender == user => {
                let original: Outcome = serde_json::from_str(&stored).map_err(decode_error)?;
                Outcome::AlreadyApplied {
                    original: Box::new(original),
                }
            }
            // A client id is one device of one person; another person cannot reuse it.
            Some(_) => Outcome::Rejected {
                fields: FieldErrors::from([(
                    "client_id".to_owned(),
                    vec!["This device id belongs to someone else".to_owned()],
                )]),
            },
            None => {
                let current = tx.load(m.record_id).await?;
                let outcome = match decide(current.as_ref(), m, user, |p| check_payload(m.entity, p)) {
                    Decision::Write(state) => {
                        let seq = tx.next_seq().await?;
                        tx.write(&state, seq).await?;
                        Outcome::Applied {
                            version: state.version,
                        }
                    }
                    Decision::Conflict(server) => Outcome::Conflict { server },
                    Decision::Rejected(fields) => Outcome::Rejected { fields },
                };
                let json = serde_json::to_string(&outcome).map_err(decode_error)?;
                tx.set_outcome(request.client_id, m.mutation_id, &json).await?;
                outcome
            }
        };
        results.push(MutationResult {
            mutation_id: m.mutation_id,
            outcome,
        });
    }
    Ok(PushResponse { results })
}

pub(super) fn decode_error(e: serde_json::Error) -> super::StoreError {
    super::StoreError::Database(sqlx::Error::Decode(Box::new(e)))
}

/// A `sync_records` row, as both backends return it (PostgreSQL casts its jsonb to text).
#[derive(Debug, sqlx::FromRow)]
pub(super) struct SyncRow {
    pub record_id: uuid::Uuid,
    pub entity: String,
    pub owner_id: uuid::Uuid,
    pub version: i64,
    pub deleted: bool,
    pub payload: String,
    pub seq: i64,
}

impl SyncRow {
    pub(super) fn into_state(self) -> StoreResult<(i64, RecordState)> {
        let entity = self.entity.parse().map_err(|e: shared::roles::UnknownValue| {
            super::StoreError::Database(sqlx::Error::Decode(e.to_string().into()))
        })?;
        Ok((
            self.seq,
            RecordState {
                entity,
                record_id: RecordId(self.record_id),
                version: self.version,
                deleted: self.deleted,
                payload: serde_json::from_str(&self.payload).map_err(decode_error)?,
                owner_id: UserId(self.owner_id),
            },
        ))
    }
}

/// Turns rows (one more than `limit` asked for) into a page. The cursor moves to the last change
/// returned and no further, so nothing between it and the newest number can be passed over.
pub(super) fn page(
    rows: Vec<SyncRow>,
    cursor: i64,
    limit: u32,
) -> StoreResult<shared::sync::protocol::PullResponse> {
    use shared::sync::protocol::{Change, PullResponse};
    let has_more = rows.len() > limit as usize;
    let changes = rows
        .into_iter()
        .take(limit as usize)
        .map(|row| row.into_state().map(|(seq, record)| Change { seq, record }))
        .collect::<StoreResult<Vec<_>>>()?;
    let cursor = changes.last().map_or(cursor, |c| c.seq);
    Ok(PullResponse {
        changes,
        cursor,
        has_more,
    })
}
