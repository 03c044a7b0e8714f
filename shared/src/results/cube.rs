//! Which groups of people may be shown, decided once for every group anyone could ask about, so
//! that no pair of requests can reveal by subtraction what either hides.
//!
//! Suppressing each table on its own is not enough: "team A" (12 people) next to "team A, social
//! workers" (5) and "team A, experienced" (5) gives away the 2 in team A's other level, even if
//! each of those three tables is safe by itself. So results never cut a request's own table:
//! every figure any page, API answer or export shows is one *cell* of a year's cube — a group
//! (everyone / a service area / a team) × (every PCF level / one level) × (the year / a quarter /
//! a month) — and the cells are suppressed together, with every line of the cube (areas add up to
//! everyone, teams to their area, levels to every level, months to their quarter, quarters to
//! the year) taken into account at once. Filters are single values and can only pick cells
//! ("not level X" cannot be asked), so whatever two requests show, both are cells of one safely
//! suppressed cube.
//!
//! People are counted once per period: their latest submitted assessment in it, in the team and
//! at the level they had then. Within a period the groups therefore add up exactly; a year can
//! have fewer people than its quarters added together (someone answering every quarter counts
//! once), which only makes subtraction less useful to anyone trying it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::period::{Granularity, Period};
use super::suppression::{Hidden, Line, suppress};

/// A group of teams: everyone, one service area, or one team (within the service area it was in).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Org {
    All,
    Area { area: String },
    Team { area: String, team: String },
}

/// Every PCF level, or one (`""` where none was recorded).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Level {
    All,
    One { level: String },
}

/// One cell: a group of people in a period.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Node {
    pub org: Org,
    pub level: Level,
    pub period: Period,
}

/// People counted in one team, at one level, in one period (any granularity): what SQL returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeafCount {
    pub period: Period,
    pub area: String,
    pub team: String,
    pub level: String,
    pub people: u32,
}

/// A cell's size and whether it is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellState {
    pub people: u32,
    pub hidden: Option<Hidden>,
}

/// One year's cells, suppressed together.
#[derive(Debug, Clone)]
pub struct Cube {
    pub year: i32,
    pub k: u32,
    /// Everyone, then each service area followed by its teams.
    pub orgs: Vec<Org>,
    /// Every level, then each level with people this year.
    pub levels: Vec<Level>,
    index: HashMap<Node, usize>,
    counts: Vec<u32>,
    hidden: Vec<Option<Hidden>>,
    lines: Vec<Line>,
}

impl Cube {
    /// Builds and suppresses `year`'s cube from its leaf counts at all three granularities (rows
    /// of other years are ignored).
    pub fn build(year: i32, leaves: &[LeafCount], k: u32) -> Cube {
        let leaves: Vec<&LeafCount> = leaves.iter().filter(|l| l.period.year() == year).collect();
        let mut teams: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut levels: BTreeSet<String> = BTreeSet::new();
        for leaf in &leaves {
            teams
                .entry(leaf.area.clone())
                .or_default()
                .insert(leaf.team.clone());
            levels.insert(leaf.level.clone());
        }
        let mut orgs = vec![Org::All];
        for (area, area_teams) in &teams {
            orgs.push(Org::Area { area: area.clone() });
            orgs.extend(area_teams.iter().map(|team| Org::Team {
                area: area.clone(),
                team: team.clone(),
            }));
        }
        let mut level_nodes = vec![Level::All];
        level_nodes.extend(levels.iter().map(|level| Level::One { level: level.clone() }));
        let year_period = Period::Year(year);
        let mut periods = vec![year_period];
        for quarter in year_period.children() {
            periods.push(quarter);
            periods.extend(quarter.children());
        }

        let mut index = HashMap::new();
        for org in &orgs {
            for level in &level_nodes {
                for period in &periods {
                    let node = Node {
                        org: org.clone(),
                        level: level.clone(),
                        period: *period,
                    };
                    let at = index.len();
                    index.insert(node, at);
                }
            }
        }
        let mut counts = vec![0u32; index.len()];
        for leaf in &leaves {
            let org_nodes = [
                Org::All,
                Org::Area {
                    area: leaf.area.clone(),
                },
                Org::Team {
                    area: leaf.area.clone(),
                    team: leaf.team.clone(),
                },
            ];
            let level_of = [
                Level::All,
                Level::One {
                    level: leaf.level.clone(),
                },
            ];
            for org in &org_nodes {
                for level in &level_of {
                    let node = Node {
                        org: org.clone(),
                        level: level.clone(),
                        period: leaf.period,
                    };
                    counts[index[&node]] += leaf.people;
                }
            }
        }

        let at = |org: &Org, level: &Level, period: Period| {
            index[&Node {
                org: org.clone(),
                level: level.clone(),
                period,
            }]
        };
        let mut lines = Vec::new();
        for period in &periods {
            for level in &level_nodes {
                lines.push(Line {
                    total: at(&Org::All, level, *period),
                    parts: teams
                        .keys()
                        .map(|area| at(&Org::Area { area: area.clone() }, level, *period))
                        .collect(),
                });
                for (area, area_teams) in &teams {
                    lines.push(Line {
                        total: at(&Org::Area { area: area.clone() }, level, *period),
                        parts: area_teams
                            .iter()
                            .map(|team| {
                                let org = Org::Team {
                                    area: area.clone(),
                                    team: team.clone(),
                                };
                                at(&org, level, *period)
                            })
                            .collect(),
                    });
                }
            }
            for org in &orgs {
                lines.push(Line {
                    total: at(org, &Level::All, *period),
                    parts: level_nodes[1..]
                        .iter()
                        .map(|level| at(org, level, *period))
                        .collect(),
                });
            }
        }
        for org in &orgs {
            for level in &level_nodes {
                for period in periods.iter().filter(|p| p.granularity() != Granularity::Month) {
                    lines.push(Line {
                        total: at(org, level, *period),
                        parts: period
                            .children()
                            .into_iter()
                            .map(|child| at(org, level, child))
                            .collect(),
                    });
                }
            }
        }
        let hidden = suppress(&counts, &lines, k);
        Cube {
            year,
            k,
            orgs,
            levels: level_nodes,
            index,
            counts,
            hidden,
            lines,
        }
    }

    /// A cell's size and whether it is hidden; a group nobody was in is an empty, shown cell.
    pub fn cell(&self, node: &Node) -> CellState {
        match self.index.get(node) {
            Some(&i) => CellState {
                people: self.counts[i],
                hidden: self.hidden[i],
            },
            None => CellState {
                people: 0,
                hidden: None,
            },
        }
    }

    /// Every cell with its index, for tests and checks.
    pub fn nodes(&self) -> impl Iterator<Item = (&Node, usize)> {
        self.index.iter().map(|(node, &i)| (node, i))
    }

    pub fn counts(&self) -> &[u32] {
        &self.counts
    }

    pub fn hidden(&self) -> &[Option<Hidden>] {
        &self.hidden
    }

    pub fn lines(&self) -> &[Line] {
        &self.lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::suppression::line_exposes;
    use proptest::prelude::*;

    /// One person's single answer in the year: (area, team, level, month).
    type Person = (usize, usize, usize, u32);

    fn leaves(people: &[Person]) -> Vec<LeafCount> {
        let mut counts: BTreeMap<(Period, String, String, String), u32> = BTreeMap::new();
        for &(area, team, level, month) in people {
            for granularity in Granularity::ALL {
                let period = match granularity {
                    Granularity::Month => Period::Month(2026, month),
                    Granularity::Quarter => Period::Quarter(2026, (month - 1) / 3 + 1),
                    Granularity::Year => Period::Year(2026),
                };
                *counts
                    .entry((
                        period,
                        format!("area{area}"),
                        format!("team{area}.{team}"),
                        format!("level{level}"),
                    ))
                    .or_default() += 1;
            }
        }
        counts
            .into_iter()
            .map(|((period, area, team, level), people)| LeafCount {
                period,
                area,
                team,
                level,
                people,
            })
            .collect()
    }

    fn team(area: usize, team: usize) -> Org {
        Org::Team {
            area: format!("area{area}"),
            team: format!("team{area}.{team}"),
        }
    }

    fn level(l: usize) -> Level {
        Level::One {
            level: format!("level{l}"),
        }
    }

    /// An independent check (one dense elimination over every hidden cell, no shortcuts): the
    /// small groups whose size is a sum or difference of lines and shown cells.
    fn derivable_by_brute_force(cube: &Cube) -> Vec<usize> {
        let unknown: Vec<usize> = (0..cube.counts().len())
            .filter(|&i| cube.hidden()[i].is_some() && cube.counts()[i] > 0)
            .collect();
        let col: HashMap<usize, usize> = unknown.iter().enumerate().map(|(c, &i)| (i, c)).collect();
        let mut rows: Vec<Vec<f64>> = cube
            .lines()
            .iter()
            .map(|line| {
                let mut row = vec![0.0f64; unknown.len()];
                if let Some(&c) = col.get(&line.total) {
                    row[c] += 1.0;
                }
                for p in &line.parts {
                    if let Some(&c) = col.get(p) {
                        row[c] -= 1.0;
                    }
                }
                row
            })
            .collect();
        // Gauss-Jordan with partial pivoting.
        let mut pivots = Vec::new();
        let mut r = 0;
        for c in 0..unknown.len() {
            let Some(best) = (r..rows.len()).max_by(|&a, &b| rows[a][c].abs().total_cmp(&rows[b][c].abs()))
            else {
                break;
            };
            if rows[best][c].abs() < 1e-9 {
                continue;
            }
            rows.swap(r, best);
            let f = rows[r][c];
            rows[r].iter_mut().for_each(|x| *x /= f);
            for i in 0..rows.len() {
                let g = rows[i][c];
                if i != r && g.abs() > 1e-9 {
                    let pivot = rows[r].clone();
                    rows[i].iter_mut().zip(&pivot).for_each(|(x, p)| *x -= g * p);
                }
            }
            pivots.push(c);
            r += 1;
        }
        // A cell is determined when its pivot row has no other non-zero (free) column.
        pivots
            .iter()
            .enumerate()
            .filter(|&(row, &c)| {
                rows[row]
                    .iter()
                    .enumerate()
                    .all(|(j, x)| j == c || x.abs() < 1e-9)
            })
            .map(|(_, &c)| unknown[c])
            .filter(|&i| cube.hidden()[i] == Some(Hidden::TooFew))
            .collect()
    }

    #[test]
    fn the_subtraction_in_the_issue_cannot_be_done() {
        // Team A: 2 experienced (level0), 5 social workers (level1), 5 advanced (level2), all
        // in July; team B in the same area makes the area bigger.
        let mut people: Vec<Person> = Vec::new();
        people.extend(std::iter::repeat_n((0, 0, 0, 7), 2));
        people.extend(std::iter::repeat_n((0, 0, 1, 7), 5));
        people.extend(std::iter::repeat_n((0, 0, 2, 7), 5));
        people.extend(std::iter::repeat_n((0, 1, 1, 7), 9));
        let cube = Cube::build(2026, &leaves(&people), 5);
        let q3 = Period::Quarter(2026, 3);
        let at = |org: Org, level: Level| {
            cube.cell(&Node {
                org,
                level,
                period: q3,
            })
        };
        assert_eq!(at(team(0, 0), Level::All).people, 12);
        assert_eq!(at(team(0, 0), level(0)).hidden, Some(Hidden::TooFew));
        // Whichever way team A's levels are asked for — as a cut or one filter at a time — at
        // least one more is hidden, so 12 − 5 − 5 is never on offer.
        let shown_levels = (0..3)
            .filter(|&l| at(team(0, 0), level(l)).hidden.is_none())
            .count();
        assert!(shown_levels <= 1, "{shown_levels} levels shown");
        assert!(derivable_by_brute_force(&cube).is_empty());
    }

    #[test]
    fn groups_of_k_or_more_are_shown_with_their_counts() {
        let people: Vec<Person> = (0..20).map(|i| (0, i % 2, i % 2, 7)).collect();
        let cube = Cube::build(2026, &leaves(&people), 5);
        let cell = cube.cell(&Node {
            org: team(0, 1),
            level: Level::All,
            period: Period::Month(2026, 7),
        });
        assert_eq!(
            cell,
            CellState {
                people: 10,
                hidden: None
            }
        );
        let nobody = cube.cell(&Node {
            org: team(0, 1),
            level: Level::All,
            period: Period::Month(2026, 8),
        });
        assert_eq!(
            nobody,
            CellState {
                people: 0,
                hidden: None
            }
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(150))]

        /// Random workforces (each person answering once, so every line adds up exactly — the
        /// hardest case): every small group is hidden, the cells match counting by hand, no line
        /// gives a hidden cell away, and no hidden cell can be derived from the shown ones by
        /// any sum or difference of lines — which covers any pair (or set) of requests, since
        /// every request shows only cells of this cube.
        #[test]
        fn no_hidden_group_can_be_derived_from_any_requests(
            people in proptest::collection::vec((0usize..2, 0usize..3, 0usize..3, 6u32..10), 0..70),
            k in 3u32..7,
        ) {
            let cube = Cube::build(2026, &leaves(&people), k);
            for (node, i) in cube.nodes() {
                let by_hand = people
                    .iter()
                    .filter(|&&(a, t, l, m)| {
                        let org = match &node.org {
                            Org::All => true,
                            Org::Area { area } => *area == format!("area{a}"),
                            Org::Team { .. } => node.org == team(a, t),
                        };
                        let lvl = match &node.level {
                            Level::All => true,
                            Level::One { .. } => node.level == level(l),
                        };
                        let when = Period::Month(2026, m);
                        let period = when == node.period
                            || when.parent() == Some(node.period)
                            || node.period == Period::Year(2026);
                        org && lvl && period
                    })
                    .count() as u32;
                prop_assert_eq!(cube.counts()[i], by_hand);
                if by_hand > 0 && by_hand < k {
                    prop_assert_eq!(cube.hidden()[i], Some(Hidden::TooFew));
                }
            }
            for line in cube.lines() {
                prop_assert!(!line_exposes(cube.counts(), cube.hidden(), line, k));
            }
            let derivable = derivable_by_brute_force(&cube);
            prop_assert!(derivable.is_empty(), "derivable cells: {:?}", derivable);
        }
    }
}
