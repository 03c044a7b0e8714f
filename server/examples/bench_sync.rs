//! Benchmark: push 1,000 queued changes over loopback, as a device coming back online would, and
//! print how long it took. Runs against SQLite (a fresh file) and, when given a URL, PostgreSQL.
//!
//!   cargo run --release -p server --example bench_sync -- [--postgres postgres://…/db] [--count N]
//!
//! `scripts/bench` runs it on both backends with a throwaway PostgreSQL database.
//! The goal: 1,000 changes in 2 seconds or less.

use std::time::Instant;

use anyhow::{Context, bail};
use serde_json::json;
use server::state::{AppState, Settings};
use server::store::{self, NewUser};
use shared::api::users::UserProfile;
use shared::sync::engine::SyncState;
use shared::sync::protocol::{EntityKind, PushResponse};
use shared::{ClientId, RecordId, Role, UserId};

const PASSWORD: &str = "benchmark password";

/// `bench_sync [--postgres URL] [--count N]`
#[derive(clap::Parser)]
struct Args {
    /// A PostgreSQL database to run against as well as SQLite.
    #[arg(long)]
    postgres: Option<String>,
    /// Queued changes to push.
    #[arg(long, default_value_t = 1_000)]
    count: usize,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let Args { postgres, count } = clap::Parser::parse();
    let dir = std::env::temp_dir().join(format!("touchstone-bench-{}", uuid::Uuid::now_v7()));
    let mut targets = vec![("sqlite", format!("sqlite://{}/bench.db", dir.display()))];
    if let Some(url) = postgres {
        targets.push(("postgres", url));
    }
    println!(
        "Pushing {count} queued changes over loopback (batches of {}):",
        shared::sync::protocol::MAX_PUSH
    );
    for (name, url) in targets {
        let (seconds, pushes) = run(&url, count)
            .await
            .with_context(|| format!("benchmark on {name}"))?;
        println!(
            "  {name:<9} {count} changes in {seconds:.3} s over {pushes} pushes: {:.0} changes/s {}",
            count as f64 / seconds,
            if seconds <= 2.0 {
                "(goal ≤ 2 s: met)"
            } else {
                "(goal ≤ 2 s: MISSED)"
            }
        );
    }
    std::fs::remove_dir_all(dir).ok();
    Ok(())
}

async fn run(url: &str, count: usize) -> anyhow::Result<(f64, usize)> {
    let db = store::connect(url).await?;
    let email = format!("bench-{}@example.org", uuid::Uuid::now_v7().simple());
    let profile = UserProfile {
        email: email.clone(),
        display_name: "Benchmark".into(),
        roles: vec![Role::Practitioner],
        team_id: None,
        pcf_level: None,
        active: true,
    };
    let hash = server::password::hash(PASSWORD.into()).await?;
    db.store
        .users()
        .create_user(&NewUser {
            id: UserId::new(),
            profile,
            password_hash: hash,
            created_at: chrono::Utc::now(),
            must_change_password: false,
        })
        .await?;
    let state = AppState::new(
        db,
        Settings {
            secure_cookies: false,
            ..Settings::default()
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server::serve(listener, state, async {
        stopped.await.ok();
    }));

    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let signed_in = client
        .post(format!("{base}/api/auth/sign-in"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await?;
    if !signed_in.status().is_success() {
        bail!("sign-in failed: {}", signed_in.status());
    }

    // The device's outbox, filled while offline: one new note per change.
    let mut device = SyncState::new(ClientId::new());
    for i in 0..count {
        let note = json!({"title": format!("Visit note {i}"), "body": "Talked through what matters to her and the risks she is willing to take. ".repeat(4)});
        device.put(EntityKind::Note, RecordId::new(), note);
    }

    let started = Instant::now();
    let mut pushes = 0;
    while let Some((request, _)) = device.next_push() {
        let response: PushResponse = client
            .post(format!("{base}/api/sync/push"))
            .json(&request)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        device.push_succeeded(&response);
        pushes += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    if device.waiting() != 0 {
        bail!("{} changes were not applied", device.waiting());
    }
    stop.send(()).ok();
    serving.await??;
    Ok((seconds, pushes))
}
