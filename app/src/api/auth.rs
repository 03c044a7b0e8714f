use shared::api::auth::{Account, SignIn};

use super::ApiError;

pub async fn sign_in(form: &SignIn) -> Result<Account, ApiError> {
    super::post("/api/auth/sign-in", form).await
}

pub async fn sign_out() -> Result<(), ApiError> {
    super::post("/api/auth/sign-out", &()).await
}

pub async fn me() -> Result<Account, ApiError> {
    super::get("/api/auth/me").await
}

pub async fn change_password(form: &shared::api::auth::ChangePassword) -> Result<(), ApiError> {
    super::post("/api/auth/password", form).await
}

pub async fn sessions() -> Result<Vec<shared::api::auth::SessionSummary>, ApiError> {
    super::get("/api/auth/sessions").await
}

pub async fn end_session(id: &str) -> Result<(), ApiError> {
    super::delete(&format!("/api/auth/sessions/{id}")).await
}

pub async fn end_other_sessions() -> Result<shared::api::auth::SessionsEnded, ApiError> {
    super::post("/api/auth/sessions/end-others", &()).await
}

/// The session's secret for the device's encrypted copy (`store::keys`).
pub async fn device_key() -> Result<shared::api::auth::DeviceKey, ApiError> {
    super::get("/api/auth/device-key").await
}
