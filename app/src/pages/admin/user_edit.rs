use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::UserId;
use shared::api::users::{SetPassword, UserProfile};

use super::ADMIN;
use super::user_form::{FIELD_ORDER, ProfileFields, ProfileForm};
use super::user_new::PASSWORD_HINT;
use crate::components::fields::TextField;
use crate::components::form::FormState;
use crate::components::guard::Guard;
use crate::components::notices::{ErrorSummary, LoadError};
use crate::state::{set_title, use_session};

#[component]
pub fn EditUserPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<UserId>().ok());
    let data = LocalResource::new(move || async move {
        let Some(id) = id() else {
            return Err(crate::api::ApiError::Network(
                "That user could not be found".into(),
            ));
        };
        let user = crate::api::users::get_user(id).await?;
        let teams = crate::api::teams::list_teams().await?;
        Ok((user, teams))
    });
    view! {
        <Guard roles=ADMIN>
            <a href="/admin/users" class="govuk-back-link">"Back to users"</a>
            <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
                {move || data.get().map(|result| match result {
                    Ok((user, teams)) => {
                        let profile = ProfileForm::new();
                        profile.fill(&user);
                        view! { <EditUser id=user.id name=user.display_name.clone() profile teams /> }.into_any()
                    }
                    Err(e) => view! { <LoadError message=e.message() heading="This user could not be shown" /> }.into_any(),
                })}
            </Suspense>
        </Guard>
    }
}

#[component]
fn EditUser(
    id: UserId,
    name: String,
    profile: ProfileForm,
    teams: Vec<shared::api::teams::Team>,
) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let form = FormState::new();
    let password = RwSignal::new(String::new());
    let password_form = FormState::new();
    let password_done = RwSignal::new(None::<String>);
    let title = format!("Change {name}");
    let page_title = title.clone();
    Effect::new(move || set_title(&page_title, form.has_errors() || password_form.has_errors()));

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        let send = move |input: UserProfile| async move { crate::api::users::update_user(id, &input).await };
        form.submit(profile.profile(), send, move |user| {
            session.notify("/admin/users", format!("Changes to {} saved", user.display_name));
            navigate("/admin/users", Default::default());
        });
    };

    let set_password = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        password_done.set(None);
        let input = SetPassword {
            password: password.get_untracked(),
        };
        let send =
            move |input: SetPassword| async move { crate::api::users::set_user_password(id, &input).await };
        password_form.submit(input, send, move |()| {
            password.set(String::new());
            password_done.set(Some(
                "New password set. They have been signed out everywhere.".into(),
            ));
        });
    };

    // One summary for both forms on the page.
    let all_errors = Signal::derive(move || {
        let mut all = form.errors.get();
        all.extend(password_form.errors.get());
        all
    });
    let general = Signal::derive(move || form.general.get().or_else(|| password_form.general.get()));
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=all_errors general order=FIELD_ORDER />
                <span class="govuk-caption-l">"Administration"</span>
                <h1 class="govuk-heading-l">{title}</h1>
                <form novalidate on:submit=save>
                    <ProfileFields form=profile teams=Signal::stored(teams) errors=form.errors show_active=true />
                    <button type="submit" class="govuk-button" disabled=move || form.busy.get()>"Save changes"</button>
                </form>
                <h2 class="govuk-heading-m">"Set a new password"</h2>
                {move || password_done.get().map(|m| view! { <div class="govuk-inset-text" role="status">{m}</div> })}
                <form novalidate on:submit=set_password>
                    <TextField id="password" label="New password" value=password errors=password_form.errors
                        input_type="password" autocomplete="new-password" hint=PASSWORD_HINT />
                    <button type="submit" class="govuk-button govuk-button--secondary"
                        disabled=move || password_form.busy.get()>"Set password"</button>
                </form>
            </div>
        </div>
    }
}
