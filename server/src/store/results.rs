//! The SQL behind aggregated results, written once for both databases: everything is counted and
//! summed in the database, and only one row per group and domain comes back.
//!
//! Every query starts from `latest`: each person's latest submission in each period of the
//! chosen granularity (a window over author and period), *then* filters — so a person who moved
//! team mid-quarter is counted once, in the team they were in when they last answered, in every
//! view alike, exactly as the suppression cube counts them.

use shared::results::cube::LeafCount;
use shared::results::period::{Granularity, Period};
use shared::results::stats::Tally;
use uuid::Uuid;

/// Which columns a result groups by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GroupBy {
    pub area: bool,
    pub team: bool,
    pub level: bool,
    pub period: bool,
}

/// One results query: periods `from..=to` of one granularity, single-value filters, groups, and
/// either the domains or one domain's statements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TallySpec {
    pub from: Period,
    pub to: Period,
    pub area: Option<String>,
    pub team: Option<Uuid>,
    /// `""` for "not recorded".
    pub level: Option<String>,
    pub group_by: GroupBy,
    /// `Some(domain)`: that domain's statements; `None`: the domains.
    pub statements_of: Option<String>,
}

/// A group's key columns: `""` where not grouped by it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, sqlx::FromRow)]
pub struct GroupKey {
    pub area: String,
    /// A team id as text (either database's spelling; `Uuid::parse_str` reads both), or `""`.
    pub team: String,
    pub level: String,
    pub bucket: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TallyRow {
    #[sqlx(flatten)]
    pub key: GroupKey,
    pub item: String,
    pub people: i64,
    pub r1: f64,
    pub r2: f64,
    pub r3: f64,
    pub r4: f64,
    pub r5: f64,
    pub na: f64,
    pub total: f64,
    pub y: f64,
    pub m: f64,
    pub yy: f64,
    pub ym: f64,
    pub mm: f64,
}

impl TallyRow {
    pub fn tally(&self) -> Tally {
        Tally {
            people: u32::try_from(self.people).unwrap_or(u32::MAX),
            distribution: [self.r1, self.r2, self.r3, self.r4, self.r5].map(|x| x as u32),
            not_applicable: self.na as u32,
            rating_sum: self.total,
            y: self.y,
            m: self.m,
            yy: self.yy,
            ym: self.ym,
            mm: self.mm,
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HelpCountRow {
    #[sqlx(flatten)]
    pub key: GroupKey,
    pub domain_key: String,
    pub help: String,
    pub requests: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LeafRow {
    pub granularity: String,
    pub bucket: String,
    pub area: String,
    pub team: String,
    pub level: String,
    pub people: i64,
}

impl LeafRow {
    pub fn leaf(&self) -> Option<LeafCount> {
        Some(LeafCount {
            period: self.bucket.parse().ok()?,
            area: self.area.clone(),
            // One spelling for team ids everywhere above the store: the hyphenated one.
            team: Uuid::parse_str(&self.team).map_or_else(|_| self.team.clone(), |id| id.to_string()),
            level: self.level.clone(),
            people: u32::try_from(self.people).ok()?,
        })
    }
}

/// Fills `assessment_latest` for one granularity from scratch (for bulk loads; the migration
/// does the same for submissions that came before it).
pub fn backfill_latest_sql(granularity: Granularity) -> String {
    let column = match granularity {
        Granularity::Month => "period_month",
        Granularity::Quarter => "period_quarter",
        Granularity::Year => "period_year",
    };
    format!(
        "insert into assessment_latest (granularity, period, author_id, record_id, submitted_at)
         select '{g}', {column}, author_id, record_id, submitted_at from (
             select {column}, author_id, record_id, submitted_at,
                 row_number() over (partition by author_id, {column} order by submitted_at desc, record_id desc) as rn
             from assessment_submissions) ranked where rn = 1",
        g = granularity.as_str(),
    )
}

/// Each person's latest submission per period of `granularity` (from `assessment_latest`)
/// among the periods where `range` holds on `a.period`; the filters are applied after, by the
/// caller.
fn latest(granularity: Granularity, range: &str, team_text: &str) -> String {
    format!(
        "select s.record_id, coalesce(s.service_area, '') as area, s.team_id,
             coalesce({team_text}, '') as team, coalesce(s.pcf_level, '') as level, a.period as bucket
         from assessment_latest a join assessment_submissions s on s.record_id = a.record_id
         where a.granularity = '{granularity}' and {range}",
        granularity = granularity.as_str(),
        team_text = team_text.replace("team_id", "s.team_id"),
    )
}

/// Records `$1` (by `$2`, submitted at `$3`) as its author's latest in period `$5` of
/// granularity `$4`, unless a later one is there already.
pub const LATEST_SQL: &str =
    "insert into assessment_latest (granularity, period, author_id, record_id, submitted_at)
    values ($4, $5, $2, $1, $3)
    on conflict (granularity, period, author_id) do update
        set record_id = excluded.record_id, submitted_at = excluded.submitted_at
        where excluded.submitted_at > assessment_latest.submitted_at";

/// The leaf counts of `year` at every granularity: `$1` is the year, e.g. `'2026'`.
pub fn leaves_sql(team_text: &str) -> String {
    Granularity::ALL
        .iter()
        .map(|g| {
            format!(
                "select '{g}' as granularity, bucket, area, team, level, count(*) as people
                 from ({latest}) l group by bucket, area, team, level",
                g = g.as_str(),
                latest = latest(*g, "s.period_year = $1", team_text),
            )
        })
        .collect::<Vec<_>>()
        .join(" union all ")
}

fn group_columns(by: GroupBy) -> String {
    [
        if by.area { "l.area" } else { "''" },
        if by.team { "l.team" } else { "''" },
        if by.level { "l.level" } else { "''" },
        if by.period { "l.bucket" } else { "''" },
    ]
    .iter()
    .zip(["area", "team", "level", "bucket"])
    .map(|(expr, name)| format!("{expr} as {name}"))
    .collect::<Vec<_>>()
    .join(", ")
}

fn group_list(by: GroupBy, extra: &str) -> String {
    let mut columns: Vec<&str> = Vec::new();
    for (on, column) in [
        (by.area, "l.area"),
        (by.team, "l.team"),
        (by.level, "l.level"),
        (by.period, "l.bucket"),
    ] {
        if on {
            columns.push(column);
        }
    }
    columns.push(extra);
    columns.join(", ")
}

/// `$1`/`$2` the first and last period, `$3` area, `$4` team id, `$5` level filters (null for
/// none), `$6` the domain whose statements to show (null for the domains).
fn filtered_latest(spec: &TallySpec, team_text: &str) -> String {
    format!(
        "select * from ({latest}) f
         where ($3 is null or f.area = $3) and ($4 is null or f.team_id = $4) and ($5 is null or f.level = $5)",
        latest = latest(spec.from.granularity(), "a.period >= $1 and a.period <= $2", team_text),
    )
}

/// Sums one submission's ratings per domain into `assessment_domain_scores`: `$1` the record.
pub const DOMAIN_SCORES_SQL: &str = "insert into assessment_domain_scores
        (record_id, domain_key, m, y, total, r1, r2, r3, r4, r5, na)
    select record_id, domain_key, count(rating),
        sum(case when rating >= 4 then 1 else 0 end), coalesce(sum(rating), 0),
        sum(case when rating = 1 then 1 else 0 end), sum(case when rating = 2 then 1 else 0 end),
        sum(case when rating = 3 then 1 else 0 end), sum(case when rating = 4 then 1 else 0 end),
        sum(case when rating = 5 then 1 else 0 end), sum(case when rating is null then 1 else 0 end)
    from assessment_ratings where record_id = $1 group by record_id, domain_key";

pub fn tally_sql(spec: &TallySpec, team_text: &str) -> String {
    if spec.statements_of.is_none() {
        return domain_tally_sql(spec, team_text);
    }
    let item = "r.statement_key";
    let by = spec.group_by;
    let outer_groups = group_list(by, "item").replace("l.", "p.");
    format!(
        "with l as ({latest}),
         p as (
             select {columns}, {item} as item,
                 count(r.rating) as m,
                 sum(case when r.rating >= 4 then 1 else 0 end) as y,
                 coalesce(sum(r.rating), 0) as total,
                 sum(case when r.rating = 1 then 1 else 0 end) as r1,
                 sum(case when r.rating = 2 then 1 else 0 end) as r2,
                 sum(case when r.rating = 3 then 1 else 0 end) as r3,
                 sum(case when r.rating = 4 then 1 else 0 end) as r4,
                 sum(case when r.rating = 5 then 1 else 0 end) as r5,
                 sum(case when r.rating is null then 1 else 0 end) as na
             from l join assessment_ratings r on r.record_id = l.record_id
             where ($6 is null or r.domain_key = $6)
             group by l.record_id, {inner_groups}
         )
         select {outer_columns}, item, count(*) as people,
             cast(sum(r1) as double precision) as r1, cast(sum(r2) as double precision) as r2,
             cast(sum(r3) as double precision) as r3, cast(sum(r4) as double precision) as r4,
             cast(sum(r5) as double precision) as r5, cast(sum(na) as double precision) as na,
             cast(sum(total) as double precision) as total,
             cast(sum(y) as double precision) as y, cast(sum(m) as double precision) as m,
             cast(sum(y * y) as double precision) as yy, cast(sum(y * m) as double precision) as ym,
             cast(sum(m * m) as double precision) as mm
         from p group by {outer_groups}",
        latest = filtered_latest(spec, team_text),
        columns = group_columns(by),
        inner_groups = group_list(by, item),
        outer_columns = outer_columns(by),
    )
}

/// The domains, from the per-submission domain sums (`$6` is unused but bound, always null).
fn domain_tally_sql(spec: &TallySpec, team_text: &str) -> String {
    let by = spec.group_by;
    format!(
        "with l as ({latest})
         select {columns}, d.domain_key as item, count(*) as people,
             cast(sum(d.r1) as double precision) as r1, cast(sum(d.r2) as double precision) as r2,
             cast(sum(d.r3) as double precision) as r3, cast(sum(d.r4) as double precision) as r4,
             cast(sum(d.r5) as double precision) as r5, cast(sum(d.na) as double precision) as na,
             cast(sum(d.total) as double precision) as total,
             cast(sum(d.y) as double precision) as y, cast(sum(d.m) as double precision) as m,
             cast(sum(d.y * d.y) as double precision) as yy, cast(sum(d.y * d.m) as double precision) as ym,
             cast(sum(d.m * d.m) as double precision) as mm
         from l join assessment_domain_scores d on d.record_id = l.record_id
         where $6 is null
         group by {groups}",
        latest = filtered_latest(spec, team_text),
        columns = group_columns(by),
        groups = group_list(by, "d.domain_key"),
    )
}

/// The group columns as the outer query sees them (already named).
fn outer_columns(by: GroupBy) -> String {
    [
        (by.area, "area"),
        (by.team, "team"),
        (by.level, "level"),
        (by.period, "bucket"),
    ]
    .iter()
    .map(|(on, name)| {
        if *on {
            format!("p.{name} as {name}")
        } else {
            format!("'' as {name}")
        }
    })
    .collect::<Vec<_>>()
    .join(", ")
}

pub fn help_sql(spec: &TallySpec, team_text: &str) -> String {
    format!(
        "with l as ({latest})
         select {columns}, h.domain_key as domain_key, h.help as help, count(*) as requests
         from l join assessment_help h on h.record_id = l.record_id
         where ($6 is null or h.domain_key = $6)
         group by {groups}",
        latest = filtered_latest(spec, team_text),
        columns = group_columns(spec.group_by),
        groups = group_list(spec.group_by, "h.domain_key, h.help"),
    )
}

/// Binds a results query's six parameters (see `filtered_latest`) and runs it on `$pool`.
macro_rules! bind_spec {
    ($query:expr, $spec:expr) => {
        $query
            .bind($spec.from.to_string())
            .bind($spec.to.to_string())
            .bind($spec.area.clone())
            .bind($spec.team)
            .bind($spec.level.clone())
            .bind($spec.statements_of.clone())
    };
}

/// The queries behind the `Store` results methods, for `impl_store!` (each backend passes how it
/// spells a team id as text).
macro_rules! results_methods {
    ($store:ty, $team_text:expr) => {
        impl $store {
            async fn leaves(&self, year: i32) -> StoreResult<Vec<shared::results::cube::LeafCount>> {
                let rows: Vec<$crate::store::results::LeafRow> =
                    sqlx::query_as(&$crate::store::results::leaves_sql($team_text))
                        .bind(format!("{year:04}"))
                        .fetch_all(&self.pool)
                        .await?;
                Ok(rows
                    .iter()
                    .filter_map($crate::store::results::LeafRow::leaf)
                    .collect())
            }

            async fn tallies(
                &self,
                spec: &$crate::store::results::TallySpec,
            ) -> StoreResult<Vec<$crate::store::results::TallyRow>> {
                let sql = $crate::store::results::tally_sql(spec, $team_text);
                Ok(
                    $crate::store::results::bind_spec!(sqlx::query_as(&sql), spec)
                        .fetch_all(&self.pool)
                        .await?,
                )
            }

            async fn help_counts(
                &self,
                spec: &$crate::store::results::TallySpec,
            ) -> StoreResult<Vec<$crate::store::results::HelpCountRow>> {
                let sql = $crate::store::results::help_sql(spec, $team_text);
                Ok(
                    $crate::store::results::bind_spec!(sqlx::query_as(&sql), spec)
                        .fetch_all(&self.pool)
                        .await?,
                )
            }

            async fn submissions_version(&self) -> StoreResult<String> {
                let (count, last): (i64, Option<String>) = sqlx::query_as(
                    "select count(*), cast(max(received_at) as text) from assessment_submissions",
                )
                .fetch_one(&self.pool)
                .await?;
                Ok(format!("{count}:{}", last.unwrap_or_default()))
            }
        }
    };
}

pub(crate) use {bind_spec, results_methods};
