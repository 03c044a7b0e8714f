use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::FieldErrors;
use shared::api::users::CreateUser;
use shared::validate::Validate;

use super::ADMIN;
use super::user_form::{FIELD_ORDER, ProfileFields, ProfileForm};
use crate::components::fields::TextField;
use crate::components::guard::Guard;
use crate::components::notices::ErrorSummary;
use crate::state::{set_title, use_session};

#[component]
pub fn NewUserPage() -> impl IntoView {
    view! { <Guard roles=ADMIN><NewUserForm /></Guard> }
}

#[component]
fn NewUserForm() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let form = ProfileForm::new();
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let teams = LocalResource::new(|| async { crate::api::teams::list_teams().await.unwrap_or_default() });
    Effect::new(move || {
        set_title(
            "Add a user",
            !errors.read().is_empty() || general.read().is_some(),
        )
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CreateUser {
            profile: form.profile(),
            password: password.get_untracked(),
        };
        general.set(None);
        if let Err(found) = input.validate() {
            errors.set(found);
            return;
        }
        errors.set(FieldErrors::new());
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match crate::api::users::create_user(&input).await {
                Ok(user) => {
                    session.notify(
                        "/admin/users",
                        format!("{} can now sign in as {}", user.display_name, user.email),
                    );
                    navigate("/admin/users", Default::default());
                }
                Err(e) if !e.fields().is_empty() => errors.set(e.fields()),
                Err(e) => general.set(Some(e.message())),
            }
            busy.set(false);
        });
    };

    view! {
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    <a href="/admin/users" class="govuk-back-link">"Back to users"</a>
                    <ErrorSummary errors=errors.into() general=general order=FIELD_ORDER />
                    <h1 class="govuk-heading-l">"Add a user"</h1>
                    <form novalidate on:submit=submit>
                        <ProfileFields form teams=Signal::derive(move || teams.get().unwrap_or_default())
                            errors=errors.into() show_active=false />
                        <TextField id="password" label="First password" value=password errors=errors.into()
                            input_type="password" autocomplete="new-password"
                            hint=PASSWORD_HINT />
                        <button type="submit" class="govuk-button" disabled=move || busy.get()>"Add user"</button>
                    </form>
                </div>
            </div>
    }
}

/// Shown under every new-password field; the number is `shared::validate::PASSWORD_MIN` (a test
/// keeps them in step).
pub const PASSWORD_HINT: &str = "Must be 12 characters or more. Give it to the person securely.";

#[cfg(test)]
mod tests {
    #[test]
    fn hint_states_the_shared_minimum() {
        assert!(super::PASSWORD_HINT.contains(&format!("{} characters", shared::validate::PASSWORD_MIN)));
    }
}
