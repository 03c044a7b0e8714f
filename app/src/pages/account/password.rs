//! Change your password: the current one, then a new one the server judges for guessability.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::auth::ChangePassword;

use crate::components::fields::TextField;
use crate::components::form::FormState;
use crate::components::notices::ErrorSummary;
use crate::state::{Auth, use_session};

#[component]
pub fn ChangePasswordForm(
    /// An administrator chose the password: once changed, the person goes on to their home page.
    forced: bool,
) -> impl IntoView {
    let session = use_session();
    let sync = crate::sync::use_sync();
    let navigate = use_navigate();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let form = FormState::new();
    Effect::new(move || {
        if form.has_errors() {
            crate::state::set_title("Your account", true);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = ChangePassword {
            current: current.get_untracked(),
            new: new.get_untracked(),
        };
        let navigate = navigate.clone();
        // Once the server has it, the key of the copy on this device is wrapped under the new
        // password too, so that offline the new one opens it. A person whose password an
        // administrator chose had nothing open: their own password opens their copy now.
        let send = move |input: ChangePassword| async move {
            crate::api::auth::change_password(&input).await?;
            match session.user_untracked() {
                Some(user) if user.must_change_password => {
                    sync.open_with_password(user.id, input.new).await;
                }
                _ => sync.rewrap(input.current, input.new).await,
            }
            Ok(())
        };
        form.submit(input, send, move |()| {
            current.set(String::new());
            new.set(String::new());
            if let Some(mut user) = session.user_untracked() {
                user.must_change_password = false;
                session.set_auth(Auth::SignedIn(user));
            }
            let message =
                "Your password has been changed. Anywhere else you were signed in, you have been signed out.";
            let to = if forced { "/" } else { "/account" };
            session.notify(to, message.to_owned());
            if forced {
                navigate(to, Default::default());
            }
        });
    };
    view! {
        <ErrorSummary errors=form.errors general=form.general order=&["current", "new"] />
        <h2 class="govuk-heading-m">"Change your password"</h2>
        <form novalidate on:submit=submit>
            <TextField id="current" label="Current password" value=current errors=form.errors
                input_type="password" autocomplete="current-password" />
            <TextField id="new" label="New password" value=new errors=form.errors
                input_type="password" autocomplete="new-password"
                hint="At least 12 characters. Three or four unrelated words are easy to remember and hard to guess." />
            <button type="submit" class="govuk-button" disabled=move || form.busy.get()>
                {move || if form.busy.get() { "Changing your password…" } else { "Change password" }}
            </button>
        </form>
    }
}
