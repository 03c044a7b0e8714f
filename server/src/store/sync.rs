//! Sync: pushes applied in one transaction each, pulls of what a person may read. Each
//! (client, mutation) is claimed by inserting its row, whose primary key makes "at most once" a
//! database guarantee rather than a check.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use shared::records::{Actor, check_mutation};
use shared::sync::apply::{Decision, decide};
use shared::sync::protocol::{MutationResult, Outcome, PullResponse, PushRequest, PushResponse, RecordState};
use shared::{ClientId, FieldErrors, RecordId, Role, TemplateId, UserId};
use sqlx::{ColumnIndex, Encode, Executor, IntoArguments, Transaction, Type};
use uuid::Uuid;

use super::dialect::{Column, Dialect};
use super::results;
use super::sql::SqlStore;
use super::{Received, StoreResult, SubmissionSnapshot, json_error};
use crate::records;

#[async_trait]
pub trait SyncStore: Send + Sync {
    /// Applies a batch of mutations by `user` in one transaction, each `(client, mutation)` at
    /// most once, answering each, as received now with the default grace window.
    async fn push(&self, user: UserId, request: &PushRequest) -> StoreResult<PushResponse> {
        self.push_received(
            user,
            request,
            &Received::now(shared::results::timing::DEFAULT_GRACE_DAYS),
        )
        .await
    }
    /// `push`, received as `received` says (when, and how far back a device's own submission
    /// time is believed).
    async fn push_received(
        &self,
        user: UserId,
        request: &PushRequest,
        received: &Received,
    ) -> StoreResult<PushResponse>;
    /// Changes after `cursor` to the records `user` may read, oldest first, at most `limit`.
    async fn pull(&self, user: UserId, cursor: i64, limit: u32) -> StoreResult<PullResponse>;
    /// One record, if `user` may read it now (owner or active reader) and it is not deleted.
    async fn record(&self, user: UserId, record: RecordId) -> StoreResult<Option<RecordState>>;
    /// What was recorded when a self-assessment was submitted: where its author worked then, and
    /// how many ratings and requests for help went to the aggregation tables.
    async fn submission_snapshot(&self, record: RecordId) -> StoreResult<Option<SubmissionSnapshot>>;
}

#[async_trait]
impl<D> SyncStore for SqlStore<D>
where
    D: Dialect,
    for<'c> &'c mut D::Connection: Executor<'c, Database = D>,
    for<'q> D::Arguments<'q>: IntoArguments<'q, D>,
    for<'r> &'r str: ColumnIndex<D::Row>,
    usize: ColumnIndex<D::Row>,
    for<'q> &'q str: Encode<'q, D>,
    str: Type<D>,
    Uuid: Column<D>,
    Option<Uuid>: Column<D>,
    String: Column<D>,
    Option<String>: Column<D>,
    i64: Column<D>,
    i32: Column<D>,
    Option<i16>: Column<D>,
    bool: Column<D>,
    DateTime<Utc>: Column<D>,
    Option<DateTime<Utc>>: Column<D>,
{
    async fn push_received(
        &self,
        user: UserId,
        request: &PushRequest,
        received: &Received,
    ) -> StoreResult<PushResponse> {
        let mut tx = Tx(D::begin_write(&self.pool).await?);
        let response = apply_batch(&mut tx, user, request, received).await?;
        tx.0.commit().await?;
        Ok(response)
    }

    async fn pull(&self, user: UserId, cursor: i64, limit: u32) -> StoreResult<PullResponse> {
        let rows: Vec<SyncRow> = sqlx::query_as(&format!("{} limit $3", readable_select::<D>("r.seq > $2")))
            .bind(user.0)
            .bind(cursor)
            .bind(i64::from(limit) + 1)
            .fetch_all(&self.pool)
            .await?;
        page(rows, cursor, limit)
    }

    async fn record(&self, user: UserId, record: RecordId) -> StoreResult<Option<RecordState>> {
        let row: Option<SyncRow> = sqlx::query_as(&readable_select::<D>("r.record_id = $2"))
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

    async fn submission_snapshot(&self, record: RecordId) -> StoreResult<Option<SubmissionSnapshot>> {
        Ok(sqlx::query_as(
            "select s.team_name, s.service_area, s.pcf_level, s.submitted_at, s.counted_at,
                 (select count(*) from assessment_ratings r where r.record_id = s.record_id) as ratings,
                 (select count(*) from assessment_help h where h.record_id = s.record_id) as help
             from assessment_submissions s where s.record_id = $1",
        )
        .bind(record.0)
        .fetch_optional(&self.pool)
        .await?)
    }
}

/// A push or an account change, in one transaction.
pub(super) struct Tx<D: Dialect>(pub(super) Transaction<'static, D>);

/// Every column of a `sync_records` row, its payload as text.
fn select_records<D: Dialect>() -> String {
    format!(
        "select record_id, entity, owner_id, version, deleted, {} as payload, seq from sync_records",
        D::json_text("payload")
    )
}

#[async_trait]
impl<D> SyncTx for Tx<D>
where
    D: Dialect,
    for<'c> &'c mut D::Connection: Executor<'c, Database = D>,
    for<'q> D::Arguments<'q>: IntoArguments<'q, D>,
    for<'r> &'r str: ColumnIndex<D::Row>,
    usize: ColumnIndex<D::Row>,
    for<'q> &'q str: Encode<'q, D>,
    str: Type<D>,
    Uuid: Column<D>,
    Option<Uuid>: Column<D>,
    String: Column<D>,
    Option<String>: Column<D>,
    i64: Column<D>,
    i32: Column<D>,
    Option<i16>: Column<D>,
    bool: Column<D>,
    DateTime<Utc>: Column<D>,
    Option<DateTime<Utc>>: Column<D>,
{
    async fn bind_client(&mut self, client: ClientId, user: UserId) -> StoreResult<bool> {
        sqlx::query(
            "insert into sync_clients (client_id, user_id, first_seen) values ($1, $2, $3)
             on conflict do nothing",
        )
        .bind(client.0)
        .bind(user.0)
        .bind(Utc::now())
        .execute(&mut *self.0)
        .await?;
        let owner: Uuid = sqlx::query_scalar("select user_id from sync_clients where client_id = $1")
            .bind(client.0)
            .fetch_one(&mut *self.0)
            .await?;
        Ok(owner == user.0)
    }

    async fn claim(
        &mut self,
        client: ClientId,
        mutation_id: u64,
        user: UserId,
        record: RecordId,
    ) -> StoreResult<Option<(UserId, String)>> {
        // A concurrent push of the same mutation waits here for the first to commit, then sees it.
        let inserted = sqlx::query(&format!(
            "insert into sync_mutations (client_id, mutation_id, user_id, record_id, outcome, handled_at)
             values ($1, $2, $3, $4, {}, $5) on conflict do nothing",
            D::json_param("'{}'")
        ))
        .bind(client.0)
        .bind(mutation_id as i64)
        .bind(user.0)
        .bind(record.0)
        .bind(Utc::now())
        .execute(&mut *self.0)
        .await?;
        if D::rows_affected(&inserted) == 1 {
            return Ok(None);
        }
        let (sender, outcome): (Uuid, String) = sqlx::query_as(&format!(
            "select user_id, {} from sync_mutations where client_id = $1 and mutation_id = $2",
            D::json_text("outcome")
        ))
        .bind(client.0)
        .bind(mutation_id as i64)
        .fetch_one(&mut *self.0)
        .await?;
        Ok(Some((UserId(sender), outcome)))
    }

    async fn load(&mut self, record: RecordId) -> StoreResult<Option<RecordState>> {
        let row: Option<SyncRow> = sqlx::query_as(&format!(
            "{} where record_id = $1 {}",
            select_records::<D>(),
            D::FOR_UPDATE
        ))
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
        sqlx::query(&format!(
            "insert into sync_records (record_id, entity, owner_id, version, deleted, payload, seq, updated_at)
             values ($1, $2, $3, $4, $5, {}, $7, $8)
             on conflict (record_id) do update set version = excluded.version, deleted = excluded.deleted,
                 payload = excluded.payload, seq = excluded.seq, updated_at = excluded.updated_at",
            D::json_param("$6")
        ))
        .bind(state.record_id.0)
        .bind(state.entity.as_str())
        .bind(state.owner_id.0)
        .bind(state.version)
        .bind(state.deleted)
        .bind(state.payload.to_string())
        .bind(seq)
        .bind(Utc::now())
        .execute(&mut *self.0)
        .await?;
        Ok(())
    }

    async fn set_outcome(&mut self, client: ClientId, mutation_id: u64, outcome: &str) -> StoreResult<()> {
        sqlx::query(&format!(
            "update sync_mutations set outcome = {} where client_id = $1 and mutation_id = $2",
            D::json_param("$3")
        ))
        .bind(client.0)
        .bind(mutation_id as i64)
        .bind(outcome)
        .execute(&mut *self.0)
        .await?;
        Ok(())
    }

    async fn roles(&mut self, user: UserId) -> StoreResult<Vec<Role>> {
        let names: Vec<String> = sqlx::query_scalar("select role from user_roles where user_id = $1")
            .bind(user.0)
            .fetch_all(&mut *self.0)
            .await?;
        // Unknown names cannot pass the table's check constraint; skip rather than fail.
        Ok(names.iter().filter_map(|n| n.parse().ok()).collect())
    }

    async fn author(&mut self, user: UserId) -> StoreResult<Option<Author>> {
        Ok(sqlx::query_as(
            "select u.active, u.team_id, t.name as team_name, t.service_area, u.pcf_level
             from users u left join teams t on t.id = u.team_id where u.id = $1",
        )
        .bind(user.0)
        .fetch_optional(&mut *self.0)
        .await?)
    }

    async fn team_managers(&mut self, team: Uuid) -> StoreResult<Vec<UserId>> {
        let ids: Vec<Uuid> = sqlx::query_scalar(
            "select u.id from users u join user_roles r on r.user_id = u.id
             where r.role = 'team_manager' and u.team_id = $1 and u.active order by u.id",
        )
        .bind(team)
        .fetch_all(&mut *self.0)
        .await?;
        Ok(ids.into_iter().map(UserId).collect())
    }

    async fn template(&mut self, id: TemplateId) -> StoreResult<Option<TemplateFacts>> {
        Ok(
            sqlx::query_as("select key, version, status, content from templates where id = $1")
                .bind(id.0)
                .fetch_optional(&mut *self.0)
                .await?,
        )
    }

    async fn set_readers(&mut self, record: RecordId, readers: &[UserId]) -> StoreResult<()> {
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

    async fn users_with_role(&mut self, role: Role) -> StoreResult<Vec<UserId>> {
        let ids: Vec<Uuid> = sqlx::query_scalar(
            "select u.id from users u join user_roles r on r.user_id = u.id
             where r.role = $1 and u.active order by u.id",
        )
        .bind(role.as_str())
        .fetch_all(&mut *self.0)
        .await?;
        Ok(ids.into_iter().map(UserId).collect())
    }

    async fn active_readers(&mut self, record: RecordId) -> StoreResult<Vec<UserId>> {
        let ids: Vec<Uuid> = sqlx::query_scalar(
            "select user_id from sync_readers where record_id = $1 and active order by user_id",
        )
        .bind(record.0)
        .fetch_all(&mut *self.0)
        .await?;
        Ok(ids.into_iter().map(UserId).collect())
    }

    async fn records_of(
        &mut self,
        teams: [Option<Uuid>; 2],
        person: UserId,
    ) -> StoreResult<Vec<RecordState>> {
        let rows: Vec<SyncRow> = sqlx::query_as(&format!(
            "{} where not deleted and (owner_id = $1
                 or owner_id in (select id from users where team_id = $2 or team_id = $3))
             order by seq",
            select_records::<D>()
        ))
        .bind(person.0)
        .bind(teams[0])
        .bind(teams[1])
        .fetch_all(&mut *self.0)
        .await?;
        rows.into_iter()
            .map(|r| r.into_state().map(|(_, state)| state))
            .collect()
    }

    async fn touch(&mut self, record: RecordId, seq: i64) -> StoreResult<()> {
        sqlx::query("update sync_records set seq = $2 where record_id = $1")
            .bind(record.0)
            .bind(seq)
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }

    async fn keep_version(&mut self, state: &RecordState, status: &str, by: UserId) -> StoreResult<()> {
        sqlx::query(&format!(
            "insert into record_versions (record_id, version, status, changed_by, changed_at, payload)
             values ($1, $2, $3, $4, $5, {})",
            D::json_param("$6")
        ))
        .bind(state.record_id.0)
        .bind(state.version)
        .bind(status)
        .bind(by.0)
        .bind(Utc::now())
        .bind(state.payload.to_string())
        .execute(&mut *self.0)
        .await?;
        Ok(())
    }

    async fn is_released(&mut self, quarter: shared::results::period::Period) -> StoreResult<bool> {
        let year = quarter.parent().unwrap_or(quarter);
        let found: i64 = sqlx::query_scalar("select count(*) from results_releases where period in ($1, $2)")
            .bind(quarter.to_string())
            .bind(year.to_string())
            .fetch_one(&mut *self.0)
            .await?;
        Ok(found > 0)
    }

    async fn record_submission(&mut self, s: &Submission) -> StoreResult<()> {
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
            sqlx::query(results::LATEST_SQL)
                .bind(s.record_id.0)
                .bind(s.author_id.0)
                .bind(s.counted_at)
                .bind(granularity.as_str())
                .bind(Period::containing(s.counted_at, granularity).to_string())
                .execute(&mut *self.0)
                .await?;
        }
        sqlx::query(results::DOMAIN_SCORES_SQL)
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

/// The statements a push (and an account change) makes, all inside its transaction.
#[async_trait]
pub trait SyncTx: Send {
    /// Binds the device id `client` to `user` if nobody has used it yet; whether it is `user`'s.
    async fn bind_client(&mut self, client: ClientId, user: UserId) -> StoreResult<bool>;
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

    // What the record rules (`crate::records`) read and write.
    async fn roles(&mut self, user: UserId) -> StoreResult<Vec<Role>>;
    async fn author(&mut self, user: UserId) -> StoreResult<Option<Author>>;
    async fn team_managers(&mut self, team: Uuid) -> StoreResult<Vec<UserId>>;
    async fn template(&mut self, id: TemplateId) -> StoreResult<Option<TemplateFacts>>;
    async fn set_readers(&mut self, record: RecordId, readers: &[UserId]) -> StoreResult<()>;
    async fn record_submission(&mut self, submission: &Submission) -> StoreResult<()>;
    /// Whether results for `quarter` (or its year) have been released.
    async fn is_released(&mut self, quarter: shared::results::period::Period) -> StoreResult<bool>;
    /// Who reads `record` now, besides its owner.
    async fn active_readers(&mut self, record: RecordId) -> StoreResult<Vec<UserId>>;
    /// Everyone with `role`, active.
    async fn users_with_role(&mut self, role: Role) -> StoreResult<Vec<UserId>>;
    /// Records of every kind (not deleted) kept by `person` or by anyone now in one of `teams`.
    async fn records_of(&mut self, teams: [Option<Uuid>; 2], person: UserId)
    -> StoreResult<Vec<RecordState>>;
    /// Gives `record` a new change number and nothing else, so that its readers pull it again.
    async fn touch(&mut self, record: RecordId, seq: i64) -> StoreResult<()>;
    /// Keeps `state` as it is now, for good: a form's version at a change of stage.
    async fn keep_version(&mut self, state: &RecordState, status: &str, by: UserId) -> StoreResult<()>;
}

/// The pull query: the caller's own records, and the records others let them read. A reader
/// whose access was taken back gets the record as deleted, with no content, so their device
/// forgets it. `filter` is `r.seq > $2` for a pull or `r.record_id = $2` for one record.
fn readable_select<D: Dialect>(filter: &str) -> String {
    let payload = D::json_text("r.payload");
    format!(
        "select record_id, entity, owner_id, version, deleted, payload, seq from (
             select r.record_id, r.entity, r.owner_id, r.version, r.deleted, {payload} as payload, r.seq
             from sync_records r where r.owner_id = $1 and {filter}
             union all
             select r.record_id, r.entity, r.owner_id, r.version,
                 case when rd.active then r.deleted else true end as deleted,
                 case when rd.active then {payload} else 'null' end as payload, r.seq
             from sync_readers rd join sync_records r on r.record_id = rd.record_id
             where rd.user_id = $1 and r.owner_id <> $1 and {filter}
         ) readable order by seq"
    )
}

async fn apply_batch(
    tx: &mut impl SyncTx,
    user: UserId,
    request: &PushRequest,
    received: &Received,
) -> StoreResult<PushResponse> {
    let mut results = Vec::with_capacity(request.mutations.len());
    let actor = Actor {
        id: user,
        roles: tx.roles(user).await?,
    };
    // A device id is one person's; another person who learns it cannot send as that device (nor
    // take the change numbers it has yet to send).
    if !tx.bind_client(request.client_id, user).await? {
        let results = request
            .mutations
            .iter()
            .map(|m| MutationResult {
                mutation_id: m.mutation_id,
                outcome: someone_elses_device(),
            })
            .collect();
        return Ok(PushResponse { results });
    }
    for m in &request.mutations {
        let outcome = match tx
            .claim(request.client_id, m.mutation_id, user, m.record_id)
            .await?
        {
            Some((sender, stored)) if sender == user => {
                let original: Outcome = serde_json::from_str(&stored).map_err(json_error)?;
                Outcome::AlreadyApplied {
                    original: Box::new(original),
                }
            }
            // (Bound above, a device's rows are its person's; kept for rows from before binding.)
            Some(_) => someone_elses_device(),
            None => {
                let current = tx.load(m.record_id).await?;
                let rules = |current: Option<&RecordState>, m: &_| check_mutation(&actor, current, m);
                let outcome = match decide(current.as_ref(), m, user, rules) {
                    Decision::Write { state, checked } => {
                        match records::check(tx, &actor, received, &checked, &state).await? {
                            Ok(effects) => {
                                let seq = tx.next_seq().await?;
                                tx.write(&state, seq).await?;
                                records::apply(tx, &state, user, effects).await?;
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
                let json = serde_json::to_string(&outcome).map_err(json_error)?;
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

fn someone_elses_device() -> Outcome {
    Outcome::Rejected {
        fields: FieldErrors::from([(
            "client_id".to_owned(),
            vec!["This device id belongs to someone else".to_owned()],
        )]),
    }
}

/// A `sync_records` row, its payload read as text.
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
                payload: serde_json::from_str(&self.payload).map_err(json_error)?,
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

/// A user as the rules need them: roles, and where they work now.
#[derive(Debug, sqlx::FromRow)]
pub struct Author {
    pub active: bool,
    pub team_id: Option<Uuid>,
    pub team_name: Option<String>,
    pub service_area: Option<String>,
    pub pcf_level: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct TemplateFacts {
    pub key: String,
    pub version: i32,
    pub status: String,
    pub content: String,
}

/// What a submitted self-assessment adds to the aggregation tables.
#[derive(Debug)]
pub struct Submission {
    pub record_id: RecordId,
    pub author_id: UserId,
    pub template_key: String,
    pub template_version: i32,
    /// When the device says it was submitted (perhaps offline), never after `received_at`.
    pub submitted_at: chrono::DateTime<Utc>,
    pub received_at: chrono::DateTime<Utc>,
    /// The moment it counts at in results, decided by the server (`timing::counted_at`).
    pub counted_at: chrono::DateTime<Utc>,
    pub author: Author,
    /// (domain key, statement key, 1–5 or none for "not applicable").
    pub ratings: Vec<(String, String, Option<i16>)>,
    /// (domain key, kind of help).
    pub help: Vec<(String, &'static str)>,
}
