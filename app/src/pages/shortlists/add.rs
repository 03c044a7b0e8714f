//! "Add to a shortlist" on a service's page: to one of the practitioner's shortlists, or a new
//! one named by a case reference. Saved on the device at once, sent when online.

use leptos::prelude::*;
use shared::api::shortlists::Shortlist;
use shared::validate::Validate;
use shared::{FieldErrors, RecordId};
use uuid::Uuid;

use crate::components::fields::{SelectField, TextField};
use crate::store::records;
use crate::sync::use_sync;

const NEW: &str = "new";

#[component]
pub fn AddToShortlist(service_id: Uuid, name: String) -> impl IntoView {
    let sync = use_sync();
    let chosen = RwSignal::new(NEW.to_owned());
    let reference = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let added = RwSignal::new(None::<(RecordId, String)>);
    let lists = move || records::all::<Shortlist>(sync);
    // The newest shortlist is the likeliest: chosen when there is one.
    Effect::new(move || {
        if chosen.get_untracked() == NEW
            && let Some(newest) = lists().into_iter().max_by_key(|l| l.id)
        {
            chosen.set(newest.id.to_string());
        }
    });
    let options = Signal::derive(move || {
        let mut options: Vec<(String, String)> = lists()
            .into_iter()
            .map(|l| (l.id.to_string(), format!("For {}", l.record.reference)))
            .collect();
        options.push((NEW.to_owned(), "A new shortlist".to_owned()));
        options
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let existing = chosen
            .get_untracked()
            .parse::<RecordId>()
            .ok()
            .and_then(|id| records::one::<Shortlist>(sync, id));
        let (id, mut list) = match existing {
            Some(l) => (l.id, l.record),
            None => (
                RecordId::new(),
                Shortlist {
                    reference: reference.get_untracked().trim().to_owned(),
                    ..Shortlist::default()
                },
            ),
        };
        let fresh = list.add(service_id, &name);
        match list.validate() {
            Ok(()) => {
                errors.set(FieldErrors::new());
                if fresh {
                    records::save(sync, id, &list);
                }
                chosen.set(id.to_string());
                added.set(Some((id, list.reference)));
            }
            Err(found) => errors.set(found),
        }
    };
    view! {
        <form novalidate on:submit=add class="ts-add-shortlist">
            <h2 class="govuk-heading-m">"Add to a shortlist"</h2>
            <SelectField id="shortlist" label="Shortlist" options value=chosen errors />
            <Show when=move || chosen.get() == NEW>
                <TextField id="reference" label="The person's case reference" value=reference errors
                    hint="No name needed: the reference is enough for you to know who it is for"
                    width_class="govuk-input govuk-input--width-10" />
            </Show>
            <button type="submit" class="govuk-button govuk-button--secondary">"Add to shortlist"</button>
            <p class="govuk-body" role="status">
                {move || added.get().map(|(id, reference)| view! {
                    "Added to the shortlist for " {reference} ". "
                    <a class="govuk-link" href=format!("/shortlists/{id}")>"Open the shortlist"</a>
                })}
            </p>
        </form>
    }
}
