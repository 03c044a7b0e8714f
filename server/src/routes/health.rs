use axum::Json;
use axum::extract::State;
use shared::Role;
use shared::api::health::{Health, HealthDetails};

use crate::error::Result;
use crate::session::CurrentUser;
use crate::state::AppState;

/// Is the server up? Administrators also see the database, its schema and the version.
#[utoipa::path(get, path = "/health", tag = "system", responses((status = 200, body = Health)))]
pub async fn get_health(State(state): State<AppState>, me: Option<CurrentUser>) -> Result<Json<Health>> {
    // Reaching the database is what "ok" means, for everyone.
    let schema_version = state.store.schema_version().await?;
    let admin = me.is_some_and(|CurrentUser(u)| u.has_role(Role::Admin));
    Ok(Json(Health {
        status: "ok".into(),
        details: admin.then(|| HealthDetails {
            backend: state.store.backend().as_str().into(),
            schema_version,
            version: env!("CARGO_PKG_VERSION").into(),
        }),
    }))
}
