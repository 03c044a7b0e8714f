//! Importing Open Referral feeds: the two real ORUK 1.0 council feeds in `../shared/oruk/`
//! (messy, real data) and the ORUK 3.0 example service, read where they are at test time. A dry
//! run stores nothing; applying stores the whole import in one go; the same feed again changes
//! nothing; what comes in passes the published schemas on the way out.

use crate::common;

use axum::http::StatusCode;
use chrono::NaiveDate;
use common::oruk::{assert_no_empties, assert_valid, shared_dir};
use common::{Backend, Client, on_both_backends};
use serde_json::Value;
use server::import::{self, ImportError};
use server::state::Settings;
use server::store::{Store, StoreError};
use shared::api::directory::{ImportReport, ProblemOutcome, ServiceQuery};

fn sample(path: &str) -> Value {
    let path = shared_dir().join("oruk/samples").join(path);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    import::parse_json(&bytes).unwrap()
}

async fn stored(store: &dyn Store) -> u64 {
    let all = ServiceQuery {
        include_inactive: true,
        per_page: 1,
        ..ServiceQuery::default()
    };
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    store
        .directory()
        .find_services(&all, today)
        .await
        .unwrap()
        .total_items
}

/// A report's problems never quote an email address: real feeds hold staff's.
fn no_emails_quoted(report: &ImportReport) {
    let email = |s: &str| {
        s.split_whitespace().any(|w| {
            w.split_once('@')
                .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'))
        })
    };
    for p in &report.problems {
        assert!(!email(&p.message) && !email(&p.record), "{p:?}");
    }
}

async fn the_real_council_feeds_import_whole(backend: Backend) {
    let db = common::database(backend).await;
    let store = db.store.as_ref();
    for (file, services) in [
        ("oruk-1.0-real-feeds/north-lincolnshire-services.json", 738),
        ("oruk-1.0-real-feeds/bristol-services.json", 819),
    ] {
        let feed = sample(file);
        let before = stored(store).await;
        let dry = import::import(store, std::slice::from_ref(&feed), true, None)
            .await
            .unwrap();
        assert_eq!(dry.format, "ORUK 1.0", "{file}");
        assert!(dry.dry_run);
        assert_eq!(dry.services_found, services, "{file}");
        assert_eq!(dry.created + dry.services_skipped, services, "{file}");
        assert_eq!(stored(store).await, before, "{file}: a dry run stores nothing");
        no_emails_quoted(&dry);
        // Their problems, by record and field: bare web addresses and HTML put right.
        let fixed_urls = dry
            .problems
            .iter()
            .filter(|p| p.field == "url" && p.outcome == ProblemOutcome::Fixed)
            .count();
        assert!(fixed_urls > 0, "{file}");
        assert!(
            dry.problems
                .iter()
                .any(|p| p.field == "description" && p.message.contains("HTML")),
            "{file}"
        );
        assert!(dry.ignored_fields.contains_key("pc_targetAudience"), "{file}");

        let applied = import::import(store, std::slice::from_ref(&feed), false, None)
            .await
            .unwrap();
        assert_eq!(
            (applied.created, applied.services_skipped),
            (dry.created, dry.services_skipped),
            "{file}"
        );
        assert_eq!(stored(store).await, before + applied.created, "{file}");

        // The same feed again: updated in place, nothing duplicated, nothing rewritten.
        let again = import::import(store, std::slice::from_ref(&feed), false, None)
            .await
            .unwrap();
        assert_eq!(
            (again.created, again.updated, again.unchanged),
            (0, 0, applied.created),
            "{file}"
        );
        assert_eq!(stored(store).await, before + applied.created);
    }

    // Bristol's broken records are named and left out, not half-stored.
    let bristol = import::import(
        store,
        &[sample("oruk-1.0-real-feeds/bristol-services.json")],
        true,
        None,
    )
    .await
    .unwrap();
    let skipped: Vec<_> = bristol
        .problems
        .iter()
        .filter(|p| p.outcome == ProblemOutcome::Skipped)
        .collect();
    assert!(
        skipped.iter().any(|p| p.message.contains("same id")),
        "{skipped:#?}"
    );
    assert!(skipped.iter().any(|p| p.field == "name"), "{skipped:#?}");
    assert!(skipped.iter().any(|p| p.field == "organization"), "{skipped:#?}");
    assert_eq!(bristol.services_skipped as usize, skipped.len());
}

async fn imported_services_pass_the_published_schemas(backend: Backend) {
    let state = common::state(common::database(backend).await, Settings::default());
    let feed = sample("oruk-1.0-real-feeds/north-lincolnshire-services.json");
    import::import(state.store.as_ref(), std::slice::from_ref(&feed), false, None)
        .await
        .unwrap();
    let mut client = Client::new(state);
    for service in feed.as_array().unwrap().iter().step_by(37) {
        let path = format!("/oruk/services/{}", service["id"].as_str().unwrap());
        let answer = client.get(&path).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert_valid("service.json", &answer.body);
        assert_no_empties(&answer.body, &path);
        let description = answer.body["description"].as_str().unwrap_or_default();
        assert!(
            !description.contains("<p>") && !description.contains("&amp;"),
            "{path}: plain text"
        );
    }
    let list = client.get("/oruk/services?per_page=50").await;
    assert_valid("service_list.json", &list.body);
}

async fn an_oruk3_service_imports_with_its_parts(backend: Backend) {
    let state = common::state(common::database(backend).await, Settings::default());
    let service = sample("oruk-3.0-uk-profile/examples/service_full.json");
    let report = import::import(state.store.as_ref(), std::slice::from_ref(&service), false, None)
        .await
        .unwrap();
    assert_eq!(report.format, "ORUK 3.0 / HSDS 3.0");
    assert_eq!(report.created, 1, "{report:#?}");
    // The example's place is at latitude 100: not on the map, so its coordinates are left out.
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.field.ends_with("latitude") && p.outcome == ProblemOutcome::Dropped),
        "{report:#?}"
    );
    let id: uuid::Uuid = service["id"].as_str().unwrap().parse().unwrap();
    let stored = state
        .store
        .directory()
        .services(&[id])
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(stored.name, "Community Counselling");
    assert_eq!(stored.minimum_age, Some(12));
    assert!(!stored.service_at_locations.is_empty());
    // Its rule names weekdays and days of the month at once, which a weekly rule cannot.
    assert_eq!(stored.schedules[0].byday.len(), 2);
    assert!(stored.schedules[0].bymonthday.is_empty());
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.field == "schedules.0" && p.outcome == ProblemOutcome::Fixed)
    );
    assert!(
        !stored.taxonomy_term_ids.is_empty(),
        "its categories, kept with their own ids"
    );
    let mut client = Client::new(state);
    let answer = client.get(&format!("/oruk/services/{id}")).await;
    assert_valid("service.json", &answer.body);
    assert_eq!(
        answer.body["attributes"][0]["taxonomy_term"]["id"],
        service["attributes"][0]["taxonomy_term"]["id"]
    );
}

async fn a_broken_import_stores_nothing(backend: Backend) {
    let db = common::database(backend).await;
    let store = db.store.as_ref();
    let doc: Value = serde_json::json!({"contents": [
        {"id": "6f2a3a8e-9a57-4c31-8f5e-2f1a8d3c0b11", "name": "Lunch club", "status": "active",
         "organization": {"id": "0d7b2c4e-1f3a-4b5c-8d9e-0a1b2c3d4e5f", "name": "Good Neighbours (fictional)"}},
        {"id": "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "name": "Walk and talk",
         "organization_id": "11111111-2222-4333-8444-555555555555"}
    ]});
    let err = import::import(store, &[doc], false, None).await.unwrap_err();
    assert!(
        matches!(
            err,
            ImportError::Store(StoreError::MissingReference {
                field: "organization_id",
                ..
            })
        ),
        "{err:?}"
    );
    assert_eq!(stored(store).await, 0, "the lunch club was not stored either");
    assert!(matches!(
        import::parse_json(b"<html>"),
        Err(ImportError::NotJson(_))
    ));
    assert!(matches!(
        import::import(store, &[serde_json::json!({"hello": 1})], true, None).await,
        Err(ImportError::NoServices)
    ));
}

/// Every service of `a` is in `b` as it was (the time it was saved aside).
async fn same_directory(a: &dyn Store, b: &dyn Store) {
    let ids = a.directory().service_ids().await.unwrap();
    assert!(!ids.is_empty());
    let (before, after) = (
        a.directory().services(&ids).await.unwrap(),
        b.directory().services(&ids).await.unwrap(),
    );
    assert_eq!(before.len(), after.len());
    for (x, mut y) in before.into_iter().zip(after) {
        y.last_modified = x.last_modified;
        assert_eq!(x, y, "{}", x.name);
    }
    let place_ids: Vec<_> = a
        .directory()
        .list_locations()
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.id)
        .collect();
    assert_eq!(
        a.directory().locations(&place_ids).await.unwrap(),
        b.directory().locations(&place_ids).await.unwrap()
    );
}

async fn exports_import_again_unchanged(backend: Backend) {
    let today = chrono::Utc::now().date_naive();
    let source = common::database(backend).await;
    let mut batch = server::demo_directory::directory_of(today, 60, 20, 15);
    let place = batch.locations[0].clone();
    batch.services.push(common::directory::full(
        "Every part",
        &batch.organizations[0].clone(),
        &place,
    ));
    let by = server::store::directory::ChangedBy {
        user: None,
        source: shared::api::directory::ChangeSource::Import,
    };
    source
        .store
        .directory()
        .write_directory(&batch, by)
        .await
        .unwrap();
    let all = server::export::everything(source.store.as_ref()).await.unwrap();
    assert_eq!(all.services.len(), 61);

    let json = serde_json::to_value(server::export::oruk_json(&all)).unwrap();
    let by_json = common::database(backend).await;
    let report = import::import(by_json.store.as_ref(), &[json], false, None)
        .await
        .unwrap();
    assert_eq!(
        (report.created, report.services_skipped),
        (61, 0),
        "{:#?}",
        report.problems
    );
    same_directory(source.store.as_ref(), by_json.store.as_ref()).await;
    let org_ids: Vec<_> = all.organizations.iter().map(|o| o.id).collect();
    assert_eq!(
        by_json.store.directory().organizations(&org_ids).await.unwrap(),
        all.organizations,
        "charity numbers too"
    );

    let zip = server::export::csv_package::write(&all).unwrap();
    let feed = import::Feed::from_bytes(&zip).unwrap();
    let by_csv = common::database(backend).await;
    let report = import::import_feed(by_csv.store.as_ref(), &feed, false, None)
        .await
        .unwrap();
    assert_eq!(report.format, "HSDS CSV");
    assert_eq!(
        (report.created, report.services_skipped),
        (61, 0),
        "{:#?}",
        report.problems
    );
    same_directory(source.store.as_ref(), by_csv.store.as_ref()).await;
    assert_eq!(
        by_csv.store.directory().organizations(&org_ids).await.unwrap(),
        all.organizations
    );
    // And again: nothing changes.
    let again = import::import_feed(by_csv.store.as_ref(), &feed, false, None)
        .await
        .unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 61));
}

async fn hsds_csv_packages_import(backend: Backend) {
    let db = common::database(backend).await;
    let samples = shared_dir().join("oruk/samples");
    for (folder, services) in [
        ("hsds-1.1-sample-datapackage/all_resources", 13),
        ("oruk-3.0-uk-profile/examples/csv", 1),
    ] {
        let package = import::csv_package::Package::from_dir(&samples.join(folder)).unwrap();
        let feed = import::Feed::Csv(package);
        let report = import::import_feed(db.store.as_ref(), &feed, false, None)
            .await
            .unwrap();
        assert_eq!(report.format, "HSDS CSV", "{folder}");
        assert_eq!(report.services_found, services, "{folder}");
        assert_eq!(
            report.created + report.services_skipped,
            services,
            "{folder}: {:#?}",
            report.problems
        );
        assert!(report.created > 0, "{folder}");
    }
    let counselling: uuid::Uuid = "ac148810-d857-441c-9679-408f346de14b".parse().unwrap();
    let s = db
        .store
        .directory()
        .services(&[counselling])
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!((s.minimum_age, s.maximum_age), (Some(12), Some(100)));
    assert!(
        !s.service_at_locations.is_empty(),
        "its place, joined from service_at_location.csv"
    );
    assert!(import::Feed::from_bytes(b"PK\x03\x04 not really a zip").is_err());
}

on_both_backends!(
    exports_import_again_unchanged,
    hsds_csv_packages_import,
    the_real_council_feeds_import_whole,
    imported_services_pass_the_published_schemas,
    an_oruk3_service_imports_with_its_parts,
    a_broken_import_stores_nothing,
);
