//! Open Referral UK 3.0 as it goes out: the directory's records written as the published
//! schemas name them. Empty values are left out (never `null`, `""` or `[]`), as the ORUK
//! compliance rules ask; ids are the records' own UUIDs, and the few objects Touchstone keeps
//! inside another (a service's categories as `attributes`, a charity number as an
//! `organization_identifier`) get ids derived from their parents (UUIDv5), so they are the same
//! in every answer.
//!
//! Beyond the ORUK schema, three HSDS 3.0 fields are sent because a directory without them is of
//! little use to the people reading it: `phones` (on services and contacts), a language's
//! `name` and `code`, and an address's `address_2`. The schemas allow extra fields.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;
use shared::directory::schedule::{byday_text, bymonthday_text};
use shared::directory::{
    Accessibility, Address, Contact, CostOption, Frequency, Language, Location, Organization, Phone,
    Schedule, Service, ServiceArea, ServiceAtLocation, Taxonomy, TaxonomyTerm,
};
use uuid::Uuid;

fn text(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

fn opt_text(s: &Option<String>) -> Option<String> {
    s.as_deref().and_then(text)
}

/// An id derived from a parent's id and a name: stable across answers.
fn derived(parent: Uuid, name: &[u8]) -> Uuid {
    Uuid::new_v5(&parent, name)
}

fn date(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

#[derive(Debug, Serialize)]
pub struct ApiDetails {
    pub version: &'static str,
    pub profile: &'static str,
    pub openapi_url: &'static str,
}

/// What `GET /` answers: the version every generation of the validator matches exactly, and the
/// published profile it reads the rules from.
pub const API_DETAILS: ApiDetails = ApiDetails {
    version: "HSDS-UK-3.0",
    profile: "https://openreferraluk.org/developers/schemata",
    openapi_url: "https://openreferraluk.org/specifications/3.0/openapi.json",
};

#[derive(Debug, Serialize)]
pub struct OrukOrganization {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub organization_identifiers: Vec<OrganizationIdentifier>,
}

#[derive(Debug, Serialize)]
pub struct OrganizationIdentifier {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub identifier_scheme: &'static str,
    pub identifier_type: &'static str,
    pub identifier: String,
}

impl From<&Organization> for OrukOrganization {
    fn from(o: &Organization) -> Self {
        OrukOrganization {
            id: o.id,
            name: o.name.clone(),
            // Required by ORUK; the store never keeps an organisation without one.
            description: o.description.clone(),
            email: opt_text(&o.email),
            website: opt_text(&o.website),
            organization_identifiers: opt_text(&o.charity_number)
                .map(|number| OrganizationIdentifier {
                    id: derived(o.id, b"charity-number"),
                    organization_id: o.id,
                    identifier_scheme: "GB-CHC",
                    identifier_type: "Charity number",
                    identifier: number,
                })
                .into_iter()
                .collect(),
        }
    }
}

/// A service as a list shows it: its own fields and its organisation, no parts.
#[derive(Debug, Serialize)]
pub struct OrukServiceSummary {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_age: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_age: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assured_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assurer_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    pub last_modified: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrukOrganization>,
}

impl OrukServiceSummary {
    pub fn new(s: &Service, organization: Option<&Organization>) -> Self {
        OrukServiceSummary {
            id: s.id,
            organization_id: s.organization_id,
            name: s.name.clone(),
            description: text(&s.description),
            url: opt_text(&s.url),
            email: opt_text(&s.email),
            status: s.status.as_str(),
            minimum_age: s.minimum_age,
            maximum_age: s.maximum_age,
            assured_date: date(s.assured_date),
            assurer_email: opt_text(&s.assurer_email),
            alert: opt_text(&s.alert),
            last_modified: timestamp(s.last_modified),
            organization: organization.map(OrukOrganization::from),
        }
    }
}

/// A whole service with every part, as `GET /services/{id}` answers.
#[derive(Debug, Serialize)]
pub struct OrukService {
    #[serde(flatten)]
    pub summary: OrukServiceSummary,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub schedules: Vec<OrukSchedule>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub service_areas: Vec<OrukServiceArea>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub service_at_locations: Vec<OrukServiceAtLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<OrukLanguage>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cost_options: Vec<OrukCostOption>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<OrukContact>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<OrukPhone>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<OrukAttribute>,
}

/// What a whole service needs beside itself: its organisation, places and categories.
pub struct Related<'a> {
    pub organization: Option<&'a Organization>,
    pub locations: &'a [Location],
    /// Each term with the name of its taxonomy.
    pub terms: &'a [(TaxonomyTerm, Uuid, String)],
}

impl OrukService {
    pub fn new(s: &Service, related: &Related<'_>) -> Self {
        let schedules = s
            .schedules
            .iter()
            .map(|x| OrukSchedule::new(x, Some(s.id), None))
            .chain(
                s.service_at_locations
                    .iter()
                    .flat_map(|p| p.schedules.iter().map(|x| OrukSchedule::new(x, None, Some(p.id)))),
            )
            .collect();
        OrukService {
            summary: OrukServiceSummary::new(s, related.organization),
            schedules,
            service_areas: s
                .service_areas
                .iter()
                .map(|a| OrukServiceArea::new(a, s.id))
                .collect(),
            service_at_locations: s
                .service_at_locations
                .iter()
                .filter_map(|p| {
                    let location = related.locations.iter().find(|l| l.id == p.location_id)?;
                    Some(OrukServiceAtLocation::new(p, s.id, location))
                })
                .collect(),
            languages: s.languages.iter().map(|l| OrukLanguage::new(l, s.id)).collect(),
            cost_options: s
                .cost_options
                .iter()
                .map(|c| OrukCostOption::new(c, s.id))
                .collect(),
            contacts: s.contacts.iter().map(|c| OrukContact::new(c, s.id)).collect(),
            phones: s.phones.iter().map(OrukPhone::from).collect(),
            attributes: s
                .taxonomy_term_ids
                .iter()
                .filter_map(|id| related.terms.iter().find(|(t, _, _)| t.id == *id))
                .map(|(term, taxonomy, taxonomy_name)| OrukAttribute {
                    id: derived(s.id, term.id.as_bytes()),
                    link_id: s.id,
                    link_type: "service",
                    taxonomy_term_id: term.id,
                    taxonomy_term: OrukTaxonomyTerm::new(term, *taxonomy, taxonomy_name),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct OrukSchedule {
    pub id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_at_location_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dtstart: Option<String>,
    pub freq: &'static str,
    pub interval: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byday: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bymonthday: Option<String>,
    /// In words, with the rule said out loud, for readers that do not read RRULEs.
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<String>,
}

impl OrukSchedule {
    fn new(x: &Schedule, service_id: Option<Uuid>, service_at_location_id: Option<Uuid>) -> Self {
        OrukSchedule {
            id: x.id,
            service_id,
            service_at_location_id,
            valid_from: date(x.valid_from),
            valid_to: date(x.valid_to),
            dtstart: date(x.dtstart),
            freq: match x.freq {
                Frequency::Weekly => "WEEKLY",
                Frequency::Monthly => "MONTHLY",
            },
            interval: x.interval,
            byday: text(&byday_text(&x.byday)),
            bymonthday: text(&bymonthday_text(&x.bymonthday)),
            description: x.describe(),
            opens_at: x.opens_at.map(|t| t.format("%H:%M:%S").to_string()),
            closes_at: x.closes_at.map(|t| t.format("%H:%M:%S").to_string()),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct OrukServiceArea {
    pub id: Uuid,
    pub service_id: Uuid,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

impl OrukServiceArea {
    fn new(a: &ServiceArea, service_id: Uuid) -> Self {
        OrukServiceArea {
            id: a.id,
            service_id,
            name: a.name.clone(),
            uri: opt_text(&a.uri),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct OrukServiceAtLocation {
    pub id: Uuid,
    pub service_id: Uuid,
    pub location_id: Uuid,
    pub location: OrukLocation,
}

impl OrukServiceAtLocation {
    pub fn new(p: &ServiceAtLocation, service_id: Uuid, location: &Location) -> Self {
        OrukServiceAtLocation {
            id: p.id,
            service_id,
            location_id: p.location_id,
            location: OrukLocation::from(location),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct OrukLocation {
    pub id: Uuid,
    pub location_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<OrukAddress>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accessibility: Vec<OrukAccessibility>,
}

impl From<&Location> for OrukLocation {
    fn from(l: &Location) -> Self {
        // A confidential place is published by name only, whatever a row might hold.
        let hidden = l.confidential;
        OrukLocation {
            id: l.id,
            location_type: l.location_type.as_str(),
            name: opt_text(&l.name),
            description: opt_text(&l.description),
            latitude: l.latitude.filter(|_| !hidden),
            longitude: l.longitude.filter(|_| !hidden),
            addresses: if hidden {
                Vec::new()
            } else {
                l.addresses.iter().map(|a| OrukAddress::new(a, l)).collect()
            },
            accessibility: l
                .accessibility
                .iter()
                .map(|a| OrukAccessibility::new(a, l.id))
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct OrukAddress {
    pub id: Uuid,
    pub location_id: Uuid,
    pub address_1: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_2: Option<String>,
    pub city: String,
    pub state_province: String,
    pub postal_code: String,
    pub country: String,
    pub address_type: &'static str,
}

impl OrukAddress {
    fn new(a: &Address, l: &Location) -> Self {
        OrukAddress {
            id: a.id,
            location_id: l.id,
            address_1: a.address_1.clone(),
            address_2: opt_text(&a.address_2),
            city: a.city.clone(),
            state_province: a.state_province.clone(),
            postal_code: a.postal_code.clone(),
            country: a.country.clone(),
            address_type: l.location_type.as_str(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct OrukAccessibility {
    pub id: Uuid,
    pub location_id: Uuid,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl OrukAccessibility {
    fn new(a: &Accessibility, location_id: Uuid) -> Self {
        OrukAccessibility {
            id: a.id,
            location_id,
            description: a.description.clone(),
            details: opt_text(&a.details),
            url: opt_text(&a.url),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct OrukLanguage {
    pub id: Uuid,
    pub service_id: Uuid,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl OrukLanguage {
    fn new(l: &Language, service_id: Uuid) -> Self {
        OrukLanguage {
            id: l.id,
            service_id,
            name: l.name.clone(),
            code: opt_text(&l.code),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct OrukCostOption {
    pub id: Uuid,
    pub service_id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_description: Option<String>,
}

impl OrukCostOption {
    fn new(c: &CostOption, service_id: Uuid) -> Self {
        OrukCostOption {
            id: c.id,
            service_id,
            option: opt_text(&c.option),
            amount: c.amount,
            amount_description: opt_text(&c.amount_description),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct OrukContact {
    pub id: Uuid,
    pub service_id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<OrukPhone>,
}

impl OrukContact {
    fn new(c: &Contact, service_id: Uuid) -> Self {
        OrukContact {
            id: c.id,
            service_id,
            name: opt_text(&c.name),
            title: opt_text(&c.title),
            phones: c.phones.iter().map(OrukPhone::from).collect(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct OrukPhone {
    pub id: Uuid,
    pub number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl From<&Phone> for OrukPhone {
    fn from(p: &Phone) -> Self {
        OrukPhone {
            id: p.id,
            number: p.number.clone(),
            description: opt_text(&p.description),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct OrukAttribute {
    pub id: Uuid,
    pub link_id: Uuid,
    pub link_type: &'static str,
    pub taxonomy_term_id: Uuid,
    pub taxonomy_term: OrukTaxonomyTerm,
}

#[derive(Debug, Serialize)]
pub struct OrukTaxonomyTerm {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Uuid>,
    pub taxonomy: String,
    pub taxonomy_id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term_uri: Option<String>,
}

impl OrukTaxonomyTerm {
    pub fn new(t: &TaxonomyTerm, taxonomy_id: Uuid, taxonomy: &str) -> Self {
        OrukTaxonomyTerm {
            id: t.id,
            name: t.name.clone(),
            description: t.description.clone(),
            parent_id: t.parent_id,
            taxonomy: taxonomy.to_owned(),
            taxonomy_id,
            term_uri: opt_text(&t.term_uri).filter(|u| shared::directory::is_absolute_url(u)),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct OrukTaxonomy {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

impl From<&Taxonomy> for OrukTaxonomy {
    fn from(t: &Taxonomy) -> Self {
        OrukTaxonomy {
            id: t.id,
            name: t.name.clone(),
            description: t.description.clone(),
            uri: opt_text(&t.uri).filter(|u| shared::directory::is_absolute_url(u)),
            version: opt_text(&t.version),
        }
    }
}
