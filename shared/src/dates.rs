//! Dates in words, the GOV.UK way ("3 December 2026", "Dec 2026").
//!
//! Written out here rather than with chrono's `format`: its strftime parser and formatter are
//! compiled into every page that formats a date, and these need neither.

use chrono::Datelike;

/// The months' names, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "3 December 2026".
pub fn long_date(date: impl Datelike) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// "Dec 2026", for a chart's axis.
pub fn month_year(date: impl Datelike) -> String {
    format!("{} {}", &MONTHS[date.month0() as usize][..3], date.year())
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;

    #[test]
    fn dates_read_as_chrono_would_write_them() {
        let mut day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        while day.year() < 2026 {
            assert_eq!(long_date(day), day.format("%-d %B %Y").to_string());
            assert_eq!(month_year(day), day.format("%b %Y").to_string());
            day = day.succ_opt().unwrap();
        }
        let at = Utc.with_ymd_and_hms(2026, 12, 3, 23, 59, 0).unwrap();
        assert_eq!(long_date(at), "3 December 2026");
        assert_eq!(month_year(at), "Dec 2026");
    }
}
