//! Uploading a feed to import (commissioners): first `?dry_run=true` to see every problem by
//! record and field, then the same file without it to apply it in one transaction.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use shared::api::directory::ImportReport;

use super::KEEPERS;
use crate::error::{AppError, Result};
use crate::extract::AppQuery;
use crate::import::{self, ImportError};
use crate::session::CurrentUser;
use crate::state::AppState;

/// The largest feed file the app uploads (the real council feeds are 2 to 3 MB).
pub const UPLOAD_MAX: usize = 50 * 1024 * 1024;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportOptions {
    /// Check and report only: nothing is stored.
    #[serde(default)]
    pub dry_run: bool,
}

#[utoipa::path(post, path = "/directory/import", tag = "directory", params(ImportOptions),
    // Any JSON: a feed's records that are not what they should be are reported one by one.
    request_body(content((serde_json::Value = "application/json"), (Vec<u8> = "application/zip")),
        description = "An ORUK 3.0 / HSDS 3.0 or ORUK 1.0 feed (JSON), or an HSDS CSV data package (a zip)"),
    responses(
    (status = 200, body = ImportReport), (status = 400, body = shared::ErrorBody),
    (status = 403, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn import_feed(
    State(state): State<AppState>,
    me: CurrentUser,
    AppQuery(options): AppQuery<ImportOptions>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Result<Json<ImportReport>> {
    let user = me.require_any(KEEPERS)?;
    // A feed is JSON or a zip: no form another site could send without asking first.
    let allowed = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| matches!(mime.trim(), "application/json" | "application/zip"));
    if !allowed {
        return Err(AppError::InvalidBody {
            message: "Send the feed as application/json or application/zip".into(),
            fields: Default::default(),
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
        });
    }
    let bad = |message: String| AppError::InvalidBody {
        message,
        fields: AppError::field(
            "file",
            "Choose an Open Referral feed (JSON) or an HSDS CSV data package (zip)",
        ),
        status: StatusCode::BAD_REQUEST,
    };
    let feed = import::Feed::from_bytes(&body).map_err(|e| bad(e.to_string()))?;
    let report = import::import_feed(state.store.as_ref(), &feed, options.dry_run, Some(user.id))
        .await
        .map_err(|e| match e {
            ImportError::Store(e) => AppError::Store(e),
            other => bad(other.to_string()),
        })?;
    if !options.dry_run {
        tracing::info!(by = %user.id, created = report.created, updated = report.updated, "directory imported");
    }
    Ok(Json(report))
}
