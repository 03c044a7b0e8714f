//! Benchmark: seed 100,000 submitted self-assessments (about 3 million ratings) with bulk
//! `insert … select` statements, then time the main results views and print the figures.
//! Runs against SQLite (a fresh file) and, when given a URL, PostgreSQL.
//!
//!   cargo run --release -p server --example bench_results -- [--postgres postgres://…/db] [--count N] [--runs R] [--only sqlite|postgres]
//!
//! With `--postgres`, it makes a fresh database next to the one named (`scripts/bench` drops
//! them with its throwaway role).
//!
//! `scripts/bench` runs it on both backends with a throwaway PostgreSQL database.
//! The goal: p95 ≤ 300 ms per view on PostgreSQL once each year's suppression is worked out (the
//! first request after new submissions also builds the year's suppression cube: printed apart).

use std::time::Instant;

use anyhow::Context;
use server::state::{AppState, Settings};
use server::store::{self, Backend, NewUser};
use shared::api::teams::TeamInput;
use shared::api::users::UserProfile;
use shared::results::period::{Granularity, Period};
use shared::results::view::{CompareQuery, Dimension, Filters, ResultsQuery};
use shared::{PcfLevel, Role, TeamId, UserId};

const AUTHORS: usize = 2_000;
const AREAS: [&str; 6] = [
    "Access and Prevention",
    "Hospital Social Work",
    "Safeguarding",
    "Mental Health",
    "Learning Disabilities",
    "Older People",
];

/// `bench_results [--postgres URL] [--count N] [--runs R] [--only sqlite|postgres]`
#[derive(clap::Parser)]
struct Args {
    /// A PostgreSQL database; a fresh one is made beside it.
    #[arg(long)]
    postgres: Option<String>,
    /// Submitted self-assessments to seed.
    #[arg(long, default_value_t = 100_000)]
    count: usize,
    /// Timed requests per view.
    #[arg(long, default_value_t = 20)]
    runs: usize,
    /// Only this backend (`sqlite` or `postgres`).
    #[arg(long)]
    only: Option<String>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let Args {
        postgres,
        count,
        runs,
        only,
    } = clap::Parser::parse();
    let wanted = |name: &str| only.as_deref().is_none_or(|only| only == name);
    let dir = std::env::temp_dir().join(format!("touchstone-bench-{}", uuid::Uuid::now_v7()));
    let mut targets = Vec::new();
    if wanted("sqlite") {
        targets.push(("sqlite", format!("sqlite://{}/bench.db", dir.display())));
    }
    if let Some(url) = postgres.filter(|_| wanted("postgres")) {
        targets.push(("postgres", url));
    }
    for (name, url) in targets {
        // A fresh PostgreSQL database per run (scripts/bench drops its throwaway role's databases).
        let fresh = if name == "postgres" {
            Some(fresh_database(&url).await?)
        } else {
            None
        };
        let result = run(name, fresh.as_deref().unwrap_or(&url), count, runs).await;
        result.with_context(|| format!("benchmark on {name}"))?;
    }
    std::fs::remove_dir_all(dir).ok();
    Ok(())
}

/// SQL that differs between the databases: a new id, a random whole number below `n`, a
/// timestamp `days` after 2024-01-01, and the period columns from `counted_at`.
struct Dialect {
    new_id: &'static str,
    random_below: fn(u32) -> String,
    day: fn(&str) -> String,
    periods: &'static str,
}

const POSTGRES: Dialect = Dialect {
    new_id: "gen_random_uuid()",
    random_below: |n| format!("floor(random() * {n})::int"),
    day: |days| format!("timestamptz '2024-01-01 10:00:00+00' + ({days}) * interval '1 day'"),
    periods: "period_month = to_char(counted_at at time zone 'UTC', 'YYYY-MM'),
              period_quarter = to_char(counted_at at time zone 'UTC', 'YYYY-\"Q\"Q'),
              period_year = to_char(counted_at at time zone 'UTC', 'YYYY')",
};

const SQLITE: Dialect = Dialect {
    new_id: "randomblob(16)",
    random_below: |n| format!("(abs(random()) % {n})"),
    day: |days| format!("strftime('%Y-%m-%dT10:00:00+00:00', '2024-01-01', '+' || ({days}) || ' days')"),
    periods: "period_month = substr(counted_at, 1, 7),
              period_quarter = substr(counted_at, 1, 4) || '-Q' || ((cast(substr(counted_at, 6, 2) as integer) + 2) / 3),
              period_year = substr(counted_at, 1, 4)",
};

async fn run(name: &str, url: &str, count: usize, runs: usize) -> anyhow::Result<()> {
    let db = store::connect(url).await?;
    let backend = db.store.backend();
    let dialect = match backend {
        Backend::Postgres => &POSTGRES,
        Backend::Sqlite => &SQLITE,
    };
    server::templates::install_defaults(db.store.as_ref()).await?;
    let started = Instant::now();
    let mut teams = Vec::new();
    for (a, area) in AREAS.iter().enumerate() {
        for t in 0..5 {
            let input = TeamInput {
                name: format!("Team {}{}", a + 1, (b'A' + t) as char),
                service_area: (*area).into(),
                active: true,
            };
            teams.push(db.store.users().create_team(TeamId::new(), &input).await?);
        }
    }
    let mut authors = Vec::new();
    for i in 0..AUTHORS {
        let team = &teams[i % teams.len()];
        let level = PcfLevel::ALL[(i * 7 + i / 13) % PcfLevel::ALL.len()];
        let profile = UserProfile {
            email: format!("author{i}@bench.example"),
            display_name: format!("Author {i}"),
            roles: vec![Role::Practitioner],
            team_id: Some(team.id),
            pcf_level: Some(level),
            active: true,
        };
        let user = db
            .store
            .users()
            .create_user(&NewUser {
                id: UserId::new(),
                profile,
                password_hash: "not a password: benchmark authors never sign in".into(),
                created_at: chrono::Utc::now(),
                must_change_password: false,
            })
            .await?;
        authors.push((user.id, team.clone(), level));
    }
    let pool = BenchPool::new(url).await?;
    pool.execute(
        "create table bench_authors (n integer primary key, user_id TYPE, team_id TYPE, team_name text, service_area text, pcf_level text)",
        backend,
    )
    .await?;
    for (n, (user, team, level)) in authors.iter().enumerate() {
        pool.insert_author(
            n,
            user.0,
            team.id.0,
            &team.name,
            &team.service_area,
            level.as_str(),
        )
        .await?;
    }
    let template = db
        .store
        .templates()
        .list_templates()
        .await?
        .into_iter()
        .find(|t| t.key == "practice-model")
        .context("the shipped self-assessment")?;
    let content = db
        .store
        .templates()
        .get_template(template.id)
        .await?
        .context("template")?
        .content;
    let statements: Vec<String> = content
        .statements()
        .map(|(d, s)| format!("select '{}' as domain_key, '{}' as statement_key", d.key, s.key))
        .collect();
    let numbers =
        format!("with recursive n(i) as (select 1 union all select i + 1 from n where i < {count})");
    pool.execute(
        &format!(
            "insert into sync_records (record_id, entity, owner_id, version, deleted, payload, seq, updated_at)
             {numbers} select {id}, 'self_assessment', a.user_id, 1, false, '{{}}', n.i, {now}
             from n join bench_authors a on a.n = n.i % {AUTHORS}",
            id = dialect.new_id,
            now = (dialect.day)("0"),
        ),
        backend,
    )
    .await?;
    pool.execute(
        &format!(
            "insert into assessment_submissions (record_id, author_id, template_key, template_version,
                 submitted_at, received_at, counted_at, team_id, team_name, service_area, pcf_level)
             select r.record_id, r.owner_id, 'practice-model', {version}, {day}, {day}, {day},
                 a.team_id, a.team_name, a.service_area, a.pcf_level
             from sync_records r join bench_authors a on a.n = r.seq % {AUTHORS}",
            version = template.version,
            day = (dialect.day)("(r.seq * 7919) % 1095"),
        ),
        backend,
    )
    .await?;
    pool.execute(
        &format!("update assessment_submissions set {}", dialect.periods),
        backend,
    )
    .await?;
    pool.execute(
        &format!(
            "insert into assessment_ratings (record_id, domain_key, statement_key, rating)
             select s.record_id, t.domain_key, t.statement_key,
                 case when {na} = 0 then null else 1 + {rating} end
             from assessment_submissions s cross join ({statements}) t",
            na = (dialect.random_below)(25),
            rating = (dialect.random_below)(5),
            statements = statements.join(" union all "),
        ),
        backend,
    )
    .await?;
    for granularity in shared::results::period::Granularity::ALL {
        pool.execute(&server::store::results::backfill_latest_sql(granularity), backend)
            .await?;
    }
    pool.execute(
        &server::store::results::DOMAIN_SCORES_SQL.replace("where record_id = $1 ", ""),
        backend,
    )
    .await?;
    pool.execute(
        &format!(
            "insert into assessment_help (record_id, domain_key, help)
             select record_id, 'community', 'training' from assessment_submissions where {} = 0",
            (dialect.random_below)(3)
        ),
        backend,
    )
    .await?;
    pool.execute("analyze", backend).await?;
    let ratings = pool.count("assessment_ratings").await?;
    println!(
        "{name}: seeded {count} submitted self-assessments by {AUTHORS} people in {} teams over 3 years, {ratings} ratings, in {:.1} s",
        teams.len(),
        started.elapsed().as_secs_f64()
    );

    let state = AppState::new(db, Settings::default());
    // The latest quarter released by now (the data run to the end of 2026).
    let grace = chrono::Duration::days(i64::from(shared::results::timing::DEFAULT_GRACE_DAYS));
    let latest = shared::results::timing::latest_due(Granularity::Quarter, chrono::Utc::now(), grace)
        .min(Period::Quarter(2026, 4));
    let view = |cut: Option<Dimension>, cut2: Option<Dimension>| ResultsQuery {
        period: latest,
        periods: None,
        cut,
        cut2,
        filters: Filters::default(),
        domain: None,
    };
    let views: Vec<(&str, ResultsQuery)> = vec![
        ("everyone, one quarter", view(None, None)),
        (
            "by team × PCF level",
            view(Some(Dimension::Team), Some(Dimension::PcfLevel)),
        ),
        ("by service area", view(Some(Dimension::ServiceArea), None)),
        (
            "trend, 8 quarters",
            ResultsQuery {
                periods: Some(8),
                ..view(Some(Dimension::Period), None)
            },
        ),
        (
            "statements by team",
            ResultsQuery {
                domain: Some("community".into()),
                ..view(Some(Dimension::Team), None)
            },
        ),
        (
            "a year, one area by level",
            ResultsQuery {
                period: Period::Year(latest.year() - 1),
                filters: Filters {
                    service_area: Some(AREAS[0].into()),
                    ..Filters::default()
                },
                ..view(Some(Dimension::PcfLevel), None)
            },
        ),
    ];
    // Releases are made once, the first time each falls due: time making eight quarters'
    // (the trend's) and then a year's, tied to its four quarters.
    let cold = Instant::now();
    server::results::view::build(&state, views[3].1.clone()).await?;
    println!(
        "  releases made for 8 quarters (once each, when they fall due): {:.1} s",
        cold.elapsed().as_secs_f64()
    );
    let cold = Instant::now();
    server::results::view::build(&state, views.last().expect("views").1.clone()).await?;
    println!(
        "  release made for the year {} (tied to its quarters): {:.1} s",
        latest.year() - 1,
        cold.elapsed().as_secs_f64()
    );
    let mut worst_p95: f64 = 0.0;
    for (label, query) in &views {
        let mut times = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            let result = server::results::view::build(&state, query.clone()).await?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            assert!(!result.groups.is_empty());
        }
        let (p50, p95) = percentiles(&mut times);
        worst_p95 = worst_p95.max(p95);
        println!("  {label:<24} p50 {p50:>6.0} ms   p95 {p95:>6.0} ms");
    }
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        server::results::compare::build(
            &state,
            CompareQuery {
                before: latest.previous(),
                after: latest,
                filters: Filters::default(),
                after_service_area: None,
                after_team: None,
                after_pcf_level: None,
            },
        )
        .await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let (p50, p95) = percentiles(&mut times);
    worst_p95 = worst_p95.max(p95);
    println!(
        "  {:<24} p50 {p50:>6.0} ms   p95 {p95:>6.0} ms",
        "compare two quarters"
    );
    println!(
        "  worst p95 {worst_p95:.0} ms {}",
        match (backend, worst_p95 <= 300.0) {
            (Backend::Postgres, true) => "(goal on PostgreSQL ≤ 300 ms: met)",
            (Backend::Postgres, false) => "(goal on PostgreSQL ≤ 300 ms: MISSED)",
            (Backend::Sqlite, _) => "(no goal for the embedded database)",
        }
    );
    Ok(())
}

async fn fresh_database(base: &str) -> anyhow::Result<String> {
    use sqlx::Connection;
    let name = format!("bench_{}", uuid::Uuid::now_v7().simple());
    let mut conn = sqlx::PgConnection::connect(base).await?;
    sqlx::query(&format!("create database {name}"))
        .execute(&mut conn)
        .await?;
    let (prefix, _) = base.rsplit_once('/').context("a database URL ends in /dbname")?;
    Ok(format!("{prefix}/{name}"))
}

fn percentiles(times: &mut [f64]) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.95))
}

/// A plain connection pool for the seeding statements (the `Store` has no bulk insert, rightly).
enum BenchPool {
    Postgres(sqlx::PgPool),
    Sqlite(sqlx::SqlitePool),
}

impl BenchPool {
    async fn new(url: &str) -> anyhow::Result<Self> {
        Ok(if url.starts_with("postgres") {
            BenchPool::Postgres(sqlx::PgPool::connect(url).await?)
        } else {
            BenchPool::Sqlite(sqlx::SqlitePool::connect(url).await?)
        })
    }

    async fn execute(&self, sql: &str, backend: Backend) -> anyhow::Result<()> {
        let sql = sql.replace(
            "TYPE",
            match backend {
                Backend::Postgres => "uuid",
                Backend::Sqlite => "blob",
            },
        );
        match self {
            BenchPool::Postgres(pool) => sqlx::query(&sql).execute(pool).await.map(|_| ()),
            BenchPool::Sqlite(pool) => sqlx::query(&sql).execute(pool).await.map(|_| ()),
        }
        .with_context(|| sql.clone())
    }

    async fn insert_author(
        &self,
        n: usize,
        user: uuid::Uuid,
        team: uuid::Uuid,
        team_name: &str,
        area: &str,
        level: &str,
    ) -> anyhow::Result<()> {
        let sql = "insert into bench_authors values ($1, $2, $3, $4, $5, $6)";
        let n = n as i64;
        match self {
            BenchPool::Postgres(pool) => {
                sqlx::query(sql)
                    .bind(n as i32)
                    .bind(user)
                    .bind(team)
                    .bind(team_name)
                    .bind(area)
                    .bind(level)
                    .execute(pool)
                    .await?;
            }
            BenchPool::Sqlite(pool) => {
                sqlx::query(sql)
                    .bind(n)
                    .bind(user)
                    .bind(team)
                    .bind(team_name)
                    .bind(area)
                    .bind(level)
                    .execute(pool)
                    .await?;
            }
        }
        Ok(())
    }

    async fn count(&self, table: &str) -> anyhow::Result<i64> {
        let sql = format!("select count(*) from {table}");
        Ok(match self {
            BenchPool::Postgres(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await?,
            BenchPool::Sqlite(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await?,
        })
    }
}
