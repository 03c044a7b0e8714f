//! Risk enablement forms (RISK-ENABLEMENT.md): a practitioner's record of a conversation with a
//! person about something they want to do, section by section in the order it is had, saved on
//! the device as it is typed (offline too), checked and sent to a manager of their team, who
//! returns it with comments or agrees it.
//!
//! The pages are two chunks of their own (the editing pages apart), fetched from the notes' chunk
//! when first opened (`RiskPages`): a route type of their own would cost the first download its
//! loader.

mod capacity;
mod check;
mod edit;
mod history;
mod list;
mod new;
mod outputs;
mod pickers;
mod review;
mod sections;
mod tasks;

use leptos::prelude::*;
use shared::api::risk_enablement::RiskEnablement;
use shared::{RecordId, Role};

use crate::components::absent::{Absent, Kind, loading_or_missing};
use crate::routes::lazy::{NotLoaded, nested};
use crate::store::records;
use crate::sync::Sync;

/// A form as this device holds it.
pub type Local = records::Local<RiskEnablement>;

pub fn all(sync: Sync) -> Vec<Local> {
    records::all::<RiskEnablement>(sync)
}

pub fn one(sync: Sync, id: RecordId) -> Option<Local> {
    records::one(sync, id)
}

pub fn save(sync: Sync, id: RecordId, form: &RiskEnablement) {
    records::save(sync, id, form);
}

pub const KIND: Kind = Kind {
    noun: "risk enablement form",
    list_href: "/risk",
    list_name: "risk enablement forms",
};

/// Shown while this device's data opens, or when a form is not here.
#[component]
pub fn NotHere(loading: bool) -> impl IntoView {
    view! { <Absent why=loading_or_missing(loading) kind=KIND /> }
}

/// Everyone who may open a form: its author, managers, colleagues it is shared with.
const READERS: &[Role] = &[Role::Practitioner, Role::TeamManager];

/// `/risk` and everything under it: fetches the pages' chunk, then shows the page.
#[component]
pub fn RiskPages() -> impl IntoView {
    nested(risk_pages(), |page| page())
}

#[allow(unsafe_code)] // wasm-split's generated loader
#[leptos::wasm_split::wasm_split(risk, wasm_split_path = ::leptos::wasm_split, fallible)]
fn risk_pages() -> Result<fn() -> AnyView, NotLoaded> {
    Ok(pages)
}

/// A section of the form, or its capacity page: the editing pages are a chunk of their own,
/// fetched from this one (together the pages are twice a chunk's budget).
#[component]
fn FormPages(id: Option<RecordId>, slug: String) -> impl IntoView {
    nested(form_pages(), move |page| page(id, slug.clone()))
}

type FormPage = fn(Option<RecordId>, String) -> AnyView;

#[allow(unsafe_code)] // wasm-split's generated loader
#[leptos::wasm_split::wasm_split(risk_form, wasm_split_path = ::leptos::wasm_split, fallible)]
fn form_pages() -> Result<FormPage, NotLoaded> {
    Ok(form_page)
}

fn form_page(id: Option<RecordId>, slug: String) -> AnyView {
    if slug == "capacity" {
        view! { <capacity::CapacityPage id /> }.into_any()
    } else {
        view! { <sections::SectionPage id slug /> }.into_any()
    }
}

/// The page for the path, chosen again whenever the path changes.
fn pages() -> AnyView {
    let path = leptos_router::hooks::use_location().pathname;
    let page = Memo::new(move |_| {
        let path = path.get();
        path.trim_matches('/')
            .split('/')
            .skip(1)
            .map(str::to_owned)
            .collect::<Vec<_>>()
    });
    view! {
        <crate::components::guard::Guard roles=READERS>
            {move || {
                let segments = page.get();
                let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
                // Every opening of a form is a read, told to the server (later, when offline).
                if let Some(id) = segments.first().and_then(|s| s.parse::<RecordId>().ok()) {
                    crate::store::reads::note(id);
                }
                match segments.as_slice() {
                    [] => view! { <list::RiskListPage /> }.into_any(),
                    ["new"] => view! { <new::NewRiskPage /> }.into_any(),
                    [id] => view! { <tasks::TaskListPage id=id.parse().ok() /> }.into_any(),
                    [id, "check"] => view! { <check::CheckPage id=id.parse().ok() /> }.into_any(),
                    [id, "capacity"] => view! { <FormPages id=id.parse().ok() slug="capacity".to_owned() /> }.into_any(),
                    [id, "review"] => view! { <review::ReviewPage id=id.parse().ok() /> }.into_any(),
                    [id, "history"] => view! { <history::HistoryPage id=id.parse().ok() /> }.into_any(),
                    [id, "print"] => view! { <outputs::PrintPage id=id.parse().ok() pack=false /> }.into_any(),
                    [id, "panel"] => view! { <outputs::PrintPage id=id.parse().ok() pack=true /> }.into_any(),
                    [id, "text"] => view! { <outputs::TextPage id=id.parse().ok() /> }.into_any(),
                    [id, section] => view! { <FormPages id=id.parse().ok() slug=section.to_string() /> }.into_any(),
                    _ => view! { <crate::pages::not_found::NotFoundPage /> }.into_any(),
                }
            }}
        </crate::components::guard::Guard>
    }
    .into_any()
}
