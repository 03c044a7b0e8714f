//! GOV.UK form fields with inline error messages wired to `aria-describedby`.

use leptos::prelude::*;
use shared::FieldErrors;

fn messages(errors: Signal<FieldErrors>, field: &'static str) -> Vec<String> {
    errors.read().get(field).cloned().unwrap_or_default()
}

fn group_class(has_error: bool) -> &'static str {
    if has_error {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    }
}

/// The inline "Error: …" lines above an input, with the id its `aria-describedby` names
/// (`<field>-error`). Pages with fields named at run time (statement keys) use it directly.
#[component]
pub fn ErrorMessages(
    #[prop(into)] errors: Signal<FieldErrors>,
    #[prop(into)] field: String,
) -> impl IntoView {
    move || {
        let list = errors.read().get(&field).cloned().unwrap_or_default();
        (!list.is_empty()).then(|| {
            view! {
                <p class="govuk-error-message" id=format!("{field}-error")>
                    {list
                        .into_iter()
                        .map(|m| view! { <span class="govuk-visually-hidden">"Error: "</span>{m}<br/> })
                        .collect_view()}
                </p>
            }
        })
    }
}

fn described_by(errors: Signal<FieldErrors>, field: &'static str, hint: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{field}-hint"));
    }
    if !messages(errors, field).is_empty() {
        ids.push(format!("{field}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[component]
pub fn TextField(
    /// The field's name in `FieldErrors`, also the input's id and name.
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    errors: Signal<FieldErrors>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(default = "govuk-input")] width_class: &'static str,
) -> impl IntoView {
    let has_error = move || !messages(errors, id).is_empty();
    view! {
        <div class=move || group_class(has_error())>
            <label class="govuk-label" for=id>{label}</label>
            {hint.map(|h| view! { <div id=format!("{id}-hint") class="govuk-hint">{h}</div> })}
            <ErrorMessages errors field=id />
            <input
                class=move || if has_error() { format!("{width_class} govuk-input--error") } else { width_class.to_owned() }
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                spellcheck="false"
                aria-describedby=move || described_by(errors, id, hint.is_some())
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </div>
    }
}

/// Several choices, any number ticked (roles). The first box has the field's id so the error
/// summary can focus it.
#[component]
pub fn CheckboxesField(
    id: &'static str,
    legend: &'static str,
    options: Vec<(&'static str, &'static str)>,
    selected: RwSignal<Vec<String>>,
    errors: Signal<FieldErrors>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let has_error = move || !messages(errors, id).is_empty();
    let boxes = options
        .into_iter()
        .enumerate()
        .map(|(i, (value, label))| {
            let input_id = if i == 0 {
                id.to_owned()
            } else {
                format!("{id}-{}", i + 1)
            };
            let checked = move || selected.read().iter().any(|v| v == value);
            view! {
                <div class="govuk-checkboxes__item">
                    <input
                        class="govuk-checkboxes__input"
                        id=input_id.clone()
                        name=id
                        type="checkbox"
                        value=value
                        prop:checked=checked
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            selected.update(|list| {
                                list.retain(|v| v != value);
                                if on {
                                    list.push(value.to_owned());
                                }
                            });
                        }
                    />
                    <label class="govuk-label govuk-checkboxes__label" for=input_id>{label}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class=move || group_class(has_error())>
            <fieldset class="govuk-fieldset" aria-describedby=move || described_by(errors, id, hint.is_some())>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
                {hint.map(|h| view! { <div id=format!("{id}-hint") class="govuk-hint">{h}</div> })}
                <ErrorMessages errors field=id />
                <div class="govuk-checkboxes govuk-checkboxes--small">{boxes}</div>
            </fieldset>
        </div>
    }
}

/// One yes/no box (an account is active).
#[component]
pub fn CheckboxField(
    id: &'static str,
    label: &'static str,
    checked: RwSignal<bool>,
    errors: Signal<FieldErrors>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let has_error = move || !messages(errors, id).is_empty();
    view! {
        <div class=move || group_class(has_error())>
            <ErrorMessages errors field=id />
            <div class="govuk-checkboxes govuk-checkboxes--small">
                <div class="govuk-checkboxes__item">
                    <input
                        class="govuk-checkboxes__input"
                        id=id
                        name=id
                        type="checkbox"
                        aria-describedby=move || described_by(errors, id, hint.is_some())
                        prop:checked=move || checked.get()
                        on:change=move |ev| checked.set(event_target_checked(&ev))
                    />
                    <label class="govuk-label govuk-checkboxes__label" for=id>{label}</label>
                    {hint.map(|h| view! { <div id=format!("{id}-hint") class="govuk-hint govuk-checkboxes__hint">{h}</div> })}
                </div>
            </div>
        </div>
    }
}

/// A drop-down; `options` are (value, label) with "" for "none".
#[component]
pub fn SelectField(
    id: &'static str,
    label: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    value: RwSignal<String>,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    let has_error = move || !messages(errors, id).is_empty();
    view! {
        <div class=move || group_class(has_error())>
            <label class="govuk-label" for=id>{label}</label>
            <ErrorMessages errors field=id />
            <select
                class=move || if has_error() { "govuk-select govuk-select--error" } else { "govuk-select" }
                id=id
                name=id
                aria-describedby=move || described_by(errors, id, false)
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(v, l)| {
                            let selected = value.get() == v;
                            view! { <option value=v selected=selected>{l}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}
