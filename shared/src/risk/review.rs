//! When a risk enablement plan is reviewed: a date the practitioner sets (not past, within a
//! year), a default that is sooner the higher the risk left after mitigation, and reminders the
//! device works out itself so they show with no signal: 14 days before, the day before, and
//! overdue. An event the plan names ("review sooner if…") makes the review due at once.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::scoring::Band;

/// The furthest a review may be set: twelve months from today.
pub const MOST_MONTHS: u32 = 12;
/// Reminders start this many days before the review.
pub const SOON_DAYS: i64 = 14;

/// The review date offered, from the day the plan is agreed and the highest residual band:
/// three months for a very high risk, six for a high one, otherwise a year.
pub fn default_review(agreed_on: NaiveDate, residual: Band) -> NaiveDate {
    let months = match residual {
        Band::VeryHigh => 3,
        Band::High => 6,
        Band::Moderate | Band::Low => MOST_MONTHS,
    };
    agreed_on
        .checked_add_months(Months::new(months))
        .unwrap_or(agreed_on)
}

/// A review date's problem, if it has one.
pub fn review_date_problem(review_by: NaiveDate, today: NaiveDate) -> Option<String> {
    if review_by < today {
        return Some("The review date must be today or later".to_owned());
    }
    let latest = today
        .checked_add_months(Months::new(MOST_MONTHS))
        .unwrap_or(today);
    (review_by > latest).then(|| format!("Review within {MOST_MONTHS} months, by {latest} at the latest"))
}

/// What the home page says of a plan's review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reminder {
    /// Within `SOON_DAYS`: in this many days.
    DueIn(i64),
    DueTomorrow,
    DueToday,
    /// An event the plan named happened: due now, whatever the date.
    DueNow,
    Overdue(i64),
}

/// The reminder for a plan to review by `review_by`, on `today`; `None` while it is further
/// off than `SOON_DAYS`. `triggered`: an event the plan named has happened.
pub fn reminder(review_by: NaiveDate, today: NaiveDate, triggered: bool) -> Option<Reminder> {
    let days = (review_by - today).num_days();
    match days {
        _ if days < 0 => Some(Reminder::Overdue(-days)),
        _ if triggered => Some(Reminder::DueNow),
        0 => Some(Reminder::DueToday),
        1 => Some(Reminder::DueTomorrow),
        d if d <= SOON_DAYS => Some(Reminder::DueIn(d)),
        _ => None,
    }
}

impl Reminder {
    /// What a list or the home page says.
    pub fn words(self) -> String {
        match self {
            Reminder::DueIn(days) => format!("Review due in {days} days"),
            Reminder::DueTomorrow => "Review due tomorrow".to_owned(),
            Reminder::DueToday => "Review due today".to_owned(),
            Reminder::DueNow => "Review due now: something it named happened".to_owned(),
            Reminder::Overdue(1) => "Review overdue by 1 day".to_owned(),
            Reminder::Overdue(days) => format!("Review overdue by {days} days"),
        }
    }

    /// Past its date, or brought forward: a manager's list shows it.
    pub fn is_due(self) -> bool {
        matches!(self, Reminder::Overdue(_) | Reminder::DueNow | Reminder::DueToday)
    }
}

/// The reminder for `form` on `today`: only a plan agreed (or due for review) has one.
pub fn form_reminder(
    form: &crate::api::risk_enablement::RiskEnablement,
    today: NaiveDate,
) -> Option<Reminder> {
    use crate::api::risk_enablement::RiskStatus;
    if !matches!(form.status, RiskStatus::Agreed | RiskStatus::ReviewDue) {
        return None;
    }
    let triggered = form.status == RiskStatus::ReviewDue || form.review_event.is_some();
    match form.review_by.to_date() {
        Some(date) => reminder(date, today, triggered),
        None => triggered.then_some(Reminder::DueNow),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_higher_the_risk_left_the_sooner_the_review() {
        let agreed = day(2026, 12, 4);
        assert_eq!(default_review(agreed, Band::VeryHigh), day(2027, 3, 4));
        assert_eq!(default_review(agreed, Band::High), day(2027, 6, 4));
        assert_eq!(default_review(agreed, Band::Low), day(2027, 12, 4));
        assert_eq!(
            default_review(day(2026, 11, 30), Band::VeryHigh),
            day(2027, 2, 28),
            "the month's last day"
        );
    }

    #[test]
    fn a_review_is_set_from_today_to_a_year_ahead() {
        let today = day(2026, 12, 4);
        assert_eq!(review_date_problem(today, today), None);
        assert_eq!(review_date_problem(day(2027, 12, 4), today), None);
        assert!(review_date_problem(day(2026, 12, 3), today).is_some());
        assert!(
            review_date_problem(day(2027, 12, 5), today)
                .unwrap()
                .contains("2027-12-04")
        );
    }

    #[test]
    fn reminders_come_fourteen_days_before_the_day_before_and_when_overdue() {
        let review = day(2027, 3, 4);
        assert_eq!(reminder(review, day(2027, 2, 17), false), None);
        assert_eq!(
            reminder(review, day(2027, 2, 18), false),
            Some(Reminder::DueIn(14))
        );
        assert_eq!(
            reminder(review, day(2027, 3, 3), false),
            Some(Reminder::DueTomorrow)
        );
        assert_eq!(reminder(review, review, false), Some(Reminder::DueToday));
        assert_eq!(
            reminder(review, day(2027, 3, 6), false),
            Some(Reminder::Overdue(2))
        );
        assert_eq!(
            reminder(review, day(2027, 1, 1), true),
            Some(Reminder::DueNow),
            "an event brings it forward"
        );
    }
}
