//! `/risk/:id`: the form's task list — each section with whether it is finished, in the order
//! of the conversation — its stage, the manager's decision and comments, the review reminder,
//! what the author can do next, who else reads it, and the outputs.

use leptos::prelude::*;
use shared::RecordId;
use shared::api::risk_enablement::{RiskEnablement, RiskStatus, Section};
use shared::risk::review::form_reminder;
use shared::risk::workflow::{Verdict, WHOLE_FORM};

use super::edit::{found, gaps, person, slug, title, today};
use super::{Local, NotHere};
use crate::state::set_title;
use crate::sync::use_sync;

#[component]
pub fn TaskListPage(id: Option<RecordId>) -> impl IntoView {
    let sync = use_sync();
    let local = found(id);
    set_title("Risk enablement form", false);
    move || match local.get() {
        Some(l) => view! { <Tasks local=l /> }.into_any(),
        None => view! { <NotHere loading=sync.opening() /> }.into_any(),
    }
}

#[component]
fn Tasks(local: Local) -> impl IntoView {
    let form = local.record.clone();
    let id = local.id;
    let missing = gaps(&form);
    let unfinished = RiskEnablement::unfinished(&missing);
    let editable = local.editable;
    let me_manager = !local.mine && super::review::is_manager(&form);
    let sections = Section::ALL
        .into_iter()
        .map(|s| {
            let done = !unfinished.contains(&s);
            let status = if done {
                view! { <strong class="govuk-tag">"Completed"</strong> }.into_any()
            } else {
                view! { <strong class="govuk-tag govuk-tag--blue">"Not finished"</strong> }.into_any()
            };
            let name = title(s);
            let name = if editable {
                view! { <a class="govuk-link govuk-task-list__link" href=format!("/risk/{id}/{}", slug(s))>{name}</a> }.into_any()
            } else {
                view! { <span>{name}</span> }.into_any()
            };
            view! {
                <li class="govuk-task-list__item">
                    <div class="govuk-task-list__name-and-hint">{name}</div>
                    <div class="govuk-task-list__status">{status}</div>
                </li>
            }
        })
        .collect_view();
    let capacity = (form.doubt_capacity == Some(true)).then(|| {
        let done = !missing.keys().any(|k| k.starts_with("capacity"));
        view! {
            <li class="govuk-task-list__item">
                <div class="govuk-task-list__name-and-hint">
                    {if editable {
                        view! { <a class="govuk-link govuk-task-list__link" href=format!("/risk/{id}/capacity")>"Capacity for this decision"</a> }.into_any()
                    } else {
                        view! { <span>"Capacity for this decision"</span> }.into_any()
                    }}
                </div>
                <div class="govuk-task-list__status">
                    {if done { "Completed" } else { "Not finished" }}
                </div>
            </li>
        }
    });
    let returned = (form.status == RiskStatus::Returned).then(|| {
        let reason = form
            .decision
            .as_ref()
            .filter(|d| d.verdict == Verdict::Returned)
            .map(|d| d.reason.clone())
            .unwrap_or_default();
        view! {
            <div class="govuk-notification-banner" role="region" aria-labelledby="returned-title">
                <div class="govuk-notification-banner__header">
                    <h2 class="govuk-notification-banner__title" id="returned-title">"Returned with comments"</h2>
                </div>
                <div class="govuk-notification-banner__content">
                    <p class="govuk-body">{if reason.trim().is_empty() { "Your manager commented on the form: see each section.".to_owned() } else { reason }}</p>
                </div>
            </div>
        }
    });
    let reminder = form_reminder(&form, today()).map(|r| view! {
        <div class="govuk-warning-text">
            <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
            <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">"Warning"</span>{r.words()}</strong>
        </div>
    });
    let panel = form.panel.as_ref().filter(|p| !p.has_met()).map(|_| {
        view! {
            <p class="govuk-inset-text">"Referred to the risk enablement panel: waiting for its advice."</p>
        }
    });
    let comments = form.comments.len();
    view! {
        <a href="/risk" class="govuk-back-link">"Back to risk enablement"</a>
        <span class="govuk-caption-l">{format!("{} · {}", form.case_reference, person(&form))}</span>
        <h1 class="govuk-heading-l">"Risk enablement form"</h1>
        {returned}
        {reminder}
        {panel}
        <p class="govuk-body">"Stage: "<strong>{form.status.words()}</strong></p>
        <p class="govuk-body" role="status">{local.saved_status()}</p>
        {(comments > 0).then(|| view! {
            <p class="govuk-body">{format!("{comments} comment{} on this form.", if comments == 1 { "" } else { "s" })}
                " "<a class="govuk-link" href=format!("/risk/{id}/check#{WHOLE_FORM}")>"Read the comments"</a></p>
        })}
        <h2 class="govuk-heading-m">"Sections"</h2>
        <ul class="govuk-task-list">{sections}{capacity}</ul>
        <Actions local=local.clone() me_manager />
        <Sharing local />
        <h2 class="govuk-heading-m">"Print, copy or take to a panel"</h2>
        <ul class="govuk-list">
            <li><a class="govuk-link" href=format!("/risk/{id}/print")>"Print the whole form"</a></li>
            <li><a class="govuk-link" href=format!("/risk/{id}/text")>"Copy it as plain text for the case record"</a></li>
            <li><a class="govuk-link" href=format!("/risk/{id}/panel")>"Print a panel pack"</a></li>
            <li><a class="govuk-link" href=format!("/risk/{id}/history")>"Its versions and who has read it"</a></li>
        </ul>
    }
}

/// What the person can do next, by stage and by who they are.
#[component]
fn Actions(local: Local, me_manager: bool) -> impl IntoView {
    let sync = use_sync();
    let id = local.id;
    let form = local.record.clone();
    let review_now = move |_| {
        // A review starts a new draft from the agreed plan: the agreed version stays on the
        // server.
        if let Some(l) = super::one(sync, id) {
            let mut draft = l.record;
            draft.status = RiskStatus::Draft;
            draft.review_event = None;
            super::save(sync, id, &draft);
        }
    };
    match (local.mine, form.status) {
        (true, RiskStatus::Draft | RiskStatus::Returned) => view! {
            <a class="govuk-button" href=format!("/risk/{id}/check")>"Check your answers and send"</a>
        }
        .into_any(),
        (true, RiskStatus::AwaitingReview) => view! {
            <p class="govuk-body">"It is with your manager. You can answer their comments on the check page."</p>
            <a class="govuk-button govuk-button--secondary" href=format!("/risk/{id}/check")>"Read it and the comments"</a>
        }
        .into_any(),
        (true, RiskStatus::Agreed | RiskStatus::ReviewDue) => view! {
            <div class="govuk-button-group">
                <button type="button" class="govuk-button" on:click=review_now>"Start a review"</button>
                <a class="govuk-button govuk-button--secondary" href=format!("/risk/{id}/review")>"Something happened: review sooner"</a>
            </div>
        }
        .into_any(),
        (false, RiskStatus::AwaitingReview | RiskStatus::Agreed | RiskStatus::ReviewDue) if me_manager => view! {
            <a class="govuk-button" href=format!("/risk/{id}/review")>"Review this form"</a>
        }
        .into_any(),
        _ => view! {
            <a class="govuk-button govuk-button--secondary" href=format!("/risk/{id}/check")>"Read the form"</a>
        }
        .into_any(),
    }
}

/// Colleagues the author lets read it (their team's managers always do).
#[component]
fn Sharing(local: Local) -> impl IntoView {
    if !local.mine {
        return ().into_any();
    }
    let sync = use_sync();
    let id = local.id;
    leptos::task::spawn_local(async {
        crate::store::team::refresh().await;
    });
    let readers = local.record.readers.clone();
    let toggle = move |who: shared::UserId, on: bool| {
        if let Some(l) = super::one(sync, id) {
            let mut form = l.record;
            form.readers.retain(|r| *r != who);
            if on {
                form.readers.push(who);
            }
            super::save(sync, id, &form);
        }
    };
    view! {
        <h2 class="govuk-heading-m">"Who can read it"</h2>
        <p class="govuk-body">"You, and the managers of your team. You can let colleagues in your team read it too."</p>
        {move || {
            let people = crate::store::team::practitioners();
            if people.is_empty() {
                return view! { <p class="govuk-body">"Your team's list is not on this device yet. Connect to the internet to share it."</p> }.into_any();
            }
            view! {
                <fieldset class="govuk-fieldset">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Colleagues who can read it"</legend>
                <div class="govuk-checkboxes govuk-checkboxes--small">
                    {people.into_iter().map(|m| {
                        let checked = readers.contains(&m.id);
                        let input = format!("reader-{}", m.id);
                        view! {
                            <div class="govuk-checkboxes__item">
                                <input class="govuk-checkboxes__input" type="checkbox" id=input.clone() prop:checked=checked
                                    on:change=move |ev| toggle(m.id, event_target_checked(&ev)) />
                                <label class="govuk-label govuk-checkboxes__label" for=input>{m.display_name}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
                </fieldset>
            }
            .into_any()
        }}
    }
    .into_any()
}
