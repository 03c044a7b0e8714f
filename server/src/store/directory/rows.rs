//! The directory's rows as both databases give them back, and their reading into `shared`'s
//! directory types. Enum-like columns are checked by the schema, so an unknown value is a
//! corrupt database, reported as a decode error rather than dropped.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use shared::directory::schedule::{parse_byday, parse_bymonthday};
use shared::directory::{
    Accessibility, Address, Contact, CostOption, Frequency, Language, Location, LocationType, Organization,
    Phone, Schedule, Service, ServiceArea, ServiceStatus, TaxonomyTerm,
};
use uuid::Uuid;

use crate::store::StoreError;

pub(super) fn corrupt(what: impl Into<String>) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(what.into().into()))
}

/// `HH:MM:SS`, as the database keeps a time of day (both backends, as text).
pub(super) fn time_text(t: Option<NaiveTime>) -> Option<String> {
    t.map(|t| t.format("%H:%M:%S").to_string())
}

fn parse_time(t: Option<String>) -> Result<Option<NaiveTime>, StoreError> {
    t.map(|t| NaiveTime::parse_from_str(&t, "%H:%M:%S").map_err(|_| corrupt(format!("time {t}"))))
        .transpose()
}

fn age(a: Option<i32>) -> Option<u8> {
    a.and_then(|a| u8::try_from(a).ok())
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct ServiceRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    pub description: String,
    pub url: Option<String>,
    pub email: Option<String>,
    pub status: String,
    pub alert: Option<String>,
    pub minimum_age: Option<i32>,
    pub maximum_age: Option<i32>,
    pub assured_date: Option<NaiveDate>,
    pub assurer_email: Option<String>,
    pub last_modified: DateTime<Utc>,
}

pub(super) const SERVICE_COLUMNS: &str = "s.id, s.organization_id, s.name, s.description, s.url, s.email, s.status, s.alert, \
     s.minimum_age, s.maximum_age, s.assured_date, s.assurer_email, s.last_modified";

impl ServiceRow {
    /// The service without its parts (they are read from their own tables).
    pub(super) fn into_service(self) -> Result<Service, StoreError> {
        Ok(Service {
            description: self.description,
            url: self.url,
            email: self.email,
            status: ServiceStatus::parse(&self.status)
                .ok_or_else(|| corrupt(format!("service status {}", self.status)))?,
            alert: self.alert,
            minimum_age: age(self.minimum_age),
            maximum_age: age(self.maximum_age),
            assured_date: self.assured_date,
            assurer_email: self.assurer_email,
            last_modified: self.last_modified,
            ..Service::new(self.id, self.organization_id, self.name)
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct OrganizationRow {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub email: Option<String>,
    pub website: Option<String>,
    pub charity_number: Option<String>,
}

impl From<OrganizationRow> for Organization {
    fn from(r: OrganizationRow) -> Self {
        Organization {
            id: r.id,
            name: r.name,
            description: r.description,
            email: r.email,
            website: r.website,
            charity_number: r.charity_number,
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct ScheduleRow {
    pub id: Uuid,
    /// The service, or the service at a location, it belongs to.
    pub owner: Uuid,
    pub freq: String,
    pub repeat_interval: i32,
    pub dtstart: Option<NaiveDate>,
    pub byday: String,
    pub bymonthday: String,
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub description: String,
}

impl ScheduleRow {
    pub(super) fn into_schedule(self) -> Result<(Uuid, Schedule), StoreError> {
        let freq = match self.freq.as_str() {
            "WEEKLY" => Frequency::Weekly,
            "MONTHLY" => Frequency::Monthly,
            other => return Err(corrupt(format!("schedule freq {other}"))),
        };
        Ok((
            self.owner,
            Schedule {
                id: self.id,
                freq,
                interval: u32::try_from(self.repeat_interval).unwrap_or(1),
                dtstart: self.dtstart,
                byday: parse_byday(&self.byday).ok_or_else(|| corrupt(format!("byday {}", self.byday)))?,
                bymonthday: parse_bymonthday(&self.bymonthday)
                    .ok_or_else(|| corrupt(format!("bymonthday {}", self.bymonthday)))?,
                opens_at: parse_time(self.opens_at)?,
                closes_at: parse_time(self.closes_at)?,
                valid_from: self.valid_from,
                valid_to: self.valid_to,
                description: self.description,
            },
        ))
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct NamedRow {
    pub id: Uuid,
    pub owner: Uuid,
    pub name: String,
    /// `uri` of an area, `code` of a language.
    pub extra: Option<String>,
}

impl NamedRow {
    pub(super) fn area(self) -> (Uuid, ServiceArea) {
        (
            self.owner,
            ServiceArea {
                id: self.id,
                name: self.name,
                uri: self.extra,
            },
        )
    }

    pub(super) fn language(self) -> (Uuid, Language) {
        (
            self.owner,
            Language {
                id: self.id,
                name: self.name,
                code: self.extra,
            },
        )
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct CostRow {
    pub id: Uuid,
    pub owner: Uuid,
    pub option: Option<String>,
    pub amount: Option<f64>,
    pub amount_description: Option<String>,
}

impl CostRow {
    pub(super) fn into_cost(self) -> (Uuid, CostOption) {
        (
            self.owner,
            CostOption {
                id: self.id,
                option: self.option,
                amount: self.amount,
                amount_description: self.amount_description,
            },
        )
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct PhoneRow {
    pub id: Uuid,
    /// The service or the contact it belongs to.
    pub owner: Uuid,
    pub number: String,
    pub description: Option<String>,
}

impl PhoneRow {
    pub(super) fn into_phone(self) -> (Uuid, Phone) {
        (
            self.owner,
            Phone {
                id: self.id,
                number: self.number,
                description: self.description,
            },
        )
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct ContactRow {
    pub id: Uuid,
    pub owner: Uuid,
    pub name: Option<String>,
    pub title: Option<String>,
}

impl ContactRow {
    pub(super) fn into_contact(self) -> (Uuid, Contact) {
        (
            self.owner,
            Contact {
                id: self.id,
                name: self.name,
                title: self.title,
                phones: Vec::new(),
            },
        )
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct LocationRow {
    pub id: Uuid,
    pub location_type: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub confidential: bool,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

impl LocationRow {
    pub(super) fn into_location(self) -> Result<Location, StoreError> {
        Ok(Location {
            id: self.id,
            location_type: LocationType::parse(&self.location_type)
                .ok_or_else(|| corrupt(format!("location type {}", self.location_type)))?,
            name: self.name,
            description: self.description,
            confidential: self.confidential,
            latitude: self.latitude,
            longitude: self.longitude,
            addresses: Vec::new(),
            accessibility: Vec::new(),
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct AddressRow {
    pub id: Uuid,
    pub location_id: Uuid,
    pub address_1: String,
    pub address_2: Option<String>,
    pub city: String,
    pub state_province: String,
    pub postal_code: String,
    pub country: String,
}

impl AddressRow {
    pub(super) fn into_address(self) -> (Uuid, Address) {
        (
            self.location_id,
            Address {
                id: self.id,
                address_1: self.address_1,
                address_2: self.address_2,
                city: self.city,
                state_province: self.state_province,
                postal_code: self.postal_code,
                country: self.country,
            },
        )
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct AccessibilityRow {
    pub id: Uuid,
    pub location_id: Uuid,
    pub description: String,
    pub details: Option<String>,
    pub url: Option<String>,
}

impl AccessibilityRow {
    pub(super) fn into_accessibility(self) -> (Uuid, Accessibility) {
        (
            self.location_id,
            Accessibility {
                id: self.id,
                description: self.description,
                details: self.details,
                url: self.url,
            },
        )
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(super) struct TermRow {
    pub id: Uuid,
    pub taxonomy_id: Uuid,
    pub code: Option<String>,
    pub name: String,
    pub description: String,
    pub parent_id: Option<Uuid>,
    pub term_uri: Option<String>,
}

/// A term with its taxonomy's name, for records that show where each category comes from.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct TermInTaxonomyRow {
    #[sqlx(flatten)]
    pub term: TermRow,
    pub taxonomy_name: String,
}

impl TermRow {
    pub(super) fn into_term(self) -> (Uuid, TaxonomyTerm) {
        (
            self.taxonomy_id,
            TaxonomyTerm {
                id: self.id,
                code: self.code,
                name: self.name,
                description: self.description,
                parent_id: self.parent_id,
                term_uri: self.term_uri,
            },
        )
    }
}
