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
