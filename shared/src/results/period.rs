//! Reporting periods: calendar months, quarters and years (UTC), written `2026-07`, `2026-Q3` and
//! `2026`. Each submitted assessment is stamped with all three when it arrives, so SQL can group
//! and filter by them as plain text on either database; within one granularity the written form
//! sorts in time order.

use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};

/// How long a reporting period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    Month,
    Quarter,
    Year,
}

impl Granularity {
    pub const ALL: [Granularity; 3] = [Granularity::Month, Granularity::Quarter, Granularity::Year];

    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Month => "month",
            Granularity::Quarter => "quarter",
            Granularity::Year => "year",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Granularity::Month => "Month",
            Granularity::Quarter => "Quarter",
            Granularity::Year => "Year",
        }
    }
}

/// One reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// Year and month 1–12.
    Month(i32, u32),
    /// Year and quarter 1–4.
    Quarter(i32, u32),
    Year(i32),
}

impl Period {
    /// The period of `granularity` that `at` falls in.
    pub fn containing(at: DateTime<Utc>, granularity: Granularity) -> Period {
        match granularity {
            Granularity::Month => Period::Month(at.year(), at.month()),
            Granularity::Quarter => Period::Quarter(at.year(), (at.month() - 1) / 3 + 1),
            Granularity::Year => Period::Year(at.year()),
        }
    }

    pub fn granularity(self) -> Granularity {
        match self {
            Period::Month(..) => Granularity::Month,
            Period::Quarter(..) => Granularity::Quarter,
            Period::Year(_) => Granularity::Year,
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Month(y, _) | Period::Quarter(y, _) | Period::Year(y) => y,
        }
    }

    /// The period one level up (month → quarter → year); `None` for a year.
    pub fn parent(self) -> Option<Period> {
        match self {
            Period::Month(y, m) => Some(Period::Quarter(y, (m - 1) / 3 + 1)),
            Period::Quarter(y, _) => Some(Period::Year(y)),
            Period::Year(_) => None,
        }
    }

    /// The periods one level down, in order; empty for a month.
    pub fn children(self) -> Vec<Period> {
        match self {
            Period::Year(y) => (1..=4).map(|q| Period::Quarter(y, q)).collect(),
            Period::Quarter(y, q) => (1..=3).map(|i| Period::Month(y, (q - 1) * 3 + i)).collect(),
            Period::Month(..) => Vec::new(),
        }
    }

    /// The next period of the same granularity.
    pub fn next(self) -> Period {
        match self {
            Period::Month(y, 12) => Period::Month(y + 1, 1),
            Period::Month(y, m) => Period::Month(y, m + 1),
            Period::Quarter(y, 4) => Period::Quarter(y + 1, 1),
            Period::Quarter(y, q) => Period::Quarter(y, q + 1),
            Period::Year(y) => Period::Year(y + 1),
        }
    }

    /// The previous period of the same granularity.
    pub fn previous(self) -> Period {
        match self {
            Period::Month(y, 1) => Period::Month(y - 1, 12),
            Period::Month(y, m) => Period::Month(y, m - 1),
            Period::Quarter(y, 1) => Period::Quarter(y - 1, 4),
            Period::Quarter(y, q) => Period::Quarter(y, q - 1),
            Period::Year(y) => Period::Year(y - 1),
        }
    }

    /// The first moment of the period (UTC).
    pub fn start(self) -> DateTime<Utc> {
        use chrono::TimeZone;
        let (y, m) = match self {
            Period::Month(y, m) => (y, m),
            Period::Quarter(y, q) => (y, (q - 1) * 3 + 1),
            Period::Year(y) => (y, 1),
        };
        Utc.with_ymd_and_hms(y, m, 1, 0, 0, 0)
            .single()
            .expect("the first of a month at midnight UTC exists")
    }

    /// The first moment after the period: the start of the next one.
    pub fn end(self) -> DateTime<Utc> {
        self.next().start()
    }

    /// Whether `at` falls within the period.
    pub fn contains(self, at: DateTime<Utc>) -> bool {
        Period::containing(at, self.granularity()) == self
    }

    /// `from` to `to` inclusive (same granularity), or `None` when they differ in granularity,
    /// run backwards or span more than `max` periods.
    pub fn range(from: Period, to: Period, max: usize) -> Option<Vec<Period>> {
        if from.granularity() != to.granularity() || from > to {
            return None;
        }
        let mut periods = vec![from];
        while *periods.last()? != to {
            if periods.len() >= max {
                return None;
            }
            periods.push(periods.last()?.next());
        }
        Some(periods)
    }

    /// How people read it: "July 2026", "Jul–Sep 2026 (Q3)", "2026".
    pub fn label(self) -> String {
        use crate::dates::MONTHS;
        match self {
            Period::Month(y, m) => format!("{} {y}", MONTHS[(m - 1) as usize]),
            Period::Quarter(y, q) => {
                let first = &MONTHS[((q - 1) * 3) as usize][..3];
                let last = &MONTHS[((q - 1) * 3 + 2) as usize][..3];
                format!("{first}–{last} {y} (Q{q})")
            }
            Period::Year(y) => y.to_string(),
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Period::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Period::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Period::Year(y) => write!(f, "{y:04}"),
        }
    }
}

/// Written as text in the API (`2026-07`, `2026-Q3`, `2026`).
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Period {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("A month (2026-07), quarter (2026-Q3) or year (2026)"))
            .examples(["2026-Q3"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Period {}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a period: `{0}` (write 2026-07, 2026-Q3 or 2026)")]
pub struct BadPeriod(pub String);

impl std::str::FromStr for Period {
    type Err = BadPeriod;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadPeriod(s.to_owned());
        let year = |y: &str| -> Result<i32, BadPeriod> {
            if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
                y.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        match s.split_once('-') {
            None => Ok(Period::Year(year(s)?)),
            Some((y, rest)) => {
                let y = year(y)?;
                if let Some(q) = rest.strip_prefix('Q') {
                    match q {
                        "1" | "2" | "3" | "4" => Ok(Period::Quarter(y, q.parse().map_err(|_| bad())?)),
                        _ => Err(bad()),
                    }
                } else if rest.len() == 2 && rest.bytes().all(|b| b.is_ascii_digit()) {
                    let m: u32 = rest.parse().map_err(|_| bad())?;
                    if (1..=12).contains(&m) {
                        Ok(Period::Month(y, m))
                    } else {
                        Err(bad())
                    }
                } else {
                    Err(bad())
                }
            }
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_moment_falls_in_one_period_of_each_length() {
        let at = Utc.with_ymd_and_hms(2026, 8, 31, 23, 59, 0).unwrap();
        assert_eq!(Period::containing(at, Granularity::Month).to_string(), "2026-08");
        assert_eq!(
            Period::containing(at, Granularity::Quarter).to_string(),
            "2026-Q3"
        );
        assert_eq!(Period::containing(at, Granularity::Year).to_string(), "2026");
    }

    #[test]
    fn periods_round_trip_and_bad_ones_are_refused() {
        for s in ["2026-01", "2026-12", "2025-Q4", "2024"] {
            assert_eq!(s.parse::<Period>().unwrap().to_string(), s);
        }
        for s in [
            "2026-13", "2026-Q5", "26", "2026-1", "2026-Q", "", "abcd", "2026-00",
        ] {
            assert!(s.parse::<Period>().is_err(), "{s}");
        }
    }

    #[test]
    fn hierarchy_and_ranges() {
        let q: Period = "2026-Q3".parse().unwrap();
        assert_eq!(
            q.children().iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["2026-07", "2026-08", "2026-09"]
        );
        assert_eq!(Period::Month(2026, 9).parent(), Some(q));
        assert_eq!(q.parent(), Some(Period::Year(2026)));
        let range = Period::range(Period::Quarter(2025, 3), Period::Quarter(2026, 2), 8).unwrap();
        assert_eq!(range.len(), 4);
        assert_eq!(range[2], Period::Quarter(2026, 1));
        assert!(Period::range(Period::Quarter(2026, 2), Period::Quarter(2025, 3), 8).is_none());
        assert!(Period::range(Period::Quarter(2020, 1), Period::Quarter(2026, 1), 8).is_none());
        assert!(Period::range(Period::Year(2026), Period::Quarter(2026, 1), 8).is_none());
        assert_eq!(q.label(), "Jul–Sep 2026 (Q3)");
        assert_eq!(Period::Month(2026, 1).previous(), Period::Month(2025, 12));
    }
}
