//! "Report a problem": anyone signed in reports a service that has closed, moved or is wrong;
//! commissioners answer each report once, resolving or dismissing it with a reply.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use shared::api::directory::{NewReport, ProblemReport, ReportReply, ReportStatus};
use uuid::Uuid;

use super::KEEPERS;
use crate::error::{AppError, Result};
use crate::extract::{AppQuery, IdPath, Valid};
use crate::session::CurrentUser;
use crate::state::AppState;

#[utoipa::path(post, path = "/directory/services/{id}/reports", tag = "directory", params(("id" = String, Path, format = Uuid)),
    request_body = NewReport, responses(
    (status = 201, body = ProblemReport), (status = 404, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn report_problem(
    State(state): State<AppState>,
    me: CurrentUser,
    IdPath(id): IdPath<Uuid>,
    Valid(report): Valid<NewReport>,
) -> Result<(StatusCode, Json<ProblemReport>)> {
    let report = state
        .store
        .directory()
        .report_problem(id, &report, me.0.id)
        .await?
        .ok_or(AppError::NotFound("Service"))?;
    Ok((StatusCode::CREATED, Json(report)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportFilter {
    /// `open` (the default), `resolved`, `dismissed` or `all`.
    pub status: Option<String>,
    pub service_id: Option<Uuid>,
}

/// Reported problems, newest first (commissioners).
#[utoipa::path(get, path = "/directory/reports", tag = "directory", params(ReportFilter),
    responses((status = 200, body = Vec<ProblemReport>), (status = 403, body = shared::ErrorBody)))]
pub async fn list_reports(
    State(state): State<AppState>,
    me: CurrentUser,
    AppQuery(filter): AppQuery<ReportFilter>,
) -> Result<Json<Vec<ProblemReport>>> {
    me.require_any(KEEPERS)?;
    let status = match filter.status.as_deref() {
        None => Some(ReportStatus::Open),
        Some("all") => None,
        Some(s) => Some(ReportStatus::parse(s).ok_or_else(|| AppError::InvalidBody {
            message: "status must be open, resolved, dismissed or all".into(),
            fields: AppError::field("status", "Choose open, resolved, dismissed or all"),
            status: StatusCode::BAD_REQUEST,
        })?),
    };
    Ok(Json(
        state.store.directory().reports(status, filter.service_id).await?,
    ))
}

/// Resolve or dismiss a report, with a reply (commissioners). A report is answered once (409).
#[utoipa::path(post, path = "/directory/reports/{id}/reply", tag = "directory", params(("id" = String, Path, format = Uuid)),
    request_body = ReportReply, responses(
    (status = 200, body = ProblemReport), (status = 404, body = shared::ErrorBody),
    (status = 409, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn reply_to_report(
    State(state): State<AppState>,
    me: CurrentUser,
    IdPath(id): IdPath<Uuid>,
    Valid(reply): Valid<ReportReply>,
) -> Result<Json<ProblemReport>> {
    let user = me.require_any(KEEPERS)?;
    let report = state
        .store
        .directory()
        .close_report(id, &reply, user.id)
        .await?
        .ok_or(AppError::NotFound("Report"))?;
    Ok(Json(report))
}
