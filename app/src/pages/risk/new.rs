//! `/risk/new`: who it is about (a case reference; the name they use, if they like) and what
//! they want to do, in their words: enough to keep a draft. The rest follows section by section.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::risk_enablement::{RiskEnablement, TEXT_MAX};
use shared::validate::Validate;
use shared::{FieldErrors, RecordId};

use super::save;
use crate::components::fields::{Size, TextArea, TextField};
use crate::components::notices::ErrorSummary;
use crate::state::set_title;
use crate::sync::use_sync;

#[component]
pub fn NewRiskPage() -> impl IntoView {
    let sync = use_sync();
    let navigate = use_navigate();
    let reference = RwSignal::new(String::new());
    let known_as = RwSignal::new(String::new());
    let wants = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    Effect::new(move || set_title("Start a risk enablement form", !errors.read().is_empty()));
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = RiskEnablement {
            case_reference: reference.get_untracked().trim().to_owned(),
            known_as: known_as.get_untracked().trim().to_owned(),
            wants: wants.get_untracked(),
            talked_on: shared::api::case_audits::DateParts::from_date(super::edit::today()),
            ..RiskEnablement::default()
        };
        if let Err(found) = form.validate() {
            errors.set(found);
            return;
        }
        let id = RecordId::new();
        save(sync, id, &form);
        navigate(&format!("/risk/{id}"), Default::default());
    };
    view! {
        <a href="/risk" class="govuk-back-link">"Back to risk enablement"</a>
        <ErrorSummary errors general=Signal::derive(|| None::<String>) order=&["case_reference", "known_as", "wants"] />
        <h1 class="govuk-heading-l">"Start a risk enablement form"</h1>
        <form novalidate on:submit=start>
            <TextField id="case_reference" label="Case reference" value=reference errors
                hint="The reference in the case record system, for example LAS-123456. Nothing else that identifies the person."
                width_class="govuk-input govuk-input--width-20" />
            <TextField id="known_as" label="The name they use (optional)" value=known_as errors
                hint="Only if they want it on the form. The form says “you” to them otherwise."
                width_class="govuk-input govuk-input--width-20" />
            <TextArea id="wants" label="What do they want to do?" size=Size::M rows=4 value=wants errors
                hint="In their words, as they said it." max=TEXT_MAX />
            <button type="submit" class="govuk-button">"Start the form"</button>
        </form>
    }
}
