//! `/templates/:id/preview`: the questionnaire as the practitioner (or manager) will meet it,
//! with the same scale or grades, nothing saved.

use leptos::prelude::*;
use shared::api::assessments::Rating;
use shared::api::templates::{Grade, TemplateContent, TemplateKind};

use shared::FieldErrors;

use super::EDITORS;
use crate::components::fields::{Choice, Radios};
use crate::components::guard::Guard;
use crate::components::notices::LoadError;
use crate::state::set_title;

#[component]
pub fn PreviewPage() -> impl IntoView {
    view! { <Guard roles=EDITORS><PreviewLoader /></Guard> }
}

#[component]
fn PreviewLoader() -> impl IntoView {
    let found = super::route_template();
    view! {
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || found.get().map(|t| match t {
                Ok(Some(t)) => {
                    set_title(&format!("Preview: {}", t.summary.title), false);
                    view! {
                        <a href=format!("/templates/{}", t.summary.id) class="govuk-back-link">"Back to the template"</a>
                        <div class="govuk-inset-text">"This is a preview: nothing you choose here is saved."</div>
                        <span class="govuk-caption-l">{format!("Preview of version {}", t.summary.version)}</span>
                        <h1 class="govuk-heading-l">{t.content.title.clone()}</h1>
                        <p class="govuk-body">{t.content.introduction.clone()}</p>
                        <Outline content=t.content interactive=true />
                    }.into_any()
                }
                Ok(None) => view! { <crate::pages::not_found::NotFoundPage /> }.into_any(),
                Err(e) => view! { <LoadError message=e.message() heading="This questionnaire could not be shown" /> }.into_any(),
            })}
        </Suspense>
    }
}

/// The answer choices a template of `kind` offers, as they will appear.
fn choices(kind: TemplateKind) -> Vec<Choice<usize>> {
    let labels: Vec<String> = match kind {
        TemplateKind::SelfAssessment => Rating::ALL
            .iter()
            .map(|r| match r.score() {
                Some(n) => format!("{n} – {}", r.label()),
                None => r.label().to_owned(),
            })
            .collect(),
        TemplateKind::CaseFileAudit => Grade::ALL.iter().map(|g| g.label().to_owned()).collect(),
    };
    labels
        .into_iter()
        .enumerate()
        .map(|(i, label)| Choice::new(i, i.to_string(), label))
        .collect()
}

/// Every domain and statement; with `interactive`, the answer choices as they will appear.
#[component]
pub fn Outline(content: TemplateContent, #[prop(optional)] interactive: bool) -> impl IntoView {
    let kind = content.kind;
    content.domains.into_iter().enumerate().map(move |(d, domain)| view! {
        <h2 class="govuk-heading-m">{domain.title.clone()}</h2>
        {(!domain.description.is_empty()).then(|| view! { <p class="govuk-body">{domain.description.clone()}</p> })}
        {domain.statements.into_iter().enumerate().map(move |(s, statement)| {
            let key = view! { <p class="govuk-body-s">"Key: "<code>{statement.key.clone()}</code></p> };
            let choices: Vec<Choice<usize>> = if interactive { choices(kind) } else { Vec::new() };
            // A preview's choice is kept for as long as the page is open, and nowhere else.
            let chosen = RwSignal::new(None::<usize>);
            let nothing = Signal::derive(FieldErrors::new);
            view! {
                <Radios id=format!("preview-{d}-{s}") legend=statement.text.clone() hint=statement.help.clone()
                    choices value=chosen errors=nothing class="govuk-radios--small govuk-radios--inline">
                    {key}
                </Radios>
            }
        }).collect_view()}
    }).collect_view()
}
