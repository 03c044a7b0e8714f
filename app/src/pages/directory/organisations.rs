//! `/directory/organisations` and `/directory/organisations/:id`: the organisations that run
//! services, listed, added and changed (commissioners).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::directory::Organization;
use uuid::Uuid;

use super::KEEPERS;
use crate::components::fields::{TextArea, TextField};
use crate::components::form::FormState;
use crate::components::guard::Guard;
use crate::components::notices::{ErrorSummary, FlashBanner, LoadError};
use crate::components::summary::{Caption, Column, Head, table};
use crate::state::{set_title, use_session};

const FIELDS: &[&str] = &["name", "description", "email", "website", "charity_number"];

/// The list, or (with an id, or `new`) one to change or add: one page, so one download and one
/// entry in the app's loader.
#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let params = use_params_map();
    if params.read_untracked().get("id").is_some() {
        return view! { <OrganisationPage /> }.into_any();
    }
    view! { <Guard roles=KEEPERS><Organisations /></Guard> }.into_any()
}

#[component]
fn Organisations() -> impl IntoView {
    set_title("Organisations", false);
    let list = LocalResource::new(crate::api::directory::organizations);
    view! {
        <a href="/directory" class="govuk-back-link">"Back to community assets"</a>
        <FlashBanner />
        <h1 class="govuk-heading-l">"Organisations"</h1>
        <p class="govuk-body"><a class="govuk-link" href="/directory/organisations/new">"Add an organisation"</a></p>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || list.get().map(|result| match result {
                Ok(orgs) => table(
                    Head::new(vec![Column::new("Organisation"), Column::new("Website"), Column::hidden("Actions")])
                        .caption(format!("{} organisations", orgs.len()), Caption::M)
                        .class("ts-table--responsive"),
                    orgs.into_iter().map(|o| view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell" data-label="Organisation">{o.name.clone()}</td>
                            <td class="govuk-table__cell" data-label="Website">{o.website.clone().unwrap_or_default()}</td>
                            <td class="govuk-table__cell">
                                <a class="govuk-link" href=format!("/directory/organisations/{}", o.id)>
                                    "Change" <span class="govuk-visually-hidden">{format!(" {}", o.name)}</span>
                                </a>
                            </td>
                        </tr>
                    }).collect_view(),
                ).into_any(),
                Err(e) => view! { <LoadError message=e.message() /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn OrganisationPage() -> impl IntoView {
    let params = use_params_map();
    let id = params
        .read_untracked()
        .get("id")
        .and_then(|s| s.parse::<Uuid>().ok());
    let loaded = LocalResource::new(move || async move {
        match id {
            None => Ok(None),
            Some(id) => crate::api::directory::organizations().await.and_then(|all| {
                all.into_iter().find(|o| o.id == id).map(Some).ok_or_else(|| {
                    crate::api::ApiError::Network("That organisation could not be found".into())
                })
            }),
        }
    });
    view! {
        <Guard roles=KEEPERS>
            <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
                {move || loaded.get().map(|result| match result {
                    Ok(org) => view! { <OrganisationForm org /> }.into_any(),
                    Err(e) => view! { <LoadError message=e.message() heading="This organisation could not be shown" /> }.into_any(),
                })}
            </Suspense>
        </Guard>
    }
}

#[component]
fn OrganisationForm(org: Option<Organization>) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let editing = org.as_ref().map(|o| o.id);
    let o = org.unwrap_or(Organization {
        id: Uuid::nil(),
        name: String::new(),
        description: String::new(),
        email: None,
        website: None,
        charity_number: None,
    });
    let title = if editing.is_some() {
        format!("Change {}", o.name)
    } else {
        "Add an organisation".to_owned()
    };
    let page_title = title.clone();
    let form = FormState::new();
    Effect::new(move || set_title(&page_title, form.has_errors()));
    let name = RwSignal::new(o.name.clone());
    let description = RwSignal::new(o.description.clone());
    let email = RwSignal::new(o.email.clone().unwrap_or_default());
    let website = RwSignal::new(o.website.clone().unwrap_or_default());
    let charity = RwSignal::new(o.charity_number.clone().unwrap_or_default());
    let some = |s: String| {
        let s = s.trim().to_owned();
        (!s.is_empty()).then_some(s)
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let org = Organization {
            id: editing.unwrap_or(Uuid::nil()),
            name: name.get_untracked().trim().to_owned(),
            description: description.get_untracked().trim().to_owned(),
            email: some(email.get_untracked()),
            website: some(website.get_untracked()),
            charity_number: some(charity.get_untracked()),
        };
        let navigate = navigate.clone();
        form.submit(
            org,
            move |org| async move {
                match editing {
                    Some(id) => crate::api::directory::update_organization(id, &org).await,
                    None => crate::api::directory::create_organization(&org).await,
                }
            },
            move |saved| {
                session.notify("/directory/organisations", format!("{} saved", saved.name));
                navigate("/directory/organisations", Default::default());
            },
        );
    };
    view! {
        <a href="/directory/organisations" class="govuk-back-link">"Back to organisations"</a>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=form.errors general=form.general order=FIELDS />
                <h1 class="govuk-heading-l">{title}</h1>
                <form novalidate on:submit=save>
                    <TextField id="name" label="Name" value=name errors=form.errors />
                    <TextArea id="description" label="What the organisation is" value=description errors=form.errors rows=3 />
                    <TextField id="email" label="Email address (optional)" value=email errors=form.errors input_type="email" />
                    <TextField id="website" label="Website (optional)" value=website errors=form.errors input_type="url" hint="Starting https://" />
                    <TextField id="charity_number" label="Registered charity number (optional)" value=charity errors=form.errors width_class="govuk-input govuk-input--width-10" />
                    <button type="submit" class="govuk-button" disabled=move || form.busy.get()>"Save"</button>
                </form>
            </div>
        </div>
    }
}
