//! The words of a results view, case by case.

use shared::results::period::Period;
use shared::results::stats::Figures;
use shared::results::view::{Dimension, FigureCell, Filters, Group, GroupStatus, ItemRow, ResultsQuery};

use super::*;

const K: u32 = 5;

fn query(cut: Option<Dimension>) -> ResultsQuery {
    ResultsQuery {
        period: Period::Quarter(2026, 2),
        periods: None,
        cut,
        cut2: None,
        filters: Filters::default(),
        domain: None,
    }
}

fn group(label: &str, status: GroupStatus, people: Option<u32>) -> Group {
    Group {
        labels: vec![label.to_owned()],
        keys: vec![label.to_owned()],
        status,
        people,
        explanation: None,
    }
}

fn shown(label: &str, people: u32) -> Group {
    group(label, GroupStatus::Shown, Some(people))
}

/// A row confident `shares` in each group (`None`: hidden there), and overall `overall`.
fn item(label: &str, shares: &[Option<f64>], overall: Option<f64>) -> (ItemRow, Option<f64>) {
    let figures = shares
        .iter()
        .map(|s| match s {
            Some(c) => FigureCell::Shown {
                figures: Figures {
                    people: 10,
                    distribution: [0; 5],
                    not_applicable: 0,
                    mean: Some(3.0),
                    confident: Some(*c),
                },
            },
            None => FigureCell::Hidden,
        })
        .collect();
    let row = ItemRow {
        key: label.to_lowercase(),
        label: label.to_owned(),
        figures,
    };
    (row, overall)
}

#[test]
fn says_why_nothing_is_shown() {
    let hidden = [group("A", GroupStatus::Hidden, None), shown("B", 0)];
    let pending = [group("Q3 2026", GroupStatus::NotReleased, None)];
    let none = [shown("Everyone", 0)];
    let cases: [(&[Group], &str); 3] = [
        (
            &hidden,
            "Nothing can be shown here without risking identifying someone: every group has fewer than 5 people, or would let a smaller group be worked out. Try a longer period, or fewer splits.",
        ),
        (
            &pending,
            "These figures are not released yet: a period's figures come out once, after it has ended and late submissions from offline devices are in.",
        ),
        (&none, "No submitted self-assessments match this view."),
    ];
    for (groups, said) in cases {
        assert_eq!(summarise(&query(None), groups, &[], K), vec![said.to_owned()]);
    }
}

#[test]
fn counts_groups_and_names_the_weakest_and_strongest() {
    let one = [shown("Everyone", 12)];
    let items = [
        item("Risk", &[Some(0.25)], Some(0.25)),
        item("Law", &[Some(0.5)], Some(0.5)),
    ];
    assert_eq!(
        summarise(&query(None), &one, &items, K),
        [
            "Based on 12 people's latest self-assessment in the period.",
            "Least confident domains: Risk (25% confident); Law (50% confident).",
        ]
    );

    let three = [
        shown("North", 9),
        shown("South", 7),
        group("West", GroupStatus::Hidden, None),
    ];
    let items = [
        item("Risk", &[Some(0.2), Some(0.3), None], Some(0.25)),
        item("Assets", &[Some(0.4), Some(0.4), None], Some(0.4)),
        item("Law", &[Some(0.6), Some(0.6), None], Some(0.6)),
        item("Values", &[Some(0.9), Some(0.9), None], Some(0.9)),
        item("Unrated", &[None, None, None], None),
    ];
    assert_eq!(
        summarise(&query(Some(Dimension::Team)), &three, &items, K),
        [
            "2 of 3 groups shown; 1 hidden to protect individuals (groups of fewer than 5 people, and groups from which a smaller one could be worked out).",
            "Least confident domains: Risk (25% confident); Assets (40% confident); Law (60% confident).",
            "Most confident: Values (90% confident).",
        ]
    );
}

#[test]
fn along_time_says_how_the_weakest_moved() {
    let quarters = [
        shown("Q1 2026", 8),
        group("Q2 2026", GroupStatus::Hidden, None),
        shown("Q3 2026", 9),
    ];
    let items = [
        item("Risk", &[Some(0.2), None, Some(0.45)], Some(0.3)),
        item("Law", &[Some(0.5), None, None], Some(0.5)),
    ];
    let said = summarise(&query(Some(Dimension::Period)), &quarters, &items, K);
    assert_eq!(said[2], "Risk: 20% confident in Q1 2026 and 45% in Q3 2026.");
    // One point is no movement.
    assert_eq!(said.len(), 3);
}

#[test]
fn a_title_names_the_filters_and_the_periods() {
    let labels = Labels {
        teams: Default::default(),
        domains: Vec::new(),
        statements: Vec::new(),
    };
    let q1 = Period::Quarter(2026, 1);
    let q2 = Period::Quarter(2026, 2);
    let area = Filters {
        service_area: Some("Keighley".into()),
        pcf_level: Some("experienced".into()),
        ..Filters::default()
    };
    let cases = [
        (Filters::default(), vec![q1], format!("Everyone, {}", q1.label())),
        (
            area,
            vec![q1, q2],
            format!(
                "Keighley · Experienced social worker, {} to {}",
                q1.label(),
                q2.label()
            ),
        ),
    ];
    for (filters, periods, title) in cases {
        assert_eq!(describe(&filters, &periods, &labels), title);
    }
}
