//! What the device keeps beside a person's records, in `localStorage` (templates, team names):
//! not personal to one record, read often, small. One signal says when any of it changes, so
//! pages that read it in a reactive closure show what arrives after they opened.

use leptos::prelude::*;

thread_local! {
    static CHANGED: RwSignal<u64> = RwSignal::new(0);
}

pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Makes the reactive closure reading kept data run again when it changes.
pub fn track() {
    CHANGED.with(|c| c.track());
}

/// Says that kept data changed.
pub fn changed() {
    CHANGED.with(|c| c.update(|n| *n += 1));
}
