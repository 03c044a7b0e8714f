//! `/case-audits/new`: the case reference and whose case it is, then the audit itself.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::assessments::AssessmentStatus;
use shared::api::case_audits::CaseAudit;
use shared::api::templates::TemplateKind;
use shared::validate::Validate;
use shared::{FieldErrors, RecordId, Role, UserId};

use super::save;
use crate::components::fields::{SelectField, TextField};
use crate::components::guard::Guard;
use crate::components::notices::ErrorSummary;
use crate::state::set_title;
use crate::sync::use_sync;

#[component]
pub fn NewCaseAuditPage() -> impl IntoView {
    view! { <Guard roles=&[Role::TeamManager]><NewCaseAudit /></Guard> }
}

#[component]
fn NewCaseAudit() -> impl IntoView {
    let sync = use_sync();
    let navigate = use_navigate();
    let reference = RwSignal::new(String::new());
    let practitioner = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let general = RwSignal::new(None::<String>);
    let people = Signal::derive(crate::store::team::practitioners);
    leptos::task::spawn_local(async {
        crate::store::team::refresh().await;
    });
    Effect::new(move || {
        set_title(
            "Start a case-file audit",
            !errors.read().is_empty() || general.read().is_some(),
        )
    });
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(template) = crate::store::templates::published(TemplateKind::CaseFileAudit) else {
            general.set(Some(
                "The audit template is not on this device yet. Connect to the internet once, then try again."
                    .into(),
            ));
            return;
        };
        let chosen = practitioner
            .get_untracked()
            .parse::<uuid::Uuid>()
            .ok()
            .map(UserId);
        let mut found = FieldErrors::new();
        let Some(practitioner_id) = chosen else {
            found.insert("practitioner".into(), vec!["Select whose case this is".into()]);
            let draft_reference = reference.get_untracked();
            if draft_reference.trim().is_empty() {
                found.insert("case_reference".into(), vec!["Enter the case reference".into()]);
            }
            errors.set(found);
            return;
        };
        let audit = CaseAudit {
            template_id: template.summary.id,
            template_version: template.summary.version,
            status: AssessmentStatus::Draft,
            started_at: chrono::Utc::now(),
            submitted_at: None,
            case_reference: reference.get_untracked().trim().to_owned(),
            practitioner_id,
            grades: Default::default(),
            actions: Vec::new(),
        };
        if let Err(found) = audit.validate() {
            errors.set(found);
            return;
        }
        let id = RecordId::new();
        save(sync, id, &audit);
        navigate(&format!("/case-audits/{id}"), Default::default());
    };
    let choices = Signal::derive(move || {
        let mut options = vec![(String::new(), "Choose a practitioner".to_owned())];
        options.extend(
            people
                .get()
                .into_iter()
                .map(|m| (m.id.to_string(), m.display_name)),
        );
        options
    });
    view! {
        <a href="/case-audits" class="govuk-back-link">"Back to case-file audits"</a>
        <ErrorSummary errors=errors general order=&["case_reference", "practitioner"] />
        <h1 class="govuk-heading-l">"Start a case-file audit"</h1>
        <form novalidate on:submit=start>
            <TextField id="case_reference" label="Case reference" value=reference errors=errors
                hint="The reference in the case-management system, for example LAS-123456. Never the person's name."
                width_class="govuk-input govuk-input--width-20" />
            <SelectField id="practitioner" label="Whose case is it?" options=choices value=practitioner errors />
            <button type="submit" class="govuk-button">"Continue"</button>
        </form>
    }
}
