//! Shows its children only to a signed-in user with one of the given roles. This is for people,
//! not for security: the server checks every request itself.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::Role;

use crate::state::{Auth, check_session, use_session};

#[component]
pub fn Guard(
    /// Any of these roles may see the page; empty means anyone signed in.
    #[prop(default = &[])]
    roles: &'static [Role],
    children: ChildrenFn,
) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    Effect::new(move || {
        if session.auth.get() == Auth::SignedOut {
            navigate("/sign-in", Default::default());
        }
    });
    move || {
        match session.auth.get() {
        Auth::Checking | Auth::SignedOut => view! { <p class="govuk-body">"Loading…"</p> }.into_any(),
        Auth::Unreachable(message) => view! {
            <h1 class="govuk-heading-l">"Sorry, Touchstone cannot reach the server"</h1>
            <p class="govuk-body">{message}</p>
            <button type="button" class="govuk-button" on:click=move |_| check_session(session)>"Try again"</button>
        }
        .into_any(),
        Auth::SignedIn(user) if roles.is_empty() || user.has_any_role(roles) => children().into_any(),
        Auth::SignedIn(_) => {
            crate::state::set_title("You do not have access to this page", false);
            view! {
                <h1 class="govuk-heading-l">"You do not have access to this page"</h1>
                <p class="govuk-body">
                    "This page is for other roles. If you need it for your work, ask your administrator."
                </p>
                <p class="govuk-body"><a class="govuk-link" href="/">"Go to your home page"</a></p>
            }
            .into_any()
        }
    }
    }
}
