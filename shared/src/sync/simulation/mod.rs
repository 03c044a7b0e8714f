//! A simulated world for property tests of sync: devices running the real engine against a
//! server, over a network that loses, duplicates and delays, with devices crashing. Two people:
//! a practitioner with two devices and their team manager with one. They play every record kind
//! (`writing`): notes, self-assessments drafted, submitted and shared with the manager (readers
//! added and removed), case-file audits the practitioner reads, deletions (tombstones), and the
//! manager leaving and rejoining the team (readers recomputed). The server is a trait, so the
//! same histories run against the model (`model`: `decide` and the kinds' rules over in-memory
//! state) and against the real stores in the server's tests. Built only with the `simulation`
//! feature.
//!
//! After the network heals and people settle their conflicts, [`World::check`] demands:
//! - every outbox drained;
//! - each device holding exactly the server's copy of every record its user may read, and
//!   nothing else: readers worked out here from each kind's audience, independently of the
//!   server;
//! - no mutation applied twice (a record's version counts its applied changes);
//! - no record lost: everything created and not deleted or discarded by a person is on the server;
//! - no invented data: every stored payload is one a person wrote.
//!
//! A device's state is rebuilt only from what the engine marked `Dirty`, so a crash also proves the
//! engine names everything it changed.

mod model;
mod writing;

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use serde_json::Value;

use super::engine::{Dirty, Failure, LocalRecord, Pending, PendingStatus, Resolution, SyncState};
use super::protocol::{EntityKind, PullResponse, PushRequest, PushResponse, RecordState};
use crate::records::{Audience, Typed};
use crate::{ClientId, RecordId, UserId};
pub use model::ModelServer;
pub use writing::{Act, Form, Forms};

/// What the simulation needs of a server.
pub trait Server {
    /// The two people whose devices the world runs (they must exist on a real server): a
    /// practitioner, then the team manager of their team.
    fn people(&mut self) -> [UserId; 2];
    /// The published questionnaires their records answer.
    fn forms(&mut self) -> Forms;
    /// The manager leaves the practitioner's team (`false`) or joins it again.
    fn move_manager(&mut self, in_team: bool);
    /// Applies a batch. With `die_after = Some(n)` the server dies before mutation `n`: nothing of
    /// the batch is kept and no answer comes back (`None`).
    fn push(&mut self, user: UserId, req: &PushRequest, die_after: Option<usize>) -> Option<PushResponse>;
    fn pull(&mut self, user: UserId, cursor: i64, limit: u32) -> PullResponse;
    /// Every record, tombstones included, once each.
    fn records(&mut self) -> Vec<RecordState>;
    /// How many mutations were applied to each record.
    fn applied(&mut self) -> BTreeMap<RecordId, i64>;
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
    /// A person acts on their `slot`th record of a kind (a new one when there is none): a note,
    /// or (`own_kind`) the kind of their role.
    Act {
        device: usize,
        slot: usize,
        own_kind: bool,
        act: Act,
    },
    Delete {
        device: usize,
        slot: usize,
        own_kind: bool,
    },
    Sync {
        device: usize,
        fault: Fault,
    },
    Crash {
        device: usize,
    },
    DeliverLate,
    MoveManager {
        in_team: bool,
    },
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
    let text = prop_oneof![9 => "[a-z]{1,6}".prop_map(Some), 1 => Just(None)];
    let act = prop_oneof![
        6 => text.prop_map(Act::Write),
        2 => Just(Act::Submit),
        2 => any::<bool>().prop_map(Act::Share),
    ];
    prop_oneof![
        6 => (device.clone(), 0..3usize, any::<bool>(), act)
            .prop_map(|(device, slot, own_kind, act)| Step::Act { device, slot, own_kind, act }),
        1 => (device.clone(), 0..3usize, any::<bool>())
            .prop_map(|(device, slot, own_kind)| Step::Delete { device, slot, own_kind }),
        4 => (device.clone(), fault).prop_map(|(device, fault)| Step::Sync { device, fault }),
        1 => device.prop_map(|device| Step::Crash { device }),
        1 => Just(Step::DeliverLate),
        1 => any::<bool>().prop_map(|in_team| Step::MoveManager { in_team }),
    ]
}

/// Who reads `record` besides its owner, from its kind's audience, while the manager is or is
/// not in the practitioner's team (`people`: the practitioner, then the manager).
fn readers(record: &Typed, manager_in_team: bool, people: [UserId; 2]) -> Vec<UserId> {
    match record.audience() {
        Audience::Owner => Vec::new(),
        Audience::Readers(readers) => readers,
        Audience::TeamManagers if manager_in_team => vec![people[1]],
        Audience::TeamManagers => Vec::new(),
        Audience::TeamManagersAnd(mut readers) => {
            if manager_in_team {
                readers.push(people[1]);
            }
            readers
        }
        Audience::Role(_) => unreachable!("no kind in the simulation is read by a role"),
    }
}

/// Everything the people did, to judge the end state by.
#[derive(Default)]
struct Ledger {
    created: BTreeSet<RecordId>,
    /// Deleted by a person, or a creation a person discarded.
    removed: BTreeSet<RecordId>,
    /// Every payload a person wrote to each record.
    written: BTreeMap<RecordId, Vec<Value>>,
}

pub struct World<S: Server> {
    pub server: S,
    people: [UserId; 2],
    forms: Forms,
    manager_in_team: bool,
    devices: Vec<Device>,
    late: Vec<(UserId, PushRequest)>,
    ledger: Ledger,
    /// The random number backoff draws from.
    pub jitter: f64,
}

impl<S: Server> World<S> {
    pub fn new(mut server: S) -> Self {
        let [a, b] = server.people();
        let forms = server.forms();
        // Two devices of one person (where conflicts come from) and one of another person.
        World {
            server,
            people: [a, b],
            forms,
            manager_in_team: true,
            devices: vec![Device::new(a), Device::new(a), Device::new(b)],
            late: Vec::new(),
            ledger: Ledger::default(),
            jitter: 0.5,
        }
    }

    /// How many records of `kind` the device holds (its person's and those they read).
    pub fn held(&self, device: usize, kind: EntityKind) -> usize {
        self.devices[device].state.visible(kind).count()
    }

    /// The kind a person plays: a note, or the one of their role.
    fn kind(&self, device: usize, own_kind: bool) -> EntityKind {
        match (own_kind, self.devices[device].user == self.people[0]) {
            (false, _) => EntityKind::Note,
            (true, true) => EntityKind::SelfAssessment,
            (true, false) => EntityKind::CaseAudit,
        }
    }

    /// The `slot`th record of `kind` the device's person keeps (not those they only read).
    fn record_for(&self, device: usize, kind: EntityKind, slot: usize) -> Option<&LocalRecord> {
        let d = &self.devices[device];
        d.state
            .visible(kind)
            .filter(|r| r.owner_id.is_none_or(|o| o == d.user))
            .nth(slot)
    }

    pub fn run(&mut self, step: &Step) {
        match step {
            Step::Act {
                device,
                slot,
                own_kind,
                act,
            } => {
                let kind = self.kind(*device, *own_kind);
                let current = self.record_for(*device, kind, *slot);
                let id = current.map(|r| r.record_id);
                let Some(payload) = writing::write(
                    kind,
                    current.map(|r| &r.payload),
                    act,
                    &self.forms,
                    self.people[0],
                ) else {
                    return;
                };
                let id = id.unwrap_or_else(|| {
                    let id = RecordId::new();
                    self.ledger.created.insert(id);
                    id
                });
                self.ledger.written.entry(id).or_default().push(payload.clone());
                let d = &mut self.devices[*device];
                let dirty = d.state.put(kind, id, payload);
                d.save(dirty);
            }
            Step::Delete {
                device,
                slot,
                own_kind,
            } => {
                let kind = self.kind(*device, *own_kind);
                if let Some(id) = self.record_for(*device, kind, *slot).map(|r| r.record_id) {
                    self.ledger.removed.insert(id);
                    let d = &mut self.devices[*device];
                    let dirty = d.state.delete(id);
                    d.save(dirty);
                }
            }
            Step::MoveManager { in_team } => {
                self.manager_in_team = *in_team;
                self.server.move_manager(*in_team);
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
            let held: BTreeMap<RecordId, (EntityKind, &Value)> = EntityKind::ALL
                .iter()
                .flat_map(|kind| d.state.visible(*kind))
                .map(|r| (r.record_id, (r.entity, &r.payload)))
                .collect();
            let readable: BTreeMap<RecordId, (EntityKind, &Value)> = records
                .iter()
                .filter(|r| !r.deleted)
                .filter(|r| {
                    r.owner_id == d.user
                        || Typed::parse(r.entity, &r.payload)
                            .is_ok_and(|t| readers(&t, self.manager_in_team, self.people).contains(&d.user))
                })
                .map(|r| (r.record_id, (r.entity, &r.payload)))
                .collect();
            prop_assert_eq!(held, readable, "device {} holds what its person may read", i);
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
            if !record.deleted {
                prop_assert!(
                    self.ledger.written[id].contains(&record.payload),
                    "server holds a payload a person wrote"
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
