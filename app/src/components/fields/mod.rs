//! GOV.UK Frontend form fields, one markup for every page: each names its field (the key in
//! `FieldErrors`, the input's `name`, and the `id` of the input the error summary focuses),
//! shows that field's errors inline and ties them to the input with `aria-describedby`.
//! Values come in as a [`Bound`]: a signal to read and a callback for changes, so a field can
//! edit a plain signal or one part of a record being drafted.

mod choices;
mod date;
mod file;
mod select;
mod text;

use leptos::prelude::*;
use shared::FieldErrors;

pub use choices::{CheckboxField, Checkboxes, Choice, Radios};
pub use date::DateInput;
pub use file::FileField;
pub use select::SelectField;
pub use text::{TextArea, TextField};

/// A value a field shows and changes.
#[derive(Clone, Copy)]
pub struct Bound<T: Send + Sync + 'static> {
    pub get: Signal<T>,
    pub set: Callback<T>,
}

impl<T: Clone + Send + Sync + 'static> Bound<T> {
    pub fn new(get: impl Fn() -> T + Send + Sync + 'static, set: impl Fn(T) + Send + Sync + 'static) -> Self {
        Bound {
            get: Signal::derive(get),
            set: Callback::new(set),
        }
    }
}

impl<T: Clone + Send + Sync + 'static> From<RwSignal<T>> for Bound<T> {
    fn from(signal: RwSignal<T>) -> Self {
        Bound {
            get: signal.into(),
            set: Callback::new(move |v| signal.set(v)),
        }
    }
}

/// Whether `field` has errors (tracked).
fn has_error(errors: Signal<FieldErrors>, field: &str) -> bool {
    errors.read().get(field).is_some_and(|m| !m.is_empty())
}

fn group_class(has_error: bool) -> &'static str {
    if has_error {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    }
}

/// The ids an input's `aria-describedby` names: its hint and its errors, when shown.
fn described_by(errors: Signal<FieldErrors>, field: &str, hint: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{field}-hint"));
    }
    if has_error(errors, field) {
        ids.push(format!("{field}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A field's hint, with the id `aria-describedby` names.
fn hint_view(field: &str, hint: Option<String>, extra_class: &str) -> Option<impl IntoView + use<>> {
    let id = format!("{field}-hint");
    let class = format!("govuk-hint {extra_class}");
    hint.map(|h| view! { <div id=id class=class>{h}</div> })
}

/// The inline "Error: …" lines above an input, with the id its `aria-describedby` names
/// (`<field>-error`).
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

/// A question's heading size (GOV.UK's `--s`, `--m`, `--l` label and legend modifiers); `M` and
/// `L` questions are also the page's headings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Size {
    #[default]
    Body,
    S,
    M,
    L,
}

// Class names are written out whole, never put together, so that the build's unused-CSS pass
// (`xtask/src/css.rs`) finds every one of them in the source.
impl Size {
    fn legend_class(self) -> &'static str {
        match self {
            Size::Body => "govuk-fieldset__legend",
            Size::S => "govuk-fieldset__legend govuk-fieldset__legend--s",
            Size::M => "govuk-fieldset__legend govuk-fieldset__legend--m",
            Size::L => "govuk-fieldset__legend govuk-fieldset__legend--l",
        }
    }

    fn label_class(self) -> &'static str {
        match self {
            Size::Body => "govuk-label",
            Size::S => "govuk-label govuk-label--s",
            Size::M => "govuk-label govuk-label--m",
            Size::L => "govuk-label govuk-label--l",
        }
    }

    fn is_heading(self) -> bool {
        matches!(self, Size::M | Size::L)
    }
}

/// A fieldset's legend at `size` (a heading from `M` up).
fn legend(text: String, size: Size) -> impl IntoView {
    let class = size.legend_class();
    if size.is_heading() {
        view! { <legend class=class><h2 class="govuk-fieldset__heading">{text}</h2></legend> }.into_any()
    } else {
        view! { <legend class=class>{text}</legend> }.into_any()
    }
}

/// An input's label at `size` (a heading from `M` up).
fn label(text: String, size: Size, for_id: String) -> impl IntoView {
    let class = size.label_class();
    if size.is_heading() {
        view! { <h2 class="govuk-label-wrapper"><label class=class for=for_id>{text}</label></h2> }.into_any()
    } else {
        view! { <label class=class for=for_id>{text}</label> }.into_any()
    }
}
