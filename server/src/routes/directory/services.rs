//! Services: find, read, add, edit, "Checked today", the review queue and each one's history.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::directory::{
    ChangeSource, DirectorySummary, Page, ReportStatus, SNAPSHOT_OVERLAP, ServiceChange, ServiceDetail,
    ServiceListItem, ServiceQuery, Snapshot, SnapshotQuery,
};
use shared::directory::Service;
use uuid::Uuid;

use super::{KEEPERS, service_or_404, today};
use crate::error::{AppError, Result};
use crate::extract::{AppQuery, IdPath, Valid};
use crate::session::CurrentUser;
use crate::state::AppState;
use crate::store::directory::{ChangedBy, DirectoryBatch};

/// Find services: words and filters; listed services only unless `include_inactive`.
#[utoipa::path(get, path = "/directory/services", tag = "directory", params(
    ("search" = Option<String>, Query), ("taxonomy_term_id" = Option<String>, Query, format = Uuid),
    ("area" = Option<String>, Query), ("language" = Option<String>, Query), ("free" = Option<bool>, Query),
    ("open_on" = Option<String>, Query, description = "A weekday: Mon … Sun"),
    ("near" = Option<String>, Query, description = "Nearest first: a place of the district, a postcode of the council's table, or latitude,longitude"),
    ("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query),
), responses((status = 200, body = Page<ServiceListItem>), (status = 401, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody)))]
pub async fn find_services(
    State(state): State<AppState>,
    _me: CurrentUser,
    AppQuery(query): AppQuery<ServiceQuery>,
) -> Result<Json<Page<ServiceListItem>>> {
    if let Some(near) = query.near.as_deref().map(str::trim).filter(|n| !n.is_empty())
        && state.store.postcodes().near_point(near).await?.is_none()
    {
        // Said in the message too: the app shows it where the results would be.
        let message = format!("{near} is not a place of the district or one of the council's postcodes");
        return Err(AppError::InvalidBody {
            fields: AppError::field("near", message.clone()),
            message,
            status: axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        });
    }
    let directory = state.store.directory();
    let page = directory.find_services(&query, today()).await?;
    let services = directory.service_summaries(&page.contents).await?;
    let mut org_ids: Vec<Uuid> = services.iter().map(|s| s.organization_id).collect();
    org_ids.sort();
    org_ids.dedup();
    let names: HashMap<Uuid, String> = directory
        .organizations(&org_ids)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let items: Vec<ServiceListItem> = services
        .into_iter()
        .map(|s| ServiceListItem {
            organization_name: names.get(&s.organization_id).cloned().unwrap_or_default(),
            id: s.id,
            name: s.name,
            status: s.status,
            description: s.description,
            assured_date: s.assured_date,
            last_modified: s.last_modified,
        })
        .collect();
    Ok(Json(page.with_contents(items)))
}

/// One service with its organisation, places and categories.
pub async fn detail(state: &AppState, id: Uuid) -> Result<ServiceDetail> {
    let directory = state.store.directory();
    let service = service_or_404(state, id).await?;
    let organization = directory
        .organizations(&[service.organization_id])
        .await?
        .pop()
        .ok_or(AppError::NotFound("Organisation"))?;
    let place_ids: Vec<Uuid> = service
        .service_at_locations
        .iter()
        .map(|p| p.location_id)
        .collect();
    let locations = directory.locations(&place_ids).await?;
    let categories = directory
        .terms(&service.taxonomy_term_ids)
        .await?
        .into_iter()
        .map(|(term, _, _)| term)
        .collect();
    let check_due = state.settings.is_check_due(service.assured_date, today());
    Ok(ServiceDetail {
        service,
        organization,
        locations,
        categories,
        check_due,
    })
}

#[utoipa::path(get, path = "/directory/services/{id}", tag = "directory", params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = ServiceDetail), (status = 404, body = shared::ErrorBody)))]
pub async fn get_service(
    State(state): State<AppState>,
    _me: CurrentUser,
    IdPath(id): IdPath<Uuid>,
) -> Result<Json<ServiceDetail>> {
    Ok(Json(detail(&state, id).await?))
}

fn by(me: &CurrentUser) -> ChangedBy {
    ChangedBy {
        user: Some(me.0.id),
        source: ChangeSource::App,
    }
}

/// Add a service (commissioners). Its organisation, places and categories must exist.
#[utoipa::path(post, path = "/directory/services", tag = "directory", request_body = Service, responses(
    (status = 201, body = ServiceDetail), (status = 403, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn create_service(
    State(state): State<AppState>,
    me: CurrentUser,
    Valid(mut service): Valid<Service>,
) -> Result<(StatusCode, Json<ServiceDetail>)> {
    me.require_any(KEEPERS)?;
    if service.id.is_nil() || !state.store.directory().services(&[service.id]).await?.is_empty() {
        // A new record gets a new id: one sent that is already taken would overwrite it.
        service.id = Uuid::now_v7();
    }
    let batch = DirectoryBatch {
        services: vec![service.clone()],
        ..DirectoryBatch::default()
    };
    state.store.directory().write_directory(&batch, by(&me)).await?;
    tracing::info!(by = %me.0.id, service = %service.id, "directory service added");
    Ok((StatusCode::CREATED, Json(detail(&state, service.id).await?)))
}

/// Replace a service's details (commissioners); each changed field goes into its history.
#[utoipa::path(put, path = "/directory/services/{id}", tag = "directory", params(("id" = String, Path, format = Uuid)),
    request_body = Service, responses(
    (status = 200, body = ServiceDetail), (status = 404, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn update_service(
    State(state): State<AppState>,
    me: CurrentUser,
    IdPath(id): IdPath<Uuid>,
    Valid(mut service): Valid<Service>,
) -> Result<Json<ServiceDetail>> {
    me.require_any(KEEPERS)?;
    let current = service_or_404(&state, id).await?;
    service.id = id;
    // Checking is its own action ("Checked today"), never a side effect of an edit.
    service.assured_date = current.assured_date;
    service.assurer_email = current.assurer_email;
    let batch = DirectoryBatch {
        services: vec![service],
        ..DirectoryBatch::default()
    };
    state.store.directory().write_directory(&batch, by(&me)).await?;
    Ok(Json(detail(&state, id).await?))
}

/// "Checked today": the service's details were confirmed true, by the caller, today.
#[utoipa::path(post, path = "/directory/services/{id}/checked", tag = "directory", params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = ServiceDetail), (status = 404, body = shared::ErrorBody)))]
pub async fn mark_checked(
    State(state): State<AppState>,
    me: CurrentUser,
    IdPath(id): IdPath<Uuid>,
) -> Result<Json<ServiceDetail>> {
    let user = me.require_any(KEEPERS)?;
    state
        .store
        .directory()
        .mark_checked(id, user.id, &user.email, today())
        .await?
        .ok_or(AppError::NotFound("Service"))?;
    Ok(Json(detail(&state, id).await?))
}

/// Who changed which field of a service, and when, newest first (commissioners).
#[utoipa::path(get, path = "/directory/services/{id}/history", tag = "directory", params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Vec<ServiceChange>), (status = 403, body = shared::ErrorBody)))]
pub async fn service_history(
    State(state): State<AppState>,
    me: CurrentUser,
    IdPath(id): IdPath<Uuid>,
) -> Result<Json<Vec<ServiceChange>>> {
    me.require_any(KEEPERS)?;
    service_or_404(&state, id).await?;
    Ok(Json(state.store.directory().service_history(id).await?))
}

/// The review queue: listed services not checked within the review age, never-checked and
/// oldest first (commissioners).
#[utoipa::path(get, path = "/directory/review", tag = "directory", params(("page" = Option<u32>, Query)),
    responses((status = 200, body = Page<ServiceListItem>), (status = 403, body = shared::ErrorBody)))]
pub async fn review_queue(
    State(state): State<AppState>,
    me: CurrentUser,
    AppQuery(query): AppQuery<ServiceQuery>,
) -> Result<Json<Page<ServiceListItem>>> {
    me.require_any(KEEPERS)?;
    let query = ServiceQuery {
        checked_before: Some(state.settings.review_line(today())),
        ..query
    };
    find_services(State(state), me, AppQuery(query)).await
}

/// The figures for a commissioner's home page.
#[utoipa::path(get, path = "/directory/summary", tag = "directory",
    responses((status = 200, body = DirectorySummary), (status = 403, body = shared::ErrorBody)))]
pub async fn summary(State(state): State<AppState>, me: CurrentUser) -> Result<Json<DirectorySummary>> {
    me.require_any(KEEPERS)?;
    let directory = state.store.directory();
    Ok(Json(DirectorySummary {
        unchecked: directory
            .count_unchecked(state.settings.review_line(today()))
            .await?,
        open_reports: directory.reports(Some(ReportStatus::Open), None).await?.len() as u64,
        review_months: state.settings.directory_review_months,
    }))
}

/// The directory for a device to keep and search offline: everything listed, or what changed
/// `since` its last copy (services that left the list included, for it to drop).
#[utoipa::path(get, path = "/directory/snapshot", tag = "directory", params(
    ("since" = Option<String>, Query, format = DateTime, description = "The `taken_at` of the device's copy"),
), responses((status = 200, body = Snapshot), (status = 401, body = shared::ErrorBody)))]
pub async fn snapshot(
    State(state): State<AppState>,
    _me: CurrentUser,
    AppQuery(query): AppQuery<SnapshotQuery>,
) -> Result<Json<Snapshot>> {
    Ok(Json(read_snapshot(&state, query.since).await?))
}

/// The device's copy of the directory, or its changes `since` (the benchmark measures it too).
pub async fn read_snapshot(
    state: &AppState,
    since: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<Snapshot> {
    let taken_at = chrono::Utc::now() - chrono::Duration::seconds(SNAPSHOT_OVERLAP);
    let directory = state.store.directory();
    let ids = directory.snapshot_ids(since).await?;
    let mut services = directory.services(&ids.services).await?;
    // Who checked a service is the council's business, not the device's: a copy outlives a
    // sign-out, and services' pages show the checker to commissioners only (online).
    for service in &mut services {
        service.assurer_email = None;
    }
    Ok(Snapshot {
        taken_at,
        services,
        organizations: directory.organizations(&ids.organizations).await?,
        locations: directory.locations(&ids.locations).await?,
        taxonomies: directory.taxonomies().await?,
        review_months: state.settings.directory_review_months,
        postcodes_at: state.store.postcodes().postcodes_at().await?,
    })
}
