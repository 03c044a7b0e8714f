//! Aggregated results on the demo workforce, on both backends: only workforce leads may see
//! them, small groups are hidden (with neighbours) in every answer alike, the groups add up,
//! no free text or individual answer leaves, comparisons and exports follow the same rules —
//! and the four ways a workforce lead once reached one person's answers stay closed: a
//! back-dated submission, figures read before and after someone submits, statements rated by
//! fewer than k, and hidden groups told apart by their reason.

use crate::common;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use common::{Backend, Client, on_both_backends};
use serde_json::Value;
use server::demo::DEMO_PASSWORD;
use server::state::{AppState, Settings};
use server::store::Received;
use shared::api::assessments::{Rating, SelfAssessment};
use shared::api::templates::{Template, TemplateKind, TemplateStatus};
use shared::results::period::{Granularity, Period};
use shared::results::timing::{DEFAULT_GRACE_DAYS, latest_due};
use shared::sync::protocol::{EntityKind, Mutation, Operation, Outcome, PushRequest};
use shared::{ClientId, RecordId, TeamId, UserId};

const ENDPOINTS: [&str; 5] = [
    "/api/results/periods",
    "/api/results?period={q}",
    "/api/results/compare?before={p}&after={q}",
    "/api/results/export.csv?period={q}",
    "/api/results/export.xlsx?period={q}",
];

fn grace() -> Duration {
    Duration::days(i64::from(DEFAULT_GRACE_DAYS))
}

/// The latest released quarter and the one before: the demo history has a round in each.
fn quarters() -> (Period, Period) {
    let latest = latest_due(Granularity::Quarter, Utc::now(), grace());
    (latest.previous(), latest)
}

fn url(template: &str) -> String {
    let (p, q) = quarters();
    template
        .replace("{p}", &p.to_string())
        .replace("{q}", &q.to_string())
}

async fn demo(backend: Backend, settings: Settings) -> (Client, Client) {
    let (anonymous, lead, _) = demo_state(backend, settings).await;
    (anonymous, lead)
}

async fn demo_state(backend: Backend, settings: Settings) -> (Client, Client, AppState) {
    let db = common::database(backend).await;
    server::demo::load(db.store.as_ref()).await.unwrap();
    let state = common::state(db, settings);
    let anonymous = Client::new(state.clone());
    let mut lead = anonymous.another();
    assert_eq!(
        lead.sign_in("workforce@touchstone.example", DEMO_PASSWORD)
            .await
            .status,
        StatusCode::OK
    );
    (anonymous, lead, state)
}

async fn published_template(state: &AppState) -> Template {
    let summary = state
        .store
        .templates()
        .list_templates()
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.kind == TemplateKind::SelfAssessment && t.status == TemplateStatus::Published)
        .unwrap();
    state
        .store
        .templates()
        .get_template(summary.id)
        .await
        .unwrap()
        .unwrap()
}

/// Pushes `assessment` (already submitted) as `user`'s device would, received at `at`.
async fn submit(state: &AppState, user: UserId, assessment: &SelfAssessment, received: Received) -> RecordId {
    let record = RecordId::new();
    let request = PushRequest {
        client_id: ClientId::new(),
        mutations: vec![Mutation {
            mutation_id: 1,
            entity: EntityKind::SelfAssessment,
            record_id: record,
            base_version: None,
            operation: Operation::Put,
            payload: serde_json::to_value(assessment).unwrap(),
        }],
    };
    let response = state
        .store
        .sync()
        .push_received(user, &request, &received)
        .await
        .unwrap();
    assert!(
        matches!(response.results[0].outcome, Outcome::Applied { .. }),
        "{:?}",
        response.results[0].outcome
    );
    record
}

fn now_received() -> Received {
    Received {
        at: Utc::now(),
        grace: grace(),
        matrix: Default::default(),
    }
}

/// A new team of `n` practitioners, all social workers, in a service area of its own.
async fn small_team(state: &AppState, name: &str, n: usize) -> (TeamId, Vec<(UserId, String)>) {
    common::practitioners(&*state.store, name, n, "not used").await
}

/// Every figure shown anywhere in a view rests on at least `k` people.
fn assert_every_figure_rests_on_k(view: &Value, k: u64, what: &str) {
    for group in view["groups"].as_array().unwrap() {
        if let Some(n) = group["people"].as_u64() {
            assert!(n == 0 || n >= k, "{what}: a group of {n}: {group}");
        }
    }
    for item in view["items"].as_array().unwrap() {
        for figure in item["figures"].as_array().unwrap() {
            if figure["status"] == "shown" {
                let n = figure["figures"]["people"].as_u64().unwrap();
                assert!(n >= k, "{what}: {} rests on {n}: {figure}", item["key"]);
            }
        }
    }
    for row in view["help"].as_array().unwrap() {
        for n in row["requests"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_u64)
        {
            assert!(n == 0 || n >= k, "{what}: {n} asked for {}", row["help"]);
        }
    }
}

fn shown_people(view: &Value) -> Vec<Option<u64>> {
    view["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["people"].as_u64())
        .collect()
}

async fn only_workforce_leads_see_results(backend: Backend) {
    let (anonymous, _) = demo(backend, Settings::default()).await;
    let mut nobody = anonymous.another();
    for endpoint in ENDPOINTS {
        assert_eq!(nobody.get(&url(endpoint)).await.status, StatusCode::UNAUTHORIZED);
    }
    for email in ["practitioner", "manager", "admin", "commissioner"] {
        let mut someone = anonymous.another();
        someone
            .sign_in(&format!("{email}@touchstone.example"), DEMO_PASSWORD)
            .await;
        for endpoint in ENDPOINTS {
            let answer = someone.get(&url(endpoint)).await;
            assert_eq!(answer.status, StatusCode::FORBIDDEN, "{email} {endpoint}");
            assert_eq!(answer.body["code"], "forbidden");
        }
    }
    let mut psw = anonymous.another();
    psw.sign_in("psw@touchstone.example", DEMO_PASSWORD).await;
    assert_eq!(
        psw.get(&url(ENDPOINTS[1])).await.status,
        StatusCode::OK,
        "a lead who also practises"
    );
}

async fn the_whole_workforce_weakest_first_without_free_text(backend: Backend) {
    let (_, mut lead) = demo(backend, Settings::default()).await;
    let periods = lead.get("/api/results/periods").await;
    assert_eq!(periods.status, StatusCode::OK);
    assert_eq!(periods.body["latest_quarter"], quarters().1.to_string());
    assert!(periods.body["next_release"].as_str().unwrap() > Utc::now().to_rfc3339().as_str());
    let view = lead.get(&url("/api/results?period={q}")).await;
    assert_eq!(view.status, StatusCode::OK, "{}", view.body);
    // 7 demo practitioners and 96 colleagues, each once in the latest released quarter.
    assert_eq!(shown_people(&view.body), [Some(103)]);
    assert!(
        view.body["as_of"].as_str().unwrap().starts_with("Figures as of "),
        "{}",
        view.body["as_of"]
    );
    assert_eq!(view.body["releases"][0]["period"], quarters().1.to_string());
    let items = view.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 6);
    let confident: Vec<f64> = items
        .iter()
        .map(|i| i["figures"][0]["figures"]["confident"].as_f64().unwrap())
        .collect();
    assert!(
        confident.windows(2).all(|w| w[0] <= w[1]),
        "weakest first: {confident:?}"
    );
    assert_eq!(items[0]["key"], "risk", "risk enabling is the demo's weakest");
    for item in items {
        let f = &item["figures"][0]["figures"];
        let rated: u64 = f["distribution"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap())
            .sum();
        let fours_and_fives = f["distribution"][3].as_u64().unwrap() + f["distribution"][4].as_u64().unwrap();
        assert!((f["confident"].as_f64().unwrap() - fours_and_fives as f64 / rated as f64).abs() < 1e-9);
        assert!(f["people"].as_u64().unwrap() <= 103);
    }
    // Help asked for, most asked first; each count is of people, so never more than answered.
    let help = view.body["help"].as_array().unwrap();
    let requests: Vec<u64> = help.iter().filter_map(|h| h["requests"][0].as_u64()).collect();
    assert!(requests.windows(2).all(|w| w[0] >= w[1]), "{requests:?}");
    assert!(
        requests.iter().all(|n| (5..=103).contains(n)),
        "a count under five is hidden: {requests:?}"
    );
    assert!(
        requests.len() >= 4,
        "the kinds of help asked for most are shown: {requests:?}"
    );
    let first = |domain: &str| help.iter().find(|h| h["domain_key"] == domain).unwrap()["help"].clone();
    // The demo leans risk towards supervision and training, community towards shadowing and
    // peer support (`demo_history::help_leaning`).
    assert!(["supervision", "training"].contains(&first("risk").as_str().unwrap()));
    assert!(["shadowing", "peer_support"].contains(&first("community").as_str().unwrap()));
    let text = view.body.to_string();
    assert!(
        !text.contains("blamed") && !text.contains("same few services"),
        "no reflections"
    );
    assert!(!text.contains("touchstone.example"), "no people");
    assert!(
        view.body["summary"][1]
            .as_str()
            .unwrap()
            .starts_with("Least confident domains: Risk enabling")
    );
}

async fn cuts_hide_small_groups_and_add_up(backend: Backend) {
    let (_, mut lead) = demo(backend, Settings::default()).await;
    let whole = lead.get(&url("/api/results?period={q}")).await.body;
    let by_area = lead
        .get(&url("/api/results?period={q}&cut=service_area"))
        .await
        .body;
    let areas = shown_people(&by_area);
    assert_eq!(areas.len(), 5);
    assert!(
        areas.iter().all(Option::is_some),
        "every area has 16 or more people"
    );
    assert_eq!(
        areas.iter().flatten().sum::<u64>(),
        103,
        "areas add up to everyone"
    );
    // Ratings add up too: the SQL cut loses and doubles nothing.
    let rated = |view: &Value, item: usize| -> u64 {
        view["items"][item]["figures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                f["figures"]["distribution"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| n.as_u64().unwrap())
                    .sum::<u64>()
            })
            .sum()
    };
    let key = whole["items"][0]["key"].clone();
    let same = by_area["items"]
        .as_array()
        .unwrap()
        .iter()
        .position(|i| i["key"] == key)
        .unwrap();
    assert_eq!(rated(&whole, 0), rated(&by_area, same));

    let grid = lead
        .get(&url("/api/results?period={q}&cut=team&cut2=pcf_level"))
        .await
        .body;
    let groups = grid["groups"].as_array().unwrap();
    let mut hidden_per_team = std::collections::BTreeMap::<String, usize>::new();
    for (i, group) in groups.iter().enumerate() {
        if group["status"] == "shown" {
            assert!(group["people"].as_u64().unwrap() >= 5);
            continue;
        }
        assert_eq!(group["status"], "hidden");
        *hidden_per_team
            .entry(group["keys"][0].as_str().unwrap().to_owned())
            .or_default() += 1;
        assert!(group["people"].is_null());
        assert!(group["explanation"].as_str().unwrap().starts_with("Hidden"));
        for item in grid["items"].as_array().unwrap() {
            assert_eq!(
                item["figures"][i],
                serde_json::json!({"status": "hidden"}),
                "no figures for a hidden group"
            );
        }
    }
    assert!(
        !hidden_per_team.is_empty(),
        "students and strategic staff are few in each team"
    );
    assert!(
        hidden_per_team.values().all(|n| *n >= 2),
        "never one hidden cell in a team's line"
    );

    // The same group asked for as a filter is hidden just as it is in the cut.
    let student_cell = groups.iter().find(|g| g["keys"][1] == "student").unwrap();
    let team = student_cell["keys"][0].as_str().unwrap();
    let alone = lead
        .get(&url(&format!(
            "/api/results?period={{q}}&team={team}&pcf_level=student"
        )))
        .await
        .body;
    assert_eq!(alone["groups"][0]["status"], "hidden");
    assert_eq!(alone["items"][0]["figures"][0]["status"], "hidden");
}

async fn a_smaller_k_cannot_be_configured_and_a_larger_one_hides_more(backend: Backend) {
    let strict = Settings {
        results_k: shared::results::suppression::threshold(Some(20)),
        ..Settings::default()
    };
    let (_, mut lead) = demo(backend, strict).await;
    let by_team = lead.get(&url("/api/results?period={q}&cut=team")).await.body;
    assert_eq!(by_team["k"], 20);
    assert!(
        shown_people(&by_team).iter().all(Option::is_none),
        "every team has under 20"
    );
    assert_eq!(shared::results::suppression::threshold(Some(1)), 3);
}

async fn comparisons_and_trends_say_what_changed(backend: Backend) {
    let (_, mut lead) = demo(backend, Settings::default()).await;
    let compared = lead.get(&url("/api/results/compare?before={p}&after={q}")).await;
    assert_eq!(compared.status, StatusCode::OK, "{}", compared.body);
    let community = compared.body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "community")
        .unwrap()
        .clone();
    assert_eq!(community["change"]["verdict"], "likely_improved", "{community}");
    assert!(
        community["sentence"]
            .as_str()
            .unwrap()
            .starts_with("Likely improved")
    );
    let low = community["change"]["low"].as_f64().unwrap();
    assert!(low > 0.0 && low < community["change"]["points"].as_f64().unwrap());

    let (p, q) = quarters();
    let trend = lead
        .get(&format!("/api/results?period={q}&cut=period&periods=4"))
        .await
        .body;
    let labels: Vec<String> = trend["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["keys"][0].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(labels.len(), 4);
    assert_eq!(labels[2], p.to_string());
    assert_eq!(labels[3], q.to_string());

    let hidden_side = lead
        .get(&format!(
            "/api/results/compare?before={p}&after={q}&pcf_level=student&service_area=Safeguarding"
        ))
        .await
        .body;
    assert!(hidden_side["rows"][0]["change"].is_null());
    assert!(
        hidden_side["rows"][0]["sentence"]
            .as_str()
            .unwrap()
            .contains("hidden")
    );
}

async fn exports_carry_the_same_suppression(backend: Backend) {
    let (_, mut lead) = demo(backend, Settings::default()).await;
    let view = lead
        .get(&url("/api/results?period={q}&cut=team&cut2=pcf_level"))
        .await
        .body;
    let csv = lead
        .get(&url("/api/results/export.csv?period={q}&cut=team&cut2=pcf_level"))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let disposition = csv.headers["content-disposition"].to_str().unwrap().to_owned();
    let today = chrono::Utc::now().date_naive().to_string();
    assert!(
        disposition.contains("touchstone-results-domains-by-team-and-pcf-level-"),
        "{disposition}"
    );
    assert!(disposition.contains(&format!("on-{today}.csv")), "{disposition}");
    let text = csv.body.as_str().unwrap().to_owned();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&header[..4], ["Team", "PCF level", "People in group", "Domain"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let groups = view["groups"].as_array().unwrap();
    assert_eq!(rows.len(), groups.len() * 6);
    let hidden_rows: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| r[13].starts_with("Hidden") && r[2].is_empty())
        .collect();
    assert_eq!(
        hidden_rows.len(),
        groups.iter().filter(|g| g["status"] == "hidden").count() * 6
    );
    assert_eq!(header.last().unwrap(), "Figures as of");
    assert!(
        rows.iter().all(|r| r[14].len() == 10),
        "a release date on every row"
    );
    assert!(
        hidden_rows
            .iter()
            .all(|r| (2..13).all(|c| c == 3 || r[c].is_empty())),
        "no figures for hidden groups"
    );
    assert!(!text.contains("blamed"));

    let xlsx = lead
        .get(&url("/api/results/export.xlsx?period={q}&cut=team"))
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(
        xlsx.headers["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    assert!(
        xlsx.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("by-team")
    );
    assert!(
        xlsx.body.as_str().unwrap().starts_with("PK"),
        "a zip, as XLSX files are"
    );
}

async fn nonsense_requests_get_clear_errors(backend: Backend) {
    let (_, mut lead) = demo(backend, Settings::default()).await;
    let twice = lead.get(&url("/api/results?period={q}&cut=team&cut2=team")).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        twice.body["fields"]["cut2"][0]
            .as_str()
            .unwrap()
            .contains("different")
    );
    let filtered = lead
        .get(&url("/api/results?period={q}&cut=pcf_level&pcf_level=student"))
        .await;
    assert_eq!(filtered.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad = lead.get("/api/results?period=2026-Q9").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body["message"].as_str().unwrap().contains("not a period"));
    let month = lead.get("/api/results?period=2026-07&cut=team").await;
    assert_eq!(month.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        month.body["fields"]["period"][0]
            .as_str()
            .unwrap()
            .contains("quarter or year")
    );
    let domain = lead.get(&url("/api/results?period={q}&domain=astrology")).await;
    assert_eq!(domain.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mixed = lead
        .get("/api/results/compare?before=2026-Q2&after=2026-07")
        .await;
    assert_eq!(mixed.status, StatusCode::UNPROCESSABLE_ENTITY);
    let statements = lead.get(&url("/api/results?period={q}&domain=community")).await;
    assert_eq!(statements.status, StatusCode::OK);
    assert_eq!(
        statements.body["domain_label"],
        "Connecting people to community assets"
    );
}

/// Every way of asking for a group gives the same answer for it — shown with the same count, or
/// hidden — whichever cut or filter reached it: the property that stops two requests being
/// subtracted to reveal what either hides.
async fn a_group_looks_the_same_whichever_request_reaches_it(backend: Backend) {
    let (_, mut lead) = demo(backend, Settings::default()).await;
    let (_, q) = quarters();
    let teams: Vec<Value> = lead.get("/api/teams").await.body.as_array().unwrap().clone();
    let team_ids: Vec<String> = teams
        .iter()
        .take(3)
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect();
    let mut requests: Vec<String> = Vec::new();
    for cut in ["", "service_area", "team", "pcf_level"] {
        for cut2 in ["", "team", "pcf_level"] {
            if (cut.is_empty() && !cut2.is_empty()) || (cut == cut2 && !cut.is_empty()) {
                continue;
            }
            if cut == "service_area" && cut2 == "team" {
                continue;
            }
            let mut base = format!("/api/results?period={q}");
            for (name, value) in [("cut", cut), ("cut2", cut2)] {
                if !value.is_empty() {
                    base.push_str(&format!("&{name}={value}"));
                }
            }
            requests.push(base.clone());
            for level in ["student", "social_worker", "experienced"] {
                if cut != "pcf_level" && cut2 != "pcf_level" {
                    requests.push(format!("{base}&pcf_level={level}"));
                }
            }
            for team in &team_ids {
                if cut != "team" && cut2 != "team" && cut != "service_area" {
                    requests.push(format!("{base}&team={team}"));
                }
            }
        }
    }
    // Group → (people, hidden) as first seen, with the request that showed it.
    let mut seen: std::collections::BTreeMap<(String, String), (Value, Value, String)> = Default::default();
    for request in &requests {
        let view = lead.get(request).await;
        assert_eq!(view.status, StatusCode::OK, "{request}: {}", view.body);
        let query = &view.body["query"];
        let cuts: Vec<String> = [&query["cut"], &query["cut2"]]
            .iter()
            .filter_map(|c| c.as_str().map(String::from))
            .collect();
        for group in view.body["groups"].as_array().unwrap() {
            let value_of = |dimension: &str| -> Option<String> {
                cuts.iter()
                    .position(|c| c == dimension)
                    .map(|i| group["keys"][i].as_str().unwrap().to_owned())
                    .or_else(|| query[dimension].as_str().map(String::from))
            };
            let org = value_of("team")
                .map(|t| format!("team {t}"))
                .or_else(|| value_of("service_area").map(|a| format!("area {a}")))
                .unwrap_or_else(|| "everyone".into());
            let level = value_of("pcf_level").unwrap_or_else(|| "every level".into());
            let answer = (group["people"].clone(), group["status"].clone(), request.clone());
            match seen.get(&(org.clone(), level.clone())) {
                Some(first) => assert_eq!(
                    (&first.0, &first.1),
                    (&answer.0, &answer.1),
                    "{org}, {level}: {} vs {}",
                    first.2,
                    answer.2
                ),
                None => {
                    seen.insert((org, level), answer);
                }
            }
        }
    }
    assert!(seen.len() > 40, "many groups compared: {}", seen.len());
    assert!(seen.values().any(|v| v.1 == "hidden") && seen.values().any(|v| v.1 == "shown"));
}

/// Leak 1: a device dated a submission May 2025, and a trend crossing the year showed that
/// group of one. The server now decides when a submission counts, and every group of every
/// period is a cell of that period's own release.
async fn a_back_dated_submission_counts_when_it_arrives(backend: Backend) {
    let (_, mut lead, state) = demo_state(backend, Settings::default()).await;
    let template = published_template(&state).await;
    let (_, people) = small_team(&state, "Late Team", 1).await;
    let mut assessment = server::demo_history::assessment(&template, &people[0].1, 3, Utc::now());
    let may_2025 = chrono::TimeZone::with_ymd_and_hms(&Utc, 2025, 5, 14, 10, 0, 0).unwrap();
    assessment.submitted_at = Some(may_2025);
    let record = submit(&state, people[0].0, &assessment, now_received()).await;
    let snapshot = state
        .store
        .sync()
        .submission_snapshot(record)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        snapshot.submitted_at, may_2025,
        "the device's time is kept for display"
    );
    assert!(
        Utc::now() - snapshot.counted_at < Duration::minutes(5),
        "it counts now: {snapshot:?}"
    );

    let (_, q) = quarters();
    for request in [
        format!("/api/results?period={q}&cut=period&periods=12"),
        format!("/api/results?period={q}&cut=period&cut2=team&periods=12"),
        "/api/results?period=2025-Q2&cut=team".to_owned(),
        "/api/results?period=2025-Q2&cut=service_area&cut2=pcf_level".to_owned(),
        "/api/results?period=2025&cut=pcf_level".to_owned(),
    ] {
        let view = lead.get(&request).await;
        assert_eq!(view.status, StatusCode::OK, "{request}: {}", view.body);
        assert_every_figure_rests_on_k(&view.body, 5, &request);
        let text = view.body.to_string();
        assert!(
            !text.contains("Late Team"),
            "{request}: the late submitter's team is in no release yet"
        );
        let csv = lead
            .get(&request.replace("/api/results?", "/api/results/export.csv?"))
            .await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(!csv.body.as_str().unwrap().contains("Late Team"));
    }
    let trend = lead
        .get(&format!("/api/results?period={q}&cut=period&periods=12"))
        .await
        .body;
    let may = trend["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["keys"][0] == "2025-Q2")
        .unwrap();
    assert_eq!(may["people"], 0, "nobody counts in Apr–Jun 2025: {may}");
}

/// Leak 2: figures read, then one colleague resubmits (or someone new submits), then read
/// again, differed by exactly that person's answers. Released figures never change.
async fn released_figures_never_change(backend: Backend) {
    let (anonymous, mut lead, state) = demo_state(backend, Settings::default()).await;
    let (_, q) = quarters();
    let views = [
        format!("/api/results?period={q}&cut=team"),
        format!("/api/results?period={q}&cut=team&cut2=pcf_level"),
        format!("/api/results?period={q}&domain=community&cut=service_area"),
        format!("/api/results/export.csv?period={q}&cut=team"),
    ];
    let mut before = Vec::new();
    for view in &views {
        before.push(lead.get(view).await.body);
    }
    // A Keighley practitioner resubmits, dated by a device that was offline in the released
    // quarter; a new colleague submits too.
    let template = published_template(&state).await;
    let mut priya = anonymous.another();
    priya
        .sign_in("practitioner@touchstone.example", DEMO_PASSWORD)
        .await;
    let priya_id: UserId =
        serde_json::from_value(priya.get("/api/auth/me").await.body["id"].clone()).unwrap();
    let mut again =
        server::demo_history::assessment(&template, "practitioner@touchstone.example", 0, Utc::now());
    again.submitted_at = Some(q.end() - Duration::days(1));
    for rating in again.ratings.values_mut() {
        *rating = Rating::One;
    }
    let record = submit(&state, priya_id, &again, now_received()).await;
    let counted = state
        .store
        .sync()
        .submission_snapshot(record)
        .await
        .unwrap()
        .unwrap()
        .counted_at;
    assert!(!q.contains(counted), "a released quarter takes nothing more");
    // Even a server told to believe devices further back will not put it in a released quarter.
    let (_, people) = small_team(&state, "New Starters", 1).await;
    let mut newcomer = server::demo_history::assessment(&template, &people[0].1, 3, Utc::now());
    let last_quarter = latest_due(Granularity::Quarter, Utc::now(), grace());
    newcomer.submitted_at = Some(last_quarter.end() - Duration::hours(3));
    let lenient = Received {
        at: Utc::now(),
        grace: Duration::days(400),
        matrix: Default::default(),
    };
    let record = submit(&state, people[0].0, &newcomer, lenient).await;
    let counted = state
        .store
        .sync()
        .submission_snapshot(record)
        .await
        .unwrap()
        .unwrap()
        .counted_at;
    assert!(
        Utc::now() - counted < Duration::minutes(5),
        "released quarters are closed: {counted}"
    );

    for (view, old) in views.iter().zip(&before) {
        assert_eq!(&lead.get(view).await.body, old, "{view} changed");
    }
    // The same holds for a fresh server on the same database: releases are stored.
    let restarted = Client::new(AppState::new(
        server::store::Database {
            store: state.store.clone(),
            sessions: state.sessions.clone(),
        },
        Settings::default(),
    ));
    let mut lead_again = restarted.another();
    lead_again
        .sign_in("workforce@touchstone.example", DEMO_PASSWORD)
        .await;
    assert_eq!(&lead_again.get(&views[0]).await.body, &before[0]);
}

/// Leak 3: in shown groups of 5–6 people, statements rated by 3 or 4 of them (the rest "not
/// applicable") were shown. Every figure now needs k people's ratings, in pages and exports.
async fn every_figure_rests_on_k_people(backend: Backend) {
    let (_, mut lead, state) = demo_state(backend, Settings::default()).await;
    let template = published_template(&state).await;
    let (team, people) = small_team(&state, "Six Team", 6).await;
    let (domain, statement) = template
        .content
        .statements()
        .find(|(d, _)| d.key == "community")
        .map(|(d, s)| (d.key.clone(), s.key.clone()))
        .unwrap();
    for (i, (user, email)) in people.iter().enumerate() {
        let mut a = server::demo_history::assessment(&template, email, 3, Utc::now());
        let rating = if i < 3 {
            Rating::Four
        } else {
            Rating::NotApplicable
        };
        a.ratings.insert(statement.clone(), rating);
        // Everyone rates the rest of the domain, so the domain itself rests on all six.
        for (d, s) in template.content.statements() {
            if d.key == domain && s.key != statement {
                a.ratings.insert(s.key.clone(), Rating::Three);
            }
        }
        let at = a.submitted_at.unwrap();
        submit(
            &state,
            *user,
            &a,
            Received {
                at: at + Duration::hours(1),
                grace: grace(),
                matrix: Default::default(),
            },
        )
        .await;
    }
    let (_, q) = quarters();
    let view = lead
        .get(&format!("/api/results?period={q}&team={team}&domain={domain}"))
        .await
        .body;
    assert_eq!(view["groups"][0]["people"], 6, "{}", view["groups"]);
    let row = view["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == statement)
        .unwrap();
    assert_eq!(
        row["figures"][0],
        serde_json::json!({"status": "hidden"}),
        "3 ratings: {row}"
    );
    let shown = view["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["figures"][0]["status"] == "shown")
        .count();
    assert!(shown >= 3, "the statements all six rated are shown");
    let csv = lead
        .get(&format!(
            "/api/results/export.csv?period={q}&team={team}&domain={domain}"
        ))
        .await;
    let text = csv.body.as_str().unwrap();
    let line = text
        .lines()
        .find(|l| l.contains(&row["label"].as_str().unwrap()[..20]))
        .unwrap();
    assert!(line.contains("Hidden to protect individuals"), "{line}");
    // And in every view a lead might ask for, nothing rests on fewer than five.
    let teams: Vec<Value> = lead.get("/api/teams").await.body.as_array().unwrap().clone();
    let mut requests = vec![
        format!("/api/results?period={q}&cut=team&cut2=pcf_level"),
        format!("/api/results?period={q}&cut=service_area&cut2=pcf_level&domain={domain}"),
        format!("/api/results?period={q}&cut=team&domain=risk"),
        format!(
            "/api/results?period={}&cut=team&cut2=pcf_level",
            latest_due(Granularity::Year, Utc::now(), grace())
        ),
    ];
    for t in teams.iter().take(4) {
        requests.push(format!(
            "/api/results?period={q}&team={}&cut=pcf_level&domain={domain}",
            t["id"].as_str().unwrap()
        ));
    }
    for request in &requests {
        let view = lead.get(request).await;
        assert_eq!(view.status, StatusCode::OK, "{request}");
        assert_every_figure_rests_on_k(&view.body, 5, request);
    }
}

/// Leak 4: `too_few` beside `complementary` in a line with a shown total bounded the small
/// group. Every hidden group now looks the same, and in each line the hidden part could hold
/// k or more people however it is split.
async fn hidden_groups_look_the_same_and_could_each_be_large(backend: Backend) {
    let (_, mut lead) = demo(backend, Settings::default()).await;
    let (_, q) = quarters();
    let grid = lead
        .get(&format!("/api/results?period={q}&cut=team&cut2=pcf_level"))
        .await
        .body;
    let text = grid.to_string();
    assert!(
        !text.contains("too_few") && !text.contains("complementary"),
        "no reasons on the wire"
    );
    let groups = grid["groups"].as_array().unwrap();
    let explanations: std::collections::BTreeSet<&str> = groups
        .iter()
        .filter(|g| g["status"] == "hidden")
        .map(|g| g["explanation"].as_str().unwrap())
        .collect();
    assert_eq!(explanations.len(), 1, "{explanations:?}");
    let by_team = lead.get(&format!("/api/results?period={q}&cut=team")).await.body;
    for team in by_team["groups"].as_array().unwrap() {
        let Some(total) = team["people"].as_u64() else {
            continue;
        };
        let levels: Vec<&Value> = groups
            .iter()
            .filter(|g| g["keys"][0] == team["keys"][0])
            .collect();
        let hidden = levels.iter().filter(|g| g["status"] == "hidden").count() as u64;
        let shown: u64 = levels.iter().filter_map(|g| g["people"].as_u64()).sum();
        if hidden > 0 {
            // Each hidden level could be k while the others hold one person each.
            assert!(
                total - shown >= 5 + hidden - 1,
                "{}: {hidden} hidden levels share {} people",
                team["labels"][0],
                total - shown
            );
        }
    }
}

on_both_backends!(
    a_group_looks_the_same_whichever_request_reaches_it,
    only_workforce_leads_see_results,
    the_whole_workforce_weakest_first_without_free_text,
    cuts_hide_small_groups_and_add_up,
    a_smaller_k_cannot_be_configured_and_a_larger_one_hides_more,
    comparisons_and_trends_say_what_changed,
    exports_carry_the_same_suppression,
    nonsense_requests_get_clear_errors,
    a_back_dated_submission_counts_when_it_arrives,
    released_figures_never_change,
    every_figure_rests_on_k_people,
    hidden_groups_look_the_same_and_could_each_be_large,
);
