//! `/directory/import`: a commissioner uploads a feed file (Open Referral JSON, ORUK 3.0 or 1.0,
//! or an HSDS CSV data package as a zip), sees what importing it would do with every problem by
//! record and field, then imports it in one go.

use leptos::prelude::*;
use shared::api::directory::{ImportReport, ProblemOutcome};

use super::KEEPERS;
use crate::components::guard::Guard;
use crate::components::notices::ErrorSummary;
use crate::components::summary::{Caption, Column, Head, summary_list, summary_row, table};
use crate::state::set_title;

/// Problems listed on the page; the rest are counted.
const SHOWN: usize = 200;

#[component]
pub fn ImportPage() -> impl IntoView {
    view! { <Guard roles=KEEPERS><Import /></Guard> }
}

/// A chosen file's bytes, and whether it is a zip.
type Chosen = (Vec<u8>, bool);

#[component]
fn Import() -> impl IntoView {
    let errors = RwSignal::new(shared::FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let report = RwSignal::new(None::<ImportReport>);
    let chosen = StoredValue::new(None::<Chosen>);
    Effect::new(move || {
        set_title(
            "Import a directory feed",
            !errors.read().is_empty() || general.read().is_some(),
        )
    });
    let input = NodeRef::<leptos::html::Input>::new();

    let send = move |dry_run: bool| {
        busy.set(true);
        general.set(None);
        leptos::task::spawn_local(async move {
            let Some((bytes, zip)) = chosen.get_value() else {
                busy.set(false);
                return;
            };
            match crate::api::directory::import(bytes, zip, dry_run).await {
                Ok(r) => {
                    errors.set(Default::default());
                    report.set(Some(r));
                }
                Err(e) if !e.fields().is_empty() => {
                    let message = e.message();
                    errors.set([("file".to_owned(), vec![message])].into());
                }
                Err(e) => general.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        report.set(None);
        let Some(file) = input.get().and_then(|i| i.files()).and_then(|f| f.get(0)) else {
            errors.set([("file".to_owned(), vec!["Select a feed file".to_owned()])].into());
            return;
        };
        let zip = file.name().to_lowercase().ends_with(".zip");
        busy.set(true);
        leptos::task::spawn_local(async move {
            let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
            match buffer {
                Ok(buffer) => {
                    chosen.set_value(Some((js_sys::Uint8Array::new(&buffer).to_vec(), zip)));
                    send(true);
                }
                Err(_) => {
                    errors.set([("file".to_owned(), vec!["The file could not be read".to_owned()])].into());
                    busy.set(false);
                }
            }
        });
    };

    view! {
        <a href="/directory" class="govuk-back-link">"Back to community assets"</a>
        <ErrorSummary errors general order=&["file"] />
        <h1 class="govuk-heading-l">"Import a directory feed"</h1>
        <p class="govuk-body">
            "An Open Referral UK feed (JSON, version 3.0 or 1.0) or an HSDS CSV data package (a zip of CSV files). \
             It is checked first and nothing is saved until you import it. Records keep their ids, so importing \
             the same feed again updates them instead of adding copies."
        </p>
        <form novalidate on:submit=check>
            <crate::components::fields::FileField label="Feed file" accept=".json,.zip,application/json,application/zip" errors input />
            <button type="submit" class="govuk-button govuk-button--secondary" disabled=move || busy.get()>"Check file"</button>
        </form>
        <div aria-live="polite">
            {move || busy.get().then(|| view! { <p class="govuk-body">"Working…"</p> })}
            {move || report.get().map(|r| view! { <Report report=r on_import=move || send(false) busy /> })}
        </div>
    }
}

#[component]
fn Report(
    report: ImportReport,
    on_import: impl Fn() + Send + Sync + 'static,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let heading = if report.dry_run {
        "What importing it would do"
    } else {
        "Imported"
    };
    let outcome = |o: ProblemOutcome| match o {
        ProblemOutcome::Fixed => "Put right",
        ProblemOutcome::Dropped => "Left out (value)",
        ProblemOutcome::Skipped => "Left out (record)",
    };
    let more = report.problems.len().saturating_sub(SHOWN);
    let ignored = report
        .ignored_fields
        .iter()
        .map(|(f, n)| format!("{f} ({n})"))
        .collect::<Vec<_>>()
        .join(", ");
    let dry = report.dry_run;
    view! {
        <h2 class="govuk-heading-m">{heading}</h2>
        {(!dry).then(|| view! {
            <div class="govuk-panel govuk-panel--confirmation">
                <h2 class="govuk-panel__title">"Import complete"</h2>
                <div class="govuk-panel__body">{format!("{} added, {} updated", report.created, report.updated)}</div>
            </div>
        })}
        {summary_list(view! {
            {summary_row("Format", report.format.clone())}
            {summary_row("Services in the file", report.services_found.to_string())}
            {summary_row(if dry { "Would be added" } else { "Added" }, report.created.to_string())}
            {summary_row(if dry { "Would be updated" } else { "Updated" }, report.updated.to_string())}
            {summary_row("Already up to date", report.unchanged.to_string())}
            {summary_row("Left out", report.services_skipped.to_string())}
            {summary_row("Organisations, places, imported categories", format!("{}, {}, {}", report.organizations, report.locations, report.taxonomy_terms))}
            {summary_row("Fields not kept", if ignored.is_empty() { "None".to_owned() } else { ignored })}
        })}
        {dry.then(|| view! {
            <button type="button" class="govuk-button" on:click=move |_| on_import() disabled=move || busy.get()>"Import it"</button>
        })}
        {(!report.problems.is_empty()).then(|| view! {
            {table(
                Head::new(vec![Column::new("Record"), Column::new("Field"), Column::new("Problem"), Column::new("What happened")])
                    .caption(format!("{} problems found", report.problems.len()), Caption::M)
                    .class("ts-table--responsive"),
                report.problems.iter().take(SHOWN).map(|p| view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell" data-label="Record">{p.record.clone()}</td>
                        <td class="govuk-table__cell" data-label="Field">{p.field.clone()}</td>
                        <td class="govuk-table__cell" data-label="Problem">{p.message.clone()}</td>
                        <td class="govuk-table__cell" data-label="What happened">{outcome(p.outcome)}</td>
                    </tr>
                }).collect_view(),
            )}
            {(more > 0).then(|| view! { <p class="govuk-body">{format!("And {more} more, listed by `touchstone import-directory --dry-run`.")}</p> })}
        })}
    }
}
