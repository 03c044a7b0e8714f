//! Who is calling: the signed-in user behind a session cookie, checked on every request.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use shared::api::users::User;
use shared::{Role, UserId};
use tower_sessions::Session;

use crate::error::{AppError, Result};
use crate::state::AppState;

const USER_ID: &str = "user_id";
const EPOCH: &str = "session_epoch";

/// The signed-in, active user. Deactivation or a new password ends existing sessions at once,
/// because the user row is read on every request and its epoch compared.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub User);

impl CurrentUser {
    /// Server-side access control: the app hiding a link is not enough.
    pub fn require_any(&self, roles: &[Role]) -> Result<&User> {
        if self.0.has_any_role(roles) {
            Ok(&self.0)
        } else {
            Err(AppError::Forbidden)
        }
    }
}

pub fn session_error(err: tower_sessions::session::Error) -> AppError {
    AppError::Other(anyhow::anyhow!("session store: {err}"))
}

/// Starts a session for `user` under a fresh id (so a planted id cannot be reused).
pub async fn begin(session: &Session, user: UserId, epoch: i64) -> Result<()> {
    session.cycle_id().await.map_err(session_error)?;
    session.insert(USER_ID, user).await.map_err(session_error)?;
    session.insert(EPOCH, epoch).await.map_err(session_error)
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        const SIGN_IN: &str = "Sign in to continue";
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(_, msg)| AppError::Other(anyhow::anyhow!("session layer missing: {msg}")))?;
        let Some(user_id) = session.get::<UserId>(USER_ID).await.map_err(session_error)? else {
            return Err(AppError::Unauthenticated(SIGN_IN));
        };
        let epoch = session.get::<i64>(EPOCH).await.map_err(session_error)?;
        match state.store.users().credentials_by_id(user_id).await? {
            Some(c) if c.user.active && Some(c.session_epoch) == epoch => Ok(CurrentUser(c.user)),
            _ => {
                session.flush().await.map_err(session_error)?;
                Err(AppError::Unauthenticated(SIGN_IN))
            }
        }
    }
}

/// Someone signed in, or nobody: for the few routes that answer both (`Option<CurrentUser>`).
impl OptionalFromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>> {
        match <CurrentUser as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(user) => Ok(Some(user)),
            Err(AppError::Unauthenticated(_)) => Ok(None),
            Err(other) => Err(other),
        }
    }
}
