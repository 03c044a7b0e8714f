//! Self-assessments: a practitioner's draft, then submitted and frozen, except that its author
//! may share it with their team manager or stop sharing it. Never deleted once submitted: the
//! results count it.

use super::{Actor, Audience, Change, RecordKind, frozen, owner_only};
use crate::FieldErrors;
use crate::api::assessments::SelfAssessment;
use crate::ids::UserId;
use crate::roles::Role;
use crate::sync::protocol::EntityKind;

impl RecordKind for SelfAssessment {
    const KIND: EntityKind = EntityKind::SelfAssessment;
    const NOUN: &'static str = "self-assessment";
    const KEPT_BY: Option<(Role, &'static str)> =
        Some((Role::Practitioner, "Only practitioners keep self-assessments"));

    fn allows(actor: &Actor, owner: UserId, change: Change<'_, SelfAssessment>) -> Result<(), FieldErrors> {
        owner_only(actor, owner)?;
        match change {
            Change::Update { before, after }
                if before.is_submitted() && !before.same_apart_from_sharing(after) =>
            {
                Err(frozen())
            }
            Change::Delete(before) if before.is_submitted() => Err(frozen()),
            _ => Ok(()),
        }
    }

    fn audience(&self) -> Audience {
        if self.shared_with_manager {
            Audience::TeamManagers
        } else {
            Audience::Owner
        }
    }

    fn describe(&self) -> (String, String) {
        (
            format!("Self-assessment started {}", self.started_at.format("%-d %B %Y")),
            format!(
                "{} statements rated; {}",
                self.ratings.len(),
                if self.is_submitted() { "submitted" } else { "draft" }
            ),
        )
    }
}
