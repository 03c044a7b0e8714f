//! The security audit log, for administrators: searched a page at a time, or exported whole as
//! CSV. Searching or exporting it is itself an entry.

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use shared::Role;
use shared::api::audit::{AUDIT_PAGE, AuditAction, AuditEntry, AuditOutcome, AuditPage, AuditQuery};
use shared::validate::normalise_email;

use crate::audit::Audit;
use crate::error::{AppError, Result};
use crate::extract::AppQuery;
use crate::results::export::cell_text;
use crate::session::CurrentUser;
use crate::state::AppState;
use crate::store::audit::AuditFilter;

/// At most this many entries in one export (years of a council's log; ask by dates for more).
const EXPORT_MAX: u32 = 200_000;

fn start_of(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

/// The store's filter for `query`; a page before the first, or dates the wrong way round, are
/// the asker's mistake.
fn filter(query: &AuditQuery, limit: u32, offset: u32) -> Result<AuditFilter> {
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from > to
    {
        return Err(AppError::Validation(AppError::field(
            "to",
            "The end date must be the same as or after the start date",
        )));
    }
    Ok(AuditFilter {
        action: query.action,
        outcome: query.outcome,
        email: query
            .person
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(normalise_email),
        from: query.from.map(start_of),
        until: query.to.and_then(|d| d.succ_opt()).map(start_of),
        limit,
        offset,
    })
}

/// A page of entries, newest first, with reads of risk enablement forms among them.
#[utoipa::path(get, path = "/audit", tag = "audit", params(AuditQuery), responses(
    (status = 200, body = AuditPage),
    (status = 400, description = "A filter is not one the log knows", body = shared::ErrorBody),
    (status = 401, body = shared::ErrorBody), (status = 403, body = shared::ErrorBody),
    (status = 422, description = "Dates the wrong way round", body = shared::ErrorBody),
))]
pub async fn search_audit(
    State(state): State<AppState>,
    me: CurrentUser,
    audit: Audit,
    RawQuery(asked): RawQuery,
    AppQuery(query): AppQuery<AuditQuery>,
) -> Result<Json<AuditPage>> {
    me.require_any(&[Role::Admin])?;
    let page = query.page.unwrap_or(1).max(1);
    let offset = (page - 1).saturating_mul(AUDIT_PAGE);
    let mut entries = state
        .store
        .audit()
        .search_audit(&filter(&query, AUDIT_PAGE + 1, offset)?)
        .await?;
    let more = entries.len() > AUDIT_PAGE as usize;
    entries.truncate(AUDIT_PAGE as usize);
    audit
        .note(AuditAction::AuditViewed, AuditOutcome::Success, asked, None)
        .await;
    Ok(Json(AuditPage { entries, page, more }))
}

/// Every entry the filters find (up to 200,000), newest first, as CSV.
#[utoipa::path(get, path = "/audit/export.csv", tag = "audit", params(AuditQuery), responses(
    (status = 200, content_type = "text/csv", body = String),
    (status = 400, body = shared::ErrorBody), (status = 401, body = shared::ErrorBody),
    (status = 403, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn export_audit(
    State(state): State<AppState>,
    me: CurrentUser,
    audit: Audit,
    RawQuery(asked): RawQuery,
    AppQuery(query): AppQuery<AuditQuery>,
) -> Result<Response> {
    me.require_any(&[Role::Admin])?;
    let entries = state
        .store
        .audit()
        .search_audit(&filter(&query, EXPORT_MAX, 0)?)
        .await?;
    let detail = format!("{} entries", entries.len());
    audit
        .note(
            AuditAction::AuditExported,
            AuditOutcome::Success,
            asked,
            Some(&detail),
        )
        .await;
    let name = format!("touchstone-audit-{}.csv", Utc::now().format("%Y-%m-%d"));
    Ok(super::results::download(
        csv(&entries)?,
        "text/csv; charset=utf-8",
        name,
    ))
}

fn csv(entries: &[AuditEntry]) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::Other(e.into());
    writer
        .write_record([
            "When (UTC)",
            "Person",
            "Person's id",
            "Address",
            "Action",
            "Outcome",
            "Subject",
            "Detail",
        ])
        .map_err(fail)?;
    for e in entries {
        let text = |s: &Option<String>| cell_text(s.as_deref().unwrap_or_default());
        writer
            .write_record([
                e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                text(&e.user),
                e.user_id.map(|u| u.to_string()).unwrap_or_default(),
                text(&e.address),
                e.action.label().to_owned(),
                e.outcome.label().to_owned(),
                text(&e.subject),
                text(&e.detail),
            ])
            .map_err(fail)?;
    }
    writer
        .into_inner()
        .map_err(|e| AppError::Other(anyhow::anyhow!("{e}")))
}
