//! The directory's store story, told on SQLite and on a real PostgreSQL: whole services written
//! and read back, parts replaced, history kept, references checked in one transaction, search
//! and its filters, the review queue, and reported problems.

use crate::common;

use chrono::{Datelike, NaiveDate, Utc, Weekday};
use common::directory::{bare, full, id, organization, place, term, weekly};
use common::{Backend, on_both_backends};
use server::store::directory::{ChangedBy, DirectoryBatch, Written};
use server::store::{NewUser, Store, StoreError};
use shared::api::directory::{ChangeSource, NewReport, ReportKind, ReportReply, ReportStatus, ServiceQuery};
use shared::api::users::UserProfile;
use shared::directory::search::filters;
use shared::directory::{CostOption, Language, Service, ServiceArea, ServiceStatus};
use shared::{Role, UserId};

fn app(user: UserId) -> ChangedBy {
    ChangedBy {
        user: Some(user),
        source: ChangeSource::App,
    }
}

async fn commissioner(store: &dyn Store) -> UserId {
    let user = NewUser {
        id: UserId::new(),
        profile: UserProfile {
            email: format!("c{}@example.org", id().simple()),
            display_name: "Casey Commissioner".into(),
            roles: vec![Role::Commissioner],
            team_id: None,
            pcf_level: None,
            active: true,
        }
        .normalised(),
        password_hash: "$argon2id$fake".into(),
        created_at: Utc::now(),
        must_change_password: false,
    };
    store.users().create_user(&user).await.unwrap().id
}

/// Two services as stored compare equal once the server's timestamp is set aside.
fn same(a: &Service, b: &Service) {
    let mut b = b.clone();
    b.last_modified = a.last_modified;
    assert_eq!(a, &b);
}

async fn whole_services_round_trip_and_keep_their_history(backend: Backend) {
    let db = common::database(backend).await;
    let store = db.store.directory();
    let who = commissioner(db.store.as_ref()).await;
    let org = organization("Aire Valley Memory Café (fictional)");
    let library = place("Keighley Library (fictional)", &["Hearing loop"]);
    let mut refuge = place("Refuge (address withheld)", &[]);
    refuge.confidential = true;
    refuge.addresses.clear();
    refuge.latitude = None;
    refuge.longitude = None;
    let service = full("Memory café", &org, &library);

    let written = store
        .write_directory(
            &DirectoryBatch {
                organizations: vec![org.clone()],
                locations: vec![library.clone(), refuge.clone()],
                services: vec![service.clone()],
                ..DirectoryBatch::default()
            },
            app(who),
        )
        .await
        .unwrap();
    assert_eq!(
        written,
        Written {
            created: 1,
            updated: 0,
            unchanged: 0
        }
    );

    let stored = store.services(&[service.id]).await.unwrap().pop().unwrap();
    same(&stored, &service);
    assert!(stored.last_modified > Utc::now() - chrono::Duration::minutes(1));
    assert_eq!(store.organizations(&[org.id]).await.unwrap(), vec![org.clone()]);
    let places = store.locations(&[library.id, refuge.id]).await.unwrap();
    assert_eq!(places, vec![library.clone(), refuge.clone()]);

    // The same again changes nothing and records nothing.
    let again = DirectoryBatch {
        services: vec![stored.clone()],
        ..DirectoryBatch::default()
    };
    let written = store.write_directory(&again, app(who)).await.unwrap();
    assert_eq!(
        written,
        Written {
            created: 0,
            updated: 0,
            unchanged: 1
        }
    );
    let history = store.service_history(service.id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].field, "created");
    assert_eq!(history[0].changed_by.as_deref(), Some("Casey Commissioner"));

    // New opening times and one language fewer: parts replaced whole, each field's change kept.
    let mut edited = stored.clone();
    edited.schedules = vec![weekly(&[Weekday::Wed], (9, 30), (11, 0))];
    edited.languages.truncate(1);
    edited.status = ServiceStatus::TemporarilyClosed;
    let written = store
        .write_directory(
            &DirectoryBatch {
                services: vec![edited.clone()],
                ..DirectoryBatch::default()
            },
            app(who),
        )
        .await
        .unwrap();
    assert_eq!(written.updated, 1);
    let reread = store.services(&[service.id]).await.unwrap().pop().unwrap();
    same(&reread, &edited);
    let history = store.service_history(service.id).await.unwrap();
    let fields: Vec<&str> = history.iter().map(|c| c.field.as_str()).collect();
    for field in ["opening times", "languages", "status", "created"] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    let times = history.iter().find(|c| c.field == "opening times").unwrap();
    assert_eq!(times.before.as_deref(), Some("Tuesdays, 10:00 to 12:00"));
    assert_eq!(times.after.as_deref(), Some("Wednesdays, 09:30 to 11:00"));
    assert_eq!(history.last().unwrap().field, "created", "newest first");
}

async fn a_batch_with_a_broken_reference_stores_nothing(backend: Backend) {
    let db = common::database(backend).await;
    let store = db.store.directory();
    let who = commissioner(db.store.as_ref()).await;
    let org = organization("Shipley Befrienders (fictional)");
    let good = bare("Telephone befriending", &org);
    let mut orphan = bare("Befriending walks", &org);
    orphan.organization_id = id();
    let err = store
        .write_directory(
            &DirectoryBatch {
                organizations: vec![org.clone()],
                services: vec![good.clone(), orphan],
                ..DirectoryBatch::default()
            },
            app(who),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::MissingReference {
                field: "organization_id",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        store.organizations(&[org.id]).await.unwrap().is_empty(),
        "nothing half-stored"
    );
    assert!(store.services(&[good.id]).await.unwrap().is_empty());

    let mut unknown_term = good.clone();
    unknown_term.taxonomy_term_ids = vec![id()];
    let err = store
        .write_directory(
            &DirectoryBatch {
                organizations: vec![org],
                services: vec![unknown_term],
                ..DirectoryBatch::default()
            },
            app(who),
        )
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        StoreError::MissingReference {
            field: "taxonomy_term_ids",
            ..
        }
    ));
}

fn query() -> ServiceQuery {
    ServiceQuery {
        page: 1,
        per_page: 20,
        ..ServiceQuery::default()
    }
}

async fn names(store: &dyn Store, q: &ServiceQuery) -> Vec<String> {
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(); // a Thursday
    let page = store.directory().find_services(q, today).await.unwrap();
    store
        .directory()
        .services(&page.contents)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect()
}

async fn search_finds_by_words_and_filters(backend: Backend) {
    let db = common::database(backend).await;
    let store = db.store.directory();
    let who = commissioner(db.store.as_ref()).await;
    let org = organization("Bingley Community Trust (fictional)");
    let hall = place("Bingley Hall (fictional)", &["Step-free access"]);
    let cafe = full("Memory café", &org, &hall); // dementia > memory cafés; free; Urdu; Tue & Thu
    let mut walk = bare("Wednesday health walk", &org);
    walk.description = "A gentle walk for people who want to befriend others.".into();
    walk.taxonomy_term_ids = vec![term("physical-activity.walking")];
    walk.schedules = vec![weekly(&[Weekday::Wed], (10, 0), (11, 0))];
    walk.minimum_age = Some(50);
    walk.maximum_age = Some(80);
    walk.cost_options = vec![CostOption {
        id: id(),
        option: None,
        amount: Some(2.0),
        amount_description: Some("£2 a walk".into()),
    }];
    walk.service_areas = vec![ServiceArea {
        id: id(),
        name: "Bingley".into(),
        uri: None,
    }];
    let mut befriending = bare("Befriending service", &org);
    befriending.taxonomy_term_ids = vec![term("befriending.visiting")];
    befriending.languages = vec![
        Language {
            id: id(),
            name: "Polish".into(),
            code: Some("pl".into()),
        },
        Language {
            id: id(),
            name: "Română".into(),
            code: Some("ro".into()),
        },
    ];
    let mut closed = bare("Old befriending club", &org);
    closed.status = ServiceStatus::Defunct;
    let services = vec![cafe, walk, befriending, closed];
    // What a device applying the same filters to its copy finds, in the same order.
    let taxonomies = [shared::directory::taxonomy::shipped()];
    let locations = std::collections::HashMap::from([(hall.id, hall.clone())]);
    let context = filters::Context {
        taxonomies: &taxonomies,
        locations: &locations,
        today: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
    };
    let on_the_device = |q: &ServiceQuery| {
        let mut found: Vec<&Service> = services
            .iter()
            .filter(|s| filters::passes(s, q, &context))
            .collect();
        found.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        found.into_iter().map(|s| s.name.clone()).collect::<Vec<_>>()
    };
    store
        .write_directory(
            &DirectoryBatch {
                organizations: vec![org],
                locations: vec![hall],
                services: services.clone(),
                ..DirectoryBatch::default()
            },
            app(who),
        )
        .await
        .unwrap();
    let s = db.store.as_ref();

    // Words are stemmed; the name counts above the description; defunct services are left out.
    let q = ServiceQuery {
        search: Some("befriender".into()),
        ..query()
    };
    assert_eq!(
        names(s, &q).await,
        ["Befriending service", "Wednesday health walk"]
    );
    let q = ServiceQuery {
        include_inactive: true,
        ..q
    };
    assert_eq!(names(s, &q).await.len(), 3, "history when asked");
    // A category's name is found, and a category covers its kinds.
    let q = ServiceQuery {
        search: Some("dementia".into()),
        ..query()
    };
    assert_eq!(names(s, &q).await, ["Memory café"]);
    let q = ServiceQuery {
        taxonomy_term_id: Some(term("befriending")),
        ..query()
    };
    assert_eq!(names(s, &q).await, ["Befriending service"]);
    // Typing: the last word may be the start of one. Query syntax is only ever words.
    let q = ServiceQuery {
        search: Some("memo".into()),
        ..query()
    };
    assert_eq!(names(s, &q).await, ["Memory café"]);
    let q = ServiceQuery {
        search: Some("\"café\" (*) -".into()),
        ..query()
    };
    assert_eq!(names(s, &q).await, ["Memory café"]);
    let q = ServiceQuery {
        search: Some("!!".into()),
        ..query()
    };
    assert!(names(s, &q).await.is_empty());

    for (q, want) in [
        (
            ServiceQuery {
                free: true,
                ..query()
            },
            vec!["Memory café"],
        ),
        (
            ServiceQuery {
                language: Some("polish".into()),
                ..query()
            },
            vec!["Befriending service"],
        ),
        (
            ServiceQuery {
                language: Some("ur".into()),
                ..query()
            },
            vec!["Memory café"],
        ),
        // Case is ignored for ASCII letters only, alike on the device and both databases.
        (
            ServiceQuery {
                language: Some("română".into()),
                ..query()
            },
            vec!["Befriending service"],
        ),
        (
            ServiceQuery {
                language: Some("ROMÂNĂ".into()),
                ..query()
            },
            vec![],
        ),
        (
            ServiceQuery {
                area: Some("bingley".into()),
                ..query()
            },
            vec!["Wednesday health walk"],
        ),
        (
            ServiceQuery {
                accessibility: Some("Step-free access".into()),
                ..query()
            },
            vec!["Memory café"],
        ),
        // Aged 90: the walk (50 to 80) is not for them.
        (
            ServiceQuery {
                minimum_age: Some(90),
                maximum_age: Some(90),
                ..query()
            },
            vec!["Befriending service", "Memory café"],
        ),
        // Open on a Wednesday morning; on Thursday afternoon at the café's place.
        (
            ServiceQuery {
                open_on: Some(Weekday::Wed),
                ..query()
            },
            vec!["Wednesday health walk"],
        ),
        (
            ServiceQuery {
                open_on: Some(Weekday::Thu),
                open_at: chrono::NaiveTime::from_hms_opt(15, 0, 0),
                ..query()
            },
            vec!["Memory café"],
        ),
        (
            ServiceQuery {
                open_on: Some(Weekday::Thu),
                open_at: chrono::NaiveTime::from_hms_opt(17, 0, 0),
                ..query()
            },
            vec![],
        ),
    ] {
        assert_eq!(names(s, &q).await, want, "{q:?}");
        assert_eq!(on_the_device(&q), want, "the device: {q:?}");
    }

    // Pages: the seven fields agree with what the page holds.
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    let q = ServiceQuery {
        per_page: 2,
        ..query()
    };
    let first = store.find_services(&q, today).await.unwrap();
    assert_eq!((first.total_items, first.total_pages, first.size), (3, 2, 2));
    assert!(first.first_page && !first.last_page && !first.empty);
    let last = store
        .find_services(&ServiceQuery { page: 2, ..q.clone() }, today)
        .await
        .unwrap();
    assert_eq!((last.size, last.last_page), (1, true));
    let beyond = store
        .find_services(&ServiceQuery { page: 9, ..q }, today)
        .await
        .unwrap();
    assert!(beyond.empty && beyond.total_items == 3 && beyond.contents.is_empty());
    assert_eq!(today.weekday(), Weekday::Thu);

    // A renamed category is found by its new words, in its kinds' services too (the café is a
    // memory café, a kind of dementia service).
    let q = ServiceQuery {
        search: Some("forgetfulness".into()),
        ..query()
    };
    assert!(names(s, &q).await.is_empty());
    let mut taxonomy = shared::directory::taxonomy::shipped();
    let dementia = taxonomy
        .terms
        .iter_mut()
        .find(|t| t.id == term("dementia"))
        .unwrap();
    dementia.name = "Dementia and forgetfulness".into();
    store
        .write_directory(
            &DirectoryBatch {
                taxonomies: vec![taxonomy],
                ..DirectoryBatch::default()
            },
            app(who),
        )
        .await
        .unwrap();
    assert_eq!(names(s, &q).await, ["Memory café"]);
}

async fn checking_and_reports(backend: Backend) {
    let db = common::database(backend).await;
    let store = db.store.directory();
    let who = commissioner(db.store.as_ref()).await;
    let org = organization("Ilkley Carers (fictional)");
    let mut old = bare("Carers' coffee morning", &org);
    old.assured_date = NaiveDate::from_ymd_opt(2026, 6, 1);
    let never = bare("Carers' walk", &org);
    let mut fresh = bare("Carers' choir", &org);
    fresh.assured_date = NaiveDate::from_ymd_opt(2026, 11, 20);
    store
        .write_directory(
            &DirectoryBatch {
                organizations: vec![org],
                services: vec![old.clone(), never.clone(), fresh],
                ..DirectoryBatch::default()
            },
            app(who),
        )
        .await
        .unwrap();
    let three_months_ago = NaiveDate::from_ymd_opt(2026, 9, 3).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    assert_eq!(store.count_unchecked(three_months_ago).await.unwrap(), 2);
    let queue = ServiceQuery {
        checked_before: Some(three_months_ago),
        ..query()
    };
    assert_eq!(
        names(db.store.as_ref(), &queue).await,
        ["Carers' walk", "Carers' coffee morning"],
        "never checked first, then the oldest"
    );

    let checked = store
        .mark_checked(old.id, who, "casey@example.org", today)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(checked.assured_date, Some(today));
    assert_eq!(checked.assurer_email.as_deref(), Some("casey@example.org"));
    assert_eq!(store.count_unchecked(three_months_ago).await.unwrap(), 1);
    // A listing's count is remembered between its pages, but never past a change.
    let one_a_page = ServiceQuery {
        per_page: 1,
        ..queue.clone()
    };
    let after = store.find_services(&one_a_page, today).await.unwrap();
    assert_eq!(
        (after.total_items, after.total_pages),
        (1, 1),
        "checked leaves the queue"
    );
    let mut late = bare("Carers' quiz night", &organization("Elsewhere (fictional)"));
    late.organization_id = old.organization_id;
    store
        .write_directory(
            &DirectoryBatch {
                services: vec![late],
                ..DirectoryBatch::default()
            },
            app(who),
        )
        .await
        .unwrap();
    let page = store.find_services(&one_a_page, today).await.unwrap();
    assert_eq!(
        (page.total_items, page.total_pages),
        (2, 2),
        "a new service joins the queue"
    );
    let history = store.service_history(old.id).await.unwrap();
    assert_eq!(history[0].source, ChangeSource::Check);
    assert!(
        store
            .mark_checked(id(), who, "x@example.org", today)
            .await
            .unwrap()
            .is_none()
    );

    // Reports: filed, listed open, answered once.
    let report = store
        .report_problem(
            never.id,
            &NewReport {
                kind: ReportKind::Moved,
                note: "Now at the Methodist church".into(),
                id: None,
            },
            who,
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.status, ReportStatus::Open);
    assert_eq!(report.service_name, "Carers' walk");
    assert_eq!(report.reported_by.as_deref(), Some("Casey Commissioner"));
    assert!(
        store
            .report_problem(
                id(),
                &NewReport {
                    kind: ReportKind::Closed,
                    note: String::new(),
                    id: None,
                },
                who
            )
            .await
            .unwrap()
            .is_none()
    );
    let open = store.reports(Some(ReportStatus::Open), None).await.unwrap();
    assert_eq!(open.len(), 1);
    let reply = ReportReply {
        status: ReportStatus::Resolved,
        reply: "Address updated".into(),
    };
    let closed = store.close_report(report.id, &reply, who).await.unwrap().unwrap();
    assert_eq!(closed.status, ReportStatus::Resolved);
    assert_eq!(closed.reply.as_deref(), Some("Address updated"));
    assert!(closed.closed_at.is_some());
    let twice = store.close_report(report.id, &reply, who).await.unwrap_err();
    assert!(matches!(twice, StoreError::Conflict { .. }));
    assert!(
        store
            .reports(Some(ReportStatus::Open), None)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.reports(None, Some(never.id)).await.unwrap().len(), 1);
}

async fn the_shipped_taxonomy_is_in_every_directory(backend: Backend) {
    let db = common::database(backend).await;
    let taxonomies = db.store.directory().taxonomies().await.unwrap();
    let shipped = shared::directory::taxonomy::shipped();
    let stored = taxonomies.iter().find(|t| t.id == shipped.id).unwrap();
    assert_eq!(stored.terms, shipped.terms, "every term, in order, parents kept");
    let (taxonomy, memory) = db
        .store
        .directory()
        .taxonomy_term(term("dementia.memory-cafes"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(taxonomy, shipped.id);
    assert_eq!(memory.parent_id, Some(term("dementia")));
}

/// The shared table of searches (`shared::directory::search::cases`): what the device finds in
/// its copy (`shared`'s own test), each database finds too, in the same order.
async fn the_server_finds_what_the_device_finds(backend: Backend) {
    use shared::directory::search::cases;
    let db = common::database(backend).await;
    let who = commissioner(db.store.as_ref()).await;
    let org = organization("Shared table trust (fictional)");
    let services = cases::SERVICES
        .iter()
        .map(|c| Service {
            description: c.description.into(),
            taxonomy_term_ids: cases::category_ids(c),
            ..bare(c.name, &org)
        })
        .collect();
    db.store
        .directory()
        .write_directory(
            &DirectoryBatch {
                organizations: vec![org],
                services,
                ..DirectoryBatch::default()
            },
            app(who),
        )
        .await
        .unwrap();
    for search in cases::SEARCHES {
        let q = ServiceQuery {
            search: Some(search.words.into()),
            ..query()
        };
        let found = names(db.store.as_ref(), &q).await;
        assert_eq!(found, search.finds, "the server searching {:?}", search.words);
        assert_eq!(
            found,
            cases::search(search.words),
            "the device searching {:?}",
            search.words
        );
    }
}

/// A server upgraded to new search rules finds its services again: at start-up it indexes every
/// service by the rules it now has (here the stored terms are wiped and the rules' version
/// forgotten, as if they came from older rules).
async fn an_upgrade_indexes_every_service_again(backend: Backend) {
    use sqlx::Connection;
    let folder = std::env::temp_dir().join(format!("touchstone-upgrade-{}", uuid::Uuid::now_v7()));
    let url = match backend {
        Backend::Sqlite => format!("sqlite://{}/upgrade.db", folder.display()),
        Backend::Postgres => common::new_postgres_database().await,
    };
    let db = server::store::connect(&url).await.unwrap();
    let who = commissioner(db.store.as_ref()).await;
    let org = organization("Upgrade trust (fictional)");
    let cafe = bare("Memory café", &org);
    db.store
        .directory()
        .write_directory(
            &DirectoryBatch {
                organizations: vec![org],
                services: vec![cafe],
                ..DirectoryBatch::default()
            },
            app(who),
        )
        .await
        .unwrap();
    drop(db);
    let forget = "update directory_search_rules set version = 0";
    match backend {
        Backend::Sqlite => {
            let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
            for sql in ["delete from services_search", forget] {
                sqlx::query(sql).execute(&mut conn).await.unwrap();
            }
        }
        Backend::Postgres => {
            let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
            for sql in ["update services set search = ''", forget] {
                sqlx::query(sql).execute(&mut conn).await.unwrap();
            }
        }
    }
    let db = server::store::connect(&url).await.unwrap();
    let q = ServiceQuery {
        search: Some("cafes".into()),
        ..query()
    };
    assert_eq!(names(db.store.as_ref(), &q).await, ["Memory café"]);
    assert_eq!(
        db.store.directory().reindex_search_if_stale().await.unwrap(),
        0,
        "once only"
    );
    std::fs::remove_dir_all(&folder).ok();
}

on_both_backends!(
    the_server_finds_what_the_device_finds,
    an_upgrade_indexes_every_service_again,
    whole_services_round_trip_and_keep_their_history,
    a_batch_with_a_broken_reference_stores_nothing,
    search_finds_by_words_and_filters,
    checking_and_reports,
    the_shipped_taxonomy_is_in_every_directory,
);
