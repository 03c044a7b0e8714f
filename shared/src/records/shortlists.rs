//! Shortlists: a practitioner's picks from the directory for one person, private to their
//! author like notes, changed and deleted freely.

use super::{Audience, Move, RecordKind};
use crate::api::shortlists::Shortlist;
use crate::sync::protocol::EntityKind;

impl RecordKind for Shortlist {
    const KIND: EntityKind = EntityKind::Shortlist;
    const NOUN: &'static str = "shortlist";
    const KEPT_BY: Option<(crate::roles::Role, &'static str)> = None;

    type Stage = ();
    const MOVES: &'static [Move<()>] = super::notes::PRIVATE_MOVES;

    fn stage(&self) {}

    fn audience(&self) -> Audience {
        Audience::Owner
    }

    fn describe(&self) -> (String, String) {
        let names: Vec<&str> = self.services.iter().map(|s| s.name.as_str()).collect();
        (format!("Shortlist for {}", self.reference), names.join(", "))
    }
}
