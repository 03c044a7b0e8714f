//! The push algorithm, written once over a small set of per-backend statements (`SyncTx`).
//! Each batch runs in one transaction; each (client, mutation) is claimed by inserting its row,
//! whose primary key makes "at most once" a database guarantee rather than a check.

use async_trait::async_trait;
use shared::sync::apply::{Decision, decide};
use shared::sync::entities::check_mutation;
use shared::sync::protocol::{MutationResult, Outcome, PushRequest, PushResponse, RecordState};
use shared::{ClientId, FieldErrors, RecordId, UserId};

use super::StoreResult;
use super::record_rules::{self, Author, Submission, TemplateFacts};
use shared::{Role, TemplateId};

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

    // What the record rules (`record_rules`) read and write; the same SQL on both backends, so
    // `impl_sync_tx!` writes them once.
    async fn roles(&mut self, user: UserId) -> StoreResult<Vec<Role>>;
    async fn author(&mut self, user: UserId) -> StoreResult<Option<Author>>;
    async fn team_managers(&mut self, team: uuid::Uuid) -> StoreResult<Vec<UserId>>;
    async fn template(&mut self, id: TemplateId) -> StoreResult<Option<TemplateFacts>>;
    async fn set_readers(&mut self, record: RecordId, readers: &[UserId]) -> StoreResult<()>;
    async fn record_submission(&mut self, submission: &Submission) -> StoreResult<()>;
    /// Whether results for `quarter` (or its year) have been released.
    async fn is_released(&mut self, quarter: shared::results::period::Period) -> StoreResult<bool>;
    /// Who reads `record` now, besides its owner.
    async fn active_readers(&mut self, record: RecordId) -> StoreResult<Vec<UserId>>;
    /// Self-assessments (not deleted) kept by `person` or by anyone now in one of `teams`.
    async fn assessments_of(
        &mut self,
        teams: [Option<uuid::Uuid>; 2],
        person: UserId,
    ) -> StoreResult<Vec<RecordState>>;
    /// Gives `record` a new change number and nothing else, so that its readers pull it again.
    async fn touch(&mut self, record: RecordId, seq: i64) -> StoreResult<()>;
}

/// Implements `SyncTx` for a backend's transaction wrapper `$tx` (a tuple struct around a sqlx
/// `Transaction`): the backend's own statements are passed in, the rest are written here once.
macro_rules! impl_sync_tx {
    ($tx:ty, { $($own:tt)* }) => {
        #[async_trait::async_trait]
        impl $crate::store::sync::SyncTx for $tx {
            $($own)*

            async fn roles(&mut self, user: shared::UserId) -> $crate::store::StoreResult<Vec<shared::Role>> {
                let names: Vec<String> = sqlx::query_scalar("select role from user_roles where user_id = $1")
                    .bind(user.0)
                    .fetch_all(&mut *self.0)
                    .await?;
                // Unknown names cannot pass the table's check constraint; skip rather than fail.
                Ok(names.iter().filter_map(|n| n.parse().ok()).collect())
            }

            async fn author(
                &mut self,
                user: shared::UserId,
            ) -> $crate::store::StoreResult<Option<$crate::store::record_rules::Author>> {
                Ok(sqlx::query_as(
                    "select u.active, u.team_id, t.name as team_name, t.service_area, u.pcf_level
                     from users u left join teams t on t.id = u.team_id where u.id = $1",
                )
                .bind(user.0)
                .fetch_optional(&mut *self.0)
                .await?)
            }

            async fn team_managers(&mut self, team: uuid::Uuid) -> $crate::store::StoreResult<Vec<shared::UserId>> {
                let ids: Vec<uuid::Uuid> = sqlx::query_scalar(
                    "select u.id from users u join user_roles r on r.user_id = u.id
                     where r.role = 'team_manager' and u.team_id = $1 and u.active order by u.id",
                )
                .bind(team)
                .fetch_all(&mut *self.0)
                .await?;
                Ok(ids.into_iter().map(shared::UserId).collect())
            }

            async fn template(
                &mut self,
                id: shared::TemplateId,
            ) -> $crate::store::StoreResult<Option<$crate::store::record_rules::TemplateFacts>> {
                Ok(sqlx::query_as("select key, version, status, content from templates where id = $1")
                    .bind(id.0)
                    .fetch_optional(&mut *self.0)
                    .await?)
            }

            async fn set_readers(
                &mut self,
                record: shared::RecordId,
                readers: &[shared::UserId],
            ) -> $crate::store::StoreResult<()> {
                // Former readers keep their row, switched off, so they pull the record as deleted.
                sqlx::query("update sync_readers set active = false where record_id = $1")
                    .bind(record.0)
                    .execute(&mut *self.0)
                    .await?;
                for reader in readers {
                    sqlx::query(
                        "insert into sync_readers (record_id, user_id, active) values ($1, $2, true)
                         on conflict (record_id, user_id) do update set active = true",
                    )
                    .bind(record.0)
                    .bind(reader.0)
                    .execute(&mut *self.0)
                    .await?;
                }
                Ok(())
            }

            async fn active_readers(&mut self, record: shared::RecordId) -> $crate::store::StoreResult<Vec<shared::UserId>> {
                let ids: Vec<uuid::Uuid> = sqlx::query_scalar(
                    "select user_id from sync_readers where record_id = $1 and active order by user_id",
                )
                .bind(record.0)
                .fetch_all(&mut *self.0)
                .await?;
                Ok(ids.into_iter().map(shared::UserId).collect())
            }

            async fn assessments_of(
                &mut self,
                teams: [Option<uuid::Uuid>; 2],
                person: shared::UserId,
            ) -> $crate::store::StoreResult<Vec<shared::sync::protocol::RecordState>> {
                // `SELECT` is the backend's own (PostgreSQL reads jsonb as text).
                let rows: Vec<$crate::store::sync::SyncRow> = sqlx::query_as(&format!(
                    "{SELECT} where entity = 'self_assessment' and not deleted and (owner_id = $1
                         or owner_id in (select id from users where team_id = $2 or team_id = $3))
                     order by seq"
                ))
                .bind(person.0)
                .bind(teams[0])
                .bind(teams[1])
                .fetch_all(&mut *self.0)
                .await?;
                rows.into_iter().map(|r| r.into_state().map(|(_, state)| state)).collect()
            }

            async fn touch(&mut self, record: shared::RecordId, seq: i64) -> $crate::store::StoreResult<()> {
                sqlx::query("update sync_records set seq = $2 where record_id = $1")
                    .bind(record.0)
                    .bind(seq)
                    .execute(&mut *self.0)
                    .await?;
                Ok(())
            }

            async fn is_released(
                &mut self,
                quarter: shared::results::period::Period,
            ) -> $crate::store::StoreResult<bool> {
                let year = quarter.parent().unwrap_or(quarter);
                let found: i64 = sqlx::query_scalar(
                    "select count(*) from results_releases where period in ($1, $2)",
                )
                .bind(quarter.to_string())
                .bind(year.to_string())
                .fetch_one(&mut *self.0)
                .await?;
                Ok(found > 0)
            }

            async fn record_submission(
                &mut self,
                s: &$crate::store::record_rules::Submission,
            ) -> $crate::store::StoreResult<()> {
                use shared::results::period::{Granularity, Period};
                sqlx::query(
                    "insert into assessment_submissions (record_id, author_id, template_key, template_version,
                         submitted_at, received_at, counted_at, team_id, team_name, service_area, pcf_level,
                         period_month, period_quarter, period_year)
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                )
                .bind(s.record_id.0)
                .bind(s.author_id.0)
                .bind(&s.template_key)
                .bind(s.template_version)
                .bind(s.submitted_at)
                .bind(s.received_at)
                .bind(s.counted_at)
                .bind(s.author.team_id)
                .bind(&s.author.team_name)
                .bind(&s.author.service_area)
                .bind(&s.author.pcf_level)
                .bind(Period::containing(s.counted_at, Granularity::Month).to_string())
                .bind(Period::containing(s.counted_at, Granularity::Quarter).to_string())
                .bind(Period::containing(s.counted_at, Granularity::Year).to_string())
                .execute(&mut *self.0)
                .await?;
                for (domain, statement, rating) in &s.ratings {
                    sqlx::query(
                        "insert into assessment_ratings (record_id, domain_key, statement_key, rating)
                         values ($1, $2, $3, $4)",
                    )
                    .bind(s.record_id.0)
                    .bind(domain)
                    .bind(statement)
                    .bind(*rating)
                    .execute(&mut *self.0)
                    .await?;
                }
                for granularity in Granularity::ALL {
                    sqlx::query(crate::store::results::LATEST_SQL)
                        .bind(s.record_id.0)
                        .bind(s.author_id.0)
                        .bind(s.counted_at)
                        .bind(granularity.as_str())
                        .bind(Period::containing(s.counted_at, granularity).to_string())
                        .execute(&mut *self.0)
                        .await?;
                }
                sqlx::query(crate::store::results::DOMAIN_SCORES_SQL)
                    .bind(s.record_id.0)
                    .execute(&mut *self.0)
                    .await?;
                for (domain, help) in &s.help {
                    sqlx::query("insert into assessment_help (record_id, domain_key, help) values ($1, $2, $3)")
                        .bind(s.record_id.0)
                        .bind(domain)
                        .bind(*help)
                        .execute(&mut *self.0)
                        .await?;
                }
                Ok(())
            }
        }
    };
}

pub(super) use impl_sync_tx;

/// The pull query over a backend's `payload` expression (PostgreSQL casts jsonb to text): the
/// caller's own records, and the records others let them read. A reader whose access was taken
/// back gets the record as deleted, with no content, so their device forgets it. `$filter` is
/// `r.seq > $2` for a pull or `r.record_id = $2` for one record.
pub(super) fn readable_select(payload: &str, filter: &str) -> String {
    format!(
        "select record_id, entity, owner_id, version, deleted, payload, seq from (
             select r.record_id, r.entity, r.owner_id, r.version, r.deleted, r.{payload} as payload, r.seq
             from sync_records r where r.owner_id = $1 and {filter}
             union all
             select r.record_id, r.entity, r.owner_id, r.version,
                 case when rd.active then r.deleted else true end as deleted,
                 case when rd.active then r.{payload} else 'null' end as payload, r.seq
             from sync_readers rd join sync_records r on r.record_id = rd.record_id
             where rd.user_id = $1 and r.owner_id <> $1 and {filter}
         ) readable order by seq"
    )
}

pub(super) async fn apply_batch(
    tx: &mut impl SyncTx,
    user: UserId,
    request: &PushRequest,
    received: &super::Received,
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
                let outcome = match decide(current.as_ref(), m, user, check_mutation) {
                    Decision::Write(state) => {
                        match record_rules::check(tx, user, received, current.as_ref(), &state).await? {
                            Ok(effects) => {
                                let seq = tx.next_seq().await?;
                                tx.write(&state, seq).await?;
                                record_rules::apply(tx, state.record_id, effects).await?;
                                Outcome::Applied {
                                    version: state.version,
                                }
                            }
                            Err(fields) => Outcome::Rejected { fields },
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
