//! The weekly timetable as a form shows it: a row per day, open or not, with its hours as typed.
//! Days with the same hours become one HSDS rule ("Mondays and Thursdays, 10:00 to 12:00");
//! rules a weekly grid cannot show (monthly, every other week, between dates, with words) are
//! kept aside, unchanged. Shared so the app's editor and its tests agree with the server.

use chrono::{NaiveTime, Weekday};
use uuid::Uuid;

use super::{ByDay, Frequency, Schedule};
use crate::FieldErrors;

pub const DAYS: [(Weekday, &str, &str); 7] = [
    (Weekday::Mon, "mon", "Monday"),
    (Weekday::Tue, "tue", "Tuesday"),
    (Weekday::Wed, "wed", "Wednesday"),
    (Weekday::Thu, "thu", "Thursday"),
    (Weekday::Fri, "fri", "Friday"),
    (Weekday::Sat, "sat", "Saturday"),
    (Weekday::Sun, "sun", "Sunday"),
];

/// One day's row: open that day, and its hours as typed (`HH:MM`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Day {
    pub open: bool,
    pub opens: String,
    pub closes: String,
}

/// Whether the editor can show a rule: weekly, every week, no dates, no words.
fn plain_weekly(s: &Schedule) -> bool {
    s.freq == Frequency::Weekly
        && s.interval == 1
        && s.byday.iter().all(|d| d.nth.is_none())
        && s.valid_from.is_none()
        && s.valid_to.is_none()
        && s.description.trim().is_empty()
}

/// The rows for `schedules`, and the rules kept as they are.
pub fn read(schedules: &[Schedule]) -> ([Day; 7], Vec<Schedule>) {
    let mut days: [Day; 7] = Default::default();
    let mut kept = Vec::new();
    for s in schedules {
        if !plain_weekly(s) {
            kept.push(s.clone());
            continue;
        }
        for d in &s.byday {
            let row = &mut days[d.weekday.num_days_from_monday() as usize];
            row.open = true;
            row.opens = s
                .opens_at
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default();
            row.closes = s
                .closes_at
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default();
        }
    }
    (days, kept)
}

fn time(text: &str) -> Result<Option<NaiveTime>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveTime::parse_from_str(text, "%H:%M").map(Some).map_err(|_| ())
}

/// The rules for the rows (days with the same hours together), or each bad row's error.
pub fn write(days: &[Day; 7], ids: &mut impl FnMut() -> Uuid) -> Result<Vec<Schedule>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut groups: Vec<(Option<NaiveTime>, Option<NaiveTime>, Vec<Weekday>)> = Vec::new();
    for (row, (weekday, key, name)) in days.iter().zip(DAYS) {
        if !row.open {
            continue;
        }
        let field = format!("day-{key}");
        let (Ok(opens), Ok(closes)) = (time(&row.opens), time(&row.closes)) else {
            errors.insert(field, vec![format!("Enter {name}'s times like 09:30 or 14:00")]);
            continue;
        };
        if matches!((opens, closes), (Some(o), Some(c)) if c <= o) {
            errors.insert(
                field,
                vec![format!("{name}'s closing time must be after its opening time")],
            );
            continue;
        }
        match groups.iter_mut().find(|(o, c, _)| *o == opens && *c == closes) {
            Some(group) => group.2.push(weekday),
            None => groups.push((opens, closes, vec![weekday])),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(groups
        .into_iter()
        .map(|(opens_at, closes_at, weekdays)| Schedule {
            id: ids(),
            freq: Frequency::Weekly,
            interval: 1,
            dtstart: None,
            byday: weekdays
                .into_iter()
                .map(|weekday| ByDay { weekday, nth: None })
                .collect(),
            bymonthday: Vec::new(),
            opens_at,
            closes_at,
            valid_from: None,
            valid_to: None,
            description: String::new(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(open: bool, opens: &str, closes: &str) -> Day {
        Day {
            open,
            opens: opens.into(),
            closes: closes.into(),
        }
    }

    #[test]
    fn days_with_the_same_hours_become_one_rule_and_read_back() {
        let mut days: [Day; 7] = Default::default();
        days[0] = day(true, "10:00", "12:00");
        days[3] = day(true, "10:00", "12:00");
        days[5] = day(true, "09:30", "");
        let mut n = 0;
        let rules = write(&days, &mut || {
            n += 1;
            Uuid::from_u128(n)
        })
        .unwrap();
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].describe(), "Mondays and Thursdays, 10:00 to 12:00");
        assert_eq!(rules[1].describe(), "Saturdays, from 09:30");
        let (back, kept) = read(&rules);
        assert_eq!(back, days);
        assert!(kept.is_empty());
    }

    #[test]
    fn bad_hours_are_named_by_day_and_other_rules_kept() {
        let mut days: [Day; 7] = Default::default();
        days[1] = day(true, "12:00", "10:00");
        days[2] = day(true, "noon", "");
        let errors = write(&days, &mut Uuid::nil).unwrap_err();
        assert!(errors.contains_key("day-tue") && errors.contains_key("day-wed"));
        let mut monthly = write(
            &[
                day(true, "10:00", "11:00"),
                Day::default(),
                Day::default(),
                Day::default(),
                Day::default(),
                Day::default(),
                Day::default(),
            ],
            &mut Uuid::nil,
        )
        .unwrap()
        .remove(0);
        monthly.freq = Frequency::Monthly;
        monthly.byday[0].nth = Some(1);
        let (rows, kept) = read(std::slice::from_ref(&monthly));
        assert!(!rows[0].open);
        assert_eq!(kept, vec![monthly]);
    }
}
