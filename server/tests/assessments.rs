//! Self-assessments and case-file audits through sync, on both backends: who may keep and read
//! each (every role tried against every record by id and by pull), sharing and revoking,
//! read-only once submitted, template fit, and the snapshot taken at submission.

use crate::common;

use axum::http::StatusCode;
use common::{Backend, Client, PASSWORD, on_both_backends};
use serde_json::{Value, json};
use shared::api::templates::{Template, TemplateSummary};
use shared::{ClientId, RecordId};

pub(crate) struct World {
    /// Pat and Sam are practitioners in Keighley; Tom manages Keighley; Mo manages another team;
    /// Wendy is a workforce lead; Cara commissions the directory; `admin` administers.
    pub(crate) pat: Client,
    pub(crate) sam: Client,
    pub(crate) tom: Client,
    pub(crate) mo: Client,
    pub(crate) wendy: Client,
    pub(crate) cara: Client,
    pub(crate) admin: Client,
    pub(crate) ids: std::collections::BTreeMap<&'static str, String>,
    practice: Template,
    basics: Template,
    pub(crate) state: server::state::AppState,
}

pub(crate) async fn world(backend: Backend) -> World {
    world_with(backend, Default::default()).await
}

/// `world`, under these settings.
pub(crate) async fn world_with(backend: Backend, settings: server::state::Settings) -> World {
    world_on(common::database(backend).await, settings).await
}

/// `world`, on `db`.
pub(crate) async fn world_on(db: server::store::Database, settings: server::state::Settings) -> World {
    server::templates::install_defaults(db.store.as_ref())
        .await
        .unwrap();
    let state = common::state(db, settings);
    common::seed_admin(&state, "root@example.org").await;
    let mut admin = Client::new(state.clone());
    admin.sign_in("root@example.org", PASSWORD).await;
    let keighley = admin
        .post(
            "/api/teams",
            json!({"name": "Keighley", "service_area": "Access and Prevention", "active": true}),
        )
        .await
        .body["id"]
        .clone();
    let other = admin
        .post(
            "/api/teams",
            json!({"name": "Airedale", "service_area": "Hospital", "active": true}),
        )
        .await
        .body["id"]
        .clone();
    let mut ids = std::collections::BTreeMap::new();
    for (name, roles, team, pcf) in [
        (
            "pat",
            vec!["practitioner"],
            keighley.clone(),
            json!("social_worker"),
        ),
        (
            "sam",
            vec!["practitioner"],
            keighley.clone(),
            json!("experienced"),
        ),
        ("tom", vec!["team_manager"], keighley.clone(), Value::Null),
        ("mo", vec!["team_manager"], other.clone(), Value::Null),
        ("wendy", vec!["workforce_lead"], Value::Null, Value::Null),
        ("cara", vec!["commissioner"], Value::Null, Value::Null),
    ] {
        let answer = admin
            .post(
                "/api/users",
                json!({"email": format!("{name}@example.org"), "display_name": name, "roles": roles,
                       "password": PASSWORD, "team_id": team, "pcf_level": pcf}),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
        ids.insert(name, answer.body["id"].as_str().unwrap().to_owned());
    }
    let signed_in = |name: &str| {
        let mut client = admin.another();
        let email = format!("{name}@example.org");
        async move {
            client.first_sign_in(&email).await;
            client
        }
    };
    let (pat, sam, tom, mo, wendy, cara) = (
        signed_in("pat").await,
        signed_in("sam").await,
        signed_in("tom").await,
        signed_in("mo").await,
        signed_in("wendy").await,
        signed_in("cara").await,
    );
    let mut world = World {
        pat,
        sam,
        tom,
        mo,
        wendy,
        cara,
        admin,
        ids,
        practice: placeholder(),
        basics: placeholder(),
        state,
    };
    let list: Vec<TemplateSummary> =
        serde_json::from_value(world.pat.get("/api/templates").await.body).unwrap();
    for summary in list {
        let full: Template = serde_json::from_value(
            world
                .pat
                .get(&format!("/api/templates/{}", summary.id))
                .await
                .body,
        )
        .unwrap();
        match summary.key.as_str() {
            "practice-model" => world.practice = full,
            _ => world.basics = full,
        }
    }
    world
}

fn placeholder() -> Template {
    serde_json::from_value(json!({
        "id": shared::TemplateId::new(), "key": "x", "version": 1, "kind": "self_assessment",
        "status": "draft", "title": "x", "created_at": "2026-01-01T00:00:00Z", "published_at": null,
        "content": {"key": "x", "kind": "self_assessment", "title": "x", "domains": []}
    }))
    .unwrap()
}

/// A self-assessment payload on `template`, rating every statement `score` if `complete`.
fn assessment(template: &Template, complete: bool, submitted: bool) -> Value {
    let ratings: serde_json::Map<String, Value> = template
        .content
        .statements()
        .take(if complete { usize::MAX } else { 2 })
        .map(|(d, s)| (s.key.clone(), json!(if d.key == "community" { "2" } else { "4" })))
        .collect();
    json!({
        "template_id": template.summary.id, "template_version": template.summary.version,
        "status": if submitted { "submitted" } else { "draft" },
        "started_at": "2026-11-01T09:00:00Z",
        "submitted_at": if submitted { json!("2026-11-02T09:00:00Z") } else { Value::Null },
        "ratings": ratings,
        "domains": {"community": {"reflection": "Private thoughts", "help": ["shadowing", "training"], "help_other": ""}},
        "shared_with_manager": false,
    })
}

pub(crate) fn mutation(id: u64, entity: &str, record: RecordId, base: Option<i64>, payload: Value) -> Value {
    json!({"mutation_id": id, "entity": entity, "record_id": record, "base_version": base,
           "operation": "put", "payload": payload})
}

pub(crate) async fn push_one(client: &mut Client, m: Value) -> Value {
    let answer = client
        .post(
            "/api/sync/push",
            json!({"client_id": ClientId::new(), "mutations": [m]}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body["results"][0]["outcome"].clone()
}

fn strip_nulls(mut v: Value) -> Value {
    if let Value::Object(map) = &mut v {
        map.retain(|_, value| !value.is_null());
    }
    v
}

pub(crate) async fn visible(client: &mut Client, record: RecordId) -> Option<Value> {
    let pulled = client.get("/api/sync/pull?cursor=0").await.body["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["record"]["record_id"] == json!(record))
        .map(|c| c["record"].clone());
    let by_id = client.get(&format!("/api/sync/records/{record}")).await;
    match &pulled {
        Some(r) if !r["deleted"].as_bool().unwrap() => {
            assert_eq!(by_id.status, StatusCode::OK, "pull and get agree");
            Some(r.clone())
        }
        _ => {
            assert_eq!(by_id.status, StatusCode::NOT_FOUND, "{}", by_id.body);
            assert_eq!(by_id.body["code"], "not_found");
            pulled
        }
    }
}

async fn a_self_assessment_is_its_authors_until_shared(backend: Backend) {
    let mut w = world(backend).await;
    let record = RecordId::new();
    let draft = strip_nulls(assessment(&w.practice, false, false));
    assert_eq!(
        push_one(
            &mut w.pat,
            mutation(1, "self_assessment", record, None, draft.clone())
        )
        .await,
        json!({"status": "applied", "version": 1})
    );
    assert_eq!(visible(&mut w.pat, record).await.unwrap()["payload"], draft);
    // Nobody else reads it: not a colleague, not the team manager, not another manager, not the
    // workforce lead, not an administrator.
    for client in [&mut w.sam, &mut w.tom, &mut w.mo, &mut w.wendy, &mut w.admin] {
        assert_eq!(visible(client, record).await, None);
        // Nor change it.
        let outcome = push_one(
            client,
            mutation(1, "self_assessment", record, Some(1), draft.clone()),
        )
        .await;
        assert_eq!(outcome["status"], "rejected", "{outcome}");
    }

    // Submitted and shared: the team manager (only) reads it.
    let mut submitted = strip_nulls(assessment(&w.practice, true, true));
    submitted["shared_with_manager"] = json!(true);
    assert_eq!(
        push_one(
            &mut w.pat,
            mutation(2, "self_assessment", record, Some(1), submitted.clone())
        )
        .await,
        json!({"status": "applied", "version": 2})
    );
    assert_eq!(visible(&mut w.tom, record).await.unwrap()["payload"], submitted);
    for client in [&mut w.sam, &mut w.mo, &mut w.wendy, &mut w.admin] {
        assert_eq!(visible(client, record).await, None);
    }
    // The manager may read, not write.
    let outcome = push_one(
        &mut w.tom,
        mutation(1, "self_assessment", record, Some(2), submitted.clone()),
    )
    .await;
    assert_eq!(outcome["status"], "rejected");

    // Revoked: the manager's device is told it is gone, with nothing of it left in the answer.
    submitted["shared_with_manager"] = json!(false);
    assert_eq!(
        push_one(
            &mut w.pat,
            mutation(3, "self_assessment", record, Some(2), submitted.clone())
        )
        .await,
        json!({"status": "applied", "version": 3})
    );
    let gone = visible(&mut w.tom, record).await.unwrap();
    assert_eq!(
        (gone["deleted"].clone(), gone["payload"].clone()),
        (json!(true), Value::Null)
    );

    // Submitted means read-only: no edits, no deletion; sharing is still the author's to change.
    let mut edited = submitted.clone();
    edited["ratings"]["community.know_local"] = json!("5");
    let outcome = push_one(
        &mut w.pat,
        mutation(4, "self_assessment", record, Some(3), edited),
    )
    .await;
    assert_eq!(
        outcome["fields"]["status"],
        json!(["This has been submitted and can no longer be changed"])
    );
    let delete = json!({"mutation_id": 5, "entity": "self_assessment", "record_id": record, "base_version": 3,
                        "operation": "delete", "payload": null});
    assert_eq!(push_one(&mut w.pat, delete).await["status"], "rejected");
    assert_eq!(visible(&mut w.pat, record).await.unwrap()["version"], 3);
}

async fn submission_records_who_and_where_and_checks_the_template(backend: Backend) {
    let mut w = world(backend).await;
    // Only practitioners keep self-assessments.
    let outcome = push_one(
        &mut w.wendy,
        mutation(
            1,
            "self_assessment",
            RecordId::new(),
            None,
            strip_nulls(assessment(&w.practice, true, false)),
        ),
    )
    .await;
    assert_eq!(
        outcome["fields"]["entity"],
        json!(["Only practitioners keep self-assessments"])
    );
    // Every statement must be answered to submit.
    let record = RecordId::new();
    let outcome = push_one(
        &mut w.pat,
        mutation(
            1,
            "self_assessment",
            record,
            None,
            strip_nulls(assessment(&w.practice, false, true)),
        ),
    )
    .await;
    assert_eq!(outcome["status"], "rejected");
    let missing = w.practice.content.domains[5].statements[0].key.clone();
    assert!(
        outcome["fields"][format!("ratings.{missing}")][0]
            .as_str()
            .unwrap()
            .starts_with("Choose how confident")
    );
    // The audit template is not a self-assessment.
    let mut wrong = strip_nulls(assessment(&w.practice, true, true));
    wrong["template_id"] = json!(w.basics.summary.id);
    assert_eq!(
        push_one(&mut w.pat, mutation(2, "self_assessment", record, None, wrong)).await["fields"]["template_id"],
        json!(["This questionnaire is of another kind or version"])
    );
    // Nothing of the refused pushes was stored.
    assert_eq!(visible(&mut w.pat, record).await, None);

    let outcome = push_one(
        &mut w.pat,
        mutation(
            3,
            "self_assessment",
            record,
            None,
            strip_nulls(assessment(&w.practice, true, true)),
        ),
    )
    .await;
    assert_eq!(outcome["status"], "applied", "{outcome}");
    let snapshot = w
        .state
        .store
        .sync()
        .submission_snapshot(shared::RecordId(record.0))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(snapshot.team_name.as_deref(), Some("Keighley"));
    assert_eq!(snapshot.service_area.as_deref(), Some("Access and Prevention"));
    assert_eq!(snapshot.pcf_level.as_deref(), Some("social_worker"));
    assert_eq!(snapshot.ratings as usize, w.practice.content.statements().count());
    assert_eq!(snapshot.help, 2);

    // Pat moves team and progresses; the submitted assessment keeps where Pat was.
    let pat_id = w.ids["pat"].clone();
    let mut profile = w.admin.get(&format!("/api/users/{pat_id}")).await.body;
    profile["team_id"] = Value::Null;
    profile["pcf_level"] = json!("experienced");
    let answer = w.admin.put(&format!("/api/users/{pat_id}"), profile).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let snapshot = w
        .state
        .store
        .sync()
        .submission_snapshot(shared::RecordId(record.0))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (snapshot.team_name.as_deref(), snapshot.pcf_level.as_deref()),
        (Some("Keighley"), Some("social_worker"))
    );
}

fn audit(w: &World, practitioner: &str, submitted: bool) -> Value {
    let grades: serde_json::Map<String, Value> = w
        .basics
        .content
        .statements()
        .map(|(_, s)| {
            (
                s.key.clone(),
                json!({"grade": "good", "comment": "Clear and current."}),
            )
        })
        .collect();
    strip_nulls(json!({
        "template_id": w.basics.summary.id, "template_version": w.basics.summary.version,
        "status": if submitted { "submitted" } else { "draft" },
        "started_at": "2026-11-01T09:00:00Z",
        "submitted_at": if submitted { json!("2026-11-02T09:00:00Z") } else { Value::Null },
        "case_reference": "LAS-120045",
        "practitioner_id": w.ids[practitioner],
        "grades": grades,
        "actions": [{"action": "Add the person's own words to the plan", "due": {"day": "15", "month": "1", "year": "2027"}}],
    }))
}

async fn a_case_audit_is_read_by_the_practitioner_whose_case_it_is(backend: Backend) {
    let mut w = world(backend).await;
    let record = RecordId::new();
    // A manager picks from the practitioners in their own team; a practitioner sees their
    // colleagues (to share a risk enablement form); nobody else gets the list.
    let team = w.tom.get("/api/team/practitioners").await;
    assert_eq!(team.status, StatusCode::OK);
    let names: Vec<&str> = team
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["display_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["pat", "sam"]);
    let colleagues = w.pat.get("/api/team/practitioners").await.body;
    assert_eq!(colleagues[0]["display_name"], "sam");
    assert_eq!(colleagues.as_array().unwrap().len(), 1);
    assert_eq!(
        w.wendy.get("/api/team/practitioners").await.status,
        StatusCode::FORBIDDEN
    );
    // Practitioners do not audit; a manager audits only their own team's practitioners.
    let payload_pat_false = audit(&w, "pat", false);
    let outcome = push_one(
        &mut w.sam,
        mutation(1, "case_audit", record, None, payload_pat_false.clone()),
    )
    .await;
    assert_eq!(
        outcome["fields"]["entity"],
        json!(["Only team managers audit case files"])
    );
    let payload_pat_false = audit(&w, "pat", false);
    let outcome = push_one(
        &mut w.mo,
        mutation(1, "case_audit", record, None, payload_pat_false.clone()),
    )
    .await;
    assert_eq!(
        outcome["fields"]["practitioner_id"],
        json!(["Choose a practitioner in your team"])
    );
    let mut named = audit(&w, "pat", false);
    named["case_reference"] = json!("Mary Smith");
    let outcome = push_one(&mut w.tom, mutation(1, "case_audit", record, None, named)).await;
    assert!(
        outcome["fields"]["case_reference"][0]
            .as_str()
            .unwrap()
            .contains("never a name")
    );

    let submitted = audit(&w, "pat", true);
    assert_eq!(
        push_one(
            &mut w.tom,
            mutation(2, "case_audit", record, None, submitted.clone())
        )
        .await,
        json!({"status": "applied", "version": 1})
    );
    assert_eq!(visible(&mut w.tom, record).await.unwrap()["payload"], submitted);
    let seen = visible(&mut w.pat, record).await.unwrap();
    assert_eq!(seen["payload"], submitted);
    assert_eq!(seen["owner_id"], json!(w.ids["tom"]));
    for client in [&mut w.sam, &mut w.mo, &mut w.wendy, &mut w.admin] {
        assert_eq!(visible(client, record).await, None);
    }
    // The practitioner cannot change it; once submitted, neither can the manager.
    assert_eq!(
        push_one(
            &mut w.pat,
            mutation(1, "case_audit", record, Some(1), submitted.clone())
        )
        .await["status"],
        "rejected"
    );
    let mut changed = submitted.clone();
    changed["case_reference"] = json!("LAS-999");
    assert_eq!(
        push_one(&mut w.tom, mutation(3, "case_audit", record, Some(1), changed)).await["fields"]["status"],
        json!(["This has been submitted and can no longer be changed"])
    );
}

async fn a_draft_audit_moved_to_another_practitioner_leaves_the_first(backend: Backend) {
    let mut w = world(backend).await;
    let record = RecordId::new();
    let payload_pat_false = audit(&w, "pat", false);
    push_one(
        &mut w.tom,
        mutation(1, "case_audit", record, None, payload_pat_false.clone()),
    )
    .await;
    assert!(visible(&mut w.pat, record).await.is_some());
    let payload_sam_false = audit(&w, "sam", false);
    assert_eq!(
        push_one(
            &mut w.tom,
            mutation(2, "case_audit", record, Some(1), payload_sam_false.clone())
        )
        .await["status"],
        "applied"
    );
    assert!(visible(&mut w.sam, record).await.is_some());
    let gone = visible(&mut w.pat, record).await.unwrap();
    assert_eq!(gone["deleted"], true, "Pat's device is told to forget it");
}

/// Every change `client` pulls after `cursor`, and the new cursor.
pub(crate) async fn pull_after(client: &mut Client, cursor: i64) -> (Vec<Value>, i64) {
    let answer = client.get(&format!("/api/sync/pull?cursor={cursor}")).await.body;
    let changes = answer["changes"].as_array().unwrap().clone();
    (
        changes.into_iter().map(|c| c["record"].clone()).collect(),
        answer["cursor"].as_i64().unwrap(),
    )
}

/// Moves `name` to `team` (a team id, or null) with `roles`, as an administrator does.
pub(crate) async fn reassign(w: &mut World, name: &str, team: Value, roles: &[&str]) {
    let id = w.ids[name].clone();
    let answer = w
        .admin
        .put(
            &format!("/api/users/{id}"),
            json!({"email": format!("{name}@example.org"), "display_name": name, "roles": roles,
                   "team_id": team, "pcf_level": null, "active": true}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
}

async fn shared_assessments_follow_managers_and_authors_between_teams(backend: Backend) {
    let mut w = world(backend).await;
    let keighley = w.pat.get("/api/auth/me").await.body["team"]["id"].clone();
    let airedale = w.mo.get("/api/auth/me").await.body["team"]["id"].clone();
    let record = RecordId::new();
    let mut shared = strip_nulls(assessment(&w.practice, true, true));
    shared["shared_with_manager"] = json!(true);
    let made = mutation(1, "self_assessment", record, None, shared.clone());
    assert_eq!(push_one(&mut w.pat, made).await["version"], 1);
    let (_, mut mo_cursor) = pull_after(&mut w.mo, 0).await;
    let (_, mut tom_cursor) = pull_after(&mut w.tom, 0).await;
    let (_, pat_cursor) = pull_after(&mut w.pat, 0).await;
    assert!(visible(&mut w.mo, record).await.is_none());

    // Mo joins Keighley: Mo's next pull brings what Keighley already shares with its manager.
    reassign(&mut w, "mo", keighley.clone(), &["team_manager"]).await;
    let (changes, next) = pull_after(&mut w.mo, mo_cursor).await;
    mo_cursor = next;
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0]["payload"], shared);
    assert_eq!(changes[0]["version"], 1, "readers changed, the record did not");
    assert!(visible(&mut w.mo, record).await.is_some());

    // Tom moves to Airedale: his device is told to forget it, and he cannot fetch it by id.
    reassign(&mut w, "tom", airedale.clone(), &["team_manager"]).await;
    let (changes, next) = pull_after(&mut w.tom, tom_cursor).await;
    tom_cursor = next;
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(
        (changes[0]["deleted"].clone(), changes[0]["payload"].clone()),
        (json!(true), Value::Null)
    );
    assert!(visible(&mut w.tom, record).await.unwrap()["deleted"] == true);

    // Pat moves to Airedale: Airedale's manager reads it, Keighley's no longer does.
    reassign(&mut w, "pat", airedale.clone(), &["practitioner"]).await;
    let (changes, _) = pull_after(&mut w.tom, tom_cursor).await;
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["payload"], shared);
    let (changes, _) = pull_after(&mut w.mo, mo_cursor).await;
    assert_eq!(changes[0]["deleted"], true);

    // Tom loses the team manager role: it leaves him too. A new manager of Airedale reads it.
    reassign(&mut w, "tom", airedale.clone(), &["practitioner"]).await;
    assert!(visible(&mut w.tom, record).await.unwrap()["deleted"] == true);
    let answer = w
        .admin
        .post(
            "/api/users",
            json!({"email": "ann@example.org", "display_name": "ann", "roles": ["team_manager"],
                   "password": PASSWORD, "team_id": airedale, "pcf_level": null}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let mut ann = w.admin.another();
    ann.first_sign_in("ann@example.org").await;
    assert_eq!(visible(&mut ann, record).await.unwrap()["payload"], shared);
    assert!(visible(&mut w.mo, record).await.unwrap()["deleted"] == true);

    // Pat's own device sees the same version again and has nothing to merge; her next change
    // builds on it as before.
    let (changes, _) = pull_after(&mut w.pat, pat_cursor).await;
    assert!(changes.iter().all(|c| c["version"] == 1), "{changes:?}");
    shared["shared_with_manager"] = json!(false);
    let unshared = mutation(2, "self_assessment", record, Some(1), shared);
    assert_eq!(
        push_one(&mut w.pat, unshared).await,
        json!({"status": "applied", "version": 2})
    );
    assert!(visible(&mut ann, record).await.unwrap()["deleted"] == true);
}

/// Readers are worked out from each kind's audience whenever teams or roles change: a case
/// audit is read by the practitioner it names wherever they or the manager go, and a note stays
/// its author's when they move to a team whose manager reads what is shared.
async fn every_kind_keeps_its_audience_when_teams_change(backend: Backend) {
    let mut w = world(backend).await;
    let airedale = w.mo.get("/api/auth/me").await.body["team_id"].clone();
    let audit_id = RecordId::new();
    let submitted = audit(&w, "pat", true);
    let made = mutation(1, "case_audit", audit_id, None, submitted.clone());
    assert_eq!(push_one(&mut w.tom, made).await["status"], "applied");
    let note_id = RecordId::new();
    let note = mutation(
        1,
        "note",
        note_id,
        None,
        json!({"title": "Supervision", "body": "mine"}),
    );
    assert_eq!(push_one(&mut w.pat, note).await["status"], "applied");

    reassign(&mut w, "pat", airedale.clone(), &["practitioner"]).await;
    assert_eq!(visible(&mut w.pat, audit_id).await.unwrap()["payload"], submitted);
    reassign(&mut w, "tom", airedale.clone(), &["practitioner"]).await;
    assert_eq!(visible(&mut w.pat, audit_id).await.unwrap()["payload"], submitted);
    for client in [&mut w.mo, &mut w.sam, &mut w.tom] {
        assert_eq!(
            visible(client, note_id).await,
            None,
            "a note is its author's alone"
        );
    }
    assert_eq!(visible(&mut w.mo, audit_id).await, None);
}

on_both_backends!(
    shared_assessments_follow_managers_and_authors_between_teams,
    a_self_assessment_is_its_authors_until_shared,
    submission_records_who_and_where_and_checks_the_template,
    a_case_audit_is_read_by_the_practitioner_whose_case_it_is,
    a_draft_audit_moved_to_another_practitioner_leaves_the_first,
    every_kind_keeps_its_audience_when_teams_change,
);
