use shared::TemplateId;
use shared::api::templates::{ChangeStatus, Template, TemplateContent, TemplateStatus, TemplateSummary};

use super::ApiError;

pub async fn list_templates() -> Result<Vec<TemplateSummary>, ApiError> {
    super::get("/api/templates").await
}

pub async fn get_template(id: TemplateId) -> Result<Template, ApiError> {
    super::get(&format!("/api/templates/{id}")).await
}

pub async fn create_template(content: &TemplateContent) -> Result<Template, ApiError> {
    super::post("/api/templates", content).await
}

pub async fn update_template(id: TemplateId, content: &TemplateContent) -> Result<Template, ApiError> {
    super::put(&format!("/api/templates/{id}"), content).await
}

pub async fn set_status(id: TemplateId, status: TemplateStatus) -> Result<Template, ApiError> {
    super::post(&format!("/api/templates/{id}/status"), &ChangeStatus { status }).await
}
