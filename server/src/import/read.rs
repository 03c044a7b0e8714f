//! Reading an Open Referral feed's services into the directory's records: ORUK 3.0 / HSDS 3.0
//! names (`schedules`, `attributes`, `addresses`) and ORUK 1.0 names (`regular_schedules`,
//! `service_taxonomys`, `physical_addresses`, `eligibilitys`) alike, as real feeds mix them.
//! Nothing is taken on trust: every value is checked as the app's forms check it, put right
//! where that is safe (and reported), left out where it is not (and reported).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value};
use shared::api::directory::{ImportProblem, ProblemOutcome};
use shared::directory::service::AGE_MAX;
use shared::directory::{Location, Organization, Service, ServiceStatus, Taxonomy, TaxonomyTerm};
use shared::validate::Validate;
use uuid::Uuid;

use super::clean::{self, Url, text};
use super::place::Which;
use crate::store::directory::DirectoryBatch;

/// The fields of a service the reader understands; any other is counted as ignored.
const SERVICE_FIELDS: &[&str] = &[
    "id",
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
    "organization",
    "organization_id",
    "schedules",
    "regular_schedules",
    "service_areas",
    "service_at_locations",
    "languages",
    "cost_options",
    "contacts",
    "phones",
    "attributes",
    "service_taxonomys",
    "eligibilitys",
    "pc_metadata",
    "taxonomy_terms",
];

/// Collects what an import reads, and what it had to say about it.
#[derive(Default)]
pub struct Reader {
    pub problems: Vec<ImportProblem>,
    pub ignored: BTreeMap<String, u64>,
    pub found: u64,
    pub skipped: u64,
    /// Seen an ORUK 1.0 field.
    pub oruk1: bool,
    services: Vec<Service>,
    seen: HashSet<Uuid>,
    organizations: BTreeMap<Uuid, Organization>,
    pub(super) locations: BTreeMap<Uuid, Location>,
    pub(super) taxonomies: BTreeMap<Uuid, Taxonomy>,
    /// Terms by id, with their taxonomy.
    pub(super) terms: HashMap<Uuid, (Uuid, TaxonomyTerm)>,
}

/// Names a record for a problem: its kind, id and name.
fn who(kind: &str, id: &Value, name: &Value) -> String {
    match (text(id), text(name)) {
        (Some(id), Some(name)) => format!("{kind} {id} ({name})"),
        (Some(id), None) => format!("{kind} {id}"),
        (None, Some(name)) => format!("{kind} ({name})"),
        (None, None) => format!("{kind} without an id"),
    }
}

pub(super) fn list(v: &Value) -> &[Value] {
    v.as_array().map(Vec::as_slice).unwrap_or_default()
}

impl Reader {
    pub(super) fn problem(
        &mut self,
        record: &str,
        field: &str,
        message: impl Into<String>,
        outcome: ProblemOutcome,
    ) {
        self.problems.push(ImportProblem {
            record: record.to_owned(),
            field: field.to_owned(),
            message: message.into(),
            outcome,
        });
    }

    /// The records read so far, ready to write together.
    pub fn into_batch(self) -> (DirectoryBatch, Vec<ImportProblem>, BTreeMap<String, u64>) {
        let mut taxonomies: BTreeMap<Uuid, Taxonomy> = self.taxonomies;
        for (taxonomy, term) in self.terms.into_values() {
            if let Some(t) = taxonomies.get_mut(&taxonomy) {
                t.terms.push(term);
            }
        }
        for t in taxonomies.values_mut() {
            t.terms.sort_by(|a, b| a.name.cmp(&b.name));
        }
        let batch = DirectoryBatch {
            taxonomies: taxonomies.into_values().collect(),
            organizations: self.organizations.into_values().collect(),
            locations: self.locations.into_values().collect(),
            services: self.services,
        };
        (batch, self.problems, self.ignored)
    }

    /// Reads one service object.
    pub fn service(&mut self, v: &Value) {
        self.found += 1;
        let Some(obj) = v.as_object() else {
            self.skipped += 1;
            self.problem(
                "service",
                "",
                "Not a service: expected an object",
                ProblemOutcome::Skipped,
            );
            return;
        };
        let record = who("service", &v["id"], &v["name"]);
        for (key, value) in obj {
            let empty = match value {
                Value::Null => true,
                Value::String(s) => s.trim().is_empty(),
                Value::Array(a) => a.is_empty(),
                Value::Object(o) => o.is_empty(),
                _ => false,
            };
            if !empty && !SERVICE_FIELDS.contains(&key.as_str()) {
                *self.ignored.entry(key.clone()).or_default() += 1;
            }
            if matches!(
                key.as_str(),
                "regular_schedules" | "service_taxonomys" | "eligibilitys" | "pc_metadata"
            ) {
                self.oruk1 = true;
            }
        }
        let Some(id) = self.id(&record, "id", &v["id"]) else {
            self.skip(&record, "id", "It has no id");
            return;
        };
        if !self.seen.insert(id) {
            self.skip(&record, "id", "Another service in the feed has the same id");
            return;
        }
        let Some(name) = text(&v["name"]) else {
            self.skip(&record, "name", "It has no name");
            return;
        };
        let Some(organization_id) = self.organization(&record, v) else {
            self.skip(&record, "organization", "It names no organisation that runs it");
            return;
        };
        let mut service = Service {
            description: self
                .prose(&record, "description", &v["description"])
                .unwrap_or_default(),
            url: self.url(&record, "url", &v["url"]),
            email: self.email(&record, "email", &v["email"]),
            status: self.status(&record, &v["status"]),
            alert: self.prose(&record, "alert", &v["alert"]),
            minimum_age: self.age(&record, "minimum_age", &v["minimum_age"]),
            maximum_age: self.age(&record, "maximum_age", &v["maximum_age"]),
            assured_date: self.date(&record, "assured_date", &v["assured_date"]),
            assurer_email: self.email(&record, "assurer_email", &v["assurer_email"]),
            ..Service::new(id, organization_id, name)
        };
        // ORUK 1.0 keeps when and by whom it was checked in `pc_metadata`.
        let meta = &v["pc_metadata"];
        if service.assured_date.is_none() {
            service.assured_date = self.date(&record, "pc_metadata.date_assured", &meta["date_assured"]);
        }
        if service.assurer_email.is_none() {
            service.assurer_email = self.email(&record, "pc_metadata.assured_by", &meta["assured_by"]);
        }
        for e in list(&v["eligibilitys"]) {
            service.minimum_age =
                service
                    .minimum_age
                    .or(self.age(&record, "eligibilitys.minimum_age", &e["minimum_age"]));
            service.maximum_age =
                service
                    .maximum_age
                    .or(self.age(&record, "eligibilitys.maximum_age", &e["maximum_age"]));
        }
        if matches!((service.minimum_age, service.maximum_age), (Some(min), Some(max)) if max < min) {
            self.problem(
                &record,
                "maximum_age",
                "The maximum age was below the minimum: both left out",
                ProblemOutcome::Dropped,
            );
            service.minimum_age = None;
            service.maximum_age = None;
        }
        service.schedules = self.schedules(&record, "schedules", &v["schedules"], Which::Own);
        service.schedules.extend(self.schedules(
            &record,
            "regular_schedules",
            &v["regular_schedules"],
            Which::Own,
        ));
        // Places' own times may be in either list, naming the place.
        let all_times: Value = list(&v["schedules"])
            .iter()
            .chain(list(&v["regular_schedules"]))
            .cloned()
            .collect();
        service.service_at_locations = self.places(&record, &v["service_at_locations"], &all_times);
        service.service_areas = self.areas(&record, &v["service_areas"]);
        service.languages = self.languages(&record, &v["languages"]);
        service.cost_options = self.costs(&record, &v["cost_options"]);
        service.phones = self.phones(&record, "phones", &v["phones"]);
        service.contacts = self.contacts(&record, &v["contacts"]);
        service.taxonomy_term_ids = self.categories(&record, v);
        if let Err(errors) = service.validate() {
            // Everything above was checked one by one; anything left is a combination.
            let fields = errors.into_keys().collect::<Vec<_>>().join(", ");
            self.skip(&record, &fields, "It could not be put right");
            return;
        }
        self.services.push(service);
    }

    pub(super) fn skip(&mut self, record: &str, field: &str, message: &str) {
        self.skipped += 1;
        self.problem(record, field, message, ProblemOutcome::Skipped);
    }

    pub(super) fn id(&mut self, record: &str, field: &str, v: &Value) -> Option<Uuid> {
        let (id, made) = clean::uuid(v)?;
        if made {
            self.problem(
                record,
                field,
                format!("Not a UUID: kept as {id}, the same on every import"),
                ProblemOutcome::Fixed,
            );
        }
        Some(id)
    }

    /// Text that may hold HTML, as plain text.
    pub(super) fn prose(&mut self, record: &str, field: &str, v: &Value) -> Option<String> {
        let raw = text(v)?;
        let plain = clean::plain(&raw);
        if clean::had_markup(&raw, &plain) {
            self.problem(record, field, "HTML made plain text", ProblemOutcome::Fixed);
        }
        (!plain.is_empty()).then_some(plain)
    }

    pub(super) fn url(&mut self, record: &str, field: &str, v: &Value) -> Option<String> {
        let raw = text(v)?;
        match clean::url(&raw) {
            Url::Kept(u) => Some(u),
            Url::Fixed(u) => {
                self.problem(
                    record,
                    field,
                    format!("{raw} has no https:// – given one"),
                    ProblemOutcome::Fixed,
                );
                Some(u)
            }
            Url::Bad => {
                self.problem(
                    record,
                    field,
                    format!("{raw} is not a web address"),
                    ProblemOutcome::Dropped,
                );
                None
            }
        }
    }

    /// An email address. A bad one is reported without its value: it may be a person's.
    pub(super) fn email(&mut self, record: &str, field: &str, v: &Value) -> Option<String> {
        let raw = text(v)?;
        if clean::is_email(&raw) {
            Some(raw)
        } else {
            self.problem(record, field, "Not an email address", ProblemOutcome::Dropped);
            None
        }
    }

    pub(super) fn status(&mut self, record: &str, v: &Value) -> ServiceStatus {
        match text(v) {
            None => ServiceStatus::Active,
            Some(raw) => ServiceStatus::parse(&raw).unwrap_or_else(|| {
                self.problem(
                    record,
                    "status",
                    format!("Unknown status {raw}: taken as active"),
                    ProblemOutcome::Fixed,
                );
                ServiceStatus::Active
            }),
        }
    }

    pub(super) fn age(&mut self, record: &str, field: &str, v: &Value) -> Option<u8> {
        if v.is_null() || text(v).is_none() {
            return None;
        }
        match clean::number(v).filter(|a| a.is_finite() && *a >= 0.0 && *a <= f64::from(AGE_MAX)) {
            Some(a) => Some(a.round() as u8),
            None => {
                self.problem(record, field, "Not an age in years", ProblemOutcome::Dropped);
                None
            }
        }
    }

    pub(super) fn date(&mut self, record: &str, field: &str, v: &Value) -> Option<chrono::NaiveDate> {
        let raw = text(v)?;
        let date = clean::date(&raw);
        if date.is_none() {
            self.problem(
                record,
                field,
                format!("{raw} is not a date like 2026-12-03"),
                ProblemOutcome::Dropped,
            );
        }
        date
    }

    /// The service's organisation: read from the object it holds, or named by id.
    fn organization(&mut self, record: &str, v: &Value) -> Option<Uuid> {
        let o = &v["organization"];
        if o.is_object() {
            let org_record = who("organisation", &o["id"], &o["name"]);
            let id = self.id(&org_record, "id", &o["id"])?;
            if self.organizations.contains_key(&id) {
                return Some(id);
            }
            let Some(name) = text(&o["name"]) else {
                self.problem(
                    &org_record,
                    "name",
                    "The organisation has no name",
                    ProblemOutcome::Skipped,
                );
                return None;
            };
            let description = self
                .prose(&org_record, "description", &o["description"])
                .unwrap_or_else(|| {
                    self.problem(
                        &org_record,
                        "description",
                        "No description: its name is used",
                        ProblemOutcome::Fixed,
                    );
                    name.clone()
                });
            let website = self.url(
                &org_record,
                "website",
                if o["website"].is_null() {
                    &o["url"]
                } else {
                    &o["website"]
                },
            );
            let email = self.email(&org_record, "email", &o["email"]);
            // A registered charity's number, as ORUK's organisation identifiers carry it.
            let charity_number = list(&o["organization_identifiers"])
                .iter()
                .find(|i| text(&i["identifier_scheme"]).as_deref() == Some("GB-CHC"))
                .and_then(|i| text(&i["identifier"]));
            self.organizations.insert(
                id,
                Organization {
                    id,
                    name,
                    description,
                    email,
                    website,
                    charity_number,
                },
            );
            return Some(id);
        }
        // Named by id: it must be in this feed or already in the directory (checked on writing).
        self.id(record, "organization_id", &v["organization_id"])
    }

    /// Parents the feed names but does not hold are let go (the term stays, at the top).
    pub fn settle_terms(&mut self, known: &HashSet<Uuid>) {
        let ids: HashSet<Uuid> = self.terms.keys().copied().collect();
        let mut orphans = Vec::new();
        for (_, term) in self.terms.values_mut() {
            if term
                .parent_id
                .is_some_and(|p| !ids.contains(&p) && !known.contains(&p))
            {
                term.parent_id = None;
                orphans.push(format!("category {} ({})", term.id, term.name));
            }
        }
        for record in orphans {
            self.problem(
                &record,
                "parent_id",
                "Its parent category is not in the feed: kept at the top",
                ProblemOutcome::Fixed,
            );
        }
    }
}

/// The services in a feed document: a page (`contents`, or ORUK 1.0's `content`), a list, or
/// one service.
pub fn services_of(doc: &Value) -> Vec<&Value> {
    match doc {
        Value::Array(items) => items.iter().collect(),
        Value::Object(o) => {
            if let Some(items) = o
                .get("contents")
                .or_else(|| o.get("content"))
                .and_then(Value::as_array)
            {
                items.iter().collect()
            } else if o.contains_key("name") || o.contains_key("id") {
                vec![doc]
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    }
}

/// The page fields of a feed page, if it is one: (page number, total pages).
pub fn paging_of(doc: &Value) -> Option<(u64, u64)> {
    let o: &Map<String, Value> = doc.as_object()?;
    let total = o.get("total_pages").or_else(|| o.get("totalPages"))?.as_u64()?;
    let number = o
        .get("page_number")
        .or_else(|| o.get("number"))
        .and_then(Value::as_u64)
        .unwrap_or(1);
    Some((number, total))
}
