//! Shortlists for a person: services picked from the directory (on a service's page), kept on
//! the device and synced, private to their author. `/shortlists` lists them; each opens to be
//! put in order, noted, printed large ("What's on near you") or shared as text.

pub mod add;
mod edit;
mod print;

use leptos::prelude::*;
use shared::api::shortlists::Shortlist;

use crate::components::guard::Guard;
use crate::components::notices::FlashBanner;
use crate::state::set_title;
use crate::store::records;
use crate::sync::use_sync;

pub use edit::ShortlistPage;
pub use print::PrintPage;

#[component]
pub fn ShortlistsPage() -> impl IntoView {
    view! { <Guard><Shortlists /></Guard> }
}

#[component]
fn Shortlists() -> impl IntoView {
    let sync = use_sync();
    set_title("Shortlists", false);
    let lists = move || {
        let lists = records::all::<Shortlist>(sync);
        // Newest first. Ids are UUID v7, led by when they were made (milliseconds, exact as a
        // float): a score for the find page's one sort, rather than another sort's code.
        let made = |l: &records::Local<Shortlist>| {
            l.id.0.as_bytes()[..6]
                .iter()
                .fold(0u64, |ms, b| ms << 8 | u64::from(*b)) as f64
        };
        let mut order: Vec<(usize, f64)> = lists.iter().enumerate().map(|(i, l)| (i, made(l))).collect();
        shared::directory::copy::best_first(&mut order);
        order
            .into_iter()
            .map(|(i, _)| lists[i].clone())
            .collect::<Vec<_>>()
    };
    view! {
        <FlashBanner />
        <span class="govuk-caption-l">"Community assets"</span>
        <h1 class="govuk-heading-l">"Shortlists"</h1>
        <p class="govuk-body">
            "Services you have picked for someone, by their case reference. To add one, open a service from "
            <a class="govuk-link" href="/find">"Find what's local"</a>" and choose “Add to a shortlist”. "
            "Only you can see your shortlists; they work offline."
        </p>
        <Show when=move || !lists().is_empty() fallback=|| view! { <p class="govuk-body">"You have no shortlists yet."</p> }>
            <ul class="govuk-list ts-notes">
                {move || lists().into_iter().map(|l| {
                    let count = match l.record.services.len() { 1 => "1 service".to_owned(), n => format!("{n} services") };
                    view! {
                        <li class="ts-notes__item">
                            <a class="govuk-link" href=format!("/shortlists/{}", l.id)>{format!("For {}", l.record.reference)}</a>
                            {format!(" ({count})")}
                            {l.waiting.then(|| view! { " " <strong class="govuk-tag govuk-tag--yellow">"Not sent yet"</strong> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Show>
    }
}
