//! `/directory/postcodes`: a commissioner uploads the council's postcode table, so practitioners
//! can search near a postcode (on their devices too, with no signal). The whole file is checked
//! first; one wrong line and nothing changes, with every problem listed by line.

use leptos::prelude::*;
use shared::api::directory::{PostcodeImport, PostcodeTable};

use super::KEEPERS;
use crate::components::fields::FileField;
use crate::components::guard::Guard;
use crate::components::notices::{ErrorSummary, LoadError};
use crate::components::summary::{summary_list, summary_row};
use crate::state::set_title;

#[component]
pub fn PostcodesPage() -> impl IntoView {
    view! { <Guard roles=KEEPERS><Postcodes /></Guard> }
}

fn imported_text(table: &PostcodeTable) -> String {
    match table.imported_at {
        None => "Never: practitioners can search near a place or their location, not a postcode".to_owned(),
        Some(at) => shared::dates::long_date(at.with_timezone(&chrono::Local).date_naive()),
    }
}

#[component]
fn Postcodes() -> impl IntoView {
    let errors = RwSignal::new(shared::FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let problems = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<PostcodeImport>);
    let table = LocalResource::new(move || {
        done.track();
        crate::api::directory::postcodes()
    });
    Effect::new(move || {
        set_title(
            "Postcodes to search near",
            !errors.read().is_empty() || general.read().is_some(),
        )
    });
    let input = NodeRef::<leptos::html::Input>::new();
    let fail = move |message: &str| errors.set([("file".to_owned(), vec![message.to_owned()])].into());

    let upload = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        problems.set(Vec::new());
        general.set(None);
        let Some(file) = input.get().and_then(|i| i.files()).and_then(|f| f.get(0)) else {
            fail("Select a CSV file of postcodes");
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                Err(_) => fail("The file could not be read"),
                Ok(buffer) => {
                    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                    match crate::api::directory::import_postcodes(bytes).await {
                        Ok(imported) => {
                            errors.set(Default::default());
                            done.set(Some(imported));
                        }
                        Err(e) if !e.fields().is_empty() => {
                            let found = e.fields().remove("file").unwrap_or_default();
                            fail(&match found.len() {
                                1 => format!("{}. Nothing was imported", found[0].trim_end_matches('.')),
                                n => format!("The file has {n} problems, listed below. Nothing was imported"),
                            });
                            if found.len() > 1 {
                                problems.set(found);
                            }
                        }
                        Err(e) => general.set(Some(e.message())),
                    }
                }
            }
            busy.set(false);
        });
    };

    view! {
        <a href="/directory" class="govuk-back-link">"Back to community assets"</a>
        <ErrorSummary errors general order=&["file"] />
        <span class="govuk-caption-l">"Community assets"</span>
        <h1 class="govuk-heading-l">"Postcodes to search near"</h1>
        <p class="govuk-body">
            "With the council's postcodes, practitioners can find what is near a person's postcode, on their phone \
             with no signal too: each device keeps the table with its copy of the directory."
        </p>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading the postcode table…"</p> }>
            {move || table.get().map(|result| match result {
                Ok(t) => summary_list(view! {
                    {summary_row("Postcodes", t.postcodes.len().to_string())}
                    {summary_row("Last imported", imported_text(&t))}
                }).into_any(),
                Err(e) => view! { <LoadError message=e.message() /> }.into_any(),
            })}
        </Suspense>
        <h2 class="govuk-heading-m">"Import a postcode table"</h2>
        <p class="govuk-body">
            "A CSV file whose first line names its columns: "<code>"postcode,latitude,longitude"</code>
            ", then a postcode a line, its centre in decimal degrees. The ONS Postcode Directory's own columns ("
            <code>"pcds"</code>", "<code>"lat"</code>", "<code>"long"</code>
            ") work too, so your council's rows of it can be uploaded as they are. The new table replaces the old one."
        </p>
        <form novalidate on:submit=upload>
            <FileField label="Postcode file (CSV)" accept=".csv,text/csv" errors input
                hint="A line for each postcode, for example: BD21 0CC,53.867,-1.911" />
            <button type="submit" class="govuk-button" disabled=move || busy.get()>"Import postcodes"</button>
        </form>
        <div aria-live="polite">
            {move || busy.get().then(|| view! { <p class="govuk-body">"Checking and importing…"</p> })}
            {move || done.get().map(|d| view! {
                <div class="govuk-panel govuk-panel--confirmation">
                    <h2 class="govuk-panel__title">"Postcodes imported"</h2>
                    <div class="govuk-panel__body">{format!("{} postcodes", d.postcodes)}</div>
                </div>
                {(d.without_position > 0).then(|| view! {
                    <p class="govuk-body">{format!("{} rows had no position and were left out.", d.without_position)}</p>
                })}
            })}
            {move || (!problems.read().is_empty()).then(|| view! {
                <h2 class="govuk-heading-m">"Problems to put right"</h2>
                <ul class="govuk-list govuk-list--bullet">
                    {problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                </ul>
            })}
        </div>
    }
}
