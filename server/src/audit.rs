//! The security audit log: an entry for each sign-in (and each failed one), sign-out, session a
//! person ends, password change, refusal (`403`) and rate limit (`429`), administrator change,
//! view or export of results, refused sync change, and search of this log; the reads of risk
//! enablement forms (kept by `store::history`) appear in it too. Entries hold the time (UTC),
//! who, the network address, what, how it ended and what it was done to — never a password, an
//! attempted email or a record's content. Nothing changes an entry; the hourly sweep deletes
//! those older than `--audit-retention-days`.
//!
//! [`trail`] (a middleware on the API) notes each request's address and, once `CurrentUser`
//! knows it, who made it; handlers write through the [`Audit`] extractor, and refusals and
//! rate limits are written by the middleware itself, whichever handler gave them.

use std::sync::{Arc, OnceLock};

use axum::extract::{FromRequestParts, Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use chrono::Utc;
use shared::UserId;
use shared::api::audit::{AuditAction, AuditOutcome};

use crate::extract::ReadFrom;
use crate::state::AppState;
use crate::store::Store;
use crate::store::audit::NewAuditEvent;

/// What the middleware knows of a request: where it came from, and (set by `CurrentUser`) who.
#[derive(Debug, Clone, Default)]
pub struct Trail {
    address: Option<String>,
    actor: Arc<OnceLock<UserId>>,
}

impl Trail {
    /// Notes who made the request (the first to say so is kept).
    pub fn acted_by(&self, user: UserId) {
        let _ = self.actor.set(user);
    }
}

/// Writes entries for the request it was taken from.
pub struct Audit {
    store: Arc<dyn Store>,
    trail: Trail,
}

impl FromRequestParts<AppState> for Audit {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let trail = match parts.extensions.get::<Trail>() {
            Some(trail) => trail.clone(),
            // Outside the middleware (not on this server's routes), the address is read here.
            None => Trail {
                address: ReadFrom::from_request_parts(parts, state).await?.0.address,
                actor: Arc::default(),
            },
        };
        Ok(Audit {
            store: state.store.clone(),
            trail,
        })
    }
}

impl Audit {
    /// An entry by whoever made the request.
    pub async fn note(
        &self,
        action: AuditAction,
        outcome: AuditOutcome,
        subject: Option<String>,
        detail: Option<&str>,
    ) {
        let user = self.trail.actor.get().copied();
        self.note_as(user, action, outcome, subject, detail).await;
    }

    /// An entry by `user` (sign-in knows who before any session does).
    pub async fn note_as(
        &self,
        user: Option<UserId>,
        action: AuditAction,
        outcome: AuditOutcome,
        subject: Option<String>,
        detail: Option<&str>,
    ) {
        let event = NewAuditEvent {
            at: Utc::now(),
            user,
            address: self.trail.address.clone(),
            action,
            outcome,
            subject,
            detail: detail.map(str::to_owned),
        };
        write(self.store.as_ref(), &event).await;
    }
}

/// Writes `event`. A failure to write is logged, not passed on: the person's request is not
/// refused because the log could not be written (the server's own log says it could not).
async fn write(store: &dyn Store, event: &NewAuditEvent) {
    if let Err(err) = store.audit().write_audit(event).await {
        tracing::error!(%err, action = event.action.as_str(), "an audit entry could not be written");
    }
}

/// The middleware: notes the request's address for its handler, and writes an entry when the
/// answer is a refusal (`403`) or a rate limit (`429`), naming the method and path.
/// Why a request was refused, when its answer knows more than its status: put on the response by
/// the error that refused it, written by [`trail`] as the entry's detail.
#[derive(Debug, Clone, Copy)]
pub struct Refusal(pub &'static str);

pub async fn trail(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let Ok(ReadFrom(from)) = ReadFrom::from_request_parts(&mut parts, &state).await;
    let trail = Trail {
        address: from.address,
        actor: Arc::default(),
    };
    let subject = format!("{} {}", parts.method, parts.uri.path());
    parts.extensions.insert(trail.clone());
    let response = next.run(Request::from_parts(parts, body)).await;
    let action = match response.status() {
        StatusCode::FORBIDDEN => AuditAction::AccessDenied,
        StatusCode::TOO_MANY_REQUESTS => AuditAction::RateLimited,
        _ => return response,
    };
    let event = NewAuditEvent {
        at: Utc::now(),
        user: trail.actor.get().copied(),
        address: trail.address.clone(),
        action,
        outcome: AuditOutcome::Refused,
        subject: Some(subject),
        detail: response.extensions().get::<Refusal>().map(|r| r.0.to_owned()),
    };
    write(state.store.as_ref(), &event).await;
    response
}
