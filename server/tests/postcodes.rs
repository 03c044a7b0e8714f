//! The council's postcode table on both backends: commissioners (only) import it as CSV, whole
//! or not at all; devices fetch it; searches near a postcode come nearest first, in the order
//! a device puts them offline; the ORUK feed's `postcode` and `proximity` find places near one.

use crate::common;

use axum::http::{Method, StatusCode};
use common::directory::{bare, organization, place};
use common::{Backend, Client, PASSWORD, on_both_backends, user_json};
use serde_json::{Value, json};
use shared::api::directory::{ChangeSource, PostcodeTable, Snapshot};
use shared::directory::copy::DirectoryCopy;
use shared::directory::postcodes::Postcodes;
use shared::directory::search::finding::Finding;
use shared::directory::{Location, ServiceAtLocation};

const TABLE: &str =
    "postcode,latitude,longitude\nBD21 3LZ,53.868,-1.910\nls29 9dz,53.925,-1.822\nBD1 1AA,53.795,-1.752\n";

struct World {
    casey: Client,
    pat: Client,
}

fn at(name: &str, latitude: f64, longitude: f64) -> Location {
    Location {
        latitude: Some(latitude),
        longitude: Some(longitude),
        ..place(name, &[])
    }
}

/// Four services: in Keighley, in Ilkley, in Bradford, and one at a refuge (no position).
async fn world(backend: Backend) -> World {
    let state = common::state(common::database(backend).await, Default::default());
    common::seed_admin(&state, "root@example.org").await;
    let org = organization("Near and Far (fictional)");
    let mut refuge = place("Refuge (address withheld)", &[]);
    refuge.confidential = true;
    refuge.addresses.clear();
    refuge.latitude = None;
    refuge.longitude = None;
    let places = [
        at("Keighley hall (fictional)", 53.867, -1.911),
        at("Ilkley hall (fictional)", 53.925, -1.822),
        at("Bradford hall (fictional)", 53.795, -1.752),
        refuge,
    ];
    let services: Vec<_> = [
        "Walk in Keighley",
        "Walk in Ilkley",
        "Walk in Bradford",
        "Walk from the refuge",
    ]
    .iter()
    .zip(&places)
    .map(|(name, location)| shared::directory::Service {
        service_at_locations: vec![ServiceAtLocation {
            id: common::directory::id(),
            location_id: location.id,
            schedules: vec![],
        }],
        ..bare(name, &org)
    })
    .collect();
    state
        .store
        .directory()
        .write_directory(
            &server::store::directory::DirectoryBatch {
                organizations: vec![org],
                locations: places.to_vec(),
                services,
                ..Default::default()
            },
            server::store::directory::ChangedBy {
                user: None,
                source: ChangeSource::Import,
            },
        )
        .await
        .unwrap();
    let mut admin = Client::new(state);
    admin.sign_in("root@example.org", PASSWORD).await;
    for (email, role) in [
        ("casey@example.org", "commissioner"),
        ("pat@example.org", "practitioner"),
    ] {
        let made = admin.post("/api/users", user_json(email, &[role])).await;
        assert_eq!(made.status, StatusCode::CREATED);
    }
    let (mut casey, mut pat) = (admin.another(), admin.another());
    casey.first_sign_in("casey@example.org").await;
    pat.first_sign_in("pat@example.org").await;
    World { casey, pat }
}

async fn import(client: &mut Client, csv: &str) -> common::Answer {
    client
        .send_text(Method::PUT, "/api/directory/postcodes", "text/csv", csv)
        .await
}

fn names(page: &Value) -> Vec<String> {
    page["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn commissioners_import_the_table_whole_or_not_at_all(backend: Backend) {
    let World { mut casey, mut pat } = world(backend).await;
    let none = pat.get("/api/directory/postcodes").await;
    assert_eq!(none.status, StatusCode::OK);
    assert_eq!(none.body, json!({"imported_at": null, "postcodes": []}));

    assert_eq!(import(&mut pat, TABLE).await.status, StatusCode::FORBIDDEN);
    let json_body = casey
        .send_text(Method::PUT, "/api/directory/postcodes", "application/json", "{}")
        .await;
    assert_eq!(json_body.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let done = import(&mut casey, TABLE).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert_eq!(done.body["postcodes"], 3);
    assert_eq!(done.body["without_position"], 0);

    // One bad line: every problem listed by line, and the table as it was.
    let bad = import(
        &mut casey,
        "postcode,latitude,longitude\nBD21 3LZ,53.9,-1.9\nnonsense,53.8,-1.7\nBD2 2AA,-1.7,53.8\n",
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problems: Vec<&str> = bad.body["fields"]["file"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].starts_with("Line 3:") && problems[1].starts_with("Line 4:"));

    let table = pat.get("/api/directory/postcodes").await;
    assert_eq!(table.status, StatusCode::OK);
    let table: PostcodeTable = serde_json::from_value(table.body).unwrap();
    let written: Vec<(&str, f64)> = table.postcodes.iter().map(|r| (r.0.as_str(), r.1)).collect();
    assert_eq!(
        written,
        [("BD1 1AA", 53.795), ("BD21 3LZ", 53.868), ("LS29 9DZ", 53.925)]
    );
    let snapshot: Snapshot = serde_json::from_value(pat.get("/api/directory/snapshot").await.body).unwrap();
    assert_eq!(
        snapshot.postcodes_at, table.imported_at,
        "devices learn of a new table from the snapshot"
    );
    assert!(table.imported_at.is_some());

    // A new table replaces the old one whole.
    let again = import(&mut casey, "pcds,lat,long\nBD21 3LZ,53.868,-1.910\n").await;
    assert_eq!(again.status, StatusCode::OK);
    let table: PostcodeTable =
        serde_json::from_value(pat.get("/api/directory/postcodes").await.body).unwrap();
    assert_eq!(table.postcodes.len(), 1);
}

async fn searches_near_a_postcode_come_nearest_first_as_on_a_device(backend: Backend) {
    let World { mut casey, mut pat } = world(backend).await;
    assert_eq!(import(&mut casey, TABLE).await.status, StatusCode::OK);
    let near = pat
        .get("/api/directory/services?search=walk&near=ls29%209dz")
        .await;
    assert_eq!(near.status, StatusCode::OK, "{:?}", near.body);
    let server_order = names(&near.body);
    assert_eq!(
        server_order,
        [
            "Walk in Ilkley",
            "Walk in Keighley",
            "Walk in Bradford",
            "Walk from the refuge"
        ],
        "the refuge has no position to measure: last"
    );
    let bradford = pat.get("/api/directory/services?near=BD1%201AA").await;
    assert_eq!(names(&bradford.body)[0], "Walk in Bradford");
    let place = pat.get("/api/directory/services?near=Keighley").await;
    assert_eq!(names(&place.body)[0], "Walk in Keighley");

    // The device, offline, from its copy and its copy of the table: the same order.
    let snapshot: Snapshot = serde_json::from_value(pat.get("/api/directory/snapshot").await.body).unwrap();
    let table: PostcodeTable =
        serde_json::from_value(pat.get("/api/directory/postcodes").await.body).unwrap();
    let mut copy = DirectoryCopy::new(snapshot);
    copy.postcodes = Postcodes::new(&table);
    let finding = Finding {
        words: "walk".into(),
        near: "ls29 9dz".into(),
        ..Finding::default()
    };
    let now = chrono::Utc::now().naive_utc();
    let query = finding.query_on(now, Some(&copy.postcodes)).unwrap();
    let point = finding.point(&copy.postcodes).unwrap();
    let device_order: Vec<String> = copy
        .nearest_first(copy.find(&query, now.date()), point)
        .into_iter()
        .map(|(s, _)| s.name.clone())
        .collect();
    assert_eq!(device_order, server_order);

    let unknown = pat.get("/api/directory/services?near=BD99%209ZZ").await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown.body["fields"]["near"][0]
            .as_str()
            .unwrap()
            .starts_with("BD99 9ZZ is not")
    );
}

async fn the_feed_finds_places_within_a_distance_of_a_postcode(backend: Backend) {
    let World { mut casey, .. } = world(backend).await;
    assert_eq!(import(&mut casey, TABLE).await.status, StatusCode::OK);
    let mut public = casey.another();
    let place_names = |page: &Value| -> Vec<String> {
        page["contents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["service"]["name"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    // Keighley to Ilkley is about 9 km, to Bradford about 16 km.
    let within = public
        .get("/oruk/service_at_locations?postcode=BD21%203LZ&proximity=10000")
        .await;
    assert_eq!(within.status, StatusCode::OK, "{:?}", within.body);
    assert_eq!(place_names(&within.body), ["Walk in Keighley", "Walk in Ilkley"]);
    assert_eq!(within.body["total_items"], 2);
    let all = public.get("/oruk/service_at_locations?postcode=BD21%203LZ").await;
    assert_eq!(
        place_names(&all.body),
        [
            "Walk in Keighley",
            "Walk in Ilkley",
            "Walk in Bradford",
            "Walk from the refuge"
        ]
    );
    let paged = public
        .get("/oruk/service_at_locations?postcode=BD21%203LZ&per_page=1&page=2")
        .await;
    assert_eq!(place_names(&paged.body), ["Walk in Ilkley"]);
    assert_eq!(paged.body["total_pages"], 4);

    for bad in [
        "/oruk/service_at_locations?postcode=BD99%209ZZ",
        "/oruk/service_at_locations?postcode=nowhere",
        "/oruk/service_at_locations?proximity=1000",
        "/oruk/service_at_locations?postcode=BD21%203LZ&proximity=far",
    ] {
        assert_eq!(public.get(bad).await.status, StatusCode::BAD_REQUEST, "{bad}");
    }
}

on_both_backends!(
    commissioners_import_the_table_whole_or_not_at_all,
    searches_near_a_postcode_come_nearest_first_as_on_a_device,
    the_feed_finds_places_within_a_distance_of_a_postcode,
);
