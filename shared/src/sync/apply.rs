//! How the server decides what one mutation does, as a pure function, so the property tests run
//! the very rules the server runs. The server's stores call `decide` inside the push transaction
//! and write what it says.

use serde_json::Value;

use super::protocol::{Mutation, Operation, RecordState};
use crate::FieldErrors;
use crate::ids::UserId;

#[derive(Debug, Clone, PartialEq)]
pub enum Decision<T = ()> {
    /// Store this state: the next version of the record (or its first), with what the rules
    /// read from it.
    Write {
        state: RecordState,
        checked: T,
    },
    /// Stale base version: keep the server's copy, send it back.
    Conflict(RecordState),
    Rejected(FieldErrors),
}

fn reject<T>(field: &str, message: &str) -> Decision<T> {
    Decision::Rejected(FieldErrors::from([(field.to_owned(), vec![message.to_owned()])]))
}

/// Decides mutation `m` by `actor` against the server's `current` copy of the record.
/// `rules` checks the change for the record's kind, including who may make it
/// (`records::check_mutation` on the server). A record keeps its first owner whoever writes
/// it later. Payloads are stored exactly as sent, so the device and the server hold the same
/// bytes and converge without a round trip.
pub fn decide<T>(
    current: Option<&RecordState>,
    m: &Mutation,
    actor: UserId,
    rules: impl FnOnce(Option<&RecordState>, &Mutation) -> Result<T, FieldErrors>,
) -> Decision<T> {
    if let Some(c) = current
        && c.entity != m.entity
    {
        // Someone else's record is not theirs to learn the kind of.
        return if c.owner_id == actor {
            reject("entity", "This record is of another kind")
        } else {
            reject("record_id", "You cannot change this record")
        };
    }
    let checked = match rules(current, m) {
        Ok(checked) => checked,
        Err(fields) => return Decision::Rejected(fields),
    };
    let payload = match m.operation {
        Operation::Put => m.payload.clone(),
        Operation::Delete => Value::Null,
    };
    let next = |version: i64| RecordState {
        entity: m.entity,
        record_id: m.record_id,
        version,
        deleted: m.operation == Operation::Delete,
        payload: payload.clone(),
        owner_id: current.map_or(actor, |c| c.owner_id),
    };
    let state = match (current, m.base_version) {
        (None, None) => next(1),
        (None, Some(_)) => return reject("record_id", "This record is not on the server"),
        // A second creation under an existing id, or an edit of a version since replaced.
        (Some(c), None) => return Decision::Conflict(c.clone()),
        (Some(c), Some(base)) if base == c.version => next(c.version + 1),
        (Some(c), Some(_)) => return Decision::Conflict(c.clone()),
    };
    Decision::Write { state, checked }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::RecordId;
    use crate::sync::protocol::EntityKind;
    use serde_json::json;

    fn put(base: Option<i64>, payload: Value) -> Mutation {
        Mutation {
            mutation_id: 1,
            entity: EntityKind::Note,
            record_id: RecordId::new(),
            base_version: base,
            operation: Operation::Put,
            payload,
        }
    }

    fn ok(_: Option<&RecordState>, _: &Mutation) -> Result<(), FieldErrors> {
        Ok(())
    }

    /// Only the owner writes (as every kind so far says).
    fn owner_only(me: UserId) -> impl Fn(Option<&RecordState>, &Mutation) -> Result<(), FieldErrors> {
        move |current, _| match current {
            Some(c) if c.owner_id != me => Err(FieldErrors::from([(
                "record_id".into(),
                vec!["You cannot change this record".into()],
            )])),
            _ => Ok(()),
        }
    }

    fn stored(m: &Mutation, owner: UserId, version: i64) -> RecordState {
        RecordState {
            entity: m.entity,
            record_id: m.record_id,
            version,
            deleted: false,
            payload: json!({"old": true}),
            owner_id: owner,
        }
    }

    #[test]
    fn creates_edits_and_deletes_bump_the_version() {
        let me = UserId::new();
        let m = put(None, json!({"a": 1}));
        let Decision::Write { state: first, .. } = decide(None, &m, me, ok) else {
            panic!()
        };
        assert_eq!((first.version, first.deleted, first.owner_id), (1, false, me));
        let edit = Mutation {
            base_version: Some(1),
            payload: json!({"a": 2}),
            ..m.clone()
        };
        let Decision::Write { state: second, .. } = decide(Some(&first), &edit, me, ok) else {
            panic!()
        };
        assert_eq!((second.version, &second.payload), (2, &json!({"a": 2})));
        let delete = Mutation {
            base_version: Some(2),
            operation: Operation::Delete,
            ..m
        };
        let Decision::Write { state: gone, .. } = decide(Some(&second), &delete, me, ok) else {
            panic!()
        };
        assert_eq!((gone.version, gone.deleted, gone.payload), (3, true, Value::Null));
    }

    #[test]
    fn stale_or_duplicate_creations_conflict_with_the_server_copy() {
        let me = UserId::new();
        let m = put(Some(1), json!({}));
        let current = stored(&m, me, 2);
        assert_eq!(
            decide(Some(&current), &m, me, ok),
            Decision::Conflict(current.clone())
        );
        let create_again = Mutation {
            base_version: None,
            ..m
        };
        assert_eq!(
            decide(Some(&current), &create_again, me, ok),
            Decision::Conflict(current)
        );
    }

    #[test]
    fn others_records_invalid_payloads_and_unknown_bases_are_rejected() {
        let (me, them) = (UserId::new(), UserId::new());
        let m = put(Some(1), json!({}));
        let theirs = stored(&m, them, 1);
        assert!(
            matches!(decide(Some(&theirs), &m, me, owner_only(me)), Decision::Rejected(f) if f.contains_key("record_id"))
        );
        assert!(matches!(decide(None, &m, me, ok), Decision::Rejected(f) if f.contains_key("record_id")));
        let invalid = |_: Option<&RecordState>, _: &Mutation| -> Result<(), FieldErrors> {
            Err(FieldErrors::from([(
                "title".into(),
                vec!["Enter a title".into()],
            )]))
        };
        assert!(
            matches!(decide(None, &put(None, json!({})), me, invalid), Decision::Rejected(f) if f.contains_key("title"))
        );
    }

    #[test]
    fn a_record_keeps_its_first_owner_whoever_writes_it() {
        let (me, manager) = (UserId::new(), UserId::new());
        let m = put(Some(1), json!({"agreed": true}));
        let mine = stored(&m, me, 1);
        let Decision::Write { state, .. } = decide(Some(&mine), &m, manager, ok) else {
            panic!()
        };
        assert_eq!((state.owner_id, state.version), (me, 2));
    }
}
