//! App-wide state, provided once at the top of the app: who is signed in, and a one-off message
//! to show on the next page (GOV.UK's success notification banner).

use leptos::prelude::*;
use shared::api::auth::Account;

#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    /// Asking the server who we are.
    Checking,
    SignedOut,
    SignedIn(Account),
    /// The server could not be reached to find out.
    Unreachable(String),
}

#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub auth: RwSignal<Auth>,
    /// A success message for the page at `Flash::path`, cleared when the user moves elsewhere.
    pub flash: RwSignal<Option<Flash>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Flash {
    pub path: String,
    pub message: String,
}

impl Session {
    /// Leaves `message` for the page at `path` (usually the one about to be shown).
    pub fn notify(&self, path: &str, message: String) {
        self.flash.set(Some(Flash {
            path: path.to_owned(),
            message,
        }));
    }

    pub fn user(&self) -> Option<Account> {
        match self.auth.get() {
            Auth::SignedIn(user) => Some(user),
            _ => None,
        }
    }

    pub fn user_untracked(&self) -> Option<Account> {
        match self.auth.get_untracked() {
            Auth::SignedIn(user) => Some(user),
            _ => None,
        }
    }
}

/// Starts as the person last signed in on this device, if any, so their page shows at once
/// (`check_session` then asks the server, and signs them out here if their session has ended).
pub fn provide_session() -> Session {
    let remembered = (!sign_out_pending()).then(remembered_user).flatten();
    let session = Session {
        auth: RwSignal::new(remembered.map_or(Auth::Checking, Auth::SignedIn)),
        flash: RwSignal::new(None),
    };
    provide_context(session);
    session
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Finds out who is signed in (on start, on reconnecting, and when asked to try again). Offline,
/// the person last signed in on this device carries on with their local data; the server checks
/// the session again as soon as it can be reached.
pub fn check_session(session: Session) {
    let showing = matches!(session.auth.get_untracked(), Auth::SignedIn(_)) || on_sign_in_page();
    if !matches!(session.auth.get_untracked(), Auth::SignedIn(_)) {
        session.auth.set(Auth::Checking);
    }
    leptos::task::spawn_local(async move {
        // A page that needs no answer (sign-in, or the remembered person's) is painted before
        // asking; any other waits on the answer, so it is asked at once.
        if showing {
            crate::paint::after_paint().await;
        }
        // A sign-out made offline is finished first: the server's session must end too.
        if sign_out_pending() {
            if crate::api::auth::sign_out().await.is_err() {
                session.set_auth(Auth::SignedOut);
                return;
            }
            set_sign_out_pending(false);
        }
        let auth = match crate::api::auth::me().await {
            Ok(user) => Auth::SignedIn(user),
            Err(e) if e.is_unauthenticated() => Auth::SignedOut,
            Err(e) => match remembered_user() {
                Some(user) => Auth::SignedIn(user),
                None => Auth::Unreachable(e.message()),
            },
        };
        session.set_auth(auth);
    });
}

/// Whether the address is the sign-in page's (read from the browser: also before the router runs).
pub fn on_sign_in_page() -> bool {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .is_some_and(|path| path == "/sign-in")
}

const REMEMBERED: &str = "touchstone.user";
const SIGN_OUT_PENDING: &str = "touchstone.sign_out_pending";

fn sign_out_pending() -> bool {
    local_storage()
        .and_then(|s| s.get_item(SIGN_OUT_PENDING).ok().flatten())
        .is_some()
}

/// Remembers that the server has not yet heard of a sign-out (made with no connection).
pub fn set_sign_out_pending(pending: bool) {
    if let Some(storage) = local_storage() {
        let _ = if pending {
            storage.set_item(SIGN_OUT_PENDING, "1")
        } else {
            storage.remove_item(SIGN_OUT_PENDING)
        };
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Who last signed in on this device (name, email and roles only: no secret).
fn remembered_user() -> Option<Account> {
    serde_json::from_str(&local_storage()?.get_item(REMEMBERED).ok()??).ok()
}

impl Session {
    /// Sets who is signed in, remembering them for offline starts (or forgetting on sign-out).
    pub fn set_auth(&self, auth: Auth) {
        if let Some(storage) = local_storage() {
            match &auth {
                Auth::SignedIn(user) => {
                    let _ = serde_json::to_string(user).map(|json| storage.set_item(REMEMBERED, &json));
                }
                Auth::SignedOut => {
                    let _ = storage.remove_item(REMEMBERED);
                }
                Auth::Checking | Auth::Unreachable(_) => {}
            }
        }
        // The same answer again (the server confirming the remembered person) changes nothing:
        // setting it would draw the page anew, losing focus and what was being read.
        if self.auth.with_untracked(|now| *now != auth) {
            self.auth.set(auth);
        }
    }
}

/// Sets the document title the GOV.UK way: "Page – Touchstone", with "Error: " in front while a
/// form shows errors, so screen reader users hear it first.
pub fn set_title(page: &str, has_errors: bool) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let prefix = if has_errors { "Error: " } else { "" };
        document.set_title(&format!("{prefix}{page} – Touchstone"));
    }
}
