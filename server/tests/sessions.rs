//! Sessions that end: after idle time (which background sync does not reset), at their lifetime
//! however busy, and when their person ends them; ids kept only as hashes; the hourly sweep.

use std::str::FromStr;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::Utc;
use common::{Backend, Client, PASSWORD, admin_client, user_json};
use server::session::BACKGROUND_HEADER;
use server::state::Settings;
use server::store::sessions::SessionRow;
use shared::UserId;

use crate::common;

const ME: &str = "/api/auth/me";

/// A signed-in administrator on an app whose sessions end as `settings` say.
async fn signed_in(backend: Backend, settings: Settings) -> Client {
    let state = common::state(common::database(backend).await, settings);
    common::seed_admin(&state, "root@example.org").await;
    let mut client = Client::new(state);
    assert_eq!(
        client.sign_in("root@example.org", PASSWORD).await.status,
        StatusCode::OK
    );
    client
}

fn lasting(idle_secs: u64, lifetime_secs: u64) -> Settings {
    Settings {
        session_idle: Duration::from_secs(idle_secs),
        session_lifetime: Duration::from_secs(lifetime_secs),
        ..Settings::default()
    }
}

/// `GET /api/auth/me` as the app sends it on its own (a sync poll), not for the person.
async fn in_background(client: &mut Client) -> StatusCode {
    let request = Request::get(ME)
        .header(BACKGROUND_HEADER, "1")
        .body(Body::empty())
        .unwrap();
    client.send(request).await.status
}

async fn by_person(client: &mut Client) -> StatusCode {
    client.get(ME).await.status
}

async fn wait(secs: f64) {
    tokio::time::sleep(Duration::from_secs_f64(secs)).await;
}

/// Two browsers signed in together under a 4 s idle time: the one whose person acts at 2 s
/// goes on past 4 s, the one only polled in the background ends at 4 s, and polling alone never
/// keeps a session open. (Times are stored in whole seconds, so each check keeps a second clear
/// of the end it tests.)
async fn idle_sessions_end_and_background_sync_does_not_keep_them(backend: Backend) {
    let mut used = signed_in(backend, lasting(4, 3600)).await;
    let mut polled = used.another();
    assert_eq!(
        polled.sign_in("root@example.org", PASSWORD).await.status,
        StatusCode::OK
    );
    wait(2.0).await;
    assert_eq!(by_person(&mut used).await, StatusCode::OK);
    assert_eq!(in_background(&mut polled).await, StatusCode::OK);
    wait(2.5).await;
    assert_eq!(
        in_background(&mut used).await,
        StatusCode::OK,
        "its person acted at 2 s"
    );
    assert_eq!(
        in_background(&mut polled).await,
        StatusCode::UNAUTHORIZED,
        "only polled: ended 4 s after sign-in"
    );
    wait(3.0).await;
    assert_eq!(
        in_background(&mut used).await,
        StatusCode::UNAUTHORIZED,
        "ended 4 s after its person's last action"
    );
}

/// However busy, a session ends at its lifetime, and signing in again starts a new one.
async fn sessions_end_at_their_lifetime_however_busy(backend: Backend) {
    let mut client = signed_in(backend, lasting(60, 3)).await;
    wait(1.5).await;
    assert_eq!(by_person(&mut client).await, StatusCode::OK);
    wait(2.0).await;
    assert_eq!(by_person(&mut client).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        client.sign_in("root@example.org", PASSWORD).await.status,
        StatusCode::OK
    );
    assert_eq!(by_person(&mut client).await, StatusCode::OK);
}

/// A person lists their sessions (this one marked) and ends one, or all the others; nobody
/// can see or end someone else's.
async fn people_see_and_end_their_own_sessions(backend: Backend) {
    let mut admin = admin_client(backend).await;
    let created = admin
        .post("/api/users", user_json("pat@example.org", &["practitioner"]))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let mut laptop = admin.another();
    let mut phone = admin.another();
    for device in [&mut laptop, &mut phone] {
        assert_eq!(
            device.sign_in("pat@example.org", PASSWORD).await.status,
            StatusCode::OK
        );
    }
    let listed = laptop.get("/api/auth/sessions").await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    let sessions = listed.body.as_array().unwrap();
    assert_eq!(sessions.len(), 2, "{}", listed.body);
    assert_eq!(sessions[0]["current"], true, "this session comes first");
    assert_eq!(sessions[1]["current"], false);
    let phones = sessions[1]["id"].as_str().unwrap().to_owned();
    let admins = admin.get("/api/auth/sessions").await.body;
    assert_eq!(admins.as_array().unwrap().len(), 1, "only their own: {admins}");

    let path = format!("/api/auth/sessions/{phones}");
    let theirs = admin.call(common::method("delete"), &path, None).await;
    assert_eq!(
        theirs.status,
        StatusCode::NOT_FOUND,
        "not the administrator's to end"
    );
    assert_eq!(by_person(&mut phone).await, StatusCode::OK);
    let ended = laptop.call(common::method("delete"), &path, None).await;
    assert_eq!(ended.status, StatusCode::NO_CONTENT, "{}", ended.body);
    assert_eq!(by_person(&mut phone).await, StatusCode::UNAUTHORIZED);

    assert_eq!(
        phone.sign_in("pat@example.org", PASSWORD).await.status,
        StatusCode::OK
    );
    let others = laptop
        .post("/api/auth/sessions/end-others", serde_json::json!({}))
        .await;
    assert_eq!(others.status, StatusCode::OK, "{}", others.body);
    assert_eq!(others.body["ended"], 1);
    assert_eq!(by_person(&mut phone).await, StatusCode::UNAUTHORIZED);
    assert_eq!(by_person(&mut laptop).await, StatusCode::OK);
    assert_eq!(
        by_person(&mut admin).await,
        StatusCode::OK,
        "other people's go on"
    );
}

/// The database holds a session id's SHA-256, never the id the cookie carries.
async fn session_ids_are_stored_only_as_hashes(backend: Backend) {
    let state = common::state(common::database(backend).await, Settings::default());
    common::seed_admin(&state, "root@example.org").await;
    let mut client = Client::new(state.clone());
    let signed_in = client.sign_in("root@example.org", PASSWORD).await;
    let me = UserId(signed_in.body["id"].as_str().unwrap().parse().unwrap());
    let cookie = client.cookie_named(server::session_cookie_name(true)).unwrap();
    let rows = state.store.sessions().sessions_of(me, Utc::now()).await.unwrap();
    assert_eq!(rows.len(), 1);
    let id = tower_sessions::session::Id::from_str(&cookie).unwrap();
    assert_eq!(rows[0].id_hash, server::store::id_hash(&id));
    assert!(!rows[0].id_hash.contains(&cookie) && !rows[0].data.contains(&cookie));
    let by_id = state
        .store
        .sessions()
        .load_session(&cookie, Utc::now())
        .await
        .unwrap();
    assert!(by_id.is_none(), "the id itself finds nothing");
}

/// The hourly sweep removes ended sessions, failure counts old enough to be forgotten, browsers
/// not seen for a year and audit entries past their retention, and nothing else.
async fn the_sweep_removes_only_what_has_ended(backend: Backend) {
    let state = common::state(common::database(backend).await, Settings::default());
    common::seed_admin(&state, "root@example.org").await;
    let root = state
        .store
        .users()
        .credentials_by_email("root@example.org")
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    let now = Utc::now();
    let hours = chrono::Duration::hours;
    let sessions = state.store.sessions();
    for (hash, ends) in [("ended", now - hours(1)), ("live", now + hours(1))] {
        let row = SessionRow {
            id_hash: hash.into(),
            data: "{}".into(),
            expires_at: ends,
        };
        assert!(sessions.insert_session(&row, Some(root)).await.unwrap());
    }
    let sign_in = state.store.sign_in();
    sign_in
        .fail(&["old".into()], now - hours(2), now - hours(3))
        .await
        .unwrap();
    sign_in
        .fail(&["recent".into()], now, now - hours(1))
        .await
        .unwrap();
    sign_in
        .remember_device("stale", root, now - chrono::Duration::days(400))
        .await
        .unwrap();
    sign_in
        .remember_device("seen", root, now - chrono::Duration::days(3))
        .await
        .unwrap();

    for (days, subject) in [(800, "old"), (10, "recent")] {
        let event = server::store::audit::NewAuditEvent {
            at: now - chrono::Duration::days(days),
            user: Some(root),
            address: None,
            action: shared::api::audit::AuditAction::SignOut,
            outcome: shared::api::audit::AuditOutcome::Success,
            subject: Some(subject.into()),
            detail: None,
        };
        state.store.audit().write_audit(&event).await.unwrap();
    }

    let retention = chrono::Duration::days(730);
    let swept = server::sweep::once(state.store.as_ref(), now, retention)
        .await
        .unwrap();
    let expected = server::sweep::Swept {
        sessions: 1,
        failures: 1,
        devices: 1,
        audit_entries: 1,
    };
    assert_eq!(swept, expected);
    let filter = server::store::audit::AuditFilter {
        action: Some(shared::api::audit::AuditAction::SignOut),
        limit: 10,
        ..Default::default()
    };
    let kept = state.store.audit().search_audit(&filter).await.unwrap();
    assert_eq!(
        kept.iter()
            .map(|e| e.subject.as_deref().unwrap())
            .collect::<Vec<_>>(),
        ["recent"]
    );
    let live = sessions.sessions_of(root, now - hours(2)).await.unwrap();
    assert_eq!(
        live.iter().map(|r| r.id_hash.as_str()).collect::<Vec<_>>(),
        ["live"]
    );
    let kept = sign_in.failures(&["old".into(), "recent".into()]).await.unwrap();
    assert_eq!(
        kept.iter().map(|f| f.key.as_str()).collect::<Vec<_>>(),
        ["recent"]
    );
    assert!(sign_in.knows_device("seen", root).await.unwrap());
    assert!(!sign_in.knows_device("stale", root).await.unwrap());
}

/// Each session has its own device key, the same every time it is asked for, never cached by
/// the browser, and gone with the session; signing out tells the browser to clear the site's
/// storage and cache.
async fn a_session_has_a_device_key_of_its_own_that_ends_with_it(backend: Backend) {
    let mut first = signed_in(backend, Settings::default()).await;
    let key = first.get("/api/auth/device-key").await;
    assert_eq!(key.status, StatusCode::OK);
    assert_eq!(key.headers["cache-control"], "no-store");
    let secret = key.body["key"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 64);
    assert!(secret.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(
        first.get("/api/auth/device-key").await.body["key"],
        secret.as_str(),
        "stable"
    );

    let mut second = first.another();
    second.sign_in("root@example.org", PASSWORD).await;
    let other = second.get("/api/auth/device-key").await.body["key"].clone();
    assert_ne!(other, secret.as_str(), "another session, another key");

    let out = first.post("/api/auth/sign-out", serde_json::json!({})).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert_eq!(out.headers["clear-site-data"], "\"cache\", \"storage\"");
    assert_eq!(
        first.get("/api/auth/device-key").await.status,
        StatusCode::UNAUTHORIZED
    );
    first.sign_in("root@example.org", PASSWORD).await;
    let again = first.get("/api/auth/device-key").await.body["key"].clone();
    assert_ne!(
        again,
        secret.as_str(),
        "the ended session's key is not handed out again"
    );
}

common::on_both_backends!(
    a_session_has_a_device_key_of_its_own_that_ends_with_it,
    idle_sessions_end_and_background_sync_does_not_keep_them,
    sessions_end_at_their_lifetime_however_busy,
    people_see_and_end_their_own_sessions,
    session_ids_are_stored_only_as_hashes,
    the_sweep_removes_only_what_has_ended
);
