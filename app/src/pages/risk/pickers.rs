//! What the form's sections pick: services from the directory (from the device's copy, so
//! offline too: by name, or from the person's shortlists), shown with their current details and
//! a warning when one is no longer listed or was not checked recently; and a rating on the
//! council's matrix, in words.

use leptos::prelude::*;
use shared::api::shortlists::Shortlist;
use shared::risk::scoring::Rating;
use uuid::Uuid;

use super::edit::{matrix, today};
use crate::store::records;
use crate::sync::use_sync;

/// At most this many services found by name.
const FOUND_MAX: usize = 8;

/// A chosen service as the form shows it: its name now, and a warning when it is no longer in
/// the directory or its details were not checked recently.
pub fn service_line(id: Uuid) -> AnyView {
    let Some(copy) = crate::store::directory::copy() else {
        return view! { <span>"A service of the directory (the directory is not on this device yet)"</span> }
            .into_any();
    };
    match copy.service(id) {
        None => view! {
            <strong class="govuk-tag govuk-tag--red">"No longer listed"</strong>
            " A service no longer in the directory: it may have stopped. Check before relying on it."
        }
        .into_any(),
        Some(s) => {
            let stale = s.check_due(today(), copy.review_months).then(|| {
                let when = s
                    .assured_date
                    .map_or_else(|| "never checked".to_owned(), |d| format!("last checked {}", shared::dates::long_date(d)));
                view! { " "<strong class="govuk-tag govuk-tag--yellow">"May be out of date"</strong>{format!(" ({when})")} }
            });
            view! {
                <a class="govuk-link" href=format!("/directory/services/{id}")>{s.name.clone()}</a>
                {stale}
            }
            .into_any()
        }
    }
}

/// Finds services by name in the device's copy, and lists those in the person's shortlists;
/// each has a button that picks it (`pick`), labelled with what picking does (`verb`).
#[component]
pub fn ServicePicker(
    /// Unique on the page: names the search box.
    #[prop(into)]
    id: String,
    verb: &'static str,
    pick: Callback<Uuid>,
) -> impl IntoView {
    let sync = use_sync();
    if crate::store::directory::copy_untracked().is_none() {
        leptos::task::spawn_local(async {
            let _ = crate::store::directory::load().await;
        });
    }
    let words = RwSignal::new(String::new());
    let found = move || {
        let words = words.get().trim().to_lowercase();
        if words.chars().count() < 2 {
            return Vec::new();
        }
        crate::store::directory::copy().map_or_else(Vec::new, |copy| {
            copy.services()
                .filter(|s| s.name.to_lowercase().contains(&words))
                .take(FOUND_MAX)
                .map(|s| (s.id, s.name.clone()))
                .collect()
        })
    };
    let shortlisted = move || {
        let mut all: Vec<(Uuid, String)> = records::all::<Shortlist>(sync)
            .into_iter()
            .flat_map(|l| l.record.services.into_iter().map(|s| (s.service_id, s.name)))
            .collect();
        all.dedup_by_key(|(id, _)| *id);
        all
    };
    let button = move |(service, name): (Uuid, String)| {
        view! {
            <li>
                {name.clone()}" "
                <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-1"
                    on:click=move |_| pick.run(service)>
                    {verb}<span class="govuk-visually-hidden">{format!(": {name}")}</span>
                </button>
            </li>
        }
    };
    let input = format!("{id}-search");
    view! {
        <div class="govuk-form-group">
            <label class="govuk-label" for=input.clone()>"Find a service in the directory by name"</label>
            <input class="govuk-input govuk-input--width-20" id=input type="search" autocomplete="off"
                prop:value=move || words.get() on:input=move |ev| words.set(event_target_value(&ev)) />
        </div>
        <ul class="govuk-list" aria-live="polite">{move || found().into_iter().map(button).collect_view()}</ul>
        {move || {
            let list = shortlisted();
            (!list.is_empty()).then(|| view! {
                <p class="govuk-body">"From your shortlists:"</p>
                <ul class="govuk-list">{list.into_iter().map(button).collect_view()}</ul>
            })
        }}
    }
}

/// How likely and how serious, each 1 to 5 in the matrix's words; the rating is written only once
/// both are chosen (`set`), and read back in words.
#[component]
pub fn RatingInput(
    /// Unique on the page: the field's name in errors ("risks.0.inherent").
    #[prop(into)]
    id: String,
    legend: &'static str,
    first: Option<Rating>,
    set: Callback<Rating>,
) -> impl IntoView {
    let m = matrix();
    let parts = RwSignal::new(first.map_or((0, 0), |r| (r.likelihood, r.impact)));
    let choose = move |likelihood: bool, value: u8| {
        parts.update(|p| if likelihood { p.0 = value } else { p.1 = value });
        let (l, i) = parts.get_untracked();
        let rating = Rating {
            likelihood: l,
            impact: i,
        };
        if rating.is_valid() {
            set.run(rating);
        }
    };
    let scale = move |likelihood: bool, words: [String; 5]| {
        let name = format!("{id}-{}", if likelihood { "likelihood" } else { "impact" });
        words
            .into_iter()
            .enumerate()
            .map(|(n, word)| {
                let value = n as u8 + 1;
                let input = if n == 0 && likelihood { id.clone() } else { format!("{name}-{value}") };
                let checked = move || {
                    let (l, i) = parts.get();
                    (if likelihood { l } else { i }) == value
                };
                view! {
                    <div class="govuk-radios__item">
                        <input class="govuk-radios__input" type="radio" id=input.clone() name=name.clone()
                            prop:checked=checked on:change=move |_| choose(likelihood, value) />
                        <label class="govuk-label govuk-radios__label" for=input>{format!("{value} – {word}")}</label>
                    </div>
                }
            })
            .collect_view()
    };
    let words = m.clone();
    view! {
        <fieldset class="govuk-fieldset govuk-!-margin-bottom-4">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
            <div class="ts-rating">
                <fieldset class="govuk-fieldset">
                    <legend class="govuk-fieldset__legend">"How likely"</legend>
                    <div class="govuk-radios govuk-radios--small">{scale(true, m.likelihood.clone())}</div>
                </fieldset>
                <fieldset class="govuk-fieldset">
                    <legend class="govuk-fieldset__legend">"How serious"</legend>
                    <div class="govuk-radios govuk-radios--small">{scale(false, m.impact.clone())}</div>
                </fieldset>
            </div>
            <p class="govuk-body" aria-live="polite">{move || {
                let (likelihood, impact) = parts.get();
                words.describe(Rating { likelihood, impact })
            }}</p>
        </fieldset>
    }
}
