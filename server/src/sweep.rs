//! Hourly housekeeping, so that no table grows without bound: ended sessions, failure counts old
//! enough to be forgotten anyway (`sign_in_guard`), browsers not seen for a year, and audit log
//! entries past their retention.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::store::{Store, StoreResult};

/// A browser not seen for this long is a stranger again.
pub fn forget_devices_after() -> chrono::Duration {
    chrono::Duration::days(365)
}

/// What one sweep removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub sessions: u64,
    pub failures: u64,
    pub devices: u64,
    pub audit_entries: u64,
}

/// One sweep at `now`, keeping audit entries for `audit_retention`.
pub async fn once(
    store: &dyn Store,
    now: DateTime<Utc>,
    audit_retention: chrono::Duration,
) -> StoreResult<Swept> {
    let sessions = store.sessions().delete_ended_sessions(now).await?;
    let (failures, devices) = store
        .sign_in()
        .prune(
            now - crate::sign_in_guard::forget_after(),
            now - forget_devices_after(),
        )
        .await?;
    let audit_entries = store.audit().prune_audit(now - audit_retention).await?;
    Ok(Swept {
        sessions,
        failures,
        devices,
        audit_entries,
    })
}

/// Sweeps every hour for ever (a failed sweep is logged and tried again next hour).
pub async fn hourly(store: Arc<dyn Store>, audit_retention: chrono::Duration) {
    let mut every = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every.tick().await;
        match once(store.as_ref(), Utc::now(), audit_retention).await {
            Ok(swept) => tracing::debug!(?swept, "swept"),
            Err(err) => tracing::warn!(%err, "the hourly sweep failed"),
        }
    }
}
