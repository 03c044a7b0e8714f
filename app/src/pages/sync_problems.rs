//! Changes that need the person: conflicts (both copies side by side, nothing dropped until they
//! choose) and changes the server refused (with its reasons, until fixed or discarded).

use leptos::prelude::*;
use shared::records::noun;
use shared::sync::engine::Resolution;
use shared::sync::protocol::EntityKind;

use crate::components::guard::Guard;
use crate::components::summary::{summary_list, summary_row, summary_row_typed};
use crate::state::set_title;
use crate::store::records::{self, Problem};
use crate::sync::use_sync;

#[component]
pub fn SyncProblemsPage() -> impl IntoView {
    view! { <Guard><Problems /></Guard> }
}

#[component]
fn Problems() -> impl IntoView {
    let sync = use_sync();
    set_title("Changes that need you", false);
    let problems = move || records::problems(sync);
    view! {
        <h1 class="govuk-heading-l">"Changes that need you"</h1>
        <Show when=move || !problems().is_empty()
            fallback=|| view! { <p class="govuk-body">"Nothing needs you. Every change has been sent or is on its way."</p> }>
            {move || problems().into_iter().map(|p| view! { <ProblemCard p /> }).collect_view()}
        </Show>
    }
}

#[component]
fn ProblemCard(p: Problem) -> impl IntoView {
    let sync = use_sync();
    let (record_id, mutation_id) = (p.record_id, p.mutation_id);
    let copy = |heading: &'static str, (title, body): (String, String)| {
        view! {
            <div class="govuk-summary-card">
                <div class="govuk-summary-card__title-wrapper"><h3 class="govuk-summary-card__title">{heading}</h3></div>
                <div class="govuk-summary-card__content">
                    {summary_list(view! { {summary_row("Title", title)}
                        {summary_row_typed("Details", body)} })}
                </div>
            </div>
        }
    };
    let kind = noun(p.entity);
    let name = p.mine.0.clone();
    match p.theirs {
        Some(theirs) => view! {
            <section class="ts-problem" aria-label=format!("Conflict: {name}")>
                <h2 class="govuk-heading-m">{format!("This {kind} was changed in two places")}</h2>
                <p class="govuk-body">"Both copies are kept until you choose which one to keep."</p>
                <div class="ts-compare">
                    {copy("Your copy", p.mine)}
                    {copy("Copy on Touchstone", theirs)}
                </div>
                <div class="govuk-button-group">
                    <button type="button" class="govuk-button" on:click=move |_| sync.resolve(record_id, Resolution::KeepMine)>
                        "Keep your copy"
                    </button>
                    <button type="button" class="govuk-button govuk-button--secondary"
                        on:click=move |_| sync.resolve(record_id, Resolution::TakeTheirs)>
                        "Use the copy on Touchstone"
                    </button>
                </div>
            </section>
        }.into_any(),
        None => view! {
            <section class="ts-problem" aria-label=format!("Not accepted: {name}")>
                <h2 class="govuk-heading-m">{format!("Touchstone did not accept a change to this {kind}")}</h2>
                <ul class="govuk-list govuk-error-message">
                    {p.reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                </ul>
                {copy("Your change", p.mine)}
                <div class="govuk-button-group">
                    <a class="govuk-button" href=path(p.entity, record_id)>"Fix it"</a>
                    <button type="button" class="govuk-button govuk-button--warning" on:click=move |_| sync.discard(mutation_id)>
                        "Discard your change"
                    </button>
                </div>
            </section>
        }.into_any(),
    }
}

/// Where a record of kind `entity` is opened to be fixed.
fn path(entity: EntityKind, id: shared::RecordId) -> String {
    match entity {
        EntityKind::Note => format!("/notes/{id}"),
        EntityKind::SelfAssessment => format!("/assessments/{id}"),
        EntityKind::CaseAudit => format!("/case-audits/{id}"),
        EntityKind::Shortlist => format!("/shortlists/{id}"),
        EntityKind::RiskEnablement => format!("/risk/{id}"),
    }
}
