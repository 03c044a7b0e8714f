//! A draft case-file audit: a grade and comment for each criterion, agreed actions with dates.
//! Each change is saved on the device as it is made; "Submit audit" checks everything first.

use leptos::prelude::*;
use shared::api::assessments::AssessmentStatus;
use shared::api::case_audits::{AgreedAction, CaseAudit, comment_field, grade_field};
use shared::api::templates::{Grade, Statement, Template};
use shared::validate::Validate;
use shared::{FieldErrors, RecordId};

use super::save;
use crate::components::fields::ErrorMessages;
use crate::components::notices::ErrorSummary;
use crate::state::{set_title, use_session};
use crate::sync::use_sync;

type Edit = dyn Fn(&mut CaseAudit);

fn group(errors: RwSignal<FieldErrors>, fields: Vec<String>) -> impl Fn() -> &'static str {
    move || {
        if fields.iter().any(|f| errors.read().contains_key(f)) {
            "govuk-form-group govuk-form-group--error"
        } else {
            "govuk-form-group"
        }
    }
}

#[component]
pub fn AuditForm(id: RecordId, template: Template, first: CaseAudit) -> impl IntoView {
    let sync = use_sync();
    let session = use_session();
    let draft = RwSignal::new(first);
    let errors = RwSignal::new(FieldErrors::new());
    let general = Signal::derive(|| None::<String>);
    Effect::new(move || set_title("Case-file audit", !errors.read().is_empty()));
    let change = move |edit: &Edit| {
        draft.update(|d| edit(d));
        let current = draft.get_untracked();
        // Drafts save while being typed; only limits stop a save.
        match current.validate() {
            Ok(()) => save(sync, id, &current),
            Err(found) => errors.set(found),
        }
    };
    let content = template.content.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let submitted = CaseAudit {
            status: AssessmentStatus::Submitted,
            submitted_at: Some(chrono::Utc::now()),
            ..draft.get_untracked()
        };
        let mut found = submitted.validate().err().unwrap_or_default();
        found.extend(submitted.check_against(&content).err().unwrap_or_default());
        if found.is_empty() {
            save(sync, id, &submitted);
            session.notify(
                &format!("/case-audits/{id}"),
                "Case-file audit submitted".to_owned(),
            );
        } else {
            errors.set(found);
        }
    };
    let who = crate::store::team::name_of(draft.get_untracked().practitioner_id).unwrap_or_default();
    view! {
        <a href="/case-audits" class="govuk-back-link">"Back to case-file audits"</a>
        <ErrorSummary errors=errors.into() general order=&[] />
        <span class="govuk-caption-l">{template.content.title.clone()}</span>
        <h1 class="govuk-heading-l">{move || format!("Case {}", draft.read().case_reference)}</h1>
        <p class="govuk-body">{format!("{who}'s case. ")}{template.content.introduction.clone()}</p>
        <p class="govuk-body ts-note-status" role="status">"Your audit saves on this device as you go."</p>
        <form novalidate on:submit=submit>
            {template.content.domains.iter().map(|d| view! {
                <h2 class="govuk-heading-m">{d.title.clone()}</h2>
                {(!d.description.is_empty()).then(|| view! { <p class="govuk-body">{d.description.clone()}</p> })}
                {d.statements.iter().map(|s| view! { <Criterion statement=s.clone() draft change errors /> }).collect_view()}
            }).collect_view()}
            <h2 class="govuk-heading-m">"Agreed actions"</h2>
            <p class="govuk-body">"What you and the practitioner agreed to do, and by when."</p>
            {move || (0..draft.read().actions.len()).map(|i| view! { <Action index=i draft change errors /> }).collect_view()}
            <button type="button" class="govuk-button govuk-button--secondary"
                on:click=move |_| change(&|d: &mut CaseAudit| d.actions.push(AgreedAction::default()))>
                {move || if draft.read().actions.is_empty() { "Add an action" } else { "Add another action" }}
            </button>
            <p class="govuk-body">"When every criterion is graded and explained, submit the audit. It cannot be changed afterwards."</p>
            <button type="submit" class="govuk-button">"Submit audit"</button>
        </form>
    }
}

#[component]
fn Criterion<F>(
    statement: Statement,
    draft: RwSignal<CaseAudit>,
    change: F,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView
where
    F: Fn(&Edit) + Copy + Send + Sync + 'static,
{
    let key = statement.key.clone();
    let grade = grade_field(&key);
    let comment = comment_field(&key);
    let comment_key = key.clone();
    let shown_key = key.clone();
    view! {
        <div class=group(errors, vec![grade.clone()])>
            <fieldset class="govuk-fieldset">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{statement.text.clone()}</legend>
                <ErrorMessages errors field=grade.clone() />
                <div class="govuk-radios govuk-radios--small govuk-radios--inline">
                    {Grade::ALL.into_iter().enumerate().map(|(i, g)| {
                        let input = if i == 0 { grade.clone() } else { format!("{grade}-{i}") };
                        let key = key.clone();
                        let checked = key.clone();
                        view! {
                            <div class="govuk-radios__item">
                                <input class="govuk-radios__input" type="radio" id=input.clone() name=grade.clone()
                                    prop:checked=move || draft.with(|d| d.grades.get(&checked).and_then(|c| c.grade) == Some(g))
                                    on:change=move |_| { let key = key.clone(); change(&move |d: &mut CaseAudit| d.grades.entry(key.clone()).or_default().grade = Some(g)); } />
                                <label class="govuk-label govuk-radios__label" for=input>{g.label()}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
        <div class=group(errors, vec![comment.clone()])>
            <label class="govuk-label" for=comment.clone()>"Why this grade"</label>
            <ErrorMessages errors field=comment.clone() />
            <textarea class="govuk-textarea" id=comment.clone() name=comment.clone() rows="3"
                prop:value=move || draft.with(|d| d.grades.get(&shown_key).map(|c| c.comment.clone()).unwrap_or_default())
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    let key = comment_key.clone();
                    change(&move |d: &mut CaseAudit| d.grades.entry(key.clone()).or_default().comment = text.clone());
                }></textarea>
        </div>
    }
}

#[component]
fn Action<F>(
    index: usize,
    draft: RwSignal<CaseAudit>,
    change: F,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView
where
    F: Fn(&Edit) + Copy + Send + Sync + 'static,
{
    let action = format!("actions[{index}].action");
    let due = format!("actions[{index}].due");
    let part_due = due.clone();
    let part = move |name: &'static str, label: &'static str, width: &'static str| {
        let input = if name == "day" {
            part_due.clone()
        } else {
            format!("{part_due}-{name}")
        };
        view! {
            <div class="govuk-date-input__item">
                <div class="govuk-form-group">
                    <label class="govuk-label govuk-date-input__label" for=input.clone()>{label}</label>
                    <input class=format!("govuk-input govuk-date-input__input {width}") id=input.clone() name=input
                        type="text" inputmode="numeric"
                        prop:value=move || draft.with(|d| d.actions.get(index).map(|a| match name {
                            "day" => a.due.day.clone(), "month" => a.due.month.clone(), _ => a.due.year.clone(),
                        }).unwrap_or_default())
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            change(&move |d: &mut CaseAudit| if let Some(a) = d.actions.get_mut(index) {
                                match name { "day" => a.due.day = text.clone(), "month" => a.due.month = text.clone(), _ => a.due.year = text.clone() }
                            });
                        } />
                </div>
            </div>
        }
    };
    view! {
        <div class="ts-action">
            <h3 class="govuk-heading-s">{format!("Action {}", index + 1)}</h3>
            <div class=group(errors, vec![action.clone()])>
                <label class="govuk-label" for=action.clone()>"What was agreed"</label>
                <ErrorMessages errors field=action.clone() />
                <textarea class="govuk-textarea" id=action.clone() name=action.clone() rows="2"
                    prop:value=move || draft.with(|d| d.actions.get(index).map(|a| a.action.clone()).unwrap_or_default())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        change(&move |d: &mut CaseAudit| if let Some(a) = d.actions.get_mut(index) { a.action = text.clone() });
                    }></textarea>
            </div>
            <div class=group(errors, vec![due.clone()])>
                <fieldset class="govuk-fieldset" role="group" aria-describedby=format!("{due}-hint")>
                    <legend class="govuk-fieldset__legend">"Due by"</legend>
                    <div class="govuk-hint" id=format!("{due}-hint")>"For example, 27 3 2027"</div>
                    <ErrorMessages errors field=due.clone() />
                    <div class="govuk-date-input">
                        {part("day", "Day", "govuk-input--width-2")}
                        {part("month", "Month", "govuk-input--width-2")}
                        {part("year", "Year", "govuk-input--width-4")}
                    </div>
                </fieldset>
            </div>
            <button type="button" class="govuk-button govuk-button--warning"
                on:click=move |_| change(&move |d: &mut CaseAudit| { if index < d.actions.len() { d.actions.remove(index); } })>
                {format!("Remove action {}", index + 1)}
            </button>
        </div>
    }
}
