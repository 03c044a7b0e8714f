//! `/assessments/:id/cpd`: a Social Work England CPD entry drafted from a submitted assessment's
//! reflections, to edit here and then copy or download as text. Nothing here is stored: the
//! person's CPD record lives in their Social Work England account.

use leptos::prelude::*;
use shared::api::assessments::CpdEntry;
use shared::{FieldErrors, Role};

use super::{NotHere, one, route_id};
use crate::components::fields::{Size, TextArea, TextField};
use crate::components::guard::Guard;
use crate::state::set_title;
use crate::sync::use_sync;

#[component]
pub fn CpdPage() -> impl IntoView {
    view! { <Guard roles=&[Role::Practitioner]><CpdLoader /></Guard> }
}

#[component]
fn CpdLoader() -> impl IntoView {
    let sync = use_sync();
    let id = route_id();
    let local = Memo::new(move |_| id.get().and_then(|id| one(sync, id)).filter(|l| l.mine));
    let template_id = Signal::derive(move || local.with(|l| l.as_ref().map(|l| l.record.template_id)));
    let (template, _) = crate::store::templates::use_template(template_id);
    move || match (local.get(), template.get()) {
        (Some(l), Some(t)) => {
            let entry = CpdEntry::draft(&l.record, &t.content);
            view! { <Cpd id=l.id.to_string() entry /> }.into_any()
        }
        (l, _) => view! { <NotHere loading=sync.opening() || l.is_some() /> }.into_any(),
    }
}

#[component]
fn Cpd(id: String, entry: CpdEntry) -> impl IntoView {
    set_title("CPD record", false);
    let activity = RwSignal::new(entry.activity_type);
    let date = RwSignal::new(entry.date);
    let description = RwSignal::new(entry.description);
    let learning = RwSignal::new(entry.learning);
    let impact = RwSignal::new(entry.impact);
    let copied = RwSignal::new(None::<&'static str>);
    let text = move || {
        CpdEntry {
            activity_type: activity.get(),
            date: date.get(),
            description: description.get(),
            learning: learning.get(),
            impact: impact.get(),
        }
        .to_text()
    };
    let copy = move |_| {
        let Some(window) = web_sys::window() else { return };
        let promise = window.navigator().clipboard().write_text(&text());
        leptos::task::spawn_local(async move {
            let done = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            copied.set(Some(if done {
                "Copied. Paste it into your CPD record on your Social Work England account."
            } else {
                "This browser did not allow copying. Download the text file instead."
            }));
        });
    };
    let download = move || {
        let encoded = js_sys::encode_uri_component(&text());
        format!("data:text/plain;charset=utf-8,{encoded}")
    };
    // A draft made here and copied out: nothing to check.
    let errors = Signal::derive(FieldErrors::new);
    let area = move |id: &'static str, label: &'static str, value: RwSignal<String>, rows: u32| {
        view! { <TextArea id label value rows size=Size::S errors /> }
    };
    view! {
        <a href=format!("/assessments/{id}") class="govuk-back-link">"Back to your self-assessment"</a>
        <h1 class="govuk-heading-l">"CPD record"</h1>
        <p class="govuk-body">
            "A draft CPD entry made from your self-assessment and reflections. Edit it here, then copy it "
            "or download it and add it to your CPD record on your Social Work England account. Touchstone does not keep this draft."
        </p>
        <TextField id="cpd-type" label="Type of CPD activity" size=Size::S value=activity errors spellcheck=true />
        <TextField id="cpd-date" label="Date" size=Size::S value=date errors width_class="govuk-input govuk-input--width-20" />
        {area("cpd-description", "Description of the activity", description, 4)}
        {area("cpd-learning", "What I learned", learning, 8)}
        {area("cpd-impact", "Impact on my practice", impact, 6)}
        <div class="govuk-button-group">
            <button type="button" class="govuk-button" on:click=copy>"Copy to clipboard"</button>
            <a class="govuk-button govuk-button--secondary" href=download download="cpd-record.txt">"Download as text"</a>
        </div>
        <p class="govuk-body" role="status">{move || copied.get()}</p>
    }
}
