use shared::sync::protocol::{PullResponse, PushRequest, PushResponse};

use super::ApiError;

pub async fn push(request: &PushRequest) -> Result<PushResponse, ApiError> {
    super::post("/api/sync/push", request).await
}

pub async fn pull(cursor: i64) -> Result<PullResponse, ApiError> {
    super::get(&format!("/api/sync/pull?cursor={cursor}")).await
}
