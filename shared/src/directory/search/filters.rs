//! A search's filters as the device applies them to its copy of the directory. The server
//! applies the same in SQL (`server/src/store/directory/search.rs`), except opening times, which
//! both read here; the shared table (`cases`) checks that the two agree.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use uuid::Uuid;

use crate::api::directory::ServiceQuery;
use crate::directory::{Location, Schedule, Service, Taxonomy};

/// How many weeks ahead "open on a Tuesday" looks: a monthly "first Tuesday" counts.
pub const WEEKS_AHEAD: u64 = 5;

/// What the filters read besides the service itself.
pub struct Context<'a> {
    pub taxonomies: &'a [Taxonomy],
    pub locations: &'a HashMap<Uuid, Location>,
    pub today: NaiveDate,
}

/// A category and every kind under it, at any depth (an unknown category: itself alone, which
/// finds nothing).
pub fn category_and_kinds(taxonomies: &[Taxonomy], term: Uuid) -> Vec<Uuid> {
    let terms: Vec<_> = taxonomies.iter().flat_map(|t| &t.terms).collect();
    let mut found = vec![term];
    let mut i = 0;
    while let Some(&parent) = found.get(i) {
        found.extend(terms.iter().filter(|t| t.parent_id == Some(parent)).map(|t| t.id));
        i += 1;
    }
    found
}

/// The next `WEEKS_AHEAD` dates that are `day`, today included.
pub fn dates_ahead(day: Weekday, today: NaiveDate) -> Vec<NaiveDate> {
    let first = today + Days::new(u64::from(day.days_since(today.weekday())));
    (0..WEEKS_AHEAD).map(|w| first + Days::new(w * 7)).collect()
}

/// Whether any of `schedules` runs on one of `dates` (and is open at `at`, when given).
pub fn open_on<'a>(
    schedules: impl IntoIterator<Item = &'a Schedule>,
    dates: &[NaiveDate],
    at: Option<NaiveTime>,
) -> bool {
    schedules.into_iter().any(|schedule| {
        dates.iter().any(|&d| match at {
            Some(t) => schedule.is_open(d, t),
            None => schedule.runs_on(d),
        })
    })
}

/// Text filters ignore the case of ASCII letters only ("polish" is "Polish", "română" is
/// "Română", but "ROMÂNĂ" is not): exactly what both databases can do alike (SQLite's `lower()`,
/// PostgreSQL's under the C collation), so the device and the server agree on every name.
fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Whether `service` passes every filter of `query` (its words aside: `Query`).
pub fn passes(service: &Service, query: &ServiceQuery, context: &Context) -> bool {
    let listed = query.include_inactive || service.status.is_listed();
    let category = query.taxonomy_term_id.is_none_or(|term| {
        let kinds = category_and_kinds(context.taxonomies, term);
        service.taxonomy_term_ids.iter().any(|t| kinds.contains(t))
    });
    let taxonomy = query.taxonomy_id.is_none_or(|id| {
        context
            .taxonomies
            .iter()
            .filter(|t| t.id == id)
            .flat_map(|t| &t.terms)
            .any(|term| service.taxonomy_term_ids.contains(&term.id))
    });
    let organization = query
        .organization_id
        .is_none_or(|id| service.organization_id == id);
    let modified = query
        .modified_after
        .is_none_or(|after| service.last_modified > after);
    let oldest = query
        .minimum_age
        .is_none_or(|age| service.maximum_age.is_none_or(|max| max >= age));
    let youngest = query
        .maximum_age
        .is_none_or(|age| service.minimum_age.is_none_or(|min| min <= age));
    let area =
        words(&query.area).is_none_or(|area| service.service_areas.iter().any(|a| same(&a.name, area)));
    let free = !query.free || service.is_free();
    let language = words(&query.language).is_none_or(|language| {
        service
            .languages
            .iter()
            .any(|l| same(&l.name, language) || l.code.as_deref().is_some_and(|c| same(c, language)))
    });
    let places = || {
        service
            .service_at_locations
            .iter()
            .filter_map(|p| context.locations.get(&p.location_id))
    };
    let accessibility = words(&query.accessibility).is_none_or(|feature| {
        places().any(|l| l.accessibility.iter().any(|a| same(&a.description, feature)))
    });
    let checked = query
        .checked_before
        .is_none_or(|before| service.assured_date.is_none_or(|d| d < before));
    let open = query.open_on.is_none_or(|day| {
        let dates = dates_ahead(day, context.today);
        let own = service.schedules.iter();
        let at_places = service.service_at_locations.iter().flat_map(|p| &p.schedules);
        open_on(own.chain(at_places), &dates, query.open_at)
    });
    listed
        && category
        && taxonomy
        && organization
        && modified
        && oldest
        && youngest
        && area
        && free
        && language
        && accessibility
        && checked
        && open
}

/// A text filter, unless blank.
fn words(filter: &Option<String>) -> Option<&str> {
    filter.as_deref().map(str::trim).filter(|f| !f.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::taxonomy;

    #[test]
    fn a_category_covers_its_kinds_at_any_depth() {
        let shipped = taxonomy::shipped();
        let code = |c: &str| {
            shipped
                .terms
                .iter()
                .find(|t| t.code.as_deref() == Some(c))
                .unwrap()
                .id
        };
        let kinds = category_and_kinds(std::slice::from_ref(&shipped), code("dementia"));
        assert_eq!(
            kinds,
            [
                code("dementia"),
                code("dementia.memory-cafes"),
                code("dementia.support")
            ]
        );
        let unknown = Uuid::from_u128(7);
        assert_eq!(category_and_kinds(&[shipped], unknown), [unknown]);
    }

    #[test]
    fn open_on_a_day_looks_five_such_days_ahead_from_today() {
        let thursday = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let dates = dates_ahead(Weekday::Thu, thursday);
        assert_eq!(dates.first(), Some(&thursday), "today counts");
        assert_eq!(dates.len() as u64, WEEKS_AHEAD);
        assert_eq!(
            dates_ahead(Weekday::Wed, thursday)[0],
            NaiveDate::from_ymd_opt(2026, 12, 9).unwrap()
        );
    }
}
