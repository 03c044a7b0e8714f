//! One story over the `Store` trait, told against SQLite and against a real PostgreSQL, so the two
//! backends behave the same.

use crate::common;

use common::Backend;
use server::store::{Backend as StoreBackend, NewUser, Store, StoreError};
use shared::api::teams::TeamInput;
use shared::api::users::UserProfile;
use shared::{PcfLevel, Role, TeamId, UserId};

fn profile(email: &str, roles: &[Role], team: Option<TeamId>) -> UserProfile {
    UserProfile {
        email: email.into(),
        display_name: "Story Person".into(),
        roles: roles.to_vec(),
        team_id: team,
        pcf_level: Some(PcfLevel::Experienced),
        active: true,
    }
}

fn new_user(p: UserProfile) -> NewUser {
    NewUser {
        id: UserId::new(),
        profile: p.normalised(),
        password_hash: "$argon2id$fake".into(),
        created_at: chrono::Utc::now(),
        must_change_password: false,
    }
}

async fn story(store: &dyn Store, expected: StoreBackend) {
    assert_eq!(store.backend(), expected);
    assert_eq!(store.schema_version().await.unwrap(), expected.latest_migration());
    assert!(expected.latest_migration() >= 2);

    // Teams: create, read, list in service-area order, rename, unique names.
    let east = store
        .users()
        .create_team(
            TeamId::new(),
            &TeamInput {
                name: "East".into(),
                service_area: "Mental Health".into(),
                active: true,
            },
        )
        .await
        .unwrap();
    let west = store
        .users()
        .create_team(
            TeamId::new(),
            &TeamInput {
                name: "West".into(),
                service_area: "Access".into(),
                active: true,
            },
        )
        .await
        .unwrap();
    assert_eq!(store.users().get_team(east.id).await.unwrap().unwrap(), east);
    let names: Vec<_> = store
        .users()
        .list_teams()
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["West", "East"], "ordered by service area, then name");
    let clash = store
        .users()
        .create_team(
            TeamId::new(),
            &TeamInput {
                name: "East".into(),
                service_area: "Other".into(),
                active: true,
            },
        )
        .await;
    assert!(
        matches!(clash, Err(StoreError::Conflict { field: "name", .. })),
        "{clash:?}"
    );
    let renamed = TeamInput {
        name: "East Locality".into(),
        service_area: "Mental Health".into(),
        active: false,
    };
    let updated = store
        .users()
        .update_team(east.id, &renamed)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((updated.name.as_str(), updated.active), ("East Locality", false));
    assert!(
        store
            .users()
            .update_team(TeamId::new(), &renamed)
            .await
            .unwrap()
            .is_none()
    );

    // Users: several roles in one transaction, found by email and id, never with a clash.
    assert_eq!(store.users().count_users().await.unwrap(), 0);
    let sam = store
        .users()
        .create_user(&new_user(profile(
            "Sam@Example.org",
            &[Role::TeamManager, Role::Practitioner],
            Some(west.id),
        )))
        .await
        .unwrap();
    assert_eq!(sam.email, "sam@example.org");
    assert_eq!(sam.roles, vec![Role::Practitioner, Role::TeamManager]);
    assert_eq!(sam.team_id, Some(west.id));
    assert_eq!(sam.pcf_level, Some(PcfLevel::Experienced));
    let creds = store
        .users()
        .credentials_by_email("sam@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(creds.user, sam);
    assert_eq!(creds.password_hash, "$argon2id$fake");
    assert!(
        store
            .users()
            .credentials_by_email("nobody@example.org")
            .await
            .unwrap()
            .is_none()
    );

    let dup = store
        .users()
        .create_user(&new_user(profile("sam@example.org", &[Role::Admin], None)))
        .await;
    assert!(
        matches!(dup, Err(StoreError::Conflict { field: "email", .. })),
        "{dup:?}"
    );
    let orphan = store
        .users()
        .create_user(&new_user(profile(
            "orphan@example.org",
            &[Role::Admin],
            Some(TeamId::new()),
        )))
        .await;
    assert!(
        matches!(orphan, Err(StoreError::MissingReference { field: "team_id", .. })),
        "{orphan:?}"
    );
    assert_eq!(
        store.users().count_users().await.unwrap(),
        1,
        "failed inserts leave nothing behind"
    );

    // Profile replacement swaps roles atomically; deactivation and new passwords end sessions.
    let epoch0 = creds.session_epoch;
    let mut changed = profile("sam@example.org", &[Role::WorkforceLead], None);
    changed.display_name = "Sam Jones".into();
    let sam2 = store
        .users()
        .update_user(sam.id, &changed.normalised())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(sam2.roles, vec![Role::WorkforceLead]);
    assert_eq!(sam2.team_id, None);
    assert_eq!(sam2.display_name, "Sam Jones");
    assert_eq!(
        store
            .users()
            .credentials_by_id(sam.id)
            .await
            .unwrap()
            .unwrap()
            .session_epoch,
        epoch0,
        "an edit keeps sessions"
    );
    changed.active = false;
    assert!(
        !store
            .users()
            .update_user(sam.id, &changed.normalised())
            .await
            .unwrap()
            .unwrap()
            .active
    );
    let epoch1 = store
        .users()
        .credentials_by_id(sam.id)
        .await
        .unwrap()
        .unwrap()
        .session_epoch;
    assert!(epoch1 > epoch0, "deactivation ends sessions");
    assert!(
        store
            .users()
            .set_password_hash(sam.id, "$argon2id$new", true)
            .await
            .unwrap()
    );
    let after = store.users().credentials_by_id(sam.id).await.unwrap().unwrap();
    assert_eq!(after.password_hash, "$argon2id$new");
    assert!(after.session_epoch > epoch1, "a new password ends sessions");
    assert!(after.must_change_password, "chosen by someone else");
    assert!(
        !store
            .users()
            .set_password_hash(UserId::new(), "x", false)
            .await
            .unwrap()
    );
    assert!(
        store
            .users()
            .update_user(UserId::new(), &changed)
            .await
            .unwrap()
            .is_none()
    );

    // A clash on update changes nothing.
    let kim = store
        .users()
        .create_user(&new_user(profile("kim@example.org", &[Role::Commissioner], None)))
        .await
        .unwrap();
    let taken = store
        .users()
        .update_user(kim.id, &profile("sam@example.org", &[Role::Admin], None))
        .await;
    assert!(
        matches!(taken, Err(StoreError::Conflict { field: "email", .. })),
        "{taken:?}"
    );
    assert_eq!(store.users().get_user(kim.id).await.unwrap().unwrap(), kim);

    let all: Vec<_> = store
        .users()
        .list_users()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.email)
        .collect();
    assert_eq!(
        all,
        ["sam@example.org", "kim@example.org"],
        "ordered by name: Sam Jones, then Story Person"
    );

    // The demo, whose accounts share a published password, is refused here: real people.
    let refused = server::demo::load(store).await.unwrap_err().to_string();
    assert!(refused.contains("loads only into an empty database"), "{refused}");
}

/// Demo data loads into an empty database once; a second load adds nothing.
async fn demo_loads_once(backend: Backend) {
    let db = common::database(backend).await;
    let store = db.store.as_ref();
    let first = server::demo::load(store).await.unwrap();
    assert!(first.teams >= 4 && first.users >= 10, "{first:?}");
    assert_eq!(
        first.colleagues,
        6 * 16,
        "a generated workforce behind the demo teams"
    );
    assert_eq!(
        first.assessments,
        4 * (7 + 96),
        "a year of history per demo practitioner and colleague"
    );
    assert_eq!(
        server::demo::load(store).await.unwrap(),
        server::demo::Loaded::default()
    );
}

common::on_both_backends!(demo_loads_once);

#[tokio::test]
async fn store_story_on_sqlite() {
    let db = common::database(Backend::Sqlite).await;
    story(db.store.as_ref(), StoreBackend::Sqlite).await;
}

#[tokio::test]
async fn store_story_on_postgres() {
    let db = common::database(Backend::Postgres).await;
    story(db.store.as_ref(), StoreBackend::Postgres).await;
}

/// The default database is a file that is created, with its folder, on first start, in WAL mode.
#[tokio::test]
async fn sqlite_file_is_created_with_its_folder_in_wal_mode() {
    let dir = std::env::temp_dir().join(format!("touchstone-test-{}", uuid::Uuid::now_v7()));
    let path = dir.join("nested").join("touchstone.db");
    let db = server::store::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    assert_eq!(
        db.store.schema_version().await.unwrap(),
        StoreBackend::Sqlite.latest_migration()
    );
    assert!(path.exists());
    let mut conn =
        <sqlx::SqliteConnection as sqlx::Connection>::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
    let mode: String = sqlx::query_scalar("pragma journal_mode")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    drop(conn);
    drop(db);
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn unknown_database_schemes_are_refused_without_leaking_passwords() {
    let err = server::store::connect("mysql://root:hunter2@db/x")
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("sqlite: or postgres://"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
}
