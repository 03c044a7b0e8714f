//! The directory's API: finding services, pages of results, a service's change history, and
//! problems reported by the people who use it.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldErrors;
use crate::validate::{Check, Validate};

/// The most results one page holds (the feed's `per_page` is capped here).
pub const PER_PAGE_MAX: u32 = 100;
pub const PER_PAGE_DEFAULT: u32 = 20;
pub const NOTE_MAX: usize = 2_000;

/// What to find. Every filter narrows; none given lists every listed service, by name when
/// there are no search words, best match first when there are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceQuery {
    /// Words, stemmed ("befriender" finds "befriending"); name counts above categories, and
    /// categories above the description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// A category and every kind of it under it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy_term_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_after: Option<DateTime<Utc>>,
    /// Services open to someone this age or older (the service's maximum is at least this).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_age: Option<u8>,
    /// Services open to someone this age or younger (the service's minimum is at most this).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_age: Option<u8>,
    /// A named area the service covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// Open on this day (and, with `open_at`, at this time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub open_on: Option<Weekday>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub open_at: Option<NaiveTime>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub free: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// An accessibility feature of a place it happens at ("Hearing loop").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessibility: Option<String>,
    /// Nearest first, with how far each is: a place of the district ("Keighley"), a postcode
    /// of the council's postcode table ("BD21 3LZ") or a point ("53.867,-1.911").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub near: Option<String>,
    /// With `near`: only places within this many metres of it (the ORUK feed's `proximity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proximity: Option<u32>,
    /// Inactive and defunct services too (history; commissioners).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub include_inactive: bool,
    /// Only services not checked since this date (the review queue), oldest check first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked_before: Option<NaiveDate>,
    #[serde(default = "first_page")]
    pub page: u32,
    #[serde(default = "default_per_page")]
    pub per_page: u32,
}

fn first_page() -> u32 {
    1
}

fn default_per_page() -> u32 {
    PER_PAGE_DEFAULT
}

impl ServiceQuery {
    /// The page asked for, from 1, and a size between 1 and `PER_PAGE_MAX`.
    pub fn paging(&self) -> (u32, u32) {
        (self.page.max(1), self.per_page.clamp(1, PER_PAGE_MAX))
    }

    /// The search words, or `None` for none worth searching for.
    pub fn words(&self) -> Option<&str> {
        self.search.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
}

/// One page of a list, with the seven page fields HSDS's API and the ORUK validator expect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub total_items: u64,
    pub total_pages: u64,
    pub page_number: u64,
    /// How many this page holds (not how many a page could hold).
    pub size: u64,
    pub first_page: bool,
    pub last_page: bool,
    pub empty: bool,
    pub contents: Vec<T>,
}

impl<T> Page<T> {
    /// Page `page_number` (from 1) of `total_items`, `per_page` at a time, holding `contents`.
    pub fn new(contents: Vec<T>, total_items: u64, page_number: u32, per_page: u32) -> Page<T> {
        let per_page = u64::from(per_page.max(1));
        let total_pages = total_items.div_ceil(per_page).max(1);
        let page_number = u64::from(page_number.max(1));
        Page {
            total_items,
            total_pages,
            page_number,
            size: contents.len() as u64,
            first_page: page_number == 1,
            last_page: page_number >= total_pages,
            empty: contents.is_empty(),
            contents,
        }
    }

    /// This page's counts around other contents: the records its ids stand for. One deleted in
    /// between is simply not there, and `size` and `empty` say what the page really holds.
    pub fn with_contents<U>(self, contents: Vec<U>) -> Page<U> {
        Page {
            total_items: self.total_items,
            total_pages: self.total_pages,
            page_number: self.page_number,
            size: contents.len() as u64,
            first_page: self.first_page,
            last_page: self.last_page,
            empty: contents.is_empty(),
            contents,
        }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            total_items: self.total_items,
            total_pages: self.total_pages,
            page_number: self.page_number,
            size: self.size,
            first_page: self.first_page,
            last_page: self.last_page,
            empty: self.empty,
            contents: self.contents.into_iter().map(f).collect(),
        }
    }
}

/// How a change reached a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeSource {
    /// Edited in the app.
    App,
    /// A feed or file imported.
    Import,
    /// "Checked today".
    Check,
}

impl ChangeSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeSource::App => "app",
            ChangeSource::Import => "import",
            ChangeSource::Check => "check",
        }
    }

    pub fn parse(s: &str) -> Option<ChangeSource> {
        [ChangeSource::App, ChangeSource::Import, ChangeSource::Check]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// One field of a service changed: who, when, from what to what (in words).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceChange {
    pub changed_at: DateTime<Utc>,
    /// The person's name; absent for a command-line import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_by: Option<String>,
    pub source: ChangeSource,
    pub field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    Closed,
    WrongDetails,
    Moved,
    Other,
}

impl ReportKind {
    pub const ALL: [ReportKind; 4] = [
        ReportKind::Closed,
        ReportKind::WrongDetails,
        ReportKind::Moved,
        ReportKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Closed => "closed",
            ReportKind::WrongDetails => "wrong_details",
            ReportKind::Moved => "moved",
            ReportKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReportKind::Closed => "It has closed",
            ReportKind::WrongDetails => "Some details are wrong",
            ReportKind::Moved => "It has moved",
            ReportKind::Other => "Something else",
        }
    }

    pub fn parse(s: &str) -> Option<ReportKind> {
        ReportKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Open,
    Resolved,
    Dismissed,
}

impl ReportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Open => "open",
            ReportStatus::Resolved => "resolved",
            ReportStatus::Dismissed => "dismissed",
        }
    }

    pub fn parse(s: &str) -> Option<ReportStatus> {
        [
            ReportStatus::Open,
            ReportStatus::Resolved,
            ReportStatus::Dismissed,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// "Report a problem" with a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewReport {
    pub kind: ReportKind,
    #[serde(default)]
    pub note: String,
    /// Made by a device that kept the report to send later: sent again (its answer lost on
    /// the way), it is filed once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Uuid>,
}

impl Validate for NewReport {
    fn validate(&self) -> Result<(), FieldErrors> {
        Check::new()
            .require(
                self.kind != ReportKind::Closed && self.note.trim().is_empty(),
                "note",
                "Say what is wrong, so it can be put right",
            )
            .require(
                self.note.chars().count() > NOTE_MAX,
                "note",
                format!("Note must be {NOTE_MAX} characters or fewer"),
            )
            .finish()
    }
}

/// A commissioner's answer to a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportReply {
    /// `resolved` or `dismissed`.
    pub status: ReportStatus,
    pub reply: String,
}

impl Validate for ReportReply {
    fn validate(&self) -> Result<(), FieldErrors> {
        Check::new()
            .require(
                self.status == ReportStatus::Open,
                "status",
                "Choose whether the problem is resolved or dismissed",
            )
            .text("reply", &self.reply, "a reply", NOTE_MAX)
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProblemReport {
    pub id: Uuid,
    pub service_id: Uuid,
    pub service_name: String,
    pub kind: ReportKind,
    pub note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<String>,
    pub reported_at: DateTime<Utc>,
    pub status: ReportStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<DateTime<Utc>>,
}

/// A service in a list: enough to choose it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceListItem {
    pub id: Uuid,
    pub name: String,
    pub organization_name: String,
    pub status: crate::directory::ServiceStatus,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assured_date: Option<NaiveDate>,
    pub last_modified: DateTime<Utc>,
}

/// A service with what it refers to, as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceDetail {
    pub service: crate::directory::Service,
    pub organization: crate::directory::Organization,
    /// The places it happens at (`service.service_at_locations` refers to them).
    #[serde(default)]
    pub locations: Vec<crate::directory::Location>,
    #[serde(default)]
    pub categories: Vec<crate::directory::TaxonomyTerm>,
    /// Not checked for longer than the review age (or never).
    pub check_due: bool,
}

/// What a device keeps of the directory to search it offline: everything listed, or (asked
/// `since` its last copy) what changed after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Snapshot {
    /// Ask `since` this next time. It is a little before the copy was read (`SNAPSHOT_OVERLAP`),
    /// so a change committed while it was read comes again rather than never.
    pub taken_at: DateTime<Utc>,
    /// Whole services: every listed one; with `since`, every one changed after it, whatever its
    /// status (a device drops those no longer listed).
    pub services: Vec<crate::directory::Service>,
    /// Every organisation and place; with `since`, those changed after it.
    pub organizations: Vec<crate::directory::Organization>,
    pub locations: Vec<crate::directory::Location>,
    /// Every taxonomy, whole (a few kilobytes).
    pub taxonomies: Vec<crate::directory::Taxonomy>,
    /// Months after which a service's last check is too old to trust: the device tags such a
    /// service "may be out of date" as the server's pages do.
    pub review_months: u32,
    /// When the council's postcode table was last imported (`None`: it has none): a device
    /// whose table is older asks for it again (`GET /api/directory/postcodes`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcodes_at: Option<DateTime<Utc>>,
}

/// The council's postcode table as devices keep it: each postcode's centre, so a search near a
/// postcode works offline (`crate::directory::postcodes`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostcodeTable {
    /// When it was imported; `None` (and no rows) before the first import.
    pub imported_at: Option<DateTime<Utc>>,
    pub postcodes: Vec<PostcodeRow>,
}

/// `["BD21 3LZ", 53.867, -1.911]`: a postcode and its centre's latitude and longitude (WGS 84).
/// An array, not an object: a district's table has tens of thousands of rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostcodeRow(pub String, pub f64, pub f64);

/// A tuple of exactly three, described as one (utoipa's derive would say "an array of objects").
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for PostcodeRow {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, ArrayItems, ObjectBuilder, Type};
        let of = |t: Type, what: &str| {
            ObjectBuilder::new()
                .schema_type(t)
                .description(Some(what))
                .build()
        };
        ArrayBuilder::new()
            .prefix_items([
                of(Type::String, "postcode"),
                of(Type::Number, "latitude (WGS 84)"),
                of(Type::Number, "longitude (WGS 84)"),
            ])
            .items(ArrayItems::False)
            .min_items(Some(3))
            .max_items(Some(3))
            .description(Some("A postcode and its centre's latitude and longitude"))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for PostcodeRow {}

/// What importing a postcode table did: it replaces the table whole, or (any line wrong)
/// leaves it as it was and says which lines to put right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostcodeImport {
    pub imported_at: DateTime<Utc>,
    /// Postcodes now in the table.
    pub postcodes: u64,
    /// Rows with no position (the ONS directory gives 99.999999 for a postcode it cannot
    /// place), left out.
    pub without_position: u64,
}

/// How far before it was read a snapshot says it was taken, in seconds.
pub const SNAPSHOT_OVERLAP: i64 = 60;

/// A device asking for the directory: all of it, or what changed since its copy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SnapshotQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<DateTime<Utc>>,
}

/// The figures on a commissioner's home page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectorySummary {
    /// Listed services not checked within `review_months`.
    pub unchecked: u64,
    pub open_reports: u64,
    pub review_months: u32,
}

/// A category a commissioner adds to a taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewTerm {
    pub name: String,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Uuid>,
}

impl Validate for NewTerm {
    fn validate(&self) -> Result<(), FieldErrors> {
        Check::new()
            .text("name", &self.name, "the category's name", 100)
            .text(
                "description",
                &self.description,
                "a description of the category",
                1_000,
            )
            .finish()
    }
}

/// What became of a record or field an import found a problem with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProblemOutcome {
    /// Put right on the way in (a web address given its `https://`, HTML made plain text).
    Fixed,
    /// The value was left out; the record came in without it.
    Dropped,
    /// The whole record was left out (no name, no organisation, a repeated id).
    Skipped,
}

/// One problem an import found, named by record and field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProblem {
    /// "service 738f94e0-… (Memory café)".
    pub record: String,
    pub field: String,
    pub message: String,
    pub outcome: ProblemOutcome,
}

/// What an import found and did. A dry run reports the same, and stores nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// "ORUK 1.0", "ORUK 3.0 / HSDS 3.0" or "HSDS CSV".
    pub format: String,
    pub dry_run: bool,
    pub services_found: u64,
    pub services_skipped: u64,
    /// What applying it does (or, in a dry run, would do) to the directory's services.
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub organizations: u64,
    pub locations: u64,
    pub taxonomy_terms: u64,
    pub problems: Vec<ImportProblem>,
    /// Fields of the feed Touchstone does not keep, and on how many records.
    pub ignored_fields: std::collections::BTreeMap<String, u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_say_where_they_are_as_the_validator_checks() {
        let p = Page::new(vec![1, 2, 3, 4, 5], 12, 1, 5);
        assert_eq!(
            (p.total_pages, p.size, p.first_page, p.last_page, p.empty),
            (3, 5, true, false, false)
        );
        let last = Page::new(vec![11, 12], 12, 3, 5);
        assert_eq!((last.size, last.first_page, last.last_page), (2, false, true));
        let beyond = Page::<i32>::new(vec![], 12, 9, 5);
        assert!(beyond.empty && beyond.last_page && beyond.size == 0);
        let none = Page::<i32>::new(vec![], 0, 1, 5);
        assert_eq!(
            (none.total_pages, none.first_page, none.last_page, none.empty),
            (1, true, true, true)
        );
    }

    #[test]
    fn paging_is_kept_within_bounds() {
        let q = ServiceQuery {
            page: 0,
            per_page: 5000,
            ..ServiceQuery::default()
        };
        assert_eq!(q.paging(), (1, PER_PAGE_MAX));
        let q: ServiceQuery = serde_json::from_str("{}").unwrap();
        assert_eq!(q.paging(), (1, PER_PAGE_DEFAULT));
    }

    #[test]
    fn a_report_says_what_is_wrong_and_a_reply_answers_it() {
        assert!(
            NewReport {
                kind: ReportKind::Closed,
                note: String::new(),
                id: None,
            }
            .validate()
            .is_ok()
        );
        let e = NewReport {
            kind: ReportKind::WrongDetails,
            note: " ".into(),
            id: None,
        }
        .validate()
        .unwrap_err();
        assert!(e.contains_key("note"));
        let e = ReportReply {
            status: ReportStatus::Open,
            reply: String::new(),
        }
        .validate()
        .unwrap_err();
        assert!(e.contains_key("status") && e.contains_key("reply"));
    }
}
