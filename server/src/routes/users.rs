//! People, for administrators.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::audit::{AuditAction, AuditOutcome};
use shared::api::users::{CreateUser, SetPassword, User, UserProfile};
use shared::{Role, UserId};

use crate::audit::Audit;
use crate::error::{AppError, Result};
use crate::extract::{IdPath, Valid};
use crate::password;
use crate::session::CurrentUser;
use crate::state::AppState;
use crate::store::NewUser;

const ADMIN: &[Role] = &[Role::Admin];

/// Every user, active or not.
#[utoipa::path(get, path = "/users", tag = "users", responses(
    (status = 200, body = Vec<User>),
    (status = 401, body = shared::ErrorBody), (status = 403, body = shared::ErrorBody),
))]
pub async fn list_users(State(state): State<AppState>, me: CurrentUser) -> Result<Json<Vec<User>>> {
    me.require_any(ADMIN)?;
    Ok(Json(state.store.users().list_users().await?))
}

/// Create a user with a first password to give to them.
#[utoipa::path(post, path = "/users", tag = "users", request_body = CreateUser, responses(
    (status = 201, body = User),
    (status = 409, description = "Email already in use", body = shared::ErrorBody),
    (status = 422, body = shared::ErrorBody),
))]
pub async fn create_user(
    State(state): State<AppState>,
    me: CurrentUser,
    audit: Audit,
    Valid(input): Valid<CreateUser>,
) -> Result<(StatusCode, Json<User>)> {
    me.require_any(ADMIN)?;
    let profile = input.profile.normalised();
    check_team(&state, &profile).await?;
    strong_enough(&input.password, &profile.email, &profile.display_name)?;
    let new = NewUser {
        id: UserId::new(),
        profile,
        password_hash: password::hash(input.password).await?,
        created_at: chrono::Utc::now(),
        // The administrator knows it: its person chooses their own at first sign-in.
        must_change_password: true,
    };
    let user = state.store.users().create_user(&new).await?;
    tracing::info!(by = %me.0.id, user = %user.id, "user created");
    let detail = format!("roles: {}", roles_text(&user));
    audit
        .note(
            AuditAction::UserCreated,
            AuditOutcome::Success,
            Some(user.id.to_string()),
            Some(&detail),
        )
        .await;
    Ok((StatusCode::CREATED, Json(user)))
}

#[utoipa::path(get, path = "/users/{id}", tag = "users", params(("id" = String, Path, format = Uuid)), responses(
    (status = 200, body = User), (status = 404, body = shared::ErrorBody),
))]
pub async fn get_user(
    State(state): State<AppState>,
    me: CurrentUser,
    IdPath(id): IdPath<UserId>,
) -> Result<Json<User>> {
    me.require_any(ADMIN)?;
    state
        .store
        .users()
        .get_user(id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound("User"))
}

/// Replace a user's profile: email, name, roles, team, PCF level, active.
#[utoipa::path(put, path = "/users/{id}", tag = "users", params(("id" = String, Path, format = Uuid)),
    request_body = UserProfile, responses(
    (status = 200, body = User), (status = 404, body = shared::ErrorBody),
    (status = 409, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn update_user(
    State(state): State<AppState>,
    me: CurrentUser,
    audit: Audit,
    IdPath(id): IdPath<UserId>,
    Valid(input): Valid<UserProfile>,
) -> Result<Json<User>> {
    me.require_any(ADMIN)?;
    let profile = input.normalised();
    if id == me.0.id {
        // Nobody can lock themselves out; another administrator can do it for them.
        let mut fields = shared::FieldErrors::new();
        if !profile.roles.contains(&Role::Admin) {
            fields.insert(
                "roles".into(),
                vec!["You cannot remove your own administrator role".into()],
            );
        }
        if !profile.active {
            fields.insert(
                "active".into(),
                vec!["You cannot deactivate your own account".into()],
            );
        }
        if !fields.is_empty() {
            return Err(AppError::Validation(fields));
        }
    }
    check_team(&state, &profile).await?;
    let user = state
        .store
        .users()
        .update_user(id, &profile)
        .await?
        .ok_or(AppError::NotFound("User"))?;
    tracing::info!(by = %me.0.id, user = %user.id, "user updated");
    let detail = format!(
        "roles: {}; {}",
        roles_text(&user),
        if user.active { "active" } else { "deactivated" }
    );
    audit
        .note(
            AuditAction::UserChanged,
            AuditOutcome::Success,
            Some(user.id.to_string()),
            Some(&detail),
        )
        .await;
    Ok(Json(user))
}

/// Set a new password; the user's existing sessions end.
#[utoipa::path(put, path = "/users/{id}/password", tag = "users", params(("id" = String, Path, format = Uuid)),
    request_body = SetPassword, responses(
    (status = 204, description = "Password changed"), (status = 404, body = shared::ErrorBody),
    (status = 422, body = shared::ErrorBody),
))]
pub async fn set_user_password(
    State(state): State<AppState>,
    me: CurrentUser,
    audit: Audit,
    IdPath(id): IdPath<UserId>,
    Valid(input): Valid<SetPassword>,
) -> Result<StatusCode> {
    me.require_any(ADMIN)?;
    let Some(user) = state.store.users().credentials_by_id(id).await? else {
        return Err(AppError::NotFound("User"));
    };
    strong_enough(&input.password, &user.user.email, &user.user.display_name)?;
    let hash = password::hash(input.password).await?;
    if !state
        .store
        .users()
        .set_password_hash(id, &hash, id != me.0.id)
        .await?
    {
        return Err(AppError::NotFound("User"));
    }
    tracing::info!(by = %me.0.id, user = %id, "password set");
    audit
        .note(
            AuditAction::PasswordSet,
            AuditOutcome::Success,
            Some(id.to_string()),
            None,
        )
        .await;
    Ok(StatusCode::NO_CONTENT)
}

/// A new password must not be easy to guess (zxcvbn, with the person's email and name as words a
/// guesser would try); the reasons are shown against the field.
fn strong_enough(password: &str, email: &str, name: &str) -> Result<()> {
    match password::weakness(password, &[email, name]) {
        Some(why) => Err(AppError::Validation(AppError::field("password", why))),
        None => Ok(()),
    }
}

/// A user's team must exist; say so against the field rather than as a database error.
async fn check_team(state: &AppState, profile: &UserProfile) -> Result<()> {
    if let Some(team) = profile.team_id
        && state.store.users().get_team(team).await?.is_none()
    {
        return Err(AppError::Validation(AppError::field(
            "team_id",
            "Select a team that exists",
        )));
    }
    Ok(())
}

/// A user's roles as the audit log records them: "practitioner, team_manager".
fn roles_text(user: &User) -> String {
    let roles: Vec<&str> = user.roles.iter().map(|r| r.as_str()).collect();
    roles.join(", ")
}
