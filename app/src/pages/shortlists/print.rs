//! `/shortlists/:id/print`: "What's on near you" for the person to keep: large print, high
//! contrast, one service to a block with when, where, how to get in touch and what it costs, and
//! the practitioner's note. The print stylesheet drops everything else on the page. `?easy`
//! lays it out easy-read: short lines, larger type, plain headings. Read from the device, so it
//! prints offline.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::api::shortlists::Shortlist;
use shared::directory::leaflet::{self, Card};

use super::edit::id_param;
use crate::components::guard::Guard;
use crate::state::set_title;
use crate::store::records;
use crate::sync::use_sync;

#[component]
pub fn PrintPage() -> impl IntoView {
    let sync = use_sync();
    let id = id_param();
    let easy = Memo::new({
        let query = use_query_map();
        move |_| query.read().get("easy").is_some()
    });
    set_title("What's on near you", false);
    let cards = move || {
        let list = records::one::<Shortlist>(sync, id.get()?)?;
        let copy = crate::store::directory::copy();
        Some((list.id, leaflet::cards(&list.record, copy.as_deref())))
    };
    view! {
        <Guard>
            {move || match cards() {
                None => view! {
                    <h1 class="govuk-heading-l">"Shortlist not found"</h1>
                    <p class="govuk-body"><a class="govuk-link" href="/shortlists">"See your shortlists"</a></p>
                }.into_any(),
                Some((id, cards)) => view! {
                    <div class="ts-no-print govuk-button-group">
                        <a href=format!("/shortlists/{id}") class="govuk-back-link">"Back to the shortlist"</a>
                        <button type="button" class="govuk-button" on:click=|_| {
                            if let Some(window) = web_sys::window() {
                                let _ = window.print();
                            }
                        }>"Print this page"</button>
                        {move || if easy.get() {
                            view! { <a class="govuk-link" href=format!("/shortlists/{id}/print")>"Large print layout"</a> }.into_any()
                        } else {
                            view! { <a class="govuk-link" href=format!("/shortlists/{id}/print?easy")>"Easy-read layout"</a> }.into_any()
                        }}
                    </div>
                    <div class=move || if easy.get() { "ts-leaflet ts-leaflet--easy" } else { "ts-leaflet" }>
                        <h1 class="ts-leaflet__title">"What's on near you"</h1>
                        {cards.into_iter().map(|card| view! { <CardView card easy /> }).collect_view()}
                    </div>
                }.into_any(),
            }}
        </Guard>
    }
}

#[component]
fn CardView(card: Card, easy: Memo<bool>) -> impl IntoView {
    // Easy-read headings are questions people ask.
    let label =
        move |plain: &'static str, easy_words: &'static str| if easy.get() { easy_words } else { plain };
    let lines = |lines: Vec<String>| lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view();
    view! {
        <section class="ts-leaflet__card">
            <h2>{card.name.clone()}</h2>
            {(!card.note.trim().is_empty()).then(|| view! { <p class="ts-leaflet__note">{card.note.clone()}</p> })}
            {if card.missing {
                view! { <p>"Ask your social worker for its details."</p> }.into_any()
            } else {
                view! {
                    {(!card.when.is_empty()).then(|| view! { <h3>{move || label("When", "When is it on?")}</h3> {lines(card.when.clone())} })}
                    {(!card.places.is_empty()).then(|| view! { <h3>{move || label("Where", "Where is it?")}</h3> {lines(card.places.clone())} })}
                    {(!card.contact.is_empty()).then(|| view! { <h3>{move || label("Contact", "How do I get in touch?")}</h3> {lines(card.contact.clone())} })}
                    <h3>{move || label("Cost", "Does it cost money?")}</h3>
                    <p>{card.cost.clone()}</p>
                }.into_any()
            }}
        </section>
    }
}
