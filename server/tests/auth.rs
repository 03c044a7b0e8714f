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

/// Every cookie an answer sets.
fn set_cookies(answer: &common::Answer) -> Vec<&str> {
    answer
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect()
}

#[tokio::test]
async fn secure_cookies_use_the_host_prefix_and_strict_flags() {
    let mut admin = admin_client(Backend::Sqlite).await;
    let mut fresh = admin.another();
    let answer = fresh.sign_in("root@example.org", PASSWORD).await;
    let set = set_cookies(&answer);
    assert_eq!(set.len(), 2, "the session and the device: {set:?}");
    assert!(
        set.iter().any(|c| c.starts_with("__Host-touchstone_session=")),
        "{set:?}"
    );
    assert!(
        set.iter().any(|c| c.starts_with("__Host-touchstone_device=")),
        "{set:?}"
    );
    for cookie in set {
        for flag in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
            assert!(cookie.contains(flag), "{flag} missing from {cookie}");
        }
        assert!(!cookie.contains("Domain"), "{cookie}");
    }
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
    let set = set_cookies(&answer);
    assert_eq!(set.len(), 2, "the session and the device: {set:?}");
    for cookie in set {
        assert!(
            cookie.starts_with("touchstone_session=") || cookie.starts_with("touchstone_device="),
            "{cookie}"
        );
        assert!(!cookie.contains("Secure"), "{cookie}");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    }
    assert!(answer.headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());
}

fn from(client: &mut Client, address: &str) {
    client.address = Some(format!("{address}:50000").parse().unwrap());
}

/// Retry-After, in seconds, of a `429`.
fn retry_after(answer: &common::Answer) -> u64 {
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS, "{}", answer.body);
    assert_eq!(answer.body["code"], "rate_limited");
    answer.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// A stranger guessing at someone's email slows only strangers: five free mistakes, then each
/// try waits longer, answered 429 with Retry-After before any password is checked; the person's
/// own browser, which signed in before, counts its failures apart and signs in at once.
async fn guesses_at_an_account_cannot_lock_its_person_out(backend: Backend) {
    let mut admin = admin_client(backend).await;
    admin.call(Method::POST, "/api/auth/sign-out", None).await;
    let mut attacker = admin.another();
    from(&mut attacker, "203.0.113.9");
    for _ in 0..5 {
        assert_eq!(
            attacker.sign_in("root@example.org", "guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // The sixth waits a second, the right password too: the wait comes before any check.
    let wait = attacker.sign_in("ROOT@example.org", PASSWORD).await;
    assert_eq!(retry_after(&wait), 1);
    assert_eq!(wait.body["message"], "Too many tries. Try again in a second");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(
        attacker.sign_in("root@example.org", "guess").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        retry_after(&attacker.sign_in("root@example.org", "guess").await),
        2,
        "doubling"
    );
    // A new browser elsewhere waits as well: the account is being guessed at.
    let mut new_browser = admin.another();
    assert_eq!(
        new_browser.sign_in("root@example.org", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // The administrator's own browser, known from signing in before, is not held up.
    assert!(admin.cookie_named("__Host-touchstone_device").is_some());
    assert_eq!(
        admin.sign_in("root@example.org", PASSWORD).await.status,
        StatusCode::OK
    );
    // Other accounts are unaffected.
    assert_eq!(
        attacker.sign_in("someone@example.org", "guess").await.status,
        StatusCode::UNAUTHORIZED
    );
}

/// One address trying many accounts (password spraying) waits after twenty failures; another
/// address does not. The counts are in the database: a second server on it sees them.
async fn spraying_from_one_address_waits_on_every_server(backend: Backend) {
    let db = common::database(backend).await;
    let state = common::state(db, Settings::default());
    common::seed_admin(&state, "root@example.org").await;
    let mut sprayer = Client::new(state.clone());
    from(&mut sprayer, "198.51.100.7");
    for n in 0..20 {
        let answer = sprayer
            .sign_in(&format!("person{n}@example.org"), "Winter2026!")
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{n}");
    }
    assert_eq!(
        retry_after(&sprayer.sign_in("person20@example.org", "Winter2026!").await),
        1
    );
    // The same address through another server on the same database (a router of its own: what
    // it knows of failures it reads from the database).
    let mut second_server = Client::new(state.clone());
    from(&mut second_server, "198.51.100.7");
    assert_eq!(
        second_server
            .sign_in("person21@example.org", "Winter2026!")
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    let mut elsewhere = sprayer.another();
    from(&mut elsewhere, "192.0.2.1");
    assert_eq!(
        elsewhere.sign_in("root@example.org", PASSWORD).await.status,
        StatusCode::OK
    );
}

/// A person changes their own password: the current one is needed, a guessable new one is
/// refused with the reason, and every other session of theirs ends while this one goes on.
async fn changing_your_own_password_ends_your_other_sessions(backend: Backend) {
    let mut admin = admin_client(backend).await;
    let created = admin
        .post("/api/users", user_json("pat@example.org", &["practitioner"]))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let mut laptop = admin.another();
    let mut phone = admin.another();
    for device in [&mut laptop, &mut phone] {
        let signed_in = device.sign_in("pat@example.org", PASSWORD).await;
        assert_eq!(signed_in.status, StatusCode::OK);
        assert_eq!(
            signed_in.body["must_change_password"], true,
            "the administrator chose it"
        );
    }
    // Until they choose their own, the password the administrator knows opens nothing else: no
    // records, no sync; only who they are, their sessions, the change itself and signing out.
    for path in [
        "/api/sync/pull?cursor=0",
        "/api/directory/services",
        "/api/templates",
    ] {
        let refused = laptop.get(path).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(refused.body["code"], "password_change_required", "{path}");
    }
    assert_eq!(laptop.get("/api/auth/me").await.status, StatusCode::OK);
    assert_eq!(laptop.get("/api/auth/sessions").await.status, StatusCode::OK);
    // The public health check answers them as it answers anyone.
    assert_eq!(laptop.get("/api/health").await.status, StatusCode::OK);
    let change = |current: &str, new: &str| json!({"current": current, "new": new});
    let wrong = laptop
        .post(
            "/api/auth/password",
            change("not my password", "an allotment ladder on tuesdays"),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        wrong.body["fields"]["current"][0],
        "Your current password is not right"
    );
    let weak = laptop
        .post("/api/auth/password", change(PASSWORD, "password1234"))
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    let why = weak.body["fields"]["new"][0].as_str().unwrap();
    assert!(why.starts_with("This password would be easy to guess."), "{why}");
    let own_name = laptop
        .post("/api/auth/password", change(PASSWORD, "pat@example.org!"))
        .await;
    assert_eq!(
        own_name.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "their own email"
    );

    let done = laptop
        .post(
            "/api/auth/password",
            change(PASSWORD, "an allotment ladder on tuesdays"),
        )
        .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.body);
    let me = laptop.get("/api/auth/me").await;
    assert_eq!(me.status, StatusCode::OK, "this session goes on");
    assert_eq!(me.body["must_change_password"], false, "their own choice now");
    assert_eq!(
        laptop.get("/api/sync/pull?cursor=0").await.status,
        StatusCode::OK,
        "and it opens everything theirs"
    );
    assert_eq!(
        phone.get("/api/auth/me").await.status,
        StatusCode::UNAUTHORIZED,
        "others end"
    );
    let mut fresh = admin.another();
    assert_eq!(
        fresh.sign_in("pat@example.org", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        fresh
            .sign_in("pat@example.org", "an allotment ladder on tuesdays")
            .await
            .status,
        StatusCode::OK
    );
    // An administrator cannot set a guessable one either.
    let id = created.body["id"].as_str().unwrap();
    let set = admin
        .put(
            &format!("/api/users/{id}/password"),
            json!({"password": "qwertyuiop123"}),
        )
        .await;
    assert_eq!(set.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        set.body["fields"]["password"][0]
            .as_str()
            .unwrap()
            .contains("easy to guess")
    );
    let set = admin
        .put(
            &format!("/api/users/{id}/password"),
            json!({"password": "a kettle of brass herons"}),
        )
        .await;
    assert_eq!(set.status, StatusCode::NO_CONTENT);
    let again = admin
        .another()
        .sign_in("pat@example.org", "a kettle of brass herons")
        .await;
    assert_eq!(
        again.body["must_change_password"], true,
        "set by an administrator again"
    );
}

common::on_both_backends!(
    changing_your_own_password_ends_your_other_sessions,
    guesses_at_an_account_cannot_lock_its_person_out,
    spraying_from_one_address_waits_on_every_server
);

#[tokio::test]
async fn sign_in_fields_are_length_limited() {
    let admin = admin_client(Backend::Sqlite).await;
    let mut client = admin.another();
    let answer = client
        .sign_in(&format!("{}@example.org", "a".repeat(300)), &"p".repeat(300))
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.body);
    assert!(answer.body["fields"]["email"].is_array() && answer.body["fields"]["password"].is_array());
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
    // Both refusals are in the security audit log, with why.
    let refused = admin.get("/api/audit?action=access_denied").await;
    let entries = refused.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{}", refused.body);
    for entry in entries {
        assert_eq!(entry["subject"], "POST /api/teams");
        assert_eq!(entry["detail"], "from another site");
    }
}
