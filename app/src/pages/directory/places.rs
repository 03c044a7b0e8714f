//! `/directory/places` and `/directory/places/:id`: where services happen, listed, added and
//! changed (commissioners). A confidential place (a refuge) keeps no address at all.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::directory::location::ACCESSIBILITY_FEATURES;
use shared::directory::{Accessibility, Address, Location, LocationType};
use uuid::Uuid;

use super::KEEPERS;
use crate::components::fields::{CheckboxField, Checkboxes, Choice, TextArea, TextField};
use crate::components::form::FormState;
use crate::components::guard::Guard;
use crate::components::notices::{ErrorSummary, FlashBanner, LoadError};
use crate::components::summary::{Caption, Column, Head, table};
use crate::state::{set_title, use_session};

const FIELDS: &[&str] = &[
    "name",
    "description",
    "confidential",
    "addresses.0.address_1",
    "addresses.0.city",
    "addresses.0.postal_code",
    "accessibility",
];

/// The list, or (with an id, or `new`) one to change or add: one page, so one download and one
/// entry in the app's loader.
#[component]
pub fn PlacesPage() -> impl IntoView {
    let params = use_params_map();
    if params.read_untracked().get("id").is_some() {
        return view! { <PlacePage /> }.into_any();
    }
    view! { <Guard roles=KEEPERS><Places /></Guard> }.into_any()
}

fn address_line(l: &Location) -> String {
    if l.confidential {
        return "Address not published".into();
    }
    l.addresses
        .first()
        .map(|a| format!("{}, {}, {}", a.address_1, a.city, a.postal_code))
        .unwrap_or_default()
}

#[component]
fn Places() -> impl IntoView {
    set_title("Places", false);
    let list = LocalResource::new(crate::api::directory::locations);
    view! {
        <a href="/directory" class="govuk-back-link">"Back to community assets"</a>
        <FlashBanner />
        <h1 class="govuk-heading-l">"Places"</h1>
        <p class="govuk-body"><a class="govuk-link" href="/directory/places/new">"Add a place"</a></p>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || list.get().map(|result| match result {
                Ok(places) => table(
                    Head::new(vec![Column::new("Place"), Column::new("Address"), Column::hidden("Actions")])
                        .caption(format!("{} places", places.len()), Caption::M)
                        .class("ts-table--responsive"),
                    places.into_iter().map(|l| {
                        let name = l.name.clone().unwrap_or_else(|| "Unnamed place".into());
                        view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell" data-label="Place">{name.clone()}</td>
                                <td class="govuk-table__cell" data-label="Address">{address_line(&l)}</td>
                                <td class="govuk-table__cell">
                                    <a class="govuk-link" href=format!("/directory/places/{}", l.id)>
                                        "Change" <span class="govuk-visually-hidden">{format!(" {name}")}</span>
                                    </a>
                                </td>
                            </tr>
                        }
                    }).collect_view(),
                ).into_any(),
                Err(e) => view! { <LoadError message=e.message() /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn PlacePage() -> impl IntoView {
    let params = use_params_map();
    let id = params
        .read_untracked()
        .get("id")
        .and_then(|s| s.parse::<Uuid>().ok());
    let loaded = LocalResource::new(move || async move {
        match id {
            None => Ok(None),
            Some(id) => crate::api::directory::locations().await.and_then(|all| {
                all.into_iter()
                    .find(|l| l.id == id)
                    .map(Some)
                    .ok_or_else(|| crate::api::ApiError::Network("That place could not be found".into()))
            }),
        }
    });
    view! {
        <Guard roles=KEEPERS>
            <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
                {move || loaded.get().map(|result| match result {
                    Ok(place) => view! { <PlaceForm place /> }.into_any(),
                    Err(e) => view! { <LoadError message=e.message() heading="This place could not be shown" /> }.into_any(),
                })}
            </Suspense>
        </Guard>
    }
}

#[component]
fn PlaceForm(place: Option<Location>) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let editing = place.as_ref().map(|l| l.id);
    let l = place.unwrap_or(Location {
        id: Uuid::nil(),
        location_type: LocationType::Physical,
        name: None,
        description: None,
        confidential: false,
        latitude: None,
        longitude: None,
        addresses: Vec::new(),
        accessibility: Vec::new(),
    });
    let title = if editing.is_some() {
        format!("Change {}", l.name.clone().unwrap_or_default())
    } else {
        "Add a place".to_owned()
    };
    let page_title = title.clone();
    let form = FormState::new();
    Effect::new(move || set_title(&page_title, form.has_errors()));
    let first = l.addresses.first().cloned();
    let name = RwSignal::new(l.name.clone().unwrap_or_default());
    let description = RwSignal::new(l.description.clone().unwrap_or_default());
    let confidential = RwSignal::new(l.confidential);
    let line1 = RwSignal::new(first.as_ref().map(|a| a.address_1.clone()).unwrap_or_default());
    let line2 = RwSignal::new(
        first
            .as_ref()
            .and_then(|a| a.address_2.clone())
            .unwrap_or_default(),
    );
    let town = RwSignal::new(first.as_ref().map(|a| a.city.clone()).unwrap_or_default());
    let postcode = RwSignal::new(first.as_ref().map(|a| a.postal_code.clone()).unwrap_or_default());
    let features = RwSignal::new(
        l.accessibility
            .iter()
            .map(|a| a.description.clone())
            .collect::<Vec<_>>(),
    );
    let original = l.clone();
    let some = |s: String| {
        let s = s.trim().to_owned();
        (!s.is_empty()).then_some(s)
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let hidden = confidential.get_untracked();
        let typed = [
            line1.get_untracked(),
            town.get_untracked(),
            postcode.get_untracked(),
        ]
        .iter()
        .any(|s| !s.trim().is_empty());
        let addresses = if hidden || !typed {
            Vec::new()
        } else {
            vec![Address {
                id: original.addresses.first().map_or_else(Uuid::now_v7, |a| a.id),
                address_1: line1.get_untracked().trim().to_owned(),
                address_2: some(line2.get_untracked()),
                city: town.get_untracked().trim().to_owned(),
                state_province: "West Yorkshire".into(),
                postal_code: postcode.get_untracked().trim().to_uppercase(),
                country: "GB".into(),
            }]
        };
        let location = Location {
            id: editing.unwrap_or(Uuid::nil()),
            location_type: original.location_type,
            name: some(name.get_untracked()),
            description: some(description.get_untracked()),
            confidential: hidden,
            latitude: if hidden { None } else { original.latitude },
            longitude: if hidden { None } else { original.longitude },
            addresses,
            accessibility: features
                .get_untracked()
                .into_iter()
                .map(|d| {
                    original
                        .accessibility
                        .iter()
                        .find(|a| a.description == d)
                        .cloned()
                        .unwrap_or(Accessibility {
                            id: Uuid::now_v7(),
                            description: d,
                            details: None,
                            url: None,
                        })
                })
                .collect(),
        };
        let navigate = navigate.clone();
        form.submit(
            location,
            move |l| async move {
                match editing {
                    Some(id) => crate::api::directory::update_location(id, &l).await,
                    None => crate::api::directory::create_location(&l).await,
                }
            },
            move |saved| {
                session.notify(
                    "/directory/places",
                    format!("{} saved", saved.name.unwrap_or_else(|| "The place".into())),
                );
                navigate("/directory/places", Default::default());
            },
        );
    };
    let feature_choices = ACCESSIBILITY_FEATURES
        .iter()
        .map(|f| Choice::new((*f).to_owned(), f.to_lowercase().replace(' ', "-"), *f))
        .collect();
    view! {
        <a href="/directory/places" class="govuk-back-link">"Back to places"</a>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=form.errors general=form.general order=FIELDS />
                <h1 class="govuk-heading-l">{title}</h1>
                <form novalidate on:submit=save>
                    <TextField id="name" label="Name of the place" value=name errors=form.errors hint="For example, Keighley Library" />
                    <TextArea id="description" label="Finding it (optional)" value=description errors=form.errors rows=2 hint="Which door, which floor, where to park" />
                    <CheckboxField id="confidential" label="This place is confidential (a refuge): do not keep its address" checked=confidential errors=form.errors />
                    <Show when=move || !confidential.get()>
                        <fieldset class="govuk-fieldset">
                            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m"><h2 class="govuk-fieldset__heading">"Address"</h2></legend>
                            <TextField id="addresses.0.address_1" label="Building and street" value=line1 errors=form.errors autocomplete="address-line1" />
                            <TextField id="addresses.0.address_2" label="Building and street line 2 (optional)" value=line2 errors=form.errors autocomplete="address-line2" />
                            <TextField id="addresses.0.city" label="Town or city" value=town errors=form.errors width_class="govuk-input govuk-!-width-two-thirds" autocomplete="address-level2" />
                            <TextField id="addresses.0.postal_code" label="Postcode" value=postcode errors=form.errors width_class="govuk-input govuk-input--width-10" autocomplete="postal-code" />
                        </fieldset>
                    </Show>
                    <Checkboxes id="accessibility" legend="Accessibility" choices=feature_choices value=features errors=form.errors class="govuk-checkboxes--small" />
                    <button type="submit" class="govuk-button" disabled=move || form.busy.get()>"Save"</button>
                </form>
            </div>
        </div>
    }
}
