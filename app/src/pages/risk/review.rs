//! A manager's review, and what happens to an agreed plan: comments threaded by section (the
//! author answers them), the decision (return with a reason or comments, or agree; a plan whose
//! risk stays high is agreed with a reason), a referral to the risk enablement panel and its
//! advice, an event that brings the review forward, and closing a plan with its reason.
//!
//! Each is a change to the form, made on the device and synced; the server checks that only a
//! manager of the author's team decides, and keeps every version.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::case_audits::DateParts;
use shared::api::risk_enablement::{Agrees, RiskEnablement, RiskStatus, Section, TEXT_MAX, Trigger};
use shared::risk::scoring::Band;
use shared::risk::workflow::{
    COMMENT_MAX, CloseReason, Closure, Comment, Decision, Panel, PanelReason, ReviewEvent, Verdict,
    WHOLE_FORM,
};
use shared::{FieldErrors, RecordId, Role, UserId};

use super::edit::{choices, found, matrix, person, slug, title};
use super::outputs::form_summary;
use super::{Local, save};
use crate::components::fields::{Checkboxes, Choice, DateInput, Radios, Size, TextArea};
use crate::components::notices::ErrorSummary;
use crate::state::{Session, set_title};
use crate::sync::use_sync;

/// The signed-in person.
fn me() -> Option<shared::api::auth::Account> {
    use_context::<Session>().and_then(|s| s.user_untracked())
}

/// Whether I read `form` as a manager of its author's team (rather than as a colleague it
/// names): the server lets only those managers read it otherwise.
pub fn is_manager(form: &RiskEnablement) -> bool {
    me().is_some_and(|u| u.roles.contains(&Role::TeamManager) && !form.readers.contains(&u.id))
}

/// The name of whoever wrote a comment, as this device knows it.
fn writer(form_author: bool, by: UserId) -> String {
    if me().is_some_and(|u| u.id == by) {
        "You".to_owned()
    } else if form_author {
        "The author".to_owned()
    } else {
        crate::store::team::name_of(by).unwrap_or_else(|| "Their manager".to_owned())
    }
}

fn comment_list(form: &RiskEnablement, key: &str, owner: Option<UserId>) -> AnyView {
    let list: Vec<&Comment> = form.comments.iter().filter(|c| c.field == key).collect();
    if list.is_empty() {
        return ().into_any();
    }
    view! {
        <ul class="govuk-list">
            {list.into_iter().map(|c| {
                let who = writer(Some(c.by) == owner, c.by);
                view! {
                    <li class="govuk-inset-text govuk-!-margin-top-1 govuk-!-margin-bottom-1">
                        <strong>{format!("{who}, {}: ", shared::dates::long_date(c.at))}</strong>
                        <span class="ts-pre">{c.text.clone()}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// A section's comments, above its form.
#[component]
pub fn SectionComments(form: RwSignal<RiskEnablement>, section: Section) -> impl IntoView {
    move || {
        form.with(|f| {
            f.comments.iter().any(|c| c.field == slug(section)).then(|| {
                view! {
                    <div class="govuk-!-margin-bottom-6">
                        <h2 class="govuk-heading-s">"Comments on this section"</h2>
                        {comment_list(f, slug(section), None)}
                    </div>
                }
            })
        })
    }
}

/// A section's thread, with a box to add to it when the person may comment now (the author
/// while it is theirs or with their manager; the manager while it awaits review).
#[component]
pub fn Thread(
    form: RiskEnablement,
    section: Section,
    /// The whole form's thread instead of the section's.
    #[prop(optional)]
    whole: bool,
) -> impl IntoView {
    let (key, label) = if whole {
        (WHOLE_FORM, "Comment on the whole form".to_owned())
    } else {
        (
            slug(section),
            format!("Comment on {}", title(section).to_lowercase()),
        )
    };
    view! { <CommentBox status=form.status key label /> }
}

/// The comments kept under `key`, as they arrive, and a box to add one.
#[component]
fn CommentBox(status: RiskStatus, key: &'static str, label: String) -> impl IntoView {
    let sync = use_sync();
    let id_of_form = use_context::<FormId>();
    let form = found(id_of_form.map(|f| f.0));
    let may_comment = matches!(
        status,
        RiskStatus::Draft | RiskStatus::Returned | RiskStatus::AwaitingReview
    ) && id_of_form.is_some()
        && me().is_some();
    let thread = move || form.with(|l| l.as_ref().map(|l| comment_list(&l.record, key, l.owner)));
    let text = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let field = format!("comment-{key}");
    // "Add comment on what could go wrong": each button says which thread it adds to.
    let on = label.trim_start_matches("Comment").to_owned();
    let add = {
        let field = field.clone();
        move |_| {
            let said = text.get_untracked();
            if said.trim().is_empty() || said.chars().count() > COMMENT_MAX {
                errors.set(FieldErrors::from([(
                    field.clone(),
                    vec![format!("Write a comment of {COMMENT_MAX} characters or fewer")],
                )]));
                return;
            }
            let (Some(FormId(id)), Some(me)) = (id_of_form, me()) else {
                return;
            };
            update(sync, id, |f| {
                f.comments.push(Comment {
                    id: uuid::Uuid::new_v4(),
                    field: key.to_owned(),
                    by: me.id,
                    at: chrono::Utc::now(),
                    text: said.trim().to_owned(),
                })
            });
            text.set(String::new());
            errors.set(FieldErrors::new());
        }
    };
    view! {
        {thread}
        {may_comment.then(|| view! {
            <div class="ts-no-print">
                <TextArea id=field.clone() label size=Size::Body rows=2 max=COMMENT_MAX value=text errors />
                <button type="button" class="govuk-button govuk-button--secondary" on:click=add>
                    "Add comment"<span class="govuk-visually-hidden">{on.clone()}</span>
                </button>
            </div>
        })}
    }
}

/// Changes the form as the device holds it now (another part of the page may have changed it
/// since this one opened) and saves it.
pub fn update(sync: crate::sync::Sync, id: RecordId, edit: impl FnOnce(&mut RiskEnablement)) {
    if let Some(l) = super::one(sync, id) {
        let mut form = l.record;
        edit(&mut form);
        save(sync, id, &form);
    }
}

/// The form whose comments a page's boxes add to.
#[derive(Clone, Copy)]
pub struct FormId(pub RecordId);

/// `/risk/:id/review`: for a manager of the author's team, the decision, the panel and closing;
/// for the author or a manager of an agreed plan, an event that brings the review forward.
#[component]
pub fn ReviewPage(id: Option<RecordId>) -> impl IntoView {
    let sync = use_sync();
    let local = found(id);
    set_title("Review the form", false);
    // Drawn again only when the stage changes, so that a comment arriving keeps what is typed.
    let key = Memo::new(move |_| local.with(|l| l.as_ref().map(|l| (l.id, l.record.status))));
    move || match key.get() {
        None => view! { <super::NotHere loading=sync.opening() /> }.into_any(),
        Some(_) => untrack(|| local.get()).map_or_else(|| ().into_any(), review),
    }
}

fn review(l: Local) -> AnyView {
    provide_context(FormId(l.id));
    let manager = !l.mine && is_manager(&l.record);
    let status = l.record.status;
    let id = l.id;
    let part = match status {
        RiskStatus::AwaitingReview if manager => view! { <Decide first=l.record.clone() id /> }.into_any(),
        RiskStatus::Agreed | RiskStatus::ReviewDue if manager || l.mine => {
            view! { <AfterAgreement first=l.record.clone() id manager /> }.into_any()
        }
        _ => view! { <p class="govuk-body">"There is nothing to decide on this form now."</p> }.into_any(),
    };
    view! {
        <a href=format!("/risk/{id}") class="govuk-back-link">"Back to the form"</a>
        <span class="govuk-caption-l">{format!("{} · {}", l.record.case_reference, person(&l.record))}</span>
        <h1 class="govuk-heading-l">"Review the form"</h1>
        {part}
        <h2 class="govuk-heading-l">"The form"</h2>
        <CommentBox status key=WHOLE_FORM label="Comment on the whole form".to_owned() />
        {form_summary(&l.record, None, true)}
    }
    .into_any()
}

/// The decisions, in the order the radios show them.
const VERDICTS: [Verdict; 2] = [Verdict::Agreed, Verdict::Returned];

/// The risk left once everything planned is done stays high.
fn stays_high(form: &RiskEnablement) -> bool {
    let m = matrix();
    form.risks
        .iter()
        .filter_map(|r| form.residual(r, &m))
        .any(|b| b >= Band::High)
}

/// The panel's criteria this form meets, worked out from it.
fn suggested_reasons(form: &RiskEnablement) -> Vec<PanelReason> {
    let m = matrix();
    let mut reasons = Vec::new();
    if form
        .risks
        .iter()
        .filter_map(|r| form.residual(r, &m))
        .any(|b| b == Band::VeryHigh)
    {
        reasons.push(PanelReason::VeryHighResidual);
    }
    if form.views.iter().any(|v| v.agrees == Some(Agrees::No)) {
        reasons.push(PanelReason::Disagreement);
    }
    let theirs = form.doubt_capacity == Some(false) || form.capacity_outcome().is_some_and(|o| o.is_theirs());
    let neglect = form.risks.iter().any(|r| {
        r.source == Some(shared::api::risk_enablement::Source::SelfNeglect)
            && r.inherent.is_some_and(|x| x.impact >= 4)
    });
    if theirs && neglect {
        reasons.push(PanelReason::SelfNeglect);
    }
    reasons
}

#[component]
fn Decide(first: RiskEnablement, id: RecordId) -> impl IntoView {
    let sync = use_sync();
    let navigate = use_navigate();
    // The position of the chosen one of `VERDICTS`.
    let verdict = RwSignal::new(None::<usize>);
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let general = Signal::derive(|| None::<String>);
    let high = stays_high(&first);
    let suggested = suggested_reasons(&first);
    let comments_before = first.comments.len();
    let decide = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(me) = me() else { return };
        let Some(current) = super::one(sync, id).map(|l| l.record) else {
            return;
        };
        let said = reason.get_untracked();
        let mut found = FieldErrors::new();
        match verdict.get_untracked().map(|i| VERDICTS[i]) {
            None => {
                found.insert(
                    "verdict".into(),
                    vec!["Choose whether you agree it or return it".into()],
                );
            }
            Some(Verdict::Returned)
                if said.trim().is_empty() && current.comments.len() == comments_before =>
            {
                found.insert(
                    "reason".into(),
                    vec!["Say why you are returning it, or comment on what needs to change".into()],
                );
            }
            Some(Verdict::Agreed) if high && said.trim().is_empty() => {
                found.insert(
                    "reason".into(),
                    vec![
                        "A risk stays high once everything planned is done: say why you agree the plan"
                            .into(),
                    ],
                );
            }
            Some(Verdict::Agreed) if current.panel.as_ref().is_some_and(|p| !p.has_met()) => {
                found.insert(
                    "verdict".into(),
                    vec!["It was referred to the panel: record the panel's advice before agreeing it".into()],
                );
            }
            _ => {}
        }
        if said.chars().count() > TEXT_MAX {
            found.insert(
                "reason".into(),
                vec![format!("This must be {TEXT_MAX} characters or fewer")],
            );
        }
        let Some(chosen) = verdict
            .get_untracked()
            .map(|i| VERDICTS[i])
            .filter(|_| found.is_empty())
        else {
            errors.set(found);
            return;
        };
        let mut f = current;
        f.status = if chosen == Verdict::Agreed {
            RiskStatus::Agreed
        } else {
            RiskStatus::Returned
        };
        f.decision = Some(Decision {
            verdict: chosen,
            by: me.id,
            at: chrono::Utc::now(),
            reason: said.trim().to_owned(),
        });
        save(sync, id, &f);
        navigate(&format!("/risk/{id}"), Default::default());
    };
    let verdicts = vec![
        Choice::new(0, "agreed", "Agree the plan"),
        Choice::new(1, "returned", "Return it with comments"),
    ];
    let value = crate::components::fields::Bound::new(move || verdict.get(), move |v| verdict.set(v));
    view! {
        <ErrorSummary errors general order=&["verdict", "reason"] />
        {high.then(|| view! { <p class="govuk-inset-text">"A risk stays high once everything planned is done: to agree it, say why."</p> })}
        <form novalidate on:submit=decide>
            <Radios id="verdict" legend="Your decision" size=Size::M choices=verdicts value errors />
            <TextArea id="reason" label="Why (needed to return it, or to agree a plan whose risk stays high)" rows=3 max=TEXT_MAX value=reason errors />
            <button type="submit" class="govuk-button">"Record your decision"</button>
        </form>
        <PanelPart id first suggested />
    }
}

/// Referring to the panel (its criteria worked out from the form), then recording its advice.
#[component]
fn PanelPart(id: RecordId, first: RiskEnablement, suggested: Vec<PanelReason>) -> impl IntoView {
    let sync = use_sync();
    let form = found(Some(id));
    let referred = Memo::new(move |_| form.with(|l| l.as_ref().is_some_and(|l| l.record.panel.is_some())));
    let errors = RwSignal::new(FieldErrors::new());
    // Positions in `PanelReason::ALL`.
    let reasons = RwSignal::new(
        suggested
            .iter()
            .filter_map(|r| PanelReason::ALL.iter().position(|x| x == r))
            .collect::<Vec<usize>>(),
    );
    let reason_choices = move || {
        PanelReason::ALL
            .iter()
            .enumerate()
            .map(|(i, r)| Choice::new(i, i.to_string(), r.words()))
            .collect::<Vec<_>>()
    };
    let refer = move |_| {
        let chosen: Vec<PanelReason> = reasons
            .get_untracked()
            .iter()
            .map(|i| PanelReason::ALL[*i])
            .collect();
        if chosen.is_empty() {
            errors.set(FieldErrors::from([(
                "panel.reasons".to_owned(),
                vec!["Choose why it goes to the panel".to_owned()],
            )]));
            return;
        }
        let by = me().map(|u| u.id);
        update(sync, id, move |d| {
            d.panel = Some(Panel {
                reasons: chosen,
                referred_by: by,
                ..Panel::default()
            })
        });
    };
    let panel = first.panel.unwrap_or_default();
    // Each part typed is kept here and written to the form as it changes.
    let met_on = RwSignal::new(panel.met_on);
    let attended = RwSignal::new(panel.attended);
    let advice = RwSignal::new(panel.advice);
    let write = move || {
        let (m, a, x) = (
            met_on.get_untracked(),
            attended.get_untracked(),
            advice.get_untracked(),
        );
        update(sync, id, move |d| {
            if let Some(p) = &mut d.panel {
                (p.met_on, p.attended, p.advice) = (m, a, x);
            }
        });
    };
    let bound = move |signal: RwSignal<String>| {
        crate::components::fields::Bound::new(
            move || signal.get(),
            move |v| {
                signal.set(v);
                write();
            },
        )
    };
    let met_bound = move || {
        crate::components::fields::Bound::new(
            move || met_on.get(),
            move |v| {
                met_on.set(v);
                write();
            },
        )
    };
    view! {
        <h2 class="govuk-heading-m">"Risk enablement panel"</h2>
        <p class="govuk-body">"The panel advises; you and the practitioner keep the decision. The person and their family may attend."</p>
        {move || if referred.get() {
            view! {
                <p class="govuk-body">"Referred. Record the panel's advice once it has met: the plan can be agreed after that."</p>
                <DateInput id="panel.met_on" legend="When did it meet?" value=met_bound() errors />
                <TextArea id="panel.attended" label="Who was there" rows=2 max=TEXT_MAX value=bound(attended) errors />
                <TextArea id="panel.advice" label="What the panel advised" rows=4 max=TEXT_MAX value=bound(advice) errors />
                <p class="govuk-body">"The advice saves on this device as you type."</p>
            }.into_any()
        } else {
            view! {
                <Checkboxes id="panel.reasons" legend="Why does it go to the panel?" hint="Those this form meets are ticked." choices=reason_choices() value=reasons errors />
                <button type="button" class="govuk-button govuk-button--secondary" on:click=refer>"Refer it to the panel"</button>
            }.into_any()
        }}
    }
}

/// An agreed plan: bring the review forward after an event (author or manager), or close it
/// (a manager).
#[component]
fn AfterAgreement(first: RiskEnablement, id: RecordId, manager: bool) -> impl IntoView {
    let sync = use_sync();
    let navigate = use_navigate();
    let trigger = RwSignal::new(None::<usize>);
    let on = RwSignal::new(DateParts::from_date(super::edit::today()));
    let what = RwSignal::new(String::new());
    let close_reason = RwSignal::new(None::<usize>);
    let close_said = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let due = first.status == RiskStatus::ReviewDue;
    let navigate_too = navigate.clone();
    let bring_forward = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let picked = trigger.get_untracked().map(|i| Trigger::ALL[i]);
        let (Some(t), Some(_)) = (picked, on.get_untracked().to_date()) else {
            errors.set(FieldErrors::from([(
                "trigger".to_owned(),
                vec!["Choose what happened and enter when".to_owned()],
            )]));
            return;
        };
        if let Some(l) = super::one(sync, id) {
            let mut f = l.record;
            f.status = RiskStatus::ReviewDue;
            f.review_event = Some(ReviewEvent {
                trigger: t,
                on: on.get_untracked(),
                what_happened: what.get_untracked(),
            });
            save(sync, id, &f);
            navigate(&format!("/risk/{id}"), Default::default());
        }
    };
    let close = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(reason) = close_reason.get_untracked().map(|i| CloseReason::ALL[i]) else {
            errors.set(FieldErrors::from([(
                "close_reason".to_owned(),
                vec!["Choose why the plan is closed".to_owned()],
            )]));
            return;
        };
        if let Some(l) = super::one(sync, id) {
            let mut f = l.record;
            f.status = RiskStatus::Closed;
            f.closed = Some(Closure {
                reason,
                said: close_said.get_untracked(),
            });
            save(sync, id, &f);
            navigate_too(&format!("/risk/{id}"), Default::default());
        }
    };
    let trigger_value = crate::components::fields::Bound::new(move || trigger.get(), move |v| trigger.set(v));
    let close_value =
        crate::components::fields::Bound::new(move || close_reason.get(), move |v| close_reason.set(v));
    view! {
        <ErrorSummary errors general=Signal::derive(|| None::<String>) order=&["trigger", "close_reason"] />
        {(!due).then(|| view! {
            <form novalidate on:submit=bring_forward>
                <Radios id="trigger" legend="Something happened: review sooner" size=Size::M choices=choices(Trigger::ALL, Trigger::label) value=trigger_value errors />
                <DateInput id="on" legend="When did it happen?" value=on errors />
                <TextArea id="what" label="What happened" rows=3 max=TEXT_MAX value=what errors />
                <button type="submit" class="govuk-button">"Make the review due now"</button>
            </form>
        })}
        {manager.then(|| view! {
            <form novalidate on:submit=close>
                <Radios id="close_reason" legend="Close the plan" size=Size::M choices=choices(&CloseReason::ALL, CloseReason::words) value=close_value errors />
                <TextArea id="close_said" label="Anything to add (optional)" rows=2 max=TEXT_MAX value=close_said errors />
                <button type="submit" class="govuk-button govuk-button--warning">"Close the plan"</button>
            </form>
        })}
    }
}
