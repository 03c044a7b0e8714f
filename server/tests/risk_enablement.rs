//! Risk enablement forms through sync, on both backends: who reads a form (its author, the
//! managers of the author's team, colleagues the author adds; every role tried by pull, by id,
//! for its versions and its access history), the review (sent only when ready, returned or
//! agreed only by a manager of the author's team, every change of stage kept as a version with
//! who and when), and the read audit (server reads and a device's offline reads).

use crate::assessments::{
    World, mutation, pull_after, push_one, reassign, visible, world, world_on, world_with,
};
use crate::common;

use axum::http::StatusCode;
use chrono::{Days, NaiveDate, Utc};
use common::{Backend, Client, on_both_backends};
use serde_json::{Value, json};
use shared::api::case_audits::DateParts;
use shared::api::risk_enablement::{
    Agrees, CopyGiven, Helper, Mitigation, Person, Risk, RiskEnablement, RiskStatus, Source, ToWhom,
    TookPart, Trigger, View, Wellbeing,
};
use shared::risk::scoring::{Matrix, Rating};
use shared::risk::workflow::{Comment, Decision, Verdict};
use shared::{RecordId, UserId};
use uuid::Uuid;

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// Ann's wish to go to her allotment alone again (made up), ready to send; its one risk is
/// rated `inherent` as things are and `residual` once the mitigation is done.
fn ready(inherent: (u8, u8), residual: (u8, u8)) -> RiskEnablement {
    let fall = Uuid::from_u128(1);
    let rating = |(likelihood, impact): (u8, u8)| Some(Rating { likelihood, impact });
    RiskEnablement {
        case_reference: "LAS-1042".into(),
        known_as: "Ann".into(),
        talked_on: DateParts::from_date(today()),
        took_part: Some(TookPart::OwnWords),
        wants: "Go to my allotment on my own again".into(),
        why: "It is where I feel like me".into(),
        wellbeing: vec![Wellbeing::Control],
        strengths: "Grew vegetables for forty years".into(),
        benefits: "Fresh air and her friends at the site".into(),
        risks: vec![Risk {
            id: fall,
            what: "A fall on the uneven path, alone".into(),
            to_whom: vec![ToWhom::ThePerson],
            source: Some(Source::TheActivity),
            their_view: "I have fallen before and got up".into(),
            evidence: "Two falls at home this year".into(),
            inherent: rating(inherent),
        }],
        not_doing: "Low mood; she stops going out".into(),
        mitigations: vec![Mitigation {
            action: "A pendant alarm".into(),
            owner: Some(Helper::Person(Person {
                name: "Sam".into(),
                role: "Social worker".into(),
            })),
            by: DateParts::from_date(today()),
            reduces: vec![fall],
            residual: rating(residual),
            warning_signs: "A missed Tuesday".into(),
        }],
        views: vec![View {
            who: Person {
                name: "Jo".into(),
                role: "Daughter".into(),
            },
            view: "Worried, but wants her to go".into(),
            agrees: Some(Agrees::Partly),
            not_asked_why: String::new(),
        }],
        doubt_capacity: Some(false),
        safeguarding_concern: Some(false),
        options: vec![shared::api::risk_enablement::Considered {
            option: "Go with a carer".into(),
            ..Default::default()
        }],
        least_restrictive_why: "Her independence".into(),
        plan: "Ann goes on Tuesdays with her alarm".into(),
        review_by: DateParts::from_date(today().checked_add_days(Days::new(90)).unwrap()),
        review_sooner_if: vec![Trigger::Incident],
        copy_given: Some(CopyGiven::Printed),
        ..RiskEnablement::default()
    }
}

fn at(form: &RiskEnablement, status: RiskStatus) -> RiskEnablement {
    RiskEnablement {
        status,
        ..form.clone()
    }
}

fn id_of(w: &World, name: &str) -> UserId {
    UserId(w.ids[name].parse().unwrap())
}

fn decided(form: &RiskEnablement, verdict: Verdict, by: UserId, reason: &str) -> RiskEnablement {
    let status = match verdict {
        Verdict::Returned => RiskStatus::Returned,
        Verdict::Agreed => RiskStatus::Agreed,
    };
    RiskEnablement {
        status,
        decision: Some(Decision {
            verdict,
            by,
            at: Utc::now(),
            reason: reason.into(),
        }),
        ..form.clone()
    }
}

async fn put(
    client: &mut Client,
    n: u64,
    record: RecordId,
    base: Option<i64>,
    form: &RiskEnablement,
) -> Value {
    let payload = serde_json::to_value(form).unwrap();
    push_one(client, mutation(n, "risk_enablement", record, base, payload)).await
}

/// The stages and authors of the form's kept versions, as `client` sees them.
async fn versions(client: &mut Client, record: RecordId) -> Vec<(String, String)> {
    let answer = client.get(&format!("/api/sync/records/{record}/versions")).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["status"].as_str().unwrap().to_owned(),
                v["by"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Whether each of everyone reads the form now: by pull, by id, and its versions.
async fn readers_now(w: &mut World, record: RecordId) -> Vec<&'static str> {
    let mut reading = Vec::new();
    for (name, client) in [
        ("pat", &mut w.pat),
        ("sam", &mut w.sam),
        ("tom", &mut w.tom),
        ("mo", &mut w.mo),
        ("wendy", &mut w.wendy),
        ("cara", &mut w.cara),
        ("admin", &mut w.admin),
    ] {
        let seen = visible(client, record)
            .await
            .is_some_and(|r| r["deleted"] == false);
        let versions = client
            .get(&format!("/api/sync/records/{record}/versions"))
            .await
            .status;
        assert_eq!(
            versions == StatusCode::OK,
            seen,
            "{name}: versions follow reading"
        );
        if seen {
            reading.push(name);
        }
    }
    reading
}

async fn a_form_is_read_by_its_author_their_managers_and_colleagues_they_add(backend: Backend) {
    let mut w = world(backend).await;
    let record = RecordId::new();
    let form = ready((3, 4), (2, 3));
    assert_eq!(put(&mut w.pat, 1, record, None, &form).await["status"], "applied");
    assert_eq!(readers_now(&mut w, record).await, ["pat", "tom"]);

    // Pat lets Sam read it; someone who is not a user cannot be added.
    let shared = RiskEnablement {
        readers: vec![id_of(&w, "sam")],
        ..form.clone()
    };
    assert_eq!(
        put(&mut w.pat, 2, record, Some(1), &shared).await["status"],
        "applied"
    );
    assert_eq!(readers_now(&mut w, record).await, ["pat", "sam", "tom"]);
    let stranger = RiskEnablement {
        readers: vec![UserId::new()],
        ..form.clone()
    };
    let refused = put(&mut w.pat, 3, record, Some(2), &stranger).await;
    assert_eq!(
        refused["fields"]["readers"][0],
        "Choose colleagues who use Touchstone: practitioners or managers"
    );
    // A workforce lead is not a colleague on a case.
    let lead = RiskEnablement {
        readers: vec![id_of(&w, "wendy")],
        ..form.clone()
    };
    assert_eq!(
        put(&mut w.pat, 3, record, Some(2), &lead).await["status"],
        "rejected"
    );
    // Nor is a commissioner, who keeps the directory.
    let commissioner = RiskEnablement {
        readers: vec![id_of(&w, "cara")],
        ..form.clone()
    };
    assert_eq!(
        put(&mut w.pat, 3, record, Some(2), &commissioner).await["status"],
        "rejected"
    );

    // A colleague reads but does not change it; nobody else can either.
    let mut changed = shared.clone();
    changed.plan = "Sam's plan".into();
    for client in [&mut w.sam, &mut w.mo, &mut w.wendy, &mut w.cara, &mut w.admin] {
        let outcome = put(client, 4, record, Some(2), &changed).await;
        assert_eq!(outcome["status"], "rejected", "{outcome}");
    }

    // Readers follow the team: Tom moves to Airedale and stops reading it; Mo, now managing
    // Keighley, reads it.
    let keighley = w.pat.get("/api/auth/me").await.body["team"]["id"].clone();
    let airedale = w.mo.get("/api/auth/me").await.body["team"]["id"].clone();
    reassign(&mut w, "tom", airedale, &["team_manager"]).await;
    reassign(&mut w, "mo", keighley, &["team_manager"]).await;
    assert_eq!(readers_now(&mut w, record).await, ["pat", "sam", "mo"]);
    let (pulled, _) = pull_after(&mut w.tom, 0).await;
    let gone = pulled.iter().find(|r| r["record_id"] == json!(record)).unwrap();
    assert_eq!(gone["deleted"], true, "Tom's device is told to forget it");
}

async fn a_manager_of_the_team_returns_or_agrees_and_every_stage_is_kept(backend: Backend) {
    let mut w = world(backend).await;
    let (pat, tom, mo) = (id_of(&w, "pat"), id_of(&w, "tom"), id_of(&w, "mo"));
    let record = RecordId::new();
    let form = ready((3, 4), (2, 3));

    // Not ready: each gap named, nothing stored.
    let mut thin = at(&form, RiskStatus::AwaitingReview);
    thin.plan.clear();
    thin.review_by = DateParts::default();
    let refused = put(&mut w.pat, 1, record, None, &thin).await;
    assert_eq!(refused["status"], "rejected");
    assert_eq!(refused["fields"]["plan"][0], "Write the plan in plain words");
    assert_eq!(refused["fields"]["review_by"][0], "Enter a review date");
    assert_eq!(visible(&mut w.pat, record).await, None);

    let sent = at(&form, RiskStatus::AwaitingReview);
    assert_eq!(put(&mut w.pat, 2, record, None, &sent).await["status"], "applied");

    // The author, a manager of another team and a workforce lead cannot decide on it.
    let by_pat = decided(&sent, Verdict::Agreed, pat, "");
    assert_eq!(
        put(&mut w.pat, 3, record, Some(1), &by_pat).await["status"],
        "rejected"
    );
    let by_mo = decided(&sent, Verdict::Agreed, mo, "");
    assert_eq!(
        put(&mut w.mo, 3, record, Some(1), &by_mo).await["status"],
        "rejected"
    );

    // Tom returns it with a comment on the plan.
    let mut returned = decided(&sent, Verdict::Returned, tom, "");
    returned.comments.push(Comment {
        id: Uuid::new_v4(),
        field: "plan".into(),
        by: tom,
        at: Utc::now(),
        text: "Who rings if she misses Tuesday?".into(),
    });
    assert_eq!(
        put(&mut w.tom, 4, record, Some(1), &returned).await["status"],
        "applied"
    );

    // Pat answers, changes the plan and sends it again.
    let mut resent = at(&returned, RiskStatus::AwaitingReview);
    resent.plan = "Ann goes on Tuesdays with her alarm; Jo rings if she misses one".into();
    resent.comments.push(Comment {
        id: Uuid::new_v4(),
        field: "plan".into(),
        by: pat,
        at: Utc::now(),
        text: "Her daughter Jo: added to the plan".into(),
    });
    assert_eq!(
        put(&mut w.pat, 5, record, Some(2), &resent).await["status"],
        "applied"
    );

    let agreed = decided(&resent, Verdict::Agreed, tom, "");
    assert_eq!(
        put(&mut w.tom, 6, record, Some(3), &agreed).await["status"],
        "applied"
    );
    let kept = versions(&mut w.pat, record).await;
    let expected: Vec<(String, String)> = [
        ("awaiting_review", "pat"),
        ("returned", "tom"),
        ("awaiting_review", "pat"),
        ("agreed", "tom"),
    ]
    .iter()
    .map(|(s, b)| (s.to_string(), b.to_string()))
    .collect();
    assert_eq!(kept, expected);
    let answer = w.tom.get(&format!("/api/sync/records/{record}/versions")).await;
    let first: RiskEnablement =
        serde_json::from_value(answer.body["versions"][0]["payload"].clone()).unwrap();
    assert_eq!(first, sent, "the version sent is kept as it was");

    // An agreed plan changes only through a review.
    let mut quietly = agreed.clone();
    quietly.plan = "Different".into();
    assert_eq!(
        put(&mut w.pat, 7, record, Some(4), &quietly).await["status"],
        "rejected"
    );
}

async fn a_plan_whose_risk_stays_high_is_agreed_with_a_reason(backend: Backend) {
    let mut w = world(backend).await;
    let tom = id_of(&w, "tom");
    let record = RecordId::new();
    // Likely × major (16) as things are; possible × major (12, high) once mitigated.
    let sent = at(&ready((4, 4), (3, 4)), RiskStatus::AwaitingReview);
    assert_eq!(put(&mut w.pat, 1, record, None, &sent).await["status"], "applied");
    let bare = decided(&sent, Verdict::Agreed, tom, "");
    let refused = put(&mut w.tom, 2, record, Some(1), &bare).await;
    assert_eq!(
        refused["fields"]["decision.reason"][0],
        "A risk stays high once everything planned is done: say why you agree the plan"
    );
    let reasoned = decided(
        &sent,
        Verdict::Agreed,
        tom,
        "Ann knows the site; the alarm covers the rest",
    );
    assert_eq!(
        put(&mut w.tom, 3, record, Some(1), &reasoned).await["status"],
        "applied"
    );
}

/// Green to black, with bands starting at 3, 6 and 9: stricter than the defaults.
fn councils_matrix() -> Matrix {
    Matrix {
        band_names: ["Green", "Amber", "Red", "Black"].map(str::to_owned),
        band_starts: [3, 6, 9],
        ..Matrix::default()
    }
}

async fn the_councils_matrix_is_on_every_device_and_judges_each_form(backend: Backend) {
    let settings = server::state::Settings {
        risk_matrix: std::sync::Arc::new(councils_matrix()),
        ..Default::default()
    };
    let mut w = world_with(backend, settings).await;
    // Everyone who signs in gets it, for their device to rate risks offline as the server will.
    for client in [&mut w.pat, &mut w.tom, &mut w.wendy] {
        let answer = client.get("/api/risk/matrix").await;
        assert_eq!(answer.status, StatusCode::OK);
        let matrix: Matrix = serde_json::from_value(answer.body).unwrap();
        assert_eq!(matrix, councils_matrix());
    }
    let mut stranger = w.admin.another();
    stranger.cookie = None;
    assert_eq!(
        stranger.get("/api/risk/matrix").await.status,
        StatusCode::UNAUTHORIZED
    );

    // Unlikely × moderate (6) stays "Red" (high) here, though only moderate by the defaults:
    // agreeing the plan needs the manager's reason.
    let tom = id_of(&w, "tom");
    let record = RecordId::new();
    let sent = at(&ready((3, 3), (2, 3)), RiskStatus::AwaitingReview);
    assert_eq!(put(&mut w.pat, 1, record, None, &sent).await["status"], "applied");
    let bare = decided(&sent, Verdict::Agreed, tom, "");
    let refused = put(&mut w.tom, 2, record, Some(1), &bare).await;
    assert_eq!(refused["status"], "rejected", "{refused}");
    assert!(refused["fields"]["decision.reason"].is_array(), "{refused}");
    let mut lenient = world(backend).await;
    let record = RecordId::new();
    assert_eq!(
        put(&mut lenient.pat, 1, record, None, &sent).await["status"],
        "applied"
    );
    let tom = id_of(&lenient, "tom");
    let bare = decided(&sent, Verdict::Agreed, tom, "");
    assert_eq!(
        put(&mut lenient.tom, 2, record, Some(1), &bare).await["status"],
        "applied",
        "by the default matrix the same plan is only moderate"
    );
}

/// A device saves a form as it is typed while it tells the server of the forms it opened: on
/// SQLite, a transaction that read before writing used to fail at once ("database is locked")
/// when another write went first. Every request is answered, none with a 500.
async fn reads_and_saves_at_the_same_moment_all_succeed(backend: Backend) {
    let mut w = world_on(common::database_as_served(backend).await, Default::default()).await;
    let record = RecordId::new();
    let form = ready((3, 4), (2, 3));
    assert_eq!(put(&mut w.pat, 1, record, None, &form).await["status"], "applied");
    let mut at_once = tokio::task::JoinSet::new();
    for n in 0..64u64 {
        let mut device = w.pat.another();
        device.cookie = w.pat.cookie.clone();
        let form = form.clone();
        at_once.spawn(async move {
            if n % 2 == 0 {
                let answer = device
                    .post(
                        "/api/sync/reads",
                        json!({"reads": [{"record_id": record, "read_at": Utc::now()}]}),
                    )
                    .await;
                (answer.status, answer.body["kept"].clone())
            } else {
                let payload = serde_json::to_value(&form).unwrap();
                let m = mutation(n, "risk_enablement", RecordId::new(), None, payload);
                (StatusCode::OK, push_one(&mut device, m).await["status"].clone())
            }
        });
    }
    for (status, outcome) in at_once.join_all().await {
        assert_eq!(status, StatusCode::OK, "{outcome}");
        assert!(outcome == json!(1) || outcome == json!("applied"), "{outcome}");
    }
}

async fn every_read_of_a_form_is_audited(backend: Backend) {
    let mut w = world(backend).await;
    let record = RecordId::new();
    let form = ready((3, 4), (2, 3));
    assert_eq!(put(&mut w.pat, 1, record, None, &form).await["status"], "applied");

    // Pat's device pulls it back; Tom pulls it and opens it by id; Sam, who does not read it,
    // tries.
    pull_after(&mut w.pat, 0).await;
    pull_after(&mut w.tom, 0).await;
    assert_eq!(
        w.tom.get(&format!("/api/sync/records/{record}")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        w.sam.get(&format!("/api/sync/records/{record}")).await.status,
        StatusCode::NOT_FOUND
    );
    // Offline, Tom's device opened it yesterday; Sam's device says it opened it too (it never
    // had it), and a time in the future is not believed.
    let yesterday = Utc::now() - chrono::Duration::days(1);
    let tomorrow = Utc::now() + chrono::Duration::days(1);
    let kept = w
        .tom
        .post(
            "/api/sync/reads",
            json!({"reads": [{"record_id": record, "read_at": yesterday}, {"record_id": record, "read_at": tomorrow}]}),
        )
        .await;
    assert_eq!(kept.body, json!({"kept": 1, "left_out": 1}));
    let sam = w
        .sam
        .post(
            "/api/sync/reads",
            json!({"reads": [{"record_id": record, "read_at": yesterday}]}),
        )
        .await;
    assert_eq!(sam.body, json!({"kept": 0, "left_out": 1}));

    // The author and Tom see the history; nobody else, not even a colleague who reads the form.
    let history = w.pat.get(&format!("/api/sync/records/{record}/reads")).await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.body);
    let reads: Vec<(String, String)> = history.body["reads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["reader"].as_str().unwrap().to_owned(),
                r["via"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let by_tom: Vec<&str> = reads
        .iter()
        .filter(|(who, _)| who == "tom")
        .map(|(_, via)| via.as_str())
        .collect();
    assert_eq!(by_tom, ["server", "server", "device"], "newest first: {reads:?}");
    assert!(reads.iter().all(|(who, _)| who != "sam"), "Sam never read it");
    assert!(
        reads.iter().any(|(who, via)| who == "pat" && via == "server"),
        "the author's own pull counts"
    );
    assert_eq!(
        w.tom
            .get(&format!("/api/sync/records/{record}/reads"))
            .await
            .status,
        StatusCode::OK
    );
    let shared = RiskEnablement {
        readers: vec![id_of(&w, "sam")],
        ..form.clone()
    };
    assert_eq!(
        put(&mut w.pat, 2, record, Some(1), &shared).await["status"],
        "applied"
    );
    for client in [&mut w.sam, &mut w.mo, &mut w.wendy, &mut w.admin] {
        let answer = client.get(&format!("/api/sync/records/{record}/reads")).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
    }
    // Administrators see every read in the security audit log: who, when, how, which form (by
    // id, never its content).
    let logged = w.admin.get("/api/audit?action=form_read").await;
    assert_eq!(logged.status, StatusCode::OK, "{}", logged.body);
    let toms: Vec<&str> = logged.body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["subject"] == json!(record) && e["user"] == "tom@example.org")
        .map(|e| e["detail"].as_str().unwrap())
        .collect();
    assert_eq!(
        toms,
        [
            "read from the server",
            "read from the server",
            "opened on a device"
        ],
        "{}",
        logged.body
    );
    // Too many at once is refused whole.
    let many: Vec<Value> = (0..501)
        .map(|_| json!({"record_id": record, "read_at": yesterday}))
        .collect();
    let refused = w.tom.post("/api/sync/reads", json!({"reads": many})).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
}

on_both_backends!(
    a_form_is_read_by_its_author_their_managers_and_colleagues_they_add,
    a_manager_of_the_team_returns_or_agrees_and_every_stage_is_kept,
    a_plan_whose_risk_stays_high_is_agreed_with_a_reason,
    the_councils_matrix_is_on_every_device_and_judges_each_form,
    reads_and_saves_at_the_same_moment_all_succeed,
    every_read_of_a_form_is_audited,
);
