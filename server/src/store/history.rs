//! What is kept of a risk enablement form besides its latest state: every read of it (the read
//! audit, DESIGN §5) and every version it had when it changed stage. Versions are written in the
//! push that makes them (`SyncTx::keep_version`); reads by the routes that hand a form out, and
//! by devices telling what they opened offline.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use shared::api::record_history::{Access, DeviceRead, DeviceReadsKept, OLDEST_DAYS, ReadVia, Version};
use shared::sync::protocol::EntityKind;
use shared::{RecordId, UserId};
use sqlx::{ColumnIndex, Executor, IntoArguments};
use uuid::Uuid;

use super::dialect::{Column, Dialect};
use super::sql::SqlStore;
use super::{StoreResult, json_error};

/// Where a read came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct From {
    pub address: Option<String>,
    pub agent: Option<String>,
}

#[async_trait]
pub trait HistoryStore: Send + Sync {
    /// Writes that `reader` read `records` now, from the server.
    async fn log_reads(&self, reader: UserId, records: &[RecordId], from: &From) -> StoreResult<()>;
    /// Writes the reads a device says it made: of risk enablement forms `reader` keeps or was
    /// ever given to read, at a time not in the future nor too long ago; the rest are counted.
    async fn device_reads(
        &self,
        reader: UserId,
        reads: &[DeviceRead],
        from: &From,
    ) -> StoreResult<DeviceReadsKept>;
    /// Every read of `record`, newest first, with the reader's name.
    async fn access_history(&self, record: RecordId) -> StoreResult<Vec<Access>>;
    /// Every version of `record` kept, oldest first.
    async fn versions(&self, record: RecordId) -> StoreResult<Vec<Version>>;
    /// Whether `manager` is an active team manager of the team `owner` is in now.
    async fn manages(&self, manager: UserId, owner: UserId) -> StoreResult<bool>;
}

#[async_trait]
impl<D> HistoryStore for SqlStore<D>
where
    D: Dialect,
    for<'c> &'c mut D::Connection: Executor<'c, Database = D>,
    for<'q> D::Arguments<'q>: IntoArguments<'q, D>,
    for<'r> &'r str: ColumnIndex<D::Row>,
    usize: ColumnIndex<D::Row>,
    Uuid: Column<D>,
    String: Column<D>,
    Option<String>: Column<D>,
    i64: Column<D>,
    DateTime<Utc>: Column<D>,
{
    async fn log_reads(&self, reader: UserId, records: &[RecordId], from: &From) -> StoreResult<()> {
        if records.is_empty() {
            return Ok(());
        }
        let at = Utc::now();
        let mut tx = D::begin_write(&self.pool).await?;
        for record in records {
            insert_read::<D>(&mut tx, *record, reader, at, ReadVia::Server, from).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn device_reads(
        &self,
        reader: UserId,
        reads: &[DeviceRead],
        from: &From,
    ) -> StoreResult<DeviceReadsKept> {
        let now = Utc::now();
        let oldest = now - Duration::days(OLDEST_DAYS);
        let mut tx = D::begin_write(&self.pool).await?;
        let mut kept = 0;
        for read in reads {
            let readable: Option<i64> = sqlx::query_scalar(
                "select r.seq from sync_records r where r.record_id = $1 and r.entity = $3 and (r.owner_id = $2
                     or exists (select 1 from sync_readers rd where rd.record_id = r.record_id and rd.user_id = $2))",
            )
            .bind(read.record_id.0)
            .bind(reader.0)
            .bind(EntityKind::RiskEnablement.as_str().to_owned())
            .fetch_optional(&mut *tx)
            .await?;
            if readable.is_some() && read.read_at <= now && read.read_at >= oldest {
                insert_read::<D>(
                    &mut tx,
                    read.record_id,
                    reader,
                    read.read_at,
                    ReadVia::Device,
                    from,
                )
                .await?;
                kept += 1;
            }
        }
        tx.commit().await?;
        Ok(DeviceReadsKept {
            kept,
            left_out: u32::try_from(reads.len()).unwrap_or(u32::MAX) - kept,
        })
    }

    async fn access_history(&self, record: RecordId) -> StoreResult<Vec<Access>> {
        let rows: Vec<(
            Uuid,
            String,
            DateTime<Utc>,
            String,
            Option<String>,
            Option<String>,
        )> = sqlx::query_as(
            "select r.reader_id, u.display_name, r.read_at, r.via, r.address, r.agent
             from record_reads r join users u on u.id = r.reader_id
             where r.record_id = $1 order by r.read_at desc, r.id desc",
        )
        .bind(record.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, read_at, via, address, agent)| Access {
                reader_id: UserId(id),
                reader: name,
                read_at,
                via: if via == "device" {
                    ReadVia::Device
                } else {
                    ReadVia::Server
                },
                address,
                agent,
            })
            .collect())
    }

    async fn versions(&self, record: RecordId) -> StoreResult<Vec<Version>> {
        let rows: Vec<(i64, String, Uuid, String, DateTime<Utc>, String)> = sqlx::query_as(&format!(
            "select v.version, v.status, v.changed_by, u.display_name, v.changed_at, {}
             from record_versions v join users u on u.id = v.changed_by
             where v.record_id = $1 order by v.version",
            D::json_text("v.payload")
        ))
        .bind(record.0)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(version, status, by_id, by, at, payload)| {
                Ok(Version {
                    version,
                    status,
                    by_id: UserId(by_id),
                    by,
                    at,
                    payload: serde_json::from_str(&payload).map_err(json_error)?,
                })
            })
            .collect()
    }

    async fn manages(&self, manager: UserId, owner: UserId) -> StoreResult<bool> {
        let found: i64 = sqlx::query_scalar(
            "select count(*) from users m join user_roles r on r.user_id = m.id and r.role = 'team_manager'
             join users o on o.team_id = m.team_id
             where m.id = $1 and o.id = $2 and m.active and m.id <> o.id",
        )
        .bind(manager.0)
        .bind(owner.0)
        .fetch_one(&self.pool)
        .await?;
        Ok(found > 0)
    }
}

async fn insert_read<D>(
    tx: &mut sqlx::Transaction<'static, D>,
    record: RecordId,
    reader: UserId,
    at: DateTime<Utc>,
    via: ReadVia,
    from: &From,
) -> StoreResult<()>
where
    D: Dialect,
    for<'c> &'c mut D::Connection: Executor<'c, Database = D>,
    for<'q> D::Arguments<'q>: IntoArguments<'q, D>,
    Uuid: Column<D>,
    Option<String>: Column<D>,
    DateTime<Utc>: Column<D>,
    String: Column<D>,
{
    let via = match via {
        ReadVia::Server => "server",
        ReadVia::Device => "device",
    };
    sqlx::query(
        "insert into record_reads (record_id, reader_id, read_at, via, address, agent)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(record.0)
    .bind(reader.0)
    .bind(at)
    .bind(via.to_owned())
    .bind(from.address.clone())
    .bind(from.agent.clone())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
