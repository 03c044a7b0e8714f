//! `/directory/services/:id/report`: anyone signed in tells the commissioners that a service has
//! closed, moved or has wrong details.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::api::directory::{NewReport, ReportKind};
use uuid::Uuid;

use crate::components::fields::{Choice, Radios, TextArea};
use crate::components::form::FormState;
use crate::components::guard::Guard;
use crate::components::notices::ErrorSummary;
use crate::state::{set_title, use_session};

const FIELDS: &[&str] = &["kind", "note"];

#[component]
pub fn ReportProblemPage() -> impl IntoView {
    let params = use_params_map();
    let id = params
        .read_untracked()
        .get("id")
        .and_then(|s| s.parse::<Uuid>().ok());
    view! {
        <Guard>
            {match id {
                Some(id) => view! { <Report id /> }.into_any(),
                None => view! { <h1 class="govuk-heading-l">"Page not found"</h1> }.into_any(),
            }}
        </Guard>
    }
}

#[component]
fn Report(id: Uuid) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let kind = RwSignal::new(None::<ReportKind>);
    let note = RwSignal::new(String::new());
    let form = FormState::new();
    Effect::new(move || set_title("Report a problem with a service", form.has_errors()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(chosen) = kind.get_untracked() else {
            form.errors
                .set([("kind".to_owned(), vec!["Choose what is wrong".to_owned()])].into());
            return;
        };
        let report = NewReport {
            kind: chosen,
            note: note.get_untracked(),
            id: Some(Uuid::now_v7()),
        };
        let navigate = navigate.clone();
        form.submit(
            report,
            // With no connection the report waits on this device for the next sync.
            move |r| async move {
                match crate::api::directory::report_problem(id, &r).await {
                    Ok(_) => Ok(true),
                    Err(e) if e.is_transient() => crate::store::reports::keep(id, &r).await.map(|()| false).map_err(|_| e),
                    Err(e) => Err(e),
                }
            },
            move |sent| {
                let path = format!("/directory/services/{id}");
                let said = if sent {
                    "Thank you: the problem has been sent to the commissioners who keep the directory"
                } else {
                    "You are offline: your report is saved on this device and will be sent when you are back online"
                };
                session.notify(&path, said.into());
                navigate(&path, Default::default());
            },
        );
    };
    let choices = ReportKind::ALL
        .iter()
        .map(|k| Choice::new(*k, k.as_str(), k.label()))
        .collect();
    view! {
        <a href=format!("/directory/services/{id}") class="govuk-back-link">"Back to the service"</a>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=form.errors general=form.general order=FIELDS />
                <h1 class="govuk-heading-l">"Report a problem with this service"</h1>
                <form novalidate on:submit=submit>
                    <Radios id="kind" legend="What is wrong?" choices value=kind errors=form.errors />
                    <TextArea id="note" label="Tell us more" value=note errors=form.errors
                        hint="What you found, and what is right now if you know. Do not include anything about the person you support."
                        max=shared::api::directory::NOTE_MAX />
                    <button type="submit" class="govuk-button" disabled=move || form.busy.get()>"Send report"</button>
                </form>
            </div>
        </div>
    }
}
