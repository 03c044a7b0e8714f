//! Case-file audits: a team manager's draft, then submitted and frozen; the practitioner whose
//! case it is reads it.

use super::{Actor, Audience, Change, RecordKind, frozen, owner_only};
use crate::FieldErrors;
use crate::api::case_audits::CaseAudit;
use crate::ids::UserId;
use crate::roles::Role;
use crate::sync::protocol::EntityKind;

impl RecordKind for CaseAudit {
    const KIND: EntityKind = EntityKind::CaseAudit;
    const NOUN: &'static str = "case-file audit";
    const KEPT_BY: Option<(Role, &'static str)> =
        Some((Role::TeamManager, "Only team managers audit case files"));

    fn allows(actor: &Actor, owner: UserId, change: Change<'_, CaseAudit>) -> Result<(), FieldErrors> {
        owner_only(actor, owner)?;
        match change {
            Change::Update { before, after } if before.is_submitted() && before != after => Err(frozen()),
            Change::Delete(before) if before.is_submitted() => Err(frozen()),
            _ => Ok(()),
        }
    }

    fn audience(&self) -> Audience {
        Audience::Readers(vec![self.practitioner_id])
    }

    fn describe(&self) -> (String, String) {
        (
            format!("Case-file audit {}", self.case_reference),
            format!(
                "{} criteria graded, {} actions; {}",
                self.grades.values().filter(|g| g.grade.is_some()).count(),
                self.actions.len(),
                if self.is_submitted() { "submitted" } else { "draft" }
            ),
        )
    }
}
