//! Templates, for workforce leads: every version with its status, a new version of a template
//! (edited in forms), an uploaded template file (its problems listed), a preview as the
//! practitioner or manager will see it, publishing and retiring.

pub mod editor;
pub mod preview;
pub mod upload;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::api::templates::{Template, TemplateKind, TemplateStatus, TemplateSummary};
use shared::{Role, TemplateId};

use crate::api::ApiError;
use crate::components::summary::{Caption, Column, Head, table};

use crate::components::guard::Guard;
use crate::components::notices::{FlashBanner, LoadError};
use crate::state::set_title;

pub const EDITORS: &[Role] = &[Role::WorkforceLead, Role::Admin];

/// The template the route's `:id` names, from the server (editors see drafts too); `None` for an
/// id that is not one.
pub fn route_template() -> LocalResource<Result<Option<Template>, ApiError>> {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<TemplateId>().ok()));
    LocalResource::new(move || async move {
        match id.get() {
            Some(id) => crate::api::templates::get_template(id).await.map(Some),
            None => Ok(None),
        }
    })
}

pub fn status_tag(status: TemplateStatus) -> impl IntoView {
    let (class, text) = match status {
        TemplateStatus::Draft => ("govuk-tag govuk-tag--grey", "Draft"),
        TemplateStatus::Published => ("govuk-tag govuk-tag--green", "Published"),
        TemplateStatus::Retired => ("govuk-tag govuk-tag--red", "Retired"),
    };
    view! { <strong class=class>{text}</strong> }
}

pub fn kind_label(kind: TemplateKind) -> &'static str {
    match kind {
        TemplateKind::SelfAssessment => "Self-assessment",
        TemplateKind::CaseFileAudit => "Case-file audit",
    }
}

#[component]
pub fn TemplatesPage() -> impl IntoView {
    view! { <Guard roles=EDITORS><Templates /></Guard> }
}

#[component]
fn Templates() -> impl IntoView {
    set_title("Templates", false);
    let list = LocalResource::new(crate::api::templates::list_templates);
    view! {
        <FlashBanner />
        <h1 class="govuk-heading-l">"Templates"</h1>
        <p class="govuk-body">
            "The questionnaires practitioners and managers answer. A published version never changes: to change one, "
            "make a new version, edit and preview it, then publish it. Publishing retires the version before it. "
            "Answers keep the version they used, and results add up across versions by each statement's key."
        </p>
        <a class="govuk-button govuk-button--secondary" href="/templates/upload">"Upload a template file"</a>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || list.get().map(|found| match found {
                Err(e) => view! { <LoadError message=e.message() /> }.into_any(),
                Ok(all) => view! { <TemplateTable all /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn TemplateTable(all: Vec<TemplateSummary>) -> impl IntoView {
    view! {
        {table(Head::new(vec![Column::new("Template"), Column::new("Kind"), Column::numeric("Version"), Column::new("Status")]).caption("All versions", Caption::M), all.into_iter().map(|t| view! {
                    <tr class="govuk-table__row">
                        <td class="govuk-table__cell"><a class="govuk-link" href=format!("/templates/{}", t.id)>{t.title.clone()}</a></td>
                        <td class="govuk-table__cell">{kind_label(t.kind)}</td>
                        <td class="govuk-table__cell govuk-table__cell--numeric">{t.version}</td>
                        <td class="govuk-table__cell">{status_tag(t.status)}</td>
                    </tr>
                }).collect_view())}
    }
}
