//! Text inputs and text areas; a text area with a limit counts characters as GOV.UK's
//! character count does, telling screen readers politely.

use leptos::prelude::*;
use shared::FieldErrors;

use super::{Bound, ErrorMessages, Size, described_by, group_class, has_error, hint_view, label};

#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: Bound<String>,
    #[prop(into)] errors: Signal<FieldErrors>,
    #[prop(optional, into)] hint: MaybeProp<String>,
    #[prop(optional)] size: Size,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// The id of the form it belongs to, when not the one it sits in.
    #[prop(optional)]
    form: Option<&'static str>,
    #[prop(default = "govuk-input")] width_class: &'static str,
    /// Names, emails and references are not words to check; prose is.
    #[prop(optional)]
    spellcheck: bool,
) -> impl IntoView {
    // Hints do not change once shown.
    let hint = hint.get_untracked();
    let has_hint = hint.is_some();
    let (field, field_d, field_e) = (id.clone(), id.clone(), id.clone());
    let error = Signal::derive(move || has_error(errors, &field_e));
    view! {
        <div class=move || group_class(error.get())>
            {self::label(label, size, id.clone())}
            {hint_view(&id, hint, "")}
            <ErrorMessages errors field=field.clone() />
            <input
                class=move || if error.get() { format!("{width_class} govuk-input--error") } else { width_class.to_owned() }
                id=id.clone()
                name=field
                type=input_type
                autocomplete=autocomplete
                form=form
                spellcheck=if spellcheck { "true" } else { "false" }
                aria-describedby=move || described_by(errors, &field_d, has_hint)
                prop:value=move || value.get.get()
                on:input=move |ev| value.set.run(event_target_value(&ev))
            />
        </div>
    }
}

/// A text area; with `max`, a character count below it.
#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: Bound<String>,
    #[prop(into)] errors: Signal<FieldErrors>,
    #[prop(optional, into)] hint: MaybeProp<String>,
    #[prop(optional)] size: Size,
    #[prop(default = 5)] rows: u32,
    #[prop(optional)] max: Option<usize>,
) -> impl IntoView {
    // Hints do not change once shown.
    let hint = hint.get_untracked();
    let has_hint = hint.is_some();
    let (field, field_d, field_e) = (id.clone(), id.clone(), id.clone());
    let error = Signal::derive(move || has_error(errors, &field_e));
    let count_id = format!("{id}-info");
    let count = max.map(|max| {
        let over = move || value.get.read().chars().count() > max;
        let message = move || {
            let used = value.get.read().chars().count();
            match max.checked_sub(used) {
                Some(1) => "You have 1 character remaining".to_owned(),
                Some(left) => format!("You have {left} characters remaining"),
                None if used - max == 1 => "You have 1 character too many".to_owned(),
                None => format!("You have {} characters too many", used - max),
            }
        };
        view! {
            <div id=count_id.clone() aria-live="polite"
                class=move || if over() { "govuk-error-message govuk-character-count__message" } else { "govuk-hint govuk-character-count__message" }>
                {message}
            </div>
        }
    });
    let with_count = max.is_some();
    let count_ref = count_id.clone();
    let describe = move || {
        let mut ids = described_by(errors, &field_d, has_hint).unwrap_or_default();
        if with_count {
            ids = format!("{ids} {count_ref}").trim().to_owned();
        }
        (!ids.is_empty()).then_some(ids)
    };
    view! {
        <div class=move || if with_count { format!("govuk-character-count {}", group_class(error.get())) } else { group_class(error.get()).to_owned() }>
            {self::label(label, size, id.clone())}
            {hint_view(&id, hint, "")}
            <ErrorMessages errors field=field.clone() />
            <textarea
                class=move || if error.get() { "govuk-textarea govuk-textarea--error" } else { "govuk-textarea" }
                id=id.clone()
                name=field
                rows=rows
                aria-describedby=describe
                prop:value=move || value.get.get()
                on:input=move |ev| value.set.run(event_target_value(&ev))
            ></textarea>
            {count}
        </div>
    }
}
