//! The directory's API for the app: everyone signed in finds services and reports problems;
//! commissioners (and administrators) keep it true: services, organisations, places, categories,
//! "Checked today", the review queue, reports, history and imports. The public, read-only face
//! of the same data is the ORUK feed (`crate::oruk`).

pub mod export;
pub mod import;
pub mod postcodes;
pub mod records;
pub mod reports;
pub mod services;
pub mod unmet;

use shared::Role;
use shared::directory::Service;
use uuid::Uuid;

use crate::error::{AppError, Result};
use crate::state::AppState;

/// Who keeps the directory.
pub const KEEPERS: &[Role] = &[Role::Commissioner, Role::Admin];

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// The service `id`, whatever its status, or "not found".
pub async fn service_or_404(state: &AppState, id: Uuid) -> Result<Service> {
    state
        .store
        .directory()
        .services(&[id])
        .await?
        .pop()
        .ok_or(AppError::NotFound("Service"))
}
