//! The sync simulation (`shared::sync::simulation`) against the real stores: the device engine
//! pushing to and pulling from SQLite and PostgreSQL through the `Store` trait, every record kind
//! on the default questionnaires, the manager leaving and rejoining the team through the user
//! store (which recomputes readers), with lost, duplicated and late deliveries, device crashes,
//! and the server restarting mid-batch (the store is closed and opened again; the batch's
//! transaction never commits).

use crate::common;

use std::collections::BTreeMap;

use common::Backend;
use proptest::prelude::*;
use server::store::{self, Database, NewUser};
use shared::api::teams::TeamInput;
use shared::api::templates::{TemplateKind, TemplateStatus};
use shared::api::users::UserProfile;
use shared::sync::protocol::{PullResponse, PushRequest, PushResponse, RecordState};
use shared::sync::simulation::{Form, Forms, Server, World, history};
use shared::{RecordId, Role, TeamId, UserId};
use sqlx::Connection;

struct RealServer {
    runtime: tokio::runtime::Runtime,
    url: String,
    db: Option<Database>,
    /// The practitioner, then their team manager.
    people: [UserId; 2],
    team: TeamId,
}

fn profile(i: usize, role: Role, team: Option<TeamId>) -> UserProfile {
    UserProfile {
        email: format!("person{i}@example.org"),
        display_name: format!("Person {i}"),
        roles: vec![role],
        team_id: team,
        pcf_level: None,
        active: true,
    }
}

impl RealServer {
    fn new(backend: Backend) -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let url = match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("touchstone-sim-{}", uuid::Uuid::now_v7()));
                format!("sqlite://{}/touchstone.db", dir.display())
            }
            Backend::Postgres => runtime.block_on(common::new_postgres_database()),
        };
        let db = runtime.block_on(store::connect(&url)).unwrap();
        let people = [UserId::new(), UserId::new()];
        let team = TeamId::new();
        let input = TeamInput {
            name: "Keighley".into(),
            service_area: "Keighley".into(),
            active: true,
        };
        runtime
            .block_on(db.store.users().create_team(team, &input))
            .unwrap();
        runtime
            .block_on(server::templates::install_defaults(db.store.as_ref()))
            .unwrap();
        for (i, (id, role)) in people
            .iter()
            .zip([Role::Practitioner, Role::TeamManager])
            .enumerate()
        {
            let new = NewUser {
                id: *id,
                profile: profile(i, role, Some(team)),
                password_hash: "x".into(),
                created_at: chrono::Utc::now(),
                must_change_password: false,
            };
            runtime.block_on(db.store.users().create_user(&new)).unwrap();
        }
        RealServer {
            runtime,
            url,
            db: Some(db),
            people,
            team,
        }
    }

    fn store(&self) -> &dyn store::Store {
        self.db.as_ref().unwrap().store.as_ref()
    }

    /// Closes the store and opens it again, as a restarted server process would.
    fn restart(&mut self) {
        drop(self.db.take());
        self.db = Some(self.runtime.block_on(store::connect(&self.url)).unwrap());
    }

    /// Applied mutations per record, counted in the database itself.
    fn count_applied(&self) -> BTreeMap<RecordId, i64> {
        let url = self.url.clone();
        self.runtime.block_on(async move {
            let rows: Vec<(uuid::Uuid, String)> = if url.starts_with("postgres") {
                let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
                sqlx::query_as("select record_id, outcome::text from sync_mutations")
                    .fetch_all(&mut c)
                    .await
                    .unwrap()
            } else {
                let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
                sqlx::query_as("select record_id, outcome from sync_mutations")
                    .fetch_all(&mut c)
                    .await
                    .unwrap()
            };
            let mut counts = BTreeMap::new();
            for (record, outcome) in rows {
                let outcome: serde_json::Value = serde_json::from_str(&outcome).unwrap();
                if outcome["status"] == "applied" {
                    *counts.entry(RecordId(record)).or_default() += 1;
                }
            }
            counts
        })
    }
}

impl Server for RealServer {
    fn people(&mut self) -> [UserId; 2] {
        self.people
    }

    fn forms(&mut self) -> Forms {
        let templates = self.store().templates();
        self.runtime.block_on(async {
            let mut forms = Vec::new();
            for kind in [TemplateKind::SelfAssessment, TemplateKind::CaseFileAudit] {
                let summary = templates
                    .list_templates()
                    .await
                    .unwrap()
                    .into_iter()
                    .find(|t| t.kind == kind && t.status == TemplateStatus::Published)
                    .expect("a default questionnaire of each kind");
                let template = templates.get_template(summary.id).await.unwrap().unwrap();
                forms.push(Form {
                    id: summary.id,
                    version: summary.version,
                    domains: template.content.domains.iter().map(|d| d.key.clone()).collect(),
                    statements: template
                        .content
                        .statements()
                        .map(|(_, s)| s.key.clone())
                        .collect(),
                });
            }
            let audit = forms.pop().unwrap();
            Forms {
                assessment: forms.pop().unwrap(),
                audit,
            }
        })
    }

    fn move_manager(&mut self, in_team: bool) {
        let manager = profile(1, Role::TeamManager, in_team.then_some(self.team));
        self.runtime
            .block_on(self.store().users().update_user(self.people[1], &manager))
            .unwrap()
            .expect("the manager exists");
    }

    fn push(&mut self, user: UserId, req: &PushRequest, die_after: Option<usize>) -> Option<PushResponse> {
        if die_after.is_some() {
            // The process dies before committing: the batch leaves no trace.
            self.restart();
            return None;
        }
        Some(
            self.runtime
                .block_on(self.store().sync().push(user, req))
                .expect("a push by the engine never errors"),
        )
    }

    fn pull(&mut self, user: UserId, cursor: i64, limit: u32) -> PullResponse {
        self.runtime
            .block_on(self.store().sync().pull(user, cursor, limit))
            .unwrap()
    }

    fn records(&mut self) -> Vec<RecordState> {
        let people = self.people;
        people
            .iter()
            .flat_map(|p| {
                let pulled = self.runtime.block_on(self.store().sync().pull(*p, 0, 10_000));
                // Each once, from its owner: readers pull others' records too.
                pulled
                    .unwrap()
                    .changes
                    .into_iter()
                    .map(|c| c.record)
                    .filter(|r| r.owner_id == *p)
            })
            .collect()
    }

    fn applied(&mut self) -> BTreeMap<RecordId, i64> {
        self.count_applied()
    }
}

impl Drop for RealServer {
    fn drop(&mut self) {
        if let Some(path) = self.url.strip_prefix("sqlite://") {
            drop(self.db.take());
            if let Some(dir) = std::path::Path::new(path).parent() {
                std::fs::remove_dir_all(dir).ok();
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, max_shrink_iters: 500, ..ProptestConfig::default() })]

    #[test]
    fn sqlite_store_never_loses_or_duplicates(steps in history(30), jitter in 0.0..1.0f64) {
        let mut world = World::new(RealServer::new(Backend::Sqlite));
        world.jitter = jitter;
        world.play(&steps)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn postgres_store_never_loses_or_duplicates(steps in history(30), jitter in 0.0..1.0f64) {
        let mut world = World::new(RealServer::new(Backend::Postgres));
        world.jitter = jitter;
        world.play(&steps)?;
    }
}
