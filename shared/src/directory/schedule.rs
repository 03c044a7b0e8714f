//! Opening times: HSDS schedules, a small part of iCalendar's recurrence rules.
//!
//! A schedule is weekly ("Mondays and Thursdays, 10:00 to 12:00", every week or every other
//! week) or monthly ("the first Tuesday", "the 1st and 15th"), between optional dates. The same
//! reading decides "open now" and "open on Saturdays" in search, on the server and on a device
//! offline, and how a service page says when it is open.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldErrors;
use crate::validate::{Check, Validate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum Frequency {
    Weekly,
    Monthly,
}

/// A day a schedule names: every such weekday, or (monthly) its nth in the month, counting from
/// the end when negative (`-1` is the last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ByDay {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub weekday: Weekday,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nth: Option<i8>,
}

/// When a service (or a service at one place) is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Schedule {
    pub id: Uuid,
    pub freq: Frequency,
    /// Every `interval` weeks or months, counted from `dtstart` (1: every one).
    #[serde(default = "one")]
    pub interval: u32,
    /// Where an interval above 1 counts from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dtstart: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub byday: Vec<ByDay>,
    /// Days of the month (monthly), `-1` for the last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bymonthday: Vec<i8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<NaiveTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<NaiveTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<NaiveDate>,
    /// In words, for what the rule cannot say ("term time only", "ring first").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// iCalendar's two-letter weekday names, Monday first.
const RRULE_DAYS: [(&str, Weekday); 7] = [
    ("MO", Weekday::Mon),
    ("TU", Weekday::Tue),
    ("WE", Weekday::Wed),
    ("TH", Weekday::Thu),
    ("FR", Weekday::Fri),
    ("SA", Weekday::Sat),
    ("SU", Weekday::Sun),
];

/// `byday` as HSDS writes it (and the database keeps it): `MO,TH`, `1TU`, `-1FR`.
pub fn byday_text(days: &[ByDay]) -> String {
    days.iter()
        .map(|d| {
            let code = RRULE_DAYS
                .iter()
                .find(|(_, w)| *w == d.weekday)
                .map_or("", |(c, _)| c);
            match d.nth {
                Some(n) => format!("{n}{code}"),
                None => code.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads `byday` text; `None` when a part is not a day ("MO,XX"). Spaces and case are forgiven,
/// as feeds write "mo, th" too.
pub fn parse_byday(text: &str) -> Option<Vec<ByDay>> {
    text.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|part| {
            let part = part.to_ascii_uppercase();
            let split = part.len().checked_sub(2)?;
            let (nth, code) = part.split_at(split);
            let weekday = RRULE_DAYS.iter().find(|(c, _)| *c == code)?.1;
            let nth = match nth.trim_start_matches('+') {
                "" => None,
                n => Some(n.parse::<i8>().ok()?),
            };
            Some(ByDay { weekday, nth })
        })
        .collect()
}

/// `bymonthday` as text: `1,15,-1`.
pub fn bymonthday_text(days: &[i8]) -> String {
    days.iter().map(i8::to_string).collect::<Vec<_>>().join(",")
}

pub fn parse_bymonthday(text: &str) -> Option<Vec<i8>> {
    text.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().ok())
        .collect()
}

/// Weekdays by name, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn ordinal(n: i32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn one() -> u32 {
    1
}

impl Schedule {
    /// Whether the service runs at all on `date`.
    pub fn runs_on(&self, date: NaiveDate) -> bool {
        if self.valid_from.is_some_and(|from| date < from) || self.valid_to.is_some_and(|to| date > to) {
            return false;
        }
        if !self.in_interval(date) {
            return false;
        }
        match self.freq {
            Frequency::Weekly => self.byday.iter().any(|d| d.weekday == date.weekday()),
            Frequency::Monthly => {
                self.byday.iter().any(|d| matches_nth(*d, date))
                    || self.bymonthday.iter().any(|&n| matches_month_day(n, date))
            }
        }
    }

    /// Whether it is open at `time` on `date`. A day with no hours given counts as open all day:
    /// the rule names the day, and the description says more.
    pub fn is_open(&self, date: NaiveDate, time: NaiveTime) -> bool {
        self.runs_on(date)
            && match (self.opens_at, self.closes_at) {
                (Some(opens), Some(closes)) => opens <= time && time < closes,
                (Some(opens), None) => opens <= time,
                (None, Some(closes)) => time < closes,
                (None, None) => true,
            }
    }

    /// In words: "Mondays and Thursdays, 10:00 to 12:00", "The 1st Tuesday of the month, from
    /// 14:00", "Every 2 weeks on Wednesdays". The description follows when there is one.
    pub fn describe(&self) -> String {
        let day = |d: &ByDay| {
            let name = WEEKDAY_NAMES[d.weekday.num_days_from_monday() as usize];
            match d.nth {
                Some(-1) => format!("the last {name}"),
                Some(n) => format!("the {} {name}", ordinal(i32::from(n))),
                None => format!("{name}s"),
            }
        };
        let mut parts: Vec<String> = self.byday.iter().map(day).collect();
        parts.extend(self.bymonthday.iter().map(|&n| match n {
            -1 => "the last day".to_owned(),
            n => format!("the {}", ordinal(i32::from(n))),
        }));
        let mut days = join_and(&parts);
        if self.freq == Frequency::Monthly {
            days.push_str(" of the month");
        }
        if self.interval > 1 {
            let unit = match self.freq {
                Frequency::Weekly => "weeks",
                Frequency::Monthly => "months",
            };
            days = format!("Every {} {unit}: {days}", self.interval);
        }
        let hours = match (self.opens_at, self.closes_at) {
            (Some(o), Some(c)) => format!(", {} to {}", o.format("%H:%M"), c.format("%H:%M")),
            (Some(o), None) => format!(", from {}", o.format("%H:%M")),
            (None, Some(c)) => format!(", until {}", c.format("%H:%M")),
            (None, None) => String::new(),
        };
        let mut text = capitalise_first(&format!("{days}{hours}"));
        if !self.description.trim().is_empty() {
            text.push_str(". ");
            text.push_str(self.description.trim());
        }
        text
    }

    /// Its hours in words: "10:00 to 12:00", "from 14:00", "until 16:00", or "all day".
    pub fn hours(&self) -> String {
        match (self.opens_at, self.closes_at) {
            (Some(o), Some(c)) => format!("{} to {}", o.format("%H:%M"), c.format("%H:%M")),
            (Some(o), None) => format!("from {}", o.format("%H:%M")),
            (None, Some(c)) => format!("until {}", c.format("%H:%M")),
            (None, None) => "all day".to_owned(),
        }
    }

    fn in_interval(&self, date: NaiveDate) -> bool {
        let (Some(start), true) = (self.dtstart, self.interval > 1) else {
            return true;
        };
        if date < start {
            return false;
        }
        let interval = i64::from(self.interval);
        match self.freq {
            Frequency::Weekly => {
                let week = |d: NaiveDate| i64::from(d.num_days_from_ce()).div_euclid(7);
                // Weeks counted Monday to Sunday, as the rule's days are.
                let monday =
                    |d: NaiveDate| d - chrono::Days::new(u64::from(d.weekday().num_days_from_monday()));
                (week(monday(date)) - week(monday(start))).rem_euclid(interval) == 0
            }
            Frequency::Monthly => {
                let months = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
                (months(date) - months(start)).rem_euclid(interval) == 0
            }
        }
    }
}

/// "The 2nd Tuesday" (`nth` 2) or "the last Friday" (`nth` -1) of `date`'s month; with no `nth`,
/// every such weekday.
fn matches_nth(day: ByDay, date: NaiveDate) -> bool {
    if day.weekday != date.weekday() {
        return false;
    }
    match day.nth {
        None => true,
        Some(n) if n > 0 => (date.day0() / 7 + 1) as i8 == n,
        Some(n) => {
            let days_in_month = days_in_month(date);
            (((days_in_month - date.day()) / 7) as i8 + 1) == -n
        }
    }
}

fn matches_month_day(n: i8, date: NaiveDate) -> bool {
    if n > 0 {
        date.day() == n as u32
    } else {
        days_in_month(date) as i64 + 1 + i64::from(n) == i64::from(date.day())
    }
}

fn days_in_month(date: NaiveDate) -> u32 {
    let (y, m) = (date.year(), date.month());
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    };
    next.and_then(|d| d.pred_opt()).map_or(31, |d| d.day())
}

impl Validate for Schedule {
    fn validate(&self) -> Result<(), FieldErrors> {
        Check::new()
            .require(
                self.byday.is_empty() && self.bymonthday.is_empty(),
                "byday",
                "Choose the days it is open",
            )
            .require(
                self.freq == Frequency::Weekly
                    && (self.byday.iter().any(|d| d.nth.is_some()) || !self.bymonthday.is_empty()),
                "byday",
                "A weekly timetable names weekdays only",
            )
            .require(
                self.byday
                    .iter()
                    .any(|d| matches!(d.nth, Some(n) if n == 0 || !(-5..=5).contains(&n))),
                "byday",
                "Say which week of the month: 1st to 5th, or the last",
            )
            .require(
                self.bymonthday
                    .iter()
                    .any(|&n| n == 0 || !(-31..=31).contains(&n)),
                "bymonthday",
                "A day of the month is from 1 to 31",
            )
            .require(
                self.interval == 0,
                "interval",
                "Repeat every 1 or more weeks or months",
            )
            .require(
                self.interval > 1 && self.dtstart.is_none(),
                "dtstart",
                "Enter the first date, to count the weeks or months from",
            )
            .require(
                matches!((self.opens_at, self.closes_at), (Some(o), Some(c)) if c <= o),
                "closes_at",
                "Closing time must be after opening time",
            )
            .require(
                matches!((self.valid_from, self.valid_to), (Some(f), Some(t)) if t < f),
                "valid_to",
                "The end date must be on or after the start date",
            )
            .finish()
    }
}

/// When a service runs on `date`, from all its `schedules`: each running one's hours, earliest
/// first and each once ("10:00 to 12:00", "from 14:00"); empty when none runs that day.
pub fn hours_on<'a>(schedules: impl IntoIterator<Item = &'a Schedule>, date: NaiveDate) -> Vec<String> {
    let mut running: Vec<&Schedule> = schedules.into_iter().filter(|s| s.runs_on(date)).collect();
    running.sort_by_key(|s| (s.opens_at, s.closes_at));
    let mut hours: Vec<String> = running.iter().map(|s| s.hours()).collect();
    hours.dedup();
    hours
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn time(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }

    fn weekly(days: &[Weekday], opens: &str, closes: &str) -> Schedule {
        Schedule {
            id: Uuid::nil(),
            freq: Frequency::Weekly,
            interval: 1,
            dtstart: None,
            byday: days.iter().map(|&weekday| ByDay { weekday, nth: None }).collect(),
            bymonthday: Vec::new(),
            opens_at: Some(time(opens)),
            closes_at: Some(time(closes)),
            valid_from: None,
            valid_to: None,
            description: String::new(),
        }
    }

    #[test]
    fn the_hours_on_a_day_are_those_running_it_earliest_first_each_once() {
        // 4 December 2026 is a Friday.
        let friday = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let afternoon = weekly(&[Weekday::Fri], "14:00", "16:00");
        let morning = weekly(&[Weekday::Mon, Weekday::Fri], "10:00", "12:00");
        let all_day = Schedule {
            opens_at: None,
            closes_at: None,
            ..weekly(&[Weekday::Sat], "09:00", "10:00")
        };
        let twice = [afternoon, morning.clone(), morning, all_day.clone()];
        assert_eq!(hours_on(&twice, friday), ["10:00 to 12:00", "14:00 to 16:00"]);
        assert!(hours_on(&twice, friday.succ_opt().unwrap().succ_opt().unwrap()).is_empty());
        assert_eq!(hours_on(&[all_day], friday.succ_opt().unwrap()), ["all day"]);
    }

    #[test]
    fn a_weekly_timetable_is_open_on_its_days_and_hours() {
        let s = weekly(&[Weekday::Mon, Weekday::Thu], "10:00", "12:00");
        assert_eq!(s.validate(), Ok(()));
        // 3 December 2026 is a Thursday.
        assert!(s.is_open(date("2026-12-03"), time("10:00")));
        assert!(s.is_open(date("2026-12-03"), time("11:59")));
        assert!(
            !s.is_open(date("2026-12-03"), time("12:00")),
            "closed at closing time"
        );
        assert!(!s.is_open(date("2026-12-03"), time("09:59")));
        assert!(!s.is_open(date("2026-12-04"), time("11:00")), "Friday");
        assert!(s.runs_on(date("2026-12-07")), "Monday");
    }

    #[test]
    fn every_other_week_counts_from_its_first_date() {
        let mut s = weekly(&[Weekday::Wed], "14:00", "16:00");
        s.interval = 2;
        s.dtstart = Some(date("2026-12-02")); // a Wednesday
        assert!(s.runs_on(date("2026-12-02")));
        assert!(!s.runs_on(date("2026-12-09")));
        assert!(s.runs_on(date("2026-12-16")));
        assert!(!s.runs_on(date("2026-11-18")), "not before it starts");
        assert!(s.runs_on(date("2027-01-13")), "across the year end: 6 weeks on");
    }

    #[test]
    fn monthly_rules_name_the_nth_or_last_weekday_or_a_date() {
        let first_tuesday = Schedule {
            freq: Frequency::Monthly,
            byday: vec![ByDay {
                weekday: Weekday::Tue,
                nth: Some(1),
            }],
            ..weekly(&[], "10:00", "12:00")
        };
        assert_eq!(first_tuesday.validate(), Ok(()));
        assert!(first_tuesday.runs_on(date("2026-12-01")));
        assert!(!first_tuesday.runs_on(date("2026-12-08")));
        assert!(first_tuesday.runs_on(date("2027-01-05")));

        let last_friday = Schedule {
            byday: vec![ByDay {
                weekday: Weekday::Fri,
                nth: Some(-1),
            }],
            ..first_tuesday.clone()
        };
        assert!(last_friday.runs_on(date("2026-12-25")));
        assert!(!last_friday.runs_on(date("2026-12-18")));
        assert!(last_friday.runs_on(date("2027-02-26")), "February");

        let dates = Schedule {
            byday: Vec::new(),
            bymonthday: vec![1, -1],
            ..first_tuesday
        };
        assert!(dates.runs_on(date("2026-12-01")));
        assert!(dates.runs_on(date("2026-12-31")));
        assert!(dates.runs_on(date("2027-02-28")), "the last day of February");
        assert!(!dates.runs_on(date("2026-12-15")));
    }

    #[test]
    fn a_schedule_runs_only_between_its_dates() {
        let mut s = weekly(&[Weekday::Thu], "10:00", "12:00");
        s.valid_from = Some(date("2026-12-01"));
        s.valid_to = Some(date("2026-12-10"));
        assert!(!s.runs_on(date("2026-11-26")));
        assert!(s.runs_on(date("2026-12-03")));
        assert!(s.runs_on(date("2026-12-10")), "the last day counts");
        assert!(!s.runs_on(date("2026-12-17")));
    }

    #[test]
    fn impossible_timetables_are_refused_field_by_field() {
        let no_days = weekly(&[], "10:00", "12:00");
        assert!(no_days.validate().unwrap_err().contains_key("byday"));
        let backwards = weekly(&[Weekday::Mon], "12:00", "10:00");
        assert!(backwards.validate().unwrap_err().contains_key("closes_at"));
        let mut unanchored = weekly(&[Weekday::Mon], "10:00", "12:00");
        unanchored.interval = 2;
        assert!(unanchored.validate().unwrap_err().contains_key("dtstart"));
        let mut nth_weekly = weekly(&[Weekday::Mon], "10:00", "12:00");
        nth_weekly.byday[0].nth = Some(2);
        assert!(nth_weekly.validate().unwrap_err().contains_key("byday"));
        let mut ended_before = weekly(&[Weekday::Mon], "10:00", "12:00");
        ended_before.valid_from = Some(date("2026-12-10"));
        ended_before.valid_to = Some(date("2026-12-01"));
        assert!(ended_before.validate().unwrap_err().contains_key("valid_to"));
    }

    #[test]
    fn a_schedule_says_itself_in_words() {
        assert_eq!(
            weekly(&[Weekday::Mon, Weekday::Thu], "10:00", "12:00").describe(),
            "Mondays and Thursdays, 10:00 to 12:00"
        );
        let mut monthly = weekly(&[], "14:00", "16:00");
        monthly.freq = Frequency::Monthly;
        monthly.byday = vec![
            ByDay {
                weekday: Weekday::Tue,
                nth: Some(1),
            },
            ByDay {
                weekday: Weekday::Fri,
                nth: Some(-1),
            },
        ];
        monthly.closes_at = None;
        monthly.description = "Ring first".into();
        assert_eq!(
            monthly.describe(),
            "The 1st Tuesday and the last Friday of the month, from 14:00. Ring first"
        );
        let mut fortnightly = weekly(&[Weekday::Wed], "09:30", "11:00");
        fortnightly.interval = 2;
        assert_eq!(
            fortnightly.describe(),
            "Every 2 weeks: Wednesdays, 09:30 to 11:00"
        );
    }

    #[test]
    fn byday_reads_and_writes_as_icalendar_does() {
        let days = parse_byday("MO, th,1TU,-1FR,+2WE").unwrap();
        assert_eq!(days[1].weekday, Weekday::Thu);
        assert_eq!(days[3].nth, Some(-1));
        assert_eq!(byday_text(&days), "MO,TH,1TU,-1FR,2WE");
        assert_eq!(parse_byday("MO,XX"), None);
        assert_eq!(parse_byday(""), Some(vec![]));
        assert_eq!(parse_bymonthday("1, 15,-1"), Some(vec![1, 15, -1]));
        assert_eq!(bymonthday_text(&[1, -1]), "1,-1");
        assert_eq!(parse_bymonthday("first"), None);
    }

    #[test]
    fn schedules_travel_as_hsds_names_them() {
        let s = weekly(&[Weekday::Mon], "10:00", "12:00");
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["freq"], "WEEKLY");
        assert_eq!(json["opens_at"], "10:00:00");
        assert!(json.get("valid_from").is_none(), "empty values are left out");
        let back: Schedule = serde_json::from_value(json).unwrap();
        assert_eq!(back, s);
    }
}
