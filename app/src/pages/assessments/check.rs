//! `/assessments/:id/check`: check your answers (a summary list per domain with Change links),
//! then submit. Anything unanswered is listed in the error summary, linked to its Change link.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::assessments::{AssessmentStatus, SelfAssessment, rating_field};
use shared::api::templates::Template;
use shared::{FieldErrors, RecordId, Role};

use super::{NotHere, one, route_id, save};
use crate::components::guard::Guard;
use crate::components::notices::ErrorSummary;
use crate::state::{set_title, use_session};
use crate::sync::use_sync;

#[component]
pub fn CheckPage() -> impl IntoView {
    view! { <Guard roles=&[Role::Practitioner]><CheckLoader /></Guard> }
}

#[component]
fn CheckLoader() -> impl IntoView {
    let sync = use_sync();
    let id = route_id();
    let local = Memo::new(move |_| id.get().and_then(|id| one(sync, id)));
    let template_id = Signal::derive(move || local.with(|l| l.as_ref().map(|l| l.record.template_id)));
    let (template, _) = crate::store::templates::use_template(template_id);
    move || match (local.get(), template.get()) {
        (Some(l), Some(t)) if l.editable => {
            view! { <Check id=l.id assessment=l.record template=t /> }.into_any()
        }
        (Some(l), _) if l.record.is_submitted() => {
            use_navigate()(&format!("/assessments/{}", l.id), Default::default());
            ().into_any()
        }
        (l, _) => view! { <NotHere loading=sync.opening() || l.is_some() /> }.into_any(),
    }
}

#[component]
fn Check(id: RecordId, assessment: SelfAssessment, template: Template) -> impl IntoView {
    let sync = use_sync();
    let session = use_session();
    let navigate = use_navigate();
    let errors = RwSignal::new(FieldErrors::new());
    Effect::new(move || set_title("Check your answers", !errors.read().is_empty()));
    let general = Signal::derive(|| None::<String>);
    let to_submit = assessment.clone();
    let checked_template = template.content.clone();
    let submit = move |_| {
        let now = chrono::Utc::now();
        let submitted = SelfAssessment {
            status: AssessmentStatus::Submitted,
            submitted_at: Some(now),
            ..to_submit.clone()
        };
        match submitted.check_against(&checked_template) {
            Ok(()) => {
                save(sync, id, &submitted);
                session.notify(
                    &format!("/assessments/{id}"),
                    "Self-assessment submitted".to_owned(),
                );
                navigate(&format!("/assessments/{id}"), Default::default());
            }
            Err(found) => errors.set(found),
        }
    };
    view! {
        <a href=format!("/assessments/{id}") class="govuk-back-link">"Back to the task list"</a>
        <ErrorSummary errors=errors general order=&[] />
        <h1 class="govuk-heading-l">"Check your answers"</h1>
        {template.content.domains.iter().map(|d| {
            let notes = assessment.domains.get(&d.key).cloned().unwrap_or_default();
            let change = format!("/assessments/{id}/domains/{}", d.key);
            let help: Vec<String> = notes.help.iter().map(|h| h.label().to_owned())
                .chain((!notes.help_other.trim().is_empty()).then(|| notes.help_other.clone()))
                .collect();
            view! {
                <h2 class="govuk-heading-m">{d.title.clone()}</h2>
                <dl class="govuk-summary-list govuk-!-margin-bottom-9">
                    {d.statements.iter().map(|s| {
                        let answer = assessment.ratings.get(&s.key).map_or("Not answered".to_owned(), |r| match r.score() {
                            Some(n) => format!("{n} – {}", r.label()),
                            None => r.label().to_owned(),
                        });
                        view! {
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">{s.text.clone()}</dt>
                                <dd class="govuk-summary-list__value">{answer}</dd>
                                <dd class="govuk-summary-list__actions">
                                    <a class="govuk-link" id=rating_field(&s.key) href=change.clone()>
                                        "Change"<span class="govuk-visually-hidden">{format!(" your answer to: {}", s.text)}</span>
                                    </a>
                                </dd>
                            </div>
                        }
                    }).collect_view()}
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Your reflection"</dt>
                        <dd class="govuk-summary-list__value ts-pre">
                            {if notes.reflection.trim().is_empty() { "None".to_owned() } else { notes.reflection.clone() }}
                        </dd>
                        <dd class="govuk-summary-list__actions">
                            <a class="govuk-link" href=change.clone()>"Change"<span class="govuk-visually-hidden">{format!(" your reflection on {}", d.title)}</span></a>
                        </dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"What would help you"</dt>
                        <dd class="govuk-summary-list__value">{if help.is_empty() { "Nothing chosen".to_owned() } else { help.join("; ") }}</dd>
                        <dd class="govuk-summary-list__actions">
                            <a class="govuk-link" href=change>"Change"<span class="govuk-visually-hidden">{format!(" what would help with {}", d.title)}</span></a>
                        </dd>
                    </div>
                </dl>
            }
        }).collect_view()}
        <h2 class="govuk-heading-m">"Now submit your self-assessment"</h2>
        <p class="govuk-body">
            "Once submitted it cannot be changed. It stays yours: you choose whether to share it with your team manager. "
            "Your ratings, without your name or reflections, count towards the workforce team's anonymous results."
        </p>
        <button type="button" class="govuk-button" on:click=submit>"Submit self-assessment"</button>
    }
}
