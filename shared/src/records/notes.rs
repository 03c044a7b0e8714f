//! Reflective notes: private to their author, changed and deleted freely. A note has one
//! stage: it is kept.

use super::{Audience, By, Fields, Move, RecordKind};
use crate::api::notes::Note;
use crate::sync::protocol::EntityKind;

/// A record its author alone keeps, with one stage: made, changed and deleted freely by them.
pub(super) const PRIVATE_MOVES: &[Move<()>] = &[
    Move::create((), By::Owner),
    Move::edit((), (), By::Owner, Fields::All),
    Move::delete((), By::Owner),
];

impl RecordKind for Note {
    const KIND: EntityKind = EntityKind::Note;
    const NOUN: &'static str = "note";
    const KEPT_BY: Option<(crate::roles::Role, &'static str)> = None;

    type Stage = ();
    const MOVES: &'static [Move<()>] = PRIVATE_MOVES;

    fn stage(&self) {}

    fn audience(&self) -> Audience {
        Audience::Owner
    }

    fn describe(&self) -> (String, String) {
        (self.title.clone(), self.body.clone())
    }
}
