//! "Category not listed?" on the service form: a commissioner adds a category (at the top of
//! the shipped taxonomy, or as a kind of one of its categories) without leaving the form, and it
//! is ticked for the service at once.

use leptos::prelude::*;
use shared::api::directory::NewTerm;
use shared::directory::{Taxonomy, TaxonomyTerm};
use uuid::Uuid;

use crate::components::fields::{SelectField, TextField};
use crate::components::form::FormState;

/// The form's category choices: each term, labelled with its parent's name when it has one.
pub fn labelled(taxonomy: &Taxonomy) -> Vec<(Uuid, String)> {
    taxonomy
        .terms
        .iter()
        .map(|term| {
            let parent = term
                .parent_id
                .and_then(|p| taxonomy.terms.iter().find(|x| x.id == p));
            let label = match parent {
                Some(p) => format!("{}: {}", p.name, term.name),
                None => term.name.clone(),
            };
            (term.id, label)
        })
        .collect()
}

/// The fold-out form. `added` is told of each new category (already saved).
#[component]
pub fn NewCategory(taxonomy: Taxonomy, added: Callback<TaxonomyTerm>) -> impl IntoView {
    let form = FormState::new();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let parent = RwSignal::new(String::new());
    let parents: Vec<(String, String)> =
        std::iter::once((String::new(), "None: a category of its own".to_owned()))
            .chain(taxonomy.top_level().map(|t| (t.id.to_string(), t.name.clone())))
            .collect();
    // Named apart from the service's own fields, so the two error summaries never mix.
    let errors = Signal::derive(move || {
        form.errors
            .get()
            .into_iter()
            .map(|(k, v)| (format!("new-term-{k}"), v))
            .collect()
    });
    let taxonomy_id = taxonomy.id;
    let add = move |_| {
        let term = NewTerm {
            name: name.get_untracked(),
            description: description.get_untracked(),
            parent_id: parent.get_untracked().parse().ok(),
        };
        form.submit(
            term,
            move |t| async move { crate::api::directory::add_term(taxonomy_id, &t).await },
            move |saved| {
                name.set(String::new());
                description.set(String::new());
                added.run(saved);
            },
        );
    };
    view! {
        <details class="govuk-details">
            <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Category not listed?"</span></summary>
            <div class="govuk-details__text">
                {move || form.general.get().map(|m| view! { <p class="govuk-error-message">{m}</p> })}
                <TextField id="new-term-name" label="Name of the new category" value=name errors />
                <TextField id="new-term-description" label="What it covers" value=description errors />
                <SelectField id="new-term-parent_id" label="A kind of" options=Signal::stored(parents) value=parent errors />
                <button type="button" class="govuk-button govuk-button--secondary" on:click=add disabled=move || form.busy.get()>"Add category"</button>
            </div>
        </details>
    }
}
