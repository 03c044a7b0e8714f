use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::TeamId;
use shared::api::teams::{Team, TeamInput};

use super::ADMIN;
use super::teams::TEAM_FIELDS;
use crate::components::fields::{CheckboxField, TextField};
use crate::components::form::FormState;
use crate::components::guard::Guard;
use crate::components::notices::{ErrorSummary, LoadError};
use crate::state::{set_title, use_session};

#[component]
pub fn EditTeamPage() -> impl IntoView {
    let params = use_params_map();
    let team = LocalResource::new(move || {
        let id = params.read().get("id").and_then(|s| s.parse::<TeamId>().ok());
        async move {
            match id {
                Some(id) => crate::api::teams::get_team(id).await,
                None => Err(crate::api::ApiError::Network(
                    "That team could not be found".into(),
                )),
            }
        }
    });
    view! {
        <Guard roles=ADMIN>
            <a href="/admin/teams" class="govuk-back-link">"Back to teams"</a>
            <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
                {move || team.get().map(|result| match result {
                    Ok(team) => view! { <EditTeam team /> }.into_any(),
                    Err(e) => view! { <LoadError message=e.message() heading="This team could not be shown" /> }.into_any(),
                })}
            </Suspense>
        </Guard>
    }
}

#[component]
fn EditTeam(team: Team) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let name = RwSignal::new(team.name.clone());
    let service_area = RwSignal::new(team.service_area.clone());
    let active = RwSignal::new(team.active);
    let form = FormState::new();
    let title = format!("Change {}", team.name);
    let page_title = title.clone();
    Effect::new(move || set_title(&page_title, form.has_errors()));

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = TeamInput {
            name: name.get_untracked(),
            service_area: service_area.get_untracked(),
            active: active.get_untracked(),
        };
        let navigate = navigate.clone();
        let send =
            move |input: TeamInput| async move { crate::api::teams::update_team(team.id, &input).await };
        form.submit(input, send, move |saved| {
            session.notify("/admin/teams", format!("Changes to {} saved", saved.name));
            navigate("/admin/teams", Default::default());
        });
    };

    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=form.errors general=form.general order=TEAM_FIELDS />
                <span class="govuk-caption-l">"Administration"</span>
                <h1 class="govuk-heading-l">{title}</h1>
                <form novalidate on:submit=save>
                    <TextField id="name" label="Team name" value=name errors=form.errors />
                    <TextField id="service_area" label="Service area" value=service_area errors=form.errors />
                    <CheckboxField id="active" label="Team is active" checked=active errors=form.errors
                        hint="Retired teams are kept for past records but not offered for new users." />
                    <button type="submit" class="govuk-button" disabled=move || form.busy.get()>"Save changes"</button>
                </form>
            </div>
        </div>
    }
}
