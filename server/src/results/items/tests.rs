//! The rows of figures, on one released quarter of one team of ten.

use std::collections::BTreeMap;

use chrono::Utc;
use shared::results::period::Period;
use shared::results::release::{LeafData, PeriodData, Release};
use shared::results::stats::Tally;
use shared::results::view::Filters;

use super::*;
use crate::results::groups::place;
use crate::results::released::Released;

const Q2: Period = Period::Quarter(2026, 2);

/// Ten people, `confident` of whom rated 4 or 5.
fn tally(confident: u32) -> Tally {
    Tally {
        people: 10,
        raters: 10,
        distribution: [0, 0, 10 - confident, confident, 0],
        rating_sum: f64::from(3 * (10 - confident) + 4 * confident),
        y: f64::from(confident),
        m: 10.0,
        ..Tally::default()
    }
}

fn release() -> Release {
    let leaf = LeafData {
        area: "North".into(),
        team: shared::TeamId::new().into(),
        level: Default::default(),
        people: 10,
        items: BTreeMap::from([
            (domain_item("risk"), tally(2)),
            (domain_item("law"), tally(8)),
            // A domain of a template version since deleted.
            (domain_item("old"), tally(5)),
        ]),
        help: BTreeMap::from([("risk".into(), BTreeMap::from([("training".into(), 6)]))]),
    };
    let data = [PeriodData {
        period: Q2,
        leaves: vec![leaf],
    }];
    Release::build(Q2, &data, &[], 5, Utc::now(), Utc::now())
}

fn labels() -> Labels {
    let domain = |key: &str, title: &str| (key.to_owned(), title.to_owned());
    Labels {
        teams: Default::default(),
        domains: vec![
            domain("law", "Law"),
            domain("values", "Values"),
            domain("risk", "Risk"),
        ],
        statements: Vec::new(),
    }
}

#[test]
fn rows_run_weakest_first_with_unrated_domains_last_and_gone_ones_kept() {
    let release = release();
    let released = Released {
        by_period: BTreeMap::from([(Q2, Some(std::sync::Arc::new(release)))]),
    };
    let labels = labels();
    let everyone = place(&Filters::default(), &[], Q2, &released, &released.orgs(), &labels);
    let rows = item_rows(None, std::slice::from_ref(&everyone), &labels);
    let order: Vec<(&str, Option<f64>)> = rows.iter().map(|(r, c)| (r.label.as_str(), *c)).collect();
    assert_eq!(
        order,
        [
            ("Risk", Some(0.2)),
            ("old", Some(0.5)),
            ("Law", Some(0.8)),
            ("Values", None)
        ]
    );
    assert_eq!(rows[0].0.figures[0].shown().map(|f| f.people), Some(10));
    assert_eq!(rows[3].0.figures[0], FigureCell::NoAnswers);

    let help = help_rows(std::slice::from_ref(&everyone), &labels);
    assert_eq!(help.len(), 1);
    assert_eq!(
        (help[0].domain_label.as_str(), help[0].requests.as_slice()),
        ("Risk", &[Some(6)][..])
    );
}
