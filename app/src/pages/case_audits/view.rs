//! A submitted case-file audit (or one about my case), read-only.

use leptos::prelude::*;
use shared::api::templates::Template;

use super::Local;
use crate::components::notices::FlashBanner;
use crate::pages::assessments::long_date;
use crate::state::set_title;

#[component]
pub fn AuditView(local: Local, template: Template) -> impl IntoView {
    set_title("Case-file audit", false);
    let a = local.record;
    let status = match a.submitted_at {
        Some(at) => format!("Submitted {}.", long_date(at)),
        None => "Your manager is still writing this audit.".to_owned(),
    };
    let who = if local.mine {
        crate::store::team::name_of(a.practitioner_id)
            .map(|n| format!("{n}'s case. "))
            .unwrap_or_default()
    } else {
        "An audit of your case. ".to_owned()
    };
    view! {
        <FlashBanner />
        <a href="/case-audits" class="govuk-back-link">"Back to case-file audits"</a>
        <span class="govuk-caption-l">{template.content.title.clone()}</span>
        <h1 class="govuk-heading-l">{format!("Case {}", a.case_reference)}</h1>
        <p class="govuk-body">{who}{status}</p>
        {template.content.domains.iter().map(|d| view! {
            <h2 class="govuk-heading-m">{d.title.clone()}</h2>
            <dl class="govuk-summary-list">
                {d.statements.iter().map(|s| {
                    let given = a.grades.get(&s.key).cloned().unwrap_or_default();
                    view! {
                        <div class="govuk-summary-list__row">
                            <dt class="govuk-summary-list__key">{s.text.clone()}</dt>
                            <dd class="govuk-summary-list__value">
                                <strong>{given.grade.map_or("Not graded", |g| g.label())}</strong>
                                {(!given.comment.is_empty()).then(|| view! { <p class="govuk-body ts-pre">{given.comment.clone()}</p> })}
                            </dd>
                        </div>
                    }
                }).collect_view()}
            </dl>
        }).collect_view()}
        <h2 class="govuk-heading-m">"Agreed actions"</h2>
        {if a.actions.is_empty() {
            view! { <p class="govuk-body">"None recorded."</p> }.into_any()
        } else {
            view! {
                <table class="govuk-table">
                    <thead class="govuk-table__head"><tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Action"</th>
                        <th scope="col" class="govuk-table__header">"Due by"</th>
                    </tr></thead>
                    <tbody class="govuk-table__body">
                        {a.actions.iter().map(|x| view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">{x.action.clone()}</td>
                                <td class="govuk-table__cell">{x.due.to_date().map_or(String::new(), |d| d.format("%-d %B %Y").to_string())}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}
