//! Your sessions: where you are signed in, and ending any of them (a lost phone, a shared PC).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use shared::api::audit::{AuditAction, AuditOutcome};
use shared::api::auth::{SessionSummary, SessionsEnded};
use tower_sessions::Session;

use crate::audit::Audit;
use crate::error::{AppError, Result};
use crate::session::{CurrentUser, Stored};
use crate::state::AppState;
use crate::store::id_hash;

/// The handle of the session this request came in.
fn current(session: &Session) -> Option<String> {
    session.id().as_ref().map(id_hash)
}

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

/// Your sessions that have not ended, this one marked.
#[utoipa::path(get, path = "/auth/sessions", tag = "auth", responses(
    (status = 200, body = Vec<SessionSummary>),
    (status = 401, description = "Not signed in", body = shared::ErrorBody),
))]
pub async fn list_sessions(
    State(state): State<AppState>,
    session: Session,
    CurrentUser(me): CurrentUser,
) -> Result<Json<Vec<SessionSummary>>> {
    let this = current(&session);
    let rows = state.store.sessions().sessions_of(me.id, Utc::now()).await?;
    let mut found: Vec<SessionSummary> = rows
        .into_iter()
        .filter_map(|row| {
            // A row whose data cannot be read is not listed (it cannot be used either).
            let stored: Stored = serde_json::from_str(&row.data).ok()?;
            Some(SessionSummary {
                current: this.as_deref() == Some(row.id_hash.as_str()),
                id: row.id_hash,
                device: stored.device,
                began_at: at(stored.began_at),
                last_action_at: at(stored.last_action_at),
                ends_at: row.expires_at,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        b.current
            .cmp(&a.current)
            .then(b.last_action_at.cmp(&a.last_action_at))
    });
    Ok(Json(found))
}

/// End one of your sessions: whoever is using it is signed out at their next request.
#[utoipa::path(delete, path = "/auth/sessions/{id}", tag = "auth",
    params(("id" = String, Path, description = "The session's handle, from the list")),
    responses(
        (status = 204, description = "Ended"),
        (status = 401, description = "Not signed in", body = shared::ErrorBody),
        (status = 404, description = "You have no such session", body = shared::ErrorBody),
    ))]
pub async fn end_session(
    State(state): State<AppState>,
    session: Session,
    CurrentUser(me): CurrentUser,
    audit: Audit,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    if !state.store.sessions().end_session_of(me.id, &id).await? {
        return Err(AppError::NotFound("Session"));
    }
    if current(&session).as_deref() == Some(id.as_str()) {
        // Ending the session this request came in is signing out: the cookie goes too.
        session.flush().await.map_err(crate::session::session_error)?;
    }
    tracing::info!(user = %me.id, "a session ended by its person");
    let subject = Some(id.chars().take(12).collect());
    audit
        .note(
            AuditAction::SessionEnded,
            AuditOutcome::Success,
            subject,
            Some("one session"),
        )
        .await;
    Ok(StatusCode::NO_CONTENT)
}

/// End every session of yours but this one.
#[utoipa::path(post, path = "/auth/sessions/end-others", tag = "auth", responses(
    (status = 200, body = SessionsEnded),
    (status = 401, description = "Not signed in", body = shared::ErrorBody),
))]
pub async fn end_other_sessions(
    State(state): State<AppState>,
    session: Session,
    CurrentUser(me): CurrentUser,
    audit: Audit,
) -> Result<Json<SessionsEnded>> {
    let ended = state
        .store
        .sessions()
        .end_sessions_of(me.id, current(&session).as_deref())
        .await?;
    tracing::info!(user = %me.id, ended, "other sessions ended by their person");
    let detail = format!("all others ({ended})");
    audit
        .note(
            AuditAction::SessionEnded,
            AuditOutcome::Success,
            None,
            Some(&detail),
        )
        .await;
    Ok(Json(SessionsEnded { ended }))
}
