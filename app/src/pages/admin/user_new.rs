use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::users::CreateUser;

use super::ADMIN;
use super::user_form::{FIELD_ORDER, ProfileFields, ProfileForm};
use crate::components::fields::TextField;
use crate::components::form::FormState;
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
    let profile = ProfileForm::new();
    let password = RwSignal::new(String::new());
    let form = FormState::new();
    let teams = LocalResource::new(|| async { crate::api::teams::list_teams().await.unwrap_or_default() });
    Effect::new(move || set_title("Add a user", form.has_errors()));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CreateUser {
            profile: profile.profile(),
            password: password.get_untracked(),
        };
        let navigate = navigate.clone();
        form.submit(
            input,
            |input| async move { crate::api::users::create_user(&input).await },
            move |user| {
                session.notify(
                    "/admin/users",
                    format!("{} can now sign in as {}", user.display_name, user.email),
                );
                navigate("/admin/users", Default::default());
            },
        );
    };

    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <a href="/admin/users" class="govuk-back-link">"Back to users"</a>
                <ErrorSummary errors=form.errors general=form.general order=FIELD_ORDER />
                <h1 class="govuk-heading-l">"Add a user"</h1>
                <form novalidate on:submit=submit>
                    <ProfileFields form=profile teams=Signal::derive(move || teams.get().unwrap_or_default())
                        errors=form.errors show_active=false />
                    <TextField id="password" label="First password" value=password errors=form.errors
                        input_type="password" autocomplete="new-password" hint=PASSWORD_HINT />
                    <button type="submit" class="govuk-button" disabled=move || form.busy.get()>"Add user"</button>
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
