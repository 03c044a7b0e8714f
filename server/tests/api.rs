//! The API's contract: health, OpenAPI, stable error bodies for bad input, and role checks on
//! every route, through `app(state)` with `oneshot`.

use crate::common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{Backend, Client, PASSWORD, admin_client, user_json};
use serde_json::{Value, json};

fn assert_error_body(body: &Value, code: &str) {
    assert_eq!(body["code"], code, "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert!(body["fields"].is_object(), "{body}");
}

/// The public learns only that the server is up; an administrator also sees the backend, the
/// schema and the version.
async fn health(backend: Backend) {
    let db = common::database(backend).await;
    let state = common::state(db, Default::default());
    common::seed_admin(&state, "root@example.org").await;
    let mut client = Client::new(state);
    let health = client.get("/api/health").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(
        health.body,
        serde_json::json!({"status": "ok"}),
        "nothing to fingerprint"
    );
    assert_eq!(health.headers[header::CACHE_CONTROL], "no-store");
    assert!(
        health.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    client.sign_in("root@example.org", common::PASSWORD).await;
    let health = client.get("/api/health").await;
    let (name, latest) = match backend {
        Backend::Sqlite => ("sqlite", server::store::Backend::Sqlite.latest_migration()),
        Backend::Postgres => ("postgres", server::store::Backend::Postgres.latest_migration()),
    };
    assert_eq!(health.body["details"]["backend"], name);
    assert_eq!(health.body["details"]["schema_version"], latest);
    assert_eq!(health.body["details"]["version"], env!("CARGO_PKG_VERSION"));
}

/// A request that takes longer than the server's limit is answered `timed_out` (503, the usual
/// JSON body), and its work still finishes in its own task, whole.
async fn a_slow_request_is_answered_and_its_work_still_finishes(backend: Backend) {
    let db = common::database(backend).await;
    let state = common::state(db, Default::default());
    common::seed_admin(&state, "root@example.org").await;
    let mut client = Client::new(state.clone());
    client.sign_in("root@example.org", PASSWORD).await;
    // The same server with a millisecond to spare: making a user hashes their password (argon2id
    // takes many milliseconds), so the answer cannot come in time.
    let mut hurried_state = state.clone();
    hurried_state.settings = std::sync::Arc::new(server::state::Settings {
        request_timeout: std::time::Duration::from_millis(1),
        ..(*state.settings).clone()
    });
    let mut hurried = Client::new(hurried_state);
    hurried.cookie = client.cookie.clone();
    let answer = hurried
        .post("/api/users", user_json("late@example.org", &["practitioner"]))
        .await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE, "{}", answer.body);
    assert_error_body(&answer.body, "timed_out");
    let mut made = false;
    for _ in 0..50 {
        let users = client.get("/api/users").await.body;
        made = users
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["email"] == "late@example.org");
        if made {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(made, "the user was made though the answer was late");
}

/// Bodies are limited (2 MB for JSON; feed and postcode uploads have their own limit): a larger
/// one is refused with the usual JSON error, before anything is parsed.
#[tokio::test]
async fn a_body_too_large_is_refused_with_a_json_error() {
    let mut client = common::admin_client(Backend::Sqlite).await;
    let padding = "x".repeat(3 * 1024 * 1024);
    let answer = client
        .post(
            "/api/teams",
            json!({"name": padding, "service_area": "Hospital", "active": true}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_error_body(&answer.body, "invalid_body");
}

common::on_both_backends!(health, a_slow_request_is_answered_and_its_work_still_finishes);

#[tokio::test]
async fn unknown_api_paths_and_methods_get_json_errors() {
    let mut client = Client::sqlite().await;
    for path in ["/api/nope", "/api", "/api/users/extra/deep"] {
        let answer = client.get(path).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        assert_error_body(&answer.body, "not_found");
    }
    let wrong_method = client.call(Method::DELETE, "/api/health", None).await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_error_body(&wrong_method.body, "invalid_body");
}

#[tokio::test]
async fn malformed_and_incomplete_bodies_get_4xx_with_the_error_body() {
    let mut admin = admin_client(Backend::Sqlite).await;
    let raw = |body: &'static str, content_type: &'static str| {
        Request::builder()
            .method(Method::POST)
            .uri("/api/users")
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap()
    };
    let broken = admin.send(raw("{\"email\": ", "application/json")).await;
    assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_error_body(&broken.body, "invalid_body");
    assert_eq!(broken.body["message"], "The request body is not valid JSON");

    let not_json = admin
        .send(raw("email=a", "application/x-www-form-urlencoded"))
        .await;
    assert_eq!(not_json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_error_body(&not_json.body, "invalid_body");

    let missing = admin.post("/api/users", json!({"email": "a@b.org"})).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_error_body(&missing.body, "invalid_body");
    assert!(
        missing.body["message"]
            .as_str()
            .unwrap()
            .contains("missing field"),
        "{}",
        missing.body
    );

    let mut wizard = user_json("w@example.org", &["practitioner"]);
    wizard["roles"] = json!(["wizard"]);
    let unknown_role = admin.post("/api/users", wizard).await;
    assert_eq!(unknown_role.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_error_body(&unknown_role.body, "invalid_body");
    assert!(
        unknown_role.body["message"]
            .as_str()
            .unwrap()
            .contains("unknown variant `wizard`")
    );

    let wrong_type = admin
        .post("/api/teams", json!({"name": 7, "service_area": "x"}))
        .await;
    assert_eq!(wrong_type.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong_type.body["fields"]["name"].is_array(),
        "the failing field is named: {}",
        wrong_type.body
    );

    let bad_id = admin.get("/api/users/not-a-uuid").await;
    assert_eq!(bad_id.status, StatusCode::NOT_FOUND);
    assert_error_body(&bad_id.body, "not_found");

    assert_eq!(
        admin.get("/api/users").await.body.as_array().unwrap().len(),
        1,
        "nothing was stored"
    );
}

#[tokio::test]
async fn validation_errors_name_each_field() {
    let mut admin = admin_client(Backend::Sqlite).await;
    let answer = admin
        .post(
            "/api/users",
            json!({"email": "nope", "display_name": " ", "roles": [], "password": "short"}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_error_body(&answer.body, "validation_failed");
    let fields = &answer.body["fields"];
    assert_eq!(
        fields["email"][0],
        "Enter an email address in the correct format, like name@example.com"
    );
    assert_eq!(fields["display_name"][0], "Enter a name");
    assert_eq!(fields["roles"][0], "Select at least one role");
    assert_eq!(fields["password"][0], "Password must be 12 characters or more");
}

#[tokio::test]
async fn an_admin_creates_a_user_who_can_then_sign_in() {
    let mut admin = admin_client(Backend::Sqlite).await;
    let team = admin
        .post(
            "/api/teams",
            json!({"name": "Keighley", "service_area": "Access and Prevention"}),
        )
        .await;
    assert_eq!(team.status, StatusCode::CREATED);
    let mut body = user_json(" New.Person@Example.org ", &["practitioner", "team_manager"]);
    body["team_id"] = team.body["id"].clone();
    body["pcf_level"] = json!("newly_qualified");
    let created = admin.post("/api/users", body.clone()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["email"], "new.person@example.org");
    assert_eq!(created.body["roles"], json!(["practitioner", "team_manager"]));
    assert_eq!(created.body["team_id"], team.body["id"]);

    let dup = admin.post("/api/users", body).await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert_error_body(&dup.body, "conflict");
    assert_eq!(
        dup.body["fields"]["email"][0],
        "A user with that email address already exists"
    );

    let mut person = admin.another();
    let signed_in = person.sign_in("new.person@example.org", PASSWORD).await;
    assert_eq!(signed_in.status, StatusCode::OK);
    assert_eq!(signed_in.body["pcf_level"], "newly_qualified");
    // The account names the team, so the app's home page needs no second request.
    let named = json!({"id": team.body["id"], "name": "Keighley", "service_area": "Access and Prevention"});
    assert_eq!(signed_in.body["team"], named);
    assert_eq!(person.get("/api/auth/me").await.body["team"], named);
    assert!(
        signed_in.body.get("created_at").is_none(),
        "only what the app needs"
    );
    assert_eq!(
        person.get("/api/users").await.status,
        StatusCode::FORBIDDEN,
        "practitioners cannot list users"
    );
}

#[tokio::test]
async fn admins_edit_profiles_but_cannot_lock_themselves_out() {
    let mut admin = admin_client(Backend::Sqlite).await;
    let me = admin.get("/api/auth/me").await.body;
    let id = me["id"].as_str().unwrap();
    let mut profile = me.clone();
    profile["roles"] = json!(["practitioner"]);
    profile["active"] = json!(false);
    let refused = admin.put(&format!("/api/users/{id}"), profile).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.body["fields"]["roles"][0],
        "You cannot remove your own administrator role"
    );
    assert_eq!(
        refused.body["fields"]["active"][0],
        "You cannot deactivate your own account"
    );

    let created = admin
        .post("/api/users", user_json("pat@example.org", &["practitioner"]))
        .await
        .body;
    let pat = created["id"].as_str().unwrap();
    let mut edit = created.clone();
    edit["roles"] = json!(["commissioner", "workforce_lead"]);
    edit["display_name"] = json!("Pat Renamed");
    edit["pcf_level"] = json!("experienced");
    let edited = admin.put(&format!("/api/users/{pat}"), edit.clone()).await;
    assert_eq!(edited.status, StatusCode::OK);
    assert_eq!(edited.body["roles"], json!(["commissioner", "workforce_lead"]));
    assert_eq!(
        admin.get(&format!("/api/users/{pat}")).await.body["display_name"],
        "Pat Renamed"
    );

    edit["team_id"] = json!(shared::TeamId::new());
    let no_team = admin.put(&format!("/api/users/{pat}"), edit).await;
    assert_eq!(no_team.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_team.body["fields"]["team_id"][0], "Select a team that exists");
    let missing = admin.get(&format!("/api/users/{}", shared::UserId::new())).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn teams_are_listed_created_renamed_and_retired() {
    let mut admin = admin_client(Backend::Sqlite).await;
    let made = admin
        .post(
            "/api/teams",
            json!({"name": " Hospital ", "service_area": "Hospital Social Work"}),
        )
        .await;
    assert_eq!(made.body["name"], "Hospital");
    let id = made.body["id"].as_str().unwrap();
    let dup = admin
        .post("/api/teams", json!({"name": "Hospital", "service_area": "Other"}))
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert_eq!(
        dup.body["fields"]["name"][0],
        "A team with that name already exists"
    );
    let empty = admin
        .post("/api/teams", json!({"name": "", "service_area": ""}))
        .await;
    assert_eq!(empty.body["fields"]["name"][0], "Enter a team name");
    let retired = admin
        .put(
            &format!("/api/teams/{id}"),
            json!({"name": "Hospital Team", "service_area": "Hospital", "active": false}),
        )
        .await;
    assert_eq!(retired.status, StatusCode::OK);
    assert_eq!(retired.body["active"], false);
    let list = admin.get("/api/teams").await.body;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["name"], "Hospital Team");
}

/// Every route refuses callers without the right role, on the server.
#[tokio::test]
async fn every_route_checks_the_callers_role() {
    let mut admin = admin_client(Backend::Sqlite).await;
    let target = admin
        .post("/api/users", user_json("target@example.org", &["practitioner"]))
        .await
        .body;
    let team = admin
        .post("/api/teams", json!({"name": "T", "service_area": "S"}))
        .await
        .body;
    let (uid, tid) = (
        target["id"].as_str().unwrap().to_owned(),
        team["id"].as_str().unwrap().to_owned(),
    );
    let admin_only: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/api/users".into(), None),
        (
            Method::POST,
            "/api/users".into(),
            Some(user_json("x@example.org", &["admin"])),
        ),
        (Method::GET, format!("/api/users/{uid}"), None),
        (Method::PUT, format!("/api/users/{uid}"), Some(target.clone())),
        (
            Method::PUT,
            format!("/api/users/{uid}/password"),
            Some(json!({"password": "another long one"})),
        ),
        (
            Method::POST,
            "/api/teams".into(),
            Some(json!({"name": "U", "service_area": "S"})),
        ),
        (
            Method::PUT,
            format!("/api/teams/{tid}"),
            Some(json!({"name": "U", "service_area": "S"})),
        ),
    ];
    let signed_in_only: Vec<(Method, String)> = vec![
        (Method::GET, "/api/auth/me".into()),
        (Method::GET, "/api/teams".into()),
        (Method::GET, format!("/api/teams/{tid}")),
    ];

    for role in ["practitioner", "team_manager", "commissioner", "workforce_lead"] {
        let email = format!("{role}@example.org");
        admin.post("/api/users", user_json(&email, &[role])).await;
        let mut caller = admin.another();
        assert_eq!(caller.first_sign_in(&email).await.status, StatusCode::OK);
        for (method, path, body) in &admin_only {
            let answer = caller.call(method.clone(), path, body.clone()).await;
            assert_eq!(answer.status, StatusCode::FORBIDDEN, "{role} {method} {path}");
            assert_error_body(&answer.body, "forbidden");
        }
        for (method, path) in &signed_in_only {
            assert_eq!(
                caller.call(method.clone(), path, None).await.status,
                StatusCode::OK,
                "{role} {path}"
            );
        }
    }
    let mut anonymous = admin.another();
    for (method, path, body) in &admin_only {
        let answer = anonymous.call(method.clone(), path, body.clone()).await;
        assert_eq!(
            answer.status,
            StatusCode::UNAUTHORIZED,
            "anonymous {method} {path}"
        );
    }
    for (method, path) in &signed_in_only {
        assert_eq!(
            anonymous.call(method.clone(), path, None).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    // Nothing the refused calls tried was stored.
    assert_eq!(admin.get("/api/users").await.body.as_array().unwrap().len(), 6);
    assert_eq!(admin.get("/api/teams").await.body.as_array().unwrap().len(), 1);
}

/// The OpenAPI document served is the one the router builds (utoipa-axum registers each handler
/// and its documentation together), and every operation in it is really routed.
#[tokio::test]
async fn openapi_document_matches_the_router() {
    let mut admin = admin_client(Backend::Sqlite).await;
    let doc = admin.get("/api/openapi.json").await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(doc.body["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(doc.body["info"]["title"], "Touchstone API");
    let operations_of = |doc: &Value| -> Vec<String> {
        let mut found: Vec<String> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(path, item)| {
                item.as_object()
                    .unwrap()
                    .keys()
                    .map(move |m| format!("{} {path}", m.to_uppercase()))
            })
            .collect();
        found.sort();
        found
    };
    let operations = operations_of(&doc.body);
    let (_, built) = server::routes::api().split_for_parts();
    let built = serde_json::to_value(built).unwrap();
    assert_eq!(
        operations,
        operations_of(&built),
        "the document served is the router's"
    );
    assert!(!operations.is_empty());
    for op in operations {
        let (method, path) = op.split_once(' ').unwrap();
        let path = path.replace("{id}", &shared::UserId::new().to_string());
        let body = (method != "GET").then(|| json!({}));
        let answer = admin.call(common::method(method), &path, body).await;
        // A routed operation may refuse the empty body or the unknown id, but not as "no such route".
        let unrouted = answer.body["message"] == "API route not found"
            || answer.status == StatusCode::METHOD_NOT_ALLOWED;
        assert!(!unrouted, "{op} is documented but not routed: {}", answer.body);
        if path.ends_with("sign-out") {
            admin.sign_in("root@example.org", PASSWORD).await;
        }
    }
}

/// The document says where each parameter goes (a query parameter described as a path one sent
/// fuzzers astray), names each schema once (two `Change`s once shared a name, and the sync
/// answer was described as the results' one), and lists the answers every route can give.
#[tokio::test]
async fn openapi_document_describes_parameters_and_answers_as_served() {
    let mut admin = admin_client(Backend::Sqlite).await;
    let doc = admin.get("/api/openapi.json").await.body;
    let paths = doc["paths"].as_object().unwrap();
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let name = parameter["name"].as_str().unwrap();
                let in_path = path.contains(&format!("{{{name}}}"));
                assert_eq!(
                    parameter["in"] == "path",
                    in_path,
                    "{method} {path}: `{name}` is declared `in: {}`",
                    parameter["in"]
                );
            }
            let answers = operation["responses"].as_object().unwrap();
            assert!(answers.contains_key("503"), "{method} {path} can time out");
            if operation.get("requestBody").is_some() {
                for status in ["413", "415", "422"] {
                    assert!(
                        answers.contains_key(status),
                        "{method} {path} takes a body: {status}"
                    );
                }
            }
        }
    }
    let pull = &doc["paths"]["/api/sync/pull"]["get"]["responses"]["200"];
    let sync_answer = pull["content"]["application/json"]["schema"]["$ref"]
        .as_str()
        .unwrap();
    let changes =
        &doc["components"]["schemas"][sync_answer.rsplit('/').next().unwrap()]["properties"]["changes"];
    assert_eq!(changes["items"]["$ref"], "#/components/schemas/SyncChange");
    let limit = doc["paths"]["/api/sync/pull"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "limit")
        .unwrap();
    assert_eq!(
        limit["schema"]["maximum"],
        u32::MAX,
        "a u32 is read whole: {limit}"
    );
}
