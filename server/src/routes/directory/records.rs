//! What services refer to: organisations, places and categories. Everyone signed in reads them
//! (the forms and the search need them); commissioners add and change them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::directory::NewTerm;
use shared::directory::{Location, Organization, Taxonomy, TaxonomyTerm};
use uuid::Uuid;

use super::KEEPERS;
use crate::error::{AppError, Result};
use crate::extract::{IdPath, Valid};
use crate::session::CurrentUser;
use crate::state::AppState;
use crate::store::directory::{ChangedBy, DirectoryBatch};
use shared::api::directory::ChangeSource;

fn by(me: &CurrentUser) -> ChangedBy {
    ChangedBy {
        user: Some(me.0.id),
        source: ChangeSource::App,
    }
}

/// Every organisation, by name.
#[utoipa::path(get, path = "/directory/organizations", tag = "directory",
    responses((status = 200, body = Vec<Organization>), (status = 401, body = shared::ErrorBody)))]
pub async fn list_organizations(
    State(state): State<AppState>,
    _me: CurrentUser,
) -> Result<Json<Vec<Organization>>> {
    let mut all = Vec::new();
    let mut page = 1;
    loop {
        let batch = state
            .store
            .directory()
            .list_organizations(page, shared::api::directory::PER_PAGE_MAX)
            .await?;
        let last = batch.last_page;
        all.extend(batch.contents);
        if last {
            break;
        }
        page += 1;
    }
    Ok(Json(all))
}

async fn save_organization(state: &AppState, me: &CurrentUser, org: Organization) -> Result<Organization> {
    let batch = DirectoryBatch {
        organizations: vec![org.clone()],
        ..DirectoryBatch::default()
    };
    state.store.directory().write_directory(&batch, by(me)).await?;
    state
        .store
        .directory()
        .organizations(&[org.id])
        .await?
        .pop()
        .ok_or(AppError::NotFound("Organisation"))
}

#[utoipa::path(post, path = "/directory/organizations", tag = "directory", request_body = Organization, responses(
    (status = 201, body = Organization), (status = 403, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn create_organization(
    State(state): State<AppState>,
    me: CurrentUser,
    Valid(mut org): Valid<Organization>,
) -> Result<(StatusCode, Json<Organization>)> {
    me.require_any(KEEPERS)?;
    org.id = Uuid::now_v7();
    Ok((
        StatusCode::CREATED,
        Json(save_organization(&state, &me, org).await?),
    ))
}

#[utoipa::path(put, path = "/directory/organizations/{id}", tag = "directory", params(("id" = String, Path, format = Uuid)),
    request_body = Organization, responses(
    (status = 200, body = Organization), (status = 404, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn update_organization(
    State(state): State<AppState>,
    me: CurrentUser,
    IdPath(id): IdPath<Uuid>,
    Valid(mut org): Valid<Organization>,
) -> Result<Json<Organization>> {
    me.require_any(KEEPERS)?;
    if state.store.directory().organizations(&[id]).await?.is_empty() {
        return Err(AppError::NotFound("Organisation"));
    }
    org.id = id;
    Ok(Json(save_organization(&state, &me, org).await?))
}

/// Every place, by name.
#[utoipa::path(get, path = "/directory/locations", tag = "directory",
    responses((status = 200, body = Vec<Location>), (status = 401, body = shared::ErrorBody)))]
pub async fn list_locations(State(state): State<AppState>, _me: CurrentUser) -> Result<Json<Vec<Location>>> {
    Ok(Json(state.store.directory().list_locations().await?))
}

async fn save_location(state: &AppState, me: &CurrentUser, location: Location) -> Result<Location> {
    let batch = DirectoryBatch {
        locations: vec![location.clone()],
        ..DirectoryBatch::default()
    };
    state.store.directory().write_directory(&batch, by(me)).await?;
    state
        .store
        .directory()
        .locations(&[location.id])
        .await?
        .pop()
        .ok_or(AppError::NotFound("Place"))
}

#[utoipa::path(post, path = "/directory/locations", tag = "directory", request_body = Location, responses(
    (status = 201, body = Location), (status = 403, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn create_location(
    State(state): State<AppState>,
    me: CurrentUser,
    Valid(mut location): Valid<Location>,
) -> Result<(StatusCode, Json<Location>)> {
    me.require_any(KEEPERS)?;
    location.id = Uuid::now_v7();
    Ok((
        StatusCode::CREATED,
        Json(save_location(&state, &me, location).await?),
    ))
}

#[utoipa::path(put, path = "/directory/locations/{id}", tag = "directory", params(("id" = String, Path, format = Uuid)),
    request_body = Location, responses(
    (status = 200, body = Location), (status = 404, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn update_location(
    State(state): State<AppState>,
    me: CurrentUser,
    IdPath(id): IdPath<Uuid>,
    Valid(mut location): Valid<Location>,
) -> Result<Json<Location>> {
    me.require_any(KEEPERS)?;
    if state.store.directory().locations(&[id]).await?.is_empty() {
        return Err(AppError::NotFound("Place"));
    }
    location.id = id;
    Ok(Json(save_location(&state, &me, location).await?))
}

/// Every taxonomy with its categories: the shipped one first, then any imported.
#[utoipa::path(get, path = "/directory/taxonomies", tag = "directory",
    responses((status = 200, body = Vec<Taxonomy>), (status = 401, body = shared::ErrorBody)))]
pub async fn list_taxonomies(State(state): State<AppState>, _me: CurrentUser) -> Result<Json<Vec<Taxonomy>>> {
    Ok(Json(state.store.directory().taxonomies().await?))
}

/// Add a category to a taxonomy (commissioners), at the top or under a category of the same one.
#[utoipa::path(post, path = "/directory/taxonomies/{id}/terms", tag = "directory", params(("id" = String, Path, format = Uuid)),
    request_body = NewTerm, responses(
    (status = 201, body = TaxonomyTerm), (status = 404, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody),
))]
pub async fn add_term(
    State(state): State<AppState>,
    me: CurrentUser,
    IdPath(id): IdPath<Uuid>,
    Valid(term): Valid<NewTerm>,
) -> Result<(StatusCode, Json<TaxonomyTerm>)> {
    me.require_any(KEEPERS)?;
    let mut taxonomy = state
        .store
        .directory()
        .taxonomies()
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(AppError::NotFound("Taxonomy"))?;
    if let Some(parent) = term.parent_id
        && !taxonomy.terms.iter().any(|t| t.id == parent)
    {
        return Err(AppError::Validation(AppError::field(
            "parent_id",
            "Choose a category of this taxonomy",
        )));
    }
    let name = term.name.trim().to_owned();
    if taxonomy
        .terms
        .iter()
        .any(|t| t.name.eq_ignore_ascii_case(&name) && t.parent_id == term.parent_id)
    {
        return Err(AppError::Conflict(AppError::field(
            "name",
            "There is already a category with that name here",
        )));
    }
    let added = TaxonomyTerm {
        id: Uuid::now_v7(),
        code: None,
        name,
        description: term.description.trim().to_owned(),
        parent_id: term.parent_id,
        term_uri: None,
    };
    taxonomy.terms.push(added.clone());
    let batch = DirectoryBatch {
        taxonomies: vec![taxonomy],
        ..DirectoryBatch::default()
    };
    state.store.directory().write_directory(&batch, by(&me)).await?;
    Ok((StatusCode::CREATED, Json(added)))
}
