use std::sync::Arc;

use axum::{Extension, Json};
use utoipa::openapi::OpenApi;

/// This API's OpenAPI 3 document.
#[utoipa::path(get, path = "/openapi.json", tag = "system",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json")))]
pub async fn get_openapi(Extension(doc): Extension<Arc<OpenApi>>) -> Json<OpenApi> {
    Json(doc.as_ref().clone())
}
