//! Case-file audits: a team manager's draft, then submitted and frozen; the practitioner whose
//! case it is reads it.

use super::{Audience, By, Fields, Move, RecordKind, SUBMITTED};
use crate::api::assessments::AssessmentStatus::{self, Draft, Submitted};
use crate::api::case_audits::CaseAudit;
use crate::roles::Role;
use crate::sync::protocol::EntityKind;

impl RecordKind for CaseAudit {
    const KIND: EntityKind = EntityKind::CaseAudit;
    const NOUN: &'static str = "case-file audit";
    const KEPT_BY: Option<(Role, &'static str)> =
        Some((Role::TeamManager, "Only team managers audit case files"));

    type Stage = AssessmentStatus;
    /// Offline, a device may create and submit before it first syncs, so a record may arrive
    /// already submitted.
    const MOVES: &'static [Move<AssessmentStatus>] = &[
        Move::create(Draft, By::Owner),
        Move::create(Submitted, By::Owner),
        Move::edit(Draft, Draft, By::Owner, Fields::All),
        Move::edit(Draft, Submitted, By::Owner, Fields::All),
        Move::edit(Submitted, Submitted, By::Owner, Fields::None),
        Move::delete(Draft, By::Owner),
    ];

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
