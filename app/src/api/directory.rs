//! The community-assets directory's API.

use shared::api::directory::{
    DirectorySummary, ImportReport, NewReport, NewTerm, Page, ProblemReport, ReportReply, ServiceChange,
    ServiceDetail, ServiceListItem, Snapshot,
};
use shared::directory::{Location, Organization, Service, Taxonomy, TaxonomyTerm};
use uuid::Uuid;

use super::ApiError;

/// `query` is a ready query string (`search=walk&page=2`).
pub async fn find(query: String) -> Result<Page<ServiceListItem>, ApiError> {
    super::get(&format!("/api/directory/services?{query}")).await
}

/// The whole directory for this device to keep, or what changed `since` its copy was taken.
pub async fn snapshot(since: Option<chrono::DateTime<chrono::Utc>>) -> Result<Snapshot, ApiError> {
    let query = since.map_or_else(String::new, |t| {
        format!("?since={}", js_sys::encode_uri_component(&t.to_rfc3339()))
    });
    super::get_large(&format!("/api/directory/snapshot{query}")).await
}

pub async fn review(page: u32) -> Result<Page<ServiceListItem>, ApiError> {
    super::get(&format!("/api/directory/review?page={page}")).await
}

pub async fn summary() -> Result<DirectorySummary, ApiError> {
    super::get("/api/directory/summary").await
}

pub async fn service(id: Uuid) -> Result<ServiceDetail, ApiError> {
    super::get(&format!("/api/directory/services/{id}")).await
}

pub async fn create_service(service: &Service) -> Result<ServiceDetail, ApiError> {
    super::post("/api/directory/services", service).await
}

pub async fn update_service(id: Uuid, service: &Service) -> Result<ServiceDetail, ApiError> {
    super::put(&format!("/api/directory/services/{id}"), service).await
}

pub async fn mark_checked(id: Uuid) -> Result<ServiceDetail, ApiError> {
    super::post(&format!("/api/directory/services/{id}/checked"), &()).await
}

pub async fn history(id: Uuid) -> Result<Vec<ServiceChange>, ApiError> {
    super::get(&format!("/api/directory/services/{id}/history")).await
}

pub async fn report_problem(id: Uuid, report: &NewReport) -> Result<ProblemReport, ApiError> {
    super::post(&format!("/api/directory/services/{id}/reports"), report).await
}

/// `filter` is a ready query string (`status=open`, `service_id=…&status=all`).
pub async fn reports(filter: String) -> Result<Vec<ProblemReport>, ApiError> {
    super::get(&format!("/api/directory/reports?{filter}")).await
}

pub async fn reply(id: Uuid, reply: &ReportReply) -> Result<ProblemReport, ApiError> {
    super::post(&format!("/api/directory/reports/{id}/reply"), reply).await
}

pub async fn organizations() -> Result<Vec<Organization>, ApiError> {
    super::get("/api/directory/organizations").await
}

pub async fn create_organization(org: &Organization) -> Result<Organization, ApiError> {
    super::post("/api/directory/organizations", org).await
}

pub async fn update_organization(id: Uuid, org: &Organization) -> Result<Organization, ApiError> {
    super::put(&format!("/api/directory/organizations/{id}"), org).await
}

pub async fn locations() -> Result<Vec<Location>, ApiError> {
    super::get("/api/directory/locations").await
}

pub async fn create_location(location: &Location) -> Result<Location, ApiError> {
    super::post("/api/directory/locations", location).await
}

pub async fn update_location(id: Uuid, location: &Location) -> Result<Location, ApiError> {
    super::put(&format!("/api/directory/locations/{id}"), location).await
}

pub async fn add_term(taxonomy: Uuid, term: &NewTerm) -> Result<TaxonomyTerm, ApiError> {
    super::post(&format!("/api/directory/taxonomies/{taxonomy}/terms"), term).await
}

pub async fn taxonomies() -> Result<Vec<Taxonomy>, ApiError> {
    super::get("/api/directory/taxonomies").await
}

/// Sends a feed file as it is (JSON, or a zip of CSV files): checked only (`dry_run`) or
/// applied. Its own request, as the rest of the API sends JSON only.
pub async fn import(file: Vec<u8>, zip: bool, dry_run: bool) -> Result<ImportReport, ApiError> {
    let deadline = super::Deadline::start();
    let content_type = if zip {
        "application/zip"
    } else {
        "application/json"
    };
    let request = gloo_net::http::Request::post(&format!("/api/directory/import?dry_run={dry_run}"))
        .abort_signal(deadline.signal().as_ref())
        .header("content-type", content_type)
        .body(js_sys::Uint8Array::from(file.as_slice()))
        .map_err(|e| ApiError::Network(e.to_string()))?;
    super::decode(&super::answer(request, deadline).await?)
}

/// The council's postcode table, for this device to keep with its copy of the directory.
pub async fn postcodes() -> Result<shared::api::directory::PostcodeTable, ApiError> {
    super::get_large("/api/directory/postcodes").await
}

/// Replaces the council's postcode table with a CSV file (commissioners).
pub async fn import_postcodes(file: Vec<u8>) -> Result<shared::api::directory::PostcodeImport, ApiError> {
    let deadline = super::Deadline::start();
    let request = gloo_net::http::Request::put("/api/directory/postcodes")
        .abort_signal(deadline.signal().as_ref())
        .header("content-type", "text/csv")
        .body(js_sys::Uint8Array::from(file.as_slice()))
        .map_err(|e| ApiError::Network(e.to_string()))?;
    super::decode(&super::answer(request, deadline).await?)
}

/// Searches made on this device, for the unmet-need report.
pub async fn count_searches(
    searches: &shared::api::unmet::CountedSearches,
) -> Result<shared::api::unmet::Counted, ApiError> {
    super::post("/api/directory/searches", searches).await
}

/// The unmet-need report; `query` is a ready query string (`by=area&from=2026-09-01`).
pub async fn unmet(query: String) -> Result<shared::api::unmet::UnmetReport, ApiError> {
    super::get(&format!("/api/directory/unmet?{query}")).await
}
