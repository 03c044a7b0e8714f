//! Finding services: the feed's list and search, the app's search and the review queue, all one
//! query built from `ServiceQuery`. Every filter is SQL except "open on a day", which reads the
//! opening-time rules in Rust (`Schedule::is_open`), exactly as a device offline does.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use chrono::{NaiveDate, NaiveTime, Weekday};
use shared::api::directory::{Page, ServiceQuery};
use shared::directory::Schedule;
use shared::directory::places::Point;
use shared::directory::search::{self, filters};
use sqlx::{ColumnIndex, Executor, IntoArguments};
use uuid::Uuid;

use super::Sql;
use super::found::Found;
use super::indexing;
use super::rows::ScheduleRow;
use super::statement::Statement;
use crate::store::dialect::{Column, Dialect};
use crate::store::{BoxFuture, StoreResult};

/// Listed services, written exactly as the partial index `services_listed` (migration 0009) is,
/// so that both databases walk that index for a page.
pub(super) const LISTED: &str = "s.status in ('active', 'temporarily closed')";

/// What a query finds, to remember it by: the query but its page, and today for "open on a
/// day" (next Tuesday moves on at midnight).
fn finding_key(query: &ServiceQuery, today: NaiveDate) -> String {
    let whole = ServiceQuery {
        page: 1,
        per_page: 1,
        ..query.clone()
    };
    match query.open_on {
        Some(_) => format!("{whole:?} {today}"),
        None => format!("{whole:?}"),
    }
}

fn push_filters<D: Dialect>(q: &mut Statement, query: &ServiceQuery, words: Option<&str>, terms: &[Uuid]) {
    q.push(" where 1 = 1");
    if let Some((before, after)) = words.and_then(|_| D::SEARCH_MATCH.split_once("{}")) {
        q.push(" and ")
            .push(before)
            .bind(words.unwrap_or_default())
            .push(after);
    }
    if !query.include_inactive {
        q.push(" and ").push(LISTED);
    }
    if !terms.is_empty() {
        // The category and all its kinds (worked out before), as each database plans best.
        q.push(D::CATEGORY_FILTER.0)
            .list(terms)
            .push(D::CATEGORY_FILTER.1);
    }
    if let Some(taxonomy) = query.taxonomy_id {
        q.push(
            " and exists (select 1 from service_taxonomy_terms st join taxonomy_terms t \
             on t.id = st.taxonomy_term_id where st.service_id = s.id and t.taxonomy_id = ",
        )
        .bind(taxonomy)
        .push(")");
    }
    if let Some(org) = query.organization_id {
        q.push(" and s.organization_id = ").bind(org);
    }
    if let Some(after) = query.modified_after {
        q.push(" and s.last_modified > ").bind(after);
    }
    if let Some(age) = query.minimum_age {
        q.push(" and (s.maximum_age is null or s.maximum_age >= ")
            .bind(i32::from(age))
            .push(")");
    }
    if let Some(age) = query.maximum_age {
        q.push(" and (s.minimum_age is null or s.minimum_age <= ")
            .bind(i32::from(age))
            .push(")");
    }
    if let Some(area) = query.area.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        let (lower, end) = D::ASCII_LOWER;
        q.push(&format!(
            " and exists (select 1 from service_areas a where a.service_id = s.id and {lower}a.name{end} = {lower}"
        ))
        .bind(area.to_owned())
        .push(&format!("{end})"));
    }
    if query.free {
        q.push(
            " and exists (select 1 from cost_options c where c.service_id = s.id) \
             and not exists (select 1 from cost_options c where c.service_id = s.id \
             and (c.amount is null or c.amount <> 0))",
        );
    }
    if let Some(language) = query.language.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        let (lower, end) = D::ASCII_LOWER;
        q.push(&format!(
            " and exists (select 1 from languages l where l.service_id = s.id and ({lower}l.name{end} = {lower}"
        ))
        .bind(language.to_owned())
        .push(&format!("{end} or {lower}l.code{end} = {lower}"))
        .bind(language.to_owned())
        .push(&format!("{end}))"));
    }
    if let Some(feature) = query
        .accessibility
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        let (lower, end) = D::ASCII_LOWER;
        q.push(&format!(
            " and exists (select 1 from service_at_locations p join accessibility x \
             on x.location_id = p.location_id where p.service_id = s.id and {lower}x.description{end} = {lower}"
        ))
        .bind(feature.to_owned())
        .push(&format!("{end})"));
    }
    if let Some(before) = query.checked_before {
        q.push(" and (s.assured_date is null or s.assured_date < ")
            .bind(before)
            .push(")");
    }
}

/// `select <columns> from` the services, through the search index when there are words.
fn select<D: Dialect>(columns: &str, words: Option<&str>) -> Statement {
    let mut q = Statement::new(format!("select {columns} from "));
    match words {
        None => {
            q.push("services s");
        }
        Some(words) => match D::SEARCH_FROM.split_once("{}") {
            Some((before, after)) => {
                q.push(before).bind(words).push(after);
            }
            None => {
                q.push(D::SEARCH_FROM);
            }
        },
    }
    q
}

fn push_order(q: &mut Statement, query: &ServiceQuery) {
    q.push(" order by ");
    if query.checked_before.is_some() {
        // The review queue: never checked first, then the longest unchecked.
        q.push("s.assured_date is not null, s.assured_date, ");
    }
    q.push("s.name, s.id");
}

/// The words of `query` as its search and as the database's full-text query: `Err(())` when it
/// has words but none to search by (only punctuation or common words), which finds nothing.
#[allow(clippy::type_complexity)]
fn words<D: Dialect>(query: &ServiceQuery) -> Result<Option<(search::Query, String)>, ()> {
    match query.words() {
        None => Ok(None),
        Some(text) => {
            let parsed = search::Query::parse(text).ok_or(())?;
            let text = D::search_query(&parsed);
            Ok(Some((parsed, text)))
        }
    }
}

/// A service at a place (its id, the service's, the place's), with whether the place is
/// confidential and where it is.
type PlaceAt = (Uuid, Uuid, Uuid, bool, Option<f64>, Option<f64>);

/// `ids` nearest first, as a device puts them (`DirectoryCopy::nearest_first`): a service with
/// no place of known position last, ties in the order found. With `within_metres`, only those
/// that near.
fn nearest_first(ids: Vec<Uuid>, km: &HashMap<Uuid, f64>, within_metres: Option<u32>) -> Vec<Uuid> {
    let mut order: Vec<(Uuid, Option<f64>)> = ids.into_iter().map(|id| (id, km.get(&id).copied())).collect();
    if let Some(metres) = within_metres {
        let most = f64::from(metres) / 1000.0;
        order.retain(|(_, d)| d.is_some_and(|d| d <= most));
    }
    order.sort_by(|a, b| match (a.1, b.1) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    order.into_iter().map(|(id, _)| id).collect()
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
    f64: Column<D>,
    Option<f64>: Column<D>,
    bool: Column<D>,
    NaiveDate: Column<D>,
    Option<NaiveDate>: Column<D>,
    DateTime<Utc>: Column<D>,
    Option<DateTime<Utc>>: Column<D>,
{
    /// The ids of the services `query` finds, one page of them, and how many there are in all.
    /// Everything it finds is found at once, in order, and remembered (`found.rs`): its other
    /// pages and its repeats are read from memory until the directory changes.
    pub(super) fn find<'a>(
        conn: &'a mut D::Connection,
        query: &'a ServiceQuery,
        today: NaiveDate,
        found: &'a Found,
    ) -> BoxFuture<'a, StoreResult<Page<Uuid>>> {
        Box::pin(async move {
            let (page, per_page) = query.paging();
            let key = finding_key(query, today);
            let ids = found
                .get_or_find(&key, Sql::<D>::find_all(conn, query, today))
                .await?;
            let total = ids.len() as u64;
            let start = (u64::from(page - 1) * u64::from(per_page)).min(total) as usize;
            let contents = ids.iter().skip(start).take(per_page as usize).copied().collect();
            Ok(Page::new(contents, total, page, per_page))
        })
    }

    /// Every service `query` finds, in order: best match first for words, the longest
    /// unchecked first for the review queue, otherwise by name.
    fn find_all<'a>(
        conn: &'a mut D::Connection,
        query: &'a ServiceQuery,
        today: NaiveDate,
    ) -> BoxFuture<'a, StoreResult<Vec<Uuid>>> {
        Box::pin(async move {
            let Ok(search) = words::<D>(query) else {
                return Ok(Vec::new());
            };
            let text = search.as_ref().map(|s| s.1.as_str());
            let terms = Sql::<D>::category_terms(conn, query.taxonomy_term_id).await?;
            let ids = match &search {
                None => {
                    let mut q = select::<D>("s.id", text);
                    push_filters::<D>(&mut q, query, text, &terms);
                    push_order(&mut q, query);
                    let rows: Vec<(Uuid,)> = q.query_as::<D, _>().fetch_all(&mut *conn).await?;
                    rows.into_iter().map(|r| r.0).collect()
                }
                Some((parsed, _)) => {
                    // Matched by the database, ranked by the rules the device ranks by, from
                    // the terms stored with each service.
                    let mut q = select::<D>(&format!("s.id, s.name, {}", D::SEARCH_TERMS), text);
                    push_filters::<D>(&mut q, query, text, &terms);
                    let rows: Vec<(Uuid, String, String)> =
                        q.query_as::<D, _>().fetch_all(&mut *conn).await?;
                    indexing::rank(rows, parsed)
                }
            };
            let ids = match query.open_on {
                // Opening times are read here, against each candidate's timetable.
                Some(day) => Sql::<D>::open_on(conn, &ids, day, query.open_at, today).await?,
                None => ids,
            };
            let near = query.near.as_deref().map(str::trim).filter(|n| !n.is_empty());
            let Some(from) = (match near {
                Some(near) => Sql::<D>::near_point(conn, near).await?,
                None => None,
            }) else {
                return Ok(ids);
            };
            let km = Sql::<D>::distances(conn, &ids, from).await?;
            Ok(nearest_first(ids, &km, query.proximity))
        })
    }

    /// How far each of `ids` that has a place with a position is from `from`: to its nearest
    /// place (as `places::distance_km` measures on a device; a confidential place has none).
    fn distances<'a>(
        conn: &'a mut D::Connection,
        ids: &'a [Uuid],
        from: Point,
    ) -> BoxFuture<'a, StoreResult<HashMap<Uuid, f64>>> {
        Box::pin(async move {
            let mut km: HashMap<Uuid, f64> = HashMap::new();
            for chunk in ids.chunks(D::IDS_PER_STATEMENT) {
                let mut q = Statement::new(
                    "select p.service_id, l.latitude, l.longitude from service_at_locations p \
                     join locations l on l.id = p.location_id where not l.confidential \
                     and l.latitude is not null and l.longitude is not null and p.service_id in ",
                );
                q.list(chunk);
                let rows: Vec<(Uuid, Option<f64>, Option<f64>)> =
                    q.query_as::<D, _>().fetch_all(&mut *conn).await?;
                for (id, latitude, longitude) in rows {
                    let (Some(latitude), Some(longitude)) = (latitude, longitude) else {
                        continue;
                    };
                    let d = from.km_to(Point { latitude, longitude });
                    km.entry(id).and_modify(|k| *k = k.min(d)).or_insert(d);
                }
            }
            Ok(km)
        })
    }

    /// The places of the services `query` finds (its `open_on` aside), a page of them.
    pub(super) fn find_places<'a>(
        conn: &'a mut D::Connection,
        query: &'a ServiceQuery,
    ) -> BoxFuture<'a, StoreResult<Page<(Uuid, Uuid, Uuid)>>> {
        Box::pin(async move {
            let (page, per_page) = query.paging();
            let Ok(search) = words::<D>(query) else {
                return Ok(Page::new(Vec::new(), 0, page, per_page));
            };
            let text = search.as_ref().map(|s| s.1.as_str());
            let terms = Sql::<D>::category_terms(conn, query.taxonomy_term_id).await?;
            let services = |q: &mut Statement| {
                let mut inner = select::<D>("s.id", text);
                push_filters::<D>(&mut inner, query, text, &terms);
                q.nest(inner);
            };
            let near = query.near.as_deref().map(str::trim).filter(|n| !n.is_empty());
            if let Some(from) = match near {
                Some(near) => Sql::<D>::near_point(conn, near).await?,
                None => None,
            } {
                let mut q = Statement::new(
                    "select p.id, p.service_id, p.location_id, l.confidential, l.latitude, l.longitude \
                     from service_at_locations p join locations l on l.id = p.location_id \
                     where p.service_id in (",
                );
                services(&mut q);
                q.push(") order by p.id");
                let rows: Vec<PlaceAt> = q.query_as::<D, _>().fetch_all(&mut *conn).await?;
                let km: HashMap<Uuid, f64> = rows
                    .iter()
                    .filter_map(|r| match (r.3, r.4, r.5) {
                        (false, Some(latitude), Some(longitude)) => {
                            Some((r.0, from.km_to(Point { latitude, longitude })))
                        }
                        _ => None,
                    })
                    .collect();
                let places: HashMap<Uuid, (Uuid, Uuid)> = rows.iter().map(|r| (r.0, (r.1, r.2))).collect();
                let order = nearest_first(rows.iter().map(|r| r.0).collect(), &km, query.proximity);
                let total = order.len() as u64;
                let contents = order
                    .into_iter()
                    .skip((page as usize - 1) * per_page as usize)
                    .take(per_page as usize)
                    .filter_map(|id| places.get(&id).map(|(s, l)| (id, *s, *l)))
                    .collect();
                return Ok(Page::new(contents, total, page, per_page));
            }
            let mut q = Statement::new(
                "select p.id, p.service_id, p.location_id, count(*) over () as total \
                 from service_at_locations p where p.service_id in (",
            );
            services(&mut q);
            q.push(") order by p.id limit ")
                .bind(i64::from(per_page))
                .push(" offset ")
                .bind(i64::from(page - 1) * i64::from(per_page));
            let rows: Vec<(Uuid, Uuid, Uuid, i64)> = q.query_as::<D, _>().fetch_all(&mut *conn).await?;
            let total = match rows.first() {
                Some(row) => row.3,
                None => {
                    let mut q =
                        Statement::new("select count(*) from service_at_locations p where p.service_id in (");
                    services(&mut q);
                    q.push(")");
                    let (n,): (i64,) = q.query_as::<D, _>().fetch_one(&mut *conn).await?;
                    n
                }
            };
            Ok(Page::new(
                rows.into_iter().map(|r| (r.0, r.1, r.2)).collect(),
                u64::try_from(total).unwrap_or(0),
                page,
                per_page,
            ))
        })
    }

    /// A category and every kind under it, at any depth (none asked for: none).
    fn category_terms<'a>(
        conn: &'a mut D::Connection,
        term: Option<Uuid>,
    ) -> BoxFuture<'a, StoreResult<Vec<Uuid>>> {
        Box::pin(async move {
            let Some(term) = term else { return Ok(Vec::new()) };
            let rows: Vec<(Uuid,)> = sqlx::query_as(
                "with recursive sub(id) as (select id from taxonomy_terms where id = $1 \
                 union select t.id from taxonomy_terms t join sub on t.parent_id = sub.id) select id from sub",
            )
            .bind(term)
            .fetch_all(&mut *conn)
            .await?;
            // An unknown category finds nothing (not everything).
            Ok(if rows.is_empty() {
                vec![term]
            } else {
                rows.into_iter().map(|r| r.0).collect()
            })
        })
    }

    /// Those of `ids` (in order) open on the next `filters::WEEKS_AHEAD` such weekdays from `today`, at
    /// `at` when given: their own timetable, or any of their places'.
    fn open_on<'a>(
        conn: &'a mut D::Connection,
        ids: &'a [Uuid],
        day: Weekday,
        at: Option<NaiveTime>,
        today: NaiveDate,
    ) -> BoxFuture<'a, StoreResult<Vec<Uuid>>> {
        Box::pin(async move {
            let rows: Vec<ScheduleRow> = Sql::<D>::select_in(
            conn,
            "select x.id, coalesce(x.service_id, p.service_id) as owner, x.freq, x.repeat_interval, x.dtstart, \
             x.byday, x.bymonthday, x.opens_at, x.closes_at, x.valid_from, x.valid_to, x.description \
             from schedules x left join service_at_locations p on p.id = x.service_at_location_id \
             where coalesce(x.service_id, p.service_id) in",
            ids,
            "",
        )
        .await?;
            // The same dates and the same reading of opening times as a device offline.
            let dates = filters::dates_ahead(day, today);
            let mut schedules: HashMap<Uuid, Vec<Schedule>> = HashMap::new();
            for row in rows {
                let (owner, schedule) = row.into_schedule()?;
                schedules.entry(owner).or_default().push(schedule);
            }
            let open: HashSet<Uuid> = schedules
                .into_iter()
                .filter(|(_, own)| filters::open_on(own, &dates, at))
                .map(|(owner, _)| owner)
                .collect();
            Ok(ids.iter().copied().filter(|id| open.contains(id)).collect())
        })
    }
}
