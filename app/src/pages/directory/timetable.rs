//! The weekly timetable editor, readable on a phone: a day per row, ticked when the service runs
//! that day, with its opening and closing times (`shared::directory::timetable` turns the rows
//! into HSDS rules and back). Rules the grid cannot show are listed in words and kept.

use leptos::prelude::*;
use shared::FieldErrors;
use shared::directory::Schedule;
pub use shared::directory::timetable::{DAYS, Day, read, write};

use crate::components::fields::ErrorMessages;

/// The editor: a fieldset with a row per day.
#[component]
pub fn Timetable(
    days: RwSignal<[Day; 7]>,
    kept: Vec<Schedule>,
    #[prop(into)] errors: Signal<FieldErrors>,
) -> impl IntoView {
    let rows = DAYS
        .iter()
        .enumerate()
        .map(|(i, (_, key, name))| {
            let field = format!("day-{key}");
            let (opens_id, closes_id) = (format!("{field}-opens"), format!("{field}-closes"));
            let error_field = field.clone();
            let has_error = move || errors.read().contains_key(&error_field);
            view! {
                <div class=move || if has_error() { "govuk-form-group govuk-form-group--error ts-day" } else { "govuk-form-group ts-day" }>
                    <div class="govuk-checkboxes govuk-checkboxes--small">
                        <div class="govuk-checkboxes__item">
                            <input class="govuk-checkboxes__input" id=field.clone() type="checkbox"
                                prop:checked=move || days.read()[i].open
                                on:change=move |ev| days.update(|d| d[i].open = event_target_checked(&ev)) />
                            <label class="govuk-label govuk-checkboxes__label" for=field.clone()>{*name}</label>
                        </div>
                    </div>
                    <ErrorMessages errors field=field.clone() />
                    <Show when=move || days.read()[i].open>
                        <div class="ts-day__times">
                            <label class="govuk-label" for=opens_id.clone()>"Opens"<span class="govuk-visually-hidden">{format!(" on {name}")}</span></label>
                            <input class="govuk-input govuk-input--width-5" id=opens_id.clone() type="time"
                                prop:value=move || days.read()[i].opens.clone()
                                on:input=move |ev| days.update(|d| d[i].opens = event_target_value(&ev)) />
                            <label class="govuk-label" for=closes_id.clone()>"Closes"<span class="govuk-visually-hidden">{format!(" on {name}")}</span></label>
                            <input class="govuk-input govuk-input--width-5" id=closes_id.clone() type="time"
                                prop:value=move || days.read()[i].closes.clone()
                                on:input=move |ev| days.update(|d| d[i].closes = event_target_value(&ev)) />
                        </div>
                    </Show>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="govuk-fieldset" aria-describedby="timetable-hint">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m"><h2 class="govuk-fieldset__heading">"When it is open"</h2></legend>
            <div class="govuk-hint" id="timetable-hint">"Tick each day it runs, every week, and give its hours, like 10:00 to 12:00."</div>
            {rows}
        </fieldset>
        {(!kept.is_empty()).then(|| view! {
            <div class="govuk-inset-text">
                <p class="govuk-body">"Other opening times, kept as they are:"</p>
                <ul class="govuk-list govuk-list--bullet">{kept.iter().map(|s| view! { <li>{s.describe()}</li> }).collect_view()}</ul>
            </div>
        })}
    }
}
