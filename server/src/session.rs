//! Who is calling: the signed-in user behind a session cookie, checked on every request; and
//! when a session ends.
//!
//! A session ends `session_idle` after the person's last action, and `session_lifetime` after
//! sign-in whatever they do. Requests the app sends on its own while nobody is using it (polling
//! for changes, retries) carry [`BACKGROUND_HEADER`] and do not count as actions, so a device
//! left open and syncing still signs out. The end is the stored row's `expires_at`, moved on by
//! an action at most once a minute (a write per request would be a write per sync poll).

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use shared::api::users::User;
use shared::{Role, UserId};
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::{Expiry, Session};

use crate::error::{AppError, Result};
use crate::state::{AppState, Settings};
use crate::store::USER_ID_KEY as USER_ID;

const EPOCH: &str = "session_epoch";
const BEGAN_AT: &str = "began_at";
const LAST_ACTION_AT: &str = "last_action_at";
const DEVICE: &str = "device";
const DEVICE_KEY: &str = "device_key";

/// Marks a request the app made on its own, not because the person did something.
pub const BACKGROUND_HEADER: &str = "x-touchstone-background";

/// An action within this long of the last one does not move the session's end (a quarter of the
/// idle time when that is shorter, so short test timeouts move too).
const ACTION_GRANULARITY_SECS: i64 = 60;

/// What a session says about itself, for its person's list of sessions.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Stored {
    pub began_at: i64,
    pub last_action_at: i64,
    #[serde(default)]
    pub device: String,
}

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

/// When a session that began at `began` with its last action at `last` ends.
fn ends_at(began: i64, last: i64, settings: &Settings) -> OffsetDateTime {
    let end = (began.saturating_add(settings.session_lifetime.as_secs() as i64))
        .min(last.saturating_add(settings.session_idle.as_secs() as i64));
    OffsetDateTime::from_unix_timestamp(end).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Starts a session for `user` under a fresh id (so a planted id cannot be reused), on the
/// browser described as `device`.
pub async fn begin(
    session: &Session,
    user: UserId,
    epoch: i64,
    device: String,
    settings: &Settings,
) -> Result<()> {
    let now = Utc::now().timestamp();
    session.cycle_id().await.map_err(session_error)?;
    session.insert(USER_ID, user).await.map_err(session_error)?;
    session.insert(EPOCH, epoch).await.map_err(session_error)?;
    session.insert(BEGAN_AT, now).await.map_err(session_error)?;
    session.insert(LAST_ACTION_AT, now).await.map_err(session_error)?;
    session.insert(DEVICE, device).await.map_err(session_error)?;
    session.set_expiry(Some(Expiry::AtDateTime(ends_at(now, now, settings))));
    Ok(())
}

/// Whose session it is, if anyone's (whether or not it is still valid).
pub async fn user_of(session: &Session) -> Result<Option<UserId>> {
    session.get::<UserId>(USER_ID).await.map_err(session_error)
}

/// The browser the session was begun on, as `begin` was told.
pub async fn device(session: &Session) -> Result<String> {
    Ok(session
        .get::<String>(DEVICE)
        .await
        .map_err(session_error)?
        .unwrap_or_default())
}

/// The session's own secret, made on first asking: the app wraps the key of its encrypted copy
/// on the device with it, so that a reload opens that copy without the password while the
/// session lasts, and nothing can open it that way once the session has ended (the secret goes
/// with the session's row).
pub async fn device_key(session: &Session) -> Result<String> {
    if let Some(key) = session.get::<String>(DEVICE_KEY).await.map_err(session_error)? {
        return Ok(key);
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Other(anyhow::anyhow!("no randomness: {e}")))?;
    let key: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    session.insert(DEVICE_KEY, &key).await.map_err(session_error)?;
    Ok(key)
}

/// The person did something: their session's idle end moves on (within its lifetime).
async fn acted(session: &Session, settings: &Settings, now: DateTime<Utc>) -> Result<()> {
    let now = now.timestamp();
    let last = session
        .get::<i64>(LAST_ACTION_AT)
        .await
        .map_err(session_error)?
        .unwrap_or(0);
    let granularity = (settings.session_idle.as_secs() as i64 / 4).min(ACTION_GRANULARITY_SECS);
    if now - last < granularity {
        return Ok(());
    }
    let began = session
        .get::<i64>(BEGAN_AT)
        .await
        .map_err(session_error)?
        .unwrap_or(now);
    session.insert(LAST_ACTION_AT, now).await.map_err(session_error)?;
    session.set_expiry(Some(Expiry::AtDateTime(ends_at(began, now, settings))));
    Ok(())
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
            Some(c) if c.user.active && Some(c.session_epoch) == epoch => {
                if let Some(trail) = parts.extensions.get::<crate::audit::Trail>() {
                    trail.acted_by(c.user.id);
                }
                // A password an administrator chose is known to someone else: it opens nothing
                // but the person's own account until they choose theirs (ASVS 6.4.1). The
                // refusal is audited as theirs.
                if c.must_change_password && !account_route(parts) {
                    return Err(AppError::PasswordChangeRequired);
                }
                if !parts.headers.contains_key(BACKGROUND_HEADER) {
                    acted(&session, &state.settings, Utc::now()).await?;
                }
                Ok(CurrentUser(c.user))
            }
            _ => {
                session.flush().await.map_err(session_error)?;
                Err(AppError::Unauthenticated(SIGN_IN))
            }
        }
    }
}

/// Whether the request is for `/api/auth/` (who am I, the password, sessions, signing out): all
/// that answers someone who must first choose a new password.
fn account_route(parts: &Parts) -> bool {
    let path = parts
        .extensions
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| parts.uri.path(), |original| original.path());
    // Inside the `/api` router the path may have lost its prefix.
    path.strip_prefix("/api").unwrap_or(path).starts_with("/auth/")
}

/// Someone signed in, or nobody: for the few routes that answer both (`Option<CurrentUser>`).
/// Someone yet to replace a password an administrator chose is answered as nobody there.
impl OptionalFromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>> {
        match <CurrentUser as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(user) => Ok(Some(user)),
            Err(AppError::Unauthenticated(_) | AppError::PasswordChangeRequired) => Ok(None),
            Err(other) => Err(other),
        }
    }
}
