//! When a period's figures are released, and which period a submission counts in.
//!
//! Results come by quarter and by year. Months are not offered: in a quarterly rhythm of
//! self-assessment a team's month holds a handful of people, and every hidden month beside its
//! shown quarter would be bounded by it (a quarter of 6 split over three months that each have
//! someone leaves no month able to hold 5), so showing months would hide most quarters.
//!
//! Figures that change while people read them can be subtracted: read a team, let one
//! colleague resubmit, read again, and the difference is that colleague's answers. So a
//! period's figures are worked out once, when the period has ended and a grace window for
//! devices that were offline has passed, and never change again. A submission the server
//! receives later counts in the period it is received in; the device's own clock is believed
//! only within the grace window, so nobody can place an answer in a period that is released
//! or about to be.

use chrono::{DateTime, Duration, Utc};

use super::period::{Granularity, Period};

/// Days after a period ends before its figures are released, and how far back a device's
/// own submission time is believed.
pub const DEFAULT_GRACE_DAYS: u32 = 7;

/// A period stops taking submissions dated by a device this long before its release, so that
/// none can be written while the release is being made.
pub const CLOSING_MARGIN_MINUTES: i64 = 10;

/// When `period`'s figures are released (a quarter or a year; results do not come by month).
pub fn release_time(period: Period, grace: Duration) -> DateTime<Utc> {
    period.end() + grace
}

/// Whether `period` is released (or due to be) at `now`.
pub fn is_due(period: Period, now: DateTime<Utc>, grace: Duration) -> bool {
    now >= release_time(period, grace)
}

/// The latest period of `granularity` whose figures are due at `now`.
pub fn latest_due(granularity: Granularity, now: DateTime<Utc>, grace: Duration) -> Period {
    let mut period = Period::containing(now, granularity);
    while !is_due(period, now, grace) {
        period = period.previous();
    }
    period
}

/// The next release after `now` of a period of `granularity`.
pub fn next_release(
    granularity: Granularity,
    now: DateTime<Utc>,
    grace: Duration,
) -> (Period, DateTime<Utc>) {
    let next = latest_due(granularity, now, grace).next();
    (next, release_time(next, grace))
}

/// The moment a submission counts at: the device's submission time when it is within the
/// grace window before `received` and its quarter is neither released (`released`) nor about
/// to be; otherwise the time the server received it.
pub fn counted_at(
    on_device: Option<DateTime<Utc>>,
    received: DateTime<Utc>,
    grace: Duration,
    released: impl Fn(Period) -> bool,
) -> DateTime<Utc> {
    let Some(device) = on_device.map(|at| at.min(received)) else {
        return received;
    };
    let quarter = Period::containing(device, Granularity::Quarter);
    let believable = received - device <= grace;
    let open = release_time(quarter, grace) - received > Duration::minutes(CLOSING_MARGIN_MINUTES);
    if believable && open && !released(quarter) {
        device
    } else {
        received
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    const WEEK: Duration = Duration::days(7);

    #[test]
    fn a_period_is_released_a_grace_window_after_it_ends() {
        let q3 = Period::Quarter(2026, 3);
        assert_eq!(release_time(q3, WEEK), at(2026, 10, 8, 0));
        assert!(!is_due(q3, at(2026, 10, 7, 23), WEEK));
        assert!(is_due(q3, at(2026, 10, 8, 0), WEEK));
        assert_eq!(latest_due(Granularity::Quarter, at(2026, 12, 2, 10), WEEK), q3);
        assert_eq!(
            latest_due(Granularity::Quarter, at(2026, 10, 3, 10), WEEK),
            Period::Quarter(2026, 2)
        );
        assert_eq!(
            latest_due(Granularity::Year, at(2026, 12, 2, 10), WEEK),
            Period::Year(2025)
        );
        assert_eq!(
            next_release(Granularity::Quarter, at(2026, 12, 2, 10), WEEK),
            (Period::Quarter(2026, 4), at(2027, 1, 8, 0))
        );
    }

    #[test]
    fn the_server_decides_the_period_a_submission_counts_in() {
        let never = |_: Period| false;
        let received = at(2026, 12, 2, 10);
        // Offline for three days: the device's time is believed.
        let offline = at(2026, 11, 29, 9);
        assert_eq!(counted_at(Some(offline), received, WEEK, never), offline);
        // Dated May 2025 by the device: counts now.
        assert_eq!(
            counted_at(Some(at(2025, 5, 1, 9)), received, WEEK, never),
            received
        );
        // A clock running fast cannot date it later than it arrived.
        assert_eq!(
            counted_at(Some(at(2027, 1, 1, 0)), received, WEEK, never),
            received
        );
        assert_eq!(counted_at(None, received, WEEK, never), received);
        // A quarter already released never takes another submission, even within the window.
        let released = |p: Period| p == Period::Quarter(2026, 4);
        assert_eq!(counted_at(Some(offline), received, WEEK, released), received);
        // Nor does one whose release is minutes away.
        let late = at(2027, 1, 7, 23) + Duration::minutes(55);
        assert_eq!(counted_at(Some(at(2026, 12, 31, 12)), late, WEEK, never), late);
        // Within the window, a device's time may fall in the quarter just ended.
        let new_year = at(2027, 1, 3, 9);
        assert_eq!(
            counted_at(Some(at(2026, 12, 30, 12)), new_year, WEEK, never),
            at(2026, 12, 30, 12)
        );
    }
}
