//! Writing the directory: a batch of taxonomies, organisations, locations and services, all in
//! one transaction (an import applies whole or not at all). Each table is written with
//! multi-row statements, so ten thousand services cost hundreds of statements, not hundreds of
//! thousands. A service's parts are replaced whole; a service whose information has not changed
//! is left alone, so re-importing the same feed writes nothing and records no history.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use shared::UserId;
use shared::api::directory::ChangeSource;
use shared::directory::schedule::{byday_text, bymonthday_text};
use shared::directory::search::Document;
use shared::directory::{Location, Organization, Schedule, Service, Taxonomy, TaxonomyTerm};
use sqlx::{ColumnIndex, Executor, IntoArguments};
use uuid::Uuid;

use super::Sql;
use super::history::{self, FieldChange, Names};
use super::rows::time_text;
use super::statement::{Arg, Statement};
use super::{DirectoryBatch, Written};
use crate::store::dialect::{Column, Dialect};
use crate::store::{BoxFuture, StoreError, StoreResult};

/// Who is writing, and how (the history says).
#[derive(Debug, Clone, Copy)]
pub struct ChangedBy {
    pub user: Option<UserId>,
    pub source: ChangeSource,
}

/// Terms ordered so a parent is written before its children (the table refers to parents).
fn parents_first(terms: &[TaxonomyTerm]) -> Vec<(usize, &TaxonomyTerm)> {
    let ids: BTreeSet<Uuid> = terms.iter().map(|t| t.id).collect();
    let mut placed = BTreeSet::new();
    let mut out = Vec::with_capacity(terms.len());
    let mut left: Vec<(usize, &TaxonomyTerm)> = terms.iter().enumerate().collect();
    while !left.is_empty() {
        let before = left.len();
        left.retain(|&(i, t)| {
            let ready = t
                .parent_id
                .is_none_or(|p| placed.contains(&p) || !ids.contains(&p));
            if ready {
                placed.insert(t.id);
                out.push((i, t));
            }
            !ready
        });
        if left.len() == before {
            // A loop (refused by validation before this); write the rest as they come.
            out.append(&mut left);
        }
    }
    out
}

/// The services table's columns as an import writes them.
const SERVICE_COLUMNS: [&str; 14] = [
    "id",
    "organization_id",
    "name",
    "description",
    "url",
    "email",
    "status",
    "alert",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "assurer_email",
    "last_modified",
    "created_at",
];

/// The head and tail of the services' upsert (`insert_rows` puts the rows between), with the
/// search vector made from each row's `terms` where the database keeps one.
fn service_insert<D: Dialect>() -> (String, String) {
    let columns = SERVICE_COLUMNS.join(", ");
    let update = SERVICE_COLUMNS[1..SERVICE_COLUMNS.len() - 1]
        .iter()
        .map(|c| format!("{c} = excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    match D::SEARCH_VECTOR {
        None => (
            format!("insert into services ({columns})"),
            format!("on conflict (id) do update set {update}"),
        ),
        Some(vector) => (
            format!(
                "insert into services ({columns}, search, search_terms) select {}, {vector}, v.terms from (",
                SERVICE_COLUMNS.map(|c| format!("v.{c}")).join(", ")
            ),
            format!(
                ") as v ({columns}, terms) on conflict (id) do update set {update}, search = excluded.search, \
                 search_terms = excluded.search_terms"
            ),
        ),
    }
}

fn position(i: usize) -> i32 {
    i32::try_from(i).unwrap_or(i32::MAX)
}

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
    /// `insert … values (…), (…) <tail>` over `items`, as many rows a statement as fit.
    pub(super) fn insert_rows<'a>(
        conn: &'a mut D::Connection,
        head: &'a str,
        tail: &'a str,
        rows: Vec<Vec<Arg>>,
    ) -> BoxFuture<'a, StoreResult<()>> {
        Box::pin(async move {
            let mut rows = rows.into_iter().peekable();
            while rows.peek().is_some() {
                let mut q = Statement::new(head);
                q.push(" values ");
                let mut first = true;
                while let Some(values) = rows.next_if(|_| first || q.params() < D::PARAMS_PER_STATEMENT) {
                    if !first {
                        q.push(", ");
                    }
                    first = false;
                    q.row(values);
                }
                q.push(" ").push(tail);
                q.query::<D>().execute(&mut *conn).await?;
            }
            Ok(())
        })
    }

    /// `delete from <table> where <column> in (ids)`, in chunks.
    fn delete_in<'a>(
        conn: &'a mut D::Connection,
        table: &'a str,
        column: &'a str,
        ids: &'a [Uuid],
    ) -> BoxFuture<'a, StoreResult<()>> {
        Box::pin(async move {
            for chunk in ids.chunks(D::IDS_PER_STATEMENT) {
                let mut q = Statement::new(format!("delete from {table} where {column} in "));
                q.list(chunk);
                q.query::<D>().execute(&mut *conn).await?;
            }
            Ok(())
        })
    }

    /// Which of `ids` exist in `table`.
    fn existing<'a>(
        conn: &'a mut D::Connection,
        table: &'a str,
        ids: &'a BTreeSet<Uuid>,
    ) -> BoxFuture<'a, StoreResult<BTreeSet<Uuid>>> {
        Box::pin(async move {
            let ids: Vec<Uuid> = ids.iter().copied().collect();
            let rows: Vec<(Uuid,)> =
                Sql::<D>::select_in(conn, &format!("select id from {table} where id in"), &ids, "").await?;
            Ok(rows.into_iter().map(|r| r.0).collect())
        })
    }

    /// Names of locations and terms, for the history.
    fn names<'a>(
        conn: &'a mut D::Connection,
        locations: &'a [Uuid],
        terms: &'a [Uuid],
        orgs: &'a [Uuid],
    ) -> BoxFuture<'a, StoreResult<Names>> {
        Box::pin(async move {
            let mut names = Names::default();
            let queries = [
                (
                    "select id, coalesce(name, '') from locations where id in",
                    locations,
                ),
                ("select id, name from taxonomy_terms where id in", terms),
                ("select id, name from organizations where id in", orgs),
            ];
            for (head, ids) in queries {
                let rows: Vec<(Uuid, String)> = Sql::<D>::select_in(conn, head, ids, "").await?;
                names.0.extend(rows);
            }
            Ok(names)
        })
    }

    /// Writes `batch` on `conn` (inside the caller's transaction). Returns what changed.
    pub(super) fn write<'a>(
        conn: &'a mut D::Connection,
        batch: &'a DirectoryBatch,
        by: ChangedBy,
    ) -> BoxFuture<'a, StoreResult<Written>> {
        Box::pin(async move {
            let now = Utc::now().trunc_subsecs(3);
            let mut reworded = Vec::new();
            for taxonomy in &batch.taxonomies {
                reworded.extend(Sql::<D>::write_taxonomy(conn, taxonomy).await?);
            }
            Sql::<D>::write_organizations(conn, &batch.organizations, now).await?;
            Sql::<D>::write_locations(conn, &batch.locations, now).await?;
            let written = Sql::<D>::write_services(conn, &batch.services, by, now).await?;
            // Services are found by their categories' words: a renamed category (or a kind whose
            // parent was renamed) changes the words of every service in it.
            if !reworded.is_empty() {
                let rows: Vec<(Uuid,)> = Sql::<D>::select_in(
                    conn,
                    "select distinct service_id from service_taxonomy_terms where taxonomy_term_id in",
                    &reworded,
                    "",
                )
                .await?;
                let ids: Vec<Uuid> = rows.into_iter().map(|r| r.0).collect();
                Sql::<D>::reindex(conn, &ids).await?;
            }
            Ok(written)
        })
    }

    /// Writes a taxonomy and its terms. Returns the terms already held whose words (their name
    /// or their parent's) changed.
    fn write_taxonomy<'a>(
        conn: &'a mut D::Connection,
        taxonomy: &'a Taxonomy,
    ) -> BoxFuture<'a, StoreResult<Vec<Uuid>>> {
        Box::pin(async move {
            let term_ids: Vec<Uuid> = taxonomy.terms.iter().map(|t| t.id).collect();
            let before = Sql::<D>::category_words(conn, &term_ids).await?;
            sqlx::query(
                "insert into taxonomies (id, name, description, uri, version) values ($1, $2, $3, $4, $5)
             on conflict (id) do update set name = excluded.name, description = excluded.description,
             uri = excluded.uri, version = excluded.version",
            )
            .bind(taxonomy.id)
            .bind(taxonomy.name.clone())
            .bind(taxonomy.description.clone())
            .bind(taxonomy.uri.clone())
            .bind(taxonomy.version.clone())
            .execute(&mut *conn)
            .await?;
            let ordered = parents_first(&taxonomy.terms);
            Sql::<D>::insert_rows(
            conn,
            "insert into taxonomy_terms (id, taxonomy_id, code, name, description, parent_id, term_uri, position)",
            "on conflict (id) do update set taxonomy_id = excluded.taxonomy_id, code = excluded.code,
             name = excluded.name, description = excluded.description, parent_id = excluded.parent_id,
             term_uri = excluded.term_uri, position = excluded.position",
            ordered.iter().map(|(i, t)| {
                vec![
                    Arg::from(t.id),
                    Arg::from(taxonomy.id),
                    Arg::from(t.code.clone()),
                    Arg::from(t.name.clone()),
                    Arg::from(t.description.clone()),
                    Arg::from(t.parent_id),
                    Arg::from(t.term_uri.clone()),
                    Arg::from(i32::try_from(*i).unwrap_or(i32::MAX)),
                ]
            }).collect(),
        )
        .await?;
            let after = Sql::<D>::category_words(conn, &term_ids).await?;
            Ok(before
                .into_iter()
                .filter(|(id, words)| after.get(id) != Some(words))
                .map(|(id, _)| id)
                .collect())
        })
    }

    fn write_organizations<'a>(
        conn: &'a mut D::Connection,
        orgs: &'a [Organization],
        now: DateTime<Utc>,
    ) -> BoxFuture<'a, StoreResult<()>> {
        Box::pin(async move {
            Sql::<D>::insert_rows(
            conn,
            "insert into organizations (id, name, description, email, website, charity_number, last_modified)",
            "on conflict (id) do update set name = excluded.name, description = excluded.description,
             email = excluded.email, website = excluded.website, charity_number = excluded.charity_number,
             last_modified = excluded.last_modified",
            orgs.iter().map(|o| {
                vec![
                    Arg::from(o.id),
                    Arg::from(o.name.clone()),
                    Arg::from(o.description.clone()),
                    Arg::from(o.email.clone()),
                    Arg::from(o.website.clone()),
                    Arg::from(o.charity_number.clone()),
                    Arg::from(now),
                ]
            }).collect(),
        )
        .await
        })
    }

    fn write_locations<'a>(
        conn: &'a mut D::Connection,
        locations: &'a [Location],
        now: DateTime<Utc>,
    ) -> BoxFuture<'a, StoreResult<()>> {
        Box::pin(async move {
            Sql::<D>::insert_rows(
            conn,
            "insert into locations (id, location_type, name, description, confidential, latitude, longitude, last_modified)",
            "on conflict (id) do update set location_type = excluded.location_type, name = excluded.name,
             description = excluded.description, confidential = excluded.confidential,
             latitude = excluded.latitude, longitude = excluded.longitude, last_modified = excluded.last_modified",
            locations.iter().map(|l| {
                // A confidential place never keeps where it is, whatever was sent.
                let (lat, long) = if l.confidential { (None, None) } else { (l.latitude, l.longitude) };
                vec![
                    Arg::from(l.id),
                    Arg::from(l.location_type.as_str().to_owned()),
                    Arg::from(l.name.clone()),
                    Arg::from(l.description.clone()),
                    Arg::from(l.confidential),
                    Arg::from(lat),
                    Arg::from(long),
                    Arg::from(now),
                ]
            }).collect(),
        )
        .await?;
            let ids: Vec<Uuid> = locations.iter().map(|l| l.id).collect();
            Sql::<D>::delete_in(conn, "addresses", "location_id", &ids).await?;
            Sql::<D>::delete_in(conn, "accessibility", "location_id", &ids).await?;
            let addresses: Vec<_> = locations
                .iter()
                .filter(|l| !l.confidential)
                .flat_map(|l| l.addresses.iter().enumerate().map(move |(i, a)| (l.id, i, a)))
                .collect();
            Sql::<D>::insert_rows(
            conn,
            "insert into addresses (id, location_id, position, address_1, address_2, city, state_province, postal_code, country)",
            "",
            addresses.iter().map(|(location, i, a)| {
                vec![
                    Arg::from(a.id),
                    Arg::from(*location),
                    Arg::from(position(*i)),
                    Arg::from(a.address_1.clone()),
                    Arg::from(a.address_2.clone()),
                    Arg::from(a.city.clone()),
                    Arg::from(a.state_province.clone()),
                    Arg::from(a.postal_code.clone()),
                    Arg::from(a.country.clone()),
                ]
            }).collect(),
        )
        .await?;
            let access: Vec<_> = locations
                .iter()
                .flat_map(|l| l.accessibility.iter().enumerate().map(move |(i, a)| (l.id, i, a)))
                .collect();
            Sql::<D>::insert_rows(
                conn,
                "insert into accessibility (id, location_id, position, description, details, url)",
                "",
                access
                    .iter()
                    .map(|(location, i, a)| {
                        vec![
                            Arg::from(a.id),
                            Arg::from(*location),
                            Arg::from(position(*i)),
                            Arg::from(a.description.clone()),
                            Arg::from(a.details.clone()),
                            Arg::from(a.url.clone()),
                        ]
                    })
                    .collect(),
            )
            .await
        })
    }

    fn write_services<'a>(
        conn: &'a mut D::Connection,
        services: &'a [Service],
        by: ChangedBy,
        now: DateTime<Utc>,
    ) -> BoxFuture<'a, StoreResult<Written>> {
        Box::pin(async move {
            let mut written = Written::default();
            if services.is_empty() {
                return Ok(written);
            }
            let ids: Vec<Uuid> = services.iter().map(|s| s.id).collect();
            let before: HashMap<Uuid, Service> = Sql::<D>::services(conn, &ids)
                .await?
                .into_iter()
                .map(|s| (s.id, s))
                .collect();
            let changed: Vec<&Service> = services
                .iter()
                .filter(|s| before.get(&s.id).is_none_or(|old| !history::same(old, s)))
                .collect();
            written.unchanged = (services.len() - changed.len()) as u64;
            written.created = changed.iter().filter(|s| !before.contains_key(&s.id)).count() as u64;
            written.updated = changed.len() as u64 - written.created;
            if changed.is_empty() {
                return Ok(written);
            }

            Sql::<D>::check_references(conn, &changed).await?;
            let location_ids: Vec<Uuid> = changed
                .iter()
                .chain(before.values().collect::<Vec<_>>().iter())
                .flat_map(|s| s.service_at_locations.iter().map(|p| p.location_id))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let term_ids: Vec<Uuid> = changed
                .iter()
                .chain(before.values().collect::<Vec<_>>().iter())
                .flat_map(|s| s.taxonomy_term_ids.iter().copied())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let org_ids: Vec<Uuid> = changed
                .iter()
                .chain(before.values().collect::<Vec<_>>().iter())
                .map(|s| s.organization_id)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let names = Sql::<D>::names(conn, &location_ids, &term_ids, &org_ids).await?;

            // Each service's search terms, worked out here (`indexing.rs`). PostgreSQL writes
            // them with the row rather than rewriting every row after its categories are in: an
            // import wrote each service twice, the second time a quarter of its time.
            let words = Sql::<D>::category_words(conn, &term_ids).await?;
            let search_terms: HashMap<Uuid, String> = changed
                .iter()
                .map(|s| {
                    let categories: Vec<&str> = s
                        .taxonomy_term_ids
                        .iter()
                        .filter_map(|t| words.get(t).map(String::as_str))
                        .collect();
                    let document = Document::new(s.name.trim(), &categories.join(" "), &s.description);
                    (s.id, document.stored())
                })
                .collect();
            let (head, tail) = service_insert::<D>();
            Sql::<D>::insert_rows(
                conn,
                &head,
                &tail,
                changed
                    .iter()
                    .map(|s| {
                        let mut row = vec![
                            Arg::from(s.id),
                            Arg::from(s.organization_id),
                            Arg::from(s.name.trim().to_owned()),
                            Arg::from(s.description.clone()),
                            Arg::from(s.url.clone()),
                            Arg::from(s.email.clone()),
                            Arg::from(s.status.as_str().to_owned()),
                            Arg::from(s.alert.clone()),
                            Arg::from(s.minimum_age.map(i32::from)),
                            Arg::from(s.maximum_age.map(i32::from)),
                            Arg::from(s.assured_date),
                            Arg::from(s.assurer_email.clone()),
                            Arg::from(now),
                            Arg::from(now),
                        ];
                        if D::SEARCH_VECTOR.is_some() {
                            row.push(Arg::from(search_terms.get(&s.id).cloned().unwrap_or_default()));
                        }
                        row
                    })
                    .collect(),
            )
            .await?;

            let changed_ids: Vec<Uuid> = changed.iter().map(|s| s.id).collect();
            for (table, column) in [
                ("service_taxonomy_terms", "service_id"),
                ("schedules", "service_id"),
                ("service_at_locations", "service_id"),
                ("service_areas", "service_id"),
                ("languages", "service_id"),
                ("cost_options", "service_id"),
                ("phones", "service_id"),
                ("contacts", "service_id"),
            ] {
                Sql::<D>::delete_in(conn, table, column, &changed_ids).await?;
            }
            Sql::<D>::write_parts(conn, &changed).await?;
            if D::SEARCH_VECTOR.is_none() {
                Sql::<D>::write_search(conn, search_terms.into_iter().collect()).await?;
            }

            let rows: Vec<(Uuid, FieldChange)> = changed
                .iter()
                .flat_map(|s| {
                    history::changes(before.get(&s.id), s, &names)
                        .into_iter()
                        .map(move |c| (s.id, c))
                })
                .collect();
            Sql::<D>::insert_rows(
                conn,
                "insert into service_changes (service_id, changed_at, changed_by, source, field, before, after)",
                "",
                rows.iter()
                    .map(|(service, (field, before, after))| {
                        vec![
                            Arg::from(*service),
                            Arg::from(now),
                            Arg::from(by.user.map(|u| u.0)),
                            Arg::from(by.source.as_str().to_owned()),
                            Arg::from((*field).to_owned()),
                            Arg::from(before.clone()),
                            Arg::from(after.clone()),
                        ]
                    })
                    .collect(),
            )
            .await?;
            Ok(written)
        })
    }

    /// Refuses services that name an organisation, place or category the directory does not hold.
    fn check_references<'a>(
        conn: &'a mut D::Connection,
        services: &'a [&'a Service],
    ) -> BoxFuture<'a, StoreResult<()>> {
        Box::pin(async move {
            let wanted: [(&str, &'static str, &'static str, BTreeSet<Uuid>); 3] = [
                (
                    "organizations",
                    "organization_id",
                    "Choose an organisation that is in the directory",
                    services.iter().map(|s| s.organization_id).collect(),
                ),
                (
                    "locations",
                    "service_at_locations",
                    "Choose places that are in the directory",
                    services
                        .iter()
                        .flat_map(|s| s.service_at_locations.iter().map(|p| p.location_id))
                        .collect(),
                ),
                (
                    "taxonomy_terms",
                    "taxonomy_term_ids",
                    "Choose categories that are in the directory",
                    services
                        .iter()
                        .flat_map(|s| s.taxonomy_term_ids.iter().copied())
                        .collect(),
                ),
            ];
            for (table, field, message, ids) in wanted {
                if Sql::<D>::existing(conn, table, &ids).await?.len() != ids.len() {
                    return Err(StoreError::MissingReference { field, message });
                }
            }
            Ok(())
        })
    }

    /// Inserts the parts of `services` (their old parts already deleted).
    fn write_parts<'a>(
        conn: &'a mut D::Connection,
        services: &'a [&'a Service],
    ) -> BoxFuture<'a, StoreResult<()>> {
        Box::pin(async move {
            let terms: Vec<(Uuid, Uuid)> = services
                .iter()
                .flat_map(|s| {
                    s.taxonomy_term_ids
                        .iter()
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .map(move |t| (s.id, *t))
                })
                .collect();
            Sql::<D>::insert_rows(
                conn,
                "insert into service_taxonomy_terms (service_id, taxonomy_term_id)",
                "",
                terms
                    .iter()
                    .map(|(s, t)| vec![Arg::from(*s), Arg::from(*t)])
                    .collect(),
            )
            .await?;

            let places: Vec<_> = services
                .iter()
                .flat_map(|s| {
                    s.service_at_locations
                        .iter()
                        .enumerate()
                        .map(move |(i, p)| (s.id, i, p))
                })
                .collect();
            Sql::<D>::insert_rows(
                conn,
                "insert into service_at_locations (id, service_id, location_id, position)",
                "",
                places
                    .iter()
                    .map(|(s, i, p)| {
                        vec![
                            Arg::from(p.id),
                            Arg::from(*s),
                            Arg::from(p.location_id),
                            Arg::from(position(*i)),
                        ]
                    })
                    .collect(),
            )
            .await?;

            // (service_id, service_at_location_id, position, schedule)
            let schedules: Vec<(Option<Uuid>, Option<Uuid>, usize, &Schedule)> = services
                .iter()
                .flat_map(|s| {
                    s.schedules
                        .iter()
                        .enumerate()
                        .map(move |(i, x)| (Some(s.id), None, i, x))
                })
                .chain(places.iter().flat_map(|(_, _, p)| {
                    p.schedules
                        .iter()
                        .enumerate()
                        .map(move |(i, x)| (None, Some(p.id), i, x))
                }))
                .collect();
            Sql::<D>::insert_rows(
                conn,
                "insert into schedules (id, service_id, service_at_location_id, position, freq, repeat_interval, \
             dtstart, byday, bymonthday, opens_at, closes_at, valid_from, valid_to, description)",
                "",
                schedules
                    .iter()
                    .map(|(service, place, i, x)| {
                        vec![
                            Arg::from(x.id),
                            Arg::from(*service),
                            Arg::from(*place),
                            Arg::from(position(*i)),
                            Arg::from(match x.freq {
                                shared::directory::Frequency::Weekly => "WEEKLY".to_owned(),
                                shared::directory::Frequency::Monthly => "MONTHLY".to_owned(),
                            }),
                            Arg::from(i32::try_from(x.interval).unwrap_or(1)),
                            Arg::from(x.dtstart),
                            Arg::from(byday_text(&x.byday)),
                            Arg::from(bymonthday_text(&x.bymonthday)),
                            Arg::from(time_text(x.opens_at)),
                            Arg::from(time_text(x.closes_at)),
                            Arg::from(x.valid_from),
                            Arg::from(x.valid_to),
                            Arg::from(x.description.clone()),
                        ]
                    })
                    .collect(),
            )
            .await?;

            let areas: Vec<_> = services
                .iter()
                .flat_map(|s| s.service_areas.iter().enumerate().map(move |(i, a)| (s.id, i, a)))
                .collect();
            Sql::<D>::insert_rows(
                conn,
                "insert into service_areas (id, service_id, position, name, uri)",
                "",
                areas
                    .iter()
                    .map(|(s, i, a)| {
                        vec![
                            Arg::from(a.id),
                            Arg::from(*s),
                            Arg::from(position(*i)),
                            Arg::from(a.name.trim().to_owned()),
                            Arg::from(a.uri.clone()),
                        ]
                    })
                    .collect(),
            )
            .await?;

            let languages: Vec<_> = services
                .iter()
                .flat_map(|s| s.languages.iter().enumerate().map(move |(i, l)| (s.id, i, l)))
                .collect();
            Sql::<D>::insert_rows(
                conn,
                "insert into languages (id, service_id, position, name, code)",
                "",
                languages
                    .iter()
                    .map(|(s, i, l)| {
                        vec![
                            Arg::from(l.id),
                            Arg::from(*s),
                            Arg::from(position(*i)),
                            Arg::from(l.name.trim().to_owned()),
                            Arg::from(l.code.clone()),
                        ]
                    })
                    .collect(),
            )
            .await?;

            let costs: Vec<_> = services
                .iter()
                .flat_map(|s| s.cost_options.iter().enumerate().map(move |(i, c)| (s.id, i, c)))
                .collect();
            Sql::<D>::insert_rows(
                conn,
                "insert into cost_options (id, service_id, position, option, amount, amount_description)",
                "",
                costs
                    .iter()
                    .map(|(s, i, c)| {
                        vec![
                            Arg::from(c.id),
                            Arg::from(*s),
                            Arg::from(position(*i)),
                            Arg::from(c.option.clone()),
                            Arg::from(c.amount),
                            Arg::from(c.amount_description.clone()),
                        ]
                    })
                    .collect(),
            )
            .await?;

            let contacts: Vec<_> = services
                .iter()
                .flat_map(|s| s.contacts.iter().enumerate().map(move |(i, c)| (s.id, i, c)))
                .collect();
            Sql::<D>::insert_rows(
                conn,
                "insert into contacts (id, service_id, position, name, title)",
                "",
                contacts
                    .iter()
                    .map(|(s, i, c)| {
                        vec![
                            Arg::from(c.id),
                            Arg::from(*s),
                            Arg::from(position(*i)),
                            Arg::from(c.name.clone()),
                            Arg::from(c.title.clone()),
                        ]
                    })
                    .collect(),
            )
            .await?;

            // (service_id, contact_id, position, phone)
            let phones: Vec<_> = services
                .iter()
                .flat_map(|s| {
                    s.phones
                        .iter()
                        .enumerate()
                        .map(move |(i, p)| (Some(s.id), None, i, p))
                })
                .chain(contacts.iter().flat_map(|(_, _, c)| {
                    c.phones
                        .iter()
                        .enumerate()
                        .map(move |(i, p)| (None, Some(c.id), i, p))
                }))
                .collect();
            Sql::<D>::insert_rows(
                conn,
                "insert into phones (id, service_id, contact_id, position, number, description)",
                "",
                phones
                    .iter()
                    .map(|(s, c, i, p)| {
                        vec![
                            Arg::from(p.id),
                            Arg::from(*s),
                            Arg::from(*c),
                            Arg::from(position(*i)),
                            Arg::from(p.number.trim().to_owned()),
                            Arg::from(p.description.clone()),
                        ]
                    })
                    .collect(),
            )
            .await
        })
    }
}
