use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::auth::SignIn;

use crate::components::fields::TextField;
use crate::components::form::FormState;
use crate::components::notices::ErrorSummary;
use crate::state::{Auth, set_title, use_session};

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let sync = crate::sync::use_sync();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let form = FormState::new();
    Effect::new(move || set_title("Sign in", form.has_errors()));

    // Someone already signed in has no business here. A password an administrator chose is
    // changed first (`routes::lazy::sent_to_account`).
    let go_home = navigate.clone();
    Effect::new(move || {
        if let Auth::SignedIn(user) = session.auth.get()
            && !form.busy.get_untracked()
        {
            go_home(home(&user), Default::default());
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = SignIn {
            email: email.get_untracked(),
            password: password.get_untracked(),
        };
        let navigate = navigate.clone();
        let send = move |input: SignIn| async move {
            let user = crate::api::auth::sign_in(&input).await.map_err(|e| {
                if e.is_unauthenticated() {
                    // Never leave a wrong password in the box.
                    password.set(String::new());
                    e.against("email")
                } else {
                    e
                }
            })?;
            // The password opens (or makes) the key of their encrypted copy on this device; one an
            // administrator chose opens nothing until it is changed (`ChangePasswordForm`).
            if !user.must_change_password {
                sync.open_with_password(user.id, input.password).await;
            }
            Ok(user)
        };
        form.submit(input, send, move |user| {
            let to = home(&user);
            session.set_auth(Auth::SignedIn(user));
            navigate(to, Default::default());
        });
    };

    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=form.errors general=form.general order=&["email", "password"] />
                <h1 class="govuk-heading-l">"Sign in to Touchstone"</h1>
                <form novalidate on:submit=submit>
                    <TextField id="email" label="Email address" value=email errors=form.errors
                        input_type="email" autocomplete="username" />
                    <TextField id="password" label="Password" value=password errors=form.errors
                        input_type="password" autocomplete="current-password" />
                    <button type="submit" class="govuk-button" disabled=move || form.busy.get()>
                        {move || if form.busy.get() { "Signing in…" } else { "Sign in" }}
                    </button>
                </form>
                <p class="govuk-body">"Forgotten your password? Ask your administrator to set a new one."</p>
            </div>
        </div>
    }
}

/// Where a person goes once signed in.
fn home(user: &shared::api::auth::Account) -> &'static str {
    if user.must_change_password {
        "/account"
    } else {
        "/"
    }
}
