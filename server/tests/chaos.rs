//! Chaos: two servers on one PostgreSQL behind a small proxy, and eight devices (two for each of
//! four practitioners) running the app's own sync engine (`shared::sync::engine`) against them
//! while the proxy cuts connections — before the request reaches a server, or after the server
//! has begun to answer — devices go offline and crash (their state goes through its stored form,
//! as after a reload), and the servers are killed with SIGKILL and started again.
//!
//! At the end the chaos stops and every device syncs until it has nothing left to send. Then:
//! every queue is empty with no conflict or rejection, every device holds exactly what the server
//! holds for its person, nothing any device wrote is missing or stale, and each record's server
//! version is the number of distinct changes pushed for it (a change applied twice would count
//! twice). Loopback only; bounded by `CHAOS_SECONDS` and `DRAIN_SECONDS`.

// The same helpers as the other server tests; this target uses only the PostgreSQL one.
#[allow(dead_code)]
#[path = "common/mod.rs"]
mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use server::store;
use shared::sync::engine::{Failure, SyncState};
use shared::sync::protocol::{EntityKind, PullResponse, PushRequest, PushResponse};
use shared::{ClientId, RecordId};
use sqlx::Connection;
use tokio::net::{TcpListener, TcpStream};
use tokio::process::{Child, Command};
use tokio::sync::Mutex;
use tokio::time::{Instant, sleep};

const PASSWORD: &str = "a long chaos password";
const PEOPLE: usize = 4;
const DEVICES_EACH: usize = 2;
/// How long the servers are killed, connections cut and devices crashed.
const CHAOS_SECONDS: u64 = 30;
/// How long the devices have, once it is calm, to send everything and agree.
const DRAIN_SECONDS: u64 = 60;

/// A small deterministic generator (xorshift64*), so a run's choices can be told apart by seed.
struct Dice(u64);

impl Dice {
    fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// What the chaos did, to show it happened.
#[derive(Default)]
struct Tally {
    kills: AtomicU64,
    refused: AtomicU64,
    cut_before: AtomicU64,
    cut_after: AtomicU64,
    passed: AtomicU64,
    failed_requests: AtomicU64,
    crashes: AtomicU64,
}

fn count(counter: &AtomicU64) -> u64 {
    counter.load(Ordering::Relaxed)
}

/// Migrates the database and adds four practitioners in one team; returns their emails.
async fn people(url: &str) -> Vec<String> {
    let db = store::connect(url)
        .await
        .expect("the database opens and migrates");
    let hash = server::password::hash(PASSWORD.into()).await.unwrap();
    let (_, people) = common::practitioners(&*db.store, "Keighley", PEOPLE, &hash).await;
    drop(db);
    people.into_iter().map(|(_, email)| email).collect()
}

/// One server process on a fixed port, which can be killed and started again.
struct Server {
    port: u16,
    url: String,
    log: std::path::PathBuf,
    child: Option<Child>,
}

impl Server {
    fn new(index: usize, url: &str) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let log = std::env::temp_dir().join(format!("touchstone-chaos-{}-{index}.log", std::process::id()));
        Self {
            port,
            url: url.into(),
            log,
            child: None,
        }
    }

    async fn start(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_touchstone"))
            .args(["--listen", &format!("127.0.0.1:{}", self.port)])
            .args(["--database-url", &self.url])
            .args([
                "--static-dir",
                "/nonexistent",
                "--log",
                "warn",
                "--insecure-cookies",
            ])
            .arg("--data-dir")
            .arg(std::env::temp_dir())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .expect("the server starts");
        self.child = Some(child);
        let health = format!("http://127.0.0.1:{}/api/health", self.port);
        for _ in 0..300 {
            if reqwest::get(&health).await.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "server on port {} did not start: see {}",
            self.port,
            self.log.display()
        );
    }

    /// SIGKILL: no shutdown, no flushing, whatever it was doing stops half-way.
    async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().await.expect("kill -9 the server");
        }
    }
}

/// Decides what happens to each connection through the proxy.
struct Weather {
    calm: AtomicBool,
    dice: std::sync::Mutex<Dice>,
}

enum Fate {
    Pass,
    /// Closed before anything reaches a server.
    CutBefore,
    /// The request reaches the server; the connection is closed once its answer starts.
    CutAfter,
}

/// Accepts on a port of its own and forwards each connection to one of the servers (round
/// robin, the next if one is down), or cuts it.
async fn proxy(ports: [u16; 2], weather: Arc<Weather>, tally: Arc<Tally>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut turn = 0usize;
        loop {
            let Ok((client, _)) = listener.accept().await else {
                continue;
            };
            turn += 1;
            let fate = if weather.calm.load(Ordering::Relaxed) {
                Fate::Pass
            } else {
                let mut dice = weather.dice.lock().unwrap();
                match dice.below(100) {
                    0..10 => Fate::CutBefore,
                    10..20 => Fate::CutAfter,
                    _ => Fate::Pass,
                }
            };
            let tally = tally.clone();
            tokio::spawn(forward(
                client,
                [ports[turn % 2], ports[(turn + 1) % 2]],
                fate,
                tally,
            ));
        }
    });
    port
}

async fn forward(mut client: TcpStream, ports: [u16; 2], fate: Fate, tally: Arc<Tally>) {
    let mut upstream = None;
    for port in ports {
        if let Ok(stream) = TcpStream::connect(("127.0.0.1", port)).await {
            upstream = Some(stream);
            break;
        }
    }
    let Some(mut upstream) = upstream else {
        tally.refused.fetch_add(1, Ordering::Relaxed);
        return; // both down: the device sees the connection closed
    };
    match fate {
        Fate::CutBefore => {
            tally.cut_before.fetch_add(1, Ordering::Relaxed);
        }
        Fate::Pass => {
            tally.passed.fetch_add(1, Ordering::Relaxed);
            let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
        }
        Fate::CutAfter => {
            tally.cut_after.fetch_add(1, Ordering::Relaxed);
            use tokio::io::AsyncReadExt;
            let (mut from_client, to_client) = client.into_split();
            let (mut from_server, mut to_server) = upstream.into_split();
            // Everything the device sends goes on (the device may close its side once it has
            // sent: the server's side stays open, so the server is not told to give up).
            let sending = tokio::spawn(async move {
                let _ = tokio::io::copy(&mut from_client, &mut to_server).await;
                std::future::pending::<()>().await;
                drop(to_server);
            });
            // The first byte of the answer means the server has done the work; the device
            // never hears it.
            let mut first = [0u8; 1];
            let _ = from_server.read(&mut first).await;
            sending.abort();
            drop(to_client);
        }
    }
}

/// One device: the app's engine, a signed-in cookie jar, and what it wrote.
struct Device {
    name: String,
    http: reqwest::Client,
    base: String,
    state: SyncState,
    dice: Dice,
    /// What each record this device created should hold at the end (`None`: deleted).
    wrote: BTreeMap<RecordId, Option<Value>>,
    /// The distinct mutation ids pushed for each record.
    pushed: BTreeMap<RecordId, BTreeSet<u64>>,
    edits: u64,
}

impl Device {
    async fn new(name: String, email: &str, base: String, seed: u64) -> Self {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            // A new connection for every request, so that each meets the proxy's dice.
            .pool_max_idle_per_host(0)
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        let body = json!({"email": email, "password": PASSWORD});
        for _ in 0..200 {
            if let Ok(answer) = http
                .post(format!("{base}/api/auth/sign-in"))
                .json(&body)
                .send()
                .await
                && answer.status() == StatusCode::OK
            {
                return Self {
                    name,
                    http,
                    base,
                    state: SyncState::new(ClientId::new()),
                    dice: Dice::new(seed),
                    wrote: BTreeMap::new(),
                    pushed: BTreeMap::new(),
                    edits: 0,
                };
            }
            sleep(Duration::from_millis(100)).await;
        }
        panic!("{name} could not sign in through the proxy");
    }

    /// A person's edit: a new note, a change to one of this device's own, or a deletion.
    fn edit(&mut self) {
        self.edits += 1;
        let alive: Vec<RecordId> = self
            .wrote
            .iter()
            .filter(|(_, v)| v.is_some())
            .map(|(k, _)| *k)
            .collect();
        let roll = self.dice.below(100);
        if alive.is_empty() || roll < 45 {
            let id = RecordId::new();
            let payload = json!({"title": format!("{} note {}", self.name, self.edits), "body": ""});
            self.state.put(EntityKind::Note, id, payload.clone());
            self.wrote.insert(id, Some(payload));
        } else if roll < 90 {
            let id = alive[self.dice.below(alive.len() as u64) as usize];
            let payload =
                json!({"title": format!("{} note", self.name), "body": format!("edit {}", self.edits)});
            self.state.put(EntityKind::Note, id, payload.clone());
            self.wrote.insert(id, Some(payload));
        } else {
            let id = alive[self.dice.below(alive.len() as u64) as usize];
            self.state.delete(id);
            self.wrote.insert(id, None);
        }
    }

    /// The device closes and opens again: what it kept is what its store held (the engine's
    /// stored form), so anything in flight is forgotten and will be sent again.
    fn crash(&mut self) {
        let stored = serde_json::to_string(&self.state).unwrap();
        self.state = serde_json::from_str(&stored).unwrap();
    }

    /// Pushes everything that can go, then pulls every page. `Err` when a request failed (the
    /// engine is told, and backs off).
    async fn sync(&mut self, tally: &Tally) -> Result<(), String> {
        while let Some((request, _dirty)) = self.state.next_push() {
            for m in &request.mutations {
                self.pushed.entry(m.record_id).or_default().insert(m.mutation_id);
            }
            match self.push(&request).await {
                Ok(answer) => {
                    self.state.push_succeeded(&answer);
                }
                Err(why) => {
                    tally.failed_requests.fetch_add(1, Ordering::Relaxed);
                    let jitter = self.dice.below(1000) as f64 / 1000.0;
                    self.state.push_failed(Failure { retry_after: None }, jitter);
                    return Err(why);
                }
            }
        }
        loop {
            let url = format!("{}/api/sync/pull?cursor={}", self.base, self.state.cursor);
            let answer: Result<PullResponse, String> = match self.http.get(url).send().await {
                Ok(r) if r.status() == StatusCode::OK => r.json().await.map_err(|e| e.to_string()),
                Ok(r) => Err(unexpected(r.status())),
                Err(e) => Err(e.to_string()),
            };
            match answer {
                Ok(page) => {
                    self.state.apply_pull(&page);
                    if !page.has_more {
                        return Ok(());
                    }
                }
                Err(why) => {
                    tally.failed_requests.fetch_add(1, Ordering::Relaxed);
                    self.state.pull_failed(Failure { retry_after: None }, 0.5);
                    return Err(why);
                }
            }
        }
    }

    async fn push(&self, request: &PushRequest) -> Result<PushResponse, String> {
        let answer = self
            .http
            .post(format!("{}/api/sync/push", self.base))
            .json(request)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if answer.status() != StatusCode::OK {
            return Err(unexpected(answer.status()));
        }
        answer.json().await.map_err(|e| e.to_string())
    }
}

/// A status the chaos cannot explain is a failure of the test, not of the network: only a
/// timed-out answer (503) may come back besides 200.
fn unexpected(status: StatusCode) -> String {
    assert_eq!(
        status,
        StatusCode::SERVICE_UNAVAILABLE,
        "an answer the chaos does not explain"
    );
    format!("status {status}")
}

/// What the server holds for a person, read by a device that starts from nothing.
async fn server_truth(email: &str, base: &str) -> SyncState {
    let mut fresh = Device::new(format!("fresh {email}"), email, base.into(), 7).await;
    fresh
        .sync(&Tally::default())
        .await
        .expect("the calm server answers");
    fresh.state
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_one_database_and_chaos_lose_and_double_nothing() {
    let url = common::new_postgres_database().await;
    let emails = people(&url).await;
    let mut servers = [Server::new(0, &url), Server::new(1, &url)];
    for server in &mut servers {
        server.start().await;
    }
    let seed = std::env::var("CHAOS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261205u64);
    println!("chaos seed {seed} (set CHAOS_SEED to choose another)");
    let tally = Arc::new(Tally::default());
    let weather = Arc::new(Weather {
        calm: AtomicBool::new(false),
        dice: std::sync::Mutex::new(Dice::new(seed)),
    });
    let port = proxy([servers[0].port, servers[1].port], weather.clone(), tally.clone()).await;
    let base = format!("http://127.0.0.1:{port}");

    // Sign in while it is calm; the chaos begins with the devices' work.
    weather.calm.store(true, Ordering::Relaxed);
    let mut devices = Vec::new();
    for (p, email) in emails.iter().enumerate() {
        for d in 0..DEVICES_EACH {
            let name = format!("p{p}d{d}");
            devices.push(Arc::new(Mutex::new(
                Device::new(name, email, base.clone(), seed + (p * 10 + d) as u64 + 1).await,
            )));
        }
    }
    weather.calm.store(false, Ordering::Relaxed);

    let stop = Instant::now() + Duration::from_secs(CHAOS_SECONDS);
    let mut running = Vec::new();
    for device in &devices {
        let device = device.clone();
        let tally = tally.clone();
        running.push(tokio::spawn(async move {
            let mut device = device.lock().await;
            let mut offline_until = Instant::now();
            while Instant::now() < stop {
                for _ in 0..=device.dice.below(3) {
                    device.edit();
                }
                if device.dice.chance(5) {
                    offline_until = Instant::now() + Duration::from_millis(500 + device.dice.below(2000));
                }
                // A failure only means trying again later, as the app does; but the device may
                // also close before then, which is when an answer lost after the server did the
                // work matters most.
                let failed = Instant::now() >= offline_until && device.sync(&tally).await.is_err();
                if device.dice.chance(if failed { 40 } else { 3 }) {
                    device.crash();
                    tally.crashes.fetch_add(1, Ordering::Relaxed);
                }
                let pause = 50 + device.dice.below(250);
                sleep(Duration::from_millis(pause)).await;
            }
        }));
    }

    // Kill a server every couple of seconds; once, both at once.
    let mut dice = Dice::new(seed ^ 0x5eed);
    let mut round = 0;
    while Instant::now() + Duration::from_secs(3) < stop {
        sleep(Duration::from_millis(1500 + dice.below(1500))).await;
        round += 1;
        let victims: Vec<usize> = if round == 3 {
            vec![0, 1]
        } else {
            vec![dice.below(2) as usize]
        };
        for &v in &victims {
            servers[v].kill().await;
            tally.kills.fetch_add(1, Ordering::Relaxed);
        }
        sleep(Duration::from_millis(200 + dice.below(1000))).await;
        for &v in &victims {
            servers[v].start().await;
        }
    }
    for task in running {
        task.await.expect("a device's task does not panic");
    }

    // Calm: both servers up, every connection passes. Each device syncs until nothing waits.
    weather.calm.store(true, Ordering::Relaxed);
    let deadline = Instant::now() + Duration::from_secs(DRAIN_SECONDS);
    for device in &devices {
        let mut device = device.lock().await;
        loop {
            let synced = device.sync(&tally).await;
            let problem = device.state.problems().next();
            assert!(
                problem.is_none(),
                "{}: a change came back as a problem: {problem:?}",
                device.name
            );
            if synced.is_ok() && device.state.waiting() == 0 && !device.state.in_flight() {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{} did not drain: {} waiting, last: {synced:?}",
                device.name,
                device.state.waiting()
            );
            sleep(Duration::from_millis(100)).await;
        }
    }
    // A second round, so that every device has pulled what the others sent last.
    for device in &devices {
        device
            .lock()
            .await
            .sync(&tally)
            .await
            .expect("the calm server answers");
    }

    let total_edits: u64 = {
        let mut n = 0;
        for device in &devices {
            n += device.lock().await.edits;
        }
        n
    };
    println!(
        "{} edits on {} devices; {} server kills, {} connections cut before and {} after the server \
         answered, {} refused, {} passed; {} requests failed; {} device crashes",
        total_edits,
        devices.len(),
        count(&tally.kills),
        count(&tally.cut_before),
        count(&tally.cut_after),
        count(&tally.refused),
        count(&tally.passed),
        count(&tally.failed_requests),
        count(&tally.crashes),
    );
    assert!(count(&tally.kills) >= 5, "the servers were killed");
    assert!(
        count(&tally.cut_after) >= 10,
        "answers were lost after the work was done"
    );
    assert!(count(&tally.failed_requests) >= 20, "the devices met the chaos");

    // What the server holds, tombstones and all, read from the database itself.
    let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
    let rows: Vec<(uuid::Uuid, i64, bool, Value)> =
        sqlx::query_as("select record_id, version, deleted, payload from sync_records")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    let stored: BTreeMap<RecordId, (i64, bool, Value)> = rows
        .into_iter()
        .map(|(id, v, d, p)| (RecordId(id), (v, d, p)))
        .collect();
    let (handled,): (i64,) = sqlx::query_as("select count(*) from sync_mutations")
        .fetch_one(&mut conn)
        .await
        .unwrap();

    let mut pushed_records = 0;
    let mut pushed_mutations = 0;
    for (p, email) in emails.iter().enumerate() {
        // Convergence: both of the person's devices hold what a device starting from nothing pulls.
        let truth = server_truth(email, &base).await;
        let visible = |state: &SyncState| -> BTreeMap<RecordId, (Option<i64>, Value)> {
            state
                .visible(EntityKind::Note)
                .map(|r| (r.record_id, (r.server_version, r.payload.clone())))
                .collect()
        };
        let expected = visible(&truth);
        for d in 0..DEVICES_EACH {
            let device = devices[p * DEVICES_EACH + d].lock().await;
            assert_eq!(device.state.waiting(), 0, "{}: every queue drains", device.name);
            assert_eq!(
                device.state.problems().count(),
                0,
                "{}: no conflict or rejection",
                device.name
            );
            assert_eq!(
                visible(&device.state),
                expected,
                "{} holds what the server holds",
                device.name
            );
            // Nothing lost, nothing applied twice: each record's version is the number of
            // distinct changes the device pushed for it, and it holds the last one.
            for (id, wrote) in &device.wrote {
                let pushed = device.pushed.get(id).map_or(0, BTreeSet::len) as i64;
                pushed_mutations += pushed;
                match (wrote, stored.get(id)) {
                    (Some(payload), Some((version, deleted, held))) => {
                        assert!(!deleted, "{}: note {id} is not deleted", device.name);
                        assert_eq!(held, payload, "{}: note {id} holds its last edit", device.name);
                        assert_eq!(
                            *version, pushed,
                            "{}: note {id} changed once per change pushed",
                            device.name
                        );
                    }
                    (None, Some((version, deleted, _))) => {
                        assert!(deleted, "{}: deleted note {id} stays deleted", device.name);
                        assert_eq!(
                            *version, pushed,
                            "{}: note {id} changed once per change pushed",
                            device.name
                        );
                    }
                    (None, None) => {
                        assert_eq!(pushed, 0, "{}: only a note never sent is unknown", device.name)
                    }
                    (Some(_), None) => panic!("{}: note {id} was lost", device.name),
                }
                if pushed > 0 {
                    pushed_records += 1;
                }
            }
        }
    }
    assert_eq!(
        stored.len(),
        pushed_records,
        "the server holds no record nobody wrote"
    );
    assert_eq!(
        handled, pushed_mutations,
        "every change pushed was handled exactly once"
    );
    for server in &mut servers {
        server.kill().await;
        let _ = std::fs::remove_file(&server.log);
    }
}
