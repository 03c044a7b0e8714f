//! `/assessments`: my self-assessments, my confidence per domain over time, and starting one.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::assessments::SelfAssessment;
use shared::api::templates::TemplateKind;
use shared::{RecordId, Role};

use super::trend::Trend;
use super::{all, long_date, save};
use crate::components::guard::Guard;
use crate::components::notices::FlashBanner;
use crate::components::summary::{Caption, Column, Head, table};
use crate::state::set_title;
use crate::sync::use_sync;

#[component]
pub fn MyAssessmentsPage() -> impl IntoView {
    view! { <Guard roles=&[Role::Practitioner]><MyAssessments /></Guard> }
}

#[component]
fn MyAssessments() -> impl IntoView {
    let sync = use_sync();
    set_title("My self-assessments", false);
    let mine = move || all(sync).into_iter().filter(|a| a.mine).collect::<Vec<_>>();
    let draft = move || {
        mine()
            .into_iter()
            .find(|a| !a.record.is_submitted())
            .map(|a| a.id)
    };
    let submitted = Signal::derive(move || {
        let mut done: Vec<_> = mine().into_iter().filter(|a| a.record.is_submitted()).collect();
        done.sort_by_key(|a| a.record.submitted_at);
        done
    });
    view! {
        <FlashBanner />
        <h1 class="govuk-heading-l">"My self-assessments"</h1>
        <p class="govuk-body">
            "Rate how confident you feel in each part of the practice model, reflect on it and say what would help. "
            "Your self-assessments are yours: nobody else can read one unless you share it with your team manager. "
            "Everything saves on this device as you go, with or without a connection."
        </p>
        {move || match draft() {
            Some(id) => view! {
                <a href=format!("/assessments/{id}") class="govuk-button">"Continue your self-assessment"</a>
            }.into_any(),
            None => view! { <a href="/assessments/new" class="govuk-button">"Start a self-assessment"</a> }.into_any(),
        }}
        <h2 class="govuk-heading-m">"Your assessments"</h2>
        <Show
            when=move || !mine().is_empty()
            fallback=|| view! { <p class="govuk-body">"You have not started a self-assessment yet."</p> }
        >
            {table(Head::new(vec![Column::new("Started"), Column::new("Status"), Column::new("Shared with your manager")]).caption("Your self-assessments", Caption::Hidden), move || mine().into_iter().map(|a| {
                        let status = match a.record.submitted_at {
                            Some(at) => format!("Submitted {}", long_date(at)),
                            None => "Draft".to_owned(),
                        };
                        view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">
                                    <a class="govuk-link" href=format!("/assessments/{}", a.id)>
                                        {long_date(a.record.started_at)}
                                    </a>
                                </td>
                                <td class="govuk-table__cell">{status}
                                    {a.waiting.then(|| view! { " " <strong class="govuk-tag govuk-tag--yellow">"Not sent yet"</strong> })}
                                </td>
                                <td class="govuk-table__cell">{if a.record.shared_with_manager { "Yes" } else { "No" }}</td>
                            </tr>
                        }
                    }).collect_view())}
        </Show>
        <h2 class="govuk-heading-m">"Your confidence over time"</h2>
        <Trend assessments=submitted />
    }
}

/// `/assessments/new` starts a draft on the published template kept on this device.
#[component]
pub fn NewAssessmentPage() -> impl IntoView {
    view! { <Guard roles=&[Role::Practitioner]><NewAssessment /></Guard> }
}

#[component]
fn NewAssessment() -> impl IntoView {
    let sync = use_sync();
    let navigate = use_navigate();
    set_title("Start a self-assessment", false);
    let template = RwSignal::new(crate::store::templates::published(TemplateKind::SelfAssessment));
    let missing = RwSignal::new(false);
    if template.get_untracked().is_none() {
        // First use on this device: fetch it now if there is a connection.
        leptos::task::spawn_local(async move {
            crate::store::templates::refresh().await;
            let found = crate::store::templates::published(TemplateKind::SelfAssessment);
            missing.set(found.is_none());
            template.set(found);
        });
    }
    // Saving changes the device's state, which this effect watches: start one draft only.
    let started = StoredValue::new(false);
    Effect::new(move || {
        // Wait for this device's data, so the new draft is stored.
        if started.get_value() || sync.state.with(Option::is_none) {
            return;
        }
        let Some(t) = template.get() else { return };
        started.set_value(true);
        let id = RecordId::new();
        let draft = SelfAssessment::new(t.summary.id, t.summary.version, chrono::Utc::now());
        save(sync, id, &draft);
        navigate(
            &format!("/assessments/{id}"),
            leptos_router::NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    });
    view! {
        <Show when=move || missing.get() fallback=|| view! { <p class="govuk-body">"Starting…"</p> }>
            <h1 class="govuk-heading-l">"The questionnaire is not on this device yet"</h1>
            <p class="govuk-body">
                "Connect to the internet and sign in once, so Touchstone can keep the questionnaire on this device. "
                "After that you can start and fill in a self-assessment offline."
            </p>
            <a class="govuk-link" href="/assessments">"Back to your self-assessments"</a>
        </Show>
    }
}
