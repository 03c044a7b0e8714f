//! Case-file audits: a team manager's draft, then submitted and frozen; the practitioner whose
//! case it is reads it.

use super::{Audience, Fields, Move, RecordKind, SUBMITTED, draft_then_submitted};
use crate::api::assessments::AssessmentStatus;
use crate::api::case_audits::CaseAudit;
use crate::roles::Role;
use crate::sync::protocol::EntityKind;

impl RecordKind for CaseAudit {
    const KIND: EntityKind = EntityKind::CaseAudit;
    const NOUN: &'static str = "case-file audit";
    const KEPT_BY: Option<(Role, &'static str)> =
        Some((Role::TeamManager, "Only team managers audit case files"));

    type Stage = AssessmentStatus;
    const MOVES: &'static [Move<AssessmentStatus>] = &draft_then_submitted(Fields::None);

    fn stage(&self) -> AssessmentStatus {
        self.status
    }

    fn frozen(_: AssessmentStatus) -> &'static str {
        SUBMITTED
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
