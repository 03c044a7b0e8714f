//! Self-assessments: a practitioner's draft, then submitted and frozen, except that its author
//! may share it with their team manager or stop sharing it. Never deleted once submitted: the
//! results count it.

use super::{Audience, By, Fields, Move, RecordKind, SUBMITTED};
use crate::api::assessments::AssessmentStatus::{self, Draft, Submitted};
use crate::api::assessments::SelfAssessment;
use crate::roles::Role;
use crate::sync::protocol::EntityKind;

impl RecordKind for SelfAssessment {
    const KIND: EntityKind = EntityKind::SelfAssessment;
    const NOUN: &'static str = "self-assessment";
    const KEPT_BY: Option<(Role, &'static str)> =
        Some((Role::Practitioner, "Only practitioners keep self-assessments"));

    type Stage = AssessmentStatus;
    /// Offline, a device may create and submit before it first syncs, so a record may arrive
    /// already submitted.
    const MOVES: &'static [Move<AssessmentStatus>] = &[
        Move::create(Draft, By::Owner),
        Move::create(Submitted, By::Owner),
        Move::edit(Draft, Draft, By::Owner, Fields::All),
        Move::edit(Draft, Submitted, By::Owner, Fields::All),
        Move::edit(
            Submitted,
            Submitted,
            By::Owner,
            Fields::Only(&["shared_with_manager"]),
        ),
        Move::delete(Draft, By::Owner),
    ];

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
