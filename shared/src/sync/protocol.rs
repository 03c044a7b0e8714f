//! The sync protocol: what the app pushes and pulls, and what the server answers.
//!
//! Learned from Replicache (a client id and a per-client increasing mutation id; the server
//! applies each at most once), ODK Central (the record id made on the device is the idempotency
//! key of its creation), CouchDB (a conflict keeps both copies) and Electric (`Retry-After`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::FieldErrors;
use crate::ids::{ClientId, RecordId, UserId};
use crate::validate::{Check, Validate};

/// Mutations per push, at most. Bigger outboxes go in several pushes.
pub const MAX_PUSH: usize = 200;
/// Changes per pull page, at most.
pub const MAX_PULL: u32 = 500;

/// The kinds of record that sync, listed with their rules in `records`.
pub use crate::records::EntityKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// Create or replace the whole record with `payload`.
    Put,
    /// Delete the record (it becomes a tombstone others pull).
    Delete,
}

/// One change made on a device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mutation {
    /// Increases by one for every change the device makes; never reused.
    pub mutation_id: u64,
    pub entity: EntityKind,
    /// A UUIDv7 made on the device when the record was created.
    pub record_id: RecordId,
    /// The server version this change was made on; `None` for a record the server has not seen.
    pub base_version: Option<i64>,
    pub operation: Operation,
    /// The whole record for `put`; `null` for `delete`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub payload: Value,
}

/// `POST /api/sync/push`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushRequest {
    pub client_id: ClientId,
    /// In increasing `mutation_id` order.
    pub mutations: Vec<Mutation>,
}

impl Validate for PushRequest {
    /// The batch's shape; each mutation's payload is checked by the server's rules.
    fn validate(&self) -> Result<(), FieldErrors> {
        let increasing = self
            .mutations
            .windows(2)
            .all(|w| w[0].mutation_id < w[1].mutation_id);
        Check::new()
            .require(
                self.mutations.len() > MAX_PUSH,
                "mutations",
                format!("Send at most {MAX_PUSH} changes at once"),
            )
            .require(!increasing, "mutations", "Mutation ids must increase")
            .require(
                self.mutations
                    .iter()
                    .any(|m| m.mutation_id == 0 || m.mutation_id > i64::MAX as u64),
                "mutations",
                "Mutation ids start at 1",
            )
            .finish()
    }
}

/// The server's copy of a record, as pushed back in a conflict or pulled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordState {
    pub entity: EntityKind,
    pub record_id: RecordId,
    /// Starts at 1 and goes up by one with every applied change.
    pub version: i64,
    pub deleted: bool,
    /// The record's fields; `null` once it is deleted.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub payload: Value,
    pub owner_id: UserId,
}

/// What happened to one mutation.
///
/// Written with its `status` inside (`{"status": "applied", "version": 3}`), and read through
/// [`OutcomeWire`]: serde reads an internally tagged enum by first buffering the whole object
/// (its `Content`), and a conflict's record payload through that buffer again; in the app that
/// was 18 KB of the sync engine's code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case", try_from = "OutcomeWire")]
pub enum Outcome {
    /// Stored; the record is now at `version`.
    Applied { version: i64 },
    /// This `(client_id, mutation_id)` was handled before; here is what happened then.
    AlreadyApplied {
        // The schema refers to itself here; utoipa must not expand it forever.
        #[cfg_attr(feature = "openapi", schema(no_recursion))]
        original: Box<Outcome>,
    },
    /// The record changed on the server since `base_version`: nothing was stored, and here is the
    /// server's copy so both can be shown and the person can choose.
    Conflict { server: RecordState },
    /// Not acceptable (a field error, or a record this person may not change): nothing stored.
    Rejected { fields: FieldErrors },
}

/// [`Outcome`] as read: its status, and each variant's fields as optional fields beside it.
#[derive(Deserialize)]
struct OutcomeWire {
    status: OutcomeStatus,
    version: Option<i64>,
    original: Option<Box<Outcome>>,
    server: Option<RecordState>,
    fields: Option<crate::FieldErrors>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum OutcomeStatus {
    Applied,
    AlreadyApplied,
    Conflict,
    Rejected,
}

impl TryFrom<OutcomeWire> for Outcome {
    type Error = String;
    fn try_from(wire: OutcomeWire) -> Result<Self, String> {
        let missing = |field: &str| format!("missing field `{field}`");
        Ok(match wire.status {
            OutcomeStatus::Applied => Outcome::Applied {
                version: wire.version.ok_or_else(|| missing("version"))?,
            },
            OutcomeStatus::AlreadyApplied => Outcome::AlreadyApplied {
                original: wire.original.ok_or_else(|| missing("original"))?,
            },
            OutcomeStatus::Conflict => Outcome::Conflict {
                server: wire.server.ok_or_else(|| missing("server"))?,
            },
            OutcomeStatus::Rejected => Outcome::Rejected {
                fields: wire.fields.ok_or_else(|| missing("fields"))?,
            },
        })
    }
}

impl Outcome {
    /// The outcome itself, looking through `AlreadyApplied`.
    pub fn original(&self) -> &Outcome {
        match self {
            Outcome::AlreadyApplied { original } => original.original(),
            other => other,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MutationResult {
    pub mutation_id: u64,
    pub outcome: Outcome,
}

/// One answer per pushed mutation, in the same order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    pub results: Vec<MutationResult>,
}

/// A record as it stands after change number `seq` of the server's change sequence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = SyncChange))]
pub struct Change {
    pub seq: i64,
    pub record: RecordState,
}

/// `GET /api/sync/pull?cursor=…&limit=…`: changes after `cursor` the caller may read, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullResponse {
    pub changes: Vec<Change>,
    /// Ask from here next time.
    pub cursor: i64,
    /// More changes wait beyond this page.
    pub has_more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn outcomes_have_a_stable_tagged_shape() {
        let applied = MutationResult {
            mutation_id: 7,
            outcome: Outcome::Applied { version: 3 },
        };
        assert_eq!(
            serde_json::to_value(&applied).unwrap(),
            json!({"mutation_id": 7, "outcome": {"status": "applied", "version": 3}})
        );
        let again = Outcome::AlreadyApplied {
            original: Box::new(Outcome::Applied { version: 3 }),
        };
        assert_eq!(
            serde_json::to_value(&again).unwrap(),
            json!({"status": "already_applied", "original": {"status": "applied", "version": 3}})
        );
        assert_eq!(again.original(), &Outcome::Applied { version: 3 });
        let rejected = Outcome::Rejected {
            fields: FieldErrors::from([("title".into(), vec!["Enter a title".into()])]),
        };
        assert_eq!(
            serde_json::to_value(&rejected).unwrap(),
            json!({"status": "rejected", "fields": {"title": ["Enter a title"]}})
        );
    }

    #[test]
    fn every_outcome_reads_back_as_written() {
        let server = RecordState {
            entity: EntityKind::ALL[0],
            record_id: RecordId::new(),
            version: 4,
            deleted: false,
            payload: json!({"title": "Mine", "nested": {"a": [1, 2.5, null]}}),
            owner_id: UserId::new(),
        };
        let outcomes = [
            Outcome::Applied { version: 3 },
            Outcome::Conflict { server },
            Outcome::Rejected {
                fields: FieldErrors::from([("title".into(), vec!["Enter a title".into()])]),
            },
            Outcome::AlreadyApplied {
                original: Box::new(Outcome::AlreadyApplied {
                    original: Box::new(Outcome::Applied { version: 1 }),
                }),
            },
        ];
        for outcome in outcomes {
            let text = serde_json::to_string(&outcome).unwrap();
            assert_eq!(serde_json::from_str::<Outcome>(&text).unwrap(), outcome, "{text}");
        }
    }

    #[test]
    fn an_outcome_without_its_fields_is_refused() {
        for text in [
            r#"{"status": "applied"}"#,
            r#"{"status": "conflict"}"#,
            r#"{"status": "rejected"}"#,
            r#"{"status": "already_applied"}"#,
            r#"{"status": "lost", "version": 1}"#,
            r#"{"version": 1}"#,
        ] {
            assert!(serde_json::from_str::<Outcome>(text).is_err(), "{text}");
        }
    }

    #[test]
    fn entity_kinds_round_trip() {
        for kind in EntityKind::ALL {
            assert_eq!(kind.as_str().parse::<EntityKind>().unwrap(), *kind);
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        assert!("wizard".parse::<EntityKind>().is_err());
    }
}
