//! Exporting the whole directory (commissioners): ORUK JSON, or an HSDS 3.0 CSV data package.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::{KEEPERS, today};
use crate::error::{AppError, Result};
use crate::export;
use crate::session::CurrentUser;
use crate::state::AppState;

fn attachment(name: &str, content_type: &'static str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// Every service, whatever its status, whole, as ORUK 3.0 JSON (a list; it imports again).
#[utoipa::path(get, path = "/directory/export.json", tag = "directory",
    responses((status = 200, description = "A JSON list of whole ORUK 3.0 services"), (status = 403, body = shared::ErrorBody)))]
pub async fn export_json(State(state): State<AppState>, me: CurrentUser) -> Result<Response> {
    me.require_any(KEEPERS)?;
    let all = export::everything(state.store.as_ref()).await?;
    let body = serde_json::to_vec(&export::oruk_json(&all)).map_err(|e| AppError::Other(e.into()))?;
    Ok(attachment(
        &format!("touchstone-directory-{}.json", today()),
        "application/json",
        body,
    ))
}

/// The whole directory as an HSDS 3.0 CSV data package: a zip of one CSV per table and its
/// `datapackage.json` (it imports again).
#[utoipa::path(get, path = "/directory/export.zip", tag = "directory",
    responses((status = 200, description = "A zip of HSDS 3.0 CSV files"), (status = 403, body = shared::ErrorBody)))]
pub async fn export_csv(State(state): State<AppState>, me: CurrentUser) -> Result<Response> {
    me.require_any(KEEPERS)?;
    let all = export::everything(state.store.as_ref()).await?;
    let body = export::csv_package::write(&all)?;
    Ok(attachment(
        &format!("touchstone-directory-{}-hsds-csv.zip", today()),
        "application/zip",
        body,
    ))
}
