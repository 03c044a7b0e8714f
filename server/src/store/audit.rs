//! The security audit log's table (`audit_events`), searched together with the reads of risk
//! enablement forms (`record_reads`, written by `history`), which appear as `form_read`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use shared::UserId;
use shared::api::audit::{AuditAction, AuditEntry, AuditOutcome};
use sqlx::{ColumnIndex, Executor, IntoArguments};
use uuid::Uuid;

use super::StoreResult;
use super::dialect::{Column, Dialect};
use super::sql::SqlStore;

/// One entry to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditEvent {
    pub at: DateTime<Utc>,
    pub user: Option<UserId>,
    pub address: Option<String>,
    pub action: AuditAction,
    pub outcome: AuditOutcome,
    pub subject: Option<String>,
    pub detail: Option<String>,
}

/// Which entries to find (every part optional), and which of them: `limit` from `offset`,
/// newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub action: Option<AuditAction>,
    pub outcome: Option<AuditOutcome>,
    /// Already normalised.
    pub email: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub limit: u32,
    pub offset: u32,
}

#[async_trait]
pub trait AuditStore: Send + Sync {
    async fn write_audit(&self, event: &NewAuditEvent) -> StoreResult<()>;
    async fn search_audit(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditEntry>>;
    /// Deletes entries older than `before` (reads of forms stay with their form's history).
    async fn prune_audit(&self, before: DateTime<Utc>) -> StoreResult<u64>;
}

type Row = (
    DateTime<Utc>,
    Option<Uuid>,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<Uuid>,
    Option<String>,
);

#[async_trait]
impl<D> AuditStore for SqlStore<D>
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
    i64: Column<D>,
    DateTime<Utc>: Column<D>,
    Option<DateTime<Utc>>: Column<D>,
{
    async fn write_audit(&self, e: &NewAuditEvent) -> StoreResult<()> {
        sqlx::query(
            "insert into audit_events (at, user_id, address, action, outcome, subject, detail)
             values ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(e.at)
        .bind(e.user.map(|u| u.0))
        .bind(e.address.clone())
        .bind(e.action.as_str().to_owned())
        .bind(e.outcome.as_str().to_owned())
        .bind(e.subject.clone())
        .bind(e.detail.clone())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn search_audit(&self, f: &AuditFilter) -> StoreResult<Vec<AuditEntry>> {
        // A form's reads are entries too: one search, one order, one page.
        let rows: Vec<Row> = sqlx::query_as(
            "select a.at, a.user_id, a.address, a.action, a.outcome, a.subject, a.detail, a.record_id, u.email
             from (
                 select e.at, e.user_id, e.address, e.action, e.outcome, e.subject, e.detail,
                        cast(null as uuid) as record_id, e.id as seq, 0 as src
                 from audit_events e
                 union all
                 select r.read_at, r.reader_id, r.address, 'form_read', 'success', null, r.via,
                        r.record_id, r.id, 1
                 from record_reads r
             ) a
             left join users u on u.id = a.user_id
             where ($1 is null or a.action = $1)
               and ($2 is null or a.outcome = $2)
               and ($3 is null or u.email = $3)
               and ($4 is null or a.at >= $4)
               and ($5 is null or a.at < $5)
             order by a.at desc, a.src, a.seq desc
             limit $6 offset $7",
        )
        .bind(f.action.map(|a| a.as_str().to_owned()))
        .bind(f.outcome.map(|o| o.as_str().to_owned()))
        .bind(f.email.clone())
        .bind(f.from)
        .bind(f.until)
        .bind(i64::from(f.limit))
        .bind(i64::from(f.offset))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(entry).collect()
    }

    async fn prune_audit(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let done = sqlx::query("delete from audit_events where at < $1")
            .bind(before)
            .execute(&self.pool)
            .await?;
        Ok(D::rows_affected(&done))
    }
}

fn entry(
    (at, user_id, address, action, outcome, subject, detail, record_id, email): Row,
) -> StoreResult<AuditEntry> {
    let corrupt = |what: String| super::StoreError::Database(sqlx::Error::Decode(what.into()));
    Ok(AuditEntry {
        at,
        user_id: user_id.map(UserId),
        user: email,
        address,
        action: action
            .parse()
            .map_err(|e: shared::roles::UnknownValue| corrupt(e.to_string()))?,
        outcome: outcome
            .parse()
            .map_err(|e: shared::roles::UnknownValue| corrupt(e.to_string()))?,
        subject: subject.or_else(|| record_id.map(|r| r.to_string())),
        detail: detail.map(|d| match d.as_str() {
            // A read's `via`, in words.
            "server" => "read from the server".to_owned(),
            "device" => "opened on a device".to_owned(),
            _ => d,
        }),
    })
}
