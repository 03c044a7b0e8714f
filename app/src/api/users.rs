use shared::UserId;
use shared::api::users::{CreateUser, SetPassword, User, UserProfile};

use super::ApiError;

pub async fn list_users() -> Result<Vec<User>, ApiError> {
    super::get("/api/users").await
}

pub async fn get_user(id: UserId) -> Result<User, ApiError> {
    super::get(&format!("/api/users/{id}")).await
}

pub async fn create_user(input: &CreateUser) -> Result<User, ApiError> {
    super::post("/api/users", input).await
}

pub async fn update_user(id: UserId, profile: &UserProfile) -> Result<User, ApiError> {
    super::put(&format!("/api/users/{id}"), profile).await
}

pub async fn set_user_password(id: UserId, input: &SetPassword) -> Result<(), ApiError> {
    super::put(&format!("/api/users/{id}/password"), input).await
}
