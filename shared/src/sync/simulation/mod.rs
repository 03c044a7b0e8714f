//! A simulated world for property tests of sync: devices running the real engine against a
//! server, over a network that loses, duplicates and delays, with devices crashing. The server is a
//! trait, so the same histories run against the model here (the server's rule, `decide`, over
//! in-memory state) and against the real stores in the server's tests. Built only with the
//! `simulation` feature.
//!
//! After the network heals and people settle their conflicts, [`World::check`] demands:
//! - every outbox drained;
//! - each device holding exactly the server's copy of every record its user may read;
//! - no mutation applied twice (a record's version counts its applied changes);
//! - no record lost: everything created and not deleted or discarded by a person is on the server;
//! - no invented data: every stored payload is one a person wrote.
//!
//! A device's state is rebuilt only from what the engine marked `Dirty`, so a crash also proves the
//! engine names everything it changed.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use proptest::prelude::*;
use serde_json::{Value, json};

use super::apply::{Decision, decide};
use super::engine::{Dirty, Failure, LocalRecord, Pending, PendingStatus, Resolution, SyncState};
use super::protocol::{
    Change, EntityKind, MutationResult, Outcome, PullResponse, PushRequest, PushResponse, RecordState,
};
use crate::records::{Actor, check_mutation};
use crate::{ClientId, FieldErrors, RecordId, UserId};

/// What the simulation needs of a server.
pub trait Server {
    /// The two people whose devices the world runs (they must exist on a real server).
    fn people(&mut self) -> [UserId; 2];
    /// Applies a batch. With `die_after = Some(n)` the server dies before mutation `n`: nothing of
    /// the batch is kept and no answer comes back (`None`).
    fn push(&mut self, user: UserId, req: &PushRequest, die_after: Option<usize>) -> Option<PushResponse>;
    fn pull(&mut self, user: UserId, cursor: i64, limit: u32) -> PullResponse;
    /// Every record, tombstones included.
    fn records(&mut self) -> Vec<RecordState>;
    /// How many mutations were applied to each record.
    fn applied(&mut self) -> BTreeMap<RecordId, i64>;
}

/// The server reduced to its state and its rule (`decide`); every push is one transaction.
#[derive(Debug, Clone, Default)]
pub struct ModelServer {
    people: [UserId; 2],
    records: BTreeMap<RecordId, RecordState>,
    /// The change sequence number of each record's latest write.
    seqs: BTreeMap<RecordId, i64>,
    seq: i64,
    applied: HashMap<(ClientId, u64), (UserId, Outcome)>,
    writes: BTreeMap<RecordId, i64>,
}

impl Server for ModelServer {
    fn people(&mut self) -> [UserId; 2] {
        self.people
    }

    fn records(&mut self) -> Vec<RecordState> {
        self.records.values().cloned().collect()
    }

    fn applied(&mut self) -> BTreeMap<RecordId, i64> {
        self.writes.clone()
    }

    fn push(&mut self, user: UserId, req: &PushRequest, die_after: Option<usize>) -> Option<PushResponse> {
        let mut tx = self.clone();
        let mut results = Vec::new();
        for (i, m) in req.mutations.iter().enumerate() {
            if die_after == Some(i) {
                return None;
            }
            let key = (req.client_id, m.mutation_id);
            let outcome = match tx.applied.get(&key) {
                Some((owner, original)) if *owner == user => Outcome::AlreadyApplied {
                    original: Box::new(original.clone()),
                },
                Some(_) => Outcome::Rejected {
                    fields: FieldErrors::from([("client_id".into(), vec!["x".into()])]),
                },
                None => {
                    // The simulation plays notes, which anyone signed in keeps.
                    let actor = Actor {
                        id: user,
                        roles: Vec::new(),
                    };
                    let rules = |current: Option<&RecordState>, m: &_| check_mutation(&actor, current, m);
                    let outcome = match decide(tx.records.get(&m.record_id), m, user, rules) {
                        Decision::Write { state, .. } => {
                            tx.seq += 1;
                            tx.seqs.insert(state.record_id, tx.seq);
                            *tx.writes.entry(state.record_id).or_default() += 1;
                            let version = state.version;
                            tx.records.insert(state.record_id, state);
                            Outcome::Applied { version }
                        }
                        Decision::Conflict(server) => Outcome::Conflict { server },
                        Decision::Rejected(fields) => Outcome::Rejected { fields },
                    };
                    tx.applied.insert(key, (user, outcome.clone()));
                    outcome
                }
            };
            results.push(MutationResult {
                mutation_id: m.mutation_id,
                outcome,
            });
        }
        *self = tx;
        Some(PushResponse { results })
    }

    fn pull(&mut self, user: UserId, cursor: i64, limit: u32) -> PullResponse {
        let limit = limit as usize;
        let mut visible: Vec<(i64, &RecordState)> = self
            .records
            .values()
            .filter(|r| r.owner_id == user)
            .map(|r| (self.seqs[&r.record_id], r))
            .filter(|(seq, _)| *seq > cursor)
            .collect();
        visible.sort_by_key(|(seq, _)| *seq);
        let has_more = visible.len() > limit;
        let changes: Vec<Change> = visible
            .into_iter()
            .take(limit)
            .map(|(seq, r)| Change {
                seq,
                record: r.clone(),
            })
            .collect();
        let cursor = if has_more {
            changes.last().map_or(cursor, |c| c.seq)
        } else {
            self.seq.max(cursor)
        };
        PullResponse {
            changes,
            cursor,
            has_more,
        }
    }
}

/// What a device has written to its storage: only ever changed through `Dirty`.
#[derive(Debug, Clone)]
struct Storage {
    records: BTreeMap<RecordId, LocalRecord>,
    outbox: BTreeMap<u64, Pending>,
    meta: (u64, i64, u32),
}

impl Storage {
    fn save(&mut self, state: &SyncState, dirty: &Dirty) {
        for id in &dirty.records {
            match state.records.get(id) {
                Some(r) => self.records.insert(*id, r.clone()),
                None => self.records.remove(id),
            };
        }
        for id in &dirty.outbox {
            match state.outbox.iter().find(|p| p.mutation.mutation_id == *id) {
                Some(p) => self.outbox.insert(*id, p.clone()),
                None => self.outbox.remove(id),
            };
        }
        if dirty.meta {
            self.meta = (state.next_mutation_id, state.cursor, state.failures);
        }
    }

    fn restore(&self, client_id: ClientId) -> SyncState {
        let mut state = SyncState::new(client_id);
        (state.next_mutation_id, state.cursor, state.failures) = self.meta;
        state.records = self.records.clone();
        state.outbox = self.outbox.values().cloned().collect();
        state
    }
}

struct Device {
    user: UserId,
    state: SyncState,
    storage: Storage,
}

impl Device {
    fn new(user: UserId) -> Self {
        let state = SyncState::new(ClientId::new());
        let storage = Storage {
            records: BTreeMap::new(),
            outbox: BTreeMap::new(),
            meta: (1, 0, 0),
        };
        Device { user, state, storage }
    }

    fn save(&mut self, dirty: Dirty) {
        self.storage.save(&self.state, &dirty);
    }

    fn crash(&mut self) {
        self.state = self.storage.restore(self.state.client_id);
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Fault {
    None,
    LoseRequest,
    LoseAnswer,
    Duplicate,
    Late,
    ServerDies(usize),
    CrashBeforeSend,
}

#[derive(Debug, Clone)]
pub enum Step {
    Edit {
        device: usize,
        slot: usize,
        title: Option<String>,
    },
    Delete {
        device: usize,
        slot: usize,
    },
    Sync {
        device: usize,
        fault: Fault,
    },
    Crash {
        device: usize,
    },
    DeliverLate,
}

pub fn step() -> impl Strategy<Value = Step> {
    let device = 0..3usize;
    let fault = prop_oneof![
        6 => Just(Fault::None),
        1 => Just(Fault::LoseRequest),
        1 => Just(Fault::LoseAnswer),
        1 => Just(Fault::Duplicate),
        1 => Just(Fault::Late),
        1 => (0..3usize).prop_map(Fault::ServerDies),
        1 => Just(Fault::CrashBeforeSend),
    ];
    let title = prop_oneof![9 => "[a-z]{1,6}".prop_map(Some), 1 => Just(None)];
    prop_oneof![
        5 => (device.clone(), 0..4usize, title).prop_map(|(device, slot, title)| Step::Edit { device, slot, title }),
        1 => (device.clone(), 0..4usize).prop_map(|(device, slot)| Step::Delete { device, slot }),
        4 => (device.clone(), fault).prop_map(|(device, fault)| Step::Sync { device, fault }),
        1 => device.prop_map(|device| Step::Crash { device }),
        1 => Just(Step::DeliverLate),
    ]
}

/// Everything the people did, to judge the end state by.
#[derive(Default)]
struct Ledger {
    created: BTreeSet<RecordId>,
    /// Deleted by a person, or a creation a person discarded.
    removed: BTreeSet<RecordId>,
    written: BTreeMap<RecordId, BTreeSet<String>>,
}

pub struct World<S: Server> {
    pub server: S,
    devices: Vec<Device>,
    late: Vec<(UserId, PushRequest)>,
    ledger: Ledger,
    /// The random number backoff draws from.
    pub jitter: f64,
}

impl<S: Server> World<S> {
    pub fn new(mut server: S) -> Self {
        let [a, b] = server.people();
        // Two devices of one person (where conflicts come from) and one of another person.
        World {
            server,
            devices: vec![Device::new(a), Device::new(a), Device::new(b)],
            late: Vec::new(),
            ledger: Ledger::default(),
            jitter: 0.5,
        }
    }

    fn record_for(&self, device: usize, slot: usize) -> Option<RecordId> {
        self.devices[device]
            .state
            .visible(EntityKind::Note)
            .map(|r| r.record_id)
            .nth(slot)
    }

    pub fn run(&mut self, step: &Step) {
        match step {
            Step::Edit { device, slot, title } => {
                let id = self.record_for(*device, *slot).unwrap_or_else(|| {
                    let id = RecordId::new();
                    self.ledger.created.insert(id);
                    id
                });
                let title = title.clone().unwrap_or_default();
                self.ledger.written.entry(id).or_default().insert(title.clone());
                let d = &mut self.devices[*device];
                let dirty = d.state.put(EntityKind::Note, id, json!({ "title": title }));
                d.save(dirty);
            }
            Step::Delete { device, slot } => {
                if let Some(id) = self.record_for(*device, *slot) {
                    self.ledger.removed.insert(id);
                    let d = &mut self.devices[*device];
                    let dirty = d.state.delete(id);
                    d.save(dirty);
                }
            }
            Step::Sync { device, fault } => self.sync(*device, *fault),
            Step::Crash { device } => self.devices[*device].crash(),
            Step::DeliverLate => {
                if let Some((user, req)) = self.late.pop() {
                    // Nobody is waiting for this answer any more.
                    let _ = self.server.push(user, &req, None);
                }
            }
        }
    }

    fn sync(&mut self, device: usize, fault: Fault) {
        let mut fault = fault;
        loop {
            let d = &mut self.devices[device];
            let Some((req, dirty)) = d.state.next_push() else {
                break;
            };
            d.save(dirty);
            let answer = match std::mem::replace(&mut fault, Fault::None) {
                Fault::None => self.server.push(d.user, &req, None),
                Fault::LoseRequest => None,
                Fault::LoseAnswer => {
                    let _ = self.server.push(d.user, &req, None);
                    None
                }
                Fault::Duplicate => {
                    let _ = self.server.push(d.user, &req, None);
                    self.server.push(d.user, &req, None)
                }
                Fault::Late => {
                    self.late.push((d.user, req.clone()));
                    None
                }
                Fault::ServerDies(after) => {
                    self.server
                        .push(d.user, &req, Some(after.min(req.mutations.len() - 1)))
                }
                Fault::CrashBeforeSend => {
                    d.crash();
                    return;
                }
            };
            match answer {
                Some(response) => {
                    assert_eq!(
                        response.results.len(),
                        req.mutations.len(),
                        "one answer per mutation"
                    );
                    let dirty = d.state.push_succeeded(&response);
                    d.save(dirty);
                }
                None => {
                    let (wait, dirty) = d.state.push_failed(Failure { retry_after: None }, self.jitter);
                    assert!(wait >= super::backoff::FLOOR, "never spins");
                    d.save(dirty);
                    return;
                }
            }
        }
        let d = &mut self.devices[device];
        loop {
            let page = self.server.pull(d.user, d.state.cursor, 3);
            let dirty = d.state.apply_pull(&page);
            d.save(dirty);
            if !page.has_more {
                break;
            }
        }
    }

    /// The network heals and people settle what needs them: the first device keeps its copies,
    /// the others take the server's, rejected changes are discarded.
    pub fn heal(&mut self) {
        for _round in 0..50 {
            for device in 0..self.devices.len() {
                let d = &mut self.devices[device];
                let problems: Vec<Pending> = d.state.problems().cloned().collect();
                for p in problems {
                    let dirty = match p.status {
                        PendingStatus::Conflict => {
                            let choice = if device == 0 {
                                Resolution::KeepMine
                            } else {
                                Resolution::TakeTheirs
                            };
                            if choice == Resolution::TakeTheirs
                                && d.state
                                    .records
                                    .get(&p.mutation.record_id)
                                    .and_then(|r| r.conflict.as_ref())
                                    .is_some_and(|s| s.deleted)
                            {
                                self.ledger.removed.insert(p.mutation.record_id);
                            }
                            d.state.resolve(p.mutation.record_id, choice)
                        }
                        PendingStatus::Rejected { .. } => {
                            if d.state
                                .records
                                .get(&p.mutation.record_id)
                                .is_some_and(|r| r.server_version.is_none())
                            {
                                self.ledger.removed.insert(p.mutation.record_id);
                            }
                            d.state.discard(p.mutation.mutation_id)
                        }
                        PendingStatus::Waiting => unreachable!(),
                    };
                    d.save(dirty);
                }
                self.sync(device, Fault::None);
            }
            if self.devices.iter().all(|d| d.state.waiting() == 0) {
                break;
            }
        }
        for device in 0..self.devices.len() {
            self.sync(device, Fault::None);
        }
    }

    pub fn check(&mut self) -> Result<(), TestCaseError> {
        let records = self.server.records();
        let applied = self.server.applied();
        for (i, d) in self.devices.iter().enumerate() {
            prop_assert_eq!(d.state.waiting(), 0, "device {} outbox drained", i);
            let mine: BTreeMap<RecordId, &Value> = d
                .state
                .visible(EntityKind::Note)
                .map(|r| (r.record_id, &r.payload))
                .collect();
            let server: BTreeMap<RecordId, &Value> = records
                .iter()
                .filter(|r| r.owner_id == d.user && !r.deleted)
                .map(|r| (r.record_id, &r.payload))
                .collect();
            prop_assert_eq!(mine, server, "device {} converged with the server", i);
            prop_assert!(
                d.state.records.values().all(|r| r.conflict.is_none()),
                "no conflict left on device {}",
                i
            );
        }
        for record in &records {
            let id = &record.record_id;
            prop_assert_eq!(
                record.version,
                applied.get(id).copied().unwrap_or(0),
                "each change applied once"
            );
            if let Some(title) = record.payload.get("title").and_then(Value::as_str) {
                prop_assert!(
                    self.ledger.written[id].contains(title),
                    "server holds a title a person wrote"
                );
            }
        }
        for id in self.ledger.created.difference(&self.ledger.removed) {
            let kept = records.iter().any(|r| r.record_id == *id && !r.deleted);
            prop_assert!(kept, "record {} created and never removed is on the server", id);
        }
        Ok(())
    }

    /// Plays `steps`, lets late deliveries land, heals, and checks every invariant.
    pub fn play(&mut self, steps: &[Step]) -> Result<(), TestCaseError> {
        for step in steps {
            self.run(step);
        }
        while let Some((user, req)) = self.late.pop() {
            let _ = self.server.push(user, &req, None);
        }
        self.heal();
        self.check()
    }
}

/// A generated history of up to `max_steps` steps.
pub fn history(max_steps: usize) -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(step(), 1..max_steps)
}
