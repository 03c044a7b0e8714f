//! Risk enablement forms: the author's draft, sent to a manager of their team, who returns it
//! with comments or agrees it (never its author); an agreed plan comes due for review (on its
//! date, or at once when an event it names happens), is reviewed as a new draft from the agreed
//! one, or is closed by a manager with a reason (RISK-ENABLEMENT.md §3). The moves say who may
//! change what at each stage; `rules` adds what a table cannot: comments are only ever added,
//! each by whoever writes it, and a decision, a panel referral or a closure is a manager's.
//!
//! What needs the council's matrix and the date (a form is ready to send; a plan whose risk stays
//! high is agreed with a reason) is checked by the server, which has both.

use super::{Actor, Audience, By, Change, Fields, Move, RecordKind, error};
use crate::FieldErrors;
use crate::api::risk_enablement::{RiskEnablement, RiskStatus};
use crate::ids::UserId;
use crate::risk::workflow::{Comment, Verdict};
use crate::roles::Role;
use crate::sync::protocol::EntityKind;

/// The author adds a colleague as a reader, whatever the stage.
const SHARING: Fields = Fields::Only(&["readers"]);
/// The author answers comments while the manager has it.
const REPLYING: Fields = Fields::Only(&["comments", "readers"]);
/// A manager refers it to the panel, or records the panel's advice, and comments.
const REFERRING: Fields = Fields::Only(&["comments", "panel"]);
/// A manager returns or agrees it.
const DECIDING: Fields = Fields::Only(&["status", "comments", "decision", "panel"]);
/// An event the plan named brings the review forward.
const EVENT: Fields = Fields::Only(&["status", "comments", "review_event"]);
/// A manager closes the plan, with a reason.
const CLOSING: Fields = Fields::Only(&["status", "comments", "closed"]);

const MANAGER: By = By::Other(Role::TeamManager);

const MOVES: &[Move<RiskStatus>] = {
    use RiskStatus::{Agreed, AwaitingReview, Closed, Draft, Returned, ReviewDue};
    &[
        Move::create(Draft, By::Owner),
        // Drafted and sent offline before the device first synced.
        Move::create(AwaitingReview, By::Owner),
        Move::edit(Draft, Draft, By::Owner, Fields::All),
        Move::edit(Draft, AwaitingReview, By::Owner, Fields::All),
        Move::delete(Draft, By::Owner),
        Move::edit(AwaitingReview, AwaitingReview, By::Owner, REPLYING),
        Move::edit(AwaitingReview, AwaitingReview, MANAGER, REFERRING),
        Move::edit(AwaitingReview, Returned, MANAGER, DECIDING),
        Move::edit(AwaitingReview, Agreed, MANAGER, DECIDING),
        Move::edit(Returned, Returned, By::Owner, Fields::All),
        Move::edit(Returned, AwaitingReview, By::Owner, Fields::All),
        Move::edit(Agreed, Agreed, By::Owner, SHARING),
        Move::edit(Agreed, ReviewDue, By::Owner, EVENT),
        Move::edit(Agreed, ReviewDue, MANAGER, EVENT),
        Move::edit(ReviewDue, ReviewDue, By::Owner, SHARING),
        // A review starts a new draft from the agreed plan; the agreed version stays on the
        // server.
        Move::edit(Agreed, Draft, By::Owner, Fields::All),
        Move::edit(ReviewDue, Draft, By::Owner, Fields::All),
        Move::edit(Agreed, Closed, MANAGER, CLOSING),
        Move::edit(ReviewDue, Closed, MANAGER, CLOSING),
        Move::edit(Closed, Closed, By::Owner, SHARING),
    ]
};

impl RecordKind for RiskEnablement {
    const KIND: EntityKind = EntityKind::RiskEnablement;
    const NOUN: &'static str = "risk enablement form";
    const KEPT_BY: Option<(Role, &'static str)> = Some((
        Role::Practitioner,
        "Only practitioners write risk enablement forms",
    ));

    type Stage = RiskStatus;
    const MOVES: &'static [Move<RiskStatus>] = MOVES;

    fn stage(&self) -> RiskStatus {
        self.status
    }

    fn frozen(stage: RiskStatus) -> &'static str {
        match stage {
            RiskStatus::AwaitingReview => {
                "This is with your manager: you can answer their comments, and change it once they return it"
            }
            RiskStatus::Closed => "This plan is closed",
            _ => "This plan is agreed: start a review to change it",
        }
    }

    fn audience(&self) -> Audience {
        Audience::TeamManagersAnd(self.readers.clone())
    }

    fn rules(actor: &Actor, owner: UserId, change: Change<'_, Self>) -> Result<(), FieldErrors> {
        match change {
            Change::Create(after) => {
                let reviewed = after.decision.is_some()
                    || after.panel.is_some()
                    || after.closed.is_some()
                    || after.review_event.is_some();
                if reviewed {
                    return Err(error("status", "A new form cannot carry a manager's review"));
                }
                comments_added(actor, &[], &after.comments)
            }
            Change::Update { before, after } => {
                comments_added(actor, &before.comments, &after.comments)?;
                if actor.id == owner {
                    by_owner(before, after)
                } else {
                    by_manager(actor, before, after)
                }
            }
            Change::Delete(before) if before.decision.is_some() => Err(error(
                "status",
                "A plan a manager has decided on is kept: ask them to close it instead",
            )),
            Change::Delete(_) => Ok(()),
        }
    }

    fn describe(&self) -> (String, String) {
        (
            format!("Risk enablement form {}", self.case_reference),
            format!("{}; {}", first_words(&self.wants), self.status.words()),
        )
    }
}

impl RiskStatus {
    /// The status as a list shows it.
    pub fn words(self) -> &'static str {
        match self {
            RiskStatus::Draft => "draft",
            RiskStatus::AwaitingReview => "awaiting manager review",
            RiskStatus::Returned => "returned with comments",
            RiskStatus::Agreed => "agreed",
            RiskStatus::ReviewDue => "review due",
            RiskStatus::Closed => "closed",
        }
    }
}

/// The first few words of `text`, for a line of a list.
fn first_words(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().take(8).collect();
    let more = text.split_whitespace().count() > words.len();
    format!("{}{}", words.join(" "), if more { "…" } else { "" })
}

/// Comments are only added, at the end, each by the person saving it.
fn comments_added(actor: &Actor, before: &[Comment], after: &[Comment]) -> Result<(), FieldErrors> {
    if !after.starts_with(before) {
        return Err(error(
            "comments",
            "A comment cannot be changed or removed once written",
        ));
    }
    if after[before.len()..].iter().any(|c| c.by != actor.id) {
        return Err(error("comments", "You can only add your own comments"));
    }
    Ok(())
}

/// The author changes the form, never a manager's decision, referral or closure; a review
/// brought forward names the event.
fn by_owner(before: &RiskEnablement, after: &RiskEnablement) -> Result<(), FieldErrors> {
    let managers_part =
        before.decision != after.decision || before.panel != after.panel || before.closed != after.closed;
    if managers_part {
        return Err(error(
            "decision",
            "Only a manager of your team can decide on this form",
        ));
    }
    if after.status == RiskStatus::ReviewDue && before.status != RiskStatus::ReviewDue {
        event_named(after)?;
    }
    Ok(())
}

/// A manager's move: a decision is theirs, made now, with a reason to return it; a plan referred
/// to the panel is agreed only once its advice is in.
fn by_manager(actor: &Actor, before: &RiskEnablement, after: &RiskEnablement) -> Result<(), FieldErrors> {
    if let Some(panel) = after.panel.as_ref().filter(|_| after.panel != before.panel) {
        if panel.reasons.is_empty() {
            return Err(error("panel.reasons", "Choose why it goes to the panel"));
        }
        if panel.referred_by.is_none() {
            return Err(error("panel", "Say who referred it"));
        }
    }
    let decided = |verdict: Verdict| {
        after
            .decision
            .as_ref()
            .filter(|d| d.verdict == verdict && d.by == actor.id && before.decision.as_ref() != Some(d))
    };
    match (before.status, after.status) {
        (RiskStatus::AwaitingReview, RiskStatus::Returned) => {
            let Some(decision) = decided(Verdict::Returned) else {
                return Err(error("decision", "Record your decision to return it"));
            };
            let commented = after.comments.len() > before.comments.len();
            if decision.reason.trim().is_empty() && !commented {
                return Err(error(
                    "decision.reason",
                    "Say why you are returning it, or comment on what needs to change",
                ));
            }
            Ok(())
        }
        (RiskStatus::AwaitingReview, RiskStatus::Agreed) => {
            if decided(Verdict::Agreed).is_none() {
                return Err(error("decision", "Record your decision to agree it"));
            }
            if after.panel.as_ref().is_some_and(|p| !p.has_met()) {
                return Err(error(
                    "panel",
                    "It was referred to the panel: record the panel's advice before agreeing it",
                ));
            }
            Ok(())
        }
        (_, RiskStatus::ReviewDue) if before.status != RiskStatus::ReviewDue => event_named(after),
        (_, RiskStatus::Closed) if after.closed.is_none() => {
            Err(error("closed", "Choose why the plan is closed"))
        }
        _ => Ok(()),
    }
}

fn event_named(after: &RiskEnablement) -> Result<(), FieldErrors> {
    match &after.review_event {
        Some(event) if event.on.to_date().is_some() => Ok(()),
        Some(_) => Err(error("review_event.on", "Enter when it happened")),
        None => Err(error(
            "review_event",
            "Say what happened that brings the review forward",
        )),
    }
}

#[cfg(test)]
#[path = "risk_enablement_tests.rs"]
mod tests;
