//! The unmet-need report: every search a practitioner makes in the directory is counted,
//! without who made it, so commissioners can see where searches find nothing or little.
//!
//! What is counted is what the search asked (which filters, the category, the area, the age
//! *group*, the day wanted) and how many services it found; never who searched or the person's
//! exact age. The words typed are kept only when they found nothing (that is the gap), folded
//! to plain lower-case words, and shown only once `PEOPLE_FOR_WORDS` different people have
//! searched them: a practitioner may have typed the person's name.

use chrono::{NaiveDate, NaiveDateTime, Weekday};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldErrors;
use crate::directory::search::finding::{Finding, Open};
use crate::validate::{Check, Validate};

/// A search finding this many services or fewer (but some) "found few".
pub const FEW: u32 = 3;
/// Words that found nothing are shown once this many different people have searched them.
pub const PEOPLE_FOR_WORDS: u32 = 3;
/// The most searches one request sends.
pub const BATCH_MAX: usize = 200;
/// The longest area and words kept (longer is cut, by the device and again by the server).
pub const TEXT_MAX: usize = 100;
/// How far back a device may send a search made offline.
pub const OLDEST_DAYS: i64 = 400;

/// The person's age, only as a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AgeGroup {
    #[serde(rename = "under_18")]
    Under18,
    #[serde(rename = "18_to_64")]
    From18To64,
    #[serde(rename = "65_and_over")]
    From65,
}

impl AgeGroup {
    pub const ALL: [AgeGroup; 3] = [AgeGroup::Under18, AgeGroup::From18To64, AgeGroup::From65];

    pub fn of(age: u8) -> AgeGroup {
        match age {
            0..=17 => AgeGroup::Under18,
            18..=64 => AgeGroup::From18To64,
            _ => AgeGroup::From65,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AgeGroup::Under18 => "under_18",
            AgeGroup::From18To64 => "18_to_64",
            AgeGroup::From65 => "65_and_over",
        }
    }

    pub fn parse(s: &str) -> Option<AgeGroup> {
        AgeGroup::ALL.into_iter().find(|g| g.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            AgeGroup::Under18 => "Under 18",
            AgeGroup::From18To64 => "18 to 64",
            AgeGroup::From65 => "65 and over",
        }
    }
}

/// A filter a search used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Filter {
    Words,
    Category,
    Area,
    /// Near a place or the device's location (which is never sent).
    Near,
    Day,
    Age,
    Free,
    Language,
    Accessibility,
}

impl Filter {
    pub const ALL: [Filter; 9] = [
        Filter::Words,
        Filter::Category,
        Filter::Area,
        Filter::Near,
        Filter::Day,
        Filter::Age,
        Filter::Free,
        Filter::Language,
        Filter::Accessibility,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Filter::Words => "words",
            Filter::Category => "category",
            Filter::Area => "area",
            Filter::Near => "near",
            Filter::Day => "day",
            Filter::Age => "age",
            Filter::Free => "free",
            Filter::Language => "language",
            Filter::Accessibility => "accessibility",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Filter::Words => "Words",
            Filter::Category => "Category",
            Filter::Area => "Area",
            Filter::Near => "Near a place",
            Filter::Day => "Day or time open",
            Filter::Age => "Age",
            Filter::Free => "Free",
            Filter::Language => "Language",
            Filter::Accessibility => "Accessibility",
        }
    }
}

/// One search, as counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountedSearch {
    /// Made by the device, so a search sent twice (an answer lost on the way) counts once.
    pub id: Uuid,
    /// The day it was made (not the time: nothing to line up with anyone's day).
    pub on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_group: Option<AgeGroup>,
    /// The day it had to be open ("open now" and "open today" are the day searched on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub day: Option<Weekday>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    pub results: u32,
    /// The words, folded, only when nothing was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
}

/// Words as kept: folded to lower-case words without accents, punctuation or common words
/// ("Knitting  Group!" and "knitting group" are one), at most `TEXT_MAX` characters.
pub fn fold_words(text: &str) -> String {
    let mut kept = String::new();
    for word in crate::directory::search::words(text) {
        if kept.chars().count() + word.chars().count() + 1 > TEXT_MAX {
            break;
        }
        if !kept.is_empty() {
            kept.push(' ');
        }
        kept.push_str(&word);
    }
    kept
}

fn cut(text: &str) -> String {
    text.trim().chars().take(TEXT_MAX).collect()
}

impl CountedSearch {
    /// `finding`, asked at `now`, having found `results` services. `None` when it asked nothing
    /// (browsing the categories) or its age was not a number (an error, not a search).
    pub fn of(finding: &Finding, now: NaiveDateTime, results: usize, id: Uuid) -> Option<CountedSearch> {
        let query = finding.query(now).ok()?;
        if finding.words.is_empty() && !finding.has_filters() {
            return None;
        }
        let mut filters = Vec::new();
        let mut used = |on: bool, filter| {
            if on {
                filters.push(filter);
            }
        };
        used(!finding.words.is_empty(), Filter::Words);
        used(finding.category.is_some(), Filter::Category);
        used(!finding.area.is_empty(), Filter::Area);
        used(!finding.near.is_empty(), Filter::Near);
        used(finding.open != Open::Any, Filter::Day);
        used(query.minimum_age.is_some(), Filter::Age);
        used(finding.free, Filter::Free);
        used(!finding.language.is_empty(), Filter::Language);
        used(!finding.accessibility.is_empty(), Filter::Accessibility);
        let results = u32::try_from(results).unwrap_or(u32::MAX);
        let words = (results == 0)
            .then(|| fold_words(&finding.words))
            .filter(|w| !w.is_empty());
        Some(CountedSearch {
            id,
            on: now.date(),
            category: finding.category,
            area: (!finding.area.is_empty()).then(|| cut(&finding.area)),
            age_group: query.minimum_age.map(AgeGroup::of),
            day: query.open_on,
            filters,
            results,
            words,
        })
    }

    /// As the server keeps it: words only when nothing was found, folded again; text cut to
    /// length (a device is not trusted to have done it).
    pub fn kept(&self) -> CountedSearch {
        let mut filters = self.filters.clone();
        filters.sort();
        filters.dedup();
        CountedSearch {
            area: self.area.as_deref().map(cut).filter(|a| !a.is_empty()),
            words: self
                .words
                .as_deref()
                .filter(|_| self.results == 0)
                .map(fold_words)
                .filter(|w| !w.is_empty()),
            filters,
            ..self.clone()
        }
    }
}

/// Searches a device sends: those made since it last sent, online or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountedSearches {
    pub searches: Vec<CountedSearch>,
}

impl CountedSearches {
    /// Checked against `today` on the server's clock: no search from the future (a day's
    /// grace for time zones) or from more than `OLDEST_DAYS` ago.
    pub fn check(&self, today: NaiveDate) -> Result<(), FieldErrors> {
        let earliest = today - chrono::Duration::days(OLDEST_DAYS);
        let latest = today + chrono::Duration::days(1);
        Check::new()
            .require(
                self.searches.len() > BATCH_MAX,
                "searches",
                format!("Send at most {BATCH_MAX} searches at once"),
            )
            .require(
                self.searches.iter().any(|s| s.on < earliest || s.on > latest),
                "searches",
                format!("A search's date must be within the last {OLDEST_DAYS} days"),
            )
            .finish()
    }
}

impl Validate for CountedSearches {
    fn validate(&self) -> Result<(), FieldErrors> {
        self.check(chrono::Utc::now().date_naive())
    }
}

/// What the server counted of a device's searches (a search sent again is not counted again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counted {
    pub counted: u64,
}

/// What the report groups searches by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    #[default]
    Category,
    Area,
    AgeGroup,
    Day,
}

impl GroupBy {
    pub const ALL: [GroupBy; 4] = [GroupBy::Category, GroupBy::Area, GroupBy::AgeGroup, GroupBy::Day];

    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Category => "category",
            GroupBy::Area => "area",
            GroupBy::AgeGroup => "age_group",
            GroupBy::Day => "day",
        }
    }

    pub fn parse(s: &str) -> Option<GroupBy> {
        GroupBy::ALL.into_iter().find(|g| g.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            GroupBy::Category => "Category",
            GroupBy::Area => "Area",
            GroupBy::AgeGroup => "Age group",
            GroupBy::Day => "Day wanted",
        }
    }

    /// What a search without this filter is counted under.
    pub fn none_label(self) -> &'static str {
        match self {
            GroupBy::Category => "No category chosen",
            GroupBy::Area => "No area chosen",
            GroupBy::AgeGroup => "No age given",
            GroupBy::Day => "Any day",
        }
    }
}

/// Searches in one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupCount {
    /// The group as stored (a category's id, an area, `under_18`, `Mon`), `None` for searches
    /// without the filter.
    pub key: Option<String>,
    pub label: String,
    pub searches: u64,
    pub found_nothing: u64,
    /// Found at least one service but no more than `FEW`.
    pub found_few: u64,
}

/// Words that found nothing, searched by at least `PEOPLE_FOR_WORDS` different people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnmetWords {
    pub words: String,
    /// Searches for them in the period.
    pub searches: u64,
}

/// The unmet-need report for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnmetReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub by: GroupBy,
    /// Every search in the period.
    pub total: GroupCount,
    /// Most searches that found nothing first.
    pub groups: Vec<GroupCount>,
    /// How often each filter was used, among all searches and those that found nothing.
    pub filters: Vec<GroupCount>,
    pub words: Vec<UnmetWords>,
}

/// The most days one report covers.
pub const PERIOD_MAX_DAYS: i64 = 366 * 3;

/// A period as asked for: `from` and `to` (both included), checked.
pub fn period(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), FieldErrors> {
    let to = to.unwrap_or(today);
    let from = from.unwrap_or(to - chrono::Duration::days(89));
    Check::new()
        .require(
            from > to,
            "from",
            "The start of the period must be on or before its end",
        )
        .require(
            (to - from).num_days() > PERIOD_MAX_DAYS,
            "from",
            "Choose a period of three years or less",
        )
        .finish()?;
    Ok((from, to))
}

/// A weekday's name, from its stored form ("Mon").
pub fn day_label(stored: &str) -> Option<&'static str> {
    let day: Weekday = stored.parse().ok()?;
    Some(Open::On(day).label())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn friday_at_ten() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 4)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
    }

    fn finding(words: &str) -> Finding {
        Finding {
            words: words.into(),
            ..Finding::default()
        }
    }

    #[test]
    fn words_are_kept_only_when_nothing_was_found() {
        let id = Uuid::nil();
        let found = CountedSearch::of(&finding("Knitting  Group!"), friday_at_ten(), 2, id).unwrap();
        assert_eq!(found.words, None);
        assert_eq!(found.filters, vec![Filter::Words]);
        let none = CountedSearch::of(&finding("The Knitting  Group!"), friday_at_ten(), 0, id).unwrap();
        assert_eq!(none.words.as_deref(), Some("knitting group"));
        // A device that sends words with results anyway: the server drops them.
        let sent = CountedSearch {
            words: Some("Jane Doe".into()),
            ..found
        };
        assert_eq!(sent.kept().words, None);
    }

    #[test]
    fn the_age_is_kept_as_a_group_and_now_as_the_day() {
        let f = Finding {
            age: "70".into(),
            open: Open::Now,
            area: " Keighley ".into(),
            near: "53.867,-1.911".into(),
            free: true,
            ..Finding::default()
        };
        let counted = CountedSearch::of(&f, friday_at_ten(), 1, Uuid::nil()).unwrap();
        assert_eq!(counted.age_group, Some(AgeGroup::From65));
        assert_eq!(counted.day, Some(Weekday::Fri));
        assert_eq!(counted.area.as_deref(), Some("Keighley"));
        assert_eq!(
            counted.filters,
            vec![Filter::Area, Filter::Near, Filter::Day, Filter::Age, Filter::Free]
        );
        assert_eq!(counted.on, friday_at_ten().date());
        let json = serde_json::to_string(&counted).unwrap();
        assert!(!json.contains("70"), "{json}");
        assert!(
            !json.contains("53.8"),
            "the device's location is never sent: {json}"
        );
    }

    #[test]
    fn browsing_and_a_bad_age_are_not_searches() {
        assert_eq!(
            CountedSearch::of(&Finding::default(), friday_at_ten(), 30, Uuid::nil()),
            None
        );
        let bad = Finding {
            age: "seventy".into(),
            ..finding("lunch")
        };
        assert_eq!(CountedSearch::of(&bad, friday_at_ten(), 0, Uuid::nil()), None);
    }

    #[test]
    fn age_groups_have_edges() {
        assert_eq!(AgeGroup::of(17), AgeGroup::Under18);
        assert_eq!(AgeGroup::of(18), AgeGroup::From18To64);
        assert_eq!(AgeGroup::of(64), AgeGroup::From18To64);
        assert_eq!(AgeGroup::of(65), AgeGroup::From65);
        for g in AgeGroup::ALL {
            assert_eq!(AgeGroup::parse(g.as_str()), Some(g));
            assert_eq!(serde_json::to_value(g).unwrap(), g.as_str());
        }
    }

    #[test]
    fn long_words_are_cut_at_a_word() {
        let long = "befriending ".repeat(20);
        let kept = fold_words(&long);
        assert!(kept.chars().count() <= TEXT_MAX);
        assert!(kept.ends_with("befriending"));
    }

    #[test]
    fn a_batch_is_checked_for_size_and_dates() {
        let today = friday_at_ten().date();
        let one = CountedSearch::of(&finding("lunch"), friday_at_ten(), 0, Uuid::nil()).unwrap();
        let batch = |s: Vec<CountedSearch>| CountedSearches { searches: s };
        assert!(batch(vec![one.clone()]).check(today).is_ok());
        let future = CountedSearch {
            on: today + chrono::Duration::days(2),
            ..one.clone()
        };
        assert!(batch(vec![future]).check(today).is_err());
        let old = CountedSearch {
            on: today - chrono::Duration::days(OLDEST_DAYS + 1),
            ..one.clone()
        };
        assert!(batch(vec![old]).check(today).is_err());
        assert!(batch(vec![one; BATCH_MAX + 1]).check(today).is_err());
    }

    #[test]
    fn a_period_defaults_to_ninety_days_and_must_run_forwards() {
        let today = friday_at_ten().date();
        let (from, to) = period(None, None, today).unwrap();
        assert_eq!((to - from).num_days(), 89);
        assert_eq!(to, today);
        assert!(period(Some(today), Some(today - chrono::Duration::days(1)), today).is_err());
        assert_eq!(day_label("Sun"), Some("Sunday"));
        assert_eq!(day_label("Someday"), None);
    }
}
