//! The device side of sync as a pure state machine: what a local edit queues, what to push next,
//! how to take each answer, how to merge a pull, and how a person resolves a conflict. The app
//! keeps a `SyncState` in IndexedDB and writes back what each step marks `Dirty`, in one
//! transaction; browsers and servers only move bytes. Property tests drive it against the
//! server's own `decide` rules with lost, duplicated and late deliveries and crashes.
//!
//! Rules that keep it honest:
//! - An edit never changes a mutation that has been sent: the server may have applied it already,
//!   and a resend must say exactly the same thing. Edits to a record whose mutation is unsent are
//!   folded into it, so autosave does not flood the outbox.
//! - Only the oldest pending mutation of a record is sent; the next waits for its answer, so its
//!   base version is the version that answer produced.
//! - A pull never overwrites a record with changes waiting; a stale push then meets a conflict.
//! - A conflict keeps both copies until the person chooses; a rejected change stays, with its
//!   field errors, until the person fixes or discards it.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::backoff;
use super::protocol::{
    EntityKind, MAX_PUSH, Mutation, Operation, Outcome, PullResponse, PushRequest, PushResponse, RecordState,
};
use crate::FieldErrors;
use crate::ids::{ClientId, RecordId, UserId};

/// A record as this device holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalRecord {
    pub entity: EntityKind,
    pub record_id: RecordId,
    /// The last server version this device knows; `None` until the server has the record.
    pub server_version: Option<i64>,
    /// The server's payload at `server_version` (to go back to when a change is discarded).
    pub server_payload: Option<Value>,
    /// The server's copy at `server_version` is a deletion.
    #[serde(default)]
    pub server_deleted: bool,
    /// What the person sees: their latest edit, synced or not.
    pub payload: Value,
    /// Deleted here; the deletion may still be waiting.
    pub deleted: bool,
    /// The server's copy after a conflict, kept until the person chooses.
    pub conflict: Option<RecordState>,
    /// A newer server copy pulled while changes were waiting; taken up once they are settled.
    #[serde(default)]
    pub newer: Option<RecordState>,
    /// Who owns it, as the server said; `None` for a record made here (so mine). Someone else's
    /// record is one shared with me, to read only.
    #[serde(default)]
    pub owner_id: Option<UserId>,
}

/// Kept on the device as `{"status": "rejected", "fields": …}`, read through
/// [`PendingStatusWire`] (see `protocol::Outcome` for why).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", try_from = "PendingStatusWire")]
pub enum PendingStatus {
    Waiting,
    /// The server refused it; shown with its field errors until fixed or discarded.
    Rejected {
        fields: FieldErrors,
    },
    /// The record changed on the server; see `LocalRecord::conflict`.
    Conflict,
}

#[derive(Deserialize)]
struct PendingStatusWire {
    status: PendingStatusKind,
    fields: Option<FieldErrors>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum PendingStatusKind {
    Waiting,
    Rejected,
    Conflict,
}

impl TryFrom<PendingStatusWire> for PendingStatus {
    type Error = &'static str;
    fn try_from(wire: PendingStatusWire) -> Result<Self, Self::Error> {
        Ok(match wire.status {
            PendingStatusKind::Waiting => PendingStatus::Waiting,
            PendingStatusKind::Rejected => PendingStatus::Rejected {
                fields: wire.fields.ok_or("missing field `fields`")?,
            },
            PendingStatusKind::Conflict => PendingStatus::Conflict,
        })
    }
}

/// One queued change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub mutation: Mutation,
    pub status: PendingStatus,
    /// Sent at least once, so its content is fixed.
    pub sent: bool,
}

/// What a step changed, for the app to write back to storage in one transaction: each listed
/// record or mutation is written if it still exists in the state, and deleted if not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dirty {
    pub records: BTreeSet<RecordId>,
    pub outbox: BTreeSet<u64>,
    /// `next_mutation_id`, `cursor` or `failures` changed.
    pub meta: bool,
}

impl Dirty {
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.outbox.is_empty() && !self.meta
    }

    pub fn merge(&mut self, other: Dirty) {
        self.records.extend(other.records);
        self.outbox.extend(other.outbox);
        self.meta |= other.meta;
    }
}

/// How a person settles a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// My copy wins: it is sent again on top of the server's version.
    KeepMine,
    /// The server's copy wins: my change is dropped.
    TakeTheirs,
}

/// A failed push or pull, as the transport saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failure {
    /// The server's `Retry-After`, when it sent one.
    pub retry_after: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncState {
    pub client_id: ClientId,
    pub next_mutation_id: u64,
    /// Server change sequence pulled up to.
    pub cursor: i64,
    pub records: BTreeMap<RecordId, LocalRecord>,
    /// Ascending `mutation_id`.
    pub outbox: Vec<Pending>,
    /// Failed attempts in a row, for backoff.
    pub failures: u32,
    /// Mutations sent and not yet answered. Not stored: after a restart they are simply sent
    /// again, and the server answers `already_applied` for any it had.
    #[serde(skip)]
    in_flight: BTreeSet<u64>,
}

impl SyncState {
    pub fn new(client_id: ClientId) -> Self {
        Self {
            client_id,
            next_mutation_id: 1,
            cursor: 0,
            records: BTreeMap::new(),
            outbox: Vec::new(),
            failures: 0,
            in_flight: BTreeSet::new(),
        }
    }

    /// Changes waiting to reach the server, including conflicts and rejections.
    pub fn waiting(&self) -> usize {
        self.outbox.len()
    }

    /// Mutations that need the person: conflicts and rejections.
    pub fn problems(&self) -> impl Iterator<Item = &Pending> {
        self.outbox.iter().filter(|p| p.status != PendingStatus::Waiting)
    }

    pub fn in_flight(&self) -> bool {
        !self.in_flight.is_empty()
    }

    /// The records a person sees (not deleted), of one kind.
    pub fn visible(&self, entity: EntityKind) -> impl Iterator<Item = &LocalRecord> {
        self.records
            .values()
            .filter(move |r| r.entity == entity && !r.deleted)
    }

    /// A local edit: the whole new payload of a record, new or existing.
    pub fn put(&mut self, entity: EntityKind, record_id: RecordId, payload: Value) -> Dirty {
        let record = self.records.entry(record_id).or_insert_with(|| LocalRecord {
            entity,
            record_id,
            server_version: None,
            server_payload: None,
            server_deleted: false,
            payload: Value::Null,
            deleted: false,
            conflict: None,
            newer: None,
            owner_id: None,
        });
        record.payload = payload.clone();
        record.deleted = false;
        self.queue(entity, record_id, Operation::Put, payload)
    }

    /// A local deletion. A record the server never had simply disappears, queue and all.
    pub fn delete(&mut self, record_id: RecordId) -> Dirty {
        let Some(record) = self.records.get_mut(&record_id) else {
            return Dirty::default();
        };
        let never_sent = self
            .outbox
            .iter()
            .filter(|p| p.mutation.record_id == record_id)
            .all(|p| !p.sent);
        if record.server_version.is_none() && never_sent {
            self.records.remove(&record_id);
            let mut dirty = Dirty {
                records: BTreeSet::from([record_id]),
                ..Dirty::default()
            };
            self.outbox.retain(|p| {
                let drop = p.mutation.record_id == record_id;
                if drop {
                    dirty.outbox.insert(p.mutation.mutation_id);
                }
                !drop
            });
            return dirty;
        }
        record.deleted = true;
        record.payload = Value::Null;
        let entity = record.entity;
        self.queue(entity, record_id, Operation::Delete, Value::Null)
    }

    fn queue(
        &mut self,
        entity: EntityKind,
        record_id: RecordId,
        operation: Operation,
        payload: Value,
    ) -> Dirty {
        let mut dirty = Dirty {
            records: BTreeSet::from([record_id]),
            ..Dirty::default()
        };
        // A new edit supersedes rejected ones: it carries the whole record again.
        self.outbox.retain(|p| {
            let superseded =
                p.mutation.record_id == record_id && matches!(p.status, PendingStatus::Rejected { .. });
            if superseded {
                dirty.outbox.insert(p.mutation.mutation_id);
            }
            !superseded
        });
        let in_flight = &self.in_flight;
        let foldable = self
            .outbox
            .iter_mut()
            .rev()
            .find(|p| p.mutation.record_id == record_id)
            .filter(|p| {
                !p.sent && p.status == PendingStatus::Waiting && !in_flight.contains(&p.mutation.mutation_id)
            });
        if let Some(last) = foldable {
            last.mutation.operation = operation;
            last.mutation.payload = payload;
            dirty.outbox.insert(last.mutation.mutation_id);
            return dirty;
        }
        let mutation_id = self.next_mutation_id;
        self.next_mutation_id += 1;
        let base_version = self.records.get(&record_id).and_then(|r| r.server_version);
        self.outbox.push(Pending {
            mutation: Mutation {
                mutation_id,
                entity,
                record_id,
                base_version,
                operation,
                payload,
            },
            status: PendingStatus::Waiting,
            sent: false,
        });
        dirty.outbox.insert(mutation_id);
        dirty.meta = true;
        dirty
    }

    /// The next batch to push, or `None` when nothing can go (empty, already in flight, or every
    /// record blocked by a conflict or rejection). Write the `Dirty` back *before* sending: it
    /// marks the batch as sent, which fixes its content.
    pub fn next_push(&mut self) -> Option<(PushRequest, Dirty)> {
        if !self.in_flight.is_empty() {
            return None;
        }
        let mut seen = BTreeSet::new();
        let mut batch = Vec::new();
        let mut dirty = Dirty::default();
        for pending in &mut self.outbox {
            let record_id = pending.mutation.record_id;
            let first_for_record = seen.insert(record_id);
            if !first_for_record || pending.status != PendingStatus::Waiting {
                continue;
            }
            if !pending.sent {
                // Its base is the version the answer to the previous mutation produced.
                pending.mutation.base_version = self.records.get(&record_id).and_then(|r| r.server_version);
                pending.sent = true;
                dirty.outbox.insert(pending.mutation.mutation_id);
            }
            batch.push(pending.mutation.clone());
            if batch.len() == MAX_PUSH {
                break;
            }
        }
        if batch.is_empty() {
            return None;
        }
        self.in_flight = batch.iter().map(|m| m.mutation_id).collect();
        Some((
            PushRequest {
                client_id: self.client_id,
                mutations: batch,
            },
            dirty,
        ))
    }

    /// Takes the server's answer to the batch in flight.
    pub fn push_succeeded(&mut self, response: &PushResponse) -> Dirty {
        let mut dirty = Dirty {
            meta: self.failures != 0,
            ..Dirty::default()
        };
        self.failures = 0;
        let in_flight = std::mem::take(&mut self.in_flight);
        for result in &response.results {
            if !in_flight.contains(&result.mutation_id) {
                continue; // not ours to take (a late answer to an earlier attempt)
            }
            let Some(index) = self
                .outbox
                .iter()
                .position(|p| p.mutation.mutation_id == result.mutation_id)
            else {
                continue;
            };
            let record_id = self.outbox[index].mutation.record_id;
            dirty.outbox.insert(result.mutation_id);
            dirty.records.insert(record_id);
            match result.outcome.original() {
                Outcome::Applied { version } => {
                    let sent = self.outbox.remove(index).mutation;
                    if let Some(record) = self.records.get_mut(&record_id) {
                        record.server_version = Some(*version);
                        record.server_deleted = sent.operation == Operation::Delete;
                        record.server_payload = Some(sent.payload);
                    }
                    self.settle(record_id);
                }
                Outcome::Conflict { server } => {
                    self.outbox[index].status = PendingStatus::Conflict;
                    if let Some(record) = self.records.get_mut(&record_id) {
                        // The server's answer is at least as new as anything pulled before it.
                        record.conflict = Some(server.clone());
                        record.newer = None;
                    }
                }
                Outcome::Rejected { fields } => {
                    self.outbox[index].status = PendingStatus::Rejected {
                        fields: fields.clone(),
                    };
                }
                Outcome::AlreadyApplied { .. } => unreachable!("original() looks through already_applied"),
            }
        }
        dirty
    }

    /// The push did not get an answer. Returns how long to wait before trying again.
    pub fn push_failed(&mut self, failure: Failure, jitter: f64) -> (Duration, Dirty) {
        self.in_flight.clear();
        self.failed(failure, jitter)
    }

    /// A pull failed; same backoff as a push.
    pub fn pull_failed(&mut self, failure: Failure, jitter: f64) -> (Duration, Dirty) {
        self.failed(failure, jitter)
    }

    fn failed(&mut self, failure: Failure, jitter: f64) -> (Duration, Dirty) {
        let wait = backoff::delay(self.failures, jitter, failure.retry_after);
        self.failures = self.failures.saturating_add(1);
        (
            wait,
            Dirty {
                meta: true,
                ..Dirty::default()
            },
        )
    }

    /// Merges a page of server changes.
    pub fn apply_pull(&mut self, response: &PullResponse) -> Dirty {
        let mut dirty = Dirty {
            meta: true,
            ..Dirty::default()
        };
        for change in &response.changes {
            let server = &change.record;
            let id = server.record_id;
            let pending = self.outbox.iter().any(|p| p.mutation.record_id == id);
            let local = self.records.get_mut(&id);
            let known = local.as_ref().and_then(|r| r.server_version).unwrap_or(0);
            // Older copies are skipped. A copy at the version already held is news only when it
            // says "deleted": a real deletion always makes a new version, so this is someone
            // else's record that this person may no longer read (their manager moved team, say).
            let access_ended = server.deleted && server.version == known;
            if server.version < known || (server.version == known && !access_ended) {
                continue;
            }
            dirty.records.insert(id);
            match local {
                // Changes are waiting: keep the person's copy, and remember the server's for when
                // they are settled. If a conflict is on show, show the newest server copy beside it.
                Some(record) if pending => {
                    if record.conflict.is_some() {
                        record.conflict = Some(server.clone());
                    } else if record.newer.as_ref().is_none_or(|n| n.version < server.version) {
                        record.newer = Some(server.clone());
                    }
                }
                _ if server.deleted => {
                    self.records.remove(&id);
                }
                _ => {
                    self.records.insert(
                        id,
                        LocalRecord {
                            entity: server.entity,
                            record_id: id,
                            server_version: Some(server.version),
                            server_payload: Some(server.payload.clone()),
                            server_deleted: false,
                            payload: server.payload.clone(),
                            deleted: false,
                            conflict: None,
                            newer: None,
                            owner_id: Some(server.owner_id),
                        },
                    );
                }
            }
        }
        self.cursor = self.cursor.max(response.cursor);
        self.failures = 0;
        dirty
    }

    /// Settles the conflict on `record_id` as the person chose.
    pub fn resolve(&mut self, record_id: RecordId, resolution: Resolution) -> Dirty {
        let Some(record) = self.records.get_mut(&record_id) else {
            return Dirty::default();
        };
        let Some(mut server) = record.conflict.take() else {
            return Dirty::default();
        };
        if let Some(newer) = record.newer.take().filter(|n| n.version > server.version) {
            server = newer;
        }
        let mut dirty = self.drop_pending(record_id);
        dirty.records.insert(record_id);
        match resolution {
            Resolution::TakeTheirs => {
                if server.deleted {
                    self.records.remove(&record_id);
                } else if let Some(record) = self.records.get_mut(&record_id) {
                    record.server_version = Some(server.version);
                    record.server_payload = Some(server.payload.clone());
                    record.server_deleted = false;
                    record.payload = server.payload;
                    record.deleted = false;
                }
            }
            Resolution::KeepMine => {
                let Some(record) = self.records.get_mut(&record_id) else {
                    return dirty;
                };
                record.server_version = Some(server.version);
                record.server_payload = Some(server.payload);
                record.server_deleted = server.deleted;
                let (entity, deleted, payload) = (record.entity, record.deleted, record.payload.clone());
                let operation = if deleted {
                    Operation::Delete
                } else {
                    Operation::Put
                };
                dirty.merge(self.queue(entity, record_id, operation, payload));
            }
        }
        dirty
    }

    /// Drops a rejected change (and anything queued after it for the same record), putting the
    /// record back as the server last had it.
    pub fn discard(&mut self, mutation_id: u64) -> Dirty {
        let Some(record_id) = self
            .outbox
            .iter()
            .find(|p| {
                p.mutation.mutation_id == mutation_id && matches!(p.status, PendingStatus::Rejected { .. })
            })
            .map(|p| p.mutation.record_id)
        else {
            return Dirty::default();
        };
        let mut dirty = self.drop_pending(record_id);
        dirty.records.insert(record_id);
        let Some(record) = self.records.get_mut(&record_id) else {
            return dirty;
        };
        match record.server_payload.clone() {
            Some(payload) => {
                record.payload = payload;
                // Back to the server's copy, which may be a deletion (settle then forgets it).
                record.deleted = record.server_deleted;
                self.settle(record_id);
            }
            None => {
                self.records.remove(&record_id);
            }
        }
        dirty
    }

    /// Once nothing waits for a record: take up a newer server copy pulled meanwhile, and forget
    /// a record whose deletion reached the server.
    fn settle(&mut self, record_id: RecordId) {
        if self.outbox.iter().any(|p| p.mutation.record_id == record_id) {
            return;
        }
        let Some(record) = self.records.get_mut(&record_id) else {
            return;
        };
        if let Some(newer) = record.newer.take()
            && Some(newer.version) > record.server_version
        {
            record.server_version = Some(newer.version);
            record.server_payload = Some(newer.payload.clone());
            record.server_deleted = newer.deleted;
            record.payload = newer.payload;
            record.deleted = newer.deleted;
        }
        if record.deleted {
            self.records.remove(&record_id);
        }
    }

    fn drop_pending(&mut self, record_id: RecordId) -> Dirty {
        let mut dirty = Dirty::default();
        self.outbox.retain(|p| {
            let drop = p.mutation.record_id == record_id && !self.in_flight.contains(&p.mutation.mutation_id);
            if drop {
                dirty.outbox.insert(p.mutation.mutation_id);
            }
            !drop
        });
        dirty
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::UserId;
    use crate::sync::protocol::{Change, MutationResult};
    use serde_json::json;

    fn state() -> SyncState {
        SyncState::new(ClientId::new())
    }

    #[test]
    fn pending_statuses_keep_their_shape_and_read_back() {
        let rejected = PendingStatus::Rejected {
            fields: FieldErrors::from([("title".into(), vec!["Enter a title".into()])]),
        };
        assert_eq!(
            serde_json::to_value(&rejected).unwrap(),
            json!({"status": "rejected", "fields": {"title": ["Enter a title"]}})
        );
        for status in [PendingStatus::Waiting, rejected, PendingStatus::Conflict] {
            let text = serde_json::to_string(&status).unwrap();
            assert_eq!(serde_json::from_str::<PendingStatus>(&text).unwrap(), status);
        }
        assert!(serde_json::from_str::<PendingStatus>(r#"{"status":"rejected"}"#).is_err());
    }

    fn answer(req: &PushRequest, outcome: impl Fn(&Mutation) -> Outcome) -> PushResponse {
        PushResponse {
            results: req
                .mutations
                .iter()
                .map(|m| MutationResult {
                    mutation_id: m.mutation_id,
                    outcome: outcome(m),
                })
                .collect(),
        }
    }

    fn server_copy(id: RecordId, version: i64, title: &str) -> RecordState {
        RecordState {
            entity: EntityKind::Note,
            record_id: id,
            version,
            deleted: false,
            payload: json!({"title": title}),
            owner_id: UserId::new(),
        }
    }

    #[test]
    fn unsent_edits_fold_into_one_mutation_but_sent_ones_never_change() {
        let mut s = state();
        let id = RecordId::new();
        s.put(EntityKind::Note, id, json!({"title": "a"}));
        s.put(EntityKind::Note, id, json!({"title": "ab"}));
        assert_eq!(s.waiting(), 1, "autosave keystrokes fold together");
        let (req, dirty) = s.next_push().unwrap();
        assert!(
            dirty.outbox.contains(&1),
            "being sent is written down before sending"
        );
        assert_eq!(req.mutations[0].payload, json!({"title": "ab"}));
        s.put(EntityKind::Note, id, json!({"title": "abc"}));
        assert_eq!(s.waiting(), 2, "an edit after sending is a new mutation");
        assert_eq!(
            s.outbox[0].mutation.payload,
            json!({"title": "ab"}),
            "the sent one is untouched"
        );
        assert!(s.next_push().is_none(), "one batch at a time");
        s.push_succeeded(&answer(&req, |_| Outcome::Applied { version: 1 }));
        let (next, _) = s.next_push().unwrap();
        assert_eq!(
            next.mutations[0].base_version,
            Some(1),
            "the follow-up builds on the version just made"
        );
    }

    #[test]
    fn one_mutation_per_record_per_batch_and_failures_back_off() {
        let mut s = state();
        let (a, b) = (RecordId::new(), RecordId::new());
        s.put(EntityKind::Note, a, json!({"title": "a"}));
        s.put(EntityKind::Note, b, json!({"title": "b"}));
        let (req, _) = s.next_push().unwrap();
        s.put(EntityKind::Note, a, json!({"title": "a2"}));
        assert_eq!(req.mutations.len(), 2);
        let (wait, _) = s.push_failed(
            Failure {
                retry_after: Some(Duration::from_secs(9)),
            },
            0.0,
        );
        assert_eq!(wait, Duration::from_secs(9), "Retry-After is honoured");
        let (again, _) = s.next_push().unwrap();
        let ids: Vec<_> = again
            .mutations
            .iter()
            .map(|m| (m.record_id, m.mutation_id))
            .collect();
        assert_eq!(
            ids,
            vec![(a, 1), (b, 2)],
            "resent as before; a's second edit waits for the first"
        );
        let dup = answer(&again, |_| Outcome::AlreadyApplied {
            original: Box::new(Outcome::Applied { version: 1 }),
        });
        s.push_succeeded(&dup);
        assert_eq!(s.failures, 0);
        assert_eq!(s.waiting(), 1);
    }

    #[test]
    fn deleting_a_record_the_server_never_saw_leaves_nothing() {
        let mut s = state();
        let id = RecordId::new();
        s.put(EntityKind::Note, id, json!({"title": "a"}));
        let dirty = s.delete(id);
        assert!(s.records.is_empty() && s.outbox.is_empty());
        assert!(dirty.records.contains(&id) && dirty.outbox.contains(&1));
        assert!(s.next_push().is_none());
    }

    #[test]
    fn a_conflict_keeps_both_copies_until_the_person_chooses() {
        for choice in [Resolution::KeepMine, Resolution::TakeTheirs] {
            let mut s = state();
            let id = RecordId::new();
            s.apply_pull(&PullResponse {
                changes: vec![Change {
                    seq: 1,
                    record: server_copy(id, 1, "original"),
                }],
                cursor: 1,
                has_more: false,
            });
            s.put(EntityKind::Note, id, json!({"title": "mine"}));
            let (req, _) = s.next_push().unwrap();
            assert_eq!(req.mutations[0].base_version, Some(1));
            s.push_succeeded(&answer(&req, |_| Outcome::Conflict {
                server: server_copy(id, 2, "theirs"),
            }));
            let record = &s.records[&id];
            assert_eq!(record.payload, json!({"title": "mine"}));
            assert_eq!(
                record.conflict.as_ref().unwrap().payload,
                json!({"title": "theirs"})
            );
            assert_eq!(s.problems().count(), 1);
            assert!(
                s.next_push().is_none(),
                "a conflict is never sent again on its own"
            );

            s.resolve(id, choice);
            assert!(s.records[&id].conflict.is_none());
            match choice {
                Resolution::TakeTheirs => {
                    assert_eq!(s.records[&id].payload, json!({"title": "theirs"}));
                    assert_eq!(s.waiting(), 0);
                }
                Resolution::KeepMine => {
                    let (req, _) = s.next_push().unwrap();
                    assert_eq!(
                        req.mutations[0].base_version,
                        Some(2),
                        "mine goes on top of theirs"
                    );
                    assert_eq!(req.mutations[0].payload, json!({"title": "mine"}));
                }
            }
        }
    }

    #[test]
    fn a_rejected_change_stays_until_fixed_or_discarded() {
        let mut s = state();
        let id = RecordId::new();
        s.apply_pull(&PullResponse {
            changes: vec![Change {
                seq: 1,
                record: server_copy(id, 1, "good"),
            }],
            cursor: 1,
            has_more: false,
        });
        s.put(EntityKind::Note, id, json!({"title": ""}));
        let (req, _) = s.next_push().unwrap();
        let fields = FieldErrors::from([("title".into(), vec!["Enter a title".into()])]);
        s.push_succeeded(&answer(&req, |_| Outcome::Rejected {
            fields: fields.clone(),
        }));
        assert_eq!(
            s.problems().next().unwrap().status,
            PendingStatus::Rejected { fields }
        );
        assert!(s.next_push().is_none());

        // Fixing it replaces the rejected change with a new one.
        s.put(EntityKind::Note, id, json!({"title": "fixed"}));
        assert_eq!(s.problems().count(), 0);
        let (req, _) = s.next_push().unwrap();
        assert_eq!(
            (req.mutations[0].mutation_id, req.mutations[0].base_version),
            (2, Some(1))
        );
        s.push_succeeded(&answer(&req, |_| Outcome::Rejected {
            fields: FieldErrors::new(),
        }));

        // Discarding goes back to the server's copy.
        s.discard(2);
        assert_eq!(s.records[&id].payload, json!({"title": "good"}));
        assert_eq!(s.waiting(), 0);
    }

    #[test]
    fn pulls_never_overwrite_waiting_changes_and_skip_old_versions() {
        let mut s = state();
        let id = RecordId::new();
        let pull = |version, title: &str, seq| PullResponse {
            changes: vec![Change {
                seq,
                record: server_copy(id, version, title),
            }],
            cursor: seq,
            has_more: false,
        };
        s.apply_pull(&pull(1, "v1", 1));
        s.put(EntityKind::Note, id, json!({"title": "mine"}));
        s.apply_pull(&pull(2, "v2", 2));
        assert_eq!(s.records[&id].payload, json!({"title": "mine"}));
        assert_eq!(
            s.records[&id].server_version,
            Some(1),
            "so the push meets a conflict"
        );
        assert_eq!(s.cursor, 2);
        let mut fresh = state();
        fresh.apply_pull(&pull(3, "v3", 5));
        fresh.apply_pull(&pull(2, "v2", 4));
        assert_eq!(fresh.records[&id].payload, json!({"title": "v3"}));
        assert_eq!(fresh.cursor, 5, "the cursor never goes back");
    }

    #[test]
    fn a_record_whose_reading_ends_at_the_same_version_leaves_the_device() {
        let mut s = state();
        let id = RecordId::new();
        let change = |record: RecordState, seq| PullResponse {
            changes: vec![Change { seq, record }],
            cursor: seq,
            has_more: false,
        };
        s.apply_pull(&change(server_copy(id, 2, "shared with me"), 3));
        s.apply_pull(&change(server_copy(id, 2, "sent again"), 4));
        assert_eq!(
            s.records[&id].payload,
            json!({"title": "shared with me"}),
            "the same version again changes nothing"
        );
        let ended = RecordState {
            deleted: true,
            payload: serde_json::Value::Null,
            ..server_copy(id, 2, "")
        };
        s.apply_pull(&change(ended, 5));
        assert!(!s.records.contains_key(&id));
    }

    #[test]
    fn state_survives_a_round_trip_through_storage_without_in_flight() {
        let mut s = state();
        s.put(EntityKind::Note, RecordId::new(), json!({"title": "a"}));
        s.next_push().unwrap();
        let stored: SyncState = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert!(!stored.in_flight());
        assert!(stored.outbox[0].sent, "still known to be sent, so never changed");
        let mut restarted = stored;
        assert!(restarted.next_push().is_some(), "sent again after a restart");
    }
}
