//! Before/after: one group in two periods (or two groups), per domain, with the change in %
//! confident and a 95% interval, in words.

use shared::results::period::Period;
use shared::results::stats::{Tally, compare};
use shared::results::view::{ChangeRow, CompareQuery, Comparison, Filters, Side};

use super::labels::Labels;
use super::view::{Located, cubes, describe, locate, normalise, spec_for};
use crate::error::{AppError, Result};
use crate::state::AppState;
use crate::store::results::GroupBy;

struct Measured {
    side: Side,
    tallies: std::collections::HashMap<String, Tally>,
}

async fn measure(state: &AppState, filters: &Filters, period: Period, labels: &Labels) -> Result<Measured> {
    let k = state.settings.results_k;
    let cubes = cubes(state, &[period]).await?;
    let by = GroupBy {
        area: filters.team.is_some(),
        team: filters.team.is_some(),
        ..GroupBy::default()
    };
    let Located { key, state: cell, .. } = locate(filters, &[], period, by, &cubes, labels);
    let side = Side {
        label: describe(filters, &[period], labels),
        people: cell.hidden.is_none().then_some(cell.people),
        hidden: cell.hidden,
        explanation: cell.hidden.map(|h| h.explain(k)),
    };
    let mut tallies = std::collections::HashMap::new();
    if cell.hidden.is_none() {
        for row in state
            .store
            .result_tallies(&spec_for(filters, period, period, by, None))
            .await?
        {
            if normalise(row.key.clone()) == key {
                tallies.insert(row.item.clone(), row.tally());
            }
        }
    }
    Ok(Measured { side, tallies })
}

pub async fn build(state: &AppState, query: CompareQuery) -> Result<Comparison> {
    let errors = query.validate();
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let labels = Labels::load(state.store.as_ref()).await?;
    let before = measure(state, &query.filters, query.before, &labels).await?;
    let after = measure(state, &query.after_filters(), query.after, &labels).await?;
    let mut rows: Vec<ChangeRow> = labels
        .domains
        .iter()
        .map(|(key, label)| {
            let change = match (before.tallies.get(key), after.tallies.get(key)) {
                (Some(b), Some(a)) => compare(b, a),
                _ => None,
            };
            let sentence = match &change {
                Some(change) => change.sentence(),
                None if before.side.hidden.is_some() || after.side.hidden.is_some() => {
                    "Cannot compare: one of the groups is hidden to protect individuals.".to_owned()
                }
                None => "Cannot compare: too few answers in one of the periods.".to_owned(),
            };
            ChangeRow {
                key: key.clone(),
                label: label.clone(),
                change,
                sentence,
            }
        })
        .collect();
    // The biggest rises first, then falls, then what cannot be compared.
    rows.sort_by(|a, b| {
        let points = |r: &ChangeRow| r.change.as_ref().map_or(f64::NEG_INFINITY, |c| c.points);
        points(b).total_cmp(&points(a))
    });
    let mut summary = Vec::new();
    let improved: Vec<&str> = rows
        .iter()
        .filter(|r| {
            r.change
                .as_ref()
                .is_some_and(|c| c.verdict == shared::results::stats::Verdict::LikelyImproved)
        })
        .map(|r| r.label.as_str())
        .collect();
    let fell: Vec<&str> = rows
        .iter()
        .filter(|r| {
            r.change
                .as_ref()
                .is_some_and(|c| c.verdict == shared::results::stats::Verdict::LikelyFell)
        })
        .map(|r| r.label.as_str())
        .collect();
    let compared = rows.iter().filter(|r| r.change.is_some()).count();
    if compared == 0 {
        summary.push("These two groups cannot be compared: one is hidden to protect individuals or has too few answers.".to_owned());
    } else {
        summary.push(match improved.as_slice() {
            [] => "No domain clearly improved.".to_owned(),
            some => format!("Likely improved: {}.", some.join("; ")),
        });
        if !fell.is_empty() {
            summary.push(format!("Likely fell: {}.", fell.join("; ")));
        }
        summary.push(format!(
            "{} other domain(s) show no clear change. The intervals treat the two periods as separate groups; when the same people answer both, the real uncertainty is smaller, so this errs towards “no clear change”.",
            compared - improved.len() - fell.len()
        ));
    }
    Ok(Comparison {
        query,
        k: state.settings.results_k,
        before: before.side,
        after: after.side,
        rows,
        summary,
    })
}
