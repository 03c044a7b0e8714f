use shared::api::audit::AuditPage;

use super::ApiError;

/// A page of the security audit log; `query` is `key=value&…`, already encoded.
pub async fn search(query: &str) -> Result<AuditPage, ApiError> {
    super::get(&format!("/api/audit?{query}")).await
}
