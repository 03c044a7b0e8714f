//! The directory as a device keeps it: every listed service, with the organisations, places and
//! taxonomies its pages show, and the word index its searches read. Built from the server's
//! snapshot, brought up to date with what changed since (`apply`), and searched by the same
//! rules and filters the server uses (`search`, `search::filters`).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::places::{self, Point};
use super::postcodes::Postcodes;
use super::search::filters::{self, Context};
use super::search::index::Index;
use super::search::{Document, Query, categories_text};
use super::{Location, Organization, Service, Taxonomy, TaxonomyTerm};
use crate::api::directory::{ServiceDetail, ServiceQuery, Snapshot};

/// A service with the words it is found by.
#[derive(Debug, Clone)]
struct Entry {
    service: Service,
    document: Document,
}

#[derive(Debug, Clone)]
pub struct DirectoryCopy {
    /// Ask the server for what changed since this.
    pub taken_at: DateTime<Utc>,
    /// Listed services in name order (then id), as a search without words lists them.
    entries: Vec<Entry>,
    /// Where each service is in `entries`.
    positions: HashMap<Uuid, usize>,
    index: Index,
    pub organizations: HashMap<Uuid, Organization>,
    pub locations: HashMap<Uuid, Location>,
    pub taxonomies: Vec<Taxonomy>,
    /// The server's review age: a service checked longer ago "may be out of date".
    pub review_months: u32,
    /// The council's postcode table, to search near a postcode (kept and updated apart from
    /// the services: it changes when the council imports a new one, `Snapshot::postcodes_at`).
    pub postcodes: Postcodes,
}

fn document(service: &Service, terms: &[TaxonomyTerm]) -> Document {
    let categories = categories_text(terms, &service.taxonomy_term_ids);
    Document::new(&service.name, &categories, &service.description)
}

impl DirectoryCopy {
    pub fn new(snapshot: Snapshot) -> DirectoryCopy {
        let mut copy = DirectoryCopy {
            taken_at: snapshot.taken_at,
            entries: Vec::new(),
            positions: HashMap::new(),
            index: Index::default(),
            organizations: HashMap::new(),
            locations: HashMap::new(),
            taxonomies: Vec::new(),
            review_months: snapshot.review_months,
            postcodes: Postcodes::default(),
        };
        copy.apply(snapshot);
        copy
    }

    /// Takes in what changed since `taken_at`: changed services replace the copy's (those no
    /// longer listed leave it), organisations and places likewise, taxonomies whole.
    pub fn apply(&mut self, changes: Snapshot) {
        let reword = self.taxonomies != changes.taxonomies;
        self.taxonomies = changes.taxonomies;
        let terms: Vec<TaxonomyTerm> = self
            .taxonomies
            .iter()
            .flat_map(|t| t.terms.iter().cloned())
            .collect();
        if reword {
            // A category renamed changes the words of every service in it.
            for entry in &mut self.entries {
                entry.document = document(&entry.service, &terms);
            }
        }
        let changed: HashMap<Uuid, Service> = changes.services.into_iter().map(|s| (s.id, s)).collect();
        self.entries.retain(|e| !changed.contains_key(&e.service.id));
        self.entries.extend(
            changed
                .into_values()
                .filter(|s| s.status.is_listed())
                .map(|service| Entry {
                    document: document(&service, &terms),
                    service,
                }),
        );
        self.entries.sort_by(|a, b| {
            (a.service.name.as_str(), a.service.id).cmp(&(b.service.name.as_str(), b.service.id))
        });
        self.positions = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.service.id, i))
            .collect();
        self.index = Index::new(self.entries.iter().map(|e| &e.document));
        self.organizations
            .extend(changes.organizations.into_iter().map(|o| (o.id, o)));
        self.locations
            .extend(changes.locations.into_iter().map(|l| (l.id, l)));
        self.taken_at = changes.taken_at;
        self.review_months = changes.review_months;
    }

    /// How many services it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn service(&self, id: Uuid) -> Option<&Service> {
        self.positions.get(&id).map(|&i| &self.entries[i].service)
    }

    /// A service with what its page shows, as the server's `GET /api/directory/services/{id}`
    /// gives it.
    pub fn detail(&self, id: Uuid, today: NaiveDate) -> Option<ServiceDetail> {
        let service = self.service(id)?.clone();
        let organization = self.organizations.get(&service.organization_id)?.clone();
        let locations = service
            .service_at_locations
            .iter()
            .filter_map(|p| self.locations.get(&p.location_id).cloned())
            .collect();
        let categories = self
            .taxonomies
            .iter()
            .flat_map(|t| &t.terms)
            .filter(|t| service.taxonomy_term_ids.contains(&t.id))
            .cloned()
            .collect();
        Some(ServiceDetail {
            check_due: service.check_due(today, self.review_months),
            service,
            organization,
            locations,
            categories,
        })
    }

    /// Categories to suggest when a search finds nothing: for a chosen category, the others
    /// under the same parent (or, for a top-level one, the other top-level ones); for words,
    /// the categories any one of them finds by name (its own or its parent's), by these
    /// rules. Each with how many services it holds (every kind of it included), empty ones
    /// left out, at most `most`.
    pub fn categories_near(
        &self,
        words: &str,
        chosen: Option<Uuid>,
        most: usize,
    ) -> Vec<(&TaxonomyTerm, usize)> {
        let terms: Vec<&TaxonomyTerm> = self.taxonomies.iter().flat_map(|t| &t.terms).collect();
        let name = |id: Option<Uuid>| {
            id.and_then(|id| terms.iter().find(|t| t.id == id))
                .map(|t| t.name.as_str())
        };
        let mut near: Vec<&TaxonomyTerm> = match chosen.and_then(|id| terms.iter().find(|t| t.id == id)) {
            Some(chosen) => terms
                .iter()
                .filter(|t| t.parent_id == chosen.parent_id && t.id != chosen.id)
                .copied()
                .collect(),
            None => {
                let queries: Vec<Query> = super::search::words(words)
                    .iter()
                    .filter_map(|w| Query::parse(w))
                    .collect();
                terms
                    .iter()
                    .filter(|t| {
                        let text = super::search::category_words(&t.name, name(t.parent_id));
                        let document = Document::new(&text, "", "");
                        queries.iter().any(|q| document.score(q).is_some())
                    })
                    .copied()
                    .collect()
            }
        };
        near.truncate(most * 4);
        let mut counted: Vec<(&TaxonomyTerm, usize)> = near
            .into_iter()
            .map(|t| (t, self.count_in(t.id)))
            .filter(|(_, n)| *n > 0)
            .collect();
        counted.truncate(most);
        counted
    }

    /// How many services are in category `term` or any kind of it.
    pub fn count_in(&self, term: Uuid) -> usize {
        let kinds = filters::category_and_kinds(&self.taxonomies, term);
        self.entries
            .iter()
            .filter(|e| e.service.taxonomy_term_ids.iter().any(|t| kinds.contains(t)))
            .count()
    }

    /// `found` nearest to `from` first, with how far each is (a service with no place of known
    /// position last, keeping its order).
    pub fn nearest_first<'a>(&self, found: Vec<&'a Service>, from: Point) -> Vec<(&'a Service, Option<f64>)> {
        let distances: Vec<Option<f64>> = found
            .iter()
            .map(|s| places::distance_km(s, from, |id| self.locations.get(&id)))
            .collect();
        // Nearness as a score, so the one sort of scores serves both.
        let mut order: Vec<(usize, f64)> = distances
            .iter()
            .enumerate()
            .map(|(i, d)| (i, d.map_or(f64::NEG_INFINITY, |km| -km)))
            .collect();
        best_first(&mut order);
        order.into_iter().map(|(i, _)| (found[i], distances[i])).collect()
    }

    /// Every service it holds, in name order.
    pub fn services(&self) -> impl Iterator<Item = &Service> {
        self.entries.iter().map(|e| &e.service)
    }

    /// The services `query` finds, in the server's order: best match first for words (ties by
    /// name), otherwise by name. Words with nothing to search by (only common words) find
    /// nothing, as on the server.
    pub fn find(&self, query: &ServiceQuery, today: NaiveDate) -> Vec<&Service> {
        let context = Context {
            taxonomies: &self.taxonomies,
            locations: &self.locations,
            today,
        };
        let passes = |e: &&Entry| filters::passes(&e.service, query, &context);
        match query.words() {
            None => self.entries.iter().filter(passes).map(|e| &e.service).collect(),
            Some(text) => {
                let Some(words) = Query::parse(text) else {
                    return Vec::new();
                };
                let mut found: Vec<(usize, f64)> = self
                    .index
                    .candidates(&words)
                    .into_iter()
                    .map(|i| i as usize)
                    .filter(|&i| passes(&&self.entries[i]))
                    .filter_map(|i| Some((i, self.entries[i].document.score(&words)?)))
                    .collect();
                // Positions are in name order already: a stable sort by score keeps it for ties.
                best_first(&mut found);
                found.into_iter().map(|(i, _)| &self.entries[i].service).collect()
            }
        }
    }
}

/// Highest score first; equal scores keep their order (a stable sort). One sort for every
/// ordering of the copy and the pages beside it (shortlists, newest first): each sort of
/// another type is kilobytes more of code the app downloads, so they order by a score.
pub fn best_first(found: &mut [(usize, f64)]) {
    found.sort_by(|a, b| b.1.total_cmp(&a.1));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::search::cases;
    use crate::directory::{ServiceStatus, taxonomy};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
    }

    fn words(text: &str) -> ServiceQuery {
        ServiceQuery {
            search: Some(text.into()),
            ..ServiceQuery::default()
        }
    }

    fn names(copy: &DirectoryCopy, query: &ServiceQuery) -> Vec<String> {
        copy.find(query, today())
            .into_iter()
            .map(|s| s.name.clone())
            .collect()
    }

    fn changes(copy: &DirectoryCopy) -> Snapshot {
        Snapshot {
            taken_at: copy.taken_at + chrono::Duration::hours(1),
            services: Vec::new(),
            organizations: Vec::new(),
            locations: Vec::new(),
            taxonomies: copy.taxonomies.clone(),
            review_months: copy.review_months,
            postcodes_at: None,
        }
    }

    #[test]
    fn without_words_it_lists_by_name_and_filters() {
        let copy = cases::copy();
        let all = names(&copy, &ServiceQuery::default());
        assert_eq!(all.len(), cases::SERVICES.len());
        assert!(all.windows(2).all(|w| w[0] <= w[1]));
        let dementia = taxonomy::shipped()
            .terms
            .iter()
            .find(|t| t.code.as_deref() == Some("dementia"))
            .unwrap()
            .id;
        let in_dementia = names(
            &copy,
            &ServiceQuery {
                taxonomy_term_id: Some(dementia),
                ..ServiceQuery::default()
            },
        );
        assert!(in_dementia.contains(&"Memory café, Shipley".to_owned()));
        assert!(in_dementia.len() < all.len());
    }

    #[test]
    fn changes_replace_services_and_drop_those_no_longer_listed() {
        let mut copy = cases::copy();
        let before = copy.len();
        let cafe = copy.find(&words("memory cafe"), today())[0].clone();
        let walk = copy.find(&words("health walk"), today())[0].clone();
        let mut update = changes(&copy);
        update.services.push(Service {
            name: "Forget-me-not café".into(),
            ..cafe.clone()
        });
        update.services.push(Service {
            status: ServiceStatus::Defunct,
            ..walk.clone()
        });
        let taken = update.taken_at;
        copy.apply(update);
        assert_eq!(copy.len(), before - 1);
        assert_eq!(copy.taken_at, taken);
        assert!(copy.service(walk.id).is_none());
        assert_eq!(copy.service(cafe.id).unwrap().name, "Forget-me-not café");
        assert_eq!(names(&copy, &words("forget")), ["Forget-me-not café"]);
        assert!(names(&copy, &words("health walk")).is_empty());
    }

    #[test]
    fn a_renamed_category_rewords_its_services() {
        let mut copy = cases::copy();
        assert!(names(&copy, &words("reminiscence")).is_empty());
        let mut update = changes(&copy);
        let term = update.taxonomies[0]
            .terms
            .iter_mut()
            .find(|t| t.code.as_deref() == Some("dementia.memory-cafes"))
            .unwrap();
        term.name = "Reminiscence cafés".into();
        copy.apply(update);
        assert_eq!(names(&copy, &words("reminiscence")), ["Memory café, Shipley"]);
    }

    #[test]
    fn a_search_finding_nothing_suggests_categories_that_hold_something() {
        let copy = cases::copy();
        let shipped = taxonomy::shipped();
        let code = |id: Uuid| {
            shipped
                .terms
                .iter()
                .find(|t| t.id == id)
                .unwrap()
                .code
                .clone()
                .unwrap()
        };
        let by_words: Vec<String> = copy
            .categories_near("dementia transport", None, 6)
            .into_iter()
            .map(|(t, n)| format!("{} {n}", code(t.id)))
            .collect();
        // "dementia" names the category and (as their parent) its kinds; the empty are left out.
        assert!(by_words.contains(&"dementia 2".to_owned()), "{by_words:?}");
        assert!(
            by_words.contains(&"dementia.memory-cafes 1".to_owned()),
            "{by_words:?}"
        );
        assert!(by_words.iter().all(|c| !c.ends_with(" 0")));
        let cafes = shipped
            .terms
            .iter()
            .find(|t| t.code.as_deref() == Some("dementia.memory-cafes"))
            .unwrap();
        let siblings = copy.categories_near("", Some(cafes.id), 6);
        assert!(
            siblings
                .iter()
                .all(|(t, _)| t.parent_id == cafes.parent_id && t.id != cafes.id)
        );
        assert!(
            siblings
                .iter()
                .any(|(t, _)| t.code.as_deref() == Some("dementia.support"))
        );
    }

    #[test]
    fn a_service_page_reads_from_the_copy() {
        let mut copy = cases::copy();
        let cafe = copy.find(&words("memory cafe"), today())[0].clone();
        assert!(
            copy.detail(cafe.id, today()).is_none(),
            "its organisation is not in the copy"
        );
        let mut update = changes(&copy);
        update.organizations.push(Organization {
            id: cafe.organization_id,
            name: "Table trust (fictional)".into(),
            description: "Runs the table's services.".into(),
            email: None,
            website: None,
            charity_number: None,
        });
        update.services.push(Service {
            assured_date: Some(today() - chrono::Days::new(30)),
            ..cafe.clone()
        });
        copy.apply(update);
        let detail = copy.detail(cafe.id, today()).unwrap();
        assert_eq!(detail.organization.name, "Table trust (fictional)");
        assert_eq!(detail.categories.len(), 1);
        assert!(!detail.check_due);
        copy.review_months = 0;
        assert!(copy.detail(cafe.id, today()).unwrap().check_due);
    }
}
