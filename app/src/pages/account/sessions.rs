//! Where you are signed in: each session's browser, when it began and your last action in it,
//! with a button to end it (a lost phone, a shared computer) or all the others at once.

use leptos::prelude::*;
use shared::api::auth::SessionSummary;

use crate::api::ApiError;
use crate::components::summary::{summary_list, summary_row};

fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono::Local)
        .format("%-d %B %Y, %H:%M")
        .to_string()
}

#[component]
pub fn YourSessions() -> impl IntoView {
    let found = RwSignal::new(None::<Result<Vec<SessionSummary>, ApiError>>);
    let problem = RwSignal::new(None::<String>);
    let load = move || {
        leptos::task::spawn_local(async move {
            found.set(Some(crate::api::auth::sessions().await));
        });
    };
    load();
    let end = move |id: String| {
        leptos::task::spawn_local(async move {
            match crate::api::auth::end_session(&id).await {
                Ok(()) => problem.set(None),
                Err(e) => problem.set(Some(e.message())),
            }
            load();
        });
    };
    let end_others = move |_| {
        leptos::task::spawn_local(async move {
            match crate::api::auth::end_other_sessions().await {
                Ok(_) => problem.set(None),
                Err(e) => problem.set(Some(e.message())),
            }
            load();
        });
    };
    let card = move |s: SessionSummary| {
        let id = s.id.clone();
        let action = if s.current {
            view! { <a class="govuk-link" href="/sign-out">"Sign out"</a> }.into_any()
        } else {
            view! {
                <button type="button" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
                    on:click=move |_| end(id.clone())>
                    "End this session" <span class="govuk-visually-hidden">{format!(" on {}", s.device)}</span>
                </button>
            }
            .into_any()
        };
        view! {
            <div class="govuk-summary-card">
                <div class="govuk-summary-card__title-wrapper">
                    <h3 class="govuk-summary-card__title">
                        {s.device.clone()}
                        {s.current.then(|| view! { " " <strong class="govuk-tag govuk-tag--green">"This device"</strong> })}
                    </h3>
                </div>
                <div class="govuk-summary-card__content">
                    {summary_list(view! {
                        {summary_row("Signed in", when(s.began_at))}
                        {summary_row("Last used", when(s.last_action_at))}
                        {summary_row("Ends", format!("{} unless used again", when(s.ends_at)))}
                    })}
                    {action}
                </div>
            </div>
        }
    };
    view! {
        <h2 class="govuk-heading-m">"Where you are signed in"</h2>
        {move || problem.get().map(|p| view! { <p class="govuk-error-message" role="alert">{p}</p> })}
        {move || match found.get() {
            None => view! { <p class="govuk-body">"Loading…"</p> }.into_any(),
            Some(Err(e)) => view! {
                <p class="govuk-body">{format!("Your sessions could not be listed: {}", e.message())}</p>
            }.into_any(),
            Some(Ok(sessions)) => {
                let others = sessions.iter().filter(|s| !s.current).count();
                view! {
                    <p class="govuk-body">
                        "A session ends after a time without use, and at the latest a set number of hours after it began. "
                        "End one you do not recognise, or one on a device you no longer have."
                    </p>
                    {sessions.into_iter().map(card).collect_view()}
                    {(others > 0).then(|| view! {
                        <button type="button" class="govuk-button govuk-button--secondary" on:click=end_others>
                            "Sign out everywhere else"
                        </button>
                    })}
                }.into_any()
            }
        }}
    }
}
