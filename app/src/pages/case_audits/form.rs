//! A draft case-file audit: a grade and comment for each criterion, agreed actions with dates.
//! Each change is saved on the device as it is made; "Submit audit" checks everything first.

use leptos::prelude::*;
use shared::api::assessments::AssessmentStatus;
use shared::api::case_audits::{
    ACTION_MAX, AgreedAction, COMMENT_MAX, CaseAudit, DateParts, comment_field, grade_field,
};
use shared::api::templates::{Grade, Statement, Template};
use shared::validate::Validate;
use shared::{FieldErrors, RecordId};

use super::save;
use crate::components::fields::{Bound, Choice, DateInput, Radios, TextArea};
use crate::components::notices::ErrorSummary;
use crate::state::{set_title, use_session};
use crate::sync::use_sync;

type Edit = dyn Fn(&mut CaseAudit);

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
        <ErrorSummary errors=errors general order=&[] />
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
    let (read, write) = (key.clone(), key.clone());
    let grade = Bound::new(
        move || draft.with(|d| d.grades.get(&read).and_then(|c| c.grade)),
        move |g: Option<Grade>| {
            let key = write.clone();
            change(&move |d: &mut CaseAudit| d.grades.entry(key.clone()).or_default().grade = g)
        },
    );
    let (read, write) = (key.clone(), key.clone());
    let comment = Bound::new(
        move || draft.with(|d| d.grades.get(&read).map(|c| c.comment.clone()).unwrap_or_default()),
        move |text: String| {
            let key = write.clone();
            change(&move |d: &mut CaseAudit| d.grades.entry(key.clone()).or_default().comment = text.clone())
        },
    );
    let choices = Grade::ALL
        .into_iter()
        .enumerate()
        .map(|(i, g)| Choice::new(g, i.to_string(), g.label()))
        .collect();
    view! {
        <Radios id=grade_field(&key) legend=statement.text.clone() choices value=grade errors
            class="govuk-radios--small govuk-radios--inline" />
        <TextArea id=comment_field(&key) label="Why this grade" rows=3 max=COMMENT_MAX value=comment errors />
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
    let action = Bound::new(
        move || draft.with(|d| d.actions.get(index).map(|a| a.action.clone()).unwrap_or_default()),
        move |text: String| {
            change(&move |d: &mut CaseAudit| {
                if let Some(a) = d.actions.get_mut(index) {
                    a.action = text.clone()
                }
            })
        },
    );
    let due = Bound::new(
        move || draft.with(|d| d.actions.get(index).map(|a| a.due.clone()).unwrap_or_default()),
        move |date: DateParts| {
            change(&move |d: &mut CaseAudit| {
                if let Some(a) = d.actions.get_mut(index) {
                    a.due = date.clone()
                }
            })
        },
    );
    view! {
        <div class="ts-action">
            <h3 class="govuk-heading-s">{format!("Action {}", index + 1)}</h3>
            <TextArea id=format!("actions[{index}].action") label="What was agreed" rows=2 max=ACTION_MAX value=action errors />
            <DateInput id=format!("actions[{index}].due") legend="Due by" value=due errors />
            <button type="button" class="govuk-button govuk-button--warning"
                on:click=move |_| change(&move |d: &mut CaseAudit| { if index < d.actions.len() { d.actions.remove(index); } })>
                {format!("Remove action {}", index + 1)}
            </button>
        </div>
    }
}
