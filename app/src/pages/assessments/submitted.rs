//! A submitted self-assessment, read-only: what may help with the domains rated low, sharing
//! with the team manager (and taking it back), the CPD draft, and every answer. A team manager
//! it is shared with sees the answers only.

use leptos::prelude::*;
use shared::api::assessments::{SelfAssessment, suggestions};
use shared::api::templates::Template;

use super::{Local, long_date, save};
use crate::components::notices::FlashBanner;
use crate::components::summary::{summary_list, summary_row, summary_row_typed};
use crate::state::set_title;
use crate::sync::use_sync;

#[component]
pub fn Submitted(local: Local, template: Template) -> impl IntoView {
    let sync = use_sync();
    let a = local.record.clone();
    let id = local.id;
    set_title(
        if local.mine {
            "Your self-assessment"
        } else {
            "Shared self-assessment"
        },
        false,
    );
    let low = if local.mine {
        suggestions(&a, &template.content)
    } else {
        Vec::new()
    };
    let shared_now = a.shared_with_manager;
    let toggle = {
        let a = a.clone();
        move |_| {
            let changed = SelfAssessment {
                shared_with_manager: !a.shared_with_manager,
                ..a.clone()
            };
            save(sync, id, &changed);
        }
    };
    let when = a.submitted_at.map(long_date).unwrap_or_default();
    view! {
        <FlashBanner />
        {if local.mine {
            view! { <a href="/assessments" class="govuk-back-link">"Back to your self-assessments"</a> }.into_any()
        } else {
            view! { <a href="/team/shared" class="govuk-back-link">"Back to assessments shared with you"</a> }.into_any()
        }}
        <span class="govuk-caption-l">{template.content.title.clone()}</span>
        <h1 class="govuk-heading-l">{if local.mine { "Your self-assessment" } else { "Shared self-assessment" }}</h1>
        <p class="govuk-body">{format!("Submitted {when}. It can no longer be changed.")}</p>
        {local.mine.then(|| view! { <p class="govuk-body ts-note-status" role="status">{local.saved_status()}</p> })}
        {(!low.is_empty()).then(|| view! {
            <div class="govuk-inset-text ts-suggestions">
                <h2 class="govuk-heading-m">"What may help"</h2>
                <p class="govuk-body">"You rated these domains low (a mean of 2 or less). Here is where Touchstone can help:"</p>
                {low.into_iter().map(|s| view! {
                    <h3 class="govuk-heading-s">{s.domain_title}</h3>
                    <p class="govuk-body">{s.text}" "<a class="govuk-link" href=s.href>{s.link_text}</a></p>
                }).collect_view()}
            </div>
        })}
        {local.mine.then(|| view! {
            <h2 class="govuk-heading-m">"Sharing"</h2>
            <p class="govuk-body" id="sharing-state">
                {if shared_now {
                    "Your team manager can read this self-assessment, including your reflections."
                } else {
                    "Only you can read this self-assessment. You can share it with your team manager, for supervision, and stop sharing at any time."
                }}
            </p>
            <div class="govuk-button-group">
                <button type="button" class=if shared_now { "govuk-button govuk-button--secondary" } else { "govuk-button" }
                    aria-describedby="sharing-state" on:click=toggle>
                    {if shared_now { "Stop sharing with my team manager" } else { "Share with my team manager" }}
                </button>
                <a class="govuk-link" href=format!("/assessments/{id}/cpd")>"Turn this into a CPD record"</a>
            </div>
        })}
        <h2 class="govuk-heading-m">"Your answers"</h2>
        {template.content.domains.iter().map(|d| {
            let notes = a.domains.get(&d.key).cloned().unwrap_or_default();
            let mean = a.domain_mean(d).map_or("No ratings".to_owned(), |m| format!("Mean {m:.1} out of 5"));
            let help: Vec<String> = notes.help.iter().map(|h| h.label().to_owned())
                .chain((!notes.help_other.trim().is_empty()).then(|| notes.help_other.clone()))
                .collect();
            view! {
                <h3 class="govuk-heading-s">{format!("{} ({mean})", d.title)}</h3>
                {summary_list(view! { {d.statements.iter().map(|s| view! {
                        {summary_row(s.text.clone(), view! { {a.ratings.get(&s.key).map_or("Not answered".to_owned(), |r| match r.score() {
                                    Some(n) => format!("{n} – {}", r.label()),
                                    None => r.label().to_owned(),
                                })} })}
                    }).collect_view()}
                    {summary_row_typed("Reflection", view! { {if notes.reflection.trim().is_empty() { "None".to_owned() } else { notes.reflection.clone() }} })}
                    {summary_row("What would help", view! { {if help.is_empty() { "Nothing chosen".to_owned() } else { help.join("; ") }} })} })}
            }
        }).collect_view()}
    }
}
