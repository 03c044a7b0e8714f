//! `/find`: a practitioner finds what is local for the person in front of them: words and
//! filters, answered from the device's copy of the directory, so it works the same with no
//! signal. Until the copy has arrived (the first minute after a first sign-in), the server
//! answers instead.
//!
//! The search lives in the address (`/find?search=walk&open=now`), so Back, a bookmark and a
//! shared link all give the same results.

mod form;
mod results;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::directory::search::finding::Finding;

use crate::components::guard::Guard;
use crate::state::set_title;

#[component]
pub fn FindPage() -> impl IntoView {
    view! { <Guard><Find /></Guard> }
}

/// Now, on this device's clock, for "open now" and "open today".
pub fn now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

/// The find page's address for `finding`.
pub fn address(finding: &Finding) -> String {
    let query = crate::pages::results::query_string(&finding.pairs());
    if query.is_empty() {
        "/find".to_owned()
    } else {
        format!("/find?{query}")
    }
}

#[component]
fn Find() -> impl IntoView {
    let query = use_query_map();
    let finding = Memo::new(move |_| {
        let q = query.read();
        Finding::read(|key| q.get(key))
    });
    // A place typed among the words ("lunch club keighley") is searched near: the address
    // says so, and the page offers to search without it.
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move || {
        let f = finding.get();
        let lifted = f.with_place_lifted();
        if lifted != f {
            navigate(
                &address(&lifted),
                leptos_router::NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    // Opened before the sync code read the device's copy (a bookmark, offline): read it now.
    leptos::task::spawn_local(async {
        let _ = crate::store::directory::load().await;
    });
    Effect::new(move || {
        let f = finding.get();
        let title = if f.words.is_empty() {
            "Find what's local".to_owned()
        } else {
            format!("{} – Find what's local", f.words)
        };
        let copy = crate::store::directory::copy();
        set_title(
            &title,
            f.query_on(now(), copy.as_deref().map(|c| &c.postcodes)).is_err(),
        );
    });

    view! {
        <span class="govuk-caption-l">"Community assets"</span>
        <h1 class="govuk-heading-l">"Find what's local"</h1>
        <p class="govuk-body"><a class="govuk-link" href="/shortlists">"Your shortlists"</a></p>
        <form::SearchForm finding />
        <results::Results finding />
    }
}
