//! The cells figures can be shown for, and the lines that tie them together, so that
//! suppression can see every way a hidden group might be worked out.
//!
//! Suppressing each table on its own is not enough: "team A" (12 people) next to "team A, social
//! workers" (5) and "team A, experienced" (5) gives away the 2 in team A's other level, even if
//! each of those three tables is safe by itself. So results never cut a request's own table:
//! every figure any page, API answer or export shows is one *cell* — a group (everyone / a
//! service area / a team) × (every PCF level / one level) in one period — of a release
//! (`release`), and the cells of a period are suppressed together with every line (areas add up
//! to everyone, teams to their area, levels to every level, months to their quarter, quarters to
//! the year) taken into account at once. Filters are single values and can only pick cells
//! ("not level X" cannot be asked), so whatever two requests show, both are cells of the same
//! safely suppressed releases.
//!
//! People are counted once per period: their latest submitted assessment in it, in the team and
//! at the level they had then. Within a period the groups therefore add up exactly; a quarter can
//! have fewer people than its months added together (someone answering twice counts once),
//! which only makes subtraction less useful to anyone trying it.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::period::{Granularity, Period};
use super::suppression::Line;
use crate::ids::TeamId;
use crate::roles::PcfLevel;

/// A team as results count people in it: its id, or none for people not in a team. Stored and
/// sent as the id's text (`""` for none), so every database's spelling of an id becomes one
/// value where the store reads it, and nothing above the store parses ids again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
pub struct TeamKey(pub Option<TeamId>);

impl From<TeamId> for TeamKey {
    fn from(id: TeamId) -> Self {
        TeamKey(Some(id))
    }
}

impl std::fmt::Display for TeamKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(id) => id.fmt(f),
            None => Ok(()),
        }
    }
}

impl std::str::FromStr for TeamKey {
    type Err = uuid::Error;
    /// A team id in any spelling `Uuid` reads (hyphenated, or SQLite's bare hex), or `""`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() {
            Ok(TeamKey(None))
        } else {
            s.parse().map(|id| TeamKey(Some(id)))
        }
    }
}

impl From<TeamKey> for String {
    fn from(key: TeamKey) -> String {
        key.to_string()
    }
}

impl TryFrom<String> for TeamKey {
    type Error = uuid::Error;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

/// A PCF level as results count people at it, or none where it was not recorded. Stored and
/// sent as the level's wire name (`""` for none), read once where the store returns it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
pub struct LevelKey(pub Option<PcfLevel>);

impl From<PcfLevel> for LevelKey {
    fn from(level: PcfLevel) -> Self {
        LevelKey(Some(level))
    }
}

impl std::fmt::Display for LevelKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.map_or("", PcfLevel::as_str))
    }
}

impl std::str::FromStr for LevelKey {
    type Err = crate::roles::UnknownValue;
    /// A level's wire name, or `""`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() {
            Ok(LevelKey(None))
        } else {
            s.parse().map(|level| LevelKey(Some(level)))
        }
    }
}

impl From<LevelKey> for String {
    fn from(key: LevelKey) -> String {
        key.to_string()
    }
}

impl TryFrom<String> for LevelKey {
    type Error = crate::roles::UnknownValue;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

/// A group of teams: everyone, one service area, or one team (within the service area it was in).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Org {
    All,
    Area { area: String },
    Team { area: String, team: TeamKey },
}

/// Every PCF level, or one (`""` where none was recorded).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Level {
    All,
    One { level: LevelKey },
}

/// One cell: a group of people in a period.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Node {
    pub org: Org,
    pub level: Level,
    pub period: Period,
}

/// The cells of some periods — every org × level in each — and the lines between them: within
/// each period, areas into everyone, teams into their area and levels into every level; across
/// periods, a period's children into it wherever all of them are present.
///
/// Lines within a period always hold exactly (each person is in one team and one level). A
/// period's children add up to it only where nobody answered in two of them, so those lines
/// are kept apart (`across`): suppression treats one as an equation where the data make it one.
#[derive(Debug, Clone)]
pub struct Layout {
    nodes: Vec<Node>,
    index: HashMap<Node, usize>,
    lines: Vec<Line>,
    across: Vec<Line>,
}

impl Layout {
    /// `teams` as (service area, team); `levels` as stored (`""` for not recorded).
    pub fn new(
        teams: &BTreeSet<(String, TeamKey)>,
        levels: &BTreeSet<LevelKey>,
        periods: &[Period],
    ) -> Layout {
        let mut orgs = vec![Org::All];
        let mut areas: Vec<(String, Vec<Org>)> = Vec::new();
        for (area, team) in teams {
            if areas.last().is_none_or(|(a, _)| a != area) {
                areas.push((area.clone(), Vec::new()));
            }
            let org = Org::Team {
                area: area.clone(),
                team: *team,
            };
            areas.last_mut().expect("pushed above").1.push(org);
        }
        for (area, area_teams) in &areas {
            orgs.push(Org::Area { area: area.clone() });
            orgs.extend(area_teams.iter().cloned());
        }
        let mut level_nodes = vec![Level::All];
        level_nodes.extend(levels.iter().map(|level| Level::One { level: *level }));

        let mut nodes = Vec::new();
        for period in periods {
            for org in &orgs {
                for level in &level_nodes {
                    nodes.push(Node {
                        org: org.clone(),
                        level: level.clone(),
                        period: *period,
                    });
                }
            }
        }
        let index: HashMap<Node, usize> = nodes.iter().cloned().enumerate().map(|(i, n)| (n, i)).collect();
        let at = |org: &Org, level: &Level, period: Period| {
            index[&Node {
                org: org.clone(),
                level: level.clone(),
                period,
            }]
        };
        let mut lines = Vec::new();
        let mut across = Vec::new();
        for &period in periods {
            for level in &level_nodes {
                lines.push(Line {
                    total: at(&Org::All, level, period),
                    parts: areas
                        .iter()
                        .map(|(area, _)| at(&Org::Area { area: area.clone() }, level, period))
                        .collect(),
                });
                for (area, area_teams) in &areas {
                    lines.push(Line {
                        total: at(&Org::Area { area: area.clone() }, level, period),
                        parts: area_teams.iter().map(|team| at(team, level, period)).collect(),
                    });
                }
            }
            for org in &orgs {
                lines.push(Line {
                    total: at(org, &Level::All, period),
                    parts: level_nodes[1..]
                        .iter()
                        .map(|level| at(org, level, period))
                        .collect(),
                });
            }
            let children = period.children();
            if !children.is_empty() && children.iter().all(|c| periods.contains(c)) {
                for org in &orgs {
                    for level in &level_nodes {
                        across.push(Line {
                            total: at(org, level, period),
                            parts: children.iter().map(|c| at(org, level, *c)).collect(),
                        });
                    }
                }
            }
        }
        Layout {
            nodes,
            index,
            lines,
            across,
        }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn at(&self, node: &Node) -> Option<usize> {
        self.index.get(node).copied()
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The lines within periods, which always hold exactly.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// The lines from a period to its children: each holds as `total ≤ Σ parts`, exactly where
    /// nobody counted in it answered in two of the children.
    pub fn across(&self) -> &[Line] {
        &self.across
    }

    /// The lines that hold exactly for `counts`: every line within a period, and those across
    /// periods whose parts add up to their total.
    pub fn exact_lines(&self, counts: &[u32]) -> Vec<Line> {
        let mut exact = self.lines.clone();
        exact.extend(
            self.across
                .iter()
                .filter(|l| counts[l.total] == l.parts.iter().map(|&p| counts[p]).sum::<u32>())
                .cloned(),
        );
        exact
    }
}

/// The six cells one person of `team` (in `area`) at `level` counts in, in a period.
pub fn cells_of(area: &str, team: TeamKey, level: LevelKey) -> [(Org, Level); 6] {
    let team = Org::Team {
        area: area.to_owned(),
        team,
    };
    let area = Org::Area {
        area: area.to_owned(),
    };
    let one = Level::One { level };
    [
        (Org::All, Level::All),
        (Org::All, one.clone()),
        (area.clone(), Level::All),
        (area, one.clone()),
        (team.clone(), Level::All),
        (team, one),
    ]
}

/// Whether `inner` lies within `outer` (a month within its quarter or year, a quarter within its
/// year), not counting `outer` itself.
pub fn within(inner: Period, outer: Period) -> bool {
    inner != outer
        && inner.year() == outer.year()
        && match (outer.granularity(), inner.granularity()) {
            (Granularity::Year, _) => true,
            (Granularity::Quarter, Granularity::Month) => inner.parent() == Some(outer),
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_and_level_keys_read_either_databases_spelling_and_store_as_before() {
        let id: TeamId = "01a237b5-6252-7200-bc9e-136f05972125".parse().unwrap();
        for spelling in [
            "01a237b5-6252-7200-bc9e-136f05972125",
            "01a237b562527200bc9e136f05972125",
        ] {
            assert_eq!(spelling.parse::<TeamKey>().unwrap(), TeamKey(Some(id)));
        }
        assert_eq!("".parse::<TeamKey>().unwrap(), TeamKey(None));
        assert!("team-a".parse::<TeamKey>().is_err());
        // Releases stored before teams were typed read the same.
        let org = Org::Team {
            area: "Keighley".into(),
            team: TeamKey(Some(id)),
        };
        let stored = r#"{"kind":"team","area":"Keighley","team":"01a237b5-6252-7200-bc9e-136f05972125"}"#;
        assert_eq!(serde_json::to_string(&org).unwrap(), stored);
        assert_eq!(serde_json::from_str::<Org>(stored).unwrap(), org);
        let level = Level::One {
            level: PcfLevel::Experienced.into(),
        };
        assert_eq!(
            serde_json::to_string(&level).unwrap(),
            r#"{"kind":"one","level":"experienced"}"#
        );
        let not_recorded = r#"{"kind":"one","level":""}"#;
        assert_eq!(
            serde_json::from_str::<Level>(not_recorded).unwrap(),
            Level::One {
                level: LevelKey(None)
            }
        );
        assert!(serde_json::from_str::<Level>(r#"{"kind":"one","level":"wizard"}"#).is_err());
        let nobody = r#"{"kind":"team","area":"","team":""}"#;
        assert_eq!(
            serde_json::from_str::<Org>(nobody).unwrap(),
            Org::Team {
                area: String::new(),
                team: TeamKey(None)
            }
        );
    }
}
