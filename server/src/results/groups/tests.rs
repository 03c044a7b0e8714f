//! Where groups land in a release, case by case, on a small released quarter: North has teams
//! of 6, 7 and 2 people, South one team of 9.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::Utc;
use shared::TeamId;
use shared::results::cube::TeamKey;
use shared::results::period::Period;
use shared::results::release::{LeafData, PeriodData, Release};
use shared::results::view::{Dimension, Filters, GroupStatus, ResultsQuery};

use super::*;

const K: u32 = 5;
const Q2: Period = Period::Quarter(2026, 2);
const Q3: Period = Period::Quarter(2026, 3);
const N1: u128 = 1;
const N2: u128 = 2;
const N3: u128 = 3;
const S1: u128 = 4;

/// Team `n`, with an id of its own.
fn team_key(n: u128) -> TeamKey {
    TeamId(uuid::Uuid::from_u128(n)).into()
}

fn leaf(area: &str, team: u128, people: u32) -> LeafData {
    LeafData {
        area: area.into(),
        team: team_key(team),
        level: Default::default(),
        people,
        ..LeafData::default()
    }
}

/// Q2 released; Q3 asked for but not released yet.
fn released() -> Released {
    let leaves = vec![
        leaf("North", N1, 6),
        leaf("North", N2, 7),
        leaf("North", N3, 2),
        leaf("South", S1, 9),
    ];
    let data = [PeriodData { period: Q2, leaves }];
    let release = Release::build(Q2, &data, &[], K, Utc::now(), Utc::now());
    Released {
        by_period: BTreeMap::from([(Q2, Some(Arc::new(release))), (Q3, None)]),
    }
}

fn labels() -> Labels {
    Labels {
        teams: Default::default(),
        domains: Vec::new(),
        statements: Vec::new(),
    }
}

fn query(cut: Option<Dimension>, filters: Filters) -> ResultsQuery {
    ResultsQuery {
        period: Q2,
        periods: None,
        cut,
        cut2: None,
        filters,
        domain: None,
    }
}

/// What `place` finds: shown with so many people, or why not.
type Found = (GroupStatus, Option<u32>);

fn found(place: &Placed<'_>) -> Found {
    (place.status(), place.people())
}

#[test]
fn a_group_is_the_cell_its_filters_and_cut_values_name() {
    let released = released();
    let orgs = released.orgs();
    let labels = labels();
    let area = |a: &str| Filters {
        service_area: Some(a.into()),
        ..Filters::default()
    };
    let level = |l: &str| Filters {
        pcf_level: Some(l.into()),
        ..Filters::default()
    };
    let team = |area: &str, team: u128| CutValue::Team {
        area: area.into(),
        team: team_key(team),
    };
    let cases: Vec<(Filters, Vec<CutValue>, Found)> = vec![
        (Filters::default(), vec![], (GroupStatus::Shown, Some(24))),
        (area("South"), vec![], (GroupStatus::Shown, Some(9))),
        // Fewer than k people.
        (
            Filters::default(),
            vec![team("North", N3)],
            (GroupStatus::Hidden, None),
        ),
        (
            Filters::default(),
            vec![CutValue::Period(Q3)],
            (GroupStatus::NotReleased, None),
        ),
        // A period the request did not load is never shown.
        (
            Filters::default(),
            vec![CutValue::Period(Q2.previous())],
            (GroupStatus::Hidden, None),
        ),
        // Nobody's level was recorded here.
        (level("not_recorded"), vec![], (GroupStatus::Shown, Some(24))),
        (level("experienced"), vec![], (GroupStatus::Shown, Some(0))),
        (level("wizard"), vec![], (GroupStatus::Hidden, None)),
        // A team nobody from was asked for: a former team, nobody in it this quarter.
        (
            Filters {
                team: Some(TeamId::new()),
                ..Filters::default()
            },
            vec![],
            (GroupStatus::Shown, Some(0)),
        ),
    ];
    for (filters, values, expected) in cases {
        let place = place(&filters, &values, Q2, &released, &orgs, &labels);
        assert_eq!(found(&place), expected, "{filters:?} {values:?}");
    }
}

#[test]
fn a_cut_lists_its_groups_and_hides_those_that_would_identify_someone() {
    let released = released();
    let (placed, groups) = groups(
        &query(Some(Dimension::Team), Filters::default()),
        &released,
        &labels(),
        K,
        chrono::Duration::days(14),
    );
    assert_eq!(placed.len(), groups.len());
    let by_key: BTreeMap<&str, GroupStatus> = groups.iter().map(|g| (g.keys[0].as_str(), g.status)).collect();
    let status = |n: u128| by_key[team_key(n).to_string().as_str()];
    assert_eq!(by_key.len(), 4, "every team with people is a group");
    assert_eq!(status(N3), GroupStatus::Hidden);
    // North's total is shown, so one more North team must go, or N3 could be worked out.
    assert!(status(N1) == GroupStatus::Hidden || status(N2) == GroupStatus::Hidden);
    assert_eq!(status(S1), GroupStatus::Shown);
    // Teams no longer in the directory of teams are named so, not by their ids.
    assert!(groups.iter().all(|g| g.labels[0] == "A former team"));
    for g in &groups {
        assert_eq!(
            g.people.is_some(),
            g.status == GroupStatus::Shown,
            "people only where shown"
        );
        assert_eq!(g.explanation.is_some(), g.status != GroupStatus::Shown);
    }
}

#[test]
fn along_time_a_period_not_released_yet_says_when_it_will_be() {
    let released = released();
    let mut q = query(Some(Dimension::Period), Filters::default());
    q.period = Q3;
    q.periods = Some(2);
    let (_, groups) = groups(&q, &released, &labels(), K, chrono::Duration::days(14));
    let statuses: Vec<GroupStatus> = groups.iter().map(|g| g.status).collect();
    assert_eq!(statuses, [GroupStatus::Shown, GroupStatus::NotReleased]);
    let when = groups[1].explanation.as_deref().unwrap();
    assert!(
        when.starts_with(&format!(
            "Not released yet: figures for {} come out on ",
            Q3.label()
        )),
        "{when}"
    );
}
