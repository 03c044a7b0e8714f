//! Builds a results view: the groups asked for (each a cell of the suppressed cube), the
//! figures SQL summed for them, and sentences that say what they show.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use shared::results::cube::{CellState, Cube, Level, Node, Org};
use shared::results::period::Period;
use shared::results::stats::Tally;
use shared::results::view::{
    Dimension, Filters, Group, HelpRow, ItemRow, NOT_RECORDED, ResultsQuery, ResultsView, level_label,
};

use super::labels::Labels;
use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::store::results::{GroupBy, GroupKey, TallySpec};

/// One value of one cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum CutValue {
    Area(String),
    Team { area: String, team: String },
    Level(String),
    Period(Period),
}

/// Where a group sits: its cube cell and the key of its SQL rows.
pub(super) struct Located {
    pub key: GroupKey,
    pub state: CellState,
}

/// The cubes of every year `periods` touch.
pub(super) async fn cubes(state: &AppState, periods: &[Period]) -> Result<HashMap<i32, Arc<Cube>>> {
    let k = state.settings.results_k;
    let mut cubes = HashMap::new();
    for year in periods.iter().map(|p| p.year()).collect::<BTreeSet<_>>() {
        let cube = state.cubes.cube(state.store.as_ref(), year, k).await?;
        cubes.insert(year, cube);
    }
    Ok(cubes)
}

/// The level key as stored: a wire name, or `""` for not recorded.
fn level_key(filter: &str) -> String {
    if filter == NOT_RECORDED {
        String::new()
    } else {
        filter.to_owned()
    }
}

/// The cube cell and SQL key for filters plus cut values in `period`.
pub(super) fn locate(
    filters: &Filters,
    values: &[CutValue],
    period: Period,
    by: GroupBy,
    cubes: &HashMap<i32, Arc<Cube>>,
    labels: &Labels,
) -> Located {
    let cube = cubes.get(&period.year());
    let mut org = match (&filters.team, &filters.service_area) {
        (Some(team), area) => {
            let team = team.0.to_string();
            // The team's cell in the area it was in: the one asked for, else the one it is in
            // now, else wherever it had people this year.
            let wanted = area
                .clone()
                .or_else(|| labels.team_area(filters.team.expect("team")));
            let known = cube.into_iter().flat_map(|c| c.orgs.iter()).find(
                |o| matches!(o, Org::Team { area: a, team: t } if *t == team && Some(a) == wanted.as_ref()),
            );
            let any = cube
                .into_iter()
                .flat_map(|c| c.orgs.iter())
                .find(|o| matches!(o, Org::Team { team: t, .. } if *t == team));
            known.or(any).cloned().unwrap_or(Org::Team {
                area: wanted.unwrap_or_default(),
                team,
            })
        }
        (None, Some(area)) => Org::Area { area: area.clone() },
        (None, None) => Org::All,
    };
    let mut level = match &filters.pcf_level {
        Some(l) => Level::One { level: level_key(l) },
        None => Level::All,
    };
    let mut at = period;
    for value in values {
        match value {
            CutValue::Area(area) => org = Org::Area { area: area.clone() },
            CutValue::Team { area, team } => {
                org = Org::Team {
                    area: area.clone(),
                    team: team.clone(),
                }
            }
            CutValue::Level(l) => level = Level::One { level: l.clone() },
            CutValue::Period(p) => at = *p,
        }
    }
    let (area, team) = match &org {
        Org::All => (String::new(), String::new()),
        Org::Area { area } => (area.clone(), String::new()),
        Org::Team { area, team } => (area.clone(), team.clone()),
    };
    let key = GroupKey {
        area: if by.area { area } else { String::new() },
        team: if by.team { team } else { String::new() },
        level: match (&level, by.level) {
            (Level::One { level }, true) => level.clone(),
            _ => String::new(),
        },
        bucket: if by.period { at.to_string() } else { String::new() },
    };
    let node = Node {
        org,
        level,
        period: at,
    };
    let state = cube.map_or(
        CellState {
            people: 0,
            hidden: None,
        },
        |c| c.cell(&node),
    );
    Located { key, state }
}

/// A SQL row's key in the spelling `locate` uses (team ids read from either database's text).
pub(super) fn normalise(mut key: GroupKey) -> GroupKey {
    if let Ok(id) = uuid::Uuid::parse_str(&key.team) {
        key.team = id.to_string();
    }
    key
}

pub(super) fn spec_for(
    filters: &Filters,
    from: Period,
    to: Period,
    by: GroupBy,
    domain: Option<String>,
) -> TallySpec {
    TallySpec {
        from,
        to,
        area: filters.service_area.clone(),
        team: filters.team.map(|t| t.0),
        level: filters.pcf_level.as_deref().map(level_key),
        group_by: by,
        statements_of: domain,
    }
}

fn values_of(
    dimension: Dimension,
    query: &ResultsQuery,
    cubes: &HashMap<i32, Arc<Cube>>,
    labels: &Labels,
) -> Vec<CutValue> {
    let orgs: BTreeSet<Org> = cubes.values().flat_map(|c| c.orgs.iter().cloned()).collect();
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
        Dimension::PcfLevel => cubes
            .values()
            .flat_map(|c| c.levels.iter())
            .filter_map(|l| match l {
                Level::One { level } => Some(level.clone()),
                Level::All => None,
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .map(CutValue::Level)
            .collect(),
        Dimension::Period => query.period_range().into_iter().map(CutValue::Period).collect(),
    };
    match dimension {
        Dimension::Team => values.sort_by_key(|v| match v {
            CutValue::Team { area, team } => (area.clone(), labels.team(team)),
            _ => Default::default(),
        }),
        Dimension::PcfLevel => values.sort_by_key(|v| match v {
            CutValue::Level(l) => l.parse::<shared::PcfLevel>().map_or(usize::MAX, |p| {
                shared::PcfLevel::ALL.iter().position(|x| *x == p).unwrap_or(0)
            }),
            _ => 0,
        }),
        _ => {}
    }
    values
}

fn value_label(value: &CutValue, labels: &Labels) -> (String, String) {
    match value {
        CutValue::Area(area) if area.is_empty() => ("No service area".into(), String::new()),
        CutValue::Area(area) => (area.clone(), area.clone()),
        CutValue::Team { team, .. } => (labels.team(team), team.clone()),
        CutValue::Level(level) if level.is_empty() => (level_label(NOT_RECORDED), NOT_RECORDED.into()),
        CutValue::Level(level) => (level_label(level), level.clone()),
        CutValue::Period(p) => (p.label(), p.to_string()),
    }
}

/// "Everyone", "Bradford East · Experienced social worker", with the period.
pub(super) fn describe(filters: &Filters, periods: &[Period], labels: &Labels) -> String {
    let mut parts = Vec::new();
    if let Some(team) = filters.team {
        parts.push(labels.team(&team.0.to_string()));
    } else if let Some(area) = &filters.service_area {
        parts.push(area.clone());
    }
    if let Some(level) = &filters.pcf_level {
        parts.push(level_label(level));
    }
    if parts.is_empty() {
        parts.push("Everyone".into());
    }
    let when = match periods {
        [only] => only.label(),
        [first, .., last] => format!("{} to {}", first.label(), last.label()),
        [] => String::new(),
    };
    format!("{}, {when}", parts.join(" · "))
}

fn percent(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

pub async fn build(state: &AppState, query: ResultsQuery) -> Result<ResultsView> {
    let errors = query.validate();
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let k = state.settings.results_k;
    let periods = query.period_range();
    let cubes = cubes(state, &periods).await?;
    let labels = Labels::load(state.store.as_ref()).await?;
    if let Some(domain) = &query.domain
        && !labels.domains.iter().any(|(key, _)| key == domain)
    {
        return Err(AppError::Validation(AppError::field(
            "domain",
            "Choose a domain from the list",
        )));
    }
    let cuts = query.cuts();
    let by = GroupBy {
        area: cuts.contains(&Dimension::ServiceArea)
            || cuts.contains(&Dimension::Team)
            || query.filters.team.is_some(),
        team: cuts.contains(&Dimension::Team) || query.filters.team.is_some(),
        level: cuts.contains(&Dimension::PcfLevel),
        period: cuts.contains(&Dimension::Period),
    };

    // Every combination of the cuts' values; groups nobody was in are left out, except
    // along time, where a gap is part of the story.
    let mut combinations: Vec<Vec<CutValue>> = vec![Vec::new()];
    for dimension in &cuts {
        let values = values_of(*dimension, &query, &cubes, &labels);
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
    let mut located = Vec::new();
    let mut groups = Vec::new();
    for combination in combinations {
        let place = locate(&query.filters, &combination, query.period, by, &cubes, &labels);
        if place.state.people == 0 && !keep_empty {
            continue;
        }
        let (names, keys): (Vec<String>, Vec<String>) =
            combination.iter().map(|v| value_label(v, &labels)).unzip();
        groups.push(Group {
            labels: names,
            keys,
            people: place.state.hidden.is_none().then_some(place.state.people),
            hidden: place.state.hidden,
            explanation: place.state.hidden.map(|h| h.explain(k)),
        });
        located.push(place);
    }

    let spec = spec_for(
        &query.filters,
        periods[0],
        *periods.last().expect("at least one period"),
        by,
        query.domain.clone(),
    );
    let rows = state.store.result_tallies(&spec).await?;
    let mut tallies: HashMap<(GroupKey, String), Tally> = HashMap::new();
    for row in rows {
        let tally = row.tally();
        tallies.insert((normalise(row.key), row.item), tally);
    }
    let item_keys: Vec<(String, String)> = match &query.domain {
        Some(domain) => labels
            .statements
            .iter()
            .filter(|(_, d, _)| d == domain)
            .map(|(key, _, text)| (key.clone(), text.clone()))
            .collect(),
        None => labels.domains.clone(),
    };
    let mut extra: BTreeSet<String> = tallies.keys().map(|(_, item)| item.clone()).collect();
    for (key, _) in &item_keys {
        extra.remove(key);
    }
    let mut items: Vec<(ItemRow, Option<f64>)> = item_keys
        .into_iter()
        .chain(extra.into_iter().map(|key| {
            let label = if query.domain.is_some() {
                labels.statement(&key)
            } else {
                labels.domain(&key)
            };
            (key, label)
        }))
        .map(|(key, label)| {
            let mut pooled = Tally::default();
            let figures = located
                .iter()
                .map(|place| {
                    if place.state.hidden.is_some() {
                        return None;
                    }
                    let tally = tallies.get(&(place.key.clone(), key.clone()))?;
                    pooled.y += tally.y;
                    pooled.m += tally.m;
                    Some(tally.figures())
                })
                .collect();
            let confident = (pooled.m > 0.0).then(|| pooled.y / pooled.m);
            (ItemRow { key, label, figures }, confident)
        })
        .collect();
    // Weakest first; items nobody rated go last, in template order.
    items.sort_by(|(a, ca), (b, cb)| match (ca, cb) {
        (Some(x), Some(y)) => x.total_cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => labels.order(&a.key).cmp(&labels.order(&b.key)),
    });

    let help = help_rows(state, &spec, &located, &labels).await?;
    let summary = summarise(&query, &groups, &items, k);
    let items = items.into_iter().map(|(row, _)| row).collect();
    Ok(ResultsView {
        title: describe(&query.filters, &periods, &labels),
        domain_label: query.domain.as_deref().map(|d| labels.domain(d)),
        query,
        k,
        groups,
        items,
        help,
        summary,
    })
}

async fn help_rows(
    state: &AppState,
    spec: &TallySpec,
    located: &[Located],
    labels: &Labels,
) -> Result<Vec<HelpRow>> {
    let rows = state.store.result_help(spec).await?;
    let mut counts: BTreeMap<(String, String), HashMap<GroupKey, u32>> = BTreeMap::new();
    for row in rows {
        let requests = u32::try_from(row.requests).unwrap_or(u32::MAX);
        counts
            .entry((row.domain_key, row.help))
            .or_default()
            .insert(normalise(row.key), requests);
    }
    let mut help: Vec<(u32, HelpRow)> = counts
        .into_iter()
        .map(|((domain, kind), by_group)| {
            let requests: Vec<Option<u32>> = located
                .iter()
                .map(|place| {
                    place
                        .state
                        .hidden
                        .is_none()
                        .then(|| by_group.get(&place.key).copied().unwrap_or(0))
                })
                .collect();
            let shown: u32 = requests.iter().flatten().sum();
            (
                shown,
                HelpRow {
                    domain_label: labels.domain(&domain),
                    domain_key: domain,
                    help_label: Labels::help(&kind),
                    help: kind,
                    requests,
                },
            )
        })
        .filter(|(shown, _)| *shown > 0)
        .collect();
    help.sort_by_key(|(shown, _)| std::cmp::Reverse(*shown));
    Ok(help.into_iter().map(|(_, row)| row).collect())
}

fn summarise(
    query: &ResultsQuery,
    groups: &[Group],
    items: &[(ItemRow, Option<f64>)],
    k: u32,
) -> Vec<String> {
    let mut summary = Vec::new();
    let shown = groups
        .iter()
        .filter(|g| g.hidden.is_none() && g.people.unwrap_or(0) > 0)
        .count();
    let hidden = groups.iter().filter(|g| g.hidden.is_some()).count();
    if shown == 0 {
        summary.push(if hidden > 0 {
            format!(
                "Nothing can be shown here without risking identifying someone: every group has fewer than {k} people, or would let a smaller group be worked out. Try a longer period, or fewer splits."
            )
        } else {
            "No submitted self-assessments match this view.".to_owned()
        });
        return summary;
    }
    if groups.len() == 1 {
        if let Some(people) = groups[0].people {
            summary.push(format!(
                "Based on {people} people's latest self-assessment in the period."
            ));
        }
    } else {
        summary.push(format!(
            "{shown} of {} groups shown{}.",
            groups.len(),
            if hidden > 0 {
                format!("; {hidden} hidden to protect individuals (groups of fewer than {k} people, and groups from which a smaller one could be worked out)")
            } else {
                String::new()
            }
        ));
    }
    let rated: Vec<(&ItemRow, f64)> = items.iter().filter_map(|(row, c)| c.map(|c| (row, c))).collect();
    let what = if query.domain.is_some() {
        "statements"
    } else {
        "domains"
    };
    if !rated.is_empty() {
        let weakest: Vec<String> = rated
            .iter()
            .take(3)
            .map(|(row, c)| format!("{} ({} confident)", row.label, percent(*c)))
            .collect();
        summary.push(format!("Least confident {what}: {}.", weakest.join("; ")));
        if let Some((row, c)) = rated.last()
            && rated.len() > 3
        {
            summary.push(format!(
                "Most confident: {} ({} confident).",
                row.label,
                percent(*c)
            ));
        }
    }
    if query.cuts() == [Dimension::Period] {
        for (row, _) in rated.iter().take(3) {
            let points: Vec<(usize, f64)> = row
                .figures
                .iter()
                .enumerate()
                .filter_map(|(i, f)| f.as_ref().and_then(|f| f.confident).map(|c| (i, c)))
                .collect();
            if let (Some(first), Some(last)) = (points.first(), points.last())
                && first.0 != last.0
            {
                summary.push(format!(
                    "{}: {} confident in {} and {} in {}.",
                    row.label,
                    percent(first.1),
                    groups[first.0].labels.join(", "),
                    percent(last.1),
                    groups[last.0].labels.join(", "),
                ));
            }
        }
    }
    summary
}
