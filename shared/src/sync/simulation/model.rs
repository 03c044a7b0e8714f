//! The server reduced to its state and its rules: `decide` with each kind's own rules
//! (`records::check_mutation`), readers from each kind's audience, and what the real server adds
//! (a case-file audit is about a practitioner in the manager's team; readers are recomputed when
//! the manager joins or leaves the team). Every push is one transaction.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::Server;
use super::writing::{Form, Forms};
use crate::records::{Actor, Typed, check_mutation};
use crate::roles::Role;
use crate::sync::apply::{Decision, decide};
use crate::sync::protocol::{
    Change, MutationResult, Outcome, PullResponse, PushRequest, PushResponse, RecordState,
};
use crate::{ClientId, FieldErrors, RecordId, TemplateId, UserId};

#[derive(Debug, Clone)]
pub struct ModelServer {
    /// The practitioner, then their team manager.
    people: [UserId; 2],
    manager_in_team: bool,
    forms: Forms,
    records: BTreeMap<RecordId, RecordState>,
    /// Each record's readers besides its owner; `false`: no longer, so they pull it as deleted.
    readers: BTreeMap<RecordId, BTreeMap<UserId, bool>>,
    /// The change sequence number of each record's latest write.
    seqs: BTreeMap<RecordId, i64>,
    seq: i64,
    applied: HashMap<(ClientId, u64), (UserId, Outcome)>,
    writes: BTreeMap<RecordId, i64>,
}

impl Default for ModelServer {
    fn default() -> Self {
        let form = |domains: &[&str], statements: &[&str]| Form {
            id: TemplateId::new(),
            version: 1,
            domains: domains.iter().map(|d| d.to_string()).collect(),
            statements: statements.iter().map(|s| s.to_string()).collect(),
        };
        ModelServer {
            people: [UserId::new(), UserId::new()],
            manager_in_team: true,
            forms: Forms {
                assessment: form(&["community"], &["community.one", "community.two"]),
                audit: form(&["basics"], &["basics.one"]),
            },
            records: BTreeMap::new(),
            readers: BTreeMap::new(),
            seqs: BTreeMap::new(),
            seq: 0,
            applied: HashMap::new(),
            writes: BTreeMap::new(),
        }
    }
}

impl ModelServer {
    fn roles(&self, user: UserId) -> Vec<Role> {
        if user == self.people[0] {
            vec![Role::Practitioner]
        } else {
            vec![Role::TeamManager]
        }
    }

    /// Who the record's audience is now, besides its owner (`None`: leave as set).
    fn wanted_readers(&self, record: &RecordState) -> Option<Vec<UserId>> {
        let typed = Typed::parse(record.entity, &record.payload).ok()?;
        let mut readers = super::readers(&typed, self.manager_in_team, self.people);
        readers.retain(|r| *r != record.owner_id);
        Some(readers)
    }

    fn set_readers(&mut self, record: RecordId, readers: &[UserId]) {
        let rows = self.readers.entry(record).or_default();
        rows.values_mut().for_each(|active| *active = false);
        for r in readers {
            rows.insert(*r, true);
        }
    }

    fn active_readers(&self, record: RecordId) -> Vec<UserId> {
        self.readers.get(&record).map_or_else(Vec::new, |rows| {
            rows.iter().filter(|(_, a)| **a).map(|(u, _)| *u).collect()
        })
    }

    /// What the real server checks beyond the kinds' own rules.
    fn server_rules(&self, typed: Option<&Typed>) -> Result<(), FieldErrors> {
        match typed {
            Some(Typed::CaseAudit(audit))
                if audit.practitioner_id != self.people[0] || !self.manager_in_team =>
            {
                Err(FieldErrors::from([(
                    "practitioner_id".into(),
                    vec!["Choose a practitioner in your team".into()],
                )]))
            }
            _ => Ok(()),
        }
    }
}

impl Server for ModelServer {
    fn people(&mut self) -> [UserId; 2] {
        self.people
    }

    fn forms(&mut self) -> Forms {
        self.forms.clone()
    }

    fn move_manager(&mut self, in_team: bool) {
        self.manager_in_team = in_team;
        let ids: Vec<RecordId> = self.records.keys().copied().collect();
        for id in ids {
            let record = &self.records[&id];
            // Named readers and nobody else do not rest on teams.
            let audience = Typed::parse(record.entity, &record.payload).map(|t| t.audience());
            if !audience.is_ok_and(|a| a.rests_on_teams()) {
                continue;
            }
            let Some(wanted) = self.wanted_readers(record) else {
                continue;
            };
            if wanted != self.active_readers(id) {
                self.set_readers(id, &wanted);
                self.seq += 1;
                self.seqs.insert(id, self.seq);
            }
        }
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
        let actor = Actor {
            id: user,
            roles: self.roles(user),
        };
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
                    let rules = |current: Option<&RecordState>, m: &_| {
                        let checked = check_mutation(&actor, current, m)?;
                        tx.server_rules(checked.after.as_ref())?;
                        Ok(checked)
                    };
                    let outcome = match decide(tx.records.get(&m.record_id), m, user, rules) {
                        Decision::Write { state, checked } => {
                            tx.seq += 1;
                            tx.seqs.insert(state.record_id, tx.seq);
                            *tx.writes.entry(state.record_id).or_default() += 1;
                            // A deletion keeps the readers, who pull it as deleted; a note's
                            // readers are nobody.
                            if checked.after.is_some()
                                && let Some(readers) = tx.wanted_readers(&state)
                            {
                                tx.set_readers(state.record_id, &readers);
                            }
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
        let mut visible: Vec<(i64, RecordState)> = self
            .records
            .values()
            .filter_map(|r| {
                let record = if r.owner_id == user {
                    r.clone()
                } else {
                    match self.readers.get(&r.record_id).and_then(|rows| rows.get(&user)) {
                        Some(true) => r.clone(),
                        // Access taken back: the record as deleted, with no content.
                        Some(false) => RecordState {
                            deleted: true,
                            payload: Value::Null,
                            ..r.clone()
                        },
                        None => return None,
                    }
                };
                Some((self.seqs[&r.record_id], record))
            })
            .filter(|(seq, _)| *seq > cursor)
            .collect();
        visible.sort_by_key(|(seq, _)| *seq);
        let has_more = visible.len() > limit;
        let changes: Vec<Change> = visible
            .into_iter()
            .take(limit)
            .map(|(seq, record)| Change { seq, record })
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
