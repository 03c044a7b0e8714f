use leptos::prelude::*;
use shared::api::teams::Team;
use shared::api::users::User;

use super::ADMIN;
use crate::components::guard::Guard;
use crate::components::notices::{FlashBanner, LoadError, StatusTag};
use crate::components::summary::{Caption, Column, Head, table};
use crate::state::set_title;

#[component]
pub fn UsersPage() -> impl IntoView {
    view! { <Guard roles=ADMIN><Users /></Guard> }
}

/// Rendered only for administrators, so nobody else even asks the server for the list.
#[component]
fn Users() -> impl IntoView {
    let data = LocalResource::new(|| async {
        let users = crate::api::users::list_users().await?;
        let teams = crate::api::teams::list_teams().await?;
        Ok::<_, crate::api::ApiError>((users, teams))
    });
    set_title("Users", false);
    view! {
            <FlashBanner />
            <span class="govuk-caption-l">"Administration"</span>
            <h1 class="govuk-heading-l">"Users"</h1>
            <a href="/admin/users/new" class="govuk-button">"Add a user"</a>
            <Suspense fallback=|| view! { <p class="govuk-body">"Loading users…"</p> }>
                {move || data.get().map(|result| match result {
                    Ok((users, teams)) => view! { <UsersTable users teams /> }.into_any(),
                    Err(e) => view! { <LoadError message=e.message() /> }.into_any(),
                })}
            </Suspense>
    }
}

#[component]
fn UsersTable(users: Vec<User>, teams: Vec<Team>) -> impl IntoView {
    let team_name = move |user: &User| {
        user.team_id
            .and_then(|id| teams.iter().find(|t| t.id == id))
            .map(|t| t.name.clone())
            .unwrap_or_else(|| "—".into())
    };
    view! {
        {table(Head::new(vec![Column::new("Name"), Column::new("Roles"), Column::new("Team"), Column::new("Status"), Column::hidden("Actions")]).caption(format!("{} users", users.len()), Caption::M).class("ts-table--responsive"), users.iter().map(|u| {
                    let roles = u.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ");
                    view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell" data-label="Name">
                                {u.display_name.clone()}<br/>
                                <span class="govuk-body-s ts-secondary">{u.email.clone()}</span>
                            </td>
                            <td class="govuk-table__cell" data-label="Roles">{roles}</td>
                            <td class="govuk-table__cell" data-label="Team">{team_name(u)}</td>
                            <td class="govuk-table__cell" data-label="Status">
                                <StatusTag active=u.active on="Active" off="Deactivated" />
                            </td>
                            <td class="govuk-table__cell">
                                <a class="govuk-link" href=format!("/admin/users/{}", u.id)>
                                    "Change" <span class="govuk-visually-hidden">{format!(" {}", u.display_name)}</span>
                                </a>
                            </td>
                        </tr>
                    }
                }).collect_view())}
    }
}
