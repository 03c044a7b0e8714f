//! A service: what a person can go to, who runs it, for whom, what it costs and when it is open.
//!
//! Named as HSDS 3.0 names them (`organization`, `service_at_location`, `cost_option`), so the
//! database, the API, the ORUK feed and an import all use one vocabulary; the app's words for
//! people are British ("organisation").

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::checks::{absolute_url, nested, optional_email};
use super::schedule::Schedule;
use crate::FieldErrors;
use crate::validate::{Check, Validate};

pub const SERVICE_NAME_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 10_000;
/// The oldest age a service can name: above it means "no upper limit".
pub const AGE_MAX: u8 = 120;

/// Whether a service is running. Inactive and defunct services stay in history (and in the
/// feed when asked for by id) but leave search and the feed's default list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ServiceStatus {
    #[default]
    #[serde(rename = "active")]
    Active,
    #[serde(rename = "temporarily closed")]
    TemporarilyClosed,
    #[serde(rename = "inactive")]
    Inactive,
    #[serde(rename = "defunct")]
    Defunct,
}

impl ServiceStatus {
    pub const ALL: [ServiceStatus; 4] = [
        ServiceStatus::Active,
        ServiceStatus::TemporarilyClosed,
        ServiceStatus::Inactive,
        ServiceStatus::Defunct,
    ];

    /// The HSDS word, also the database's.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceStatus::Active => "active",
            ServiceStatus::TemporarilyClosed => "temporarily closed",
            ServiceStatus::Inactive => "inactive",
            ServiceStatus::Defunct => "defunct",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ServiceStatus::Active => "Running",
            ServiceStatus::TemporarilyClosed => "Temporarily closed",
            ServiceStatus::Inactive => "Not running",
            ServiceStatus::Defunct => "Closed for good",
        }
    }

    pub fn parse(s: &str) -> Option<ServiceStatus> {
        ServiceStatus::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// Found by search and listed by the feed by default. A temporarily closed service is still
    /// listed, with its status, so a practitioner knows it exists and will return.
    pub fn is_listed(self) -> bool {
        matches!(self, ServiceStatus::Active | ServiceStatus::TemporarilyClosed)
    }
}

/// The languages the app offers to tick: English and Bradford's community languages, with
/// their ISO 639 codes.
pub const COMMUNITY_LANGUAGES: &[(&str, &str)] = &[
    ("English", "en"),
    ("Urdu", "ur"),
    ("Punjabi", "pa"),
    ("Polish", "pl"),
    ("Bengali", "bn"),
    ("Arabic", "ar"),
    ("Slovak", "sk"),
    ("Romanian", "ro"),
    ("Gujarati", "gu"),
    ("Pashto", "ps"),
    ("British Sign Language", "bfi"),
];

/// A spoken or signed language a service is offered in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Language {
    pub id: Uuid,
    pub name: String,
    /// ISO 639 code where there is one (`ur`, `pa`, `pl`; `bfi` for British Sign Language).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// What a service costs, one option each ("£3 a session", "Free for carers").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CostOption {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
    /// In pounds; 0 means free.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_description: Option<String>,
}

/// A named area the service covers: one of Bradford's localities or wards, or "Bradford
/// district" for all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceArea {
    pub id: Uuid,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

/// A telephone number, for a service or one of its contacts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Phone {
    pub id: Uuid,
    pub number: String,
    /// "Text only", "Out of hours".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Someone to ask for, by role ("Group organiser") more often than by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Phone>,
}

/// A service offered at one location, with that place's own timetable when it differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceAtLocation {
    pub id: Uuid,
    pub location_id: Uuid,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedules: Vec<Schedule>,
}

/// A service as it is kept and edited. Where it happens refers to locations by id (a location
/// is shared by the services there), and its categories to taxonomy terms by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Service {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default)]
    pub status: ServiceStatus,
    /// A short-term notice ("closed over Christmas").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_age: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_age: Option<u8>,
    /// When a person last checked the entry was true, and who (set by "Checked today").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assured_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assurer_email: Option<String>,
    /// Set by the server on every change.
    #[serde(default = "epoch")]
    pub last_modified: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub taxonomy_term_ids: Vec<Uuid>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedules: Vec<Schedule>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_at_locations: Vec<ServiceAtLocation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_areas: Vec<ServiceArea>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<Language>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cost_options: Vec<CostOption>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Phone>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
}

fn epoch() -> DateTime<Utc> {
    DateTime::UNIX_EPOCH
}

impl Service {
    /// A running service with a name and its organisation, and nothing else yet.
    pub fn new(id: Uuid, organization_id: Uuid, name: impl Into<String>) -> Service {
        Service {
            id,
            organization_id,
            name: name.into(),
            description: String::new(),
            url: None,
            email: None,
            status: ServiceStatus::Active,
            alert: None,
            minimum_age: None,
            maximum_age: None,
            assured_date: None,
            assurer_email: None,
            last_modified: epoch(),
            taxonomy_term_ids: Vec::new(),
            schedules: Vec::new(),
            service_at_locations: Vec::new(),
            service_areas: Vec::new(),
            languages: Vec::new(),
            cost_options: Vec::new(),
            phones: Vec::new(),
            contacts: Vec::new(),
        }
    }

    /// Free when every way of paying costs nothing, and it says so (no costs given is unknown,
    /// not free).
    pub fn is_free(&self) -> bool {
        !self.cost_options.is_empty()
            && self
                .cost_options
                .iter()
                .all(|c| c.amount.is_some_and(|a| a == 0.0))
    }

    /// What it costs in words: "Free", "Not known", or each way of paying ("Per session: £2.50
    /// a session"), as its page and a printed shortlist say it.
    pub fn cost_text(&self) -> String {
        if self.is_free() {
            return "Free".into();
        }
        if self.cost_options.is_empty() {
            return "Not known".into();
        }
        self.cost_options
            .iter()
            .map(|c| {
                let amount = c.amount_description.clone().or_else(|| {
                    c.amount.map(|a| {
                        if a == 0.0 {
                            "Free".to_owned()
                        } else {
                            format!("£{a:.2}")
                        }
                    })
                });
                [c.option.clone(), amount]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(": ")
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Whether its last check is older than `review_months` on `today` (or it never was
    /// checked): due to be checked, and "may be out of date" to the people reading it.
    pub fn check_due(&self, today: NaiveDate, review_months: u32) -> bool {
        is_check_due(self.assured_date, today, review_months)
    }
}

impl Validate for Service {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut check = Check::new();
        check
            .text("name", &self.name, "the service's name", SERVICE_NAME_MAX)
            .require(
                self.organization_id.is_nil(),
                "organization_id",
                "Choose the organisation that runs the service",
            )
            .require(
                self.description.chars().count() > DESCRIPTION_MAX,
                "description",
                format!("Description must be {DESCRIPTION_MAX} characters or fewer"),
            )
            .require(
                self.minimum_age.is_some_and(|a| a > AGE_MAX),
                "minimum_age",
                format!("Minimum age must be {AGE_MAX} or less"),
            )
            .require(
                self.maximum_age.is_some_and(|a| a > AGE_MAX),
                "maximum_age",
                format!("Maximum age must be {AGE_MAX} or less"),
            )
            .require(
                matches!((self.minimum_age, self.maximum_age), (Some(min), Some(max)) if max < min),
                "maximum_age",
                "Maximum age must be the same as or more than the minimum age",
            )
            .require(
                self.cost_options
                    .iter()
                    .any(|c| c.amount.is_some_and(|a| !a.is_finite() || a < 0.0)),
                "cost_options",
                "A cost must be £0 or more",
            )
            .require(
                self.languages.iter().any(|l| l.name.trim().is_empty()),
                "languages",
                "Every language needs a name",
            )
            .require(
                self.service_areas.iter().any(|a| a.name.trim().is_empty()),
                "service_areas",
                "Every area needs a name",
            )
            .require(
                self.phones
                    .iter()
                    .chain(self.contacts.iter().flat_map(|c| &c.phones))
                    .any(|p| !looks_like_phone(&p.number)),
                "phones",
                "Enter a telephone number, like 01274 432111 or +44 1274 432111",
            );
        absolute_url(&mut check, "url", self.url.as_deref());
        optional_email(&mut check, "email", self.email.as_deref());
        optional_email(&mut check, "assurer_email", self.assurer_email.as_deref());
        for (i, s) in self.schedules.iter().enumerate() {
            nested(&mut check, &format!("schedules.{i}"), s.validate());
        }
        for (i, at) in self.service_at_locations.iter().enumerate() {
            for (j, s) in at.schedules.iter().enumerate() {
                nested(
                    &mut check,
                    &format!("service_at_locations.{i}.schedules.{j}"),
                    s.validate(),
                );
            }
        }
        check.finish()
    }
}

/// Digits, spaces, brackets, dashes and one leading `+`; at least 3 digits (111, 999) and at
/// most 15 (the international limit).
/// Whether an entry last checked on `checked` (`None`: never) is due to be checked on `today`:
/// checked before the line `review_months` back. The review queue's SQL asks the same of the
/// database (`assured_date is null or assured_date < line`).
pub fn is_check_due(checked: Option<NaiveDate>, today: NaiveDate, review_months: u32) -> bool {
    let line = review_line(today, review_months);
    checked.is_none_or(|checked| checked < line)
}

/// Services last checked before this date are due.
pub fn review_line(today: NaiveDate, review_months: u32) -> NaiveDate {
    today
        .checked_sub_months(chrono::Months::new(review_months))
        .unwrap_or(today)
}

pub fn looks_like_phone(number: &str) -> bool {
    let number = number.trim();
    let digits = number.chars().filter(char::is_ascii_digit).count();
    let body = number.strip_prefix('+').unwrap_or(number);
    (3..=15).contains(&digits)
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '(' | ')' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::schedule::{ByDay, Frequency};
    use chrono::{NaiveTime, Weekday};

    pub(crate) fn service() -> Service {
        Service {
            id: Uuid::from_u128(1),
            organization_id: Uuid::from_u128(2),
            name: "Memory café at Keighley Library".into(),
            description: "A relaxed morning for people living with dementia and their carers.".into(),
            url: Some("https://example.org/memory-cafe".into()),
            email: None,
            status: ServiceStatus::Active,
            alert: None,
            minimum_age: Some(18),
            maximum_age: None,
            assured_date: None,
            assurer_email: None,
            last_modified: epoch(),
            taxonomy_term_ids: vec![],
            schedules: vec![],
            service_at_locations: vec![],
            service_areas: vec![],
            languages: vec![],
            cost_options: vec![],
            phones: vec![],
            contacts: vec![],
        }
    }

    #[test]
    fn a_good_service_passes() {
        assert_eq!(service().validate(), Ok(()));
    }

    #[test]
    fn bad_fields_are_named_one_by_one() {
        let mut s = service();
        s.name = "  ".into();
        s.url = Some("www.example.org".into());
        s.email = Some("not an email".into());
        s.minimum_age = Some(65);
        s.maximum_age = Some(18);
        s.phones = vec![Phone {
            id: Uuid::nil(),
            number: "call us".into(),
            description: None,
        }];
        s.schedules = vec![Schedule {
            id: Uuid::nil(),
            freq: Frequency::Weekly,
            interval: 1,
            dtstart: None,
            byday: vec![ByDay {
                weekday: Weekday::Mon,
                nth: None,
            }],
            bymonthday: vec![],
            opens_at: NaiveTime::from_hms_opt(12, 0, 0),
            closes_at: NaiveTime::from_hms_opt(10, 0, 0),
            valid_from: None,
            valid_to: None,
            description: String::new(),
        }];
        let errors = s.validate().unwrap_err();
        for field in [
            "name",
            "url",
            "email",
            "maximum_age",
            "phones",
            "schedules.0.closes_at",
        ] {
            assert!(errors.contains_key(field), "{field} in {errors:?}");
        }
    }

    #[test]
    fn free_means_said_to_be_free() {
        let mut s = service();
        assert!(!s.is_free(), "no costs given is not known to be free");
        s.cost_options = vec![CostOption {
            id: Uuid::nil(),
            option: Some("Free".into()),
            amount: Some(0.0),
            amount_description: None,
        }];
        assert!(s.is_free());
        s.cost_options.push(CostOption {
            id: Uuid::from_u128(9),
            option: Some("Lunch".into()),
            amount: Some(3.5),
            amount_description: None,
        });
        assert!(!s.is_free());
    }

    #[test]
    fn checks_fall_due_after_the_review_age_and_statuses_read_as_people_expect() {
        let mut s = service();
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        s.assured_date = Some(day(9, 4));
        assert!(!s.check_due(day(12, 4), 3), "checked three months ago to the day");
        s.assured_date = Some(day(9, 3));
        assert!(s.check_due(day(12, 4), 3));
        s.assured_date = None;
        assert!(s.check_due(day(12, 4), 3), "never checked");
        assert!(ServiceStatus::TemporarilyClosed.is_listed());
        assert!(!ServiceStatus::Defunct.is_listed() && !ServiceStatus::Inactive.is_listed());
        assert_eq!(
            serde_json::to_value(ServiceStatus::TemporarilyClosed).unwrap(),
            "temporarily closed"
        );
        assert_eq!(
            ServiceStatus::parse("Temporarily Closed"),
            Some(ServiceStatus::TemporarilyClosed)
        );
    }

    #[test]
    fn phone_numbers_are_digits_with_punctuation() {
        for good in ["01274 432111", "+44 (0)1274 432111", "999", "07700-900123"] {
            assert!(looks_like_phone(good), "{good}");
        }
        for bad in ["", "12", "ring the office", "+44 +1274", "0127443211112345678"] {
            assert!(!looks_like_phone(bad), "{bad}");
        }
    }
}
