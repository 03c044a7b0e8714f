//! Reflective notes: private to their author, changed and deleted freely.

use super::{Actor, Audience, Change, RecordKind, owner_only};
use crate::FieldErrors;
use crate::api::notes::Note;
use crate::ids::UserId;
use crate::sync::protocol::EntityKind;

impl RecordKind for Note {
    const KIND: EntityKind = EntityKind::Note;
    const NOUN: &'static str = "note";
    const KEPT_BY: Option<(crate::roles::Role, &'static str)> = None;

    fn allows(actor: &Actor, owner: UserId, _: Change<'_, Note>) -> Result<(), FieldErrors> {
        owner_only(actor, owner)
    }

    fn audience(&self) -> Audience {
        Audience::Owner
    }

    fn describe(&self) -> (String, String) {
        (self.title.clone(), self.body.clone())
    }
}
