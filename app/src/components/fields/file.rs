//! A GOV.UK file upload: a feed, a template or a postcode table. Its id is `file`, the key its
//! errors come under, each shown on a line of its own above the input.

use leptos::html::Input;
use leptos::prelude::*;
use shared::FieldErrors;

#[component]
pub fn FileField(
    label: &'static str,
    /// The file types the browser offers first (`.csv,text/csv`).
    accept: &'static str,
    #[prop(into)] errors: Signal<FieldErrors>,
    input: NodeRef<Input>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let has_error = move || errors.read().contains_key("file");
    let described = move || {
        let ids: Vec<&str> = [hint.map(|_| "file-hint"), has_error().then_some("file-error")]
            .into_iter()
            .flatten()
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    view! {
        <div class=move || if has_error() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
            <label class="govuk-label" for="file">{label}</label>
            {hint.map(|h| view! { <div class="govuk-hint" id="file-hint">{h}</div> })}
            {move || errors.read().get("file").map(|list| view! {
                <p class="govuk-error-message" id="file-error">
                    {list.iter().map(|m| view! { <span class="govuk-visually-hidden">"Error: "</span>{m.clone()}<br/> }).collect_view()}
                </p>
            })}
            <input class="govuk-file-upload" id="file" name="file" type="file" accept=accept node_ref=input
                aria-describedby=described />
        </div>
    }
}
