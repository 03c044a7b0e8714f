//! Serves the built app from `dist/`: precompressed brotli or gzip when the browser accepts it,
//! `index.html` for client-side routes, long caching for content-hashed files only.

use std::path::{Path, PathBuf};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

pub fn router(dir: Option<&Path>) -> Router {
    let Some(dir) = dir else {
        return Router::new().fallback(|| async { not_built() });
    };
    let index = dir.join("index.html");
    let spa = Router::new().fallback(spa_fallback).with_state(index);
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(spa);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_control))
}

/// The answer for every app page while `dist/` is missing.
pub fn not_built() -> (StatusCode, &'static str) {
    (
        StatusCode::NOT_FOUND,
        "The app has not been built. Run `cargo xtask dist`, then start the server again.",
    )
}

/// A path without a file extension is a client route (`/admin/users`): answer with the app. A
/// missing file (`/app-0123.js`) is a real 404, so a stale page never runs HTML as script.
async fn spa_fallback(State(index): State<PathBuf>, req: Request) -> Response {
    let last = req.uri().path().rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    match ServeFile::new(index)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(req)
        .await
    {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    }
}

/// `name-<10 hex digits>.ext`, or any file in a folder named so (`chunks-<hash>/chunk_13.wasm`),
/// as `cargo xtask dist` names what it hashed (its `HASH_DIGITS`).
pub fn is_content_hashed(path: &str) -> bool {
    path.split('/').any(|part| {
        let stem = part.split('.').next().unwrap_or_default();
        stem.rsplit_once('-')
            .is_some_and(|(_, hash)| hash.len() == 10 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
    })
}

async fn cache_control(req: Request, next: Next) -> Response {
    let hashed = is_content_hashed(req.uri().path());
    let mut response = next.run(req).await;
    let value = if hashed && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        // index.html and friends: always revalidate, so a new release is picked up.
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_content_hashed("/app-0123456789.js"));
        assert!(is_content_hashed("/app_bg-0123456789.wasm"));
        assert!(!is_content_hashed("/index.html"));
        assert!(!is_content_hashed("/assets/images/favicon.ico"));
        assert!(!is_content_hashed("/app-0123.js"));
        assert!(is_content_hashed("/chunks-0123456789/chunk_13.wasm"));
        assert!(!is_content_hashed("/chunks-0123/chunk_13.wasm"));
    }
}
