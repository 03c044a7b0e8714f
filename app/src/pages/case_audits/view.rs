//! A submitted case-file audit (or one about my case), read-only.

use leptos::prelude::*;
use shared::api::templates::Template;

use super::Local;
use crate::components::notices::FlashBanner;
use crate::components::summary::{Column, Head, summary_list, summary_row, table};
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
            {summary_list(view! { {d.statements.iter().map(|s| {
                    let given = a.grades.get(&s.key).cloned().unwrap_or_default();
                    view! {
                        {summary_row(s.text.clone(), view! { <strong>{given.grade.map_or("Not graded", |g| g.label())}</strong>
                                {(!given.comment.is_empty()).then(|| view! { <p class="govuk-body ts-pre">{given.comment.clone()}</p> })} })}
                    }
                }).collect_view()} })}
        }).collect_view()}
        <h2 class="govuk-heading-m">"Agreed actions"</h2>
        {if a.actions.is_empty() {
            view! { <p class="govuk-body">"None recorded."</p> }.into_any()
        } else {
            view! {
                {table(Head::new(vec![Column::new("Action"), Column::new("Due by")]), a.actions.iter().map(|x| view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">{x.action.clone()}</td>
                                <td class="govuk-table__cell">{x.due.to_date().map_or(String::new(), shared::dates::long_date)}</td>
                            </tr>
                        }).collect_view())}
            }.into_any()
        }}
    }
}
