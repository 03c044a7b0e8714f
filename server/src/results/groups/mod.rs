//! Where each group asked for sits in the releases: the cut values a query's splits run over,
//! the cell of the cube each combination names (`place`), and what its release says of it.
//! Plain data in, plain data out: nothing here reads the database.

use std::collections::BTreeSet;

use shared::PcfLevel;
use shared::results::cube::{Level, LevelKey, Node, Org, TeamKey};
use shared::results::period::Period;
use shared::results::release::{Cell, Figure, ShownCell};
use shared::results::suppression::explain_hidden;
use shared::results::timing;
use shared::results::view::{
    Dimension, FigureCell, Filters, Group, GroupStatus, NOT_RECORDED, ResultsQuery, level_label,
};

use super::labels::Labels;
use super::released::Released;

/// One value of one cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CutValue {
    Area(String),
    Team { area: String, team: TeamKey },
    Level(LevelKey),
    Period(Period),
}

/// Where a group is, and what its release says of it.
pub enum Placed<'a> {
    Shown(ShownCell<'a>),
    Hidden,
    Empty,
    NotReleased(Period),
}

impl Placed<'_> {
    pub fn status(&self) -> GroupStatus {
        match self {
            Placed::Shown(_) | Placed::Empty => GroupStatus::Shown,
            Placed::Hidden => GroupStatus::Hidden,
            Placed::NotReleased(_) => GroupStatus::NotReleased,
        }
    }

    pub fn people(&self) -> Option<u32> {
        match self {
            Placed::Shown(cell) => Some(cell.people()),
            Placed::Empty => Some(0),
            _ => None,
        }
    }

    /// Why it is not shown, in words (`grace`: how long after a period ends it is released).
    pub fn explanation(&self, k: u32, grace: chrono::Duration) -> Option<String> {
        match self {
            Placed::Hidden => Some(explain_hidden(k)),
            Placed::NotReleased(period) => Some(format!(
                "Not released yet: figures for {} come out on {}",
                period.label(),
                timing::release_time(*period, grace).format("%-d %B %Y")
            )),
            _ => None,
        }
    }

    pub fn figure(&self, item: &str) -> FigureCell {
        match self {
            Placed::Shown(cell) => match cell.figure(item) {
                Figure::Shown(f) => FigureCell::Shown { figures: f.figures() },
                Figure::Hidden => FigureCell::Hidden,
                Figure::NoAnswers => FigureCell::NoAnswers,
            },
            Placed::Hidden => FigureCell::Hidden,
            Placed::Empty | Placed::NotReleased(_) => FigureCell::NoAnswers,
        }
    }
}

/// The level key as stored: a wire name, or `""` for not recorded.
/// The level a filter names: a level's wire name, or `not_recorded`.
fn level_key(filter: &str) -> Option<LevelKey> {
    if filter == NOT_RECORDED {
        Some(LevelKey(None))
    } else {
        filter.parse::<PcfLevel>().ok().map(LevelKey::from)
    }
}

/// The cell for filters plus cut values in `period`, and what its release says.
pub fn place<'a>(
    filters: &Filters,
    values: &[CutValue],
    period: Period,
    released: &'a Released,
    orgs: &BTreeSet<Org>,
    labels: &Labels,
) -> Placed<'a> {
    let mut org = match (&filters.team, &filters.service_area) {
        (Some(team), area) => {
            let team = TeamKey::from(*team);
            // The team's cell in the area it was in: the one asked for, else the one it is in
            // now, else wherever it had people.
            let wanted = area
                .clone()
                .or_else(|| labels.team_area(filters.team.expect("team")));
            let known = orgs.iter().find(
                |o| matches!(o, Org::Team { area: a, team: t } if *t == team && Some(a) == wanted.as_ref()),
            );
            let any = orgs
                .iter()
                .find(|o| matches!(o, Org::Team { team: t, .. } if *t == team));
            known.or(any).cloned().unwrap_or(Org::Team {
                area: wanted.unwrap_or_default(),
                team,
            })
        }
        (None, Some(area)) => Org::Area { area: area.clone() },
        (None, None) => Org::All,
    };
    let mut level = match filters.pcf_level.as_deref().map(level_key) {
        None => Level::All,
        Some(Some(level)) => Level::One { level },
        // The query's checks refuse an unknown level; should one pass, it is never shown.
        Some(None) => return Placed::Hidden,
    };
    let mut at = period;
    for value in values {
        match value {
            CutValue::Area(area) => org = Org::Area { area: area.clone() },
            CutValue::Team { area, team } => {
                org = Org::Team {
                    area: area.clone(),
                    team: *team,
                }
            }
            CutValue::Level(l) => level = Level::One { level: *l },
            CutValue::Period(p) => at = *p,
        }
    }
    let Some(release) = released.by_period.get(&at) else {
        // A period the request did not load is never shown.
        return Placed::Hidden;
    };
    let Some(release) = release else {
        return Placed::NotReleased(at);
    };
    match release.cell(&Node {
        org,
        level,
        period: at,
    }) {
        Cell::Shown(cell) => Placed::Shown(cell),
        Cell::Hidden => Placed::Hidden,
        Cell::Empty => Placed::Empty,
    }
}

/// Every group the query asks for (each combination of its cuts' values, filtered), placed in
/// its period's release; groups nobody was in are left out, except along time, where a gap is
/// part of the story.
pub fn groups<'a>(
    query: &ResultsQuery,
    released: &'a Released,
    labels: &Labels,
    k: u32,
    grace: chrono::Duration,
) -> (Vec<Placed<'a>>, Vec<Group>) {
    let cuts = query.cuts();
    let orgs = released.orgs();
    let mut combinations: Vec<Vec<CutValue>> = vec![Vec::new()];
    for dimension in &cuts {
        let values = values_of(*dimension, query, released, labels);
        combinations = combinations
            .into_iter()
            .flat_map(|prefix| {
                values.iter().map(move |v| {
                    let mut c = prefix.clone();
                    c.push(v.clone());
                    c
                })
            })
            .collect();
    }
    let keep_empty = cuts == [Dimension::Period] || cuts.is_empty();
    let mut placed = Vec::new();
    let mut groups = Vec::new();
    for combination in combinations {
        let place = place(
            &query.filters,
            &combination,
            query.period,
            released,
            &orgs,
            labels,
        );
        if matches!(place, Placed::Empty) && !keep_empty {
            continue;
        }
        let (names, keys): (Vec<String>, Vec<String>) =
            combination.iter().map(|v| value_label(v, labels)).unzip();
        groups.push(Group {
            labels: names,
            keys,
            status: place.status(),
            people: place.people(),
            explanation: place.explanation(k, grace),
        });
        placed.push(place);
    }
    (placed, groups)
}

fn values_of(
    dimension: Dimension,
    query: &ResultsQuery,
    released: &Released,
    labels: &Labels,
) -> Vec<CutValue> {
    let orgs = released.orgs();
    let mut values: Vec<CutValue> = match dimension {
        Dimension::ServiceArea => orgs
            .into_iter()
            .filter_map(|o| match o {
                Org::Area { area } => Some(CutValue::Area(area)),
                _ => None,
            })
            .collect(),
        Dimension::Team => orgs
            .into_iter()
            .filter_map(|o| match o {
                Org::Team { area, team }
                    if query.filters.service_area.as_ref().is_none_or(|a| *a == area) =>
                {
                    Some(CutValue::Team { area, team })
                }
                _ => None,
            })
            .collect(),
        Dimension::PcfLevel => released.levels().into_iter().map(CutValue::Level).collect(),
        Dimension::Period => query.period_range().into_iter().map(CutValue::Period).collect(),
    };
    match dimension {
        Dimension::Team => values.sort_by_key(|v| match v {
            CutValue::Team { area, team } => (area.clone(), labels.team(*team)),
            _ => Default::default(),
        }),
        // In career order, not recorded last.
        Dimension::PcfLevel => values.sort_by_key(|v| match v {
            CutValue::Level(l) => (l.0.is_none(), l.0),
            _ => (true, None),
        }),
        _ => {}
    }
    values
}

fn value_label(value: &CutValue, labels: &Labels) -> (String, String) {
    match value {
        CutValue::Area(area) if area.is_empty() => ("No service area".into(), String::new()),
        CutValue::Area(area) => (area.clone(), area.clone()),
        CutValue::Team { team, .. } => (labels.team(*team), team.to_string()),
        CutValue::Level(LevelKey(None)) => (level_label(NOT_RECORDED), NOT_RECORDED.into()),
        CutValue::Level(LevelKey(Some(level))) => (level.label().to_owned(), level.as_str().to_owned()),
        CutValue::Period(p) => (p.label(), p.to_string()),
    }
}

#[cfg(test)]
mod tests;
