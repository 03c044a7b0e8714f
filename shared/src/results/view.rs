//! The results API: what a workforce lead asks for (cuts, filters, period) and what comes back.
//! Every group in an answer is a cell of its period's release (`release`), hidden or shown there.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::period::{Granularity, Period};
use super::stats::{Change, Figures};
use crate::{FieldErrors, PcfLevel, TeamId};

/// What the groups can be cut by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    ServiceArea,
    Team,
    PcfLevel,
    Period,
}

impl Dimension {
    pub const ALL: [Dimension; 4] = [
        Dimension::ServiceArea,
        Dimension::Team,
        Dimension::PcfLevel,
        Dimension::Period,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::ServiceArea => "service_area",
            Dimension::Team => "team",
            Dimension::PcfLevel => "pcf_level",
            Dimension::Period => "period",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Dimension::ServiceArea => "Service area",
            Dimension::Team => "Team",
            Dimension::PcfLevel => "PCF level",
            Dimension::Period => "Period",
        }
    }
}

/// The wire value for "no PCF level was recorded".
pub const NOT_RECORDED: &str = "not_recorded";

/// A PCF level filter value's label, including "not recorded".
pub fn level_label(key: &str) -> String {
    match key.parse::<PcfLevel>() {
        Ok(level) => level.label().to_owned(),
        Err(_) => "PCF level not recorded".to_owned(),
    }
}

/// Who, when: one group in one period (the unit a comparison compares).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct Filters {
    pub service_area: Option<String>,
    pub team: Option<TeamId>,
    /// A PCF level's wire name, or `not_recorded`.
    pub pcf_level: Option<String>,
}

/// `GET /api/results`: one period (or the `periods` up to it when cut by period), cut by up to
/// two dimensions, filtered to single values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ResultsQuery {
    pub period: Period,
    /// With a period cut: how many periods, ending with `period` (default 4, at most 12).
    pub periods: Option<u32>,
    pub cut: Option<Dimension>,
    pub cut2: Option<Dimension>,
    #[serde(flatten)]
    pub filters: Filters,
    /// Show this domain's statements instead of the domains.
    pub domain: Option<String>,
}

/// Why a month cannot be asked for (see `timing`).
pub const MONTHS_REFUSED: &str = "Results come by quarter or year: a month's groups are too small to show without risking identifying people";

pub const DEFAULT_PERIODS: u32 = 4;
pub const MAX_PERIODS: u32 = 12;

impl ResultsQuery {
    pub fn cuts(&self) -> Vec<Dimension> {
        self.cut.into_iter().chain(self.cut2).collect()
    }

    pub fn granularity(&self) -> Granularity {
        self.period.granularity()
    }

    /// The periods the view covers, oldest first.
    pub fn period_range(&self) -> Vec<Period> {
        if !self.cuts().contains(&Dimension::Period) {
            return vec![self.period];
        }
        let count = self.periods.unwrap_or(DEFAULT_PERIODS).clamp(1, MAX_PERIODS);
        let mut periods = vec![self.period];
        while periods.len() < count as usize {
            let earlier = periods[0].previous();
            periods.insert(0, earlier);
        }
        periods
    }

    /// Field errors for a request that makes no sense; empty when it is fine.
    pub fn validate(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let mut add = |field: &str, message: &str| {
            errors
                .entry(field.to_owned())
                .or_default()
                .push(message.to_owned());
        };
        if self.period.granularity() == Granularity::Month {
            add("period", MONTHS_REFUSED);
        }
        if self.cut.is_none() && self.cut2.is_some() {
            add(
                "cut",
                "Choose the first way to split the results before the second",
            );
        }
        if self.cut.is_some() && self.cut == self.cut2 {
            add("cut2", "Choose a different second way to split the results");
        }
        let cuts = self.cuts();
        if cuts.contains(&Dimension::Team) && self.filters.team.is_some() {
            add("team", "Remove the team filter to split the results by team");
        }
        if cuts.contains(&Dimension::ServiceArea)
            && (self.filters.service_area.is_some() || self.filters.team.is_some())
        {
            add(
                "service_area",
                "Remove the service area and team filters to split the results by service area",
            );
        }
        if cuts.contains(&Dimension::PcfLevel) && self.filters.pcf_level.is_some() {
            add(
                "pcf_level",
                "Remove the PCF level filter to split the results by PCF level",
            );
        }
        if cuts.contains(&Dimension::Team) && cuts.contains(&Dimension::ServiceArea) {
            add(
                "cut2",
                "Teams are already within service areas: choose another second split",
            );
        }
        if let Some(level) = &self.filters.pcf_level
            && level != NOT_RECORDED
            && level.parse::<PcfLevel>().is_err()
        {
            add("pcf_level", "Choose a PCF level from the list");
        }
        if let Some(periods) = self.periods
            && !(1..=MAX_PERIODS).contains(&periods)
        {
            add("periods", "Choose between 1 and 12 periods");
        }
        errors
    }
}

/// What an answer can say about a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GroupStatus {
    /// Shown, with its figures (a group nobody was in is shown with 0 people).
    Shown,
    /// Hidden to protect individuals: one state, whatever the reason, so that nobody can tell
    /// the small groups from the ones hidden beside them.
    Hidden,
    /// Its period's figures are not released yet.
    NotReleased,
}

/// One group (a column of the results): its place in every cut, its size and whether shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Group {
    /// One label per cut, in the order of the cuts ("Keighley Locality", "Q3 2026").
    pub labels: Vec<String>,
    /// One key per cut (a team id, service area, level, period), to link or filter by.
    pub keys: Vec<String>,
    pub status: GroupStatus,
    /// People in the group; none unless shown.
    pub people: Option<u32>,
    /// Why it is not shown, in words.
    pub explanation: Option<String>,
}

/// A domain's or statement's figures in one group: `{"status": "shown", "figures": …}`, read
/// through [`FigureCellWire`] (see `sync::protocol::Outcome` for why: serde's internally tagged
/// path buffers every cell first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case", try_from = "FigureCellWire")]
pub enum FigureCell {
    Shown {
        figures: Figures,
    },
    /// Hidden to protect individuals: the group is hidden, fewer than k people rated it, or
    /// its figures would let such a group be worked out.
    Hidden,
    /// Nobody in the group rated it (or the group is not released).
    NoAnswers,
}

#[derive(Deserialize)]
struct FigureCellWire {
    status: FigureStatus,
    figures: Option<Figures>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum FigureStatus {
    Shown,
    Hidden,
    NoAnswers,
}

impl TryFrom<FigureCellWire> for FigureCell {
    type Error = &'static str;
    fn try_from(wire: FigureCellWire) -> Result<Self, Self::Error> {
        Ok(match wire.status {
            FigureStatus::Shown => FigureCell::Shown {
                figures: wire.figures.ok_or("missing field `figures`")?,
            },
            FigureStatus::Hidden => FigureCell::Hidden,
            FigureStatus::NoAnswers => FigureCell::NoAnswers,
        })
    }
}

impl FigureCell {
    pub fn shown(&self) -> Option<&Figures> {
        match self {
            FigureCell::Shown { figures } => Some(figures),
            _ => None,
        }
    }
}

/// A domain or statement and its figures in each group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemRow {
    pub key: String,
    pub label: String,
    pub figures: Vec<FigureCell>,
}

/// How many people asked for one kind of help with one domain, in each group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelpRow {
    pub domain_key: String,
    pub domain_label: String,
    pub help: String,
    pub help_label: String,
    /// People asking, per group; none where hidden (fewer than k, or it would let such a count
    /// be worked out) or the group shows nothing.
    pub requests: Vec<Option<u32>>,
}

/// Which release of a period an answer shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReleaseNote {
    pub period: Period,
    /// When the figures were worked out; they have not changed since and never will.
    pub released_at: DateTime<Utc>,
    /// Submissions received before this moment are included.
    pub complete_at: DateTime<Utc>,
    /// The smallest group the release shows.
    pub k: u32,
}

/// "Figures as of 8 October 2026 (Jul–Sep 2026 (Q3)), released once and never changed."
pub fn as_of(releases: &[ReleaseNote], pending: &[(Period, DateTime<Utc>)], grace_days: u32) -> String {
    let mut parts = Vec::new();
    if let Some(latest) = releases.iter().max_by_key(|r| r.released_at) {
        parts.push(format!(
            "Figures as of {}: each period's figures are released once, {grace_days} days after it ends (time for devices that were offline to send what they hold), and never change.",
            latest.released_at.format("%-d %B %Y")
        ));
    }
    for (period, at) in pending {
        parts.push(format!(
            "{} is not released yet: its figures come out on {}.",
            period.label(),
            at.format("%-d %B %Y")
        ));
    }
    parts.join(" ")
}

/// `GET /api/results` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultsView {
    pub query: ResultsQuery,
    /// The smallest group shown.
    pub k: u32,
    /// The releases the figures come from.
    pub releases: Vec<ReleaseNote>,
    /// Which release this is, in words ("Figures as of 8 October 2026 …").
    pub as_of: String,
    /// What the whole view covers, in words ("Everyone, Jul–Sep 2026 (Q3)").
    pub title: String,
    pub groups: Vec<Group>,
    /// Domains (or the chosen domain's statements), weakest first across the groups shown.
    pub items: Vec<ItemRow>,
    /// The chosen domain's label, when showing statements.
    pub domain_label: Option<String>,
    /// Most requested first.
    pub help: Vec<HelpRow>,
    /// Plain sentences summarising the view, for everyone and for screen readers.
    pub summary: Vec<String>,
}

/// `GET /api/results/periods`: where submissions start, the latest released periods, and the
/// next release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultsPeriods {
    /// The first month with submissions.
    pub first_month: Option<Period>,
    /// The latest released quarter (the period pages open on) and year.
    pub latest_quarter: Period,
    pub latest_year: Period,
    /// The next quarter to be released, and when.
    pub next_quarter: Period,
    pub next_release: DateTime<Utc>,
}

/// `GET /api/results/compare`: the same or different groups in two periods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CompareQuery {
    pub before: Period,
    pub after: Period,
    #[serde(flatten)]
    pub filters: Filters,
    /// Another group to compare with, in `after` (defaults to the same group).
    pub after_service_area: Option<String>,
    pub after_team: Option<TeamId>,
    pub after_pcf_level: Option<String>,
}

impl CompareQuery {
    pub fn after_filters(&self) -> Filters {
        if self.after_service_area.is_none() && self.after_team.is_none() && self.after_pcf_level.is_none() {
            return self.filters.clone();
        }
        Filters {
            service_area: self.after_service_area.clone(),
            team: self.after_team,
            pcf_level: self.after_pcf_level.clone(),
        }
    }

    pub fn validate(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        if self.before.granularity() == Granularity::Month || self.after.granularity() == Granularity::Month {
            errors
                .entry("before".into())
                .or_default()
                .push(MONTHS_REFUSED.into());
        }
        if self.before.granularity() != self.after.granularity() {
            errors
                .entry("after".into())
                .or_default()
                .push("Compare periods of the same length (two quarters or two years)".into());
        }
        for (field, level) in [
            ("pcf_level", &self.filters.pcf_level),
            ("after_pcf_level", &self.after_pcf_level),
        ] {
            if let Some(level) = level
                && level != NOT_RECORDED
                && level.parse::<PcfLevel>().is_err()
            {
                errors
                    .entry(field.into())
                    .or_default()
                    .push("Choose a PCF level from the list".into());
            }
        }
        errors
    }
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Side {
    pub label: String,
    pub status: GroupStatus,
    pub people: Option<u32>,
    pub explanation: Option<String>,
}

/// One domain compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeRow {
    pub key: String,
    pub label: String,
    /// None when either side is hidden or too small to say.
    pub change: Option<Change>,
    /// The change in words, or why there is none.
    pub sentence: String,
}

/// `GET /api/results/compare` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comparison {
    pub query: CompareQuery,
    pub k: u32,
    pub releases: Vec<ReleaseNote>,
    pub as_of: String,
    pub before: Side,
    pub after: Side,
    pub rows: Vec<ChangeRow>,
    pub summary: Vec<String>,
}

impl ResultsPeriods {
    /// The latest released period of `granularity`.
    pub fn latest(&self, granularity: Granularity) -> Period {
        match granularity {
            Granularity::Month | Granularity::Quarter => self.latest_quarter,
            Granularity::Year => self.latest_year,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(s: &str) -> ResultsQuery {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn figure_cells_keep_their_shape_and_read_back() {
        let shown = FigureCell::Shown {
            figures: Figures {
                people: 7,
                distribution: [0, 1, 2, 3, 1],
                not_applicable: 1,
                mean: Some(3.57),
                confident: Some(0.57),
            },
        };
        let text = serde_json::to_string(&shown).unwrap();
        assert!(
            text.starts_with(r#"{"status":"shown","figures":{"people":7"#),
            "{text}"
        );
        for cell in [shown, FigureCell::Hidden, FigureCell::NoAnswers] {
            let text = serde_json::to_string(&cell).unwrap();
            assert_eq!(serde_json::from_str::<FigureCell>(&text).unwrap(), cell);
        }
        assert_eq!(
            serde_json::to_string(&FigureCell::NoAnswers).unwrap(),
            r#"{"status":"no_answers"}"#
        );
        assert!(serde_json::from_str::<FigureCell>(r#"{"status":"shown"}"#).is_err());
        assert!(serde_json::from_str::<FigureCell>(r#"{"status":"guessed"}"#).is_err());
    }

    #[test]
    fn cuts_and_filters_must_not_overlap() {
        let fine =
            query(r#"{"period":"2026-Q3","cut":"team","cut2":"pcf_level","service_area":"Localities"}"#);
        assert!(fine.validate().is_empty());
        let twice = query(r#"{"period":"2026-Q3","cut":"team","cut2":"team"}"#);
        assert!(twice.validate().contains_key("cut2"));
        let filtered = query(r#"{"period":"2026-Q3","cut":"pcf_level","pcf_level":"student"}"#);
        assert!(filtered.validate().contains_key("pcf_level"));
        let second_only = query(r#"{"period":"2026-Q3","cut2":"team"}"#);
        assert!(second_only.validate().contains_key("cut"));
        let bad_level = query(r#"{"period":"2026-Q3","pcf_level":"wizard"}"#);
        assert!(bad_level.validate().contains_key("pcf_level"));
        assert!(serde_json::from_str::<ResultsQuery>(r#"{"period":"2026-Q5"}"#).is_err());
    }

    #[test]
    fn a_period_cut_covers_the_periods_up_to_the_one_chosen() {
        let q = query(r#"{"period":"2026-Q1","cut":"period","periods":3}"#);
        let range: Vec<String> = q.period_range().iter().map(ToString::to_string).collect();
        assert_eq!(range, ["2025-Q3", "2025-Q4", "2026-Q1"]);
        assert_eq!(query(r#"{"period":"2026-Q1"}"#).period_range().len(), 1);
    }

    #[test]
    fn comparisons_need_periods_of_one_length() {
        let q: CompareQuery = serde_json::from_str(r#"{"before":"2026-Q2","after":"2026-07"}"#).unwrap();
        assert!(q.validate().contains_key("after"));
        let same: CompareQuery =
            serde_json::from_str(r#"{"before":"2026-Q2","after":"2026-Q3","team":null}"#).unwrap();
        assert!(same.validate().is_empty());
        assert_eq!(same.after_filters(), same.filters);
    }
}
