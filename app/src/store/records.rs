//! Typed records of a kind, as this device holds them: what every page reads and writes instead
//! of JSON and the outbox. Reads are reactive (they track the sync state), so a page shows what
//! arrives after it opened.

use leptos::prelude::*;
use shared::records::{Actor, RecordKind, Typed, lifecycle};
use shared::sync::engine::{LocalRecord, PendingStatus, SyncState};
use shared::sync::protocol::EntityKind;
use shared::{RecordId, UserId};

use crate::state::Session;
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
    /// Its lifecycle lets the signed-in person change it freely now (a draft of theirs): pages
    /// show a form rather than the record.
    pub editable: bool,
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

/// The signed-in person as the lifecycle rules see them.
fn actor(me: Option<UserId>) -> Option<Actor> {
    let roles = use_context::<Session>()
        .and_then(|s| s.user())
        .map_or_else(Vec::new, |u| u.roles);
    me.map(|id| Actor { id, roles })
}

fn local<K: RecordKind>(s: &SyncState, me: Option<&Actor>, r: &LocalRecord) -> Option<Local<K>> {
    let record: K = serde_json::from_value(r.payload.clone()).ok()?;
    let mine = r.owner_id.is_none() || r.owner_id == me.map(|a| a.id);
    // Not yet on the server: it is the signed-in person's.
    let editable = me.is_some_and(|a| lifecycle::editable(a, r.owner_id.unwrap_or(a.id), &record));
    Some(Local {
        id: r.record_id,
        record,
        mine,
        editable,
        waiting: s.outbox.iter().any(|p| p.mutation.record_id == r.record_id),
        conflict: r.conflict.is_some(),
        server_version: r.server_version,
        owner: r.owner_id,
    })
}

/// Every record of kind `K` on the device (not deleted), in no particular order.
pub fn all<K: RecordKind>(sync: Sync) -> Vec<Local<K>> {
    let me = actor(sync.user.get());
    sync.state.with(|s| {
        let Some(s) = s else { return Vec::new() };
        s.visible(<K as RecordKind>::KIND)
            .filter_map(|r| local(s, me.as_ref(), r))
            .collect()
    })
}

/// One record of kind `K`, if the device holds it (and it is not deleted).
pub fn one<K: RecordKind>(sync: Sync, id: RecordId) -> Option<Local<K>> {
    let me = actor(sync.user.get());
    sync.state.with(|s| {
        let s = s.as_ref()?;
        let r = s
            .records
            .get(&id)
            .filter(|r| !r.deleted && r.entity == <K as RecordKind>::KIND)?;
        local(s, me.as_ref(), r)
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

/// A change that needs the person: a conflict (both copies kept) or a refusal (with reasons).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub mutation_id: u64,
    pub record_id: RecordId,
    pub entity: EntityKind,
    /// The device's copy (or change) in words: a title and a line of detail.
    pub mine: (String, String),
    /// The server's copy, when both changed it.
    pub theirs: Option<(String, String)>,
    /// Why the server refused it.
    pub reasons: Vec<String>,
}

/// Every change that needs the person, oldest first.
pub fn problems(sync: Sync) -> Vec<Problem> {
    // A payload in words, by its kind.
    fn describe(entity: EntityKind, payload: &serde_json::Value) -> (String, String) {
        Typed::parse(entity, payload)
            .map(|record| record.describe())
            .unwrap_or_else(|_| ("(deleted)".to_owned(), String::new()))
    }
    sync.state.with(|s| {
        let Some(s) = s else { return Vec::new() };
        s.problems()
            .map(|p| {
                let record = s.records.get(&p.mutation.record_id);
                let mine = match record {
                    Some(r) if r.deleted => ("(you deleted it)".to_owned(), String::new()),
                    Some(r) => describe(p.mutation.entity, &r.payload),
                    None => describe(p.mutation.entity, &p.mutation.payload),
                };
                let theirs = record.and_then(|r| r.conflict.as_ref()).map(|c| {
                    if c.deleted {
                        ("(deleted on Touchstone)".to_owned(), String::new())
                    } else {
                        describe(c.entity, &c.payload)
                    }
                });
                let reasons = match &p.status {
                    PendingStatus::Rejected { fields } => fields.values().flatten().cloned().collect(),
                    _ => Vec::new(),
                };
                Problem {
                    mutation_id: p.mutation.mutation_id,
                    record_id: p.mutation.record_id,
                    entity: p.mutation.entity,
                    mine,
                    theirs,
                    reasons,
                }
            })
            .collect()
    })
}
