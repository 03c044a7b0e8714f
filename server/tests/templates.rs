//! Templates on both backends: shipped defaults installed once, versions, the draft → published
//! → retired lifecycle, validation errors pointing at their place, and who may see what.

use crate::common;

use axum::http::StatusCode;
use common::{Backend, Client, PASSWORD, user_json};
use serde_json::{Value, json};

/// A fresh server with the shipped templates, and an administrator, a workforce lead and a
/// practitioner signed in.
async fn install(backend: Backend) -> (Client, Client, Client) {
    let db = common::database(backend).await;
    assert_eq!(
        server::templates::install_defaults(db.store.as_ref())
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        server::templates::install_defaults(db.store.as_ref())
            .await
            .unwrap(),
        0,
        "installed once"
    );
    let state = common::state(db, Default::default());
    common::seed_admin(&state, "root@example.org").await;
    let mut admin = Client::new(state);
    admin.sign_in("root@example.org", PASSWORD).await;
    for (email, role) in [
        ("lead@example.org", "workforce_lead"),
        ("pat@example.org", "practitioner"),
    ] {
        admin.post("/api/users", user_json(email, &[role])).await;
    }
    let (mut lead, mut pat) = (admin.another(), admin.another());
    lead.first_sign_in("lead@example.org").await;
    pat.first_sign_in("pat@example.org").await;
    (admin, lead, pat)
}

fn practice_model_v1(list: &Value) -> String {
    list.as_array()
        .unwrap()
        .iter()
        .find(|t| t["key"] == "practice-model")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn the_lifecycle_of_a_new_version(backend: Backend) {
    let (_, mut lead, mut pat) = install(backend).await;
    let list = pat.get("/api/templates").await.body;
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|t| t["status"] == "published" && t["version"] == 1)
    );
    let v1 = practice_model_v1(&list);
    let template = lead.get(&format!("/api/templates/{v1}")).await.body;
    assert_eq!(template["content"]["domains"].as_array().unwrap().len(), 6);

    // A new version: one more statement on community assets.
    let mut content = template["content"].clone();
    content["domains"][4]["statements"].as_array_mut().unwrap().push(json!({
        "key": "community.share", "text": "I share what is local with the person, in a form they can keep."
    }));
    let draft = lead.post("/api/templates", content.clone()).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.body);
    assert_eq!(
        (draft.body["version"].as_i64(), draft.body["status"].as_str()),
        (Some(2), Some("draft"))
    );
    let v2 = draft.body["id"].as_str().unwrap().to_owned();
    assert_eq!(
        pat.get(&format!("/api/templates/{v2}")).await.status,
        StatusCode::NOT_FOUND,
        "drafts are not shown to practitioners"
    );
    assert_eq!(pat.get("/api/templates").await.body.as_array().unwrap().len(), 2);

    content["title"] = json!("Practice model self-assessment (2027)");
    let edited = lead.put(&format!("/api/templates/{v2}"), content.clone()).await;
    assert_eq!(edited.body["title"], "Practice model self-assessment (2027)");

    let published = lead
        .post(
            &format!("/api/templates/{v2}/status"),
            json!({"status": "published"}),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    assert_eq!(published.body["status"], "published");
    let old = lead.get(&format!("/api/templates/{v1}")).await.body;
    assert_eq!(
        old["status"], "retired",
        "publishing retires the previous version"
    );
    let kept = pat.get(&format!("/api/templates/{v1}")).await;
    assert_eq!(
        (kept.status, kept.body["status"].clone()),
        (StatusCode::OK, json!("retired")),
        "a retired version is still readable, for the answers given on it"
    );
    let visible: Vec<Value> = pat.get("/api/templates").await.body.as_array().unwrap().clone();
    assert_eq!(visible.iter().filter(|t| t["key"] == "practice-model").count(), 1);
    assert!(visible.iter().any(|t| t["id"] == json!(v2)));

    // A published version never changes, and the lifecycle only moves forward.
    let change = lead.put(&format!("/api/templates/{v2}"), content.clone()).await;
    assert_eq!(change.status, StatusCode::CONFLICT);
    assert_eq!(
        change.body["fields"]["status"][0],
        "A published or retired version never changes: make a new version instead"
    );
    let back = lead
        .post(
            &format!("/api/templates/{v1}/status"),
            json!({"status": "published"}),
        )
        .await;
    assert_eq!(back.status, StatusCode::CONFLICT);
    let retired = lead
        .post(
            &format!("/api/templates/{v2}/status"),
            json!({"status": "retired"}),
        )
        .await;
    assert_eq!(retired.body["status"], "retired");
    assert!(
        pat.get("/api/templates")
            .await
            .body
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["key"] != "practice-model")
    );
}

async fn problems_in_an_upload_point_at_their_place(backend: Backend) {
    let (_, mut lead, _) = install(backend).await;
    let bad = json!({
        "key": "Practice Model", "kind": "self_assessment", "title": "",
        "domains": [
            {"key": "a", "title": "A", "statements": [{"key": "a.one", "text": "One"}, {"key": "a.one", "text": " "}]},
            {"key": "b", "title": "", "statements": []}
        ]
    });
    let answer = lead.post("/api/templates", bad).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = &answer.body["fields"];
    assert!(fields["key"].is_array());
    assert_eq!(fields["title"][0], "Enter a title");
    assert_eq!(
        fields["domains[0].statements[1].key"][0],
        "Each statement needs its own key"
    );
    assert_eq!(fields["domains[0].statements[1].text"][0], "Enter the statement");
    assert_eq!(fields["domains[1].title"][0], "Enter a domain title");
    assert_eq!(fields["domains[1].statements"][0], "Add at least one statement");
    let unknown = lead
        .post(
            "/api/templates",
            json!({"key": "x", "kind": "self_assessment", "title": "X", "domains": [], "colour": "red"}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.body["code"], "invalid_body");
    assert_eq!(
        lead.get("/api/templates").await.body.as_array().unwrap().len(),
        2,
        "nothing stored"
    );
}

async fn only_editors_write_templates(backend: Backend) {
    let (mut admin, _, mut pat) = install(backend).await;
    let content = json!({"key": "t", "kind": "case_file_audit", "title": "T",
        "domains": [{"key": "d", "title": "D", "statements": [{"key": "d.s", "text": "S"}]}]});
    let refused = pat.post("/api/templates", content.clone()).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let made = admin.post("/api/templates", content.clone()).await;
    assert_eq!(made.status, StatusCode::CREATED, "administrators may too");
    let id = made.body["id"].as_str().unwrap();
    assert_eq!(
        pat.put(&format!("/api/templates/{id}"), content).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        pat.post(
            &format!("/api/templates/{id}/status"),
            json!({"status": "published"})
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        admin
            .get(&format!("/api/templates/{}", shared::TemplateId::new()))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

macro_rules! on_both_backends {
    ($($scenario:ident),* $(,)?) => {
        mod sqlite {
            $( #[tokio::test] async fn $scenario() { super::$scenario(super::Backend::Sqlite).await } )*
        }
        mod postgres {
            $( #[tokio::test] async fn $scenario() { super::$scenario(super::Backend::Postgres).await } )*
        }
    };
}

on_both_backends!(
    the_lifecycle_of_a_new_version,
    problems_in_an_upload_point_at_their_place,
    only_editors_write_templates
);
