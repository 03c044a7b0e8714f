//! The unmet-need report on both backends: searches sent by devices are counted once each and
//! without who made them; commissioners (only) see them by group, filter and period, as JSON
//! and CSV; words that found nothing appear only once three different people searched them.

use crate::common;

use axum::http::StatusCode;
use common::{Backend, Client, PASSWORD, on_both_backends, user_json};
use serde_json::{Value, json};
use sqlx::Connection;

struct People {
    casey: Client,
    practitioners: Vec<Client>,
    ids: Vec<String>,
    url: String,
}

async fn people(backend: Backend) -> People {
    let folder = std::env::temp_dir().join(format!("touchstone-unmet-{}", uuid::Uuid::now_v7()));
    let url = match backend {
        Backend::Sqlite => format!("sqlite://{}/unmet.db", folder.display()),
        Backend::Postgres => common::new_postgres_database().await,
    };
    let db = server::store::connect(&url).await.unwrap();
    let state = common::state(db, Default::default());
    common::seed_admin(&state, "root@example.org").await;
    let mut admin = Client::new(state);
    admin.sign_in("root@example.org", PASSWORD).await;
    let mut ids = Vec::new();
    let mut emails = vec![("casey@example.org", "commissioner")];
    emails.extend([
        ("pat@example.org", "practitioner"),
        ("sam@example.org", "practitioner"),
        ("lee@example.org", "practitioner"),
        // Stand-ins for when two people's one-byte markers happen to match (see below).
        ("kim@example.org", "practitioner"),
        ("ray@example.org", "practitioner"),
    ]);
    let mut clients = Vec::new();
    for (email, role) in emails {
        let made = admin.post("/api/users", user_json(email, &[role])).await;
        assert_eq!(made.status, StatusCode::CREATED);
        ids.push(made.body["id"].as_str().unwrap().to_owned());
        let mut client = admin.another();
        client.first_sign_in(email).await;
        clients.push(client);
    }
    let casey = clients.remove(0);
    People {
        casey,
        practitioners: clients,
        ids,
        url,
    }
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

fn search(results: u32, extra: Value) -> Value {
    let mut s = json!({"id": uuid::Uuid::now_v7(), "on": today(), "filters": [], "results": results});
    for (k, v) in extra.as_object().unwrap() {
        s[k] = v.clone();
    }
    s
}

fn words(results: u32, typed: &str) -> Value {
    search(results, json!({"filters": ["words"], "words": typed}))
}

async fn send(client: &mut Client, searches: Vec<Value>) -> u64 {
    let answer = client
        .post("/api/directory/searches", json!({"searches": searches}))
        .await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{:?}", answer.body);
    answer.body["counted"].as_u64().unwrap()
}

fn group<'a>(report: &'a Value, label: &str) -> &'a Value {
    report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["label"] == label)
        .unwrap_or_else(|| panic!("no group {label} in {report}"))
}

fn shown_words(report: &Value) -> Vec<String> {
    report["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["words"].as_str().unwrap().to_owned())
        .collect()
}

async fn searches_are_counted_without_who_made_them(backend: Backend) {
    let People {
        mut casey,
        mut practitioners,
        ids,
        url,
    } = people(backend).await;
    let walking = common::directory::term("physical-activity.walking");
    let batch = vec![
        search(
            0,
            json!({"filters": ["category", "area", "age", "day"], "category": walking,
            "area": "Keighley", "age_group": "65_and_over", "day": "Sun"}),
        ),
        search(
            2,
            json!({"filters": ["category", "area"], "category": walking, "area": "Keighley"}),
        ),
        search(12, json!({"filters": ["area"], "area": "Ilkley"})),
        // Words with results are never kept, whatever the device sends.
        search(5, json!({"filters": ["words"], "words": "Margaret Oldroyd"})),
    ];
    assert_eq!(send(&mut practitioners[0], batch.clone()).await, 4);
    assert_eq!(
        send(&mut practitioners[0], batch).await,
        0,
        "a batch sent again (its answer lost) counts once"
    );

    let report = casey.get("/api/directory/unmet").await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    let report = report.body;
    assert_eq!(report["by"], "category");
    assert_eq!(report["total"]["searches"], 4);
    assert_eq!(report["total"]["found_nothing"], 1);
    assert_eq!(report["total"]["found_few"], 1);
    let walks = group(&report, "Walking groups");
    assert_eq!(
        (walks["searches"].as_u64(), walks["found_nothing"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(group(&report, "No category chosen")["searches"], 2);
    // The group with most searches finding nothing comes first.
    assert_eq!(report["groups"][0]["label"], "Walking groups");
    let by_age = casey.get("/api/directory/unmet?by=age_group").await.body;
    assert_eq!(group(&by_age, "65 and over")["found_nothing"], 1);
    assert_eq!(group(&by_age, "No age given")["searches"], 3);
    let by_day = casey.get("/api/directory/unmet?by=day").await.body;
    assert_eq!(group(&by_day, "Sunday")["found_nothing"], 1);
    let by_area = casey.get("/api/directory/unmet?by=area").await.body;
    assert_eq!(group(&by_area, "Keighley")["searches"], 2);
    let area_filter = report["filters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "area")
        .unwrap();
    assert_eq!(
        (
            area_filter["searches"].as_u64(),
            area_filter["found_nothing"].as_u64()
        ),
        (Some(3), Some(1))
    );

    // A period without them is empty; a period the wrong way round is the asker's error.
    let last_year = casey
        .get(&format!(
            "/api/directory/unmet?from={}&to={}",
            today() - chrono::Duration::days(400),
            today() - chrono::Duration::days(1)
        ))
        .await
        .body;
    assert_eq!(last_year["total"]["searches"], 0);
    assert_eq!(
        casey
            .get(&format!(
                "/api/directory/unmet?from={}&to={}",
                today(),
                today() - chrono::Duration::days(1)
            ))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        casey.get("/api/directory/unmet?by=person").await.status,
        StatusCode::BAD_REQUEST
    );

    // The CSV: the same figures, as a download.
    let csv = casey.get("/api/directory/unmet.csv?by=area").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("unmet-need-by-area")
    );
    let text = csv.body.as_str().unwrap().to_owned();
    assert!(
        text.starts_with("Kind,Name,Searches,Found nothing,Found 1 to 3"),
        "{text}"
    );
    assert!(text.contains("Total,All searches,4,1,1"), "{text}");
    assert!(text.contains("Area,Keighley,2,1,1"), "{text}");
    assert!(!text.contains("Margaret"), "{text}");

    // Practitioners send searches but do not read the report.
    assert_eq!(
        practitioners[1].get("/api/directory/unmet").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        practitioners[1].get("/api/directory/unmet.csv").await.status,
        StatusCode::FORBIDDEN
    );
    let future = search(0, json!({"on": today() + chrono::Duration::days(3)}));
    let refused = practitioners[1]
        .post("/api/directory/searches", json!({"searches": [future]}))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body["fields"]["searches"].is_array(),
        "{:?}",
        refused.body
    );

    // Nothing stored names who searched: no column for it, no id or email in any row.
    let (columns, rows) = stored(&url, backend).await;
    assert_eq!(
        columns,
        [
            "age_group",
            "area",
            "category_id",
            "day",
            "filters",
            "id",
            "results",
            "searched_on",
            "words_hash"
        ]
    );
    assert_eq!(rows.len(), 4);
    for row in &rows {
        for id in &ids {
            let hex = id.replace('-', "");
            assert!(
                !row.to_lowercase().contains(&hex) && !row.contains(id.as_str()),
                "{row} holds a user id"
            );
        }
        assert!(!row.contains("example.org") && !row.contains("Margaret"), "{row}");
    }
}

/// The columns of the search table and each row as text.
async fn stored(url: &str, backend: Backend) -> (Vec<String>, Vec<String>) {
    match backend {
        Backend::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
            let mut columns: Vec<String> =
                sqlx::query_scalar("select name from pragma_table_info('directory_searches')")
                    .fetch_all(&mut c)
                    .await
                    .unwrap();
            columns.sort();
            let rows = sqlx::query_scalar(
                "select hex(id) || '|' || searched_on || '|' || coalesce(hex(category_id), '') || '|' ||
                 coalesce(area, '') || '|' || coalesce(age_group, '') || '|' || coalesce(day, '') || '|' ||
                 filters || '|' || results || '|' || coalesce(words_hash, '') from directory_searches",
            )
            .fetch_all(&mut c)
            .await
            .unwrap();
            (columns, rows)
        }
        Backend::Postgres => {
            let mut c = sqlx::PgConnection::connect(url).await.unwrap();
            let columns = sqlx::query_scalar(
                "select column_name::text from information_schema.columns
                 where table_name = 'directory_searches' order by column_name",
            )
            .fetch_all(&mut c)
            .await
            .unwrap();
            let rows = sqlx::query_scalar("select t::text from directory_searches t")
                .fetch_all(&mut c)
                .await
                .unwrap();
            (columns, rows)
        }
    }
}

/// The most different people counted for any words (by their one-byte markers).
async fn most_people_counted(backend: Backend, url: &str) -> i64 {
    const SQL: &str =
        "select coalesce(max(n), 0) from (select count(*) as n from unmet_word_people group by words_hash) t";
    match backend {
        Backend::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
            sqlx::query_scalar(SQL).fetch_one(&mut c).await.unwrap()
        }
        Backend::Postgres => {
            let mut c = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::query_scalar(SQL).fetch_one(&mut c).await.unwrap()
        }
    }
}

async fn words_are_shown_once_three_people_searched_them(backend: Backend) {
    let People {
        mut casey,
        mut practitioners,
        url,
        ..
    } = people(backend).await;
    // One person, three times: still one person.
    for _ in 0..3 {
        send(&mut practitioners[0], vec![words(0, "Jane Doe")]).await;
    }
    // Two people: not yet.
    send(&mut practitioners[0], vec![words(0, "Knitting circle")]).await;
    send(&mut practitioners[1], vec![words(0, "knitting  CIRCLE!")]).await;
    let report = casey.get("/api/directory/unmet").await.body;
    assert!(shown_words(&report).is_empty(), "{report}");
    assert_eq!(report["total"]["found_nothing"], 5);
    // A third: shown, with every search of them in the period. People are counted by a byte
    // each, so two of three share one about once in 85 runs: then the words wait for another
    // person (never shown early), and a stand-in searches until three are counted.
    send(&mut practitioners[2], vec![words(0, "the knitting circle")]).await;
    let mut searched = 3;
    while most_people_counted(backend, &url).await < 3 {
        let report = casey.get("/api/directory/unmet").await.body;
        assert!(
            shown_words(&report).is_empty(),
            "shown before three people were counted: {report}"
        );
        send(&mut practitioners[searched], vec![words(0, "Knitting circle")]).await;
        searched += 1;
    }
    let report = casey.get("/api/directory/unmet").await.body;
    assert_eq!(shown_words(&report), ["knitting circle"]);
    assert_eq!(report["words"][0]["searches"], searched);
    // Until shown, the words are not in the database at all, only their keyed hash.
    let kept: Vec<Option<String>> = match backend {
        Backend::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
            sqlx::query_scalar("select words from unmet_words")
                .fetch_all(&mut c)
                .await
                .unwrap()
        }
        Backend::Postgres => {
            let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
            sqlx::query_scalar("select words from unmet_words")
                .fetch_all(&mut c)
                .await
                .unwrap()
        }
    };
    let mut kept: Vec<String> = kept
        .into_iter()
        .map(|w| w.unwrap_or_else(|| "(hash only)".into()))
        .collect();
    kept.sort();
    assert_eq!(kept, ["(hash only)", "knitting circle"]);
}

on_both_backends!(
    searches_are_counted_without_who_made_them,
    words_are_shown_once_three_people_searched_them,
);
