//! Teams and their service areas. Anyone signed in may list them (names are not sensitive and
//! the app shows a person's team); only administrators change them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::audit::{AuditAction, AuditOutcome};
use shared::api::teams::{Team, TeamInput, TeamMember};
use shared::{Role, TeamId};

use crate::audit::Audit;
use crate::error::{AppError, Result};
use crate::extract::{IdPath, Valid};
use crate::session::CurrentUser;
use crate::state::AppState;

const ADMIN: &[Role] = &[Role::Admin];

#[utoipa::path(get, path = "/teams", tag = "teams", responses(
    (status = 200, body = Vec<Team>), (status = 401, body = shared::ErrorBody),
))]
pub async fn list_teams(State(state): State<AppState>, _me: CurrentUser) -> Result<Json<Vec<Team>>> {
    Ok(Json(state.store.users().list_teams().await?))
}

#[utoipa::path(post, path = "/teams", tag = "teams", request_body = TeamInput, responses(
    (status = 201, body = Team), (status = 403, body = shared::ErrorBody),
    (status = 409, description = "Name already in use", body = shared::ErrorBody),
    (status = 422, body = shared::ErrorBody),
))]
pub async fn create_team(
    State(state): State<AppState>,
    me: CurrentUser,
    audit: Audit,
    Valid(input): Valid<TeamInput>,
) -> Result<(StatusCode, Json<Team>)> {
    me.require_any(ADMIN)?;
    let team = state
        .store
        .users()
        .create_team(TeamId::new(), &input.normalised())
        .await?;
    tracing::info!(by = %me.0.id, team = %team.id, "team created");
    audit
        .note(
            AuditAction::TeamCreated,
            AuditOutcome::Success,
            Some(team.id.to_string()),
            None,
        )
        .await;
    Ok((StatusCode::CREATED, Json(team)))
}

#[utoipa::path(get, path = "/teams/{id}", tag = "teams", params(("id" = String, Path, format = Uuid)), responses(
    (status = 200, body = Team), (status = 404, body = shared::ErrorBody),
))]
pub async fn get_team(
    State(state): State<AppState>,
    _me: CurrentUser,
    IdPath(id): IdPath<TeamId>,
) -> Result<Json<Team>> {
    state
        .store
        .users()
        .get_team(id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound("Team"))
}

/// Rename, move to another service area, or retire (active = false) a team.
#[utoipa::path(put, path = "/teams/{id}", tag = "teams", params(("id" = String, Path, format = Uuid)),
    request_body = TeamInput, responses(
    (status = 200, body = Team), (status = 404, body = shared::ErrorBody),
    (status = 409, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn update_team(
    State(state): State<AppState>,
    me: CurrentUser,
    audit: Audit,
    IdPath(id): IdPath<TeamId>,
    Valid(input): Valid<TeamInput>,
) -> Result<Json<Team>> {
    me.require_any(ADMIN)?;
    let team = state
        .store
        .users()
        .update_team(id, &input.normalised())
        .await?
        .ok_or(AppError::NotFound("Team"))?;
    tracing::info!(by = %me.0.id, team = %team.id, "team updated");
    let state_now = if team.active { "active" } else { "retired" };
    audit
        .note(
            AuditAction::TeamChanged,
            AuditOutcome::Success,
            Some(team.id.to_string()),
            Some(state_now),
        )
        .await;
    Ok(Json(team))
}

/// The active practitioners in the caller's team, besides the caller: for a team manager choosing
/// whose case file they audit (and naming who shared a self-assessment), and for a practitioner
/// choosing colleagues to read a risk enablement form. Names only: nothing else about them.
#[utoipa::path(get, path = "/team/practitioners", tag = "teams", responses(
    (status = 200, body = Vec<TeamMember>), (status = 401, body = shared::ErrorBody),
    (status = 403, body = shared::ErrorBody),
))]
pub async fn my_team_practitioners(
    State(state): State<AppState>,
    me: CurrentUser,
) -> Result<Json<Vec<TeamMember>>> {
    me.require_any(&[Role::TeamManager, Role::Practitioner])?;
    let Some(team) = me.0.team_id else {
        return Ok(Json(Vec::new()));
    };
    let mut members: Vec<TeamMember> = state
        .store
        .users()
        .list_users()
        .await?
        .into_iter()
        .filter(|u| u.active && u.team_id == Some(team) && u.id != me.0.id && u.has_role(Role::Practitioner))
        .map(|u| TeamMember {
            id: u.id,
            display_name: u.display_name,
        })
        .collect();
    members.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    Ok(Json(members))
}
