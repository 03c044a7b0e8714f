//! The security audit log: what is written (and what never is), who may search and export it,
//! and that nothing can change an entry.

use axum::http::StatusCode;
use chrono::Utc;
use common::{Backend, PASSWORD, admin_client, user_json};
use serde_json::{Value, json};
use server::state::Settings;
use server::store::audit::NewAuditEvent;
use shared::api::audit::{AuditAction, AuditOutcome};

use crate::common;

/// `(action, outcome, person, detail)` of each entry, newest first.
fn summary(page: &Value) -> Vec<(String, String, String, String)> {
    page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let text = |v: &Value| v.as_str().unwrap_or("-").to_owned();
            (
                text(&e["action"]),
                text(&e["outcome"]),
                text(&e["user"]),
                text(&e["detail"]),
            )
        })
        .collect()
}

fn entry(action: &str, outcome: &str, user: &str, detail: &str) -> (String, String, String, String) {
    (action.into(), outcome.into(), user.into(), detail.into())
}

/// Sign-ins (and failures, without the email tried), a refusal, a sign-out and an
/// administrator's change are written as they happen; the log is searched by action, outcome,
/// person and date, exported as CSV, and only by administrators — and each search is written too.
async fn security_events_are_written_and_searched_by_administrators(backend: Backend) {
    let mut admin = admin_client(backend).await;
    let created = admin
        .post("/api/users", user_json("pat@example.org", &["practitioner"]))
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let pat_id = created.body["id"].as_str().unwrap().to_owned();
    let mut pat = admin.another();
    let typed = "my secret attempt";
    assert_eq!(
        pat.sign_in("pat@example.org", typed).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        pat.sign_in("someone.else@example.org", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        pat.sign_in("pat@example.org", PASSWORD).await.status,
        StatusCode::OK
    );
    assert_eq!(pat.get("/api/users").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        pat.get("/api/audit").await.status,
        StatusCode::FORBIDDEN,
        "administrators only"
    );
    assert_eq!(
        pat.post("/api/auth/sign-out", json!({})).await.status,
        StatusCode::NO_CONTENT
    );

    let everything = admin.get("/api/audit").await;
    assert_eq!(everything.status, StatusCode::OK, "{}", everything.body);
    let found = summary(&everything.body);
    let pat_email = "pat@example.org";
    assert_eq!(
        found[..7],
        [
            entry("sign_out", "success", pat_email, "-"),
            entry("access_denied", "refused", pat_email, "-"),
            entry("access_denied", "refused", pat_email, "-"),
            entry("sign_in", "success", pat_email, "on a new browser"),
            entry("sign_in", "failure", "-", "no such account"),
            entry("sign_in", "failure", pat_email, "wrong password"),
            entry(
                "user_created",
                "success",
                "root@example.org",
                "roles: practitioner"
            ),
        ],
        "{}",
        everything.body
    );
    let entries = everything.body["entries"].as_array().unwrap();
    assert_eq!(entries[1]["subject"], "GET /api/audit");
    assert_eq!(entries[2]["subject"], "GET /api/users");
    assert_eq!(entries[6]["subject"], json!(pat_id));
    let text = everything.body.to_string();
    assert!(
        !text.contains(typed) && !text.contains("someone.else"),
        "never what was typed"
    );

    let failures = admin.get("/api/audit?action=sign_in&outcome=failure").await;
    assert_eq!(summary(&failures.body).len(), 2);
    let pats = admin.get("/api/audit?person=PAT@example.org").await;
    assert!(summary(&pats.body).iter().all(|(_, _, who, _)| who == pat_email));
    assert_eq!(summary(&pats.body).len(), 5);
    let today = Utc::now().date_naive();
    let tomorrow = today.succ_opt().unwrap();
    let later = admin.get(&format!("/api/audit?from={tomorrow}")).await;
    assert_eq!(summary(&later.body).len(), 0, "nothing from tomorrow on");
    let backwards = admin.get(&format!("/api/audit?from={tomorrow}&to={today}")).await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = admin.get("/api/audit?action=made_up").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);

    let export = admin.get("/api/audit/export.csv?action=sign_in").await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(
        export.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = export.body.as_str().unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("When (UTC),Person,Person's id,Address,Action,Outcome,Subject,Detail")
    );
    assert_eq!(lines.filter(|l| l.contains("Sign-in")).count(), 4, "{csv}");
    // Searching and exporting are written too.
    let searched = admin.get("/api/audit?action=audit_exported").await;
    assert_eq!(
        summary(&searched.body)[0],
        entry("audit_exported", "success", "root@example.org", "4 entries")
    );
}

/// Entries come a page of 100 at a time, newest first, and say whether more follow.
async fn the_log_comes_a_page_at_a_time(backend: Backend) {
    let state = common::state(common::database(backend).await, Settings::default());
    let start = Utc::now() - chrono::Duration::hours(1);
    for i in 0..150 {
        let event = NewAuditEvent {
            at: start + chrono::Duration::seconds(i),
            user: None,
            address: Some("192.0.2.7".into()),
            action: AuditAction::RateLimited,
            outcome: AuditOutcome::Refused,
            subject: Some(format!("POST /api/auth/sign-in #{i}")),
            detail: None,
        };
        state.store.audit().write_audit(&event).await.unwrap();
    }
    common::seed_admin(&state, "root@example.org").await;
    let mut admin = common::Client::new(state);
    admin.sign_in("root@example.org", PASSWORD).await;
    let first = admin.get("/api/audit?action=rate_limited").await;
    assert_eq!(first.body["more"], true);
    let entries = first.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 100);
    assert_eq!(entries[0]["subject"], "POST /api/auth/sign-in #149");
    assert_eq!(entries[0]["address"], "192.0.2.7");
    let second = admin.get("/api/audit?action=rate_limited&page=2").await;
    assert_eq!(second.body["more"], false);
    let entries = second.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 50);
    assert_eq!(entries[49]["subject"], "POST /api/auth/sign-in #0");
}

/// The database itself refuses to change an entry.
async fn entries_cannot_be_changed(backend: Backend) {
    let url = match backend {
        Backend::Sqlite => {
            let dir =
                std::env::temp_dir().join(format!("touchstone-audit-{}", uuid::Uuid::now_v7().simple()));
            format!("sqlite://{}", dir.join("touchstone.db").display())
        }
        Backend::Postgres => common::new_postgres_database().await,
    };
    let db = server::store::connect(&url).await.unwrap();
    let event = NewAuditEvent {
        at: Utc::now(),
        user: None,
        address: None,
        action: AuditAction::SignIn,
        outcome: AuditOutcome::Failure,
        subject: None,
        detail: Some("no such account".into()),
    };
    db.store.audit().write_audit(&event).await.unwrap();
    let tamper = "update audit_events set outcome = 'success'";
    let refused = match backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            sqlx::query(tamper).execute(&pool).await.err()
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&url).await.unwrap();
            sqlx::query(tamper).execute(&pool).await.err()
        }
    };
    let refused = refused.expect("the update is refused");
    assert!(refused.to_string().contains("append-only"), "{refused}");
}

common::on_both_backends!(
    security_events_are_written_and_searched_by_administrators,
    the_log_comes_a_page_at_a_time,
    entries_cannot_be_changed
);
