//! The demo's unmet-need report: three months of made-up searches, so a newcomer signed in as a
//! commissioner sees the report with something in it. Made up whole: no demo account searched.

use chrono::{Datelike, NaiveDate};
use shared::UserId;
use shared::api::unmet::{AgeGroup, CountedSearch, Filter};
use shared::directory::localities::LOCALITIES;
use shared::directory::taxonomy::shipped;
use uuid::Uuid;

use crate::demo_directory::Dice;
use crate::store::Store;

const DEMO: Uuid = Uuid::from_u128(0x6c1e_92a0_4b7d_4f13_8e55_0d2c_a9b4_71f8);

/// Words that found nothing, each searched by this many made-up people: enough to be shown.
const WORDS: [(&str, usize); 2] = [("mens shed", 5), ("lgbt older people", 4)];

/// `n` made-up searches over the 90 days to `today`: most find something; searches for Sundays
/// and for people over 65 find nothing more often, as a gap would look.
pub fn searches(today: NaiveDate, n: usize) -> Vec<CountedSearch> {
    let mut dice = Dice(0x51ea_4c4e);
    let terms: Vec<Uuid> = shipped().terms.iter().map(|t| t.id).collect();
    (0..n)
        .map(|i| {
            let on = today - chrono::Duration::days(dice.below(90) as i64);
            let category = dice.chance(70).then(|| *dice.pick(&terms));
            let area = dice.chance(60).then(|| dice.pick(LOCALITIES).0.to_owned());
            let age_group = dice.chance(50).then(|| *dice.pick(&AgeGroup::ALL));
            let day = dice
                .chance(40)
                .then(|| on.weekday())
                .map(|d| if dice.chance(30) { chrono::Weekday::Sun } else { d });
            let gap = day == Some(chrono::Weekday::Sun) || age_group == Some(AgeGroup::From65);
            let results = match dice.below(100) {
                r if r < if gap { 45 } else { 12 } => 0,
                r if r < if gap { 70 } else { 25 } => 1 + dice.below(3) as u32,
                _ => 4 + dice.below(40) as u32,
            };
            let mut filters = Vec::new();
            for (on, f) in [
                (category.is_some(), Filter::Category),
                (area.is_some(), Filter::Area),
                (day.is_some(), Filter::Day),
                (age_group.is_some(), Filter::Age),
                (dice.chance(15), Filter::Free),
            ] {
                if on {
                    filters.push(f);
                }
            }
            CountedSearch {
                id: Uuid::new_v5(&DEMO, format!("search-{i}").as_bytes()),
                on,
                category,
                area,
                age_group,
                day,
                filters,
                results,
                words: None,
            }
        })
        .collect()
}

/// Counts the demo's searches: the made-up ones, then the words, each from made-up people
/// (their ids only make the one-byte markers that count different people; none is stored).
pub async fn load(store: &dyn Store, today: NaiveDate) -> anyhow::Result<()> {
    let nobody = UserId(Uuid::new_v5(&DEMO, b"searcher"));
    for batch in searches(today, 400).chunks(shared::api::unmet::BATCH_MAX) {
        store.unmet().count_searches(batch, nobody).await?;
    }
    for (words, people) in WORDS {
        for p in 0..people {
            let search = CountedSearch {
                id: Uuid::new_v5(&DEMO, format!("{words}-{p}").as_bytes()),
                on: today - chrono::Duration::days(3 * p as i64),
                category: None,
                area: None,
                age_group: None,
                day: None,
                filters: vec![Filter::Words],
                results: 0,
                words: Some(words.to_owned()),
            };
            let who = UserId(Uuid::new_v5(&DEMO, format!("searcher-{p}").as_bytes()));
            store.unmet().count_searches(&[search], who).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_searches_are_valid_and_show_a_gap() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let all = searches(today, 400);
        let batch = shared::api::unmet::CountedSearches {
            searches: all[..200].to_vec(),
        };
        assert!(batch.check(today).is_ok());
        let share = |pick: &dyn Fn(&CountedSearch) -> bool| {
            let picked: Vec<_> = all.iter().filter(|s| pick(s)).collect();
            picked.iter().filter(|s| s.results == 0).count() as f64 / picked.len().max(1) as f64
        };
        let sundays = share(&|s| s.day == Some(chrono::Weekday::Sun));
        let others = share(&|s| {
            s.day.is_some_and(|d| d != chrono::Weekday::Sun) && s.age_group != Some(AgeGroup::From65)
        });
        assert!(sundays > others, "Sundays {sundays} vs other days {others}");
    }
}
