//! A risk enablement form's history: the reads a device made (perhaps offline), sent at the
//! next sync; who has read the form, for its author and the managers of their team; and its
//! kept versions, for anyone who may read it (reading them is a read, and audited).

use axum::Json;
use axum::extract::State;
use shared::RecordId;
use shared::api::record_history::{AccessHistory, DeviceReads, DeviceReadsKept, Versions};
use shared::api::users::User;
use shared::sync::protocol::{EntityKind, RecordState};

use crate::error::{AppError, Result};
use crate::extract::{IdPath, ReadFrom, Valid};
use crate::session::CurrentUser;
use crate::state::AppState;

/// Forms this device opened, each with when: written to the read audit as device reads. Reads of
/// forms the sender keeps or was ever given to read are kept; the rest are counted and left out.
#[utoipa::path(post, path = "/sync/reads", tag = "sync", request_body = DeviceReads, responses(
    (status = 200, body = DeviceReadsKept),
    (status = 401, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn send_reads(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    ReadFrom(from): ReadFrom,
    Valid(reads): Valid<DeviceReads>,
) -> Result<Json<DeviceReadsKept>> {
    Ok(Json(
        state
            .store
            .history()
            .device_reads(me.id, &reads.reads, &from)
            .await?,
    ))
}

/// Who read the form, when and from where, newest first: for its author and the managers of
/// their team. Anyone else is told it is not found.
#[utoipa::path(get, path = "/sync/records/{id}/reads", tag = "sync", params(("id" = String, Path, format = Uuid)), responses(
    (status = 200, body = AccessHistory),
    (status = 401, body = shared::ErrorBody), (status = 404, body = shared::ErrorBody),
))]
pub async fn access_history(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    IdPath(id): IdPath<RecordId>,
) -> Result<Json<AccessHistory>> {
    let form = form_for(&state, &me, id).await?;
    let manages = state.store.history().manages(me.id, form.owner_id).await?;
    if form.owner_id != me.id && !manages {
        return Err(AppError::NotFound("Record"));
    }
    Ok(Json(AccessHistory {
        reads: state.store.history().access_history(id).await?,
    }))
}

/// Every version the form had when it changed stage, with who and when, oldest first.
#[utoipa::path(get, path = "/sync/records/{id}/versions", tag = "sync", params(("id" = String, Path, format = Uuid)), responses(
    (status = 200, body = Versions),
    (status = 401, body = shared::ErrorBody), (status = 404, body = shared::ErrorBody),
))]
pub async fn versions(
    State(state): State<AppState>,
    CurrentUser(me): CurrentUser,
    ReadFrom(from): ReadFrom,
    IdPath(id): IdPath<RecordId>,
) -> Result<Json<Versions>> {
    form_for(&state, &me, id).await?;
    state.store.history().log_reads(me.id, &[id], &from).await?;
    Ok(Json(Versions {
        versions: state.store.history().versions(id).await?,
    }))
}

/// The risk enablement form `id`, if `me` may read it now.
async fn form_for(state: &AppState, me: &User, id: RecordId) -> Result<RecordState> {
    state
        .store
        .sync()
        .record(me.id, id)
        .await?
        .filter(|r| r.entity == EntityKind::RiskEnablement)
        .ok_or(AppError::NotFound("Record"))
}
