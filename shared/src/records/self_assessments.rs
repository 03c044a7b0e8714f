//! Self-assessments: a practitioner's draft, then submitted and frozen, except that its author
//! may share it with their team manager or stop sharing it. Never deleted once submitted: the
//! results count it.

use super::{Audience, Fields, Move, RecordKind, SUBMITTED, draft_then_submitted};
use crate::api::assessments::AssessmentStatus;
use crate::api::assessments::SelfAssessment;
use crate::roles::Role;
use crate::sync::protocol::EntityKind;

impl RecordKind for SelfAssessment {
    const KIND: EntityKind = EntityKind::SelfAssessment;
    const NOUN: &'static str = "self-assessment";
    const KEPT_BY: Option<(Role, &'static str)> =
        Some((Role::Practitioner, "Only practitioners keep self-assessments"));

    type Stage = AssessmentStatus;
    const MOVES: &'static [Move<AssessmentStatus>] =
        &draft_then_submitted(Fields::Only(&["shared_with_manager"]));

    fn stage(&self) -> AssessmentStatus {
        self.status
    }

    fn frozen(_: AssessmentStatus) -> &'static str {
        SUBMITTED
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
