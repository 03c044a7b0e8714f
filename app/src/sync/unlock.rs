//! Unlocking the person's copy on this device with their password, when neither a sign-in nor a
//! live session has opened it (offline after a reload). The engine finds the copy locked, so the
//! form is the engine's too: it is put at the top of the page's `<main>`, and the page beneath
//! (which would only say "Loading…") is hidden until the copy opens.

use std::cell::RefCell;

use leptos::prelude::*;
use shared::FieldErrors;
use wasm_bindgen::JsCast;

use super::Sync;
use crate::components::fields::TextField;
use crate::components::notices::ErrorSummary;

/// The form on show: where it is, and what keeps it drawn.
struct Shown {
    holder: web_sys::Element,
    mounted: Box<dyn std::any::Any>,
}

thread_local! {
    static SHOWN: RefCell<Option<Shown>> = const { RefCell::new(None) };
}

fn main_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id("main-content")
}

/// `main` hides everything but the form while the copy is locked (`.ts-locked` in the sheet).
fn mark_locked(main: &web_sys::Element, locked: bool) {
    let class = if locked {
        "govuk-main-wrapper ts-locked"
    } else {
        "govuk-main-wrapper"
    };
    let _ = main.set_attribute("class", class);
}

/// Shows the form, once.
pub(super) fn show(sync: Sync) {
    if SHOWN.with(|s| s.borrow().is_some()) {
        return;
    }
    let Some(main) = main_element() else { return };
    let Some(holder) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("div").ok())
    else {
        return;
    };
    holder.set_class_name("ts-unlock");
    let _ = main.prepend_with_node_1(&holder);
    mark_locked(&main, true);
    let mounted = leptos::mount::mount_to(holder.clone().unchecked_into(), move || form(sync));
    SHOWN.with(|s| {
        *s.borrow_mut() = Some(Shown {
            holder,
            mounted: Box::new(mounted),
        })
    });
}

/// Takes the form away (the copy opened, or its person signed out).
fn hide() {
    let Some(shown) = SHOWN.with(|s| s.borrow_mut().take()) else {
        return;
    };
    drop(shown.mounted);
    shown.holder.remove();
    if let Some(main) = main_element() {
        mark_locked(&main, false);
    }
}

fn form(sync: Sync) -> impl IntoView {
    // Gone once the copy is open (or closed by signing out), after this turn of the event loop:
    // the form is not taken away from inside its own effect.
    Effect::new(move || {
        if !sync.locked.get() {
            leptos::task::spawn_local(async { hide() });
        }
    });
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    crate::state::set_title("Unlock your work", false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = password.get_untracked();
        if typed.is_empty() {
            errors.set(FieldErrors::from([(
                "unlock-password".into(),
                vec!["Enter your password".into()],
            )]));
            return;
        }
        errors.set(FieldErrors::new());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match sync.unlock_loaded(typed).await {
                Ok(()) => password.set(String::new()),
                Err(why) => {
                    // Never leave a wrong password in the box.
                    password.set(String::new());
                    errors.set(FieldErrors::from([("unlock-password".into(), vec![why])]));
                }
            }
            busy.set(false);
        });
    };
    Effect::new(move || crate::state::set_title("Unlock your work", !errors.read().is_empty()));
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=errors general=general order=&["unlock-password"] />
                <h1 class="govuk-heading-l">"Unlock your work on this device"</h1>
                <p class="govuk-body">
                    "Touchstone keeps your work on this device encrypted. Enter your password to \
                     open it: it is checked on this device, so this works with no connection."
                </p>
                <form novalidate on:submit=submit>
                    <TextField id="unlock-password" label="Password" value=password errors=errors
                        input_type="password" autocomplete="current-password" />
                    <button type="submit" class="govuk-button" disabled=move || busy.get()>
                        {move || if busy.get() { "Unlocking…" } else { "Unlock" }}
                    </button>
                </form>
                <p class="govuk-body">"Not you, or forgotten the password?"</p>
                <button type="button" class="govuk-button govuk-button--warning" on:click=move |_| sign_out(sync)>
                    "Sign out and delete this device's copy"
                </button>
                <p class="govuk-body">"Changes in it that have not reached Touchstone will be lost."</p>
            </div>
        </div>
    }
}

/// Signs out from the locked copy: it is deleted unread, the server is told (or will be, once
/// online), and sign-in opens.
fn sign_out(sync: Sync) {
    leptos::task::spawn_local(async move {
        sync.wipe_loaded().await;
        crate::state::set_sign_out_pending(crate::api::auth::sign_out().await.is_err());
        sync.session.set_auth(crate::state::Auth::SignedOut);
        if let Some(window) = web_sys::window() {
            let _ = window.location().assign("/sign-in");
        }
    });
}
