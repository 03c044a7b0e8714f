//! Templates. Everyone signed in reads the published versions (to fill them in); workforce leads
//! (and administrators) also see drafts and retired versions, write new versions, and publish
//! or retire them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::templates::{ChangeStatus, Template, TemplateContent, TemplateStatus, TemplateSummary};
use shared::{Role, TemplateId};

use crate::error::{AppError, Result};
use crate::extract::{AppJson, IdPath, Valid};
use crate::session::CurrentUser;
use crate::state::AppState;

const EDITORS: &[Role] = &[Role::WorkforceLead, Role::Admin];

/// Template versions: all of them for editors, the published ones for everyone else.
#[utoipa::path(get, path = "/templates", tag = "templates", responses(
    (status = 200, body = Vec<TemplateSummary>), (status = 401, body = shared::ErrorBody),
))]
pub async fn list_templates(
    State(state): State<AppState>,
    me: CurrentUser,
) -> Result<Json<Vec<TemplateSummary>>> {
    let editor = me.0.has_any_role(EDITORS);
    let all = state.store.templates().list_templates().await?;
    Ok(Json(
        all.into_iter()
            .filter(|t| editor || t.status == TemplateStatus::Published)
            .collect(),
    ))
}

#[utoipa::path(get, path = "/templates/{id}", tag = "templates", params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Template), (status = 404, body = shared::ErrorBody)))]
pub async fn get_template(
    State(state): State<AppState>,
    me: CurrentUser,
    IdPath(id): IdPath<TemplateId>,
) -> Result<Json<Template>> {
    let template = state
        .store
        .templates()
        .get_template(id)
        .await?
        .ok_or(AppError::NotFound("Template"))?;
    // Drafts are work in progress: not found, rather than forbidden, for everyone else. A retired
    // version stays readable: assessments answered on it are still shown with it.
    if template.summary.status == TemplateStatus::Draft && !me.0.has_any_role(EDITORS) {
        return Err(AppError::NotFound("Template"));
    }
    Ok(Json(template))
}

/// A new draft version: of an existing template (same key) or of a new one. An uploaded template
/// file is sent here too; its problems come back against their places (`domains[1].title`).
#[utoipa::path(post, path = "/templates", tag = "templates", request_body = TemplateContent, responses(
    (status = 201, body = Template), (status = 403, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn create_template(
    State(state): State<AppState>,
    me: CurrentUser,
    Valid(content): Valid<TemplateContent>,
) -> Result<(StatusCode, Json<Template>)> {
    let user = me.require_any(EDITORS)?;
    let template = state
        .store
        .templates()
        .create_template(&content, TemplateStatus::Draft, Some(user.id))
        .await?;
    tracing::info!(by = %user.id, template = %template.summary.id, key = %content.key, "template draft created");
    Ok((StatusCode::CREATED, Json(template)))
}

/// Replace a draft's questions. Published and retired versions never change (409).
#[utoipa::path(put, path = "/templates/{id}", tag = "templates", params(("id" = String, Path, format = Uuid)),
    request_body = TemplateContent, responses(
    (status = 200, body = Template), (status = 404, body = shared::ErrorBody),
    (status = 409, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn update_template(
    State(state): State<AppState>,
    me: CurrentUser,
    IdPath(id): IdPath<TemplateId>,
    Valid(content): Valid<TemplateContent>,
) -> Result<Json<Template>> {
    me.require_any(EDITORS)?;
    let template = state
        .store
        .templates()
        .update_template_draft(id, &content)
        .await?
        .ok_or(AppError::NotFound("Template"))?;
    Ok(Json(template))
}

/// Publish a draft (the version published before it is retired) or retire a published version.
#[utoipa::path(post, path = "/templates/{id}/status", tag = "templates", params(("id" = String, Path, format = Uuid)),
    request_body = ChangeStatus, responses(
    (status = 200, body = Template), (status = 404, body = shared::ErrorBody), (status = 409, body = shared::ErrorBody),
))]
pub async fn change_template_status(
    State(state): State<AppState>,
    me: CurrentUser,
    IdPath(id): IdPath<TemplateId>,
    AppJson(change): AppJson<ChangeStatus>,
) -> Result<Json<Template>> {
    let user = me.require_any(EDITORS)?;
    let template = state
        .store
        .templates()
        .set_template_status(id, change.status)
        .await?
        .ok_or(AppError::NotFound("Template"))?;
    tracing::info!(by = %user.id, template = %id, status = ?change.status, "template status changed");
    Ok(Json(template))
}
