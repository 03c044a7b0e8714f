//! Aggregated self-assessment results, for workforce leads only. Every answer — page, comparison
//! or export — is built from the same suppressed groups (`crate::results`), so none shows what
//! another hides; no answer ever holds an individual's ratings or any free text.

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use shared::Role;
use shared::api::audit::{AuditAction, AuditOutcome};
use shared::results::view::{CompareQuery, Comparison, ResultsPeriods, ResultsQuery, ResultsView};

use crate::audit::Audit;
use crate::error::Result;
use crate::extract::AppQuery;
use crate::results::{compare, export, view};
use crate::session::CurrentUser;
use crate::state::AppState;

const READERS: &[Role] = &[Role::WorkforceLead];

/// Where submissions start and the latest released periods, to offer periods that have figures.
#[utoipa::path(get, path = "/results/periods", tag = "results", responses(
    (status = 200, body = ResultsPeriods), (status = 403, body = shared::ErrorBody),
))]
pub async fn get_result_periods(
    State(state): State<AppState>,
    me: CurrentUser,
) -> Result<Json<ResultsPeriods>> {
    me.require_any(READERS)?;
    Ok(Json(view::periods(&state).await?))
}

/// Confidence per domain (or one domain's statements) for a period, cut by up to two of
/// service area, team, PCF level and period, from each period's release. Groups and figures
/// resting on fewer than k people are hidden, with others hidden alongside so no sum or
/// difference gives them away; a period not yet released shows nothing.
#[utoipa::path(get, path = "/results", tag = "results", params(ResultsQuery), responses(
    (status = 200, body = ResultsView), (status = 400, body = shared::ErrorBody),
    (status = 403, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn get_results(
    State(state): State<AppState>,
    me: CurrentUser,
    AppQuery(query): AppQuery<ResultsQuery>,
    audit: Audit,
    RawQuery(asked): RawQuery,
) -> Result<Json<ResultsView>> {
    me.require_any(READERS)?;
    let view = view::build(&state, query).await?;
    audit
        .note(
            AuditAction::ResultsViewed,
            AuditOutcome::Success,
            Some(format!("results?{}", asked.unwrap_or_default())),
            None,
        )
        .await;
    Ok(Json(view))
}

/// Before and after: the change in % confident per domain with a 95% interval, in words.
#[utoipa::path(get, path = "/results/compare", tag = "results", params(CompareQuery), responses(
    (status = 200, body = Comparison), (status = 400, body = shared::ErrorBody),
    (status = 403, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn get_comparison(
    State(state): State<AppState>,
    me: CurrentUser,
    AppQuery(query): AppQuery<CompareQuery>,
    audit: Audit,
    RawQuery(asked): RawQuery,
) -> Result<Json<Comparison>> {
    me.require_any(READERS)?;
    let comparison = compare::build(&state, query).await?;
    audit
        .note(
            AuditAction::ResultsViewed,
            AuditOutcome::Success,
            Some(format!("results/compare?{}", asked.unwrap_or_default())),
            None,
        )
        .await;
    Ok(Json(comparison))
}

/// A file to save, named `file_name`.
pub(crate) fn download(bytes: Vec<u8>, content_type: &'static str, file_name: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The view as CSV, with the same suppression.
#[utoipa::path(get, path = "/results/export.csv", tag = "results", params(ResultsQuery), responses(
    (status = 200, content_type = "text/csv", body = String), (status = 403, body = shared::ErrorBody),
    (status = 422, body = shared::ErrorBody),
))]
pub async fn export_csv(
    State(state): State<AppState>,
    me: CurrentUser,
    AppQuery(query): AppQuery<ResultsQuery>,
    audit: Audit,
    RawQuery(asked): RawQuery,
) -> Result<Response> {
    me.require_any(READERS)?;
    let view = view::build(&state, query).await?;
    audit
        .note(
            AuditAction::ResultsExported,
            AuditOutcome::Success,
            Some(format!("results/export.csv?{}", asked.unwrap_or_default())),
            None,
        )
        .await;
    let name = format!(
        "{}.csv",
        export::file_stem(&view, chrono::Utc::now().date_naive())
    );
    Ok(download(export::csv(&view)?, "text/csv; charset=utf-8", name))
}

/// The view as an Excel workbook (results, help asked for, and notes), with the same suppression.
#[utoipa::path(get, path = "/results/export.xlsx", tag = "results", params(ResultsQuery), responses(
    (status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
    (status = 403, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn export_xlsx(
    State(state): State<AppState>,
    me: CurrentUser,
    AppQuery(query): AppQuery<ResultsQuery>,
    audit: Audit,
    RawQuery(asked): RawQuery,
) -> Result<Response> {
    me.require_any(READERS)?;
    let view = view::build(&state, query).await?;
    audit
        .note(
            AuditAction::ResultsExported,
            AuditOutcome::Success,
            Some(format!("results/export.xlsx?{}", asked.unwrap_or_default())),
            None,
        )
        .await;
    let name = format!(
        "{}.xlsx",
        export::file_stem(&view, chrono::Utc::now().date_naive())
    );
    Ok(download(
        export::xlsx(&view)?,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        name,
    ))
}
