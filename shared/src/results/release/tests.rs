//! Releases on generated workforces: small groups and thinly rated figures hidden, nothing
//! derivable or bounded by what all the releases of a year show together — checked by an
//! attacker's model written apart from the suppression's own, with every team at every level
//! an unknown — and figures that never change however late, back-dated or moved the
//! submissions that follow.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, TimeZone, Utc};
use microlp::{ComparisonOp, OptimizationDirection, Problem};
use proptest::prelude::*;

use super::*;
use crate::ids::TeamId;
use crate::results::cube::LevelKey;
use crate::results::period::Granularity;
use crate::results::timing;
use crate::roles::PcfLevel;

/// One person's one submission: where they were, when it counts, what they said.
#[derive(Debug, Clone)]
pub(super) struct Answer {
    pub person: usize,
    pub area: usize,
    pub team: usize,
    pub level: usize,
    pub at: DateTime<Utc>,
    /// Two statements: a rating 1–5, or none for "not applicable".
    pub ratings: [Option<u8>; 2],
    /// Whether they asked for training.
    pub help: bool,
}

/// Team `team` of area `area`, with an id that sorts as the pair does.
fn team_key(area: usize, team: usize) -> TeamKey {
    TeamId(uuid::Uuid::from_u128(((area as u128) << 32) | team as u128)).into()
}

/// Level `n` of the six PCF levels.
fn level_key(n: usize) -> LevelKey {
    PcfLevel::ALL[n].into()
}

fn leaf_key(a: &Answer) -> (String, TeamKey, LevelKey) {
    (
        format!("area{}", a.area),
        team_key(a.area, a.team),
        level_key(a.level),
    )
}

/// What SQL would sum for `period`: each person's latest answer in it, leaf by leaf.
pub(super) fn period_data(answers: &[Answer], period: Period) -> PeriodData {
    let mut latest: BTreeMap<usize, &Answer> = BTreeMap::new();
    for a in answers.iter().filter(|a| period.contains(a.at)) {
        if latest.get(&a.person).is_none_or(|b| a.at > b.at) {
            latest.insert(a.person, a);
        }
    }
    let mut leaves: BTreeMap<(String, TeamKey, LevelKey), LeafData> = BTreeMap::new();
    for a in latest.values() {
        let key = leaf_key(a);
        let leaf = leaves.entry(key.clone()).or_insert_with(|| LeafData {
            area: key.0.clone(),
            team: key.1,
            level: key.2,
            ..LeafData::default()
        });
        leaf.people += 1;
        for (i, rating) in a.ratings.iter().enumerate() {
            let tally = leaf.items.entry(statement_item(&format!("s{i}"))).or_default();
            tally.people += 1;
            match rating {
                Some(r) => {
                    tally.raters += 1;
                    tally.distribution[usize::from(*r) - 1] += 1;
                    tally.m += 1.0;
                    tally.rating_sum += f64::from(*r);
                    if *r >= 4 {
                        tally.y += 1.0;
                    }
                }
                None => tally.not_applicable += 1,
            }
        }
        if a.help {
            *leaf
                .help
                .entry("d".into())
                .or_default()
                .entry("training".into())
                .or_default() += 1;
        }
    }
    PeriodData {
        period,
        leaves: leaves.into_values().collect(),
    }
}

fn release_now(answers: &[Answer], period: Period, earlier: &[&Release], k: u32) -> Release {
    let when = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
    Release::build(period, &[period_data(answers, period)], earlier, k, when, when)
}

/// A year's releases, made in order: each quarter, then the year.
pub(super) fn releases_of(answers: &[Answer], year: i32, k: u32) -> Vec<Release> {
    let mut releases: Vec<Release> = Period::Year(year)
        .children()
        .into_iter()
        .map(|q| release_now(answers, q, &[], k))
        .collect();
    let earlier: Vec<&Release> = releases.iter().collect();
    let year_release = release_now(answers, Period::Year(year), &earlier, k);
    releases.push(year_release);
    releases
}

/// One measure as published: each group of each release shown with a count, hidden, or absent
/// (nobody in it). Raters of a statement, people asking for help, or people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    People,
    Raters(usize),
    Help,
}

/// What an attacker reads of a measure across releases, and the truth behind it (for the
/// test to know which hidden groups are small).
struct Published {
    measure: Measure,
    /// (period, org, level) → shown count or hidden; absent means nobody.
    cells: BTreeMap<(Period, Org, Level), Option<u32>>,
    truth: BTreeMap<(Period, Org, Level), u32>,
    /// Group sizes where shown, which bound any measure within the group.
    people: BTreeMap<(Period, Org, Level), u32>,
}

fn published(releases: &[Release], measure: Measure) -> Published {
    let mut cells = BTreeMap::new();
    let mut truth = BTreeMap::new();
    let mut people = BTreeMap::new();
    for release in releases {
        for c in &release.0.cells {
            let key = (c.period, c.org.clone(), c.level.clone());
            if !c.people.hidden {
                people.insert(key.clone(), c.people.value);
            }
            let (value, hidden) = match measure {
                Measure::People => (c.people.value, c.people.hidden),
                Measure::Raters(i) => c
                    .items
                    .get(&statement_item(&format!("s{i}")))
                    .map_or((0, c.people.hidden), |k| (k.value.raters, k.hidden)),
                Measure::Help => c
                    .help
                    .get("d")
                    .and_then(|kinds| kinds.get("training"))
                    .map_or((0, c.people.hidden), |k| (k.value, k.hidden)),
            };
            if value == 0 && !hidden {
                continue;
            }
            cells.insert(key.clone(), (!hidden).then_some(value));
            truth.insert(key, value);
        }
    }
    Published {
        measure,
        cells,
        truth,
        people,
    }
}

/// The attacker's model, built from scratch: one whole-number unknown per team, level and
/// period; every published group is the sum of its teams × levels — equal to its count where
/// shown, at least one where hidden, nothing where absent; a year's team at a level holds no
/// more than its quarters'; no measure exceeds the group's shown size. Whether `group` can be
/// made to hold `at_least` or more (or, with `at_least` none, `below` or fewer).
fn attacker_can(
    published: &Published,
    releases: &[Release],
    group: &(Period, Org, Level),
    at_least: Option<u32>,
    at_most: Option<u32>,
    hide_release_of: Option<Period>,
) -> bool {
    let periods: Vec<Period> = releases.iter().map(|r| r.period()).collect();
    let mut leaves: BTreeSet<(String, TeamKey, LevelKey)> = BTreeSet::new();
    for r in releases {
        for c in &r.0.cells {
            if let (Org::Team { area, team }, Level::One { level }) = (&c.org, &c.level) {
                leaves.insert((area.clone(), *team, *level));
            }
        }
    }
    let mut problem = Problem::new(OptimizationDirection::Minimize);
    let mut var = BTreeMap::new();
    for &p in &periods {
        for leaf in &leaves {
            var.insert((p, leaf.clone()), problem.add_integer_var(0.0, (0, 10_000)));
        }
    }
    let members = |p: Period, org: &Org, level: &Level| -> Vec<microlp::Variable> {
        leaves
            .iter()
            .filter(|(a, t, l)| {
                let in_org = match org {
                    Org::All => true,
                    Org::Area { area } => area == a,
                    Org::Team { area, team } => area == a && team == t,
                };
                let at_level = match level {
                    Level::All => true,
                    Level::One { level } => level == l,
                };
                in_org && at_level
            })
            .map(|leaf| var[&(p, leaf.clone())])
            .collect()
    };
    let mut orgs: BTreeSet<Org> = BTreeSet::from([Org::All]);
    let mut levels: BTreeSet<Level> = BTreeSet::from([Level::All]);
    for (a, t, l) in &leaves {
        orgs.insert(Org::Area { area: a.clone() });
        orgs.insert(Org::Team {
            area: a.clone(),
            team: *t,
        });
        levels.insert(Level::One { level: *l });
    }
    for &p in &periods {
        for org in &orgs {
            for level in &levels {
                let key = (p, org.clone(), level.clone());
                let sum: Vec<(microlp::Variable, f64)> =
                    members(p, org, level).into_iter().map(|v| (v, 1.0)).collect();
                if sum.is_empty() {
                    continue;
                }
                let hidden_here = hide_release_of == Some(p);
                // A hidden figure in a shown group has someone behind it (one nobody rated says
                // "no answers"); in a hidden group it may have nobody.
                let someone = if published.measure == Measure::People || published.people.contains_key(&key) {
                    1.0
                } else {
                    0.0
                };
                match published.cells.get(&key) {
                    Some(Some(n)) if !hidden_here => {
                        problem.add_constraint(sum.as_slice(), ComparisonOp::Eq, f64::from(*n))
                    }
                    Some(_) => problem.add_constraint(sum.as_slice(), ComparisonOp::Ge, someone),
                    None => problem.add_constraint(sum.as_slice(), ComparisonOp::Eq, 0.0),
                }
                if let Some(size) = published.people.get(&key).filter(|_| !hidden_here) {
                    problem.add_constraint(sum.as_slice(), ComparisonOp::Le, f64::from(*size));
                }
                if &key == group {
                    if let Some(n) = at_least {
                        problem.add_constraint(sum.as_slice(), ComparisonOp::Ge, f64::from(n));
                    }
                    if let Some(n) = at_most {
                        problem.add_constraint(sum.as_slice(), ComparisonOp::Le, f64::from(n));
                    }
                }
            }
        }
    }
    // A year's group holds no more than its quarters' (someone answering in two quarters
    // counts once in the year), and exactly as many where nobody did: the attacker is taken
    // to know which, as suppression does.
    for &year in periods.iter().filter(|p| p.granularity() == Granularity::Year) {
        let truth = |p: Period, org: &Org, level: &Level| {
            published
                .truth
                .get(&(p, org.clone(), level.clone()))
                .copied()
                .unwrap_or(0)
        };
        for org in &orgs {
            for level in &levels {
                let mut terms: Vec<(microlp::Variable, f64)> =
                    members(year, org, level).into_iter().map(|v| (v, 1.0)).collect();
                if terms.is_empty() {
                    continue;
                }
                let quarters = year.children();
                for q in &quarters {
                    terms.extend(members(*q, org, level).into_iter().map(|v| (v, -1.0)));
                }
                let exact =
                    truth(year, org, level) == quarters.iter().map(|q| truth(*q, org, level)).sum::<u32>();
                let op = if exact { ComparisonOp::Eq } else { ComparisonOp::Le };
                problem.add_constraint(terms.as_slice(), op, 0.0);
            }
        }
    }
    match problem.solve() {
        Ok(outcome) => outcome.into_solution().is_ok(),
        Err(microlp::Error::Infeasible) => false,
        Err(e) => panic!("the attacker's model failed to solve: {e:?}"),
    }
}

/// Everything the issue asks of a year's releases, checked the attacker's way: nothing shown
/// rests on fewer than k, every hidden small group could hold k or more, and every hidden
/// larger group could hold fewer (unless its shape alone says not).
fn check_year(releases: &[Release], k: u32) -> Result<(), TestCaseError> {
    for measure in [
        Measure::People,
        Measure::Raters(0),
        Measure::Raters(1),
        Measure::Help,
    ] {
        let published = published(releases, measure);
        for (group, shown) in &published.cells {
            let truth = published.truth[group];
            match shown {
                // Nobody behind it: nothing to protect.
                None if truth == 0 => {}
                Some(n) => prop_assert!(*n >= k, "{measure:?} {group:?}: {n} shown"),
                None if truth < k => prop_assert!(
                    attacker_can(&published, releases, group, Some(k), None, None),
                    "{measure:?} {group:?}: {truth} hidden, but nothing shown lets it be {k} or more"
                ),
                None => {
                    let could_be_small = attacker_can(&published, releases, group, None, Some(k - 1), None);
                    // Unless its shape alone makes it large (even with its release hidden).
                    let by_shape =
                        !attacker_can(&published, releases, group, None, Some(k - 1), Some(group.0));
                    prop_assert!(
                        could_be_small || by_shape,
                        "{measure:?} {group:?}: {truth} hidden, and known to be {k} or more"
                    );
                }
            }
        }
    }
    Ok(())
}

/// A small random workforce's year: people in a few teams and levels, answering in some
/// quarters (some twice in one), some moving team or level between answers.
fn year_of_answers() -> impl Strategy<Value = Vec<Answer>> {
    let person = (
        0usize..2,
        0usize..2,
        0usize..3,
        proptest::collection::vec(
            (0u32..4, 0i64..85, 0u8..6, 0u8..6, any::<bool>(), any::<bool>()),
            1..4,
        ),
    );
    proptest::collection::vec(person, 0..36).prop_map(|people| {
        let mut answers = Vec::new();
        for (person, (area, team, level, rounds)) in people.into_iter().enumerate() {
            for (quarter, day, r0, r1, help, moved) in rounds {
                let at =
                    Utc.with_ymd_and_hms(2026, quarter * 3 + 1, 1, 9, 0, 0).unwrap() + Duration::days(day);
                answers.push(Answer {
                    person,
                    area,
                    team: if moved { 1 - team } else { team },
                    level: if moved { (level + 1) % 3 } else { level },
                    at,
                    ratings: [(r0 > 0).then_some(r0.min(5)), (r1 > 1).then_some(r1.min(5))],
                    help,
                });
            }
        }
        answers
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Over random workforces: nothing shown rests on fewer than k; every hidden group that is
    /// small could, for all anyone can tell from every release of the year together, hold k or
    /// more; every hidden group that is not could hold fewer, unless its shape alone says it
    /// is large. For people, for each statement's raters, and for help asked for.
    #[test]
    fn no_hidden_group_can_be_told_small_or_large_from_all_a_years_releases(answers in year_of_answers(), k in 3u32..6) {
        let releases = releases_of(&answers, 2026, k);
        check_year(&releases, k)?;
    }
}

/// One thing that happens: a submission reaching the server (the device dating it up to 40
/// days earlier), or a workforce lead reading results.
#[derive(Debug, Clone)]
enum Event {
    Submit {
        person: usize,
        team: usize,
        level: usize,
        back: i64,
        ratings: [Option<u8>; 2],
        help: bool,
    },
    Read,
}

fn history() -> impl Strategy<Value = Vec<(i64, Event)>> {
    let submit = (
        0usize..24,
        0usize..2,
        0usize..3,
        0i64..40,
        0u8..6,
        0u8..6,
        any::<bool>(),
    )
        .prop_map(|(person, team, level, back, r0, r1, help)| Event::Submit {
            person,
            team,
            level,
            back,
            ratings: [(r0 > 0).then_some(r0.min(5)), (r1 > 1).then_some(r1.min(5))],
            help,
        });
    let event = prop_oneof![4 => submit, 1 => Just(Event::Read)];
    proptest::collection::vec((0i64..430, event), 0..90)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(30))]

    /// Random histories of submissions (resubmissions, back-dated ones, people moving team and
    /// level) and reads, over a year and a quarter: the server decides when each counts, reads
    /// make each release the first time it is due, and then no release ever changes — made
    /// again from everything submitted by the end, each is the same — so no two reads, at any
    /// two times, differ in anything; and together they pass the attacker's check.
    #[test]
    fn released_figures_never_change_whatever_arrives_later(events in history(), k in 3u32..6) {
        released_and_checked(events, k)?;
    }
}

fn released_and_checked(events: Vec<(i64, Event)>, k: u32) -> Result<(), TestCaseError> {
    {
        let grace = Duration::days(i64::from(timing::DEFAULT_GRACE_DAYS));
        let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let mut events = events;
        events.sort_by_key(|(minute, _)| *minute);
        let mut answers: Vec<Answer> = Vec::new();
        let mut made: BTreeMap<Period, Release> = BTreeMap::new();
        let units: Vec<Period> = [Period::Year(2026)]
            .into_iter()
            .flat_map(|y| y.children().into_iter().chain([y]))
            .chain([Period::Quarter(2027, 1)])
            .collect();
        let read = |now: DateTime<Utc>, answers: &[Answer], made: &mut BTreeMap<Period, Release>| {
            for &p in &units {
                if timing::is_due(p, now, grace) && !made.contains_key(&p) {
                    let earlier: Vec<&Release> = made.values().collect();
                    let release = release_now(answers, p, &earlier, k);
                    made.insert(p, release);
                }
            }
        };
        for (day, event) in events {
            let now = start + Duration::days(day) + Duration::hours(day % 24);
            match event {
                Event::Read => read(now, &answers, &mut made),
                Event::Submit {
                    person,
                    team,
                    level,
                    back,
                    ratings,
                    help,
                } => {
                    let device = now - Duration::days(back);
                    let released =
                        |q: Period| made.contains_key(&q) || made.contains_key(&Period::Year(q.year()));
                    let at = timing::counted_at(Some(device), now, grace, released);
                    prop_assert!(
                        !released(Period::containing(at, Granularity::Quarter)),
                        "counted in a released quarter"
                    );
                    answers.push(Answer {
                        person,
                        area: 0,
                        team,
                        level,
                        at,
                        ratings,
                        help,
                    });
                }
            }
        }
        let end = Utc.with_ymd_and_hms(2027, 6, 1, 0, 0, 0).unwrap();
        read(end, &answers, &mut made);
        for (period, release) in &made {
            let earlier: Vec<&Release> = made.values().filter(|r| within(r.period(), *period)).collect();
            let again = release_now(&answers, *period, &earlier, k);
            prop_assert_eq!(&again, release, "{} changed", period);
        }
        let year: Vec<Release> = made
            .values()
            .filter(|r| r.period().year() == 2026)
            .cloned()
            .collect();
        check_year(&year, k)?;
    }
    Ok(())
}

/// A demo-sized workforce: `teams` teams of `per_team` over five areas, six levels, answering
/// once a quarter.
fn workforce(teams: usize, per_team: usize) -> Vec<Answer> {
    let mut answers = Vec::new();
    for team in 0..teams {
        for i in 0..per_team {
            let person = team * per_team + i;
            for q in 0..4u32 {
                let day = ((person * 7 + q as usize * 13) % 80) as i64;
                let at = Utc.with_ymd_and_hms(2026, q * 3 + 1, 1, 9, 0, 0).unwrap() + Duration::days(day);
                answers.push(Answer {
                    person,
                    area: team % 5,
                    team,
                    level: [0, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 5][i % 16],
                    at,
                    ratings: [
                        Some(((person + q as usize) % 5 + 1) as u8),
                        (!person.is_multiple_of(7)).then_some(3),
                    ],
                    help: person.is_multiple_of(3),
                });
            }
        }
    }
    answers
}

#[test]
fn a_statement_rated_by_too_few_is_hidden_in_a_shown_group() {
    // One team of six: all rate the first statement, three the second.
    let answers: Vec<Answer> = (0..6)
        .map(|person| Answer {
            person,
            area: 0,
            team: 0,
            level: 0,
            at: Utc.with_ymd_and_hms(2026, 2, 1, 9, 0, 0).unwrap(),
            ratings: [Some(4), (person < 3).then_some(2)],
            help: person < 2,
        })
        .collect();
    let release = release_now(&answers, Period::Quarter(2026, 1), &[], 5);
    let Cell::Shown(team) = release.cell(&Node {
        org: Org::Team {
            area: "area0".into(),
            team: team_key(0, 0),
        },
        level: Level::All,
        period: Period::Quarter(2026, 1),
    }) else {
        panic!("a team of six is shown");
    };
    assert_eq!(team.people(), 6);
    assert!(matches!(team.figure(&statement_item("s0")), Figure::Shown(f) if f.figures().people == 6));
    assert!(matches!(team.figure(&statement_item("s1")), Figure::Hidden));
    assert_eq!(team.help("d", "training"), HelpCount::Hidden, "two asked");
    assert_eq!(team.help("d", "reading"), HelpCount::Shown(0), "nobody asked");
    // Another period's cell is never answered from this release.
    assert!(matches!(
        release.cell(&Node {
            org: Org::All,
            level: Level::All,
            period: Period::Quarter(2026, 2),
        }),
        Cell::Hidden
    ));
    assert_eq!(Release::from_stored(&release.to_stored()).unwrap(), release);
}

#[test]
fn a_demo_sized_workforce_shows_its_areas_and_larger_groups() {
    let answers = workforce(6, 17);
    let releases = releases_of(&answers, 2026, 5);
    let q1 = &releases[0];
    let cell = |org: Org, level: Level| {
        q1.cell(&Node {
            org,
            level,
            period: Period::Quarter(2026, 1),
        })
    };
    assert!(matches!(cell(Org::All, Level::All), Cell::Shown(c) if c.people() == 102));
    for area in 0..5 {
        let area = Org::Area {
            area: format!("area{area}"),
        };
        assert!(
            matches!(cell(area, Level::All), Cell::Shown(_)),
            "every area is shown"
        );
    }
    let social_workers = Level::One { level: level_key(2) };
    assert!(matches!(cell(Org::All, social_workers), Cell::Shown(c) if c.people() == 36));
    check_year(&releases, 5).unwrap();
}

#[test]
#[ignore = "a timing, not a test: cargo test -p shared --release --features release -- --ignored --nocapture"]
fn time_a_year_of_releases() {
    for (teams, per_team) in [(6, 17), (30, 67)] {
        let answers = workforce(teams, per_team);
        let started = std::time::Instant::now();
        let releases = releases_of(&answers, 2026, 5);
        let hidden: usize = releases
            .iter()
            .map(|r| r.0.cells.iter().filter(|c| c.people.hidden).count())
            .sum();
        let groups: usize = releases.iter().map(|r| r.0.cells.len()).sum();
        println!(
            "{teams} teams × {per_team}: a year's five releases in {:?} ({hidden} of {groups} groups hidden)",
            started.elapsed()
        );
    }
}
