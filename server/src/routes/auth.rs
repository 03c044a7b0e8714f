use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::auth::{Account, SIGN_IN_FAILED, SignIn};
use shared::api::users::User;
use shared::validate::normalise_email;
use tower_sessions::Session;

use crate::error::{AppError, Result};
use crate::extract::Valid;
use crate::password;
use crate::session::{CurrentUser, begin, session_error};
use crate::state::AppState;

/// Sign in with email and password. A wrong email, a wrong password and a deactivated account all
/// get the same answer in about the same time.
#[utoipa::path(post, path = "/auth/sign-in", tag = "auth", request_body = SignIn, responses(
    (status = 200, description = "Signed in; the session cookie is set", body = Account),
    (status = 401, description = "Email and password did not match", body = shared::ErrorBody),
    (status = 422, description = "A field is missing", body = shared::ErrorBody),
    (status = 429, description = "Too many attempts for this email", body = shared::ErrorBody),
))]
pub async fn sign_in(
    State(state): State<AppState>,
    session: Session,
    Valid(form): Valid<SignIn>,
) -> Result<Json<Account>> {
    let email = normalise_email(&form.email);
    if let Err(not_until) = state.sign_in_limiter.check_key(&email) {
        let wait = not_until.wait_time_from(governor::clock::Clock::now(
            &governor::clock::DefaultClock::default(),
        ));
        return Err(AppError::RateLimited {
            retry_after_secs: wait.as_secs().max(1),
        });
    }
    let found = state.store.users().credentials_by_email(&email).await?;
    let hash = found.as_ref().map(|c| c.password_hash.clone());
    let matched = password::verify(form.password, hash).await?;
    match found {
        Some(c) if matched && c.user.active => {
            begin(&session, c.user.id, c.session_epoch).await?;
            tracing::info!(user = %c.user.id, "signed in");
            Ok(Json(account(&state, c.user).await?))
        }
        _ => Err(AppError::Unauthenticated(SIGN_IN_FAILED)),
    }
}

/// Sign out: the session is deleted from the database and the cookie cleared.
#[utoipa::path(post, path = "/auth/sign-out", tag = "auth", responses((status = 204, description = "Signed out")))]
pub async fn sign_out(session: Session) -> Result<StatusCode> {
    session.flush().await.map_err(session_error)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who am I?
#[utoipa::path(get, path = "/auth/me", tag = "auth", responses(
    (status = 200, body = Account),
    (status = 401, description = "Not signed in", body = shared::ErrorBody),
))]
pub async fn get_me(State(state): State<AppState>, CurrentUser(user): CurrentUser) -> Result<Json<Account>> {
    Ok(Json(account(&state, user).await?))
}

/// `user`'s account, with their team's name.
pub(crate) async fn account(state: &AppState, user: User) -> Result<Account> {
    let team = match user.team_id {
        Some(id) => state.store.users().get_team(id).await?,
        None => None,
    };
    Ok(Account::new(user, team))
}
