use axum::Json;
use axum::extract::State;
use shared::api::health::Health;

use crate::error::Result;
use crate::state::AppState;

/// Is the server up, and on which database and schema?
#[utoipa::path(get, path = "/health", tag = "system", responses((status = 200, body = Health)))]
pub async fn get_health(State(state): State<AppState>) -> Result<Json<Health>> {
    Ok(Json(Health {
        status: "ok".into(),
        backend: state.store.backend().as_str().into(),
        schema_version: state.store.schema_version().await?,
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}
