use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::FieldErrors;
use shared::api::auth::SignIn;
use shared::validate::Validate;

use crate::components::fields::TextField;
use crate::components::notices::ErrorSummary;
use crate::state::{Auth, set_title, use_session};

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    Effect::new(move || set_title("Sign in", !errors.read().is_empty() || general.read().is_some()));

    // Someone already signed in has no business here.
    let go_home = navigate.clone();
    Effect::new(move || {
        if matches!(session.auth.get(), Auth::SignedIn(_)) && !busy.get_untracked() {
            go_home("/", Default::default());
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = SignIn {
            email: email.get_untracked(),
            password: password.get_untracked(),
        };
        general.set(None);
        if let Err(found) = form.validate() {
            errors.set(found);
            return;
        }
        errors.set(FieldErrors::new());
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match crate::api::auth::sign_in(&form).await {
                Ok(user) => {
                    session.auth.set(Auth::SignedIn(user));
                    navigate("/", Default::default());
                }
                Err(e) => {
                    let fields = e.fields();
                    if fields.is_empty() {
                        // "Enter a correct email address and password": against both fields, per GOV.UK.
                        let message = e.message();
                        if e.is_unauthenticated() {
                            errors.set(FieldErrors::from([("email".to_owned(), vec![message.clone()])]));
                            password.set(String::new());
                        } else {
                            general.set(Some(message));
                        }
                    } else {
                        errors.set(fields);
                    }
                }
            }
            busy.set(false);
        });
    };

    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=errors.into() general=general order=&["email", "password"] />
                <h1 class="govuk-heading-l">"Sign in to Touchstone"</h1>
                <form novalidate on:submit=submit>
                    <TextField id="email" label="Email address" value=email errors=errors.into()
                        input_type="email" autocomplete="username" />
                    <TextField id="password" label="Password" value=password errors=errors.into()
                        input_type="password" autocomplete="current-password" />
                    <button type="submit" class="govuk-button" disabled=move || busy.get()>
                        {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                    </button>
                </form>
                <p class="govuk-body">"Forgotten your password? Ask your administrator to set a new one."</p>
            </div>
        </div>
    }
}
