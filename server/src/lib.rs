//! Touchstone's server, as a guided tour:
//!
//! - [`config`]: flags and environment variables; [`store`]: a trait per domain, written once
//!   for SQLite and PostgreSQL (with the session store on the same pool); [`records`]: each
//!   synced record kind's rules that need the database;
//! - [`routes`]: the JSON API under `/api/`, documented at `/api/openapi.json`; [`session`]: who
//!   is calling; [`extract`] and [`error`]: bad input in, stable `ErrorBody` out;
//! - [`static_files`]: the built app with SPA fallback; [`security`]: headers and origin checks;
//! - [`app`] puts them together into one `Router`, which tests drive with `oneshot`.

pub mod audit;
pub mod config;
pub mod demo;
pub mod demo_directory;
pub mod demo_history;
pub mod demo_postcodes;
pub mod demo_unmet;
pub mod demo_workforce;
pub mod device_cookie;
pub mod device_label;
pub mod error;
pub mod export;
pub mod extract;
pub mod first_paint;
pub mod import;
pub mod oruk;
pub mod password;
pub mod records;
pub mod results;
pub mod routes;
pub mod security;
pub mod session;
pub mod sign_in_guard;
pub mod state;
pub mod static_files;
pub mod store;
pub mod sweep;
pub mod templates;
pub mod uncancelled;

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::routing::any;
use axum::{Extension, Router, middleware};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::Duration;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::error::AppError;
use crate::state::AppState;

/// The session cookie's name. `__Host-` makes the browser insist on Secure, Path=/ and no Domain,
/// so no other site or subdomain can set or read it.
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-touchstone_session"
    } else {
        "touchstone_session"
    }
}

/// The whole HTTP application: API, app files and every layer.
pub fn app(state: AppState) -> Router {
    let settings = state.settings.clone();
    let (api, openapi) = routes::api_and_document();

    let sessions = SessionManagerLayer::new(state.sessions.clone())
        .with_name(session_cookie_name(settings.secure_cookies))
        .with_secure(settings.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_path("/")
        // `session::begin` and each action set a session's end; this is only for a session
        // changed without them.
        .with_expiry(Expiry::OnInactivity(
            Duration::try_from(settings.session_idle).unwrap_or(Duration::HOUR),
        ));

    let api = api
        // Unknown API paths answer JSON 404, never the app's index.html.
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(Extension(Arc::new(openapi)))
        .layer(middleware::from_fn(security::check_origin))
        // Outside the origin check, so that the cross-site requests it refuses are logged too.
        .layer(middleware::from_fn_with_state(state.clone(), audit::trail))
        .layer(sessions.clone())
        // Personal data must not sit in shared or browser caches.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(middleware::from_fn_with_state(
            settings.request_timeout,
            uncancelled::run_to_completion,
        ))
        .with_state(state.clone());

    let first_paint = first_paint::router().layer(sessions).with_state(state.clone());
    let mut router = api
        .merge(oruk::router().with_state(state.clone()))
        .merge(first_paint)
        .merge(static_files::router(settings.static_dir.as_deref()));
    for layer in security::headers(settings.secure_cookies) {
        router = router.layer(layer);
    }
    router.layer(TraceLayer::new_for_http())
}

async fn api_not_found(req: Request) -> AppError {
    tracing::debug!(path = %req.uri().path(), "unknown API path");
    AppError::NotFound("API route")
}

async fn method_not_allowed() -> AppError {
    AppError::InvalidBody {
        message: "That method is not allowed here".into(),
        fields: Default::default(),
        status: axum::http::StatusCode::METHOD_NOT_ALLOWED,
    }
}

/// Serves `app` on `listener` until `shutdown` completes, letting requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The peer's address goes with each request, for the read audit (`extract::ReadFrom`).
    let app = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(without_nagle(listener), app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// `listener` with `TCP_NODELAY` on every accepted socket. A static file is written as headers
/// then body; with Nagle's algorithm on, the body waits for the client's delayed ACK of the
/// headers, about 40 ms per file on a kept-alive connection (measured: 30 files a second).
/// (Its type is named, not `impl Listener`, so axum can hand each request its peer's address.)
pub fn without_nagle(
    listener: tokio::net::TcpListener,
) -> axum::serve::TapIo<tokio::net::TcpListener, fn(&mut tokio::net::TcpStream)> {
    use axum::serve::ListenerExt;
    fn no_delay(socket: &mut tokio::net::TcpStream) {
        if let Err(error) = socket.set_nodelay(true) {
            tracing::warn!(%error, "could not turn off Nagle's algorithm on a connection");
        }
    }
    listener.tap_io(no_delay as fn(&mut tokio::net::TcpStream))
}
