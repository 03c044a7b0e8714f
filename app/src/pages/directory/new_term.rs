//! "Category not listed?" on the service form: a commissioner adds a category (at the top of
//! the shipped taxonomy, or as a kind of one of its categories) without leaving the form, and it
//! is ticked for the service at once.
//!
//! Its fields sit inside the service's form, but forms cannot nest: they belong to a form of
//! their own (`NEW_TERM_FORM`, their `form` attribute) placed after the service's, so Enter in
//! one of them adds the category, as its button does, instead of submitting the service
//! half-filled.

use leptos::prelude::*;
use shared::api::directory::NewTerm;
use shared::directory::{Taxonomy, TaxonomyTerm};
use uuid::Uuid;

use crate::components::fields::{SelectField, TextField};
use crate::components::form::FormState;

/// A category the service form offers: under its parent, when it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryChoice {
    pub id: Uuid,
    pub name: String,
    pub parent: Option<(Uuid, String)>,
}

/// The form's category choices, each parent followed by its kinds.
pub fn choices(taxonomy: &Taxonomy) -> Vec<CategoryChoice> {
    let mut list = Vec::new();
    for term in &taxonomy.terms {
        add(
            &mut list,
            term,
            taxonomy.terms.iter().map(|t| (t.id, t.name.clone())),
        );
    }
    list
}

/// Puts `term` in `list` after the last of its parent's kinds (a category of its own: last).
pub fn add(
    list: &mut Vec<CategoryChoice>,
    term: &TaxonomyTerm,
    mut names: impl Iterator<Item = (Uuid, String)>,
) {
    let parent = term.parent_id.and_then(|p| names.find(|(id, _)| *id == p));
    let at = parent
        .as_ref()
        .and_then(|(p, _)| {
            list.iter()
                .rposition(|c| c.id == *p || c.parent.as_ref().is_some_and(|(q, _)| q == p))
        })
        .map_or(list.len(), |last| last + 1);
    list.insert(
        at,
        CategoryChoice {
            id: term.id,
            name: term.name.clone(),
            parent,
        },
    );
}

/// The id of the form the fold-out's fields belong to.
const NEW_TERM_FORM: &str = "new-term";

/// The fold-out, to place in the service's form, and its own (empty) form, to place after
/// that. `added` is told of each new category (already saved).
pub fn new_category(taxonomy: Taxonomy, added: Callback<TaxonomyTerm>) -> (impl IntoView, impl IntoView) {
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
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
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
    let fold_out = view! {
        <details class="govuk-details">
            <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Category not listed?"</span></summary>
            <div class="govuk-details__text">
                {move || form.general.get().map(|m| view! { <p class="govuk-error-message">{m}</p> })}
                <TextField id="new-term-name" label="Name of the new category" value=name errors form=NEW_TERM_FORM />
                <TextField id="new-term-description" label="What it covers" value=description errors form=NEW_TERM_FORM />
                <SelectField id="new-term-parent_id" label="A kind of" options=Signal::stored(parents) value=parent errors />
                <button type="submit" form=NEW_TERM_FORM class="govuk-button govuk-button--secondary" disabled=move || form.busy.get()>"Add category"</button>
            </div>
        </details>
    };
    (
        fold_out,
        view! { <form id=NEW_TERM_FORM novalidate on:submit=add></form> },
    )
}
