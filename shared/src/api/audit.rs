//! The security audit log, as administrators search and export it: who did what, when, from
//! where, and how it ended. Written by the server (`server/src/audit.rs`); nothing changes an
//! entry once written.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::UserId;
use crate::roles::string_enum;

string_enum!(
    /// What happened.
    AuditAction {
        SignIn = "sign_in", "Sign-in";
        SignOut = "sign_out", "Sign-out";
        SessionEnded = "session_ended", "Session ended by its person";
        PasswordChanged = "password_changed", "Own password changed";
        AccessDenied = "access_denied", "Access denied";
        RateLimited = "rate_limited", "Too many requests";
        UserCreated = "user_created", "User added";
        UserChanged = "user_changed", "User changed";
        PasswordSet = "password_set", "Password set by an administrator";
        TeamCreated = "team_created", "Team added";
        TeamChanged = "team_changed", "Team changed";
        ResultsViewed = "results_viewed", "Results viewed";
        ResultsExported = "results_exported", "Results exported";
        SyncRejected = "sync_rejected", "Sync changes refused";
        FormRead = "form_read", "Risk enablement form read";
        AuditViewed = "audit_viewed", "Audit log searched";
        AuditExported = "audit_exported", "Audit log exported";
    }
);

string_enum!(
    /// How it ended.
    AuditOutcome {
        Success = "success", "Succeeded";
        Failure = "failure", "Failed";
        Refused = "refused", "Refused";
    }
);

/// One entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    /// Who acted, when known (a failed sign-in to an unknown email has nobody).
    pub user_id: Option<UserId>,
    /// Their email now, when they still have an account.
    pub user: Option<String>,
    /// The network address the request came from.
    pub address: Option<String>,
    pub action: AuditAction,
    pub outcome: AuditOutcome,
    /// What it was done to: a user's or team's id, a record's id, a path.
    pub subject: Option<String>,
    /// A few words more (never a password, never a record's content).
    pub detail: Option<String>,
}

/// What `GET /api/audit` looks for; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AuditQuery {
    pub action: Option<AuditAction>,
    pub outcome: Option<AuditOutcome>,
    /// Entries of the person with this email.
    pub person: Option<String>,
    /// From the start of this day (UTC)…
    pub from: Option<NaiveDate>,
    /// …to the end of this one.
    pub to: Option<NaiveDate>,
    /// Which page of `AUDIT_PAGE` entries, newest first, from 1 (0 is read as 1).
    pub page: Option<u32>,
}

/// Entries per page.
pub const AUDIT_PAGE: u32 = 100;

/// A page of entries, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub page: u32,
    /// Whether an older page follows.
    pub more: bool,
}
