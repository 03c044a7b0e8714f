//! Aggregated results on the demo workforce, on both backends: only workforce leads may see
//! them, small groups are hidden (with neighbours) in every answer alike, the groups add up,
//! no free text or individual answer leaves, comparisons and exports follow the same rules.

mod common;

use axum::http::StatusCode;
use common::{Backend, Client, on_both_backends};
use serde_json::Value;
use server::demo::DEMO_PASSWORD;
use server::state::Settings;
use shared::results::period::{Granularity, Period};

const ENDPOINTS: [&str; 5] = [
    "/api/results/periods",
    "/api/results?period={q}",
    "/api/results/compare?before={p}&after={q}",
    "/api/results/export.csv?period={q}",
    "/api/results/export.xlsx?period={q}",
];

/// The current and previous quarter: the demo history has a round in each.
fn quarters() -> (Period, Period) {
    let now = Period::containing(chrono::Utc::now(), Granularity::Quarter);
    (now.previous(), now)
}

fn url(template: &str) -> String {
    let (p, q) = quarters();
    template
        .replace("{p}", &p.to_string())
        .replace("{q}", &q.to_string())
}

async fn demo(backend: Backend, settings: Settings) -> (Client, Client) {
    let db = common::database(backend).await;
    server::demo::load(db.store.as_ref()).await.unwrap();
    let state = common::state(db, settings);
    let anonymous = Client::new(state);
    let mut lead = anonymous.another();
    assert_eq!(
        lead.sign_in("workforce@touchstone.example", DEMO_PASSWORD)
            .await
            .status,
        StatusCode::OK
    );
    (anonymous, lead)
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
    assert_eq!(
        periods.body["last_month"],
        Period::containing(chrono::Utc::now(), Granularity::Month).to_string()
    );
    let view = lead.get(&url("/api/results?period={q}")).await;
    assert_eq!(view.status, StatusCode::OK, "{}", view.body);
    // 7 demo practitioners and 96 colleagues, each once this quarter.
    assert_eq!(shown_people(&view.body), [Some(103)]);
    let items = view.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 6);
    let confident: Vec<f64> = items
        .iter()
        .map(|i| i["figures"][0]["confident"].as_f64().unwrap())
        .collect();
    assert!(
        confident.windows(2).all(|w| w[0] <= w[1]),
        "weakest first: {confident:?}"
    );
    assert_eq!(items[0]["key"], "risk", "risk enabling is the demo's weakest");
    for item in items {
        let f = &item["figures"][0];
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
    let requests: Vec<u64> = help.iter().map(|h| h["requests"][0].as_u64().unwrap()).collect();
    assert!(requests.windows(2).all(|w| w[0] >= w[1]), "{requests:?}");
    assert!(requests.iter().all(|n| (1..=103).contains(n)));
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
                f["distribution"]
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
        if group["hidden"].is_null() {
            assert!(group["people"].as_u64().unwrap() >= 5);
            continue;
        }
        *hidden_per_team
            .entry(group["keys"][0].as_str().unwrap().to_owned())
            .or_default() += 1;
        assert!(group["people"].is_null());
        assert!(group["explanation"].as_str().unwrap().starts_with("Hidden"));
        for item in grid["items"].as_array().unwrap() {
            assert!(item["figures"][i].is_null(), "no figures for a hidden group");
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
    assert_eq!(alone["groups"][0]["hidden"], "too_few");
    assert!(alone["items"][0]["figures"][0].is_null());
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
    let hidden_rows: Vec<&csv::StringRecord> = rows.iter().filter(|r| r[13].starts_with("Hidden")).collect();
    assert_eq!(
        hidden_rows.len(),
        groups.iter().filter(|g| !g["hidden"].is_null()).count() * 6
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
            let answer = (group["people"].clone(), group["hidden"].clone(), request.clone());
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
    assert!(seen.values().any(|v| !v.1.is_null()) && seen.values().any(|v| v.1.is_null()));
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
);
