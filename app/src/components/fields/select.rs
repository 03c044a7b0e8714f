//! A drop-down.

use leptos::prelude::*;
use shared::FieldErrors;

use super::{Bound, ErrorMessages, described_by, group_class, has_error, hint_view};

/// `options` are (value, label); a first option with value "" reads as "none chosen".
#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] value: Bound<String>,
    #[prop(into)] errors: Signal<FieldErrors>,
    #[prop(optional, into)] hint: MaybeProp<String>,
    /// Added to the form group's classes.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    // Hints do not change once shown.
    let hint = hint.get_untracked();
    let has_hint = hint.is_some();
    let (field_d, field_e) = (id.clone(), id.clone());
    let error = Signal::derive(move || has_error(errors, &field_e));
    view! {
        <div class=move || format!("{} {class}", group_class(error.get()))>
            <label class="govuk-label" for=id.clone()>{label}</label>
            {hint_view(&id, hint, "")}
            <ErrorMessages errors field=id.clone() />
            <select
                class=move || if error.get() { "govuk-select govuk-select--error" } else { "govuk-select" }
                id=id.clone()
                name=id.clone()
                aria-describedby=move || described_by(errors, &field_d, has_hint)
                on:change=move |ev| value.set.run(event_target_value(&ev))
            >
                {move || {
                    let chosen = value.get.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, l)| {
                            let selected = chosen == v;
                            view! { <option value=v selected=selected>{l}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}
