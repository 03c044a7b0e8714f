//! A service's page, for going there: when it is open over the next week, as a table (a
//! monthly or fortnightly session shows on the day it falls), and how to get to each place it
//! runs at — the address, what the place says about itself, its access, and directions on a
//! map.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use shared::api::directory::ServiceDetail;
use shared::directory::Location;
use shared::directory::schedule::{WEEKDAY_NAMES, hours_on};

use crate::components::summary::{Caption, Column, Head, table};

/// Each of the seven days from `today`: its name and date, and the hours open ("Closed").
pub fn week(detail: &ServiceDetail, today: NaiveDate) -> Vec<(String, String)> {
    let schedules: Vec<_> = detail
        .service
        .schedules
        .iter()
        .chain(
            detail
                .service
                .service_at_locations
                .iter()
                .flat_map(|p| &p.schedules),
        )
        .collect();
    (0..7)
        .map(|n| {
            let date = today + chrono::Duration::days(n);
            let day = if n == 0 {
                "Today".to_owned()
            } else {
                format!(
                    "{} {}",
                    WEEKDAY_NAMES[date.weekday().num_days_from_monday() as usize],
                    date.format("%-d %B")
                )
            };
            let hours = match hours_on(schedules.iter().copied(), date).as_slice() {
                [] => "Closed".to_owned(),
                hours => hours.join(" and "),
            };
            (day, hours)
        })
        .collect()
}

#[component]
pub fn OpeningWeek(detail: ServiceDetail) -> impl IntoView {
    let today = chrono::Local::now().date_naive();
    let has_times = !detail.service.schedules.is_empty()
        || detail
            .service
            .service_at_locations
            .iter()
            .any(|p| !p.schedules.is_empty());
    has_times.then(|| {
        table(
            Head::new(vec![Column::new("Day"), Column::new("Open")])
                .caption("Opening times this week", Caption::M),
            week(&detail, today)
                .into_iter()
                .map(|(day, hours)| {
                    view! {
                        <tr class="govuk-table__row">
                            <th scope="row" class="govuk-table__header">{day}</th>
                            <td class="govuk-table__cell">{hours}</td>
                        </tr>
                    }
                })
                .collect_view(),
        )
    })
}

/// A map's directions to `place`: by its position, or else its postcode.
fn directions(place: &Location) -> Option<String> {
    if place.confidential {
        return None;
    }
    match (place.latitude, place.longitude) {
        (Some(lat), Some(lon)) => Some(format!(
            "https://www.openstreetmap.org/directions?to={lat:.5}%2C{lon:.5}"
        )),
        _ => place
            .addresses
            .first()
            .filter(|a| !a.postal_code.is_empty())
            .map(|a| {
                format!(
                    "https://www.openstreetmap.org/search?query={}",
                    js_sys::encode_uri_component(&a.postal_code)
                )
            }),
    }
}

#[component]
pub fn HowToGetThere(places: Vec<Location>) -> impl IntoView {
    (!places.is_empty()).then(|| {
        view! {
            <h2 class="govuk-heading-m">"How to get there"</h2>
            {places.into_iter().map(|place| {
                let address: Vec<String> = place.addresses.iter().flat_map(|a| {
                    [Some(a.address_1.clone()), a.address_2.clone(), Some(a.city.clone()), Some(a.postal_code.clone())]
                        .into_iter()
                        .flatten()
                        .filter(|line| !line.is_empty())
                }).collect();
                let access: Vec<String> = place.accessibility.iter().map(|a| a.description.clone()).collect();
                let map = directions(&place);
                let name = place.name.clone().unwrap_or_else(|| "The place".into());
                view! {
                    <div class="ts-place">
                        <h3 class="govuk-heading-s">{name.clone()}</h3>
                        {if place.confidential {
                            view! { <p class="govuk-body">"The address is not published. Get in touch with the service to arrange a visit."</p> }.into_any()
                        } else {
                            view! { <p class="govuk-body ts-pre">{address.join("\n")}</p> }.into_any()
                        }}
                        {place.description.clone().filter(|d| !d.is_empty()).map(|d| view! { <p class="govuk-body">{d}</p> })}
                        {(!access.is_empty()).then(|| view! { <p class="govuk-body"><strong>"Access: "</strong>{access.join(", ")}</p> })}
                        {map.map(|href| view! {
                            <p class="govuk-body">
                                <a class="govuk-link" href=href rel="noopener noreferrer">
                                    "Directions on a map"<span class="govuk-visually-hidden">{format!(" to {name}")}</span>
                                </a>
                            </p>
                        })}
                    </div>
                }
            }).collect_view()}
        }
    })
}
