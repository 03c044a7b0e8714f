//! Builds a results view: the groups asked for, each a cell of its own period's release, the
//! figures that release shows for them, and sentences that say what they show. Nothing here
//! can reach a figure except through a release's `ShownCell`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use shared::results::cube::{Level, Node, Org};
use shared::results::period::{Granularity, Period};
use shared::results::release::{Cell, Figure, HelpCount, Release, ShownCell, domain_item, statement_item};
use shared::results::suppression::explain_hidden;
use shared::results::timing;
use shared::results::view::{
    Dimension, FigureCell, Filters, Group, GroupStatus, HelpRow, ItemRow, NOT_RECORDED, ReleaseNote,
    ResultsQuery, ResultsView, as_of, level_label,
};

use super::labels::Labels;
use crate::error::{AppError, Result};
use crate::state::AppState;

/// One value of one cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum CutValue {
    Area(String),
    Team { area: String, team: String },
    Level(String),
    Period(Period),
}

/// The releases of some periods (`None` where not released yet).
pub(super) struct Released {
    pub by_period: BTreeMap<Period, Option<Arc<Release>>>,
}

impl Released {
    pub async fn load(state: &AppState, periods: &[Period]) -> Result<Released> {
        let mut by_period = BTreeMap::new();
        for &period in periods {
            by_period.insert(period, state.releases.get(state, period).await?);
        }
        Ok(Released { by_period })
    }

    /// Each period with the release holding it.
    fn released(&self) -> impl Iterator<Item = (Period, &Arc<Release>)> {
        self.by_period
            .iter()
            .filter_map(|(p, r)| r.as_ref().map(|r| (*p, r)))
    }

    /// Every org with a submission in any of the periods.
    pub fn orgs(&self) -> BTreeSet<Org> {
        self.released().flat_map(|(p, r)| r.orgs(p).cloned()).collect()
    }

    fn levels(&self) -> BTreeSet<String> {
        self.released()
            .flat_map(|(p, r)| r.levels(p))
            .filter_map(|l| match l {
                Level::One { level } => Some(level.clone()),
                Level::All => None,
            })
            .collect()
    }

    pub fn notes(&self) -> Vec<ReleaseNote> {
        let mut releases: Vec<&Arc<Release>> = self.released().map(|(_, r)| r).collect();
        releases.dedup_by_key(|r| r.period());
        releases
            .into_iter()
            .map(|r| ReleaseNote {
                period: r.period(),
                released_at: r.released_at(),
                complete_at: r.complete_at(),
                k: r.k(),
            })
            .collect()
    }

    /// The periods not released yet, with when they will be.
    pub fn pending(&self, state: &AppState) -> Vec<(Period, chrono::DateTime<chrono::Utc>)> {
        self.by_period
            .iter()
            .filter(|(_, r)| r.is_none())
            .map(|(p, _)| (*p, timing::release_time(*p, state.settings.results_grace())))
            .collect()
    }

    pub fn as_of(&self, state: &AppState) -> String {
        as_of(
            &self.notes(),
            &self.pending(state),
            state.settings.results_grace_days,
        )
    }
}

/// Where a group is, and what its release says of it.
pub(super) enum Placed<'a> {
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

    pub fn explanation(&self, state: &AppState, k: u32) -> Option<String> {
        match self {
            Placed::Hidden => Some(explain_hidden(k)),
            Placed::NotReleased(period) => Some(format!(
                "Not released yet: figures for {} come out on {}",
                period.label(),
                timing::release_time(*period, state.settings.results_grace()).format("%-d %B %Y")
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
fn level_key(filter: &str) -> String {
    if filter == NOT_RECORDED {
        String::new()
    } else {
        filter.to_owned()
    }
}

/// The cell for filters plus cut values in `period`, and what its release says.
pub(super) fn place<'a>(
    filters: &Filters,
    values: &[CutValue],
    period: Period,
    released: &'a Released,
    orgs: &BTreeSet<Org>,
    labels: &Labels,
) -> Placed<'a> {
    let mut org = match (&filters.team, &filters.service_area) {
        (Some(team), area) => {
            let team = team.0.to_string();
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
    let released = Released::load(state, &periods).await?;
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
    let orgs = released.orgs();

    // Every combination of the cuts' values; groups nobody was in are left out, except
    // along time, where a gap is part of the story.
    let mut combinations: Vec<Vec<CutValue>> = vec![Vec::new()];
    for dimension in &cuts {
        let values = values_of(*dimension, &query, &released, &labels);
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
            &released,
            &orgs,
            &labels,
        );
        if matches!(place, Placed::Empty) && !keep_empty {
            continue;
        }
        let (names, keys): (Vec<String>, Vec<String>) =
            combination.iter().map(|v| value_label(v, &labels)).unzip();
        groups.push(Group {
            labels: names,
            keys,
            status: place.status(),
            people: place.people(),
            explanation: place.explanation(state, k),
        });
        placed.push(place);
    }

    let item_keys: Vec<(String, String, String)> = match &query.domain {
        Some(domain) => labels
            .statements
            .iter()
            .filter(|(_, d, _)| d == domain)
            .map(|(key, _, text)| (statement_item(key), key.clone(), text.clone()))
            .collect(),
        None => {
            let mut keys: Vec<(String, String, String)> = labels
                .domains
                .iter()
                .map(|(key, title)| (domain_item(key), key.clone(), title.clone()))
                .collect();
            // Domains answered on versions whose template is gone still count.
            let answered: BTreeSet<String> = placed
                .iter()
                .filter_map(|p| match p {
                    Placed::Shown(cell) => Some(
                        cell.items()
                            .filter_map(|i| i.strip_prefix("domain/"))
                            .map(String::from),
                    ),
                    _ => None,
                })
                .flatten()
                .collect();
            for key in answered {
                if !keys.iter().any(|(_, k, _)| *k == key) {
                    keys.push((domain_item(&key), key.clone(), labels.domain(&key)));
                }
            }
            keys
        }
    };
    let mut items: Vec<(ItemRow, Option<f64>)> = item_keys
        .into_iter()
        .map(|(item, key, label)| {
            let figures: Vec<FigureCell> = placed.iter().map(|p| p.figure(&item)).collect();
            let (y, m) = placed
                .iter()
                .filter_map(|p| match p {
                    Placed::Shown(cell) => match cell.figure(&item) {
                        Figure::Shown(f) => Some((f.tally().y, f.tally().m)),
                        _ => None,
                    },
                    _ => None,
                })
                .fold((0.0, 0.0), |(y, m), (dy, dm)| (y + dy, m + dm));
            let confident = (m > 0.0).then(|| y / m);
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

    let help = help_rows(&placed, &labels);
    let summary = summarise(&query, &groups, &items, k);
    let items = items.into_iter().map(|(row, _)| row).collect();
    Ok(ResultsView {
        title: describe(&query.filters, &periods, &labels),
        domain_label: query.domain.as_deref().map(|d| labels.domain(d)),
        releases: released.notes(),
        as_of: released.as_of(state),
        query,
        k,
        groups,
        items,
        help,
        summary,
    })
}

fn help_rows(placed: &[Placed<'_>], labels: &Labels) -> Vec<HelpRow> {
    let asked: BTreeSet<(String, String)> = placed
        .iter()
        .filter_map(|p| match p {
            Placed::Shown(cell) => Some(cell.help_asked().map(|(d, h)| (d.to_owned(), h.to_owned()))),
            _ => None,
        })
        .flatten()
        .collect();
    let mut help: Vec<(u32, HelpRow)> = asked
        .into_iter()
        .map(|(domain, kind)| {
            let requests: Vec<Option<u32>> = placed
                .iter()
                .map(|p| match p {
                    Placed::Shown(cell) => match cell.help(&domain, &kind) {
                        HelpCount::Shown(n) => Some(n),
                        HelpCount::Hidden => None,
                    },
                    Placed::Empty => Some(0),
                    _ => None,
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
        .filter(|(shown, row)| *shown > 0 || row.requests.iter().any(Option::is_none))
        .collect();
    help.sort_by_key(|(shown, _)| std::cmp::Reverse(*shown));
    help.into_iter().map(|(_, row)| row).collect()
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
        .filter(|g| g.status == GroupStatus::Shown && g.people.unwrap_or(0) > 0)
        .count();
    let hidden = groups.iter().filter(|g| g.status == GroupStatus::Hidden).count();
    let pending = groups
        .iter()
        .filter(|g| g.status == GroupStatus::NotReleased)
        .count();
    if shown == 0 {
        summary.push(if hidden > 0 {
            format!(
                "Nothing can be shown here without risking identifying someone: every group has fewer than {k} people, or would let a smaller group be worked out. Try a longer period, or fewer splits."
            )
        } else if pending > 0 {
            "These figures are not released yet: a period's figures come out once, after it has ended and late submissions from offline devices are in.".to_owned()
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
                format!(
                    "; {hidden} hidden to protect individuals (groups of fewer than {k} people, and groups from which a smaller one could be worked out)"
                )
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
                .filter_map(|(i, f)| f.shown().and_then(|f| f.confident).map(|c| (i, c)))
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

/// The periods on offer: from the first month with data to the latest released ones.
pub async fn periods(state: &AppState) -> Result<shared::results::view::ResultsPeriods> {
    let now = chrono::Utc::now();
    let grace = state.settings.results_grace();
    let (first, _) = state.store.results().months().await?;
    let (next_quarter, next_release) = timing::next_release(Granularity::Quarter, now, grace);
    Ok(shared::results::view::ResultsPeriods {
        first_month: first.and_then(|m| m.parse::<Period>().ok()),
        latest_quarter: timing::latest_due(Granularity::Quarter, now, grace),
        latest_year: timing::latest_due(Granularity::Year, now, grace),
        next_quarter,
        next_release,
    })
}
