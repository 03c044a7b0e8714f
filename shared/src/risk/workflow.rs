//! What a manager's review adds to a risk enablement form (RISK-ENABLEMENT.md §3): comments
//! threaded by field, the decision (returned with a reason, or agreed), a referral to the risk
//! enablement panel with its advice, an event that brings the review forward, and why a plan
//! was closed. Each is written into the form by the person who made it, so a device offline
//! shows the whole conversation; the server keeps every version with who and when.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::api::case_audits::DateParts;
use crate::ids::UserId;

/// A comment is at most this long.
pub const COMMENT_MAX: usize = 2_000;
/// A form holds at most this many comments.
pub const COMMENTS_MAX: usize = 200;
/// The field a comment on the whole form is kept under.
pub const WHOLE_FORM: &str = "form";

/// One comment on one field (or on the whole form): a manager's on return, the author's reply.
/// Written once and never changed; a thread is a field's comments in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    pub id: Uuid,
    /// The payload's field it is about ("risks.0.evidence", "plan"), or `WHOLE_FORM`.
    pub field: String,
    pub by: UserId,
    /// When, by the writer's device.
    pub at: DateTime<Utc>,
    pub text: String,
}

/// What the manager decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Returned,
    Agreed,
}

/// A manager's decision on the version sent to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub verdict: Verdict,
    pub by: UserId,
    pub at: DateTime<Utc>,
    /// Why: needed to return a form, and to agree one whose risk stays high.
    #[serde(default)]
    pub reason: String,
}

/// Why a form may go to the risk enablement panel (advisory: the worker keeps responsibility).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PanelReason {
    /// A risk stays very high once everything planned is done.
    VeryHighResidual,
    /// Someone asked does not agree, and it is not resolved.
    Disagreement,
    /// A person who can decide is at risk of serious harm through self-neglect.
    SelfNeglect,
    /// A review found no progress.
    NoProgress,
    /// The usual approaches have been tried.
    Exhausted,
}

impl PanelReason {
    pub const ALL: [PanelReason; 5] = [
        PanelReason::VeryHighResidual,
        PanelReason::Disagreement,
        PanelReason::SelfNeglect,
        PanelReason::NoProgress,
        PanelReason::Exhausted,
    ];

    pub fn words(self) -> &'static str {
        match self {
            PanelReason::VeryHighResidual => "A risk stays very high once everything planned is done",
            PanelReason::Disagreement => "Someone asked does not agree, and it is not resolved",
            PanelReason::SelfNeglect => {
                "They can make this decision but are at risk of serious harm through self-neglect"
            }
            PanelReason::NoProgress => "A review found no progress",
            PanelReason::Exhausted => "The usual approaches have been tried",
        }
    }
}

/// A referral to the panel, flagged on the form until its advice is recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Panel {
    pub reasons: Vec<PanelReason>,
    pub referred_by: Option<UserId>,
    #[serde(default)]
    pub met_on: DateParts,
    /// Who was there, by role ("Principal social worker, the person and their daughter").
    #[serde(default)]
    pub attended: String,
    /// What the panel advised; empty until it has met.
    #[serde(default)]
    pub advice: String,
}

impl Panel {
    /// Whether the panel's advice is recorded.
    pub fn has_met(&self) -> bool {
        !self.advice.trim().is_empty() && self.met_on.to_date().is_some()
    }
}

/// An event the plan named ("review sooner if…") that has happened: the review is due now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewEvent {
    pub trigger: crate::api::risk_enablement::Trigger,
    pub on: DateParts,
    #[serde(default)]
    pub what_happened: String,
}

/// Why a plan was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CloseReason {
    GoalMet,
    Declined,
    Moved,
    Died,
    Replaced,
}

impl CloseReason {
    pub const ALL: [CloseReason; 5] = [
        CloseReason::GoalMet,
        CloseReason::Declined,
        CloseReason::Moved,
        CloseReason::Died,
        CloseReason::Replaced,
    ];

    pub fn words(self) -> &'static str {
        match self {
            CloseReason::GoalMet => "They did it: the goal is met",
            CloseReason::Declined => "They decided not to go ahead",
            CloseReason::Moved => "They moved away or left our services",
            CloseReason::Died => "They died",
            CloseReason::Replaced => "A new plan replaces this one",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closure {
    pub reason: CloseReason,
    #[serde(default)]
    pub said: String,
}
