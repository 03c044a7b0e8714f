//! The JSON API: one module per domain, each handler documented for `/api/openapi.json`.
//!
//! Routes are registered through utoipa-axum's `routes!`, which adds a handler to the router and
//! its `#[utoipa::path]` to the OpenAPI document in one step, so the two cannot drift apart.

pub mod audit;
pub mod auth;
pub mod directory;
pub mod health;
pub mod history;
pub mod openapi;
pub mod results;
pub mod risk;
pub mod sessions;
pub mod sync;
pub mod teams;
pub mod templates;
pub mod users;

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Touchstone API", description = "Self-assessment, risk enablement and community assets for adult social care."),
    tags(
        (name = "system", description = "Health and this document"),
        (name = "auth", description = "Signing in and out"),
        (name = "users", description = "People (administrators only)"),
        (name = "audit", description = "The security audit log (administrators only)"),
        (name = "teams", description = "Teams and their service areas"),
        (name = "templates", description = "Self-assessment and case-file audit templates"),
        (name = "results", description = "Aggregated confidence for workforce leads, small groups suppressed"),
        (name = "risk", description = "Risk enablement: the council's matrix (the forms themselves sync as records)"),
        (name = "sync", description = "Offline sync: push queued changes, pull what changed"),
        (name = "directory", description = "Community assets: find services, report problems; commissioners keep them true"),
    ),
    components(schemas(shared::ErrorBody, shared::ErrorCode))
)]
struct ApiDoc;

/// Every API route, mounted under `/api`, with the document's title and tags.
pub fn api() -> OpenApiRouter<AppState> {
    let mut doc = ApiDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").into();
    OpenApiRouter::with_openapi(doc).nest("/api", routes())
}

/// `api()` split into its router and its document, the document completed with the answers
/// every route can give (`openapi::document_common_answers`).
pub fn api_and_document() -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut doc) = api().split_for_parts();
    openapi::document_common_answers(&mut doc);
    (router, doc)
}

fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health::get_health))
        .routes(routes!(openapi::get_openapi))
        .routes(routes!(auth::sign_in))
        .routes(routes!(auth::sign_out))
        .routes(routes!(auth::get_me))
        .routes(routes!(auth::device_key))
        .routes(routes!(auth::change_password))
        .routes(routes!(sessions::list_sessions))
        .routes(routes!(sessions::end_session))
        .routes(routes!(sessions::end_other_sessions))
        .routes(routes!(audit::search_audit))
        .routes(routes!(audit::export_audit))
        .routes(routes!(users::list_users, users::create_user))
        .routes(routes!(users::get_user, users::update_user))
        .routes(routes!(users::set_user_password))
        .routes(routes!(teams::list_teams, teams::create_team))
        .routes(routes!(teams::get_team, teams::update_team))
        .routes(routes!(teams::my_team_practitioners))
        .routes(routes!(templates::list_templates, templates::create_template))
        .routes(routes!(templates::get_template, templates::update_template))
        .routes(routes!(templates::change_template_status))
        .routes(routes!(sync::push_changes))
        .routes(routes!(sync::pull_changes))
        .routes(routes!(sync::get_record))
        .routes(routes!(history::send_reads))
        .routes(routes!(history::access_history))
        .routes(routes!(history::versions))
        .routes(routes!(risk::get_matrix))
        .routes(routes!(results::get_result_periods))
        .routes(routes!(results::get_results))
        .routes(routes!(results::get_comparison))
        .routes(routes!(results::export_csv))
        .routes(routes!(results::export_xlsx))
        .routes(routes!(
            directory::services::find_services,
            directory::services::create_service
        ))
        .routes(routes!(
            directory::services::get_service,
            directory::services::update_service
        ))
        .routes(routes!(directory::services::mark_checked))
        .routes(routes!(directory::services::service_history))
        .routes(routes!(directory::services::review_queue))
        .routes(routes!(directory::services::summary))
        .routes(routes!(directory::reports::report_problem))
        .routes(routes!(directory::reports::list_reports))
        .routes(routes!(directory::reports::reply_to_report))
        .routes(routes!(directory::unmet::count_searches))
        .routes(routes!(directory::unmet::unmet_report))
        .routes(routes!(directory::unmet::unmet_csv))
        .routes(routes!(
            directory::records::list_organizations,
            directory::records::create_organization
        ))
        .routes(routes!(directory::records::update_organization))
        .routes(routes!(
            directory::records::list_locations,
            directory::records::create_location
        ))
        .routes(routes!(directory::records::update_location))
        .routes(routes!(directory::records::list_taxonomies))
        .routes(routes!(directory::records::add_term))
        .routes(routes!(directory::export::export_json))
        .routes(routes!(directory::export::export_csv))
        // The device's copy of the directory is megabytes of repetitive JSON: compressed as it
        // is sent (13 MB of JSON for 10,000 services travel as about 2 MB).
        .merge(
            OpenApiRouter::new()
                .routes(routes!(directory::services::snapshot))
                .routes(routes!(directory::postcodes::postcode_table))
                .layer(tower_http::compression::CompressionLayer::new()),
        )
        // A feed file or a postcode table is larger than any other body: its own limit, on those
        // routes alone.
        .merge(
            OpenApiRouter::new()
                .routes(routes!(directory::import::import_feed))
                .routes(routes!(directory::postcodes::import_postcodes))
                .layer(axum::extract::DefaultBodyLimit::max(
                    directory::import::UPLOAD_MAX,
                )),
        )
}
