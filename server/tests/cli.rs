//! The `touchstone` binary as an operator uses it: `create-admin`, `load-demo`, and serving until
//! SIGTERM with a graceful stop.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use shared::Role;

const BIN: &str = env!("CARGO_BIN_EXE_touchstone");

fn temp_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("touchstone-cli-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(dir)
        .arg("--log")
        .arg("warn")
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{args:?} failed: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[tokio::test]
async fn create_admin_prints_a_password_that_signs_in() {
    let dir = temp_dir();
    let out = run(
        &dir,
        &[
            "create-admin",
            "--email",
            " Boss@Council.example ",
            "--name",
            "The Boss",
        ],
    );
    assert!(
        out.contains("Created administrator boss@council.example"),
        "{out}"
    );
    let password = out
        .lines()
        .find_map(|l| l.split_once("securely): "))
        .map(|(_, p)| p.trim().to_owned())
        .unwrap();
    assert_eq!(password.len(), 20);

    let db = server::store::connect(&format!("sqlite://{}/touchstone.db", dir.display()))
        .await
        .unwrap();
    let creds = db
        .store
        .users()
        .credentials_by_email("boss@council.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(creds.user.roles, vec![Role::Admin]);
    assert_eq!(creds.user.display_name, "The Boss");
    assert!(
        server::password::verify(password.clone(), Some(creds.password_hash.clone()))
            .await
            .unwrap()
    );
    drop(db);

    // Again for the same email: a new password, still one admin, and the old password is gone.
    let again = run(&dir, &["create-admin", "--email", "boss@council.example"]);
    assert!(
        again.contains("is now an active administrator with a new password"),
        "{again}"
    );
    let db = server::store::connect(&format!("sqlite://{}/touchstone.db", dir.display()))
        .await
        .unwrap();
    let creds = db
        .store
        .users()
        .credentials_by_email("boss@council.example")
        .await
        .unwrap()
        .unwrap();
    assert!(
        !server::password::verify(password, Some(creds.password_hash))
            .await
            .unwrap()
    );
    assert_eq!(db.store.users().count_users().await.unwrap(), 1);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn create_admin_refuses_a_bad_email() {
    let dir = temp_dir();
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(&dir)
        .args(["create-admin", "--email", "nope"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Enter an email address in the correct format"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn load_demo_adds_data_once() {
    let dir = temp_dir();
    let first = run(&dir, &["load-demo"]);
    assert!(
        first.contains(
            "6 teams, 11 users, 96 colleagues, 412 self-assessments and 300 directory services added"
        ),
        "{first}"
    );
    let second = run(&dir, &["load-demo"]);
    assert!(
        second.contains("0 teams, 0 users, 0 colleagues, 0 self-assessments and 0 directory services added"),
        "{second}"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn load_demo_refuses_a_database_with_real_people() {
    let dir = temp_dir();
    run(&dir, &["create-admin", "--email", "real.admin@council.example"]);
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(&dir)
        .arg("load-demo")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("loads only into an empty database"), "{said}");
    // Nor does serving with --demo add its accounts to it: it stops, saying why.
    let mut serving = Command::new(BIN)
        .arg("--data-dir")
        .arg(&dir)
        .args(["--demo", "--listen", "127.0.0.1:0"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = serving.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(30) {
            serving.kill().ok();
            panic!("--demo served a database with real people in it");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert!(!status.success());
    let mut said = String::new();
    std::io::Read::read_to_string(&mut serving.stderr.take().unwrap(), &mut said).unwrap();
    assert!(said.contains("loads only into an empty database"), "{said}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn serve_stops_gracefully_on_sigterm() {
    let dir = temp_dir();
    let mut child = Command::new(BIN)
        .arg("--data-dir")
        .arg(&dir)
        .args(["--listen", "127.0.0.1:0", "--log", "info", "--demo"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let banner = lines
        .by_ref()
        .map(Result::unwrap)
        .find(|l| l.contains("running at"))
        .unwrap();
    assert!(banner.contains("http://127.0.0.1:"), "{banner}");
    // A blank line, the heading, then one line per demo account.
    let listed: Vec<String> = lines.by_ref().take(13).map(Result::unwrap).collect();
    assert!(
        listed.iter().any(|l| l.contains("admin@touchstone.example")),
        "demo accounts are listed: {listed:?}"
    );
    let killed = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "exits cleanly after SIGTERM: {status:?}");
    std::fs::remove_dir_all(dir).ok();
}

/// The feed files the import tests read, where they are beside the project.
fn real_feed(name: &str) -> String {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/oruk/samples/oruk-1.0-real-feeds")
        .join(name);
    assert!(
        path.is_file(),
        "{} is missing: the shared folder sits beside the project",
        path.display()
    );
    path.display().to_string()
}

#[test]
fn import_directory_dry_runs_then_applies_a_file_and_follows_a_feeds_pages() {
    let dir = temp_dir();
    let feed = real_feed("north-lincolnshire-services.json");
    let dry = run(&dir, &["import-directory", &feed, "--dry-run"]);
    assert!(
        dry.starts_with("ORUK 1.0 feed: 738 services found, 0 skipped. Would create 738"),
        "{dry}"
    );
    assert!(
        dry.contains("fixed    service") && dry.contains("description: HTML made plain text"),
        "{dry}"
    );
    assert!(dry.contains("Dry run: nothing was stored"), "{dry}");
    let applied = run(&dir, &["import-directory", &feed]);
    assert!(
        applied.contains("Created 738, updated 0, unchanged 0"),
        "{applied}"
    );
    let again = run(&dir, &["import-directory", &feed]);
    assert!(again.contains("Created 0, updated 0, unchanged 738"), "{again}");

    // Serve that directory, and import its ORUK feed by URL into another: 37 pages followed.
    let mut child = Command::new(BIN)
        .arg("--data-dir")
        .arg(&dir)
        .args(["--listen", "127.0.0.1:0", "--log", "warn"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let banner = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map(Result::unwrap)
        .find(|l| l.contains("running at"))
        .unwrap();
    let base = banner
        .split("running at ")
        .nth(1)
        .unwrap()
        .trim()
        .trim_end_matches('/')
        .to_owned();
    let other = temp_dir();
    let by_url = run(&other, &["import-directory", &format!("{base}/oruk/services")]);
    child.kill().ok();
    child.wait().ok();
    assert!(
        by_url.starts_with("ORUK 3.0 / HSDS 3.0 feed: 738 services found, 0 skipped. Created 738"),
        "{by_url}"
    );

    let missing = Command::new(BIN)
        .arg("--data-dir")
        .arg(&dir)
        .args(["import-directory", "/nowhere/feed.json"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("reading /nowhere/feed.json"));
    std::fs::remove_dir_all(dir).ok();
    std::fs::remove_dir_all(other).ok();
}
