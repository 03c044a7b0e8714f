//! The public ORUK 3.0 feed at `/oruk/`: every endpoint's answers validated against the
//! published schemas (read from `../shared/oruk/` at test time), the validator's pagination
//! checks, CORS, no sign-in, no empty values, and what it leaves out.

use crate::common;

use axum::http::StatusCode;
use chrono::Utc;
use common::directory::{bare, full, organization, place};
use common::oruk::{assert_no_empties, assert_valid};
use common::{Answer, Backend, Client, on_both_backends};
use serde_json::Value;
use server::state::Settings;
use server::store::directory::{ChangedBy, DirectoryBatch};
use shared::api::directory::ChangeSource;
use shared::directory::{Service, ServiceAtLocation, ServiceStatus};

struct Feed {
    client: Client,
    services: Vec<Service>,
    defunct: Service,
    refuge_service: Service,
}

/// A directory of 13 listed services (one whole, one at a refuge, eleven plain) and a defunct one.
async fn feed(backend: Backend) -> Feed {
    let state = common::state(common::database(backend).await, Settings::default());
    let org = organization("Keighley Community Trust (fictional)");
    let mut org2 = organization("Shipley Carers (fictional)");
    org2.charity_number = Some("1234567".into());
    let library = place(
        "Keighley Library (fictional)",
        &["Hearing loop", "Step-free access"],
    );
    let mut refuge = place("Refuge (address withheld)", &[]);
    refuge.confidential = true;
    refuge.addresses.clear();
    refuge.latitude = None;
    refuge.longitude = None;
    let mut services = vec![full("Memory café", &org, &library)];
    let mut refuge_service = bare("Safe accommodation", &org2);
    refuge_service.service_at_locations = vec![ServiceAtLocation {
        id: common::directory::id(),
        location_id: refuge.id,
        schedules: vec![],
    }];
    refuge_service.assured_date = Some(Utc::now().date_naive());
    refuge_service.assurer_email = Some("checker@example.org".into());
    services.push(refuge_service.clone());
    for i in 0..11 {
        services.push(bare(
            &format!("Community group {i:02}"),
            if i % 2 == 0 { &org } else { &org2 },
        ));
    }
    let mut defunct = bare("Closed lunch club", &org);
    defunct.status = ServiceStatus::Defunct;
    let mut all = services.clone();
    all.push(defunct.clone());
    state
        .store
        .directory()
        .write_directory(
            &DirectoryBatch {
                organizations: vec![org, org2],
                locations: vec![library, refuge],
                services: all,
                ..DirectoryBatch::default()
            },
            ChangedBy {
                user: None,
                source: ChangeSource::Import,
            },
        )
        .await
        .unwrap();
    Feed {
        client: Client::new(state),
        services,
        defunct,
        refuge_service,
    }
}

/// A feed answer: 200, JSON, CORS open to all, nothing empty.
fn ok(answer: &Answer, path: &str) {
    assert_eq!(answer.status, StatusCode::OK, "{path}: {:?}", answer.body);
    assert_eq!(
        answer
            .headers
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap()),
        Some("*"),
        "{path}"
    );
    assert!(
        answer.headers[axum::http::header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "{path}"
    );
    assert_no_empties(&answer.body, path);
}

fn ids(body: &Value) -> Vec<String> {
    body["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn every_endpoint_passes_the_published_schemas(backend: Backend) {
    let Feed {
        mut client, services, ..
    } = feed(backend).await;

    let root = client.get("/oruk").await;
    ok(&root, "/oruk");
    assert_valid("api_details.json", &root.body);
    assert_eq!(root.body["version"], "HSDS-UK-3.0");
    assert_eq!(client.get("/oruk/").await.body, root.body);

    let list = client.get("/oruk/services").await;
    ok(&list, "/oruk/services");
    assert_valid("service_list.json", &list.body);
    // The validator tests up to 10 services from the first page as full services.
    for id in ids(&list.body).iter().take(10) {
        let path = format!("/oruk/services/{id}");
        let service = client.get(&path).await;
        ok(&service, &path);
        assert_valid("service.json", &service.body);
    }
    // The whole one, with every part, too.
    let cafe = services.iter().find(|s| s.name == "Memory café").unwrap();
    let path = format!("/oruk/services/{}", cafe.id);
    let whole = client.get(&path).await;
    ok(&whole, &path);
    assert_valid("service.json", &whole.body);
    let body = &whole.body;
    for part in [
        "schedules",
        "service_areas",
        "service_at_locations",
        "languages",
        "cost_options",
        "contacts",
        "attributes",
    ] {
        assert!(
            body[part].as_array().is_some_and(|a| !a.is_empty()),
            "{part} in {body:#}"
        );
    }
    assert_eq!(body["attributes"][0]["taxonomy_term"]["name"], "Memory cafés");
    assert_eq!(
        body["organization"]["name"],
        "Keighley Community Trust (fictional)"
    );
    let place_schedule = body["schedules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s.get("service_at_location_id").is_some())
        .expect("the place's own opening times");
    assert_eq!(place_schedule["byday"], "TH");
    assert_eq!(place_schedule["description"], "Thursdays, 14:00 to 16:00");
    let address = &body["service_at_locations"][0]["location"]["addresses"][0];
    assert_eq!(address["postal_code"], "BD21 3SX");
    assert_valid("address.json", address);

    // The optional endpoints, each list and one of each by id.
    for (list_path, list_schema, item_schema) in [
        ("/oruk/taxonomies", "taxonomy_list.json", "taxonomy.json"),
        (
            "/oruk/taxonomy_terms",
            "taxonomy_term_list.json",
            "taxonomy_term.json",
        ),
        (
            "/oruk/organizations",
            "organization_list.json",
            "organization.json",
        ),
        (
            "/oruk/service_at_locations",
            "service_at_location_list.json",
            "service_at_location.json",
        ),
    ] {
        let list = client.get(list_path).await;
        ok(&list, list_path);
        assert_valid(list_schema, &list.body);
        let first = ids(&list.body)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{list_path} is empty"));
        let path = format!("{list_path}/{first}");
        let one = client.get(&path).await;
        ok(&one, &path);
        assert_valid(item_schema, &one.body);
    }
    let orgs = client.get("/oruk/organizations").await;
    let identifier = orgs.body["contents"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|o| o.get("organization_identifiers"))
        .expect("the charity number as an identifier");
    assert_eq!(identifier[0]["identifier"], "1234567");
    let top = client
        .get("/oruk/taxonomy_terms?top_only=true&per_page=100")
        .await;
    let shipped_top = shared::directory::taxonomy::shipped().top_level().count();
    assert_eq!(
        top.body["total_items"], shipped_top,
        "the shipped taxonomy's top level"
    );
    assert!(
        top.body["contents"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t.get("parent_id").is_none())
    );
}

/// The ORUK validator's pagination checks (generation A, `PaginationTestingService`): per
/// page 5, the first, middle and last pages.
async fn pages_pass_the_validators_pagination_checks(backend: Backend) {
    let Feed {
        mut client, services, ..
    } = feed(backend).await;
    let first = client.get("/oruk/services?per_page=5&page=1").await;
    let total_pages = first.body["total_pages"].as_u64().unwrap();
    assert_eq!(
        first.body["total_items"],
        services.len() as u64,
        "listed services only"
    );
    assert_eq!(total_pages, 3);
    let mut seen = Vec::new();
    for page in 1..=total_pages + 1 {
        // Generation A asks with a trailing slash.
        let path = format!("/oruk/services/?per_page=5&page={page}");
        let answer = client.get(&path).await;
        ok(&answer, &path);
        assert_valid("service_list.json", &answer.body);
        let b = &answer.body;
        let len = b["contents"].as_array().unwrap().len() as u64;
        assert_eq!(b["first_page"], page == 1, "{path}");
        assert_eq!(b["last_page"], page >= total_pages, "{path}");
        assert_eq!(b["empty"], len == 0, "{path}");
        assert_eq!(b["size"], len, "{path}: size is what the page holds");
        assert_eq!(b["page_number"], page, "{path}");
        if b["last_page"] == false {
            assert_eq!(len, 5, "{path}");
        }
        seen.extend(ids(b));
    }
    let unique: std::collections::BTreeSet<_> = seen.iter().collect();
    assert_eq!(
        unique.len(),
        services.len(),
        "every service once across the pages"
    );

    // Generation B: `page` alone, the server's own page size.
    let default = client.get("/oruk/services?page=1").await;
    ok(&default, "?page=1");
    assert_eq!(default.body["size"], services.len() as u64);
    assert_eq!(default.body["total_pages"], 1);
}

async fn the_feed_is_open_and_says_what_is_wrong(backend: Backend) {
    let Feed {
        mut client,
        defunct,
        refuge_service,
        ..
    } = feed(backend).await;
    // No sign-in: the client has no session. CORS answers a preflight from anywhere.
    let preflight = client
        .send(
            axum::http::Request::builder()
                .method("OPTIONS")
                .uri("/oruk/services")
                .header("origin", "https://validator.openreferraluk.org")
                .header("access-control-request-method", "GET")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert!(preflight.status.is_success(), "{:?}", preflight.status);
    assert_eq!(preflight.headers["access-control-allow-origin"], "*");

    // Defunct: out of the list, still answered by id (history), with its status.
    let list = client.get("/oruk/services?per_page=100").await;
    assert!(!ids(&list.body).contains(&defunct.id.to_string()));
    let gone = client.get(&format!("/oruk/services/{}", defunct.id)).await;
    ok(&gone, "defunct");
    assert_eq!(gone.body["status"], "defunct");

    // A refuge: its contact place by name, never where it is.
    let refuge = client.get(&format!("/oruk/services/{}", refuge_service.id)).await;
    ok(&refuge, "refuge");
    let location = &refuge.body["service_at_locations"][0]["location"];
    assert_eq!(location["name"], "Refuge (address withheld)");
    for hidden in ["addresses", "latitude", "longitude"] {
        assert!(location.get(hidden).is_none(), "{hidden} in {location:#}");
    }
    assert!(refuge.body["assured_date"].as_str().is_some());

    // Search and filters reach the store.
    let found = client.get("/oruk/services?search=memory%20cafe").await;
    assert_eq!(found.body["total_items"], 1);
    let aged = client.get("/oruk/services?minimum_age=10&maximum_age=10").await;
    assert!(
        !aged.body["contents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "Memory café"),
        "18 and over"
    );
    let later = client.get("/oruk/services?modified_after=2999-01-01").await;
    assert_eq!(later.body["total_items"], 0);
    ok(&later, "empty page");
    assert_valid("service_list.json", &later.body);

    // Bad input: 400 with the parameter named; unknown ids 404; both JSON, both CORS.
    for (path, field) in [
        ("/oruk/services?page=0", "page"),
        ("/oruk/services?per_page=lots", "per_page"),
        ("/oruk/services?taxonomy_term_id=dementia", "taxonomy_term_id"),
        ("/oruk/services?modified_after=yesterday", "modified_after"),
        ("/oruk/taxonomy_terms?top_only=maybe", "top_only"),
    ] {
        let answer = client.get(path).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(answer.body["code"], "invalid_body", "{path}");
        assert!(
            answer.body["fields"][field].is_array(),
            "{path}: {:?}",
            answer.body
        );
        assert_eq!(answer.headers["access-control-allow-origin"], "*");
    }
    for path in [
        "/oruk/services/not-a-uuid".to_owned(),
        format!("/oruk/services/{}", uuid::Uuid::nil()),
        format!("/oruk/organizations/{}", uuid::Uuid::nil()),
        "/oruk/elsewhere".to_owned(),
    ] {
        let answer = client.get(&path).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(answer.body["code"], "not_found", "{path}");
        assert_eq!(answer.headers["access-control-allow-origin"], "*");
    }
}

on_both_backends!(
    every_endpoint_passes_the_published_schemas,
    pages_pass_the_validators_pagination_checks,
    the_feed_is_open_and_says_what_is_wrong,
);
