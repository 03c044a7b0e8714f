//! The risk enablement lifecycle as a table: every move tried by every kind of person, with who
//! may make it.

use chrono::{TimeZone, Utc};
use uuid::Uuid;

use super::*;
use crate::api::case_audits::DateParts;
use crate::api::risk_enablement::Trigger;
use crate::ids::RecordId;
use crate::records::check_mutation;
use crate::risk::workflow::{CloseReason, Closure, Decision, Panel, PanelReason, ReviewEvent};
use crate::sync::protocol::{Mutation, Operation, RecordState};

/// The people who try each move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    /// The practitioner who wrote it.
    Author,
    /// The author, who is also a team manager: still never their own reviewer.
    AuthorWhoManages,
    /// A team manager (on the server, only one of the author's team reads it).
    Manager,
    Colleague,
    WorkforceLead,
    Commissioner,
    Admin,
}

const EVERYONE: [Who; 7] = [
    Who::Author,
    Who::AuthorWhoManages,
    Who::Manager,
    Who::Colleague,
    Who::WorkforceLead,
    Who::Commissioner,
    Who::Admin,
];

fn actor(who: Who, id: UserId) -> Actor {
    let roles = match who {
        Who::Author | Who::Colleague => vec![Role::Practitioner],
        Who::AuthorWhoManages => vec![Role::Practitioner, Role::TeamManager],
        Who::Manager => vec![Role::TeamManager],
        Who::WorkforceLead => vec![Role::WorkforceLead],
        Who::Commissioner => vec![Role::Commissioner],
        Who::Admin => vec![Role::Admin],
    };
    Actor { id, roles }
}

fn draft() -> RiskEnablement {
    RiskEnablement {
        case_reference: "LAS-1042".into(),
        wants: "Go to my allotment on my own again".into(),
        ..RiskEnablement::default()
    }
}

fn at(status: RiskStatus) -> RiskEnablement {
    RiskEnablement { status, ..draft() }
}

fn when() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 4, 10, 0, 0).unwrap()
}

fn comment(by: UserId, text: &str) -> Comment {
    Comment {
        id: Uuid::new_v4(),
        field: "plan".into(),
        by,
        at: when(),
        text: text.into(),
    }
}

fn decision(verdict: Verdict, by: UserId, reason: &str) -> Option<Decision> {
    Some(Decision {
        verdict,
        by,
        at: when(),
        reason: reason.into(),
    })
}

fn event() -> Option<ReviewEvent> {
    Some(ReviewEvent {
        trigger: Trigger::Incident,
        on: DateParts::from_date(when().date_naive()),
        what_happened: "A fall at the allotment".into(),
    })
}

fn agreed(by: UserId) -> RiskEnablement {
    RiskEnablement {
        decision: decision(Verdict::Agreed, by, ""),
        ..at(RiskStatus::Agreed)
    }
}

/// Puts `after` (or deletes) over `before`, kept by `owner`, as `actor`.
fn attempt(
    actor: &Actor,
    owner: UserId,
    before: Option<&RiskEnablement>,
    after: Option<&RiskEnablement>,
) -> Result<(), FieldErrors> {
    let record_id = RecordId::new();
    let current = before.map(|b| RecordState {
        entity: EntityKind::RiskEnablement,
        record_id,
        version: 1,
        deleted: false,
        payload: serde_json::to_value(b).unwrap(),
        owner_id: owner,
    });
    let m = Mutation {
        mutation_id: 1,
        entity: EntityKind::RiskEnablement,
        record_id,
        base_version: before.map(|_| 1),
        operation: if after.is_some() {
            Operation::Put
        } else {
            Operation::Delete
        },
        payload: after.map_or(serde_json::Value::Null, |a| serde_json::to_value(a).unwrap()),
    };
    check_mutation(actor, current.as_ref(), &m).map(|_| ())
}

/// One row: what is tried (given the author's and the actor's ids) and who may do it.
struct Row {
    what: &'static str,
    change: fn(author: UserId, me: UserId) -> (Option<RiskEnablement>, Option<RiskEnablement>),
    allowed: &'static [Who],
}

const AUTHOR: &[Who] = &[Who::Author, Who::AuthorWhoManages];
const MANAGER: &[Who] = &[Who::Manager];
const AUTHOR_OR_MANAGER: &[Who] = &[Who::Author, Who::AuthorWhoManages, Who::Manager];
const NOBODY: &[Who] = &[];

fn rows() -> Vec<Row> {
    use RiskStatus::*;
    vec![
        Row {
            what: "edit a draft",
            change: |_, _| {
                let mut after = draft();
                after.why = "It is where I feel like me".into();
                (Some(draft()), Some(after))
            },
            allowed: AUTHOR,
        },
        Row {
            what: "send a draft for review",
            change: |_, _| (Some(draft()), Some(at(AwaitingReview))),
            allowed: AUTHOR,
        },
        Row {
            what: "discard a draft",
            change: |_, _| (Some(draft()), None),
            allowed: AUTHOR,
        },
        Row {
            what: "reply to a comment while it is with the manager",
            change: |author, me| {
                let before = RiskEnablement {
                    comments: vec![comment(author, "Who rings if she misses Tuesday?")],
                    ..at(AwaitingReview)
                };
                let mut after = before.clone();
                after.comments.push(comment(me, "Her daughter"));
                (Some(before), Some(after))
            },
            allowed: AUTHOR_OR_MANAGER,
        },
        Row {
            what: "change the form while it is with the manager",
            change: |_, _| {
                let mut after = at(AwaitingReview);
                after.wants = "Something else".into();
                (Some(at(AwaitingReview)), Some(after))
            },
            allowed: NOBODY,
        },
        Row {
            what: "return it with a reason",
            change: |_, me| {
                let after = RiskEnablement {
                    decision: decision(Verdict::Returned, me, "Add her daughter's view"),
                    ..at(Returned)
                };
                (Some(at(AwaitingReview)), Some(after))
            },
            allowed: MANAGER,
        },
        Row {
            what: "return it with a comment and no reason",
            change: |_, me| {
                let after = RiskEnablement {
                    decision: decision(Verdict::Returned, me, ""),
                    comments: vec![comment(me, "Who rings if she misses Tuesday?")],
                    ..at(Returned)
                };
                (Some(at(AwaitingReview)), Some(after))
            },
            allowed: MANAGER,
        },
        Row {
            what: "return it with neither reason nor comment",
            change: |_, me| {
                let after = RiskEnablement {
                    decision: decision(Verdict::Returned, me, " "),
                    ..at(Returned)
                };
                (Some(at(AwaitingReview)), Some(after))
            },
            allowed: NOBODY,
        },
        Row {
            what: "return it without recording a decision",
            change: |_, _| (Some(at(AwaitingReview)), Some(at(Returned))),
            allowed: NOBODY,
        },
        Row {
            what: "agree it",
            change: |_, me| (Some(at(AwaitingReview)), Some(agreed(me))),
            allowed: MANAGER,
        },
        Row {
            what: "agree it in someone else's name",
            change: |author, _| (Some(at(AwaitingReview)), Some(agreed(author))),
            allowed: NOBODY,
        },
        Row {
            what: "agree it and change the plan while doing so",
            change: |_, me| {
                let mut after = agreed(me);
                after.plan = "Never goes alone".into();
                (Some(at(AwaitingReview)), Some(after))
            },
            allowed: NOBODY,
        },
        Row {
            what: "refer it to the panel",
            change: |_, me| {
                let after = RiskEnablement {
                    panel: Some(Panel {
                        reasons: vec![PanelReason::VeryHighResidual],
                        referred_by: Some(me),
                        ..Panel::default()
                    }),
                    ..at(AwaitingReview)
                };
                (Some(at(AwaitingReview)), Some(after))
            },
            allowed: MANAGER,
        },
        Row {
            what: "refer it to the panel with no reason",
            change: |_, me| {
                let after = RiskEnablement {
                    panel: Some(Panel {
                        referred_by: Some(me),
                        ..Panel::default()
                    }),
                    ..at(AwaitingReview)
                };
                (Some(at(AwaitingReview)), Some(after))
            },
            allowed: NOBODY,
        },
        Row {
            what: "agree it before the panel has advised",
            change: |_, me| {
                let panel = Some(Panel {
                    reasons: vec![PanelReason::Disagreement],
                    referred_by: Some(me),
                    ..Panel::default()
                });
                let before = RiskEnablement {
                    panel: panel.clone(),
                    ..at(AwaitingReview)
                };
                (Some(before), Some(RiskEnablement { panel, ..agreed(me) }))
            },
            allowed: NOBODY,
        },
        Row {
            what: "agree it once the panel has advised",
            change: |_, me| {
                let panel = Some(Panel {
                    reasons: vec![PanelReason::Disagreement],
                    referred_by: Some(me),
                    met_on: DateParts::from_date(when().date_naive()),
                    attended: "Principal social worker; Ann and her daughter".into(),
                    advice: "Go ahead with the buddy scheme".into(),
                });
                let before = RiskEnablement {
                    panel: panel.clone(),
                    ..at(AwaitingReview)
                };
                (Some(before), Some(RiskEnablement { panel, ..agreed(me) }))
            },
            allowed: MANAGER,
        },
        Row {
            what: "edit a returned form and send it again",
            change: |author, _| {
                let before = RiskEnablement {
                    decision: decision(Verdict::Returned, author, "Add a view"),
                    ..at(Returned)
                };
                let mut after = RiskEnablement {
                    status: AwaitingReview,
                    ..before.clone()
                };
                after.why = "It is where I feel like me".into();
                (Some(before), Some(after))
            },
            allowed: AUTHOR,
        },
        Row {
            what: "change the manager's decision",
            change: |author, me| {
                let before = RiskEnablement {
                    decision: decision(Verdict::Returned, author, "Add a view"),
                    ..at(Returned)
                };
                let after = RiskEnablement {
                    decision: decision(Verdict::Agreed, me, ""),
                    ..before.clone()
                };
                (Some(before), Some(after))
            },
            allowed: NOBODY,
        },
        Row {
            what: "change a comment already written",
            change: |_, me| {
                let written = comment(me, "First thought");
                let before = RiskEnablement {
                    comments: vec![written.clone()],
                    ..draft()
                };
                let after = RiskEnablement {
                    comments: vec![Comment {
                        text: "Second thought".into(),
                        ..written
                    }],
                    ..draft()
                };
                (Some(before), Some(after))
            },
            allowed: NOBODY,
        },
        Row {
            what: "add a comment in someone else's name",
            change: |_, _| {
                let after = RiskEnablement {
                    comments: vec![comment(UserId::new(), "Not mine")],
                    ..draft()
                };
                (Some(draft()), Some(after))
            },
            allowed: NOBODY,
        },
        Row {
            what: "bring the review forward after an event",
            change: |_, me| {
                let after = RiskEnablement {
                    review_event: event(),
                    ..agreed(me)
                };
                (
                    Some(agreed(me)),
                    Some(RiskEnablement {
                        status: ReviewDue,
                        ..after
                    }),
                )
            },
            allowed: AUTHOR_OR_MANAGER,
        },
        Row {
            what: "bring the review forward without saying what happened",
            change: |_, me| {
                (
                    Some(agreed(me)),
                    Some(RiskEnablement {
                        status: ReviewDue,
                        ..agreed(me)
                    }),
                )
            },
            allowed: NOBODY,
        },
        Row {
            what: "start a review from the agreed plan",
            change: |_, me| {
                let mut after = RiskEnablement {
                    status: Draft,
                    ..agreed(me)
                };
                after.plan = "Tuesdays and Fridays".into();
                (Some(agreed(me)), Some(after))
            },
            allowed: AUTHOR,
        },
        Row {
            what: "discard a review's draft (the agreed plan would be lost)",
            change: |_, me| {
                (
                    Some(RiskEnablement {
                        status: Draft,
                        ..agreed(me)
                    }),
                    None,
                )
            },
            allowed: NOBODY,
        },
        Row {
            what: "change an agreed plan without a review",
            change: |_, me| {
                let mut after = agreed(me);
                after.plan = "Tuesdays and Fridays".into();
                (Some(agreed(me)), Some(after))
            },
            allowed: NOBODY,
        },
        Row {
            what: "let a colleague read an agreed plan",
            change: |_, me| {
                let after = RiskEnablement {
                    readers: vec![UserId::new()],
                    ..agreed(me)
                };
                (Some(agreed(me)), Some(after))
            },
            allowed: AUTHOR,
        },
        Row {
            what: "close the plan with a reason",
            change: |_, me| {
                let after = RiskEnablement {
                    status: Closed,
                    closed: Some(Closure {
                        reason: CloseReason::GoalMet,
                        said: String::new(),
                    }),
                    ..agreed(me)
                };
                (Some(agreed(me)), Some(after))
            },
            allowed: MANAGER,
        },
        Row {
            what: "close the plan without a reason",
            change: |_, me| {
                (
                    Some(agreed(me)),
                    Some(RiskEnablement {
                        status: Closed,
                        ..agreed(me)
                    }),
                )
            },
            allowed: NOBODY,
        },
        Row {
            what: "reopen a closed plan",
            change: |_, me| {
                let closed = RiskEnablement {
                    status: Closed,
                    closed: Some(Closure {
                        reason: CloseReason::Moved,
                        said: String::new(),
                    }),
                    ..agreed(me)
                };
                (
                    Some(closed.clone()),
                    Some(RiskEnablement {
                        status: Draft,
                        ..closed
                    }),
                )
            },
            allowed: NOBODY,
        },
        Row {
            what: "agree it straight from a draft",
            change: |_, me| (Some(draft()), Some(agreed(me))),
            allowed: NOBODY,
        },
    ]
}

#[test]
fn every_move_is_made_only_by_those_it_names() {
    for row in rows() {
        for who in EVERYONE {
            let me = UserId::new();
            // The author is the one trying, or someone else.
            let author = if matches!(who, Who::Author | Who::AuthorWhoManages) {
                me
            } else {
                UserId::new()
            };
            let (before, after) = (row.change)(author, me);
            let result = attempt(&actor(who, me), author, before.as_ref(), after.as_ref());
            assert_eq!(
                result.is_ok(),
                row.allowed.contains(&who),
                "{} by {who:?}: {result:?}",
                row.what
            );
        }
    }
}

#[test]
fn only_practitioners_start_one_and_it_starts_unreviewed() {
    for who in EVERYONE {
        let me = UserId::new();
        let may = matches!(who, Who::Author | Who::AuthorWhoManages | Who::Colleague);
        for status in [RiskStatus::Draft, RiskStatus::AwaitingReview] {
            let result = attempt(&actor(who, me), me, None, Some(&at(status)));
            assert_eq!(result.is_ok(), may, "{who:?} starts one at {status:?}");
        }
        for status in [
            RiskStatus::Returned,
            RiskStatus::Agreed,
            RiskStatus::ReviewDue,
            RiskStatus::Closed,
        ] {
            assert!(attempt(&actor(who, me), me, None, Some(&at(status))).is_err());
        }
    }
    let me = UserId::new();
    let carrying = RiskEnablement {
        decision: decision(Verdict::Agreed, UserId::new(), ""),
        ..draft()
    };
    let refused = attempt(&actor(Who::Author, me), me, None, Some(&carrying)).unwrap_err();
    assert_eq!(
        refused["status"],
        vec!["A new form cannot carry a manager's review"]
    );
}

#[test]
fn the_author_is_told_why_a_form_is_frozen() {
    let me = UserId::new();
    let mut after = at(RiskStatus::AwaitingReview);
    after.plan = "Changed".into();
    let refused = attempt(
        &actor(Who::Author, me),
        me,
        Some(&at(RiskStatus::AwaitingReview)),
        Some(&after),
    )
    .unwrap_err();
    assert!(refused["status"][0].starts_with("This is with your manager"));
}

#[test]
fn readers_are_the_team_managers_and_the_colleagues_added() {
    let colleague = UserId::new();
    let form = RiskEnablement {
        readers: vec![colleague],
        ..draft()
    };
    assert_eq!(form.audience(), Audience::TeamManagersAnd(vec![colleague]));
    assert!(form.audience().rests_on_teams());
    let (title, line) = form.describe();
    assert_eq!(title, "Risk enablement form LAS-1042");
    assert_eq!(line, "Go to my allotment on my own again; draft");
}
