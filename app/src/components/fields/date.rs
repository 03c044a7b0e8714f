//! GOV.UK's date input: day, month and year boxes kept as typed, so a half-typed date in a draft
//! is saved as it is and checked when it matters.

use leptos::prelude::*;
use shared::FieldErrors;
use shared::api::case_audits::DateParts;

use super::{Bound, ErrorMessages, Size, described_by, group_class, has_error, legend};

#[component]
pub fn DateInput(
    #[prop(into)] id: String,
    #[prop(into)] legend: String,
    #[prop(into)] value: Bound<DateParts>,
    #[prop(into)] errors: Signal<FieldErrors>,
    #[prop(default = "For example, 27 3 2027".into(), into)] hint: String,
    #[prop(optional)] size: Size,
) -> impl IntoView {
    let (field_d, field_e) = (id.clone(), id.clone());
    let error = Signal::derive(move || has_error(errors, &field_e));
    let part = |part: usize, label: &'static str, width: &'static str| {
        // The day box carries the field's id, so the error summary can focus it.
        let input = match part {
            0 => id.clone(),
            1 => format!("{id}-month"),
            _ => format!("{id}-year"),
        };
        let read = move |d: &DateParts| match part {
            0 => d.day.clone(),
            1 => d.month.clone(),
            _ => d.year.clone(),
        };
        view! {
            <div class="govuk-date-input__item">
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-date-input__label" for=input.clone()>{label}</label>
                    <input
                        class=move || format!("govuk-input govuk-date-input__input {width}{}", if error.get() { " govuk-input--error" } else { "" })
                        id=input.clone()
                        name=input
                        type="text"
                        inputmode="numeric"
                        prop:value=move || value.get.with(read)
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            let mut date = value.get.get_untracked();
                            match part {
                                0 => date.day = text,
                                1 => date.month = text,
                                _ => date.year = text,
                            }
                            value.set.run(date);
                        }
                    />
                </div>
            </div>
        }
    };
    let parts = (
        part(0, "Day", "govuk-input--width-2"),
        part(1, "Month", "govuk-input--width-2"),
        part(2, "Year", "govuk-input--width-4"),
    );
    view! {
        <div class=move || group_class(error.get())>
            <fieldset class="govuk-fieldset" role="group" aria-describedby=move || described_by(errors, &field_d, true)>
                {self::legend(legend, size)}
                <div class="govuk-hint" id=format!("{id}-hint")>{hint}</div>
                <ErrorMessages errors field=id.clone() />
                <div class="govuk-date-input">{parts}</div>
            </fieldset>
        </div>
    }
}
