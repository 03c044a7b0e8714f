//! Signing in and out, sessions, cookies, rate limits and origin checks, through `app(state)`.

use crate::common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{Backend, Client, PASSWORD, admin_client, user_json};
use serde_json::json;
use server::state::Settings;

#[tokio::test]
async fn wrong_email_and_wrong_password_get_the_same_answer() {
    let mut admin = admin_client(Backend::Sqlite).await;
    let mut other = admin.another();
    let wrong_password = other.sign_in("root@example.org", "not the password").await;
    let wrong_email = other.sign_in("nobody@example.org", PASSWORD).await;
    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_email.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.body, wrong_email.body);
    assert_eq!(wrong_email.body["code"], "unauthenticated");
    assert_eq!(wrong_email.body["message"], shared::api::auth::SIGN_IN_FAILED);
    assert!(other.cookie.is_none(), "no session for a failed sign-in");
    assert_eq!(admin.get("/api/auth/me").await.status, StatusCode::OK);
}

async fn sign_in_me_and_sign_out(backend: Backend) {
    let mut admin = admin_client(backend).await;
    let me = admin.get("/api/auth/me").await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["email"], "root@example.org");
    assert_eq!(me.body["roles"], json!(["admin"]));
    assert_eq!(me.body["team"], json!(null), "not in a team");
    assert!(me.body.get("password_hash").is_none());

    let out = admin.call(Method::POST, "/api/auth/sign-out", None).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let after = admin.get("/api/auth/me").await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(after.body["code"], "unauthenticated");
}

#[tokio::test]
async fn sign_in_me_and_sign_out_on_sqlite() {
    sign_in_me_and_sign_out(Backend::Sqlite).await;
}

/// Sessions are rows in PostgreSQL too, so several servers can share them.
#[tokio::test]
async fn sign_in_me_and_sign_out_on_postgres() {
    sign_in_me_and_sign_out(Backend::Postgres).await;
}

#[tokio::test]
async fn a_stolen_cookie_is_useless_after_sign_out() {
    let mut admin = admin_client(Backend::Sqlite).await;
    let copy = admin.cookie.clone();
    admin.call(Method::POST, "/api/auth/sign-out", None).await;
    let mut thief = admin.another();
    thief.cookie = copy;
    assert_eq!(thief.get("/api/auth/me").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn email_is_matched_case_insensitively() {
    let mut admin = admin_client(Backend::Sqlite).await;
    let mut other = admin.another();
    assert_eq!(
        other.sign_in("  ROOT@Example.org ", PASSWORD).await.status,
        StatusCode::OK
    );
    assert_eq!(admin.get("/api/auth/me").await.status, StatusCode::OK);
}

#[tokio::test]
async fn secure_cookies_use_the_host_prefix_and_strict_flags() {
    let mut admin = admin_client(Backend::Sqlite).await;
    let mut fresh = admin.another();
    let answer = fresh.sign_in("root@example.org", PASSWORD).await;
    let cookie = answer.headers[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-touchstone_session="), "{cookie}");
    for flag in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing from {cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    let _ = admin.get("/api/auth/me").await;
}

#[tokio::test]
async fn insecure_cookies_flag_allows_plain_http_on_localhost() {
    let db = common::database(Backend::Sqlite).await;
    let state = common::state(
        db,
        Settings {
            secure_cookies: false,
            ..Settings::default()
        },
    );
    common::seed_admin(&state, "root@example.org").await;
    let mut client = Client::new(state);
    let answer = client.sign_in("root@example.org", PASSWORD).await;
    let cookie = answer.headers[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("touchstone_session="), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    assert!(answer.headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());
}

#[tokio::test]
async fn repeated_failures_are_rate_limited_per_email() {
    let admin = admin_client(Backend::Sqlite).await;
    let mut attacker = admin.another();
    for _ in 0..server::state::SIGN_IN_BURST - 1 {
        assert_eq!(
            attacker.sign_in("root@example.org", "guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let limited = attacker.sign_in("ROOT@example.org", "guess").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.body["code"], "rate_limited");
    let retry: u64 = limited.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=server::state::SIGN_IN_REFILL_SECS).contains(&retry),
        "{retry}"
    );
    // Even the right password waits: the limit is on the account, not on guesses.
    assert_eq!(
        attacker.sign_in("root@example.org", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Other accounts are unaffected.
    assert_eq!(
        attacker.sign_in("someone@example.org", "guess").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn deactivation_ends_sessions_and_blocks_sign_in() {
    let mut admin = admin_client(Backend::Sqlite).await;
    let created = admin
        .post("/api/users", user_json("pat@example.org", &["practitioner"]))
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let mut pat = admin.another();
    assert_eq!(
        pat.sign_in("pat@example.org", PASSWORD).await.status,
        StatusCode::OK
    );

    let mut profile = created.body.clone();
    profile["active"] = json!(false);
    assert_eq!(
        admin.put(&format!("/api/users/{id}"), profile).await.status,
        StatusCode::OK
    );
    assert_eq!(
        pat.get("/api/auth/me").await.status,
        StatusCode::UNAUTHORIZED,
        "session ended at once"
    );
    let again = pat.sign_in("pat@example.org", PASSWORD).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        again.body["message"],
        shared::api::auth::SIGN_IN_FAILED,
        "no hint that the account exists"
    );
}

#[tokio::test]
async fn a_new_password_ends_old_sessions_and_works() {
    let mut admin = admin_client(Backend::Sqlite).await;
    let created = admin
        .post("/api/users", user_json("pat@example.org", &["practitioner"]))
        .await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    let mut pat = admin.another();
    pat.sign_in("pat@example.org", PASSWORD).await;

    let short = admin
        .put(&format!("/api/users/{id}/password"), json!({"password": "short"}))
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        short.body["fields"]["password"][0],
        "Password must be 12 characters or more"
    );
    let set = admin
        .put(
            &format!("/api/users/{id}/password"),
            json!({"password": "a brand new password"}),
        )
        .await;
    assert_eq!(set.status, StatusCode::NO_CONTENT);
    assert_eq!(pat.get("/api/auth/me").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        pat.sign_in("pat@example.org", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        pat.sign_in("pat@example.org", "a brand new password")
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn cross_site_writes_are_refused() {
    let mut admin = admin_client(Backend::Sqlite).await;
    let forged = Request::builder()
        .method(Method::POST)
        .uri("/api/teams")
        .header(header::HOST, "touchstone.example")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"name": "X", "service_area": "Y"}).to_string()))
        .unwrap();
    let answer = admin.send(forged).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(answer.body["code"], "bad_origin");

    let fetch_metadata = Request::builder()
        .method(Method::POST)
        .uri("/api/teams")
        .header("sec-fetch-site", "cross-site")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"name": "X", "service_area": "Y"}).to_string()))
        .unwrap();
    assert_eq!(admin.send(fetch_metadata).await.status, StatusCode::FORBIDDEN);

    let same_origin = Request::builder()
        .method(Method::POST)
        .uri("/api/teams")
        .header(header::HOST, "touchstone.example")
        .header(header::ORIGIN, "https://touchstone.example")
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"name": "X", "service_area": "Y"}).to_string()))
        .unwrap();
    assert_eq!(admin.send(same_origin).await.status, StatusCode::CREATED);
    let teams = admin.get("/api/teams").await;
    assert_eq!(
        teams.body.as_array().unwrap().len(),
        1,
        "only the same-origin write landed"
    );
}
