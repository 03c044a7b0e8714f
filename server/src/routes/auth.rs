use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use shared::api::audit::{AuditAction, AuditOutcome};
use shared::api::auth::{Account, ChangePassword, DeviceKey, SIGN_IN_FAILED, SignIn};
use shared::api::users::User;
use shared::validate::normalise_email;
use tower_sessions::Session;

use crate::audit::Audit;
use crate::device_cookie as device;
use crate::error::{AppError, Result};
use crate::extract::{ReadFrom, Valid};
use crate::password;
use crate::session::{CurrentUser, begin, session_error};
use crate::sign_in_guard::{self, Counted, retry_after_secs};
use crate::state::AppState;

/// Sign in with email and password. A wrong email, a wrong password and a deactivated account all
/// get the same answer in about the same time. Failures are counted per account, per known device
/// and per address (`sign_in_guard`): a try that must wait is answered `429` with `Retry-After`.
#[utoipa::path(post, path = "/auth/sign-in", tag = "auth", request_body = SignIn, responses(
    (status = 200, description = "Signed in; the session cookie (and, on a new browser, its device cookie) is set", body = Account),
    (status = 401, description = "Email and password did not match", body = shared::ErrorBody),
    (status = 422, description = "A field is missing or too long", body = shared::ErrorBody),
    (status = 429, description = "Too many failed tries: wait as Retry-After says", body = shared::ErrorBody),
))]
pub async fn sign_in(
    State(state): State<AppState>,
    session: Session,
    ReadFrom(from): ReadFrom,
    audit: Audit,
    headers: HeaderMap,
    Valid(form): Valid<SignIn>,
) -> Result<Response> {
    if state.sign_in_ceiling.check().is_err() {
        return Err(AppError::RateLimited { retry_after_secs: 1 });
    }
    let email = normalise_email(&form.email);
    let found = state.store.users().credentials_by_email(&email).await?;
    let device = device::token(&headers, state.settings.secure_cookies).map(|t| device::hash(&t));
    let known = match (&device, &found) {
        (Some(hash), Some(c)) => state.store.sign_in().knows_device(hash, c.user.id).await?,
        _ => false,
    };
    // A device the account knows counts its own failures (its own for each person who shares
    // it); any other counts against the account and its address.
    let keys: Vec<(Counted, String)> = match (&device, &found) {
        (Some(hash), Some(c)) if known => vec![(Counted::Device, format!("{hash}:{}", c.user.id))],
        _ => {
            let mut keys = vec![(Counted::Account, email.clone())];
            keys.extend(from.address.clone().map(|a| (Counted::Address, a)));
            keys
        }
    };
    let now = Utc::now();
    must_wait(&state, &keys, now).await.inspect_err(|_| {
        tracing::info!(%email, address = ?from.address, "sign-in refused: waiting after failures");
    })?;
    let hash = found.as_ref().map(|c| c.password_hash.clone());
    let matched = password::verify(form.password, hash).await?;
    match found {
        Some(c) if matched && c.user.active => {
            // The address keeps its count: signing in to one's own account must not clear a
            // sprayer's tally.
            let cleared: Vec<String> = keys
                .iter()
                .filter(|(kind, _)| *kind != Counted::Address)
                .map(|(kind, value)| kind.key(value))
                .collect();
            state.store.sign_in().forget(&cleared).await?;
            let label = crate::device_label::of(&headers);
            begin(&session, c.user.id, c.session_epoch, label, &state.settings).await?;
            tracing::info!(user = %c.user.id, "signed in");
            let detail = if known {
                "on a browser they used before"
            } else {
                "on a new browser"
            };
            audit
                .note_as(
                    Some(c.user.id),
                    AuditAction::SignIn,
                    AuditOutcome::Success,
                    None,
                    Some(detail),
                )
                .await;
            // A browser that has a token keeps it (another person may share it); one without
            // gets its first.
            let (token, new_cookie) = match device {
                Some(hash) => (hash, None),
                None => {
                    let token = device::new_token();
                    (
                        device::hash(&token),
                        Some(device::cookie(&token, state.settings.secure_cookies)),
                    )
                }
            };
            state
                .store
                .sign_in()
                .remember_device(&token, c.user.id, now)
                .await?;
            let mut response = Json(account(&state, c.user).await?).into_response();
            if let Some(cookie) = new_cookie {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
        found => {
            failed(&state, &keys, now).await?;
            // Never the email tried (it may be a password typed in the wrong box): the account,
            // when there is one.
            let (user, detail) = match found {
                Some(c) if !c.user.active => (Some(c.user.id), "account deactivated"),
                Some(c) => (Some(c.user.id), "wrong password"),
                None => (None, "no such account"),
            };
            audit
                .note_as(
                    user,
                    AuditAction::SignIn,
                    AuditOutcome::Failure,
                    None,
                    Some(detail),
                )
                .await;
            Err(AppError::Unauthenticated(SIGN_IN_FAILED))
        }
    }
}

/// `429` while any of `keys` must still wait after its failures.
async fn must_wait(state: &AppState, keys: &[(Counted, String)], now: DateTime<Utc>) -> Result<()> {
    let mut longest = None;
    for (kind, value) in keys {
        let found = state.store.sign_in().failures(&[kind.key(value)]).await?;
        let wait = found
            .iter()
            .filter_map(|f| kind.wait(f.failures, f.last_failed_at, now))
            .max();
        longest = longest.max(wait);
    }
    match longest {
        Some(wait) => Err(AppError::RateLimited {
            retry_after_secs: retry_after_secs(wait),
        }),
        None => Ok(()),
    }
}

/// Counts a failure under each of `keys`.
async fn failed(state: &AppState, keys: &[(Counted, String)], now: DateTime<Utc>) -> Result<()> {
    let keys: Vec<String> = keys.iter().map(|(kind, value)| kind.key(value)).collect();
    Ok(state
        .store
        .sign_in()
        .fail(&keys, now, now - sign_in_guard::forget_after())
        .await?)
}

/// Change your own password. The current one is needed (a wrong one counts as a failed sign-in
/// on the account); the new one must not be easy to guess, and the answer says why it is. Every
/// other session of yours ends; this one goes on.
#[utoipa::path(post, path = "/auth/password", tag = "auth", request_body = ChangePassword, responses(
    (status = 204, description = "Changed; your other sessions have ended"),
    (status = 401, description = "Not signed in", body = shared::ErrorBody),
    (status = 422, description = "The current password is not right, or the new one is too easy to guess", body = shared::ErrorBody),
    (status = 429, description = "Too many wrong current passwords: wait as Retry-After says", body = shared::ErrorBody),
))]
pub async fn change_password(
    State(state): State<AppState>,
    session: Session,
    CurrentUser(me): CurrentUser,
    audit: Audit,
    Valid(input): Valid<ChangePassword>,
) -> Result<StatusCode> {
    let keys = [(Counted::Account, me.email.clone())];
    let now = Utc::now();
    must_wait(&state, &keys, now).await?;
    let Some(now_held) = state.store.users().credentials_by_id(me.id).await? else {
        return Err(AppError::Unauthenticated("Sign in to continue"));
    };
    if !password::verify(input.current, Some(now_held.password_hash)).await? {
        failed(&state, &keys, now).await?;
        let detail = Some("current password wrong");
        audit
            .note(AuditAction::PasswordChanged, AuditOutcome::Failure, None, detail)
            .await;
        return Err(AppError::Validation(AppError::field(
            "current",
            "Your current password is not right",
        )));
    }
    if let Some(why) = password::weakness(&input.new, &[&me.email, &me.display_name]) {
        return Err(AppError::Validation(AppError::field("new", why)));
    }
    let hash = password::hash(input.new).await?;
    // A new epoch ends every session of theirs; this one begins again under it.
    state.store.users().set_password_hash(me.id, &hash, false).await?;
    let Some(changed) = state.store.users().credentials_by_id(me.id).await? else {
        return Err(AppError::Unauthenticated("Sign in to continue"));
    };
    let label = crate::session::device(&session).await?;
    begin(&session, me.id, changed.session_epoch, label, &state.settings).await?;
    tracing::info!(user = %me.id, "password changed by its owner");
    audit
        .note(AuditAction::PasswordChanged, AuditOutcome::Success, None, None)
        .await;
    Ok(StatusCode::NO_CONTENT)
}

/// What the browser is told to clear at sign-out: its HTTP cache and every kind of storage
/// (IndexedDB, localStorage, the service worker's caches), which the app has wiped already; the
/// browser does it again even if the app could not. Not cookies: the browser's sign-in token
/// (`device_cookie`) is what spares this browser another's lockout.
pub const CLEAR_SITE_DATA: &str = "\"cache\", \"storage\"";

/// Sign out: the session is deleted from the database and the cookie cleared, and the browser is
/// told to clear what the site stored (`Clear-Site-Data`).
#[utoipa::path(post, path = "/auth/sign-out", tag = "auth", responses((status = 204, description = "Signed out")))]
pub async fn sign_out(session: Session, audit: Audit) -> Result<impl IntoResponse> {
    let who = crate::session::user_of(&session).await?;
    session.flush().await.map_err(session_error)?;
    if who.is_some() {
        audit
            .note_as(who, AuditAction::SignOut, AuditOutcome::Success, None, None)
            .await;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::HeaderName::from_static("clear-site-data"),
            CLEAR_SITE_DATA,
        )],
    ))
}

/// The session's secret for the device's encrypted copy (see `session::device_key`). Never
/// stored by the browser's cache.
#[utoipa::path(get, path = "/auth/device-key", tag = "auth", responses(
    (status = 200, body = DeviceKey),
    (status = 401, description = "Not signed in", body = shared::ErrorBody),
))]
pub async fn device_key(session: Session, _me: CurrentUser) -> Result<impl IntoResponse> {
    let key = crate::session::device_key(&session).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(DeviceKey { key })))
}

/// Who am I?
#[utoipa::path(get, path = "/auth/me", tag = "auth", responses(
    (status = 200, body = Account),
    (status = 401, description = "Not signed in", body = shared::ErrorBody),
))]
pub async fn get_me(State(state): State<AppState>, CurrentUser(user): CurrentUser) -> Result<Json<Account>> {
    Ok(Json(account(&state, user).await?))
}

/// `user`'s account, with their team's name and whether they must choose a new password.
pub(crate) async fn account(state: &AppState, user: User) -> Result<Account> {
    let team = match user.team_id {
        Some(id) => state.store.users().get_team(id).await?,
        None => None,
    };
    let must_change = state
        .store
        .users()
        .credentials_by_id(user.id)
        .await?
        .is_some_and(|c| c.must_change_password);
    Ok(Account {
        must_change_password: must_change,
        ..Account::new(user, team)
    })
}
