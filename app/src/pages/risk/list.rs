//! `/risk`: my forms, with each one's stage and review reminder (worked out on the device, so
//! they show offline); for a manager, their team's forms awaiting review and plans due for
//! review; and forms colleagues let me read.

use leptos::prelude::*;
use shared::Role;
use shared::api::risk_enablement::RiskStatus;
use shared::risk::review::form_reminder;

use super::edit::today;
use super::{Local, all};
use crate::components::summary::{Caption, Column, Head, table};
use crate::state::{Session, set_title};
use crate::sync::use_sync;

#[component]
pub fn RiskListPage() -> impl IntoView {
    let sync = use_sync();
    set_title("Risk enablement", false);
    let me = use_context::<Session>().and_then(|s| s.user_untracked());
    let manages = me.as_ref().is_some_and(|u| u.roles.contains(&Role::TeamManager));
    let writes = me.as_ref().is_some_and(|u| u.roles.contains(&Role::Practitioner));
    let forms = Memo::new(move |_| {
        let mut forms = all(sync);
        forms.sort_by_key(|f| (f.record.case_reference.clone(), f.id));
        forms
    });
    // A form not mine is my team member's (I manage their team) unless it names me as a reader.
    let theirs = |l: &Local| !l.mine && super::review::is_manager(&l.record);
    let group = move |pick: &dyn Fn(&Local) -> bool| {
        forms.with(|f| f.iter().filter(|l| pick(l)).cloned().collect::<Vec<_>>())
    };
    view! {
        <h1 class="govuk-heading-l">"Risk enablement"</h1>
        <p class="govuk-body">
            "Record a conversation with someone about something they want to do: what matters to them, \
             what could go wrong, what will make it safer, and who decides. Forms save on this device as you \
             type, online or not."
        </p>
        {writes.then(|| view! { <a href="/risk/new" class="govuk-button">"Start a risk enablement form"</a> })}
        {move || manages.then(|| {
            let waiting = group(&|l| theirs(l) && l.record.status == RiskStatus::AwaitingReview);
            let due = group(&|l| theirs(l) && form_reminder(&l.record, today()).is_some_and(|r| r.is_due()));
            view! {
                {forms_table("Awaiting your review", "Nothing is waiting for your review.", waiting, true)}
                {forms_table("Reviews due or overdue in your team", "No plan in your team is due for review.", due, true)}
            }
        })}
        {move || writes.then(|| forms_table("Your forms", "You have not started a form yet.", group(&|l| l.mine), false))}
        {move || {
            let shared = group(&|l| !l.mine && !theirs(l));
            (!shared.is_empty()).then(|| forms_table("Shared with you", "", shared, true))
        }}
    }
}

/// A table of forms under a caption, or a line saying there are none.
fn forms_table(
    caption: &'static str,
    none: &'static str,
    forms: Vec<Local>,
    by_someone_else: bool,
) -> AnyView {
    if forms.is_empty() {
        return view! {
            <h2 class="govuk-heading-m">{caption}</h2>
            <p class="govuk-body">{none}</p>
        }
        .into_any();
    }
    let head = Head::new(vec![
        Column::new("Case"),
        Column::new("What they want"),
        Column::new("Stage"),
        Column::new("Review"),
    ])
    .caption(caption, Caption::M);
    let rows = forms
        .into_iter()
        .map(|l| {
            let reminder = form_reminder(&l.record, today()).map(|r| r.words());
            let review = reminder.unwrap_or_else(|| match l.record.review_by.to_date() {
                Some(date) if l.record.status != RiskStatus::Closed => shared::dates::long_date(date),
                _ => String::new(),
            });
            let stage = if l.waiting && !by_someone_else {
                format!("{} (not sent yet)", l.record.status.words())
            } else {
                l.record.status.words().to_owned()
            };
            view! {
                <tr class="govuk-table__row">
                    <td class="govuk-table__cell">
                        <a class="govuk-link" href=format!("/risk/{}", l.id)>{l.record.case_reference.clone()}</a>
                    </td>
                    <td class="govuk-table__cell">{l.record.wants.clone()}</td>
                    <td class="govuk-table__cell">{stage}</td>
                    <td class="govuk-table__cell">{review}</td>
                </tr>
            }
        })
        .collect_view();
    table(head, rows).into_any()
}
