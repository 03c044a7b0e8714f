use shared::api::auth::SignIn;
use shared::api::users::User;

use super::ApiError;

pub async fn sign_in(form: &SignIn) -> Result<User, ApiError> {
    super::post("/api/auth/sign-in", form).await
}

pub async fn sign_out() -> Result<(), ApiError> {
    super::post("/api/auth/sign-out", &()).await
}

pub async fn me() -> Result<User, ApiError> {
    super::get("/api/auth/me").await
}
