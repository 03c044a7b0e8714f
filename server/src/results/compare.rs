//! Before/after: one group in two periods (or two groups), per domain, with the change in %
//! confident and a 95% interval, in words. Each side is a cell of its own period's release, and
//! a domain is compared only where both sides show its figures.

use shared::results::period::Period;
use shared::results::release::{Figure, domain_item};
use shared::results::stats::{Tally, compare};
use shared::results::view::{ChangeRow, CompareQuery, Comparison, Filters, GroupStatus, ReleaseNote, Side};

use super::groups::{Placed, place};
use super::labels::Labels;
use super::released::Released;
use super::summary::describe;
use crate::error::{AppError, Result};
use crate::state::AppState;

struct Measured {
    side: Side,
    tallies: std::collections::HashMap<String, Tally>,
    notes: Vec<ReleaseNote>,
    pending: Vec<(Period, chrono::DateTime<chrono::Utc>)>,
}

async fn measure(state: &AppState, filters: &Filters, period: Period, labels: &Labels) -> Result<Measured> {
    let k = state.settings.results_k;
    let released = Released::load(state, &[period]).await?;
    let orgs = released.orgs();
    let placed = place(filters, &[], period, &released, &orgs, labels);
    let mut tallies = std::collections::HashMap::new();
    if let Placed::Shown(cell) = &placed {
        for (key, _) in &labels.domains {
            if let Figure::Shown(f) = cell.figure(&domain_item(key)) {
                tallies.insert(key.clone(), *f.tally());
            }
        }
    }
    let side = Side {
        label: describe(filters, &[period], labels),
        status: placed.status(),
        people: placed.people(),
        explanation: placed.explanation(k, state.settings.results_grace()),
    };
    Ok(Measured {
        side,
        tallies,
        notes: released.notes(),
        pending: released.pending(state.settings.results_grace()),
    })
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
                None if before.side.status == GroupStatus::Hidden
                    || after.side.status == GroupStatus::Hidden =>
                {
                    "Cannot compare: one of the groups is hidden to protect individuals.".to_owned()
                }
                None if before.side.status == GroupStatus::NotReleased
                    || after.side.status == GroupStatus::NotReleased =>
                {
                    "Cannot compare: one of the periods is not released yet.".to_owned()
                }
                None if before.tallies.contains_key(key) != after.tallies.contains_key(key) => {
                    "Cannot compare: on one side too few people rated it to show.".to_owned()
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
    let mut notes = before.notes.clone();
    notes.extend(after.notes.iter().filter(|n| !before.notes.contains(n)).cloned());
    let mut pending = before.pending.clone();
    pending.extend(
        after
            .pending
            .iter()
            .filter(|p| !before.pending.contains(p))
            .copied(),
    );
    let as_of = shared::results::view::as_of(&notes, &pending, state.settings.results_grace_days);
    Ok(Comparison {
        query,
        k: state.settings.results_k,
        releases: notes,
        as_of,
        before: before.side,
        after: after.side,
        rows,
        summary,
    })
}
