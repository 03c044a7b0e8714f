//! Typed records of a kind, as this device holds them: what every page reads and writes instead
//! of JSON and the outbox. Reads are reactive (they track the sync state), so a page shows what
//! arrives after it opened.

use leptos::prelude::*;
use shared::records::RecordKind;
use shared::sync::engine::{LocalRecord, SyncState};
use shared::{RecordId, UserId};

use crate::sync::Sync;

/// One record of kind `K` on this device.
#[derive(Debug, Clone, PartialEq)]
pub struct Local<K> {
    pub id: RecordId,
    pub record: K,
    /// Mine (or not yet on the server), rather than one someone let me read.
    pub mine: bool,
    /// Changes to it are waiting to be sent.
    pub waiting: bool,
    /// The server also changed it; both copies wait for the person to choose.
    pub conflict: bool,
    /// The last server version this device knows, if any.
    pub server_version: Option<i64>,
    /// Who keeps it, once the server has said.
    pub owner: Option<UserId>,
}

impl<K> Local<K> {
    /// "Saved on this device…" or "Saved and sent", for a `role="status"` line.
    pub fn saved_status(&self) -> &'static str {
        if self.waiting {
            "Saved on this device. It will be sent to Touchstone when you are online."
        } else {
            "Saved and sent to Touchstone."
        }
    }
}

fn local<K: RecordKind>(s: &SyncState, me: Option<UserId>, r: &LocalRecord) -> Option<Local<K>> {
    Some(Local {
        id: r.record_id,
        record: serde_json::from_value(r.payload.clone()).ok()?,
        mine: r.owner_id.is_none() || r.owner_id == me,
        waiting: s.outbox.iter().any(|p| p.mutation.record_id == r.record_id),
        conflict: r.conflict.is_some(),
        server_version: r.server_version,
        owner: r.owner_id,
    })
}

/// Every record of kind `K` on the device (not deleted), in no particular order.
pub fn all<K: RecordKind>(sync: Sync) -> Vec<Local<K>> {
    let me = sync.user.get();
    sync.state.with(|s| {
        let Some(s) = s else { return Vec::new() };
        s.visible(<K as RecordKind>::KIND)
            .filter_map(|r| local(s, me, r))
            .collect()
    })
}

/// One record of kind `K`, if the device holds it (and it is not deleted).
pub fn one<K: RecordKind>(sync: Sync, id: RecordId) -> Option<Local<K>> {
    let me = sync.user.get();
    sync.state.with(|s| {
        let s = s.as_ref()?;
        let r = s
            .records
            .get(&id)
            .filter(|r| !r.deleted && r.entity == <K as RecordKind>::KIND)?;
        local(s, me, r)
    })
}

/// Whether the device holds any record under `id` (of any kind, deleted or not).
pub fn known(sync: Sync, id: RecordId) -> bool {
    sync.state
        .with(|s| s.as_ref().is_some_and(|s| s.records.contains_key(&id)))
}

/// Saves on the device; the sync engine sends it.
pub fn save<K: RecordKind>(sync: Sync, id: RecordId, record: &K) {
    if let Ok(payload) = serde_json::to_value(record) {
        sync.put(<K as RecordKind>::KIND, id, payload);
    }
}

/// Deletes on the device; the sync engine sends the deletion.
pub fn delete(sync: Sync, id: RecordId) {
    sync.delete(id);
}
