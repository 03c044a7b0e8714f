//! App-wide state, provided once at the top of the app: who is signed in, and a one-off message
//! to show on the next page (GOV.UK's success notification banner).

use leptos::prelude::*;
use shared::api::users::User;

#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    /// Asking the server who we are.
    Checking,
    SignedOut,
    SignedIn(User),
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

    pub fn user(&self) -> Option<User> {
        match self.auth.get() {
            Auth::SignedIn(user) => Some(user),
            _ => None,
        }
    }
}

pub fn provide_session() -> Session {
    let session = Session {
        auth: RwSignal::new(Auth::Checking),
        flash: RwSignal::new(None),
    };
    provide_context(session);
    session
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Finds out who is signed in (on start, and when asked to try again).
pub fn check_session(session: Session) {
    session.auth.set(Auth::Checking);
    leptos::task::spawn_local(async move {
        let auth = match crate::api::auth::me().await {
            Ok(user) => Auth::SignedIn(user),
            Err(e) if e.is_unauthenticated() => Auth::SignedOut,
            Err(e) => Auth::Unreachable(e.message()),
        };
        session.auth.set(auth);
    });
}

/// Sets the document title the GOV.UK way: "Page – Touchstone", with "Error: " in front while a
/// form shows errors, so screen reader users hear it first.
pub fn set_title(page: &str, has_errors: bool) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let prefix = if has_errors { "Error: " } else { "" };
        document.set_title(&format!("{prefix}{page} – Touchstone"));
    }
}
