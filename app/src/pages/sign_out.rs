//! Signing out wipes this device's copy of the person's data. With changes still waiting, it
//! warns first and offers to send them.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::components::guard::Guard;
use crate::state::{Auth, Session, set_title, use_session};
use crate::sync::{Sync, use_sync};

/// Signs out on the server (if it can be reached), deletes the local data and goes to sign-in.
pub fn sign_out_now(
    session: Session,
    sync: Sync,
    navigate: impl Fn(&str, leptos_router::NavigateOptions) + 'static,
) {
    leptos::task::spawn_local(async move {
        sync.wipe().await;
        // Offline, the server hears of it as soon as the app next reaches it.
        crate::state::set_sign_out_pending(crate::api::auth::sign_out().await.is_err());
        session.set_auth(Auth::SignedOut);
        navigate("/sign-in", Default::default());
    });
}

#[component]
pub fn SignOutPage() -> impl IntoView {
    view! { <Guard><ConfirmSignOut /></Guard> }
}

#[component]
fn ConfirmSignOut() -> impl IntoView {
    let session = use_session();
    let sync = use_sync();
    let navigate = use_navigate();
    let waiting = move || sync.state.with(|s| s.as_ref().map_or(0, |s| s.waiting()));
    // Until this device's copy is open, nobody knows what is waiting: signing out is held back
    // (unless the sync code could not load at all, which the sync bar says).
    // Someone yet to replace a password an administrator chose has nothing open, so nothing
    // waiting: their copy opens only once they have chosen their own.
    let unopened = move || session.user().is_some_and(|u| u.must_change_password);
    let known = move || sync.state.with(Option::is_some) || sync.error.with(Option::is_some) || unopened();
    set_title("Sign out", false);
    // The header's "Sign out", pressed before the device's copy was open, comes here with `now`:
    // once it is known that nothing is waiting, the sign-out goes ahead as it would have.
    let now = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("now").is_some());
    let done = StoredValue::new(false);
    let go = navigate.clone();
    Effect::new(move || {
        if now && (sync.state.with(Option::is_some) || unopened()) && waiting() == 0 && !done.get_value() {
            done.set_value(true);
            sign_out_now(session, sync, go.clone());
        }
    });
    let leave = {
        let navigate = navigate.clone();
        move |_| sign_out_now(session, sync, navigate.clone())
    };
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Sign out"</h1>
                <Show
                    when=move || { waiting() > 0 }
                    fallback=move || if known() {
                        view! { <p class="govuk-body">"Everything on this device has been sent to Touchstone."</p> }
                    } else {
                        view! { <p class="govuk-body">"Checking this device for changes not yet sent…"</p> }
                    }
                >
                    <div class="govuk-warning-text">
                        <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                        <strong class="govuk-warning-text__text">
                            <span class="govuk-visually-hidden">"Warning"</span>
                            {move || match waiting() {
                                1 => "1 change on this device has not reached Touchstone yet. If you sign out now, it will be lost.".to_owned(),
                                n => format!("{n} changes on this device have not reached Touchstone yet. If you sign out now, they will be lost."),
                            }}
                        </strong>
                    </div>
                    <button type="button" class="govuk-button" on:click=move |_| sync.sync_now()
                        disabled=move || sync.syncing.get() || !sync.online.get()>
                        "Try to send them now"
                    </button>
                </Show>
                <p class="govuk-body">"Signing out removes your Touchstone data from this device."</p>
                <div class="govuk-button-group">
                    <button type="button" class="govuk-button govuk-button--warning" on:click=leave
                        disabled=move || !known()>
                        {move || if waiting() > 0 { "Sign out and lose these changes" } else { "Sign out" }}
                    </button>
                    <a class="govuk-link" href="/">"Stay signed in"</a>
                </div>
            </div>
        </div>
    }
}
