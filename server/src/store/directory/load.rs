//! Reading whole services, locations and taxonomies in batches: one query per table for any
//! number of records, so a page of fifty services costs the same nine queries as one.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use shared::directory::{Location, Organization, Service, ServiceAtLocation, Taxonomy};
use sqlx::{ColumnIndex, Executor, IntoArguments};
use uuid::Uuid;

use super::Sql;
use super::rows::{
    AccessibilityRow, AddressRow, ContactRow, CostRow, LocationRow, NamedRow, OrganizationRow, PhoneRow,
    SERVICE_COLUMNS, ScheduleRow, ServiceRow, TermRow,
};
use super::statement::Statement;
use crate::store::dialect::{Column, Dialect};
use crate::store::{BoxFuture, StoreResult};

/// Groups rows by their owner, keeping their order.
fn by_owner<T>(rows: impl IntoIterator<Item = (Uuid, T)>) -> HashMap<Uuid, Vec<T>> {
    let mut map: HashMap<Uuid, Vec<T>> = HashMap::new();
    for (owner, item) in rows {
        map.entry(owner).or_default().push(item);
    }
    map
}

fn schedule_select(owner: &str) -> String {
    format!(
        "select id, {owner} as owner, freq, repeat_interval, dtstart, byday, bymonthday, opens_at, \
         closes_at, valid_from, valid_to, description from schedules where {owner} in"
    )
}

/// A taxonomy's own row: id, name, description, uri, version.
type TaxonomyRow = (Uuid, String, String, Option<String>, Option<String>);

impl<D> Sql<D>
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
    Option<f64>: Column<D>,
    bool: Column<D>,
    NaiveDate: Column<D>,
    Option<NaiveDate>: Column<D>,
    DateTime<Utc>: Column<D>,
{
    /// Runs `select … where <column> in (ids)` over `ids` in chunks, appending `tail` (an `order by`).
    pub(super) fn select_in<'a, R>(
        conn: &'a mut D::Connection,
        head: &'a str,
        ids: &'a [Uuid],
        tail: &'a str,
    ) -> BoxFuture<'a, StoreResult<Vec<R>>>
    where
        R: for<'r> sqlx::FromRow<'r, D::Row> + Send + Unpin + 'a,
    {
        Box::pin(async move {
            let mut rows = Vec::new();
            for chunk in ids.chunks(D::IDS_PER_STATEMENT) {
                if chunk.is_empty() {
                    continue;
                }
                let mut q = Statement::new(head);
                q.push(" ").list(chunk).push(" ").push(tail);
                rows.extend(q.query_as::<D, R>().fetch_all(&mut *conn).await?);
            }
            Ok(rows)
        })
    }

    /// Whole services with every part, in the order of `ids` (unknown ids are left out).
    pub(super) fn services<'a>(
        conn: &'a mut D::Connection,
        ids: &'a [Uuid],
    ) -> BoxFuture<'a, StoreResult<Vec<Service>>> {
        Box::pin(async move {
            let rows: Vec<ServiceRow> = Sql::<D>::select_in(
                conn,
                &format!("select {SERVICE_COLUMNS} from services s where s.id in"),
                ids,
                "",
            )
            .await?;
            let mut found: HashMap<Uuid, Service> = HashMap::with_capacity(rows.len());
            for row in rows {
                let service = row.into_service()?;
                found.insert(service.id, service);
            }
            let ids: Vec<Uuid> = ids.iter().copied().filter(|id| found.contains_key(id)).collect();
            if ids.is_empty() {
                return Ok(Vec::new());
            }

            let terms: Vec<(Uuid, Uuid)> = Sql::<D>::select_in::<(Uuid, Uuid)>(
                conn,
                "select st.service_id, st.taxonomy_term_id from service_taxonomy_terms st \
             join taxonomy_terms t on t.id = st.taxonomy_term_id where st.service_id in",
                &ids,
                "order by st.service_id, t.position, t.name",
            )
            .await?;
            let mut terms = by_owner(terms);

            let places: Vec<(Uuid, Uuid, Uuid)> = Sql::<D>::select_in::<(Uuid, Uuid, Uuid)>(
                conn,
                "select service_id, id, location_id from service_at_locations where service_id in",
                &ids,
                "order by position",
            )
            .await?;
            let place_ids: Vec<Uuid> = places.iter().map(|p| p.1).collect();
            let mut place_schedules = by_owner(
                Sql::<D>::select_in::<ScheduleRow>(
                    conn,
                    &schedule_select("service_at_location_id"),
                    &place_ids,
                    "order by position",
                )
                .await?
                .into_iter()
                .map(ScheduleRow::into_schedule)
                .collect::<StoreResult<Vec<_>>>()?,
            );
            let mut places = by_owner(places.into_iter().map(|(service, id, location_id)| {
                (
                    service,
                    ServiceAtLocation {
                        id,
                        location_id,
                        schedules: place_schedules.remove(&id).unwrap_or_default(),
                    },
                )
            }));

            let mut schedules = by_owner(
                Sql::<D>::select_in::<ScheduleRow>(
                    conn,
                    &schedule_select("service_id"),
                    &ids,
                    "order by position",
                )
                .await?
                .into_iter()
                .map(ScheduleRow::into_schedule)
                .collect::<StoreResult<Vec<_>>>()?,
            );
            let mut areas = by_owner(
                Sql::<D>::select_in::<NamedRow>(
                    conn,
                    "select id, service_id as owner, name, uri as extra from service_areas where service_id in",
                    &ids,
                    "order by position",
                )
                .await?
                .into_iter()
                .map(NamedRow::area),
            );
            let mut languages = by_owner(
                Sql::<D>::select_in::<NamedRow>(
                    conn,
                    "select id, service_id as owner, name, code as extra from languages where service_id in",
                    &ids,
                    "order by position",
                )
                .await?
                .into_iter()
                .map(NamedRow::language),
            );
            let mut costs = by_owner(
                Sql::<D>::select_in::<CostRow>(
                    conn,
                    "select id, service_id as owner, option, amount, amount_description from cost_options \
                 where service_id in",
                    &ids,
                    "order by position",
                )
                .await?
                .into_iter()
                .map(CostRow::into_cost),
            );
            let contacts: Vec<(Uuid, shared::directory::Contact)> = Sql::<D>::select_in::<ContactRow>(
                conn,
                "select id, service_id as owner, name, title from contacts where service_id in",
                &ids,
                "order by position",
            )
            .await?
            .into_iter()
            .map(ContactRow::into_contact)
            .collect();
            let contact_ids: Vec<Uuid> = contacts.iter().map(|c| c.1.id).collect();
            let mut contact_phones = by_owner(
                Sql::<D>::select_in::<PhoneRow>(
                    conn,
                    "select id, contact_id as owner, number, description from phones where contact_id in",
                    &contact_ids,
                    "order by position",
                )
                .await?
                .into_iter()
                .map(PhoneRow::into_phone),
            );
            let mut contacts = by_owner(contacts.into_iter().map(|(owner, mut c)| {
                c.phones = contact_phones.remove(&c.id).unwrap_or_default();
                (owner, c)
            }));
            let mut phones = by_owner(
                Sql::<D>::select_in::<PhoneRow>(
                    conn,
                    "select id, service_id as owner, number, description from phones where service_id in",
                    &ids,
                    "order by position",
                )
                .await?
                .into_iter()
                .map(PhoneRow::into_phone),
            );

            Ok(ids
                .iter()
                .filter_map(|id| {
                    let mut s = found.remove(id)?;
                    s.taxonomy_term_ids = terms.remove(id).unwrap_or_default();
                    s.service_at_locations = places.remove(id).unwrap_or_default();
                    s.schedules = schedules.remove(id).unwrap_or_default();
                    s.service_areas = areas.remove(id).unwrap_or_default();
                    s.languages = languages.remove(id).unwrap_or_default();
                    s.cost_options = costs.remove(id).unwrap_or_default();
                    s.contacts = contacts.remove(id).unwrap_or_default();
                    s.phones = phones.remove(id).unwrap_or_default();
                    Some(s)
                })
                .collect())
        })
    }

    /// Services' own rows only (no parts): what a list of services shows.
    pub(super) fn service_rows<'a>(
        conn: &'a mut D::Connection,
        ids: &'a [Uuid],
    ) -> BoxFuture<'a, StoreResult<Vec<Service>>> {
        Box::pin(async move {
            let rows: Vec<ServiceRow> = Sql::<D>::select_in(
                conn,
                &format!("select {SERVICE_COLUMNS} from services s where s.id in"),
                ids,
                "",
            )
            .await?;
            let mut found: HashMap<Uuid, Service> = HashMap::new();
            for row in rows {
                let s = row.into_service()?;
                found.insert(s.id, s);
            }
            Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
        })
    }

    pub(super) fn organizations<'a>(
        conn: &'a mut D::Connection,
        ids: &'a [Uuid],
    ) -> BoxFuture<'a, StoreResult<Vec<Organization>>> {
        Box::pin(async move {
            let rows: Vec<OrganizationRow> = Sql::<D>::select_in(
                conn,
                "select id, name, description, email, website, charity_number from organizations where id in",
                ids,
                "",
            )
            .await?;
            let mut found: HashMap<Uuid, Organization> = rows.into_iter().map(|r| (r.id, r.into())).collect();
            Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
        })
    }

    pub(super) fn locations<'a>(
        conn: &'a mut D::Connection,
        ids: &'a [Uuid],
    ) -> BoxFuture<'a, StoreResult<Vec<Location>>> {
        Box::pin(async move {
            let rows: Vec<LocationRow> = Sql::<D>::select_in(
                conn,
                "select id, location_type, name, description, confidential, latitude, longitude \
             from locations where id in",
                ids,
                "",
            )
            .await?;
            let mut addresses = by_owner(
                Sql::<D>::select_in::<AddressRow>(
                    conn,
                    "select id, location_id, address_1, address_2, city, state_province, postal_code, country \
                 from addresses where location_id in",
                    ids,
                    "order by position",
                )
                .await?
                .into_iter()
                .map(AddressRow::into_address),
            );
            let mut access = by_owner(
                Sql::<D>::select_in::<AccessibilityRow>(
                    conn,
                    "select id, location_id, description, details, url from accessibility where location_id in",
                    ids,
                    "order by position",
                )
                .await?
                .into_iter()
                .map(AccessibilityRow::into_accessibility),
            );
            let mut found = HashMap::new();
            for row in rows {
                let mut l = row.into_location()?;
                l.addresses = addresses.remove(&l.id).unwrap_or_default();
                l.accessibility = access.remove(&l.id).unwrap_or_default();
                found.insert(l.id, l);
            }
            Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
        })
    }

    /// Every taxonomy with its terms, the shipped one first.
    pub(super) fn taxonomies<'a>(conn: &'a mut D::Connection) -> BoxFuture<'a, StoreResult<Vec<Taxonomy>>> {
        Box::pin(async move {
            let heads: Vec<TaxonomyRow> = sqlx::query_as(
                "select id, name, description, uri, version from taxonomies order by uri is not null, name",
            )
            .fetch_all(&mut *conn)
            .await?;
            let terms: Vec<TermRow> = sqlx::query_as(
                "select id, taxonomy_id, code, name, description, parent_id, term_uri from taxonomy_terms \
             order by position, name",
            )
            .fetch_all(&mut *conn)
            .await?;
            let mut terms = by_owner(terms.into_iter().map(TermRow::into_term));
            Ok(heads
                .into_iter()
                .map(|(id, name, description, uri, version)| Taxonomy {
                    id,
                    name,
                    description,
                    uri,
                    version,
                    terms: terms.remove(&id).unwrap_or_default(),
                })
                .collect())
        })
    }
}
