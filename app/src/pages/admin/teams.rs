use leptos::prelude::*;
use shared::api::teams::{Team, TeamInput};

use super::ADMIN;
use crate::components::fields::TextField;
use crate::components::form::FormState;
use crate::components::guard::Guard;
use crate::components::notices::{ErrorSummary, FlashBanner, LoadError, StatusTag};
use crate::components::summary::{Caption, Column, Head, table};
use crate::state::{set_title, use_session};

pub const TEAM_FIELDS: &[&str] = &["name", "service_area", "active"];

#[component]
pub fn TeamsPage() -> impl IntoView {
    view! { <Guard roles=ADMIN><Teams /></Guard> }
}

#[component]
fn Teams() -> impl IntoView {
    let session = use_session();
    let teams = LocalResource::new(crate::api::teams::list_teams);
    let name = RwSignal::new(String::new());
    let service_area = RwSignal::new(String::new());
    let form = FormState::new();
    Effect::new(move || set_title("Teams", form.has_errors()));

    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = TeamInput {
            name: name.get_untracked(),
            service_area: service_area.get_untracked(),
            active: true,
        };
        form.submit(
            input,
            |input| async move { crate::api::teams::create_team(&input).await },
            move |team| {
                name.set(String::new());
                service_area.set(String::new());
                session.notify("/admin/teams", format!("Team {} added", team.name));
                teams.refetch();
            },
        );
    };

    view! {
        <ErrorSummary errors=form.errors general=form.general order=TEAM_FIELDS />
        <FlashBanner />
        <span class="govuk-caption-l">"Administration"</span>
        <h1 class="govuk-heading-l">"Teams"</h1>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading teams…"</p> }>
            {move || teams.get().map(|result| match result {
                Ok(list) => view! { <TeamsTable teams=list /> }.into_any(),
                Err(e) => view! { <LoadError message=e.message() /> }.into_any(),
            })}
        </Suspense>
        <h2 class="govuk-heading-m">"Add a team"</h2>
        <form novalidate on:submit=add>
            <TextField id="name" label="Team name" value=name errors=form.errors
                width_class="govuk-input govuk-!-width-two-thirds" />
            <TextField id="service_area" label="Service area" value=service_area errors=form.errors
                hint="For example, Access and Prevention, Hospital Social Work or Mental Health"
                width_class="govuk-input govuk-!-width-two-thirds" />
            <button type="submit" class="govuk-button" disabled=move || form.busy.get()>"Add team"</button>
        </form>
    }
}

#[component]
fn TeamsTable(teams: Vec<Team>) -> impl IntoView {
    view! {
        {table(Head::new(vec![Column::new("Team"), Column::new("Service area"), Column::new("Status"), Column::hidden("Actions")]).caption(format!("{} teams", teams.len()), Caption::M).class("ts-table--responsive"), teams.into_iter().map(|t| view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell" data-label="Team">{t.name.clone()}</td>
                        <td class="govuk-table__cell" data-label="Service area">{t.service_area.clone()}</td>
                        <td class="govuk-table__cell" data-label="Status">
                            <StatusTag active=t.active on="Active" off="Retired" />
                        </td>
                        <td class="govuk-table__cell">
                            <a class="govuk-link" href=format!("/admin/teams/{}", t.id)>
                                "Change" <span class="govuk-visually-hidden">{format!(" {}", t.name)}</span>
                            </a>
                        </td>
                    </tr>
                }).collect_view())}
    }
}
