//! The community-assets directory's store: services with their parts, organisations, locations,
//! taxonomies, the search behind the feed and the app, "Checked today", reported problems and
//! each service's history. Written once for both databases (`SqlStore<D>`).

pub(super) mod found;
mod history;
mod indexing;
mod load;
pub mod postcodes;
mod reports;
mod rows;
mod save;
mod search;
mod statement;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use shared::UserId;
use shared::api::directory::{
    ChangeSource, NewReport, Page, ProblemReport, ReportReply, ReportStatus, ServiceChange, ServiceQuery,
};
use shared::directory::{Location, Organization, Service, Taxonomy, TaxonomyTerm};
use sqlx::{ColumnIndex, Executor, IntoArguments};
use uuid::Uuid;

use super::dialect::{Column, Dialect};
use super::sql::SqlStore;
use super::{StoreError, StoreResult};
use reports::{ChangeRow, REPORT_SELECT, ReportClose, ReportInsert, ReportRow};
pub use save::ChangedBy;

/// Services written at once beyond which the planner's statistics are refreshed (an import).
const BULK_WRITE: u64 = 200;

/// A category with the id and name of the taxonomy it belongs to.
pub type TermInTaxonomy = (TaxonomyTerm, Uuid, String);

/// The directory's SQL on database `D`: its helpers, in `load`, `save` and `search`, are
/// associated functions of this type, so each file states sqlx's bounds once.
pub(super) struct Sql<D>(std::marker::PhantomData<D>);
use statement::Statement;

/// Records written together, in one transaction: an import, or one record saved from the app.
#[derive(Debug, Clone, Default)]
pub struct DirectoryBatch {
    pub taxonomies: Vec<Taxonomy>,
    pub organizations: Vec<Organization>,
    pub locations: Vec<Location>,
    pub services: Vec<Service>,
}

/// What a write did to services.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub created: u64,
    pub updated: u64,
    /// Sent again with nothing changed (a re-import): left alone.
    pub unchanged: u64,
}

/// The ids a device's copy of the directory needs (`DirectoryStore::snapshot_ids`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SnapshotIds {
    pub services: Vec<Uuid>,
    pub organizations: Vec<Uuid>,
    pub locations: Vec<Uuid>,
}

#[async_trait]
pub trait DirectoryStore: Send + Sync {
    /// Writes every record of `batch` in one transaction: all of it or (on an error) none.
    /// Organisations, locations and taxonomies are written before the services that refer to
    /// them; a service naming one that exists nowhere is a `MissingReference`.
    async fn write_directory(&self, batch: &DirectoryBatch, by: ChangedBy) -> StoreResult<Written>;
    /// What `write_directory` would do, with every check it makes, and then nothing stored (the
    /// transaction is rolled back): an import's dry run.
    async fn rehearse_directory(&self, batch: &DirectoryBatch, by: ChangedBy) -> StoreResult<Written>;

    /// Indexes every service for search again when the stored terms were made by other rules
    /// than `shared::directory::search`'s (an upgrade); returns how many it indexed.
    async fn reindex_search_if_stale(&self) -> StoreResult<u64>;

    /// What a device's copy needs: with `since`, every service, organisation and place changed
    /// after it (services whatever their status); without, every listed service and every
    /// organisation and place.
    async fn snapshot_ids(&self, since: Option<DateTime<Utc>>) -> StoreResult<SnapshotIds>;

    /// Whole services, in the order of `ids` (unknown ids left out).
    async fn services(&self, ids: &[Uuid]) -> StoreResult<Vec<Service>>;
    /// Every service's id, whatever its status, by name: an export's list.
    async fn service_ids(&self) -> StoreResult<Vec<Uuid>>;
    /// Services' own fields only, without parts (a list), in the order of `ids`.
    async fn service_summaries(&self, ids: &[Uuid]) -> StoreResult<Vec<Service>>;
    /// One page of the services `query` finds. `today` anchors "open on a day".
    async fn find_services(&self, query: &ServiceQuery, today: NaiveDate) -> StoreResult<Page<Uuid>>;
    /// One page of the places (service at location: id, service, location) of the services
    /// `query` finds, in a stable order.
    async fn find_service_at_locations(&self, query: &ServiceQuery) -> StoreResult<Page<(Uuid, Uuid, Uuid)>>;
    /// One service at a location: (id, service, location).
    async fn service_at_location(&self, id: Uuid) -> StoreResult<Option<(Uuid, Uuid, Uuid)>>;
    /// Listed services last checked before `date`, or never: the review queue's length.
    async fn count_unchecked(&self, before: NaiveDate) -> StoreResult<u64>;
    /// "Checked today": sets the checked date and who checked, and records it.
    async fn mark_checked(
        &self,
        id: Uuid,
        by: UserId,
        email: &str,
        today: NaiveDate,
    ) -> StoreResult<Option<Service>>;
    /// Newest save first; one save's fields in the order they were recorded.
    async fn service_history(&self, id: Uuid) -> StoreResult<Vec<ServiceChange>>;

    async fn organizations(&self, ids: &[Uuid]) -> StoreResult<Vec<Organization>>;
    /// A page of organisations by name.
    async fn list_organizations(&self, page: u32, per_page: u32) -> StoreResult<Page<Organization>>;
    async fn locations(&self, ids: &[Uuid]) -> StoreResult<Vec<Location>>;
    /// Every location, by name.
    async fn list_locations(&self) -> StoreResult<Vec<Location>>;
    /// Every taxonomy with its terms.
    async fn taxonomies(&self) -> StoreResult<Vec<Taxonomy>>;
    /// The terms with these ids (unknown ones left out), each with its taxonomy's id and name:
    /// what one service's categories need, without reading every taxonomy.
    async fn terms(&self, ids: &[Uuid]) -> StoreResult<Vec<TermInTaxonomy>>;
    /// A term and the id of its taxonomy.
    async fn taxonomy_term(&self, id: Uuid) -> StoreResult<Option<(Uuid, TaxonomyTerm)>>;

    /// Files a report against a service; `None` when there is no such service.
    async fn report_problem(
        &self,
        service: Uuid,
        report: &NewReport,
        by: UserId,
    ) -> StoreResult<Option<ProblemReport>>;
    /// Reports with `status` (all when `None`), on one service or all, newest first.
    async fn reports(
        &self,
        status: Option<ReportStatus>,
        service: Option<Uuid>,
    ) -> StoreResult<Vec<ProblemReport>>;
    /// Resolves or dismisses an open report. A closed one is a `Conflict`.
    async fn close_report(
        &self,
        id: Uuid,
        reply: &ReportReply,
        by: UserId,
    ) -> StoreResult<Option<ProblemReport>>;
}

#[async_trait]
impl<D> DirectoryStore for SqlStore<D>
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
    i32: Column<D>,
    Option<i32>: Column<D>,
    i64: Column<D>,
    f64: Column<D>,
    Option<f64>: Column<D>,
    bool: Column<D>,
    NaiveDate: Column<D>,
    Option<NaiveDate>: Column<D>,
    DateTime<Utc>: Column<D>,
    Option<DateTime<Utc>>: Column<D>,
{
    async fn write_directory(&self, batch: &DirectoryBatch, by: ChangedBy) -> StoreResult<Written> {
        let mut tx = D::begin_write(&self.pool).await?;
        let written = Sql::<D>::write(&mut tx, batch, by).await?;
        tx.commit().await?;
        self.directory_found.changed();
        if written.created + written.updated >= BULK_WRITE {
            sqlx::query(D::REFRESH_STATISTICS).execute(&self.pool).await?;
        }
        Ok(written)
    }

    async fn snapshot_ids(&self, since: Option<DateTime<Utc>>) -> StoreResult<SnapshotIds> {
        let listed = format!("select s.id from services s where {}", search::LISTED);
        let queries: [&str; 3] = match since {
            None => [
                &listed,
                "select id from organizations",
                "select id from locations",
            ],
            Some(_) => [
                "select id from services where last_modified > $1",
                "select id from organizations where last_modified > $1",
                "select id from locations where last_modified > $1",
            ],
        };
        let mut conn = self.pool.acquire().await?;
        let mut found = Vec::new();
        for sql in queries {
            let mut q = sqlx::query_as::<D, (Uuid,)>(sql);
            if let Some(since) = since {
                q = q.bind(since);
            }
            let ids: Vec<(Uuid,)> = q.fetch_all(&mut *conn).await?;
            found.push(ids.into_iter().map(|r| r.0).collect());
        }
        let [services, organizations, locations]: [Vec<Uuid>; 3] = found.try_into().unwrap_or_default();
        Ok(SnapshotIds {
            services,
            organizations,
            locations,
        })
    }

    async fn reindex_search_if_stale(&self) -> StoreResult<u64> {
        let mut tx = D::begin_write(&self.pool).await?;
        let indexed = Sql::<D>::reindex_if_stale(&mut tx).await?;
        tx.commit().await?;
        if indexed > 0 {
            self.directory_found.changed();
        }
        Ok(indexed)
    }

    async fn rehearse_directory(&self, batch: &DirectoryBatch, by: ChangedBy) -> StoreResult<Written> {
        let mut tx = D::begin_write(&self.pool).await?;
        let written = Sql::<D>::write(&mut tx, batch, by).await?;
        tx.rollback().await?;
        Ok(written)
    }

    async fn services(&self, ids: &[Uuid]) -> StoreResult<Vec<Service>> {
        let mut conn = self.pool.acquire().await?;
        Sql::<D>::services(&mut conn, ids).await
    }

    async fn service_ids(&self) -> StoreResult<Vec<Uuid>> {
        let ids: Vec<(Uuid,)> = sqlx::query_as("select id from services order by name, id")
            .fetch_all(&self.pool)
            .await?;
        Ok(ids.into_iter().map(|r| r.0).collect())
    }

    async fn service_summaries(&self, ids: &[Uuid]) -> StoreResult<Vec<Service>> {
        let mut conn = self.pool.acquire().await?;
        Sql::<D>::service_rows(&mut conn, ids).await
    }

    async fn find_services(&self, query: &ServiceQuery, today: NaiveDate) -> StoreResult<Page<Uuid>> {
        let mut conn = self.pool.acquire().await?;
        Sql::<D>::find(&mut conn, query, today, &self.directory_found).await
    }

    async fn find_service_at_locations(&self, query: &ServiceQuery) -> StoreResult<Page<(Uuid, Uuid, Uuid)>> {
        let mut conn = self.pool.acquire().await?;
        Sql::<D>::find_places(&mut conn, query).await
    }

    async fn service_at_location(&self, id: Uuid) -> StoreResult<Option<(Uuid, Uuid, Uuid)>> {
        Ok(
            sqlx::query_as("select id, service_id, location_id from service_at_locations where id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn count_unchecked(&self, before: NaiveDate) -> StoreResult<u64> {
        let n: i64 = sqlx::query_scalar(
            "select count(*) from services where status in ('active', 'temporarily closed')
             and (assured_date is null or assured_date < $1)",
        )
        .bind(before)
        .fetch_one(&self.pool)
        .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn mark_checked(
        &self,
        id: Uuid,
        by: UserId,
        email: &str,
        today: NaiveDate,
    ) -> StoreResult<Option<Service>> {
        let mut tx = D::begin_write(&self.pool).await?;
        let Some(mut service) = Sql::<D>::services(&mut tx, &[id]).await?.pop() else {
            return Ok(None);
        };
        service.assured_date = Some(today);
        service.assurer_email = Some(email.to_owned());
        let batch = DirectoryBatch {
            services: vec![service],
            ..DirectoryBatch::default()
        };
        let checked = ChangedBy {
            user: Some(by),
            source: ChangeSource::Check,
        };
        Sql::<D>::write(&mut tx, &batch, checked).await?;
        tx.commit().await?;
        self.directory_found.changed();
        Ok(self.services(&[id]).await?.pop())
    }

    async fn service_history(&self, id: Uuid) -> StoreResult<Vec<ServiceChange>> {
        let rows: Vec<ChangeRow> = sqlx::query_as(
            "select c.changed_at, u.display_name as changed_by, c.source, c.field, c.before, c.after
             from service_changes c left join users u on u.id = c.changed_by
             where c.service_id = $1 order by c.changed_at desc, c.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(ChangeRow::into_change).collect()
    }

    async fn organizations(&self, ids: &[Uuid]) -> StoreResult<Vec<Organization>> {
        let mut conn = self.pool.acquire().await?;
        Sql::<D>::organizations(&mut conn, ids).await
    }

    async fn list_organizations(&self, page: u32, per_page: u32) -> StoreResult<Page<Organization>> {
        let (page, per_page) = (
            page.max(1),
            per_page.clamp(1, shared::api::directory::PER_PAGE_MAX),
        );
        let total: i64 = sqlx::query_scalar("select count(*) from organizations")
            .fetch_one(&self.pool)
            .await?;
        let ids: Vec<(Uuid,)> =
            sqlx::query_as("select id from organizations order by name, id limit $1 offset $2")
                .bind(i64::from(per_page))
                .bind(i64::from(page - 1) * i64::from(per_page))
                .fetch_all(&self.pool)
                .await?;
        let ids: Vec<Uuid> = ids.into_iter().map(|r| r.0).collect();
        let orgs = self.organizations(&ids).await?;
        Ok(Page::new(orgs, u64::try_from(total).unwrap_or(0), page, per_page))
    }

    async fn locations(&self, ids: &[Uuid]) -> StoreResult<Vec<Location>> {
        let mut conn = self.pool.acquire().await?;
        Sql::<D>::locations(&mut conn, ids).await
    }

    async fn list_locations(&self) -> StoreResult<Vec<Location>> {
        let ids: Vec<(Uuid,)> = sqlx::query_as("select id from locations order by coalesce(name, ''), id")
            .fetch_all(&self.pool)
            .await?;
        let ids: Vec<Uuid> = ids.into_iter().map(|r| r.0).collect();
        self.locations(&ids).await
    }

    async fn taxonomies(&self) -> StoreResult<Vec<Taxonomy>> {
        let mut conn = self.pool.acquire().await?;
        Sql::<D>::taxonomies(&mut conn).await
    }

    async fn terms(&self, ids: &[Uuid]) -> StoreResult<Vec<TermInTaxonomy>> {
        let mut conn = self.pool.acquire().await?;
        let rows: Vec<rows::TermInTaxonomyRow> = Sql::<D>::select_in(
            &mut conn,
            "select t.id, t.taxonomy_id, t.code, t.name, t.description, t.parent_id, t.term_uri, \
             x.name as taxonomy_name from taxonomy_terms t join taxonomies x on x.id = t.taxonomy_id \
             where t.id in",
            ids,
            "order by t.position, t.name",
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let (taxonomy, term) = row.term.into_term();
                (term, taxonomy, row.taxonomy_name)
            })
            .collect())
    }

    async fn taxonomy_term(&self, id: Uuid) -> StoreResult<Option<(Uuid, TaxonomyTerm)>> {
        let row: Option<rows::TermRow> = sqlx::query_as(
            "select id, taxonomy_id, code, name, description, parent_id, term_uri from taxonomy_terms where id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(rows::TermRow::into_term))
    }

    async fn report_problem(
        &self,
        service: Uuid,
        report: &NewReport,
        by: UserId,
    ) -> StoreResult<Option<ProblemReport>> {
        let insert = ReportInsert { service, report, by };
        let exists: Option<i32> = sqlx::query_scalar("select 1 from services where id = $1")
            .bind(insert.service)
            .fetch_optional(&self.pool)
            .await?;
        if exists.is_none() {
            return Ok(None);
        }
        let id = insert.report.id.unwrap_or_else(Uuid::now_v7);
        let filed = sqlx::query(
            "insert into service_reports (id, service_id, kind, note, reported_by, reported_at, status)
             values ($1, $2, $3, $4, $5, $6, 'open') on conflict (id) do nothing",
        )
        .bind(id)
        .bind(insert.service)
        .bind(insert.report.kind.as_str().to_owned())
        .bind(insert.report.note.trim().to_owned())
        .bind(insert.by.0)
        .bind(Utc::now())
        .execute(&self.pool)
        .await?;
        if D::rows_affected(&filed) == 0 {
            // Sent again by the device that made it: the report as filed. Anyone else's id is
            // not theirs to read.
            let filer: Option<(Option<Uuid>, Uuid)> =
                sqlx::query_as("select reported_by, service_id from service_reports where id = $1")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
            if filer != Some((Some(insert.by.0), insert.service)) {
                return Err(StoreError::Conflict {
                    field: "id",
                    message: "This report id is already used",
                });
            }
        }
        self.report(id).await
    }

    async fn reports(
        &self,
        status: Option<ReportStatus>,
        service: Option<Uuid>,
    ) -> StoreResult<Vec<ProblemReport>> {
        let mut q = Statement::new(REPORT_SELECT);
        q.push(" where 1 = 1");
        if let Some(status) = status {
            q.push(" and r.status = ").bind(status.as_str());
        }
        if let Some(service) = service {
            q.push(" and r.service_id = ").bind(service);
        }
        q.push(" order by r.reported_at desc, r.id");
        let rows: Vec<ReportRow> = q.query_as::<D, _>().fetch_all(&self.pool).await?;
        rows.into_iter().map(ReportRow::into_report).collect()
    }

    async fn close_report(
        &self,
        id: Uuid,
        reply: &ReportReply,
        by: UserId,
    ) -> StoreResult<Option<ProblemReport>> {
        let close = ReportClose { id, reply, by };
        let Some(current) = self.report(close.id).await? else {
            return Ok(None);
        };
        if current.status != ReportStatus::Open {
            return Err(StoreError::Conflict {
                field: "status",
                message: "This report has already been answered",
            });
        }
        // The status condition makes the first of two answers win.
        sqlx::query(
            "update service_reports set status = $2, reply = $3, closed_by = $4, closed_at = $5
             where id = $1 and status = 'open'",
        )
        .bind(close.id)
        .bind(close.reply.status.as_str().to_owned())
        .bind(close.reply.reply.trim().to_owned())
        .bind(close.by.0)
        .bind(Utc::now())
        .execute(&self.pool)
        .await?;
        self.report(close.id).await
    }
}

impl<D> SqlStore<D>
where
    D: Dialect,
    for<'c> &'c mut D::Connection: Executor<'c, Database = D>,
    for<'q> D::Arguments<'q>: IntoArguments<'q, D>,
    for<'r> &'r str: ColumnIndex<D::Row>,
    Uuid: Column<D>,
    String: Column<D>,
    Option<String>: Column<D>,
    DateTime<Utc>: Column<D>,
    Option<DateTime<Utc>>: Column<D>,
{
    async fn report(&self, id: Uuid) -> StoreResult<Option<ProblemReport>> {
        let row: Option<ReportRow> = sqlx::query_as(&format!("{REPORT_SELECT} where r.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(ReportRow::into_report).transpose()
    }
}
