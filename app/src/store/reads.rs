//! Forms opened on this device, for the read audit (DESIGN §5): each opening waits here until
//! the server has it, sent at once when online and otherwise at the next sync, so a form read
//! with no signal is still in its access history.

use std::cell::Cell;

use shared::RecordId;
use shared::api::record_history::{DeviceRead, DeviceReads, READS_MAX};

use super::StoreError;
use super::directory::READS;
use super::waiting;

thread_local! {
    static SENDING: Cell<bool> = const { Cell::new(false) };
}

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
    if SENDING.with(|s| s.replace(true)) {
        return Ok(());
    }
    let result = send_waiting().await;
    SENDING.with(|s| s.set(false));
    result
}

async fn send_waiting() -> Result<(), StoreError> {
    let rows: Vec<(String, DeviceRead)> = waiting::all_keyed(READS).await?;
    for batch in rows.chunks(READS_MAX) {
        let reads = DeviceReads {
            reads: batch.iter().map(|(_, r)| r.clone()).collect(),
        };
        if let Err(e) = crate::api::sync::send_reads(&reads).await
            && e.is_transient()
        {
            break;
        }
        let keys: Vec<String> = batch.iter().map(|(k, _)| k.clone()).collect();
        waiting::remove(READS, &keys).await?;
    }
    Ok(())
}
