//! The security audit log for administrators: filter by what, how it ended, whose and when;
//! read a page at a time, newest first; download what the filters find as CSV.

use leptos::prelude::*;
use shared::api::audit::{AuditAction, AuditEntry, AuditOutcome, AuditPage};

use super::ADMIN;
use crate::api::ApiError;
use crate::components::fields::{SelectField, TextField};
use crate::components::form::FormState;
use crate::components::guard::Guard;
use crate::components::notices::ErrorSummary;
use crate::components::summary::{Caption, Column, Head, table};
use crate::pages::results::query_string;
use crate::state::set_title;

#[component]
pub fn AuditPage() -> impl IntoView {
    view! { <Guard roles=ADMIN><Audit /></Guard> }
}

/// The filters as typed.
#[derive(Debug, Clone, Copy)]
struct Filters {
    action: RwSignal<String>,
    outcome: RwSignal<String>,
    person: RwSignal<String>,
    from: RwSignal<String>,
    to: RwSignal<String>,
}

impl Filters {
    /// The filters as address parameters, for the search and the download alike.
    fn query(&self, page: u32) -> String {
        let mut pairs = vec![
            ("action", self.action.get_untracked()),
            ("outcome", self.outcome.get_untracked()),
            ("person", self.person.get_untracked()),
            ("from", self.from.get_untracked()),
            ("to", self.to.get_untracked()),
        ];
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        query_string(&pairs)
    }
}

fn choices(all: Vec<(&'static str, &'static str)>, any: &str) -> Vec<(String, String)> {
    std::iter::once((String::new(), any.to_owned()))
        .chain(
            all.into_iter()
                .map(|(wire, label)| (wire.to_owned(), label.to_owned())),
        )
        .collect()
}

#[component]
fn Audit() -> impl IntoView {
    let filters = Filters {
        action: RwSignal::new(String::new()),
        outcome: RwSignal::new(String::new()),
        person: RwSignal::new(String::new()),
        from: RwSignal::new(String::new()),
        to: RwSignal::new(String::new()),
    };
    let form = FormState::new();
    let found = RwSignal::new(None::<Result<AuditPage, ApiError>>);
    // The query the shown page answers, so the download matches what is on the screen.
    let shown = RwSignal::new(String::new());
    Effect::new(move || set_title("Security audit log", form.has_errors()));
    let load = move |page: u32| {
        let query = filters.query(page);
        form.busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = crate::api::audit::search(&query).await;
            match &answer {
                Err(e) if !e.fields().is_empty() => form.errors.set(e.fields()),
                _ => {
                    form.errors.set(Default::default());
                    shown.set(filters.query(1));
                    found.set(Some(answer));
                }
            }
            form.busy.set(false);
        });
    };
    load(1);
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        load(1);
    };
    let actions = choices(
        AuditAction::ALL.iter().map(|a| (a.as_str(), a.label())).collect(),
        "Any action",
    );
    let outcomes = choices(
        AuditOutcome::ALL
            .iter()
            .map(|o| (o.as_str(), o.label()))
            .collect(),
        "Any outcome",
    );
    view! {
        <a href="/admin" class="govuk-back-link">"Back to administration"</a>
        <ErrorSummary errors=form.errors general=form.general order=&["action", "outcome", "person", "from", "to"] />
        <span class="govuk-caption-l">"Administration"</span>
        <h1 class="govuk-heading-l">"Security audit log"</h1>
        <p class="govuk-body">
            "Sign-ins and failed sign-ins, sign-outs, refusals, changes to people and teams, views and exports of results, "
            "refused sync changes and every read of a risk enablement form: who, when, from where and how it ended. "
            "Nothing here can be changed; entries are kept for the period your council set."
        </p>
        <form novalidate on:submit=search class="ts-filters">
            <SelectField id="action" label="Action" options=actions value=filters.action errors=form.errors />
            <SelectField id="outcome" label="Outcome" options=outcomes value=filters.outcome errors=form.errors />
            <TextField id="person" label="Person's email address" value=filters.person errors=form.errors
                input_type="email" />
            <TextField id="from" label="From (date)" value=filters.from errors=form.errors input_type="date"
                width_class="govuk-input govuk-input--width-10" />
            <TextField id="to" label="To (date)" value=filters.to errors=form.errors input_type="date"
                width_class="govuk-input govuk-input--width-10" />
            <div class="govuk-button-group">
                <button type="submit" class="govuk-button" disabled=move || form.busy.get()>"Search"</button>
                <a class="govuk-link" download href=move || format!("/api/audit/export.csv?{}", shown.get())>
                    "Download what these filters find (CSV)"
                </a>
            </div>
        </form>
        {move || match found.get() {
            None => view! { <p class="govuk-body">"Loading…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="govuk-body">{e.message()}</p> }.into_any(),
            Some(Ok(page)) => view! { <Entries page load /> }.into_any(),
        }}
    }
}

#[component]
fn Entries(page: AuditPage, load: impl Fn(u32) + Copy + 'static) -> impl IntoView {
    let number = page.page;
    if page.entries.is_empty() {
        return view! { <p class="govuk-body">"Nothing in the log matches these filters."</p> }.into_any();
    }
    let head = Head::new(vec![
        Column::new("When (UTC)"),
        Column::new("Person"),
        Column::new("Action"),
        Column::new("Outcome"),
        Column::new("Subject and detail"),
    ])
    .caption(format!("Page {number}, newest first"), Caption::S)
    .class("ts-table--responsive");
    view! {
        {table(head, page.entries.into_iter().map(row).collect_view())}
        <nav class="govuk-button-group" aria-label="Pages of the log">
            {(number > 1).then(|| view! {
                <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| load(number - 1)>
                    "Newer entries"
                </button>
            })}
            {page.more.then(|| view! {
                <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| load(number + 1)>
                    "Older entries"
                </button>
            })}
        </nav>
    }
    .into_any()
}

fn row(e: AuditEntry) -> impl IntoView {
    let who = e.user.clone().unwrap_or_else(|| "Nobody known".to_owned());
    let from = e.address.clone().map(|a| format!("from {a}")).unwrap_or_default();
    let about = [e.subject.clone(), e.detail.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <tr class="govuk-table__row">
            <td class="govuk-table__cell" data-label="When (UTC)">{e.at.format("%-d %b %Y %H:%M:%S").to_string()}</td>
            <td class="govuk-table__cell" data-label="Person">
                {who}<br/><span class="govuk-body-s ts-secondary">{from}</span>
            </td>
            <td class="govuk-table__cell" data-label="Action">{e.action.label()}</td>
            <td class="govuk-table__cell" data-label="Outcome">{e.outcome.label()}</td>
            <td class="govuk-table__cell ts-break" data-label="Subject and detail">{about}</td>
        </tr>
    }
}
