//! `/directory/services/new` and `/directory/services/:id/edit`: a service's details, areas,
//! languages, cost, categories, place and weekly opening times, on one form with the GOV.UK
//! error summary. What the form does not show (contacts, a place's own hours, monthly rules) is
//! kept as it was.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::FieldErrors;
use shared::directory::localities::{DISTRICT, LOCALITIES};
use shared::directory::service::COMMUNITY_LANGUAGES;
use shared::directory::{
    CostOption, Language, Location, Organization, Phone, Service, ServiceArea, ServiceAtLocation,
    ServiceStatus, Taxonomy,
};
use uuid::Uuid;

use super::KEEPERS;
use super::timetable::{self, Timetable};
use crate::components::fields::{Checkboxes, Choice, Radios, SelectField, TextArea, TextField};
use crate::components::form::FormState;
use crate::components::guard::Guard;
use crate::components::notices::{ErrorSummary, LoadError};
use crate::state::{set_title, use_session};

const FIELDS: &[&str] = &[
    "name",
    "organization_id",
    "description",
    "status",
    "alert",
    "url",
    "email",
    "phones",
    "minimum_age",
    "maximum_age",
    "cost",
    "cost_description",
    "cost_options",
    "taxonomy_term_ids",
    "place",
    "day-mon",
    "day-tue",
    "day-wed",
    "day-thu",
    "day-fri",
    "day-sat",
    "day-sun",
    "service_areas",
    "languages",
];

/// Everything the form chooses from.
#[derive(Clone)]
struct Lists {
    organizations: Vec<Organization>,
    locations: Vec<Location>,
    taxonomies: Vec<Taxonomy>,
}

async fn lists() -> Result<Lists, crate::api::ApiError> {
    Ok(Lists {
        organizations: crate::api::directory::organizations().await?,
        locations: crate::api::directory::locations().await?,
        taxonomies: crate::api::directory::taxonomies().await?,
    })
}

/// `/directory/services/new` (no id) and `/directory/services/:id/edit`: one page, so one
/// download and one entry in the app's loader.
#[component]
pub fn ServiceFormPage() -> impl IntoView {
    let params = use_params_map();
    let raw = params.read_untracked().get("id");
    let loaded = LocalResource::new(move || {
        let raw = raw.clone();
        async move {
            let Some(raw) = raw else {
                return Ok((lists().await?, None));
            };
            let id = raw
                .parse::<Uuid>()
                .map_err(|_| crate::api::ApiError::Network("That service could not be found".into()))?;
            let detail = crate::api::directory::service(id).await?;
            Ok((lists().await?, Some(detail.service)))
        }
    });
    view! { <Guard roles=KEEPERS><Loaded loaded /></Guard> }
}

#[component]
fn Loaded(loaded: LocalResource<Result<(Lists, Option<Service>), crate::api::ApiError>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || loaded.get().map(|result| match result {
                Ok((lists, service)) => view! { <ServiceForm lists service /> }.into_any(),
                Err(e) => view! { <LoadError message=e.message() heading="The form could not be shown" /> }.into_any(),
            })}
        </Suspense>
    }
}

/// The cost, as the form asks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cost {
    Free,
    Paid,
    Unknown,
}

fn text(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn some(s: String) -> Option<String> {
    let s = s.trim().to_owned();
    (!s.is_empty()).then_some(s)
}

fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// An age typed in the form: none, a number, or an error for its field.
fn age(field: &str, label: &str, typed: &str, errors: &mut FieldErrors) -> Option<u8> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    match typed.parse::<u8>() {
        Ok(a) => Some(a),
        Err(_) => {
            errors.insert(
                field.into(),
                vec![format!("Enter the {label} as a number, like 18")],
            );
            None
        }
    }
}

#[component]
fn ServiceForm(lists: Lists, service: Option<Service>) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let editing = service.is_some();
    let original = service.unwrap_or_else(|| Service::new(Uuid::nil(), Uuid::nil(), ""));
    let title = if editing {
        format!("Change {}", original.name)
    } else {
        "Add a service".to_owned()
    };
    let page_title = title.clone();
    let form = FormState::new();
    Effect::new(move || set_title(&page_title, form.has_errors()));

    let back = if editing {
        format!("/directory/services/{}", original.id)
    } else {
        "/directory".to_owned()
    };
    let o = &original;
    let name = RwSignal::new(o.name.clone());
    let organization = RwSignal::new(if o.organization_id.is_nil() {
        String::new()
    } else {
        o.organization_id.to_string()
    });
    let description = RwSignal::new(o.description.clone());
    let status = RwSignal::new(Some(o.status));
    let alert = RwSignal::new(text(&o.alert));
    let url = RwSignal::new(text(&o.url));
    let email = RwSignal::new(text(&o.email));
    let phone = RwSignal::new(o.phones.first().map(|p| p.number.clone()).unwrap_or_default());
    let minimum_age = RwSignal::new(o.minimum_age.map(|a| a.to_string()).unwrap_or_default());
    let maximum_age = RwSignal::new(o.maximum_age.map(|a| a.to_string()).unwrap_or_default());
    let cost = RwSignal::new(Some(if o.is_free() {
        Cost::Free
    } else if o.cost_options.is_empty() {
        Cost::Unknown
    } else {
        Cost::Paid
    }));
    let cost_description = RwSignal::new(
        o.cost_options
            .iter()
            .filter_map(|c| c.amount_description.clone().or_else(|| c.option.clone()))
            .collect::<Vec<_>>()
            .join("; "),
    );
    let categories = RwSignal::new(o.taxonomy_term_ids.clone());
    let place = RwSignal::new(
        o.service_at_locations
            .first()
            .map(|p| p.location_id.to_string())
            .unwrap_or_default(),
    );
    let areas = RwSignal::new(o.service_areas.iter().map(|a| a.name.clone()).collect::<Vec<_>>());
    let languages = RwSignal::new(o.languages.iter().map(|l| l.name.clone()).collect::<Vec<_>>());
    let (days, kept) = timetable::read(&o.schedules);
    let days = RwSignal::new(days);
    let kept_schedules = kept.clone();

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut errors = FieldErrors::new();
        let mut s = original.clone();
        s.name = name.get_untracked().trim().to_owned();
        s.organization_id = organization.get_untracked().parse().unwrap_or(Uuid::nil());
        s.description = description.get_untracked().trim().to_owned();
        s.status = status.get_untracked().unwrap_or_default();
        s.alert = some(alert.get_untracked());
        s.url = some(url.get_untracked());
        s.email = some(email.get_untracked());
        // The first phone is the form's; any others came from an import and are kept.
        let rest: Vec<Phone> = original.phones.iter().skip(1).cloned().collect();
        s.phones = some(phone.get_untracked())
            .map(|number| Phone {
                id: original.phones.first().map_or_else(new_id, |p| p.id),
                number,
                description: None,
            })
            .into_iter()
            .chain(rest)
            .collect();
        s.minimum_age = age(
            "minimum_age",
            "minimum age",
            &minimum_age.get_untracked(),
            &mut errors,
        );
        s.maximum_age = age(
            "maximum_age",
            "maximum age",
            &maximum_age.get_untracked(),
            &mut errors,
        );
        s.cost_options = match cost.get_untracked() {
            Some(Cost::Free) => vec![CostOption {
                id: new_id(),
                option: Some("Free".into()),
                amount: Some(0.0),
                amount_description: None,
            }],
            Some(Cost::Paid) => match some(cost_description.get_untracked()) {
                Some(d) => vec![CostOption {
                    id: new_id(),
                    option: None,
                    amount: None,
                    amount_description: Some(d),
                }],
                None => {
                    errors.insert(
                        "cost_description".into(),
                        vec!["Say what it costs, like £3 a session".into()],
                    );
                    Vec::new()
                }
            },
            _ => Vec::new(),
        };
        s.taxonomy_term_ids = categories.get_untracked();
        let chosen_place = place.get_untracked().parse::<Uuid>().ok();
        s.service_at_locations = match chosen_place {
            // The same place keeps its own hours and id.
            Some(at) => vec![
                original
                    .service_at_locations
                    .iter()
                    .find(|p| p.location_id == at)
                    .cloned()
                    .unwrap_or(ServiceAtLocation {
                        id: new_id(),
                        location_id: at,
                        schedules: Vec::new(),
                    }),
            ],
            None => Vec::new(),
        };
        s.service_areas = areas
            .get_untracked()
            .into_iter()
            .map(|name| {
                original
                    .service_areas
                    .iter()
                    .find(|a| a.name == name)
                    .cloned()
                    .unwrap_or(ServiceArea {
                        id: new_id(),
                        name,
                        uri: None,
                    })
            })
            .collect();
        s.languages = languages
            .get_untracked()
            .into_iter()
            .map(|name| {
                original
                    .languages
                    .iter()
                    .find(|l| l.name == name)
                    .cloned()
                    .unwrap_or_else(|| Language {
                        id: new_id(),
                        code: COMMUNITY_LANGUAGES
                            .iter()
                            .find(|(n, _)| *n == name)
                            .map(|(_, c)| (*c).to_owned()),
                        name,
                    })
            })
            .collect();
        match timetable::write(&days.get_untracked(), &mut new_id) {
            Ok(weekly) => s.schedules = weekly.into_iter().chain(kept_schedules.clone()).collect(),
            Err(found) => errors.extend(found),
        }
        if !errors.is_empty() {
            // Shown with whatever the shared checks find too.
            if let Err(more) = shared::validate::Validate::validate(&s) {
                for (k, v) in more {
                    errors.entry(k).or_insert(v);
                }
            }
            form.general.set(None);
            form.errors.set(errors);
            return;
        }
        let navigate = navigate.clone();
        let id = original.id;
        form.submit(
            s,
            move |s| async move {
                if editing {
                    crate::api::directory::update_service(id, &s).await
                } else {
                    crate::api::directory::create_service(&s).await
                }
            },
            move |saved| {
                let path = format!("/directory/services/{}", saved.service.id);
                let message = if editing { "Changes saved" } else { "Service added" };
                session.notify(&path, message.into());
                navigate(&path, Default::default());
            },
        );
    };

    let org_options: Vec<(String, String)> =
        std::iter::once((String::new(), "Choose an organisation".to_owned()))
            .chain(
                lists
                    .organizations
                    .iter()
                    .map(|o| (o.id.to_string(), o.name.clone())),
            )
            .collect();
    let place_options: Vec<(String, String)> =
        std::iter::once((String::new(), "No fixed place (by phone or online)".to_owned()))
            .chain(lists.locations.iter().map(|l| {
                let town = l
                    .addresses
                    .first()
                    .map(|a| format!(", {}", a.city))
                    .unwrap_or_default();
                (
                    l.id.to_string(),
                    format!(
                        "{}{town}",
                        l.name.clone().unwrap_or_else(|| "Unnamed place".into())
                    ),
                )
            }))
            .collect();
    let shipped = lists.taxonomies.first().cloned();
    let category_list = RwSignal::new(shipped.as_ref().map(super::new_term::choices).unwrap_or_default());
    let status_choices = ServiceStatus::ALL
        .iter()
        .map(|s| Choice::new(*s, s.as_str().replace(' ', "-"), s.label()))
        .collect();
    let cost_choices = vec![
        Choice::new(Cost::Free, "free", "Free"),
        Choice::new(Cost::Paid, "paid", "It costs money"),
        Choice::new(Cost::Unknown, "unknown", "Not known"),
    ];
    let area_choices = std::iter::once(DISTRICT)
        .chain(LOCALITIES.iter().map(|(l, _)| *l))
        .map(|a| Choice::new(a.to_owned(), a.to_lowercase().replace(' ', "-"), a))
        .collect();
    let language_choices = COMMUNITY_LANGUAGES
        .iter()
        .map(|(n, c)| Choice::new((*n).to_owned(), *c, *n))
        .collect();

    let (fold_out, new_term_form) = shipped
        .clone()
        .map(|taxonomy| {
            let added = Callback::new(move |term: shared::directory::TaxonomyTerm| {
                category_list.update(|list| {
                    let names: Vec<(Uuid, String)> = list.iter().map(|c| (c.id, c.name.clone())).collect();
                    super::new_term::add(list, &term, names.into_iter());
                });
                categories.update(|ticked| ticked.push(term.id));
            });
            super::new_term::new_category(taxonomy, added)
        })
        .unzip();
    view! {
        <a href=back class="govuk-back-link">"Back"</a>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary errors=form.errors general=form.general order=FIELDS />
                <span class="govuk-caption-l">"Community assets"</span>
                <h1 class="govuk-heading-l">{title}</h1>
                <form novalidate on:submit=save>
                    <TextField id="name" label="Name of the service" value=name errors=form.errors />
                    <SelectField id="organization_id" label="Organisation that runs it" options=Signal::stored(org_options) value=organization errors=form.errors />
                    <TextArea id="description" label="What it is" value=description errors=form.errors
                        hint="Who it is for and what happens there, in plain words" max=shared::directory::service::DESCRIPTION_MAX />
                    <Radios id="status" legend="Is it running?" choices=status_choices value=status errors=form.errors />
                    <TextField id="alert" label="Notice (optional)" value=alert errors=form.errors
                        hint="Something short-term, like Closed over Christmas" />
                    <TextField id="url" label="Website (optional)" value=url errors=form.errors input_type="url" hint="Starting https://" />
                    <TextField id="email" label="Email address (optional)" value=email errors=form.errors input_type="email" />
                    <TextField id="phones" label="Phone number (optional)" value=phone errors=form.errors input_type="tel" width_class="govuk-input govuk-input--width-20" />
                    <TextField id="minimum_age" label="Youngest age (optional)" value=minimum_age errors=form.errors width_class="govuk-input govuk-input--width-3" />
                    <TextField id="maximum_age" label="Oldest age (optional)" value=maximum_age errors=form.errors width_class="govuk-input govuk-input--width-3" />
                    <Radios id="cost" legend="What does it cost?" choices=cost_choices value=cost errors=form.errors />
                    <Show when=move || cost.get() == Some(Cost::Paid)>
                        <TextField id="cost_description" label="What it costs" value=cost_description errors=form.errors hint="For example, £3 a session, including lunch" />
                    </Show>
                    {move || {
                        let choices: Vec<Choice<Uuid>> = category_list
                            .get()
                            .into_iter()
                            .map(|c| Choice::new(c.id, c.id.to_string(), c.name).kind_of(c.parent.map(|(_, name)| name)))
                            .collect();
                        view! {
                            <Checkboxes id="taxonomy_term_ids" legend="Categories" choices value=categories errors=form.errors
                                hint="Choose every category a practitioner might look under" class="govuk-checkboxes--small" />
                        }
                    }}
                    {fold_out}
                    <SelectField id="place" label="Where it happens" options=Signal::stored(place_options) value=place errors=form.errors />
                    <Timetable days kept errors=form.errors />
                    <Checkboxes id="service_areas" legend="Areas it covers" choices=area_choices value=areas errors=form.errors class="govuk-checkboxes--small" />
                    <Checkboxes id="languages" legend="Languages it is offered in" choices=language_choices value=languages errors=form.errors class="govuk-checkboxes--small" />
                    <button type="submit" class="govuk-button" disabled=move || form.busy.get()>
                        {if editing { "Save changes" } else { "Add service" }}
                    </button>
                </form>
                {new_term_form}
            </div>
        </div>
    }
}
