//! A record kind's lifecycle as data: the stages a record passes through and the moves between
//! them, each naming who may make it and which fields it may change. The rules read the table,
//! so a kind states its workflow once ("a draft becomes submitted by its owner; once submitted
//! only the sharing changes") and a review workflow (sent for review, then returned or agreed by
//! someone other than the author) is a few more rows, not new code.

use serde_json::Value;

use super::{Actor, Change, RecordKind, error};
use crate::FieldErrors;
use crate::ids::UserId;
use crate::roles::Role;

/// Who may make a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// The record's owner.
    Owner,
    /// Someone other than the owner who holds this role (and, on the server, reads the record):
    /// a manager agreeing a practitioner's form, never its author.
    Other(Role),
}

impl By {
    fn includes(self, actor: &Actor, owner: UserId) -> bool {
        match self {
            By::Owner => actor.id == owner,
            By::Other(role) => actor.id != owner && actor.has(role),
        }
    }
}

/// The fields a move may change; the rest are frozen by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fields {
    All,
    /// Nothing: the same record put again (a device resending what the server holds).
    None,
    /// Only these (as named in the payload's JSON).
    Only(&'static [&'static str]),
}

impl Fields {
    fn allow(self, before: &Value, after: &Value) -> bool {
        let without = |value: &Value, fields: &[&str]| match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .filter(|(k, _)| !fields.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            other => other.clone(),
        };
        match self {
            Fields::All => true,
            Fields::None => before == after,
            Fields::Only(fields) => without(before, fields) == without(after, fields),
        }
    }
}

/// One allowed move: from a stage (`None`: the record is new) to a stage (`None`: deleted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move<S: 'static> {
    pub from: Option<S>,
    pub to: Option<S>,
    pub by: By,
    pub may_change: Fields,
}

impl<S> Move<S> {
    pub const fn create(to: S, by: By) -> Self {
        Move {
            from: None,
            to: Some(to),
            by,
            may_change: Fields::All,
        }
    }

    pub const fn edit(from: S, to: S, by: By, may_change: Fields) -> Self {
        Move {
            from: Some(from),
            to: Some(to),
            by,
            may_change,
        }
    }

    pub const fn delete(from: S, by: By) -> Self {
        Move {
            from: Some(from),
            to: None,
            by,
            may_change: Fields::All,
        }
    }
}

/// Whether `actor` may make `change` to a record of kind `K` kept by `owner`: some move of the
/// kind's lifecycle goes from the record's stage to the new one, is the actor's to make, and
/// leaves unchanged every field it freezes. Someone with no move from this stage may not
/// change the record at all; its owner is told what froze it.
pub fn allows<K: RecordKind>(actor: &Actor, owner: UserId, change: Change<'_, K>) -> Result<(), FieldErrors> {
    let (before, after) = match change {
        Change::Create(after) => (None, Some(after)),
        Change::Update { before, after } => (Some(before), Some(after)),
        Change::Delete(before) => (Some(before), None),
    };
    let from = before.map(K::stage);
    let to = after.map(K::stage);
    let mut theirs = K::MOVES
        .iter()
        .filter(|m| m.from == from && m.by.includes(actor, owner))
        .peekable();
    if theirs.peek().is_none() {
        return Err(match from {
            Some(stage) if actor.id == owner => error("status", K::frozen(stage)),
            _ => error("record_id", "You cannot change this record"),
        });
    }
    let values = before
        .zip(after)
        .map(|(b, a)| (serde_json::to_value(b), serde_json::to_value(a)));
    let fits = |m: &Move<K::Stage>| {
        m.to == to
            && match &values {
                Some((Ok(b), Ok(a))) => m.may_change.allow(b, a),
                Some(_) => false,
                None => true,
            }
    };
    if theirs.any(fits) {
        Ok(())
    } else {
        Err(error(
            "status",
            from.map_or("A new record cannot start at this stage", K::frozen),
        ))
    }
}

/// Whether `actor` may still edit anything of `record` (kept by `owner`) freely: a page shows
/// it as a form rather than read-only.
pub fn editable<K: RecordKind>(actor: &Actor, owner: UserId, record: &K) -> bool {
    let stage = record.stage();
    K::MOVES.iter().any(|m| {
        m.from == Some(stage) && m.to.is_some() && m.by.includes(actor, owner) && m.may_change == Fields::All
    })
}
