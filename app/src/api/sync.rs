use shared::sync::protocol::{PullResponse, PushRequest, PushResponse};

use super::ApiError;

pub async fn push(request: &PushRequest) -> Result<PushResponse, ApiError> {
    super::post("/api/sync/push", request).await
}

pub async fn pull(cursor: i64) -> Result<PullResponse, ApiError> {
    super::get(&format!("/api/sync/pull?cursor={cursor}")).await
}

/// Tells the server which forms this device opened (perhaps offline), for the read audit.
pub async fn send_reads(
    reads: &shared::api::record_history::DeviceReads,
) -> Result<shared::api::record_history::DeviceReadsKept, ApiError> {
    super::post("/api/sync/reads", reads).await
}

/// Who has read a form (its author and the managers of their team may ask).
pub async fn access_history(
    id: shared::RecordId,
) -> Result<shared::api::record_history::AccessHistory, ApiError> {
    super::get(&format!("/api/sync/records/{id}/reads")).await
}

/// The versions a form kept at each change of stage.
pub async fn versions(id: shared::RecordId) -> Result<shared::api::record_history::Versions, ApiError> {
    super::get(&format!("/api/sync/records/{id}/versions")).await
}
