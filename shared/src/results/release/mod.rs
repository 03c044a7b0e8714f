//! A period's released figures: worked out once, suppressed together with the releases before
//! it, stored, and never changed — so no two answers, at any two times, differ by anything.
//!
//! Every figure any page, comparison or export shows is read from a `Release`, and the only way
//! to a figure is through a `ShownCell` (a group suppression let through) and then a
//! `ShownFigure` (a domain, statement or help count that suppression let through in that group).
//! Neither can be made outside this module, so no code path can show a figure that did not pass
//! suppression; a group the release does not know is empty (the release holds every group that
//! has a submission), and a period the release is not of is hidden.
//!
//! Suppression runs once per *measure* over the same cells and lines: the people in each group,
//! then for each domain and statement the people who rated it (not applicable left out), then
//! for each kind of help with each domain the people asking. A figure resting on 1 to k − 1
//! people is hidden, and more are hidden until none can be worked out by any sum or difference
//! of what is shown, nor bounded below k or above it (`bounds`) — in this release and in the
//! earlier ones it is tied to (a year's quarters), which stay exactly as they were published.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::bounds::{Audited, Memo, Table};
use super::cube::{Layout, Level, LevelKey, Node, Org, TeamKey, cells_of, within};
use super::period::Period;
use super::stats::{Figures, Tally};
use super::suppression::{Hidden, Line, suppress_audited};

/// One team at one level in one period, as SQL sums it before any suppression.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeafData {
    pub area: String,
    pub team: TeamKey,
    pub level: LevelKey,
    pub people: u32,
    /// Domains and statements (`domain_item`, `statement_item`) and the sums of their ratings.
    pub items: BTreeMap<String, Tally>,
    /// Domain key → kind of help → people asking.
    pub help: BTreeMap<String, BTreeMap<String, u32>>,
}

/// A domain's key among a release's items.
pub fn domain_item(key: &str) -> String {
    format!("domain/{key}")
}

/// A statement's key among a release's items.
pub fn statement_item(key: &str) -> String {
    format!("statement/{key}")
}

/// Everything submitted that counts in one period, leaf by leaf.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodData {
    pub period: Period,
    pub leaves: Vec<LeafData>,
}

/// A value and whether suppression hid it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Kept<T> {
    value: T,
    hidden: bool,
}

/// One group of a release, as stored: the true sums (which suppression needs when later
/// releases are tied to this one) and what is hidden. Never sent anywhere as it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ReleasedCell {
    period: Period,
    org: Org,
    level: Level,
    people: Kept<u32>,
    items: BTreeMap<String, Kept<Tally>>,
    help: BTreeMap<String, BTreeMap<String, Kept<u32>>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Stored {
    /// The period released: a quarter or a year.
    period: Period,
    /// Every period it holds figures for.
    periods: Vec<Period>,
    k: u32,
    released_at: DateTime<Utc>,
    complete_at: DateTime<Utc>,
    cells: Vec<ReleasedCell>,
}

/// One release: a quarter's figures, or a year's.
#[derive(Debug, Clone, PartialEq)]
pub struct Release(Stored);

/// A group in a release.
#[derive(Debug, Clone, Copy)]
pub enum Cell<'a> {
    Shown(ShownCell<'a>),
    Hidden,
    /// Nobody in the group submitted in the period.
    Empty,
}

/// A group suppression let through: the only way to its figures.
#[derive(Debug, Clone, Copy)]
pub struct ShownCell<'a>(&'a ReleasedCell);

/// One domain's or statement's figures in a shown group.
#[derive(Debug, Clone, Copy)]
pub enum Figure<'a> {
    Shown(ShownFigure<'a>),
    /// Fewer than k people rated it, or its figures would let such a group be worked out.
    Hidden,
    NoAnswers,
}

/// Figures suppression let through.
#[derive(Debug, Clone, Copy)]
pub struct ShownFigure<'a>(&'a Tally);

/// How many people in a shown group asked for one kind of help with one domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpCount {
    Shown(u32),
    Hidden,
}

impl<'a> ShownCell<'a> {
    pub fn people(&self) -> u32 {
        self.0.people.value
    }

    pub fn figure(&self, item: &str) -> Figure<'a> {
        match self.0.items.get(item) {
            Some(kept) if kept.hidden => Figure::Hidden,
            Some(kept) if kept.value.raters > 0 => Figure::Shown(ShownFigure(&kept.value)),
            _ => Figure::NoAnswers,
        }
    }

    /// The domains and statements anyone in the group answered.
    pub fn items(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.0.items.keys().map(String::as_str)
    }

    pub fn help(&self, domain: &str, kind: &str) -> HelpCount {
        match self.0.help.get(domain).and_then(|kinds| kinds.get(kind)) {
            Some(kept) if kept.hidden => HelpCount::Hidden,
            Some(kept) => HelpCount::Shown(kept.value),
            None => HelpCount::Shown(0),
        }
    }

    /// Every (domain, kind of help) anyone in the group asked for.
    pub fn help_asked(&self) -> impl Iterator<Item = (&'a str, &'a str)> + use<'a> {
        self.0
            .help
            .iter()
            .flat_map(|(domain, kinds)| kinds.keys().map(move |kind| (domain.as_str(), kind.as_str())))
    }
}

impl<'a> ShownFigure<'a> {
    pub fn figures(&self) -> Figures {
        self.0.figures()
    }

    /// The sums behind the figures, for comparing two shown figures.
    pub fn tally(&self) -> &'a Tally {
        self.0
    }
}

impl Release {
    /// The period released (a quarter or a year).
    pub fn period(&self) -> Period {
        self.0.period
    }

    /// Every period the release holds figures for.
    pub fn periods(&self) -> &[Period] {
        &self.0.periods
    }

    /// The k the release was made with (releases never change, not even when k does).
    pub fn k(&self) -> u32 {
        self.0.k
    }

    pub fn released_at(&self) -> DateTime<Utc> {
        self.0.released_at
    }

    /// Submissions the server received before this moment are in the release.
    pub fn complete_at(&self) -> DateTime<Utc> {
        self.0.complete_at
    }

    /// A group in one of this release's periods; a group of any other period is hidden (fail
    /// closed), and one the release does not know had nobody in it.
    pub fn cell(&self, node: &Node) -> Cell<'_> {
        if !self.0.periods.contains(&node.period) {
            return Cell::Hidden;
        }
        let found = self
            .0
            .cells
            .iter()
            .find(|c| c.period == node.period && c.org == node.org && c.level == node.level);
        match found {
            Some(cell) if cell.people.hidden => Cell::Hidden,
            Some(cell) => Cell::Shown(ShownCell(cell)),
            None => Cell::Empty,
        }
    }

    /// Every group of teams (with the service area a team was in) with a submission in `period`.
    pub fn orgs(&self, period: Period) -> impl Iterator<Item = &Org> {
        self.0
            .cells
            .iter()
            .filter(move |c| c.period == period && c.level == Level::All)
            .map(|c| &c.org)
    }

    /// Every level with a submission in `period`.
    pub fn levels(&self, period: Period) -> impl Iterator<Item = &Level> {
        self.0
            .cells
            .iter()
            .filter(move |c| c.period == period && c.org == Org::All)
            .map(|c| &c.level)
    }

    /// The release as stored in the database, private sums included.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(&self.0).expect("a release serialises")
    }

    pub fn from_stored(text: &str) -> Result<Release, serde_json::Error> {
        serde_json::from_str(text).map(Release)
    }

    /// Works out the release of `period` from `data` (one `PeriodData` for each period it
    /// holds: the quarter or the year) with `k`, tied to the `earlier` releases it
    /// shares lines with (a year's quarters), which must have been released first and are
    /// left exactly as they are.
    pub fn build(
        period: Period,
        data: &[PeriodData],
        earlier: &[&Release],
        k: u32,
        released_at: DateTime<Utc>,
        complete_at: DateTime<Utc>,
    ) -> Release {
        let earlier: Vec<&Stored> = earlier
            .iter()
            .map(|r| &r.0)
            .filter(|r| within(r.period, period))
            .collect();
        let own: Vec<Period> = data.iter().map(|d| d.period).collect();
        let mut fresh: BTreeMap<(Period, Org, Level), CellSums> = BTreeMap::new();
        for d in data {
            for ((org, level), sums) in aggregate(&d.leaves) {
                fresh.insert((d.period, org, level), sums);
            }
        }

        let mut teams = BTreeSet::new();
        let mut levels = BTreeSet::new();
        let known = fresh
            .keys()
            .map(|(_, org, level)| (org.clone(), level.clone()))
            .chain(
                earlier
                    .iter()
                    .flat_map(|r| r.cells.iter().map(|c| (c.org.clone(), c.level.clone()))),
            );
        for (org, level) in known {
            if let Org::Team { area, team } = org {
                teams.insert((area, team));
            }
            if let Level::One { level } = level {
                levels.insert(level);
            }
        }
        let mut periods = own.clone();
        periods.extend(earlier.iter().flat_map(|r| r.periods.iter().copied()));
        let layout = Layout::new(&teams, &levels, &periods);
        let n = layout.len();
        let node = |period: Period, org: &Org, level: &Level| Node {
            org: org.clone(),
            level: level.clone(),
            period,
        };

        // Settled cells: everything of the earlier releases, empty cells included.
        let fixed: Vec<bool> = layout.nodes().iter().map(|c| !own.contains(&c.period)).collect();
        let settled: Vec<(usize, &ReleasedCell)> = earlier
            .iter()
            .flat_map(|r| r.cells.iter())
            .filter_map(|c| layout.at(&node(c.period, &c.org, &c.level)).map(|i| (i, c)))
            .collect();
        let fresh_at: Vec<(usize, &CellSums)> = fresh
            .iter()
            .filter_map(|((period, org, level), sums)| {
                layout.at(&node(*period, org, level)).map(|i| (i, sums))
            })
            .collect();

        // Runs suppression for one measure: `old` reads a settled cell's count and hidden
        // state, `new` a fresh cell's count; fresh cells start hidden where `seed` says. A
        // measure of people within a group (raters, people asking for help) holds no more
        // than the group, where its size is shown (`ceiling`).
        let run = |old: &dyn Fn(&ReleasedCell) -> (u32, bool),
                   new: &dyn Fn(&CellSums) -> u32,
                   seed: &[bool],
                   ceiling: &[Option<u32>]| {
            let mut counts = vec![0u32; n];
            let mut start: Vec<Option<Hidden>> = vec![None; n];
            for &(i, cell) in &settled {
                let (count, hidden) = old(cell);
                counts[i] = count;
                start[i] = hidden.then_some(Hidden::Complementary);
            }
            for &(i, sums) in &fresh_at {
                counts[i] = new(sums);
                if seed[i] {
                    start[i] = Some(Hidden::Complementary);
                }
            }
            let exact = layout.exact_lines(&counts);
            let at_most: Vec<Line> = layout
                .across()
                .iter()
                .filter(|l| !exact.contains(l))
                .cloned()
                .collect();
            let audit = Audited {
                table: Table {
                    counts: &counts,
                    exact: &exact,
                    at_most: &at_most,
                    fixed: &fixed,
                    ceiling,
                    k,
                },
                memo: Memo::default(),
            };
            let hidden = suppress_audited(&counts, &exact, &at_most, k, &start, &fixed, &audit);
            // What is still exposed when nothing more of this measure could be hidden (its
            // components are remembered, so this is cheap when all is well), and every hidden
            // cell tied to it: a group size shown on any of them can make the bound.
            let exposed = audit.table.exposed_with(&hidden, &audit.memo);
            let left = audit.table.reach(&hidden, &exposed);
            (
                counts,
                hidden.iter().map(Option::is_some).collect::<Vec<bool>>(),
                left,
            )
        };
        // A statement's raters or a kind of help can be bounded by the size of a group that is
        // shown (no more rated it than are in it). When hiding more of that measure cannot
        // undo such a bound, the groups whose sizes can make it (those of every hidden cell tied
        // to the exposed one, in any period) are hidden too, and every measure is worked out
        // again.
        let mut people_seed = vec![false; n];
        let (people_hidden, measure_hidden) = loop {
            let (people_counts, people_hidden, _) = run(
                &|c| (c.people.value, c.people.hidden),
                &|s| s.people,
                &people_seed,
                &[],
            );
            let ceiling: Vec<Option<u32>> = people_counts
                .iter()
                .zip(&people_hidden)
                .map(|(&n, &h)| (!h).then_some(n))
                .collect();

            // Every statement, domain and kind of help anyone answered, fresh or settled.
            let measures: BTreeSet<Measure> = fresh
                .values()
                .flat_map(CellSums::measures)
                .chain(
                    earlier
                        .iter()
                        .flat_map(|r| r.cells.iter().flat_map(ReleasedCell::measures)),
                )
                .collect();
            let mut measure_hidden: BTreeMap<Measure, Vec<bool>> = BTreeMap::new();
            let mut still: Vec<usize> = Vec::new();
            for measure in measures {
                // Even where the counts match the people's, the audit differs: in a hidden group a
                // statement may, for all anyone knows, have nobody rating it.
                let (_, hidden, left) = run(
                    &|c| measure.kept(c),
                    &|s| measure.count(s),
                    &people_hidden,
                    &ceiling,
                );
                still.extend(left);
                measure_hidden.insert(measure, hidden);
            }
            let open =
                |j: usize, seed: &[bool]| !fixed[j] && !people_hidden[j] && !seed[j] && people_counts[j] > 0;
            let mut more = false;
            for j in still {
                if open(j, &people_seed) {
                    people_seed[j] = true;
                    more = true;
                }
            }
            if !more {
                break (people_hidden, measure_hidden);
            }
        };

        let cells = fresh_at
            .iter()
            .filter(|(_, sums)| sums.people > 0)
            .map(|&(i, sums)| {
                let at = &layout.nodes()[i];
                ReleasedCell {
                    period: at.period,
                    org: at.org.clone(),
                    level: at.level.clone(),
                    people: Kept {
                        value: sums.people,
                        hidden: people_hidden[i],
                    },
                    items: sums
                        .items
                        .iter()
                        .map(|(key, tally)| {
                            let hidden = measure_hidden[&Measure::Item(key.clone())][i];
                            (
                                key.clone(),
                                Kept {
                                    value: *tally,
                                    hidden,
                                },
                            )
                        })
                        .collect(),
                    help: sums
                        .help
                        .iter()
                        .map(|(domain, kinds)| {
                            let kinds = kinds
                                .iter()
                                .map(|(kind, count)| {
                                    let hidden =
                                        measure_hidden[&Measure::Help(domain.clone(), kind.clone())][i];
                                    (
                                        kind.clone(),
                                        Kept {
                                            value: *count,
                                            hidden,
                                        },
                                    )
                                })
                                .collect();
                            (domain.clone(), kinds)
                        })
                        .collect(),
                }
            })
            .collect();
        Release(Stored {
            period,
            periods: own,
            k,
            released_at,
            complete_at,
            cells,
        })
    }
}

/// One group's sums in the period being released.
#[derive(Debug, Clone, Default)]
struct CellSums {
    people: u32,
    items: BTreeMap<String, Tally>,
    help: BTreeMap<String, BTreeMap<String, u32>>,
}

impl CellSums {
    fn add(&mut self, leaf: &LeafData) {
        self.people += leaf.people;
        for (key, tally) in &leaf.items {
            self.items.entry(key.clone()).or_default().add(tally);
        }
        for (domain, kinds) in &leaf.help {
            for (kind, count) in kinds {
                *self
                    .help
                    .entry(domain.clone())
                    .or_default()
                    .entry(kind.clone())
                    .or_default() += count;
            }
        }
    }

    fn measures(&self) -> impl Iterator<Item = Measure> + '_ {
        Measure::all_in(&self.items, &self.help)
    }
}

impl ReleasedCell {
    fn measures(&self) -> impl Iterator<Item = Measure> + '_ {
        Measure::all_in(&self.items, &self.help)
    }
}

/// What suppression runs over within groups, besides the people in them: the people who rated
/// a domain or statement (an item's key), or who asked for a kind of help with a domain.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Measure {
    Item(String),
    Help(String, String),
}

impl Measure {
    /// The measures a group's items and help hold.
    fn all_in<'a, T, H>(
        items: &'a BTreeMap<String, T>,
        help: &'a BTreeMap<String, BTreeMap<String, H>>,
    ) -> impl Iterator<Item = Measure> + 'a {
        items
            .keys()
            .cloned()
            .map(Measure::Item)
            .chain(help.iter().flat_map(|(d, kinds)| {
                kinds
                    .keys()
                    .map(move |kind| Measure::Help(d.clone(), kind.clone()))
            }))
    }

    /// Its count in a fresh group.
    fn count(&self, sums: &CellSums) -> u32 {
        match self {
            Measure::Item(key) => sums.items.get(key).map_or(0, |t| t.raters),
            Measure::Help(domain, kind) => sums
                .help
                .get(domain)
                .and_then(|kinds| kinds.get(kind))
                .copied()
                .unwrap_or(0),
        }
    }

    /// Its count in a settled group, and whether it was hidden (a group nobody in which
    /// answered it is hidden with the group).
    fn kept(&self, cell: &ReleasedCell) -> (u32, bool) {
        let kept = match self {
            Measure::Item(key) => cell.items.get(key).map(|k| (k.value.raters, k.hidden)),
            Measure::Help(domain, kind) => cell
                .help
                .get(domain)
                .and_then(|kinds| kinds.get(kind))
                .map(|k| (k.value, k.hidden)),
        };
        kept.unwrap_or((0, cell.people.hidden))
    }
}

/// Leaves summed into every group they belong to (leaves of one period are separate people, so
/// their sums add up).
fn aggregate(leaves: &[LeafData]) -> BTreeMap<(Org, Level), CellSums> {
    let mut cells: BTreeMap<(Org, Level), CellSums> = BTreeMap::new();
    for leaf in leaves.iter().filter(|l| l.people > 0) {
        for key in cells_of(&leaf.area, leaf.team, leaf.level) {
            cells.entry(key).or_default().add(leaf);
        }
    }
    cells
}

#[cfg(test)]
mod tests;
