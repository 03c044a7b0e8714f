//! The public Open Referral UK 3.0 feed at `/oruk/`: the directory's listed services, their
//! organisations, places and categories, for anyone and any site (no sign-in, CORS `*`), as the
//! ORUK validator and other councils' systems read it. `GET /`, `/services` and
//! `/services/{id}` are the three the standard requires; taxonomies, taxonomy terms,
//! organisations and services at locations are its optional endpoints.

pub mod params;
pub mod wire;

use std::collections::HashMap;

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use shared::api::directory::{Page, ServiceQuery};
use shared::directory::{Location, Organization, Service};
use tower_http::cors::{Any, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use uuid::Uuid;

use crate::error::{AppError, Result};
use crate::extract::{AppQuery, IdPath};
use crate::state::AppState;
use crate::store::directory::TermInTaxonomy;
use params::FeedParams;
use wire::{
    API_DETAILS, OrukOrganization, OrukService, OrukServiceAtLocation, OrukServiceSummary, OrukTaxonomy,
    OrukTaxonomyTerm, Related,
};

/// Where the feed lives.
pub const BASE: &str = "/oruk";

pub fn router() -> Router<AppState> {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD, Method::OPTIONS])
        .allow_headers(Any);
    let path = |p: &str| format!("{BASE}{p}");
    Router::new()
        .route(BASE, get(api_details))
        .route(&path("/"), get(api_details))
        .route(&path("/services"), get(list_services))
        .route(&path("/services/"), get(list_services))
        .route(&path("/services/{id}"), get(get_service))
        .route(&path("/taxonomies"), get(list_taxonomies))
        .route(&path("/taxonomies/{id}"), get(get_taxonomy))
        .route(&path("/taxonomy_terms"), get(list_terms))
        .route(&path("/taxonomy_terms/{id}"), get(get_term))
        .route(&path("/organizations"), get(list_organizations))
        .route(&path("/organizations/{id}"), get(get_organization))
        .route(&path("/service_at_locations"), get(list_places))
        .route(&path("/service_at_locations/{id}"), get(get_place))
        .route(&path("/{*rest}"), get(not_found))
        // Public data, the same for everyone: a minute in any cache is fine.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=60"),
        ))
        .layer(cors)
}

fn json<T: Serialize>(value: T) -> Response {
    Json(value).into_response()
}

async fn not_found() -> AppError {
    AppError::NotFound("Feed path")
}

async fn api_details() -> Response {
    json(API_DETAILS)
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

async fn organizations_of(state: &AppState, services: &[Service]) -> Result<HashMap<Uuid, Organization>> {
    let mut ids: Vec<Uuid> = services.iter().map(|s| s.organization_id).collect();
    ids.sort();
    ids.dedup();
    let orgs = state.store.directory().organizations(&ids).await?;
    Ok(orgs.into_iter().map(|o| (o.id, o)).collect())
}

async fn list_services(
    State(state): State<AppState>,
    AppQuery(params): AppQuery<FeedParams>,
) -> Result<Response> {
    let query = params.service_query()?;
    known_postcode(&state, &query).await?;
    let page = state.store.directory().find_services(&query, today()).await?;
    let services = state.store.directory().service_summaries(&page.contents).await?;
    let orgs = organizations_of(&state, &services).await?;
    let contents: Vec<OrukServiceSummary> = services
        .iter()
        .map(|s| OrukServiceSummary::new(s, orgs.get(&s.organization_id)))
        .collect();
    Ok(json(page.with_contents(contents)))
}

/// Everything whole services refer to.
async fn related(
    state: &AppState,
    services: &[Service],
) -> Result<(HashMap<Uuid, Organization>, Vec<Location>, Vec<TermInTaxonomy>)> {
    let orgs = organizations_of(state, services).await?;
    let distinct = |ids: Vec<Uuid>| {
        let mut ids = ids;
        ids.sort();
        ids.dedup();
        ids
    };
    let place_ids = distinct(
        services
            .iter()
            .flat_map(|s| s.service_at_locations.iter().map(|p| p.location_id))
            .collect(),
    );
    let locations = state.store.directory().locations(&place_ids).await?;
    let term_ids = distinct(
        services
            .iter()
            .flat_map(|s| s.taxonomy_term_ids.iter().copied())
            .collect(),
    );
    let terms = state.store.directory().terms(&term_ids).await?;
    Ok((orgs, locations, terms))
}

async fn get_service(State(state): State<AppState>, IdPath(id): IdPath<Uuid>) -> Result<Response> {
    let service = crate::routes::directory::service_or_404(&state, id).await?;
    let (orgs, locations, terms) = related(&state, std::slice::from_ref(&service)).await?;
    let related = Related {
        organization: orgs.get(&service.organization_id),
        locations: &locations,
        terms: &terms,
    };
    Ok(json(OrukService::new(&service, &related)))
}

async fn list_taxonomies(
    State(state): State<AppState>,
    AppQuery(params): AppQuery<FeedParams>,
) -> Result<Response> {
    let paging = params.paging()?;
    let taxonomies: Vec<OrukTaxonomy> = state
        .store
        .directory()
        .taxonomies()
        .await?
        .iter()
        .map(OrukTaxonomy::from)
        .collect();
    Ok(json(page_of(taxonomies, paging)))
}

async fn get_taxonomy(State(state): State<AppState>, IdPath(id): IdPath<Uuid>) -> Result<Response> {
    let taxonomies = state.store.directory().taxonomies().await?;
    let taxonomy = taxonomies
        .iter()
        .find(|t| t.id == id)
        .ok_or(AppError::NotFound("Taxonomy"))?;
    Ok(json(OrukTaxonomy::from(taxonomy)))
}

/// One page of a list held whole in memory (taxonomies and their terms: hundreds at most).
fn page_of<T>(all: Vec<T>, paging: params::Paging) -> Page<T> {
    let total = all.len() as u64;
    let start = (u64::from(paging.page - 1) * u64::from(paging.per_page)).min(total) as usize;
    let contents: Vec<T> = all
        .into_iter()
        .skip(start)
        .take(paging.per_page as usize)
        .collect();
    Page::new(contents, total, paging.page, paging.per_page)
}

async fn list_terms(
    State(state): State<AppState>,
    AppQuery(params): AppQuery<FeedParams>,
) -> Result<Response> {
    let paging = params.paging()?;
    let taxonomy = params.uuid("taxonomy_id", &params.taxonomy_id)?;
    let parent = params.uuid("parent_id", &params.parent_id)?;
    let top_only = params.top_only()?;
    let words: Vec<String> = params
        .search
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let terms: Vec<OrukTaxonomyTerm> = state
        .store
        .directory()
        .taxonomies()
        .await?
        .iter()
        .filter(|t| taxonomy.is_none_or(|id| id == t.id))
        .flat_map(|t| t.terms.iter().map(move |term| (term, t)))
        .filter(|(term, _)| parent.is_none_or(|p| term.parent_id == Some(p)))
        .filter(|(term, _)| !top_only || term.parent_id.is_none())
        .filter(|(term, _)| {
            let name = term.name.to_lowercase();
            words.iter().all(|w| name.contains(w.as_str()))
        })
        .map(|(term, t)| OrukTaxonomyTerm::new(term, t.id, &t.name))
        .collect();
    Ok(json(page_of(terms, paging)))
}

async fn get_term(State(state): State<AppState>, IdPath(id): IdPath<Uuid>) -> Result<Response> {
    let (taxonomy_id, term) = state
        .store
        .directory()
        .taxonomy_term(id)
        .await?
        .ok_or(AppError::NotFound("Taxonomy term"))?;
    let taxonomies = state.store.directory().taxonomies().await?;
    let name = taxonomies
        .iter()
        .find(|t| t.id == taxonomy_id)
        .map(|t| t.name.clone())
        .unwrap_or_default();
    Ok(json(OrukTaxonomyTerm::new(&term, taxonomy_id, &name)))
}

async fn list_organizations(
    State(state): State<AppState>,
    AppQuery(params): AppQuery<FeedParams>,
) -> Result<Response> {
    let paging = params.paging()?;
    let page = state
        .store
        .directory()
        .list_organizations(paging.page, paging.per_page)
        .await?;
    Ok(json(page.map(|o| OrukOrganization::from(&o))))
}

async fn get_organization(State(state): State<AppState>, IdPath(id): IdPath<Uuid>) -> Result<Response> {
    let org = state
        .store
        .directory()
        .organizations(&[id])
        .await?
        .pop()
        .ok_or(AppError::NotFound("Organization"))?;
    Ok(json(OrukOrganization::from(&org)))
}

#[derive(Serialize)]
struct PlaceItem {
    #[serde(flatten)]
    place: OrukServiceAtLocation,
    service: OrukServiceSummary,
}

async fn places(state: &AppState, rows: Vec<(Uuid, Uuid, Uuid)>) -> Result<Vec<PlaceItem>> {
    let mut service_ids: Vec<Uuid> = rows.iter().map(|r| r.1).collect();
    service_ids.sort();
    service_ids.dedup();
    let services = state.store.directory().service_summaries(&service_ids).await?;
    let orgs = organizations_of(state, &services).await?;
    let mut location_ids: Vec<Uuid> = rows.iter().map(|r| r.2).collect();
    location_ids.sort();
    location_ids.dedup();
    let locations = state.store.directory().locations(&location_ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, service_id, location_id)| {
            let service = services.iter().find(|s| s.id == service_id)?;
            let location = locations.iter().find(|l| l.id == location_id)?;
            let place = shared::directory::ServiceAtLocation {
                id,
                location_id,
                schedules: Vec::new(),
            };
            Some(PlaceItem {
                place: OrukServiceAtLocation::new(&place, service_id, location),
                service: OrukServiceSummary::new(service, orgs.get(&service.organization_id)),
            })
        })
        .collect())
}

/// A postcode asked for must be one of the council's table (400 otherwise: it would find
/// everything, in no order, which is not what was asked).
async fn known_postcode(state: &AppState, query: &ServiceQuery) -> Result<()> {
    let Some(postcode) = &query.near else {
        return Ok(());
    };
    match state.store.postcodes().near_point(postcode).await? {
        Some(_) => Ok(()),
        None => Err(AppError::InvalidBody {
            message: format!("{postcode} is not in this directory's postcode table"),
            fields: AppError::field(
                "postcode",
                format!("{postcode} is not in this directory's postcode table"),
            ),
            status: axum::http::StatusCode::BAD_REQUEST,
        }),
    }
}

async fn list_places(
    State(state): State<AppState>,
    AppQuery(params): AppQuery<FeedParams>,
) -> Result<Response> {
    let query = params.service_query()?;
    known_postcode(&state, &query).await?;
    let page = state.store.directory().find_service_at_locations(&query).await?;
    let rows = page.contents.clone();
    let items = places(&state, rows).await?;
    Ok(json(page.with_contents(items)))
}

async fn get_place(State(state): State<AppState>, IdPath(id): IdPath<Uuid>) -> Result<Response> {
    let row = state
        .store
        .directory()
        .service_at_location(id)
        .await?
        .ok_or(AppError::NotFound("Service at location"))?;
    let item = places(&state, vec![row])
        .await?
        .pop()
        .ok_or(AppError::NotFound("Service at location"))?;
    Ok(json(item))
}
