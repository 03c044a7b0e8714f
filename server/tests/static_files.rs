//! Serving the built app: SPA fallback, precompression, cache headers, and API paths kept apart.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Backend, Client};
use server::state::Settings;

/// A stand-in `dist/` with an index, a hashed script and its precompressed twins.
fn fake_dist() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("touchstone-dist-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>Touchstone</title>").unwrap();
    std::fs::write(dir.join("index.html.gz"), "gzipped index").unwrap();
    std::fs::write(dir.join("app-0123456789.js"), "console.log('app')").unwrap();
    std::fs::write(dir.join("app-0123456789.js.br"), "brotli bytes").unwrap();
    std::fs::write(dir.join("app-0123456789.js.gz"), "gzip bytes").unwrap();
    dir
}

async fn client(dist: &std::path::Path) -> Client {
    let db = common::database(Backend::Sqlite).await;
    Client::new(common::state(
        db,
        Settings {
            static_dir: Some(dist.to_owned()),
            ..Settings::default()
        },
    ))
}

#[tokio::test]
async fn client_routes_get_the_app_and_missing_files_get_404() {
    let dist = fake_dist();
    let mut c = client(&dist).await;
    for route in ["/", "/admin/users", "/sign-in", "/no/such/page"] {
        let answer = c.get(route).await;
        assert_eq!(answer.status, StatusCode::OK, "{route}");
        assert!(
            answer
                .body
                .as_str()
                .unwrap()
                .contains("<title>Touchstone</title>"),
            "{route}"
        );
        assert_eq!(answer.headers[header::CACHE_CONTROL], "no-cache", "{route}");
        assert!(answer.headers.contains_key(header::CONTENT_SECURITY_POLICY));
    }
    assert_eq!(c.get("/app-ffffffffff.js").await.status, StatusCode::NOT_FOUND);
    let api = c.get("/api/not-a-route").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(
        api.body["code"], "not_found",
        "API paths never fall back to index.html"
    );
    std::fs::remove_dir_all(dist).ok();
}

#[tokio::test]
async fn hashed_files_are_cached_for_a_year_and_served_precompressed() {
    let dist = fake_dist();
    let mut c = client(&dist).await;
    let get = |encoding: &'static str| {
        Request::builder()
            .uri("/app-0123456789.js")
            .header(header::ACCEPT_ENCODING, encoding)
            .body(Body::empty())
            .unwrap()
    };
    let br = c.send(get("gzip, br")).await;
    assert_eq!(br.status, StatusCode::OK);
    assert_eq!(br.headers[header::CONTENT_ENCODING], "br");
    assert_eq!(br.body, "brotli bytes");
    assert_eq!(
        br.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let gz = c.send(get("gzip")).await;
    assert_eq!(gz.headers[header::CONTENT_ENCODING], "gzip");
    let plain = c.send(get("identity")).await;
    assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
    assert_eq!(plain.body, "console.log('app')");
    std::fs::remove_dir_all(dist).ok();
}

/// Without `TCP_NODELAY` every file on a kept-alive connection waits ~40 ms for a delayed ACK
/// (`scripts/bench` measures the answer times; this checks the cause, deterministically).
#[tokio::test]
async fn accepted_connections_turn_off_nagles_algorithm() {
    use axum::serve::Listener;
    let bound = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = bound.local_addr().unwrap();
    let mut listener = server::without_nagle(bound);
    let _client = tokio::net::TcpStream::connect(address).await.unwrap();
    let (socket, _) = listener.accept().await;
    assert!(socket.nodelay().unwrap(), "accepted sockets have TCP_NODELAY");

    let plain = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let _other = tokio::net::TcpStream::connect(plain.local_addr().unwrap())
        .await
        .unwrap();
    let (socket, _) = plain.accept().await.unwrap();
    assert!(
        !socket.nodelay().unwrap(),
        "a plain listener leaves Nagle on, so the check above means something"
    );
}
