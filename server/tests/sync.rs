//! The sync API on both backends: at-most-once pushes, conflicts, rejections, privacy, paging,
//! tombstones, and a duplicate push racing itself.

use crate::common;

use axum::http::StatusCode;
use common::{Backend, Client, admin_client, on_both_backends, user_json};
use serde_json::{Value, json};
use shared::{ClientId, RecordId};

/// Two practitioners signed in on one fresh server.
async fn two_practitioners(backend: Backend) -> (Client, Client) {
    let mut admin = admin_client(backend).await;
    for email in ["pat@example.org", "sam@example.org"] {
        assert_eq!(
            admin
                .post("/api/users", user_json(email, &["practitioner"]))
                .await
                .status,
            StatusCode::CREATED
        );
    }
    let mut pat = admin.another();
    let mut sam = admin.another();
    pat.first_sign_in("pat@example.org").await;
    sam.first_sign_in("sam@example.org").await;
    (pat, sam)
}

fn put(mutation_id: u64, record: RecordId, base: Option<i64>, title: &str) -> Value {
    json!({"mutation_id": mutation_id, "entity": "note", "record_id": record, "base_version": base,
           "operation": "put", "payload": {"title": title, "body": ""}})
}

fn delete(mutation_id: u64, record: RecordId, base: i64) -> Value {
    json!({"mutation_id": mutation_id, "entity": "note", "record_id": record, "base_version": base,
           "operation": "delete", "payload": null})
}

async fn push(client: &mut Client, device: ClientId, mutations: Vec<Value>) -> Value {
    let answer = client
        .post(
            "/api/sync/push",
            json!({"client_id": device, "mutations": mutations}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body["results"].clone()
}

async fn pull_all(client: &mut Client) -> Vec<Value> {
    let answer = client.get("/api/sync/pull?cursor=0").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body["changes"].as_array().unwrap().clone()
}

async fn resending_is_applied_once(backend: Backend) {
    let (mut pat, _) = two_practitioners(backend).await;
    let device = ClientId::new();
    let (a, b) = (RecordId::new(), RecordId::new());
    let first = push(
        &mut pat,
        device,
        vec![put(1, a, None, "Home visit"), put(2, b, None, "Supervision")],
    )
    .await;
    assert_eq!(first[0]["outcome"], json!({"status": "applied", "version": 1}));
    assert_eq!(first[1]["outcome"], json!({"status": "applied", "version": 1}));

    // The answer was lost; the device sends the same batch again, then a new edit.
    let again = push(
        &mut pat,
        device,
        vec![
            put(1, a, None, "Home visit"),
            put(2, b, None, "Supervision"),
            put(3, a, Some(1), "Home visit, 2nd"),
        ],
    )
    .await;
    assert_eq!(
        again[0]["outcome"],
        json!({"status": "already_applied", "original": {"status": "applied", "version": 1}})
    );
    assert_eq!(again[1]["outcome"]["status"], "already_applied");
    assert_eq!(again[2]["outcome"], json!({"status": "applied", "version": 2}));

    let changes = pull_all(&mut pat).await;
    assert_eq!(changes.len(), 2, "one row per record, however often it was sent");
    let note_a = changes
        .iter()
        .find(|c| c["record"]["record_id"] == json!(a))
        .unwrap();
    assert_eq!(note_a["record"]["version"], 2);
    assert_eq!(note_a["record"]["payload"]["title"], "Home visit, 2nd");
}

async fn stale_edits_conflict_and_keep_the_server_copy(backend: Backend) {
    let (mut pat, _) = two_practitioners(backend).await;
    let (laptop, phone) = (ClientId::new(), ClientId::new());
    let id = RecordId::new();
    push(&mut pat, laptop, vec![put(1, id, None, "Original")]).await;
    push(&mut pat, laptop, vec![put(2, id, Some(1), "Laptop edit")]).await;
    let results = push(&mut pat, phone, vec![put(1, id, Some(1), "Phone edit")]).await;
    let outcome = &results[0]["outcome"];
    assert_eq!(outcome["status"], "conflict");
    assert_eq!(outcome["server"]["version"], 2);
    assert_eq!(outcome["server"]["payload"]["title"], "Laptop edit");
    // Creating under an id that exists is a conflict too, never an overwrite.
    let recreate = push(&mut pat, phone, vec![put(2, id, None, "Phone again")]).await;
    assert_eq!(recreate[0]["outcome"]["status"], "conflict");
    let changes = pull_all(&mut pat).await;
    assert_eq!(changes[0]["record"]["payload"]["title"], "Laptop edit");
    // The phone keeps its copy, resolves by sending it on top of version 2.
    let resolved = push(&mut pat, phone, vec![put(3, id, Some(2), "Phone edit")]).await;
    assert_eq!(resolved[0]["outcome"], json!({"status": "applied", "version": 3}));
}

async fn invalid_changes_are_rejected_with_field_errors(backend: Backend) {
    let (mut pat, _) = two_practitioners(backend).await;
    let device = ClientId::new();
    let id = RecordId::new();
    let mut unknown_field = put(2, RecordId::new(), None, "x");
    unknown_field["payload"]["owner"] = json!("me");
    let results = push(&mut pat, device, vec![put(1, id, None, "  "), unknown_field]).await;
    assert_eq!(
        results[0]["outcome"],
        json!({"status": "rejected", "fields": {"title": ["Enter a title"]}})
    );
    assert_eq!(results[1]["outcome"]["status"], "rejected");
    assert!(pull_all(&mut pat).await.is_empty(), "nothing stored");
    // Resending the rejected mutation gives the same answer; a new, fixed one is applied.
    let again = push(&mut pat, device, vec![put(1, id, None, "Fixed")]).await;
    assert_eq!(again[0]["outcome"]["original"]["status"], "rejected");
    let fixed = push(&mut pat, device, vec![put(3, id, None, "Fixed")]).await;
    assert_eq!(fixed[0]["outcome"]["status"], "applied");
}

async fn records_are_private_to_their_owner(backend: Backend) {
    let (mut pat, mut sam) = two_practitioners(backend).await;
    let id = RecordId::new();
    push(
        &mut pat,
        ClientId::new(),
        vec![put(1, id, None, "Pat's reflection")],
    )
    .await;
    assert!(pull_all(&mut sam).await.is_empty(), "Sam cannot read Pat's note");
    let sam_device = ClientId::new();
    let results = push(
        &mut sam,
        sam_device,
        vec![put(1, id, Some(1), "Sam was here"), delete(2, id, 1)],
    )
    .await;
    for r in results.as_array().unwrap() {
        assert_eq!(r["outcome"]["status"], "rejected", "{r}");
        assert_eq!(
            r["outcome"]["fields"]["record_id"][0],
            "You cannot change this record"
        );
    }
    assert_eq!(
        pull_all(&mut pat).await[0]["record"]["payload"]["title"],
        "Pat's reflection"
    );
    // A device id is one person's: Sam reusing Pat's gets no answers from Pat's history.
    let pat_device = ClientId::new();
    push(&mut pat, pat_device, vec![put(1, RecordId::new(), None, "Mine")]).await;
    let stolen = push(
        &mut sam,
        pat_device,
        vec![put(1, RecordId::new(), None, "Theirs")],
    )
    .await;
    assert_eq!(stolen[0]["outcome"]["status"], "rejected");
    assert!(stolen[0]["outcome"]["fields"]["client_id"].is_array());
    // Nor can Sam take the change numbers Pat's device has yet to send: Pat's next change,
    // number 2, is Pat's to apply.
    let ahead = push(&mut sam, pat_device, vec![put(2, RecordId::new(), None, "Ahead")]).await;
    assert_eq!(ahead[0]["outcome"]["status"], "rejected", "{ahead}");
    let next = push(
        &mut pat,
        pat_device,
        vec![put(2, RecordId::new(), None, "Mine too")],
    )
    .await;
    assert_eq!(next[0]["outcome"]["status"], "applied", "{next}");
}

/// A shortlist for a person syncs like a note: its author's alone, checked on the way in.
async fn a_shortlist_is_its_authors_alone(backend: Backend) {
    let (mut pat, mut sam) = two_practitioners(backend).await;
    let id = RecordId::new();
    let service = uuid::Uuid::now_v7();
    let shortlist = |mutation_id: u64, reference: &str, services: Value| {
        json!({"mutation_id": mutation_id, "entity": "shortlist", "record_id": id, "base_version": null,
               "operation": "put", "payload": {"reference": reference, "services": services}})
    };
    let twice = json!([
        {"service_id": service, "name": "Lunch club, Silsden", "note": ""},
        {"service_id": service, "name": "Lunch club, Silsden", "note": ""},
    ]);
    let device = ClientId::new();
    let refused = push(&mut pat, device, vec![shortlist(1, "", twice)]).await;
    assert_eq!(refused[0]["outcome"]["status"], "rejected");
    assert!(refused[0]["outcome"]["fields"]["reference"].is_array());
    assert!(refused[0]["outcome"]["fields"]["services"].is_array());
    let once =
        json!([{"service_id": service, "name": "Lunch club, Silsden", "note": "Ask for Sue on Tuesdays"}]);
    let applied = push(&mut pat, device, vec![shortlist(2, "LAS-1042", once)]).await;
    assert_eq!(applied[0]["outcome"]["status"], "applied", "{applied}");
    let mine = pull_all(&mut pat).await;
    assert_eq!(mine[0]["record"]["entity"], "shortlist");
    assert_eq!(
        mine[0]["record"]["payload"]["services"][0]["service_id"],
        json!(service),
        "the service's id is kept as it is"
    );
    assert!(
        pull_all(&mut sam).await.is_empty(),
        "Sam cannot read Pat's shortlist"
    );
}

async fn pulls_page_through_changes_with_tombstones(backend: Backend) {
    let (mut pat, _) = two_practitioners(backend).await;
    let device = ClientId::new();
    let ids: Vec<RecordId> = (0..5).map(|_| RecordId::new()).collect();
    let creates = ids
        .iter()
        .enumerate()
        .map(|(i, id)| put(i as u64 + 1, *id, None, &format!("Note {i}")))
        .collect();
    push(&mut pat, device, creates).await;
    push(&mut pat, device, vec![delete(6, ids[0], 1)]).await;

    let mut cursor = 0;
    let mut seen = Vec::new();
    loop {
        let page = pat
            .get(&format!("/api/sync/pull?cursor={cursor}&limit=2"))
            .await
            .body;
        let changes = page["changes"].as_array().unwrap();
        assert!(changes.len() <= 2);
        for c in changes {
            assert!(
                c["seq"].as_i64().unwrap() > cursor,
                "oldest first, after the cursor"
            );
        }
        seen.extend(changes.iter().cloned());
        assert!(
            page["cursor"].as_i64().unwrap() >= cursor,
            "the cursor never goes back"
        );
        cursor = page["cursor"].as_i64().unwrap();
        if !page["has_more"].as_bool().unwrap() {
            break;
        }
    }
    assert_eq!(seen.len(), 5, "each record once, at its latest state");
    let tombstone = seen
        .iter()
        .find(|c| c["record"]["record_id"] == json!(ids[0]))
        .unwrap();
    assert_eq!(tombstone["record"]["deleted"], true);
    assert_eq!(tombstone["record"]["version"], 2);
    assert_eq!(tombstone["record"]["payload"], Value::Null);
    assert_eq!(
        seen.last().unwrap()["record"]["record_id"],
        json!(ids[0]),
        "the deletion is the newest change"
    );
    let nothing_new = pat.get(&format!("/api/sync/pull?cursor={cursor}")).await.body;
    assert_eq!(nothing_new["changes"], json!([]));
    assert_eq!(nothing_new["cursor"], cursor);
}

async fn bad_requests_get_error_bodies(backend: Backend) {
    let (mut pat, _) = two_practitioners(backend).await;
    let device = ClientId::new();
    let too_many: Vec<Value> = (1..=201).map(|i| put(i, RecordId::new(), None, "x")).collect();
    let big = pat
        .post(
            "/api/sync/push",
            json!({"client_id": device, "mutations": too_many}),
        )
        .await;
    assert_eq!(big.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        big.body["fields"]["mutations"][0],
        "Send at most 200 changes at once"
    );
    let backwards = pat
        .post("/api/sync/push", json!({"client_id": device, "mutations": [put(2, RecordId::new(), None, "a"), put(1, RecordId::new(), None, "b")]}))
        .await;
    assert_eq!(
        backwards.body["fields"]["mutations"][0],
        "Mutation ids must increase"
    );
    let mut odd_kind = put(1, RecordId::new(), None, "a");
    odd_kind["entity"] = json!("wizard");
    let unknown = pat
        .post(
            "/api/sync/push",
            json!({"client_id": device, "mutations": [odd_kind]}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.body["code"], "invalid_body");
    let nul = push(&mut pat, device, vec![put(1, RecordId::new(), None, "a\u{0}b")]).await;
    assert_eq!(
        nul[0]["outcome"]["status"], "rejected",
        "PostgreSQL cannot store NUL: refused, not a 500"
    );
    let query = pat.get("/api/sync/pull?cursor=abc").await;
    assert_eq!(query.status, StatusCode::BAD_REQUEST);
    assert_eq!(query.body["code"], "invalid_body");
    assert!(pull_all(&mut pat).await.is_empty(), "none of it stored");
    let mut stranger = pat.another();
    assert_eq!(
        stranger.get("/api/sync/pull").await.status,
        StatusCode::UNAUTHORIZED
    );
    let anonymous = stranger
        .post("/api/sync/push", json!({"client_id": device, "mutations": []}))
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

/// The same batch arriving twice at once (a retry racing a slow first attempt): the unique key
/// on (client, mutation) lets exactly one apply it.
async fn a_duplicate_push_racing_itself_applies_once(backend: Backend) {
    let (pat, _) = two_practitioners(backend).await;
    let device = ClientId::new();
    let batch: Vec<Value> = (1..=20)
        .map(|i| put(i, RecordId::new(), None, &format!("n{i}")))
        .collect();
    let body = json!({"client_id": device, "mutations": batch});
    let (mut one, mut two) = (pat.another(), pat.another());
    one.cookie = pat.cookie.clone();
    two.cookie = pat.cookie.clone();
    let (a, b) = tokio::join!(
        one.post("/api/sync/push", body.clone()),
        two.post("/api/sync/push", body.clone())
    );
    assert_eq!(
        (a.status, b.status),
        (StatusCode::OK, StatusCode::OK),
        "{} {}",
        a.body,
        b.body
    );
    let applied = |answer: &common::Answer| {
        answer.body["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["outcome"]["status"] == "applied")
            .count()
    };
    assert_eq!(
        applied(&a) + applied(&b),
        20,
        "every mutation applied by exactly one of the two"
    );
    let mut check = pat.another();
    check.cookie = pat.cookie.clone();
    let changes = pull_all(&mut check).await;
    assert_eq!(changes.len(), 20);
    assert!(changes.iter().all(|c| c["record"]["version"] == 1));
}

/// A phone losing its signal in the middle of a push: the server still applies the batch whole,
/// once, and goes on taking writes (a transaction cut off half-way used to leave its connection
/// in the pool still inside it, and on SQLite every later write failed as "database is locked").
async fn a_push_whose_caller_goes_away_is_applied_whole(backend: Backend) {
    use axum::body::Body;
    use axum::http::{Request, header};
    use tower::ServiceExt;

    let (mut pat, _) = two_practitioners(backend).await;
    let device = ClientId::new();
    let batch: Vec<Value> = (1..=50)
        .map(|i| put(i, RecordId::new(), None, &format!("n{i}")))
        .collect();
    let request = Request::post("/api/sync/push")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, pat.cookie.clone().unwrap())
        .body(Body::from(
            json!({"client_id": device, "mutations": batch}).to_string(),
        ))
        .unwrap();
    let mut call = std::pin::pin!(pat.router.clone().oneshot(request));
    // Started, then abandoned a millisecond in: the connection has gone.
    let cut_off = tokio::time::timeout(std::time::Duration::from_millis(1), &mut call).await;
    assert!(
        cut_off.is_err(),
        "the push should still have been running after 1 ms"
    );

    let mut changes = Vec::new();
    for _ in 0..100 {
        changes = pull_all(&mut pat).await;
        if changes.len() == 50 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(changes.len(), 50, "the whole batch, applied once");
    let next = push(&mut pat, device, vec![put(51, RecordId::new(), None, "after")]).await;
    assert_eq!(next[0]["outcome"]["status"], "applied");
}

on_both_backends!(
    a_push_whose_caller_goes_away_is_applied_whole,
    resending_is_applied_once,
    stale_edits_conflict_and_keep_the_server_copy,
    invalid_changes_are_rejected_with_field_errors,
    records_are_private_to_their_owner,
    a_shortlist_is_its_authors_alone,
    pulls_page_through_changes_with_tombstones,
    bad_requests_get_error_bodies,
    a_duplicate_push_racing_itself_applies_once,
);
