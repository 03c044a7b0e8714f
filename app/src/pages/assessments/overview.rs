//! `/assessments/:id`: a draft's task list (each domain with its status), or the read-only view
//! of a submitted assessment (or of one shared with me).

use leptos::prelude::*;
use shared::Role;
use shared::api::assessments::Progress;

use super::submitted::Submitted;
use super::{Local, NotHere, long_date, one, route_id};
use crate::components::absent::{Absent, Why};
use crate::components::guard::Guard;
use crate::components::notices::FlashBanner;
use crate::state::set_title;
use crate::sync::use_sync;

#[component]
pub fn AssessmentPage() -> impl IntoView {
    view! { <Guard roles=&[Role::Practitioner, Role::TeamManager]><Assessment /></Guard> }
}

#[component]
fn Assessment() -> impl IntoView {
    let sync = use_sync();
    let id = route_id();
    let local = Memo::new(move |_| id.get().and_then(|id| one(sync, id)));
    let template_id = Signal::derive(move || local.with(|l| l.as_ref().map(|l| l.record.template_id)));
    let (template, missing) = crate::store::templates::use_template(template_id);
    move || {
        let Some(l) = local.get() else {
            return view! { <NotHere loading=sync.opening() /> }.into_any();
        };
        let Some(t) = template.get() else {
            let why = if missing.get() {
                Why::NoTemplate
            } else {
                Why::Loading
            };
            return view! { <Absent why kind=super::KIND /> }.into_any();
        };
        if !l.editable {
            view! { <Submitted local=l template=t /> }.into_any()
        } else {
            view! { <TaskList local=l template=t /> }.into_any()
        }
    }
}

#[component]
fn TaskList(local: Local, template: shared::api::templates::Template) -> impl IntoView {
    set_title("Your self-assessment", false);
    let a = &local.record;
    let all_done = template
        .content
        .domains
        .iter()
        .all(|d| a.progress(d) == Progress::Completed);
    let done = template
        .content
        .domains
        .iter()
        .filter(|d| a.progress(d) == Progress::Completed)
        .count();
    let id = local.id;
    view! {
        <FlashBanner />
        <a href="/assessments" class="govuk-back-link">"Back to your self-assessments"</a>
        <span class="govuk-caption-l">{template.content.title.clone()}</span>
        <h1 class="govuk-heading-l">"Your self-assessment"</h1>
        <p class="govuk-body">{format!("Started {}. ", long_date(a.started_at))}{template.content.introduction.clone()}</p>
        <p class="govuk-body ts-note-status" role="status">{local.saved_status()}</p>
        <h2 class="govuk-heading-s">{format!("You have completed {done} of {} domains.", template.content.domains.len())}</h2>
        <ul class="govuk-task-list">
            {template.content.domains.iter().map(|d| {
                let progress = a.progress(d);
                let tag = match progress {
                    Progress::Completed => "govuk-task-list__status",
                    Progress::InProgress => "govuk-tag govuk-tag--light-blue",
                    Progress::NotStarted => "govuk-tag govuk-tag--blue",
                };
                let status_id = format!("status-{}", d.key);
                view! {
                    <li class="govuk-task-list__item govuk-task-list__item--with-link">
                        <div class="govuk-task-list__name-and-hint">
                            <a class="govuk-link govuk-task-list__link" href=format!("/assessments/{id}/domains/{}", d.key)
                                aria-describedby=status_id.clone()>{d.title.clone()}</a>
                        </div>
                        <div class="govuk-task-list__status" id=status_id>
                            {if progress == Progress::Completed {
                                view! { <span>{progress.label()}</span> }.into_any()
                            } else {
                                view! { <strong class=tag>{progress.label()}</strong> }.into_any()
                            }}
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
        {if all_done {
            view! { <a class="govuk-button" href=format!("/assessments/{id}/check")>"Check your answers"</a> }.into_any()
        } else {
            view! {
                <p class="govuk-body">"When every domain is completed, check your answers and submit."</p>
                <a class="govuk-button govuk-button--secondary" href=format!("/assessments/{id}/check")>"Check your answers so far"</a>
            }.into_any()
        }}
    }
}
