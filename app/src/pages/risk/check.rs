//! `/risk/:id/check`: the whole form read back, section by section with its comments; for the
//! author of a draft or a returned form, what still needs an answer (each linked to its section)
//! and "Send to your manager", which only a form ready in proportion to its risks passes.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::RecordId;
use shared::api::risk_enablement::{RiskStatus, Section};
use shared::risk::workflow::WHOLE_FORM;

use super::edit::{found, gaps, person, slug, title};
use super::outputs::form_summary;
use super::review::{FormId, Thread, update};
use super::{Local, NotHere};
use crate::state::set_title;
use crate::sync::use_sync;

#[component]
pub fn CheckPage(id: Option<RecordId>) -> impl IntoView {
    let sync = use_sync();
    let local = found(id);
    // Drawn again when the stage or an answer changes, not when a comment arrives.
    let key = Memo::new(move |_| {
        local.with(|l| {
            l.as_ref().map(|l| {
                let mut answers = l.record.clone();
                answers.comments.clear();
                (l.id, l.editable, answers)
            })
        })
    });
    move || match key.get() {
        None => view! { <NotHere loading=sync.opening() /> }.into_any(),
        Some(_) => {
            untrack(|| local.get()).map_or_else(|| ().into_any(), |l| view! { <Check local=l /> }.into_any())
        }
    }
}

#[component]
fn Check(local: Local) -> impl IntoView {
    let sync = use_sync();
    let navigate = use_navigate();
    let id = local.id;
    provide_context(FormId(id));
    let form = local.record.clone();
    let sendable = local.mine && matches!(form.status, RiskStatus::Draft | RiskStatus::Returned);
    let heading = if sendable {
        "Check your answers"
    } else {
        "The form"
    };
    let missing = gaps(&form);
    let tried = RwSignal::new(false);
    let has_gaps = !missing.is_empty();
    Effect::new(move || set_title(heading, tried.get() && has_gaps));
    let problems: Vec<(String, String, String)> = missing
        .iter()
        .flat_map(|(field, messages)| {
            let href = match (field.starts_with("capacity"), Section::of_field(field)) {
                (true, _) => format!("/risk/{id}/capacity"),
                (false, Some(s)) => format!("/risk/{id}/{}", slug(s)),
                (false, None) => format!("/risk/{id}"),
            };
            let place = Section::of_field(field).map_or("Capacity", title);
            messages
                .iter()
                .map(move |m| (href.clone(), place.to_owned(), m.clone()))
        })
        .collect();
    let ready = problems.is_empty();
    let send = move |_| {
        tried.set(true);
        if ready {
            update(sync, id, |f| f.status = RiskStatus::AwaitingReview);
            navigate(&format!("/risk/{id}"), Default::default());
        }
    };
    let problem_list = problems
        .into_iter()
        .map(|(href, place, message)| view! { <li><a href=href>{format!("{place}: {message}")}</a></li> })
        .collect_view();
    view! {
        <a href=format!("/risk/{id}") class="govuk-back-link">"Back to the task list"</a>
        <span class="govuk-caption-l">{format!("{} · {}", form.case_reference, person(&form))}</span>
        <h1 class="govuk-heading-l">{heading}</h1>
        {(sendable && !ready).then(|| view! {
            <div class=move || if tried.get() { "govuk-error-summary" } else { "govuk-inset-text" } tabindex="-1">
                <h2 class=move || if tried.get() { "govuk-error-summary__title" } else { "govuk-heading-s" }>"Before you send it"</h2>
                <ul class="govuk-list govuk-error-summary__list">{problem_list}</ul>
            </div>
        })}
        <h2 class="govuk-heading-m" id=WHOLE_FORM>"Comments on the whole form"</h2>
        <Thread form=form.clone() section=Section::Conversation whole=true />
        {form_summary(&form, local.editable.then_some(id), true)}
        {sendable.then(|| view! {
            <h2 class="govuk-heading-m">"Send it to your manager"</h2>
            <p class="govuk-body">"A manager of your team will agree it or return it with comments. Offline, it is sent when you are next online."</p>
            <button type="button" class="govuk-button" on:click=send>"Send to your manager"</button>
        })}
    }
}
