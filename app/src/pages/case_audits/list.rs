//! `/case-audits`: a manager's audits (and starting one); a practitioner's audits of their cases.

use leptos::prelude::*;
use shared::Role;

use super::all;
use crate::components::guard::Guard;
use crate::components::notices::FlashBanner;
use crate::components::summary::{Column, Head, table};
use crate::pages::assessments::long_date;
use crate::state::{set_title, use_session};
use crate::sync::use_sync;

#[component]
pub fn CaseAuditsPage() -> impl IntoView {
    view! { <Guard roles=&[Role::TeamManager, Role::Practitioner]><CaseAudits /></Guard> }
}

fn rows(list: Vec<super::Local>, whose: bool) -> impl IntoView {
    let columns = [
        Some("Case reference"),
        whose.then_some("Practitioner"),
        Some("Status"),
    ]
    .into_iter()
    .flatten()
    .map(Column::new)
    .collect();
    view! {
        {table(Head::new(columns), view! {
                {list.into_iter().map(|a| view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell"><a class="govuk-link" href=format!("/case-audits/{}", a.id)>{a.record.case_reference.clone()}</a></td>
                        {whose.then(|| view! { <td class="govuk-table__cell">{crate::store::team::name_of(a.record.practitioner_id).unwrap_or_default()}</td> })}
                        <td class="govuk-table__cell">
                            {match a.record.submitted_at { Some(at) => format!("Submitted {}", long_date(at)), None => "Draft".to_owned() }}
                            {a.waiting.then(|| view! { " " <strong class="govuk-tag govuk-tag--yellow">"Not sent yet"</strong> })}
                        </td>
                    </tr>
                }).collect_view()}
        })}
    }
}

#[component]
fn CaseAudits() -> impl IntoView {
    let sync = use_sync();
    let session = use_session();
    set_title("Case-file audits", false);
    let manager = session.user().is_some_and(|u| u.has_role(Role::TeamManager));
    let mine = move || all(sync).into_iter().filter(|a| a.mine).collect::<Vec<_>>();
    let about_me = move || all(sync).into_iter().filter(|a| !a.mine).collect::<Vec<_>>();
    view! {
        <FlashBanner />
        <h1 class="govuk-heading-l">"Case-file audits"</h1>
        <p class="govuk-body">
            "Case files are audited against the Basics: the voice of the person, evidence-based assessment, "
            "timely recording and chronology, SMART plans, and management oversight. Only a case reference is recorded, never a name."
        </p>
        {manager.then(|| view! {
            <a href="/case-audits/new" class="govuk-button">"Start a case-file audit"</a>
            <h2 class="govuk-heading-m">"Audits you have done"</h2>
            {move || { let list = mine(); if list.is_empty() {
                view! { <p class="govuk-body">"You have not audited a case file yet."</p> }.into_any()
            } else { rows(list, true).into_any() } }}
        })}
        <h2 class="govuk-heading-m">"Audits of your cases"</h2>
        {move || { let list = about_me(); if list.is_empty() {
            view! { <p class="govuk-body">"None of your case files has been audited yet."</p> }.into_any()
        } else { rows(list, false).into_any() } }}
    }
}
