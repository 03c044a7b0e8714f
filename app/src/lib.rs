//! Touchstone's browser app: Leptos, client-side rendered, compiled to WASM.
//!
//! `App` provides the session context and declares every route; `pages/` holds one component per
//! route, `components/` the GOV.UK building blocks, and `api/` is the only module doing HTTP.

pub mod api;
pub mod components;
pub mod pages;
pub mod paint;
pub mod routes;
pub mod state;
pub mod store;
pub mod sync;
pub mod timing;

use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;

use crate::components::layout::Layout;

#[component]
pub fn App() -> impl IntoView {
    let session = state::provide_session();
    let sync = sync::provide_sync(session);
    state::check_session(session);
    // Each signed-in person syncs their own local data; another person's is never opened.
    Effect::new(move || match session.auth.get() {
        // Someone whose password an administrator chose opens nothing until they choose their
        // own (the server refuses it too); choosing it opens their copy (`ChangePasswordForm`).
        state::Auth::SignedIn(user) if user.must_change_password => {}
        // Starting also refreshes what the device keeps for offline use (questionnaires, a
        // manager's team).
        state::Auth::SignedIn(user) => sync.start(user.id),
        // Signed out with a copy still open means the session ended without a sign-out here
        // (the engine or the session check on reconnecting heard it): the copy is cleared up.
        // Signing out stops the engine before it says so, leaving nothing open.
        state::Auth::SignedOut => {
            let open = sync.user.get_untracked();
            sync.stop();
            if let Some(user) = open {
                sync.session_ended(user);
            }
        }
        state::Auth::Checking | state::Auth::Unreachable(_) => {}
    });
    view! {
        <Router>
            <ClearFlashOnNavigation />
            <Layout>
                <routes::AppRoutes />
            </Layout>
        </Router>
    }
}

/// A success message belongs to one page: moving to any other page clears it.
#[component]
fn ClearFlashOnNavigation() -> impl IntoView {
    let session = state::use_session();
    let pathname = use_location().pathname;
    Effect::new(move || {
        let path = pathname.get();
        if session.flash.get_untracked().is_some_and(|f| f.path != path) {
            session.flash.set(None);
        }
    });
}

/// Entry point called by the wasm-bindgen start-up code (`app/boot.js` then removes the loading
/// message, or the server's first paint).
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    register_service_worker();
    leptos::mount::mount_to_body(App);
}

/// The service worker keeps the app's files so it opens with no connection.
fn register_service_worker() {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().service_worker().register("/sw.js");
    }
}
