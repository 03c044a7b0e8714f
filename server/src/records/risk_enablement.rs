//! Risk enablement forms on the server: what needs the database, the date or the council's
//! matrix. Only a manager of the author's team reviews (the kind's rules say "someone else who
//! is a team manager"; here, of this team); colleagues the author adds must be people who use
//! Touchstone; a form is sent only when it is ready, in proportion to its risks; a plan whose
//! risk stays high is agreed only with the manager's reason. Every change of stage keeps the
//! form as it then was, with who and when.

use shared::Role;
use shared::api::risk_enablement::{RiskEnablement, RiskStatus};
use shared::records::{Actor, RecordKind};
use shared::risk::scoring::Band;
use shared::risk::workflow::Verdict;
use shared::sync::protocol::RecordState;

use super::{Effects, Verdict as Outcome, readers, refuse};
use crate::store::sync::SyncTx;
use crate::store::{Received, StoreResult};

pub(super) async fn check(
    tx: &mut impl SyncTx,
    actor: &Actor,
    received: &Received,
    before: Option<&RiskEnablement>,
    form: &RiskEnablement,
    next: &RecordState,
) -> StoreResult<Outcome> {
    let owner = next.owner_id;
    let Some(author) = tx.author(owner).await? else {
        return Ok(refuse("entity", "The form's author was not found"));
    };
    if actor.id != owner {
        let manages = match author.team_id {
            Some(team) => tx.team_managers(team).await?.contains(&actor.id),
            None => false,
        };
        if !manages {
            return Ok(refuse(
                "record_id",
                "Only a manager of the author's team can review this form",
            ));
        }
    }
    let added_before = before.map_or(&[][..], |b| &b.readers[..]);
    // Colleagues: people who use Touchstone for casework, practitioners or managers (a form is
    // nothing to a commissioner or an administrator).
    for reader in form.readers.iter().filter(|r| !added_before.contains(r)) {
        let active = tx.author(*reader).await?.is_some_and(|a| a.active);
        let roles = tx.roles(*reader).await?;
        let casework = roles.contains(&Role::Practitioner) || roles.contains(&Role::TeamManager);
        if !active || !casework || *reader == owner {
            return Ok(refuse(
                "readers",
                "Choose colleagues who use Touchstone: practitioners or managers",
            ));
        }
    }
    let stage_before = before.map(|b| b.status);
    let moved = stage_before != Some(form.status);
    let matrix = &*received.matrix;
    if moved && form.status == RiskStatus::AwaitingReview {
        // A device offline when it sent the form set the review date against its own day; the
        // same grace as for self-assessments covers the days until it synced.
        let today = (received.at - received.grace).date_naive();
        if let Err(fields) = form.ready_for_review(matrix, today) {
            return Ok(Err(fields));
        }
    }
    let agreed_now = moved && form.status == RiskStatus::Agreed;
    let stays_high = form
        .risks
        .iter()
        .filter_map(|r| form.residual(r, matrix))
        .any(|band| band >= Band::High);
    let reason_given = form
        .decision
        .as_ref()
        .is_some_and(|d| d.verdict == Verdict::Agreed && !d.reason.trim().is_empty());
    if agreed_now && stays_high && !reason_given {
        return Ok(refuse(
            "decision.reason",
            "A risk stays high once everything planned is done: say why you agree the plan",
        ));
    }
    Ok(Ok(Effects {
        readers: Some(readers(tx, owner, author.team_id, &form.audience()).await?),
        submission: None,
        // A version at each change of stage; a new draft is not one (nothing was sent yet).
        keep_version: (moved && (stage_before.is_some() || form.status != RiskStatus::Draft))
            .then(|| status_name(form.status)),
    }))
}

fn status_name(status: RiskStatus) -> &'static str {
    match status {
        RiskStatus::Draft => "draft",
        RiskStatus::AwaitingReview => "awaiting_review",
        RiskStatus::Returned => "returned",
        RiskStatus::Agreed => "agreed",
        RiskStatus::ReviewDue => "review_due",
        RiskStatus::Closed => "closed",
    }
}
