//! Builds a results view from its parts: the releases of the periods asked for (`released`),
//! the groups placed in them (`groups`), the rows of figures (`items`) and the words
//! (`summary`). Nothing can reach a figure except through a release's `ShownCell`.

use shared::results::period::{Granularity, Period};
use shared::results::timing;
use shared::results::view::{ResultsQuery, ResultsView};

use super::groups::groups;
use super::items::{help_rows, item_rows};
use super::labels::Labels;
use super::released::Released;
use super::summary::{describe, summarise};
use crate::error::{AppError, Result};
use crate::state::AppState;

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
    let grace = state.settings.results_grace();
    let (placed, groups) = groups(&query, &released, &labels, k, grace);
    let items = item_rows(query.domain.as_deref(), &placed, &labels);
    let help = help_rows(&placed, &labels);
    let summary = summarise(&query, &groups, &items, k);
    let items = items.into_iter().map(|(row, _)| row).collect();
    Ok(ResultsView {
        title: describe(&query.filters, &periods, &labels),
        domain_label: query.domain.as_deref().map(|d| labels.domain(d)),
        releases: released.notes(),
        as_of: released.as_of(state.settings.results_grace_days),
        query,
        k,
        groups,
        items,
        help,
        summary,
    })
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
