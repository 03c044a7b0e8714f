//! Forms opened on this device, for the read audit (DESIGN §5): each opening waits here until
//! the server has it, sent at once when online and otherwise at the next sync, so a form read
//! with no signal is still in its access history.

use shared::RecordId;
use shared::api::record_history::{DeviceRead, DeviceReads, READS_MAX};

use super::StoreError;
use super::directory::READS;
use super::waiting;

/// Notes that the form `id` was opened now, and tries to send it.
pub fn note(id: RecordId) {
    let read = DeviceRead {
        record_id: id,
        read_at: chrono::Utc::now(),
    };
    leptos::task::spawn_local(async move {
        let Ok(json) = serde_json::to_string(&read) else {
            return;
        };
        if waiting::keep(READS, &uuid::Uuid::new_v4().to_string(), json)
            .await
            .is_ok()
        {
            let _ = send().await;
        }
    });
}

/// Sends every read waiting on this device; the server keeps or leaves out each one, and either
/// way it leaves the device. With no connection they wait.
pub async fn send() -> Result<(), StoreError> {
    waiting::send_in_batches(READS, READS_MAX, |reads: Vec<DeviceRead>| async move {
        crate::api::sync::send_reads(&DeviceReads { reads }).await
    })
    .await
}
