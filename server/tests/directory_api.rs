//! The directory's API on both backends: commissioners and administrators keep it, everyone
//! signed in finds services and reports problems, practitioners cannot edit; bad input gets
//! field errors and nothing half-saved; checking, the review queue, reports and history.

use crate::common;

use axum::http::StatusCode;
use common::directory::{term, weekly};
use common::oruk::shared_dir;
use common::{Backend, Client, PASSWORD, on_both_backends, user_json};
use serde_json::{Value, json};

/// A commissioner, a practitioner and an administrator signed in, and one signed out.
async fn people(backend: Backend) -> (Client, Client, Client, Client) {
    let state = common::state(common::database(backend).await, Default::default());
    common::seed_admin(&state, "root@example.org").await;
    let mut admin = Client::new(state);
    admin.sign_in("root@example.org", PASSWORD).await;
    for (email, role) in [
        ("casey@example.org", "commissioner"),
        ("pat@example.org", "practitioner"),
    ] {
        let made = admin.post("/api/users", user_json(email, &[role])).await;
        assert_eq!(made.status, StatusCode::CREATED);
    }
    let (mut casey, mut pat, nobody) = (admin.another(), admin.another(), admin.another());
    casey.first_sign_in("casey@example.org").await;
    pat.first_sign_in("pat@example.org").await;
    (casey, pat, admin, nobody)
}

fn org_json() -> Value {
    json!({"id": uuid::Uuid::nil(), "name": "Wharfedale Walkers (fictional)", "description": "Volunteer-led health walks."})
}

fn place_json() -> Value {
    json!({"id": uuid::Uuid::nil(), "location_type": "physical", "name": "Ilkley Manor House (fictional)",
        "addresses": [{"id": uuid::Uuid::now_v7(), "address_1": "Castle Yard", "city": "Ilkley",
            "state_province": "West Yorkshire", "postal_code": "LS29 9DT", "country": "GB"}],
        "accessibility": [{"id": uuid::Uuid::now_v7(), "description": "Step-free access"}]})
}

fn service_json(org: &Value, place: &Value) -> Value {
    json!({
        "id": uuid::Uuid::nil(),
        "organization_id": org["id"],
        "name": "Riverside health walk",
        "description": "A gentle hour's walk by the river.",
        "url": "https://example.org/walks",
        "status": "active",
        "minimum_age": 18,
        "taxonomy_term_ids": [term("physical-activity.walking")],
        "schedules": [weekly(&[chrono::Weekday::Wed], (10, 0), (11, 0))],
        "service_at_locations": [{"id": uuid::Uuid::now_v7(), "location_id": place["id"]}],
        "service_areas": [{"id": uuid::Uuid::now_v7(), "name": "Ilkley"}],
        "cost_options": [{"id": uuid::Uuid::now_v7(), "option": "Free", "amount": 0.0}],
    })
}

async fn who_may_do_what(backend: Backend) {
    let (mut casey, mut pat, mut admin, mut nobody) = people(backend).await;
    // Commissioners and administrators write.
    let org = casey.post("/api/directory/organizations", org_json()).await;
    assert_eq!(org.status, StatusCode::CREATED, "{:?}", org.body);
    let place = admin.post("/api/directory/locations", place_json()).await;
    assert_eq!(place.status, StatusCode::CREATED, "{:?}", place.body);
    let created = casey
        .post("/api/directory/services", service_json(&org.body, &place.body))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let id = created.body["service"]["id"].as_str().unwrap().to_owned();
    assert_ne!(
        id,
        uuid::Uuid::nil().to_string(),
        "the server gives a new service its id"
    );

    // Practitioners read and report, and nothing else.
    let found = pat.get("/api/directory/services?search=walk").await;
    assert_eq!(found.status, StatusCode::OK);
    assert_eq!(
        found.body["contents"][0]["organization_name"],
        "Wharfedale Walkers (fictional)"
    );
    assert_eq!(
        pat.get(&format!("/api/directory/services/{id}")).await.status,
        StatusCode::OK
    );
    for (method, path, body) in [
        (
            "POST",
            "/api/directory/services".to_owned(),
            service_json(&org.body, &place.body),
        ),
        (
            "PUT",
            format!("/api/directory/services/{id}"),
            service_json(&org.body, &place.body),
        ),
        ("POST", format!("/api/directory/services/{id}/checked"), json!({})),
        (
            "GET",
            format!("/api/directory/services/{id}/history"),
            Value::Null,
        ),
        ("POST", "/api/directory/organizations".to_owned(), org_json()),
        ("GET", "/api/directory/reports".to_owned(), Value::Null),
        ("GET", "/api/directory/review".to_owned(), Value::Null),
        ("GET", "/api/directory/summary".to_owned(), Value::Null),
    ] {
        let body = (!body.is_null()).then_some(body);
        let answer = pat.call(common::method(method), &path, body).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{method} {path}");
    }
    // Signed out: the API asks for sign-in; the public feed does not.
    assert_eq!(
        nobody.get("/api/directory/services").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        nobody.get(&format!("/oruk/services/{id}")).await.status,
        StatusCode::OK
    );
}

async fn bad_input_is_named_and_nothing_is_half_saved(backend: Backend) {
    let (mut casey, _, _, _) = people(backend).await;
    let org = casey.post("/api/directory/organizations", org_json()).await.body;
    let place = casey.post("/api/directory/locations", place_json()).await.body;
    let mut bad = service_json(&org, &place);
    bad["name"] = json!(" ");
    bad["url"] = json!("www.example.org");
    bad["schedules"][0]["closes_at"] = json!("09:00:00");
    let answer = casey.post("/api/directory/services", bad).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["name", "url", "schedules.0.closes_at"] {
        assert!(
            answer.body["fields"][field].is_array(),
            "{field}: {:?}",
            answer.body
        );
    }
    let mut orphan = service_json(&org, &place);
    orphan["organization_id"] = json!(uuid::Uuid::now_v7());
    let answer = casey.post("/api/directory/services", orphan).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer.body["fields"]["organization_id"].is_array(),
        "{:?}",
        answer.body
    );
    let all = casey.get("/api/directory/services?include_inactive=true").await;
    assert_eq!(all.body["total_items"], 0, "nothing stored");

    let mut bad_place = place_json();
    bad_place["confidential"] = json!(true);
    let answer = casey.post("/api/directory/locations", bad_place).await;
    assert!(
        answer.body["fields"]["confidential"].is_array(),
        "a refuge keeps no address: {:?}",
        answer.body
    );
    let answer = casey
        .post(
            "/api/directory/organizations",
            json!({"id": uuid::Uuid::nil(), "name": "", "description": ""}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.body["fields"]["name"].is_array() && answer.body["fields"]["description"].is_array());
    let answer = casey.get("/api/directory/services?page=lots").await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);

    // A part of another place (its accessibility note, by id) is a clash, not a server error,
    // and the new place is not half saved. (Found by schemathesis: it was a 500.)
    let mut borrowing = place_json();
    borrowing["name"] = json!("A second place");
    borrowing["accessibility"] = place["accessibility"].clone();
    let answer = casey.post("/api/directory/locations", borrowing).await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert_eq!(
        answer.body["fields"]["id"][0],
        "An id in this record is already used by another record"
    );
    let places = casey.get("/api/directory/locations").await;
    assert_eq!(places.body.as_array().map(Vec::len), Some(1), "{}", places.body);
}

async fn keeping_a_service_true(backend: Backend) {
    let (mut casey, mut pat, _, _) = people(backend).await;
    let org = casey.post("/api/directory/organizations", org_json()).await.body;
    let place = casey.post("/api/directory/locations", place_json()).await.body;
    let created = casey
        .post("/api/directory/services", service_json(&org, &place))
        .await
        .body;
    let id = created["service"]["id"].as_str().unwrap().to_owned();
    assert_eq!(created["check_due"], true, "never checked");
    assert_eq!(created["locations"][0]["name"], "Ilkley Manor House (fictional)");
    assert_eq!(created["categories"][0]["name"], "Walking groups");
    let summary = casey.get("/api/directory/summary").await.body;
    assert_eq!(
        (summary["unchecked"].as_u64(), summary["review_months"].as_u64()),
        (Some(1), Some(3))
    );
    let queue = casey.get("/api/directory/review").await.body;
    assert_eq!(queue["contents"][0]["id"], id.as_str());

    // An edit: new times; an edit never marks it checked.
    let mut edited = created["service"].clone();
    edited["schedules"] = json!([weekly(&[chrono::Weekday::Thu], (14, 0), (15, 0))]);
    edited["assured_date"] = json!("2026-12-01");
    let updated = casey.put(&format!("/api/directory/services/{id}"), edited).await;
    assert_eq!(updated.status, StatusCode::OK, "{:?}", updated.body);
    assert!(updated.body["service"].get("assured_date").is_none());

    // Checked today: out of the queue, with who checked it.
    let checked = casey
        .post(&format!("/api/directory/services/{id}/checked"), json!({}))
        .await;
    assert_eq!(checked.status, StatusCode::OK);
    assert_eq!(checked.body["check_due"], false);
    assert_eq!(checked.body["service"]["assurer_email"], "casey@example.org");
    assert_eq!(casey.get("/api/directory/summary").await.body["unchecked"], 0);
    assert_eq!(casey.get("/api/directory/review").await.body["total_items"], 0);

    let history = casey
        .get(&format!("/api/directory/services/{id}/history"))
        .await
        .body;
    let fields: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["checked on", "checked by", "opening times", "created"],
        "{history:#}"
    );
    assert_eq!(history[2]["before"], "Wednesdays, 10:00 to 11:00");
    assert_eq!(history[2]["changed_by"], "Test Person");
    assert_eq!(history[0]["source"], "check");

    // Report a problem; the commissioner answers it once.
    let empty = pat
        .post(
            &format!("/api/directory/services/{id}/reports"),
            json!({"kind": "wrong_details", "note": ""}),
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body["fields"]["note"].is_array());
    let report = pat
        .post(
            &format!("/api/directory/services/{id}/reports"),
            json!({"kind": "moved", "note": "Now meets at the lido"}),
        )
        .await;
    assert_eq!(report.status, StatusCode::CREATED, "{:?}", report.body);
    let missing = pat
        .post(
            &format!("/api/directory/services/{}/reports", uuid::Uuid::now_v7()),
            json!({"kind": "closed"}),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    // A report kept offline carries the device's id: sent twice, it is filed once; its id
    // used by anyone else is refused, not read.
    let kept = json!({"kind": "closed", "note": "", "id": uuid::Uuid::now_v7()});
    let path = format!("/api/directory/services/{id}/reports");
    let first = pat.post(&path, kept.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    let again = pat.post(&path, kept.clone()).await;
    assert_eq!(
        (again.status, &again.body["id"]),
        (StatusCode::CREATED, &first.body["id"])
    );
    assert_eq!(casey.post(&path, kept).await.status, StatusCode::CONFLICT);
    let open = casey.get("/api/directory/reports").await.body;
    assert_eq!(open.as_array().unwrap().len(), 2);
    assert_eq!(casey.get("/api/directory/summary").await.body["open_reports"], 2);
    let report_id = report.body["id"].as_str().unwrap();
    let reply = json!({"status": "resolved", "reply": "Place updated, thank you"});
    let answered = casey
        .post(
            &format!("/api/directory/reports/{report_id}/reply"),
            reply.clone(),
        )
        .await;
    assert_eq!(answered.status, StatusCode::OK);
    assert_eq!(answered.body["status"], "resolved");
    assert_eq!(
        casey
            .post(&format!("/api/directory/reports/{report_id}/reply"), reply)
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        casey
            .get("/api/directory/reports")
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        1,
        "the other stays open"
    );
    assert_eq!(
        casey
            .get("/api/directory/reports?status=all")
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // A defunct service leaves search but keeps its history.
    let mut closed = checked.body["service"].clone();
    closed["status"] = json!("defunct");
    casey.put(&format!("/api/directory/services/{id}"), closed).await;
    assert_eq!(pat.get("/api/directory/services").await.body["total_items"], 0);
    assert_eq!(
        casey
            .get("/api/directory/services?include_inactive=true")
            .await
            .body["total_items"],
        1
    );
    assert_eq!(pat.get("/oruk/services").await.body["total_items"], 0);
}

async fn categories_and_imports(backend: Backend) {
    let (mut casey, mut pat, _, _) = people(backend).await;
    let taxonomies = casey.get("/api/directory/taxonomies").await.body;
    let shipped = taxonomies[0]["id"].as_str().unwrap().to_owned();
    let path = format!("/api/directory/taxonomies/{shipped}/terms");
    let new = json!({"name": "Repair cafés", "description": "Fix things together.", "parent_id": term("community")});
    let added = casey.post(&path, new.clone()).await;
    assert_eq!(added.status, StatusCode::CREATED, "{:?}", added.body);
    assert_eq!(casey.post(&path, new).await.status, StatusCode::CONFLICT);
    let orphan = casey
        .post(
            &path,
            json!({"name": "X", "description": "Y", "parent_id": uuid::Uuid::now_v7()}),
        )
        .await;
    assert!(orphan.body["fields"]["parent_id"].is_array());
    assert_eq!(
        pat.post(&path, json!({"name": "X", "description": "Y"}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let feed =
        std::fs::read(shared_dir().join("oruk/samples/oruk-1.0-real-feeds/north-lincolnshire-services.json"))
            .unwrap();
    let upload = |dry: bool| {
        axum::http::Request::builder()
            .method("POST")
            .uri(format!("/api/directory/import?dry_run={dry}"))
            .header("content-type", "application/json")
            .body(axum::body::Body::from(feed.clone()))
            .unwrap()
    };
    let dry = casey.send(upload(true)).await;
    assert_eq!(dry.status, StatusCode::OK, "{:?}", dry.body);
    assert_eq!(
        (dry.body["dry_run"].as_bool(), dry.body["created"].as_u64()),
        (Some(true), Some(738))
    );
    assert_eq!(casey.get("/api/directory/services").await.body["total_items"], 0);
    let applied = casey.send(upload(false)).await;
    assert_eq!(applied.body["created"], 738);
    assert_eq!(
        casey.get("/api/directory/services").await.body["total_items"],
        738
    );
    assert_eq!(pat.send(upload(true)).await.status, StatusCode::FORBIDDEN);

    // Exports: the whole directory, as ORUK JSON and as an HSDS CSV data package.
    let json = casey.get("/api/directory/export.json").await;
    assert_eq!(json.status, StatusCode::OK);
    assert_eq!(json.body.as_array().unwrap().len(), 738);
    assert!(
        json.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"touchstone-directory-")
    );
    let zip = casey.get("/api/directory/export.zip").await;
    assert_eq!(zip.status, StatusCode::OK);
    assert_eq!(zip.headers["content-type"], "application/zip");
    assert_eq!(
        pat.get("/api/directory/export.json").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        pat.get("/api/directory/export.zip").await.status,
        StatusCode::FORBIDDEN
    );
    let not_json = casey
        .send(
            axum::http::Request::builder()
                .method("POST")
                .uri("/api/directory/import?dry_run=true")
                .header("content-type", "application/json")
                .body(axum::body::Body::from("<html>"))
                .unwrap(),
        )
        .await;
    assert_eq!(not_json.status, StatusCode::BAD_REQUEST);
    assert!(not_json.body["fields"]["file"].is_array());
}

/// A device's copy: everything listed for anyone signed in (nobody else); then, asked since
/// that copy, what changed, including a service that left the list, for the device to drop.
async fn a_device_copies_the_directory_and_then_its_changes(backend: Backend) {
    let (mut casey, mut pat, _, mut nobody) = people(backend).await;
    assert_eq!(
        nobody.get("/api/directory/snapshot").await.status,
        StatusCode::UNAUTHORIZED
    );
    let org = casey.post("/api/directory/organizations", org_json()).await.body;
    let place = casey.post("/api/directory/locations", place_json()).await.body;
    let created = casey
        .post("/api/directory/services", service_json(&org, &place))
        .await
        .body;
    let id = created["service"]["id"].clone();
    let checked = casey
        .post(
            &format!("/api/directory/services/{}/checked", id.as_str().unwrap()),
            json!(null),
        )
        .await;
    assert_eq!(checked.body["service"]["assurer_email"], "casey@example.org");

    let copy = pat.get("/api/directory/snapshot").await;
    assert_eq!(copy.status, StatusCode::OK);
    assert!(
        copy.body["services"][0].get("assurer_email").is_none(),
        "who checked a service stays on the server"
    );
    assert_eq!(copy.body["review_months"], 3);
    let ids = |v: &Value, key: &str| -> Vec<Value> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].clone())
            .collect()
    };
    assert_eq!(ids(&copy.body, "services"), std::slice::from_ref(&id));
    assert_eq!(
        copy.body["services"][0]["schedules"][0]["byday"][0]["weekday"], "Wed",
        "whole services"
    );
    assert_eq!(ids(&copy.body, "organizations"), [org["id"].clone()]);
    assert_eq!(ids(&copy.body, "locations"), [place["id"].clone()]);
    assert!(!ids(&copy.body, "taxonomies").is_empty());
    let taken_at = copy.body["taken_at"].as_str().unwrap().to_owned();

    // The service closes for good: it leaves the full copy, and comes in the changes so that
    // the device drops it.
    let mut closed = created["service"].clone();
    closed["status"] = json!("defunct");
    let answer = casey
        .put(
            &format!("/api/directory/services/{}", id.as_str().unwrap()),
            closed,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    let changes = pat
        .get(&format!("/api/directory/snapshot?since={taken_at}"))
        .await
        .body;
    assert_eq!(ids(&changes, "services"), std::slice::from_ref(&id));
    assert_eq!(changes["services"][0]["status"], "defunct");
    assert!(changes["taken_at"].as_str().unwrap() > taken_at.as_str());
    let full = pat.get("/api/directory/snapshot").await.body;
    assert!(
        ids(&full, "services").is_empty(),
        "defunct services leave the copy"
    );
    // Nothing changed since a copy taken after the change (and its overlap).
    let later = (chrono::Utc::now() + chrono::Duration::seconds(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let nothing = pat
        .get(&format!("/api/directory/snapshot?since={later}"))
        .await
        .body;
    assert!(ids(&nothing, "services").is_empty() && ids(&nothing, "organizations").is_empty());
    assert!(
        pat.get("/api/directory/snapshot?since=yesterday")
            .await
            .status
            .is_client_error(),
        "a bad date is the asker's error"
    );
}

on_both_backends!(
    a_device_copies_the_directory_and_then_its_changes,
    who_may_do_what,
    bad_input_is_named_and_nothing_is_half_saved,
    keeping_a_service_true,
    categories_and_imports,
);
