//! Benchmark: the community-assets directory with 10,000 services. Imports them as an ORUK feed
//! (the whole pipeline: reading, checking, one transaction), then serves the public feed and the
//! search on loopback and loads it with `wrk` (a real HTTP load tool, bounded in time), printing
//! requests per second and p50/p99 latency at a fixed concurrency. SQLite always; PostgreSQL
//! when given a URL.
//!
//!   cargo run --release -p server --example bench_directory -- [--postgres URL] [--services N]
//!       [--seconds S] [--connections C]
//!
//! `scripts/bench` runs it on both backends. Goals: PostgreSQL ≥ 2,000 requests/s with p99 ≤
//! 50 ms; SQLite ≥ 1,000 requests/s; import ≥ 5,000 services/s.

use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};
use server::export::Everything;
use server::state::{AppState, Settings};
use server::store;

#[derive(clap::Parser)]
struct Args {
    /// A PostgreSQL database to run against as well as SQLite.
    #[arg(long)]
    postgres: Option<String>,
    #[arg(long, default_value_t = 10_000)]
    services: usize,
    /// How long `wrk` loads each address.
    #[arg(long, default_value_t = 8)]
    seconds: u32,
    /// Open connections `wrk` keeps (2 threads).
    #[arg(long, default_value_t = 16)]
    connections: u32,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Args = clap::Parser::parse();
    if Command::new("wrk").arg("--version").output().is_err() {
        bail!("wrk is not installed (apt-get install wrk; scripts/bench does it)");
    }
    let dir = std::env::temp_dir().join(format!("touchstone-bench-{}", uuid::Uuid::now_v7()));
    let mut targets = vec![("sqlite", format!("sqlite://{}/bench.db", dir.display()))];
    if let Some(url) = &args.postgres {
        targets.push(("postgres", url.clone()));
    }
    let today = chrono::Utc::now().date_naive();
    let batch =
        server::demo_directory::directory_of(today, args.services, args.services / 5, args.services / 10);
    let everything = Everything {
        services: batch.services.clone(),
        organizations: batch.organizations.clone(),
        locations: batch.locations.clone(),
        taxonomies: vec![shared::directory::taxonomy::shipped()],
    };
    let feed = serde_json::to_value(server::export::oruk_json(&everything))?;
    println!(
        "Directory of {} services ({} organisations, {} places); wrk: 2 threads, {} connections, {} s per address:",
        batch.services.len(),
        batch.organizations.len(),
        batch.locations.len(),
        args.connections,
        args.seconds
    );
    for (name, url) in targets {
        run(name, &url, &feed, &args)
            .await
            .with_context(|| format!("benchmark on {name}"))?;
    }
    if std::env::var_os("TOUCHSTONE_BENCH_KEEP").is_some() {
        println!("Kept {}", dir.display());
    } else {
        std::fs::remove_dir_all(dir).ok();
    }
    Ok(())
}

async fn run(name: &str, url: &str, feed: &serde_json::Value, args: &Args) -> anyhow::Result<()> {
    let db = store::connect(url).await?;
    let started = Instant::now();
    let report = server::import::import(db.store.as_ref(), std::slice::from_ref(feed), false, None).await?;
    let seconds = started.elapsed().as_secs_f64();
    let rate = report.created as f64 / seconds;
    println!(
        "  {name}: imported {} services in {seconds:.2} s: {rate:.0} services/s {}",
        report.created,
        if rate >= 5_000.0 {
            "(goal ≥ 5,000/s: met)"
        } else {
            "(goal ≥ 5,000/s: MISSED)"
        }
    );
    let some_term = shared::directory::taxonomy::shipped()
        .terms
        .iter()
        .find(|t| t.code.as_deref() == Some("dementia"))
        .map(|t| t.id)
        .unwrap_or_default();
    let some_service = report_first_id(feed);

    let state = AppState::new(db, Settings::default());
    snapshot_size(&state).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let server = tokio::spawn(server::serve(listener, state, std::future::pending()));
    let goal_rps = if name == "postgres" { 2_000.0 } else { 1_000.0 };
    // Lists are read a page at a time, any page (a reader walking them, or jumping): wrk asks
    // for a random page of each on every request. What a listing or search finds is remembered
    // between its pages and repeats (`store/directory/found.rs`), as readers get it; the
    // "never asked" lines make every request a query not seen before, which finds everything
    // afresh: what a first search costs.
    let paths: [(&str, String, Option<Vary>); 7] = [
        (
            "feed pages, any of 480",
            "/oruk/services?per_page=20&".to_owned(),
            Some(Vary::Page(480)),
        ),
        (
            "one whole service",
            format!("/oruk/services/{some_service}"),
            None,
        ),
        (
            "search \"memory cafe\"",
            "/oruk/services?search=memory%20cafe".to_owned(),
            None,
        ),
        (
            "category + age, any page",
            format!("/oruk/services?taxonomy_term_id={some_term}&minimum_age=70&"),
            Some(Vary::Page(25)),
        ),
        (
            "search + modified_after",
            "/oruk/services?search=walk&modified_after=2020-01-01".to_owned(),
            None,
        ),
        (
            "  never asked before",
            "/oruk/services?search=walk&".to_owned(),
            Some(Vary::NeverAsked),
        ),
        (
            "category, never asked",
            format!("/oruk/services?taxonomy_term_id={some_term}&"),
            Some(Vary::NeverAsked),
        ),
    ];
    for (what, path, vary) in paths {
        let (rps, p50, p99) = wrk(&format!("http://{address}{path}"), vary, args)?;
        let met = rps >= goal_rps && (name != "postgres" || p99 <= 50.0);
        let verdict = match (vary, met) {
            // Every request a query nobody asked before: not what a feed under load sees, but
            // what a first search costs, printed to compare.
            (Some(Vary::NeverAsked), _) => "(first finding, to compare)",
            (_, true) => "(goal: met)",
            (_, false) => "(goal: MISSED)",
        };
        println!("    {what:<26} {rps:>7.0} req/s   p50 {p50:>6.2} ms   p99 {p99:>6.2} ms   {verdict}");
    }
    server.abort();
    Ok(())
}

/// The device's copy of the whole directory (`GET /api/directory/snapshot`): how long the
/// server takes to read it, and its size as JSON and as sent (brotli, as the server compresses).
async fn snapshot_size(state: &AppState) -> anyhow::Result<()> {
    let started = Instant::now();
    let snapshot = server::routes::directory::services::read_snapshot(state, None)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let read = started.elapsed().as_secs_f64() * 1000.0;
    let json = serde_json::to_vec(&snapshot)?;
    let mut sent = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 5,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut json.as_slice(), &mut sent, &params)?;
    println!(
        "    device copy: {} services read in {read:.0} ms, {:.1} MB of JSON, {:.2} MB sent (brotli 5)",
        snapshot.services.len(),
        json.len() as f64 / 1e6,
        sent.len() as f64 / 1e6
    );
    Ok(())
}

fn report_first_id(feed: &serde_json::Value) -> String {
    feed.as_array()
        .and_then(|a| a.first())
        .and_then(|s| s["id"].as_str())
        .unwrap_or_default()
        .to_owned()
}

/// How each request `wrk` makes differs from the last.
#[derive(Clone, Copy)]
enum Vary {
    /// A random page, up to this one, of the same listing.
    Page(u32),
    /// A `modified_after` before any service was written, a different one each time: the same
    /// services, but a query never asked before, so never remembered (`store/directory/found.rs`).
    NeverAsked,
}

/// Runs `wrk` on `url` (varied on every request as `vary` says; the url then ends in `?` or
/// `&`): requests per second, p50 and p99 in milliseconds.
fn wrk(url: &str, vary: Option<Vary>, args: &Args) -> anyhow::Result<(f64, f64, f64)> {
    let mut command = Command::new("wrk");
    command.args([
        "-t2",
        &format!("-c{}", args.connections),
        &format!("-d{}s", args.seconds),
        "--latency",
    ]);
    let script = std::env::temp_dir().join(format!("touchstone-bench-{}.lua", uuid::Uuid::now_v7()));
    if let Some(vary) = vary {
        let path = url
            .split_once("/oruk")
            .map(|(_, p)| format!("/oruk{p}"))
            .unwrap_or_default();
        let suffix = match vary {
            Vary::Page(pages) => format!("\"page=\" .. math.random(1, {pages})"),
            // Any second of 2000–2018, when no service was written.
            Vary::NeverAsked => {
                "\"modified_after=\" .. os.date(\"!%Y-%m-%dT%H:%M:%SZ\", 946684800 + math.random(0, 567993600))"
                    .to_owned()
            }
        };
        // Each thread draws its own numbers (wrk's threads would otherwise draw the same).
        std::fs::write(
            &script,
            format!(
                "local threads = 0\n\
                 function setup(thread) thread:set(\"id\", threads); threads = threads + 1 end\n\
                 function init(args) math.randomseed(os.time() * 16 + id) end\n\
                 request = function()\n  return wrk.format(\"GET\", \"{path}\" .. {suffix})\nend\n"
            ),
        )?;
        command.arg("-s").arg(&script);
    }
    let out = command.arg(url).output();
    std::fs::remove_file(&script).ok();
    let out = out?;
    let text = String::from_utf8_lossy(&out.stdout);
    let rps = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
        .with_context(|| format!("wrk printed no rate:\n{text}"))?;
    let percentile = |p: &str| -> anyhow::Result<f64> {
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with(p))
            .with_context(|| format!("wrk printed no {p} latency:\n{text}"))?;
        milliseconds(line.split_whitespace().nth(1).unwrap_or_default())
    };
    if text.contains("Non-2xx") {
        bail!("{url} answered errors under load:\n{text}");
    }
    Ok((rps, percentile("50%")?, percentile("99%")?))
}

/// `812.00us`, `1.23ms`, `2.10s` as milliseconds.
fn milliseconds(v: &str) -> anyhow::Result<f64> {
    let (number, scale) = if let Some(n) = v.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = v.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = v.strip_suffix('s') {
        (n, 1000.0)
    } else {
        bail!("unreadable latency {v}")
    };
    Ok(number.parse::<f64>()? * scale)
}
