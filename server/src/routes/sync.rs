//! Offline sync: devices push their queued changes and pull what changed since their cursor.
//! Anyone signed in syncs their own records; who may change or read a record is decided per
//! record (see `shared::sync::apply`).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use shared::RecordId;
use shared::api::audit::{AuditAction, AuditOutcome};
use shared::sync::protocol::{
    EntityKind, MAX_PULL, Outcome, PullResponse, PushRequest, PushResponse, RecordState,
};

use crate::error::{AppError, Result};
use crate::extract::{AppQuery, IdPath, ReadFrom, Valid};
use crate::session::CurrentUser;
use crate::state::AppState;

/// Applies a batch of changes, each at most once, and answers each: applied, already applied,
/// conflict (with the server's copy) or rejected (with field errors).
#[utoipa::path(post, path = "/sync/push", tag = "sync", request_body = PushRequest, responses(
    (status = 200, body = PushResponse),
    (status = 401, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn push_changes(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    audit: crate::audit::Audit,
    Valid(request): Valid<PushRequest>,
) -> Result<Json<PushResponse>> {
    let response = state
        .store
        .sync()
        .push_received(me.id, &request, &crate::store::Received::by(&state.settings))
        .await?;
    tracing::debug!(user = %me.id, client = %request.client_id, mutations = request.mutations.len(), "push");
    let refused: Vec<String> = request
        .mutations
        .iter()
        .zip(&response.results)
        .filter(|(_, r)| matches!(r.outcome, Outcome::Rejected { .. }))
        .map(|(m, _)| m.record_id.to_string())
        .collect();
    if !refused.is_empty() {
        let detail = format!("{} of {} changes refused", refused.len(), request.mutations.len());
        let subject = Some(refused.join(" "));
        audit
            .note(
                AuditAction::SyncRejected,
                AuditOutcome::Refused,
                subject,
                Some(&detail),
            )
            .await;
    }
    Ok(Json(response))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PullQuery {
    /// The `cursor` of the previous pull; 0 (the default) for everything.
    #[serde(default)]
    pub cursor: i64,
    /// At most this many changes (default and maximum 500).
    pub limit: Option<u32>,
}

/// Changes to the caller's records after `cursor`, oldest first, deletions included.
#[utoipa::path(get, path = "/sync/pull", tag = "sync", params(PullQuery), responses(
    (status = 200, body = PullResponse),
    (status = 400, body = shared::ErrorBody), (status = 401, body = shared::ErrorBody),
))]
pub async fn pull_changes(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    ReadFrom(from): ReadFrom,
    AppQuery(query): AppQuery<PullQuery>,
) -> Result<Json<PullResponse>> {
    let limit = query.limit.unwrap_or(MAX_PULL).clamp(1, MAX_PULL);
    let pulled = state.store.sync().pull(me.id, query.cursor.max(0), limit).await?;
    let audited: Vec<RecordId> = pulled
        .changes
        .iter()
        .map(|c| &c.record)
        .filter(|r| is_audited(r))
        .map(|r| r.record_id)
        .collect();
    // Written before the answer goes: a form is never handed out unaudited.
    state.store.history().log_reads(me.id, &audited, &from).await?;
    Ok(Json(pulled))
}

/// Whether reading `record` is written to the read audit: a risk enablement form, not deleted.
fn is_audited(record: &RecordState) -> bool {
    record.entity == EntityKind::RiskEnablement && !record.deleted
}

/// One record the caller may read now: their own, or one shared with them (a self-assessment
/// its author shares with their team manager, a case-file audit of the caller's case). Anything
/// else is "not found", so an id reveals nothing.
#[utoipa::path(get, path = "/sync/records/{id}", tag = "sync", params(("id" = String, Path, format = Uuid)), responses(
    (status = 200, body = RecordState),
    (status = 401, body = shared::ErrorBody), (status = 404, body = shared::ErrorBody),
))]
pub async fn get_record(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    ReadFrom(from): ReadFrom,
    IdPath(id): IdPath<RecordId>,
) -> Result<Json<RecordState>> {
    let record = state
        .store
        .sync()
        .record(me.id, id)
        .await?
        .ok_or(AppError::NotFound("Record"))?;
    if is_audited(&record) {
        state.store.history().log_reads(me.id, &[id], &from).await?;
    }
    Ok(Json(record))
}
