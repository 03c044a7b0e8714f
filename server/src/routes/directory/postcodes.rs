//! The council's postcode table: commissioners upload it as CSV (`crate::import::postcodes`),
//! every signed-in device fetches it whole to search near a postcode offline.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use shared::api::directory::{PostcodeImport, PostcodeTable};

use super::KEEPERS;
use crate::error::{AppError, Result};
use crate::import::postcodes::read_postcodes;
use crate::session::CurrentUser;
use crate::state::AppState;

/// The whole table, for a device to keep with its copy of the directory.
#[utoipa::path(get, path = "/directory/postcodes", tag = "directory", responses(
    (status = 200, body = PostcodeTable), (status = 401, body = shared::ErrorBody),
))]
pub async fn postcode_table(State(state): State<AppState>, _me: CurrentUser) -> Result<Json<PostcodeTable>> {
    Ok(Json(state.store.postcodes().postcode_table().await?))
}

/// Replaces the table with the CSV file sent (`text/csv`): every line is checked first, and one
/// wrong line leaves the table as it was (422, each problem by line under `file`).
#[utoipa::path(put, path = "/directory/postcodes", tag = "directory",
    request_body(content = String, content_type = "text/csv",
        description = "A header line naming postcode, latitude and longitude (or the ONS Postcode Directory's pcds, lat, long), then a postcode a line"),
    responses(
        (status = 200, body = PostcodeImport), (status = 403, body = shared::ErrorBody),
        (status = 415, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn import_postcodes(
    State(state): State<AppState>,
    me: CurrentUser,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<PostcodeImport>> {
    let user = me.require_any(KEEPERS)?;
    let csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("text/csv"));
    if !csv {
        return Err(AppError::InvalidBody {
            message: "Send the postcode table as text/csv".into(),
            fields: Default::default(),
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
        });
    }
    let file = read_postcodes(&body).map_err(|problems| AppError::InvalidBody {
        message: "The postcode file has problems: nothing was imported".into(),
        fields: [("file".to_owned(), problems)].into(),
        status: StatusCode::UNPROCESSABLE_ENTITY,
    })?;
    let imported_at = state
        .store
        .postcodes()
        .replace_postcodes(&file.rows, Some(user.id))
        .await?;
    tracing::info!(by = %user.id, postcodes = file.rows.len(), "postcode table imported");
    Ok(Json(PostcodeImport {
        imported_at,
        postcodes: file.rows.len() as u64,
        without_position: file.without_position,
    }))
}
