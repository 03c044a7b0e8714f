//! Radios (one choice), checkboxes (any number) and a single yes/no box. The first input
//! carries the field's id, so the error summary can focus it; the others add a suffix.

use leptos::prelude::*;
use shared::FieldErrors;

use super::{Bound, ErrorMessages, Size, described_by, group_class, has_error, hint_view, legend};

/// One option of a radios or checkboxes field.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice<T> {
    pub value: T,
    /// The input's `value` and its id suffix.
    pub key: String,
    pub label: String,
    /// GOV.UK's "or" divider before this option (for "Not applicable").
    pub divider: bool,
    /// The option it is a kind of (checkboxes): shown indented under it, and its name read out
    /// before the label ("Dementia: Memory cafés") but not shown.
    pub kind_of: Option<String>,
}

impl<T> Choice<T> {
    pub fn new(value: T, key: impl Into<String>, label: impl Into<String>) -> Self {
        Choice {
            value,
            key: key.into(),
            label: label.into(),
            divider: false,
            kind_of: None,
        }
    }

    pub fn kind_of(self, parent: Option<String>) -> Self {
        Choice {
            kind_of: parent,
            ..self
        }
    }

    pub fn after_divider(self) -> Self {
        Choice {
            divider: true,
            ..self
        }
    }
}

fn input_id(field: &str, i: usize, key: &str) -> String {
    if i == 0 {
        field.to_owned()
    } else {
        format!("{field}-{key}")
    }
}

/// A question asked with a fieldset: its legend, hint and errors around the options.
struct Question {
    id: String,
    legend: String,
    size: Size,
    hint: Option<String>,
    errors: Signal<FieldErrors>,
}

impl Question {
    fn fieldset(self, before: impl IntoView + 'static, options: impl IntoView + 'static) -> impl IntoView {
        let Question {
            id,
            legend,
            size,
            hint,
            errors,
        } = self;
        let has_hint = hint.is_some();
        let (field_d, field_e) = (id.clone(), id.clone());
        view! {
            <div class=move || group_class(has_error(errors, &field_e))>
                <fieldset class="govuk-fieldset" aria-describedby=move || described_by(errors, &field_d, has_hint)>
                    {self::legend(legend, size)}
                    {hint_view(&id, hint, "")}
                    {before}
                    <ErrorMessages errors field=id.clone() />
                    {options}
                </fieldset>
            </div>
        }
    }
}

/// Pick one. `class` adds to `govuk-radios` (`govuk-radios--small govuk-radios--inline`).
#[component]
pub fn Radios<T>(
    #[prop(into)] id: String,
    #[prop(into)] legend: String,
    choices: Vec<Choice<T>>,
    #[prop(into)] value: Bound<Option<T>>,
    #[prop(into)] errors: Signal<FieldErrors>,
    #[prop(optional, into)] hint: MaybeProp<String>,
    #[prop(default = Size::S)] size: Size,
    #[prop(optional)] class: &'static str,
    /// Shown under the legend, before the choices (a template key in a preview).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    // Hints do not change once shown.
    let hint = hint.get_untracked();
    // No choices: the question alone (a template's outline).
    let any = !choices.is_empty();
    let items = choices
        .into_iter()
        .enumerate()
        .map(|(i, choice)| {
            let input = input_id(&id, i, &choice.key);
            let (mine, chosen) = (choice.value.clone(), choice.value);
            view! {
                {choice.divider.then(|| view! { <div class="govuk-radios__divider">"or"</div> })}
                <div class="govuk-radios__item">
                    <input class="govuk-radios__input" id=input.clone() name=id.clone() type="radio" value=choice.key
                        prop:checked=move || value.get.read().as_ref() == Some(&mine)
                        on:change=move |_| value.set.run(Some(chosen.clone())) />
                    <label class="govuk-label govuk-radios__label" for=input>{choice.label}</label>
                </div>
            }
        })
        .collect_view();
    let items = any.then(
        || view! { <div class=format!("govuk-radios {class}") data-module="govuk-radios">{items}</div> },
    );
    let question = Question {
        id,
        legend,
        size,
        hint,
        errors,
    };
    question.fieldset(children.map(|c| c()), items)
}

/// Tick any number; `value` is the ticked options.
#[component]
pub fn Checkboxes<T>(
    #[prop(into)] id: String,
    #[prop(into)] legend: String,
    choices: Vec<Choice<T>>,
    #[prop(into)] value: Bound<Vec<T>>,
    #[prop(into)] errors: Signal<FieldErrors>,
    #[prop(optional, into)] hint: MaybeProp<String>,
    #[prop(default = Size::S)] size: Size,
    #[prop(optional)] class: &'static str,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    // Hints do not change once shown.
    let hint = hint.get_untracked();
    // Options with kinds under them head their groups.
    let grouped = choices.iter().any(|c| c.kind_of.is_some());
    let items = choices
        .into_iter()
        .enumerate()
        .map(|(i, choice)| {
            let input = input_id(&id, i, &choice.key);
            let (mine, toggled) = (choice.value.clone(), choice.value);
            let item_class = match (&choice.kind_of, grouped) {
                (Some(_), _) => "govuk-checkboxes__item ts-choice--kind",
                (None, true) => "govuk-checkboxes__item ts-choice--group",
                (None, false) => "govuk-checkboxes__item",
            };
            let context = choice
                .kind_of
                .map(|parent| view! { <span class="govuk-visually-hidden">{parent}": "</span> });
            view! {
                <div class=item_class>
                    <input class="govuk-checkboxes__input" id=input.clone() name=id.clone() type="checkbox" value=choice.key
                        prop:checked=move || value.get.read().contains(&mine)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let mut ticked = value.get.get_untracked();
                            ticked.retain(|v| *v != toggled);
                            if on {
                                ticked.push(toggled.clone());
                            }
                            value.set.run(ticked);
                        } />
                    <label class="govuk-label govuk-checkboxes__label" for=input>{context}{choice.label}</label>
                </div>
            }
        })
        .collect_view();
    let items =
        view! { <div class=format!("govuk-checkboxes {class}") data-module="govuk-checkboxes">{items}</div> };
    Question {
        id,
        legend,
        size,
        hint,
        errors,
    }
    .fieldset((), items)
}

/// One yes/no box (an account is active).
#[component]
pub fn CheckboxField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] checked: Bound<bool>,
    #[prop(into)] errors: Signal<FieldErrors>,
    #[prop(optional, into)] hint: MaybeProp<String>,
) -> impl IntoView {
    // Hints do not change once shown.
    let hint = hint.get_untracked();
    let has_hint = hint.is_some();
    let (field_d, field_e) = (id.clone(), id.clone());
    view! {
        <div class=move || group_class(has_error(errors, &field_e))>
            <ErrorMessages errors field=id.clone() />
            <div class="govuk-checkboxes govuk-checkboxes--small">
                <div class="govuk-checkboxes__item">
                    <input
                        class="govuk-checkboxes__input"
                        id=id.clone()
                        name=id.clone()
                        type="checkbox"
                        aria-describedby=move || described_by(errors, &field_d, has_hint)
                        prop:checked=move || checked.get.get()
                        on:change=move |ev| checked.set.run(event_target_checked(&ev))
                    />
                    <label class="govuk-label govuk-checkboxes__label" for=id.clone()>{label}</label>
                    {hint_view(&id, hint, "govuk-checkboxes__hint")}
                </div>
            </div>
        </div>
    }
}
