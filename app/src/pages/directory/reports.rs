//! `/directory/reports`: problems people reported, newest first; a commissioner puts each right
//! (or finds nothing wrong) and answers it, resolved or dismissed, with a reply.

use leptos::prelude::*;
use shared::api::directory::{ProblemReport, ReportReply, ReportStatus};

use super::KEEPERS;
use crate::components::fields::{Choice, Radios, TextArea};
use crate::components::form::FormState;
use crate::components::guard::Guard;
use crate::components::notices::{ErrorSummary, FlashBanner, LoadError};
use crate::state::{set_title, use_session};

#[component]
pub fn ReportsPage() -> impl IntoView {
    view! { <Guard roles=KEEPERS><Reports /></Guard> }
}

#[component]
fn Reports() -> impl IntoView {
    set_title("Reported problems", false);
    let open = LocalResource::new(|| crate::api::directory::reports("status=open".into()));
    view! {
        <a href="/directory" class="govuk-back-link">"Back to community assets"</a>
        <FlashBanner />
        <h1 class="govuk-heading-l">"Reported problems"</h1>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || open.get().map(|result| match result {
                Ok(list) if list.is_empty() => view! { <p class="govuk-body">"There are no problems waiting for an answer."</p> }.into_any(),
                Ok(list) => list.into_iter().map(|r| view! { <Answer report=r on_done=move || open.refetch() /> }).collect_view().into_any(),
                Err(e) => view! { <LoadError message=e.message() /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Answer(report: ProblemReport, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let session = use_session();
    let status = RwSignal::new(None::<ReportStatus>);
    let reply = RwSignal::new(String::new());
    let form = FormState::new();
    let id = report.id;
    // Each report's fields are named apart, so the summary links to this report's own.
    let (status_id, reply_id) = (format!("status-{id}"), format!("reply-{id}"));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let answer = ReportReply {
            status: status.get_untracked().unwrap_or(ReportStatus::Open),
            reply: reply.get_untracked(),
        };
        form.submit(
            answer,
            move |a| async move { crate::api::directory::reply(id, &a).await },
            move |done| {
                session.notify(
                    "/directory/reports",
                    format!("Report on {} answered", done.service_name),
                );
                on_done();
            },
        );
    };
    let errors = Signal::derive(move || {
        form.errors
            .get()
            .into_iter()
            .map(|(k, v)| (format!("{k}-{id}"), v))
            .collect()
    });
    let choices = vec![
        Choice::new(
            ReportStatus::Resolved,
            "resolved",
            "Resolved: the directory has been put right",
        ),
        Choice::new(
            ReportStatus::Dismissed,
            "dismissed",
            "Dismissed: nothing needed changing",
        ),
    ];
    view! {
        <div class="govuk-summary-card">
            <div class="govuk-summary-card__title-wrapper">
                <h2 class="govuk-summary-card__title">
                    <a class="govuk-link" href=format!("/directory/services/{}", report.service_id)>{report.service_name.clone()}</a>
                </h2>
            </div>
            <div class="govuk-summary-card__content">
                <ErrorSummary errors general=form.general order=&[] />
                <p class="govuk-body"><strong>{report.kind.label()}</strong>
                    {format!(" · reported {}{}", shared::dates::long_date(report.reported_at.date_naive()),
                        report.reported_by.clone().map(|w| format!(" by {w}")).unwrap_or_default())}</p>
                {(!report.note.is_empty()).then(|| view! { <p class="govuk-body ts-pre">{report.note.clone()}</p> })}
                <form novalidate on:submit=submit>
                    <Radios id=status_id legend="Your answer" choices value=status errors />
                    <TextArea id=reply_id label="Reply" value=reply errors rows=3
                        hint="What you changed, or why nothing needed changing. It is kept with the report for the other commissioners." />
                    <button type="submit" class="govuk-button" disabled=move || form.busy.get()>"Send answer"</button>
                </form>
            </div>
        </div>
    }
}
