//! The unmet-need report: devices send the searches practitioners made (online or offline);
//! commissioners see where they found nothing or little, by category, area, age group or day
//! wanted, over a period, and download it as CSV. Nothing sent or shown says who searched
//! (`shared::api::unmet`, `crate::store::unmet`).

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;
use shared::api::unmet::{
    AgeGroup, Counted, CountedSearches, GroupBy, GroupCount, UnmetReport, UnmetWords, day_label, period,
};
use uuid::Uuid;

use super::{KEEPERS, today};
use crate::error::{AppError, Result};
use crate::extract::{AppQuery, Valid};
use crate::session::CurrentUser;
use crate::state::AppState;
use crate::store::unmet::{Counts, Groups};

/// Counts searches made on a device (anyone signed in). Who sent them is used only to count
/// different people searching the same words, and is not stored.
#[utoipa::path(post, path = "/directory/searches", tag = "directory", request_body = CountedSearches,
    responses((status = 202, body = Counted), (status = 422, body = shared::ErrorBody)))]
pub async fn count_searches(
    State(state): State<AppState>,
    me: CurrentUser,
    Valid(batch): Valid<CountedSearches>,
) -> Result<(StatusCode, Json<Counted>)> {
    let counted = state
        .store
        .unmet()
        .count_searches(&batch.searches, me.0.id)
        .await?;
    Ok((StatusCode::ACCEPTED, Json(Counted { counted })))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnmetQuery {
    /// The first day (default: 89 days before `to`).
    pub from: Option<NaiveDate>,
    /// The last day (default: today).
    pub to: Option<NaiveDate>,
    /// `category` (the default), `area`, `age_group` or `day`.
    pub by: Option<String>,
}

/// Searches by group, most that found nothing first (commissioners).
#[utoipa::path(get, path = "/directory/unmet", tag = "directory", params(UnmetQuery), responses(
    (status = 200, body = UnmetReport), (status = 400, body = shared::ErrorBody), (status = 403, body = shared::ErrorBody),
))]
pub async fn unmet_report(
    State(state): State<AppState>,
    me: CurrentUser,
    AppQuery(query): AppQuery<UnmetQuery>,
) -> Result<Json<UnmetReport>> {
    me.require_any(KEEPERS)?;
    Ok(Json(build(&state, &query).await?))
}

/// The same report as CSV: one row per group, then per filter, then per words.
#[utoipa::path(get, path = "/directory/unmet.csv", tag = "directory", params(UnmetQuery), responses(
    (status = 200, content_type = "text/csv", body = String), (status = 400, body = shared::ErrorBody),
    (status = 403, body = shared::ErrorBody),
))]
pub async fn unmet_csv(
    State(state): State<AppState>,
    me: CurrentUser,
    AppQuery(query): AppQuery<UnmetQuery>,
) -> Result<Response> {
    me.require_any(KEEPERS)?;
    let report = build(&state, &query).await?;
    let name = format!(
        "touchstone-unmet-need-by-{}-{}-to-{}.csv",
        report.by.as_str().replace('_', "-"),
        report.from,
        report.to
    );
    Ok(crate::routes::results::download(
        csv(&report)?,
        "text/csv; charset=utf-8",
        name,
    ))
}

fn bad_query(field: &str, message: &str) -> AppError {
    AppError::InvalidBody {
        message: message.to_owned(),
        fields: AppError::field(field, message),
        status: StatusCode::BAD_REQUEST,
    }
}

async fn build(state: &AppState, query: &UnmetQuery) -> Result<UnmetReport> {
    let by = match query.by.as_deref() {
        None | Some("") => GroupBy::default(),
        Some(s) => {
            GroupBy::parse(s).ok_or_else(|| bad_query("by", "Group by category, area, age group or day"))?
        }
    };
    let (from, to) = period(query.from, query.to, today()).map_err(|fields| AppError::InvalidBody {
        message: "The period is not valid".into(),
        fields,
        status: StatusCode::BAD_REQUEST,
    })?;
    let store = state.store.unmet();
    let total = store.total(from, to).await?;
    let groups = match store.groups(from, to, by).await? {
        Groups::Categories(counts) => {
            let ids: Vec<Uuid> = counts.iter().filter_map(|c| c.key).collect();
            let names: HashMap<Uuid, String> = state
                .store
                .directory()
                .terms(&ids)
                .await?
                .into_iter()
                .map(|(term, _, _)| (term.id, term.name))
                .collect();
            counts
                .into_iter()
                .map(|c| {
                    let label = match c.key {
                        None => by.none_label().to_owned(),
                        Some(id) => names
                            .get(&id)
                            .cloned()
                            .unwrap_or_else(|| "A category no longer in the directory".into()),
                    };
                    group(c.key.map(|id| id.to_string()), label, &c)
                })
                .collect()
        }
        Groups::Texts(counts) => counts
            .into_iter()
            .map(|c| {
                let label = match (&c.key, by) {
                    (None, _) => by.none_label().to_owned(),
                    (Some(k), GroupBy::AgeGroup) => {
                        AgeGroup::parse(k).map_or_else(|| k.clone(), |g| g.label().to_owned())
                    }
                    (Some(k), GroupBy::Day) => day_label(k).map_or_else(|| k.clone(), str::to_owned),
                    (Some(k), _) => k.clone(),
                };
                group(c.key.clone(), label, &c)
            })
            .collect(),
    };
    let filters = store
        .filters(from, to)
        .await?
        .into_iter()
        .map(|c| group(Some(c.key.as_str().to_owned()), c.key.label().to_owned(), &c))
        .collect();
    let words = store
        .unmet_words(from, to)
        .await?
        .into_iter()
        .map(|(words, searches)| UnmetWords { words, searches })
        .collect();
    Ok(UnmetReport {
        from,
        to,
        by,
        total: group(None, "All searches".into(), &total),
        groups,
        filters,
        words,
    })
}

fn group<K>(key: Option<String>, label: String, c: &Counts<K>) -> GroupCount {
    GroupCount {
        key,
        label,
        searches: c.searches,
        found_nothing: c.found_nothing,
        found_few: c.found_few,
    }
}

fn csv(report: &UnmetReport) -> anyhow::Result<Vec<u8>> {
    use crate::results::export::cell_text;
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "Kind",
        "Name",
        "Searches",
        "Found nothing",
        &format!("Found 1 to {}", shared::api::unmet::FEW),
    ])?;
    let kind = report.by.label();
    let rows = std::iter::once(("Total", &report.total))
        .chain(report.groups.iter().map(|g| (kind, g)))
        .chain(report.filters.iter().map(|g| ("Filter used", g)));
    for (kind, g) in rows {
        writer.write_record([
            kind.to_owned(),
            cell_text(&g.label),
            g.searches.to_string(),
            g.found_nothing.to_string(),
            g.found_few.to_string(),
        ])?;
    }
    for w in &report.words {
        writer.write_record([
            "Words that found nothing".to_owned(),
            cell_text(&w.words),
            w.searches.to_string(),
            w.searches.to_string(),
            "0".to_owned(),
        ])?;
    }
    Ok(writer.into_inner()?)
}
