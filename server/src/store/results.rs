//! The SQL behind aggregated results: everything is counted and
//! summed in the database, and only one row per leaf (team × level) and domain comes back.
//!
//! These queries read raw, unsuppressed sums, so only the release builder
//! (`crate::results::releases`) calls them; every answer is read from a release.
//!
//! Every query starts from `latest`: each person's latest submission in the period (kept in
//! `assessment_latest`), so a person who moved team mid-quarter is counted once, in the team
//! they were in when they last answered.

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use shared::results::cube::{LevelKey, TeamKey};
use shared::results::period::{Granularity, Period};
use shared::results::release::{LeafData, PeriodData};
use shared::results::stats::Tally;
use sqlx::{ColumnIndex, Encode, Executor, IntoArguments, Type};

use super::StoreResult;
use super::dialect::{Column, Dialect};
use super::sql::SqlStore;

#[async_trait]
pub trait ResultStore: Send + Sync {
    /// Everything that counts in `period`, summed per team and level, before any suppression.
    /// Only the release builder reads it (`crate::results::releases`); answers read releases.
    async fn period_data(&self, period: Period) -> StoreResult<PeriodData>;
    /// A period's stored release (`Release::to_stored`), if it has been made.
    async fn release(&self, period: Period) -> StoreResult<Option<String>>;
    /// Stores a period's release unless one is stored already (another server may have made it
    /// first); the stored one is the one in force.
    async fn save_release(
        &self,
        period: Period,
        k: u32,
        released_at: DateTime<Utc>,
        body: &str,
    ) -> StoreResult<()>;
    /// The first and last months with submissions (`2026-07`).
    async fn months(&self) -> StoreResult<(Option<String>, Option<String>)>;
}

#[async_trait]
impl<D> ResultStore for SqlStore<D>
where
    D: Dialect,
    for<'c> &'c mut D::Connection: Executor<'c, Database = D>,
    for<'q> D::Arguments<'q>: IntoArguments<'q, D>,
    for<'r> &'r str: ColumnIndex<D::Row>,
    usize: ColumnIndex<D::Row>,
    for<'q> &'q str: Encode<'q, D>,
    str: Type<D>,
    String: Column<D>,
    i64: Column<D>,
    f64: Column<D>,
    DateTime<Utc>: Column<D>,
{
    async fn period_data(&self, period: Period) -> StoreResult<PeriodData> {
        let g = period.granularity();
        let key = period.to_string();
        let people = sqlx::query_as(&people_sql(g, D::TEAM_TEXT))
            .bind(&key)
            .fetch_all(&self.pool)
            .await?;
        let mut tallies: Vec<TallyRow> = sqlx::query_as(&domain_tally_sql(g, D::TEAM_TEXT))
            .bind(&key)
            .fetch_all(&self.pool)
            .await?;
        tallies.extend(
            sqlx::query_as::<_, TallyRow>(&statement_tally_sql(g, D::TEAM_TEXT))
                .bind(&key)
                .fetch_all(&self.pool)
                .await?,
        );
        let help = sqlx::query_as(&help_sql(g, D::TEAM_TEXT))
            .bind(&key)
            .fetch_all(&self.pool)
            .await?;
        Ok(period_data(period, people, tallies, help))
    }

    async fn release(&self, period: Period) -> StoreResult<Option<String>> {
        Ok(
            sqlx::query_scalar("select body from results_releases where period = $1")
                .bind(period.to_string())
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn save_release(
        &self,
        period: Period,
        k: u32,
        released_at: DateTime<Utc>,
        body: &str,
    ) -> StoreResult<()> {
        sqlx::query(
            "insert into results_releases (period, granularity, k, released_at, body)
             values ($1, $2, $3, $4, $5) on conflict (period) do nothing",
        )
        .bind(period.to_string())
        .bind(period.granularity().as_str())
        .bind(i64::from(k))
        .bind(released_at)
        .bind(body)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn months(&self) -> StoreResult<(Option<String>, Option<String>)> {
        Ok(
            sqlx::query_as("select min(period_month), max(period_month) from assessment_submissions")
                .fetch_one(&self.pool)
                .await?,
        )
    }
}

/// A leaf's key columns.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, sqlx::FromRow)]
pub struct LeafKey {
    pub area: String,
    /// A team id as text (either database's spelling; `Uuid::parse_str` reads both).
    pub team: String,
    pub level: String,
}

impl LeafKey {
    /// The team as results count it: read once here, whichever database spelled it. The
    /// column holds team ids or nothing, so anything else would be no team.
    fn team(&self) -> TeamKey {
        self.team.parse().unwrap_or_default()
    }

    /// The level as results count it; the column holds wire names or nothing.
    fn level(&self) -> LevelKey {
        self.level.parse().unwrap_or_default()
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PeopleRow {
    #[sqlx(flatten)]
    pub key: LeafKey,
    pub people: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TallyRow {
    #[sqlx(flatten)]
    pub key: LeafKey,
    pub item: String,
    pub people: i64,
    pub raters: i64,
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
            raters: u32::try_from(self.raters).unwrap_or(u32::MAX),
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
    pub key: LeafKey,
    pub domain_key: String,
    pub help: String,
    pub requests: i64,
}

/// The rows of one period's queries, put together leaf by leaf.
pub fn period_data(
    period: Period,
    people: Vec<PeopleRow>,
    tallies: Vec<TallyRow>,
    help: Vec<HelpCountRow>,
) -> PeriodData {
    fn leaf(leaves: &mut BTreeMap<(String, TeamKey, LevelKey), LeafData>, key: LeafKey) -> &mut LeafData {
        let (team, level) = (key.team(), key.level());
        leaves
            .entry((key.area.clone(), team, level))
            .or_insert_with(|| LeafData {
                area: key.area,
                team,
                level,
                ..LeafData::default()
            })
    }
    let mut leaves = BTreeMap::new();
    for row in people {
        leaf(&mut leaves, row.key).people = u32::try_from(row.people).unwrap_or(u32::MAX);
    }
    for row in tallies {
        let tally = row.tally();
        leaf(&mut leaves, row.key).items.insert(row.item, tally);
    }
    for row in help {
        let requests = u32::try_from(row.requests).unwrap_or(u32::MAX);
        leaf(&mut leaves, row.key)
            .help
            .entry(row.domain_key)
            .or_default()
            .insert(row.help, requests);
    }
    PeriodData {
        period,
        leaves: leaves.into_values().collect(),
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
        "insert into assessment_latest (granularity, period, author_id, record_id, counted_at)
         select '{g}', {column}, author_id, record_id, counted_at from (
             select {column}, author_id, record_id, counted_at,
                 row_number() over (partition by author_id, {column} order by counted_at desc, record_id desc) as rn
             from assessment_submissions) ranked where rn = 1",
        g = granularity.as_str(),
    )
}

/// Records `$1` (by `$2`, counted at `$3`) as its author's latest in period `$5` of
/// granularity `$4`, unless a later one is there already.
pub const LATEST_SQL: &str =
    "insert into assessment_latest (granularity, period, author_id, record_id, counted_at)
    values ($4, $5, $2, $1, $3)
    on conflict (granularity, period, author_id) do update
        set record_id = excluded.record_id, counted_at = excluded.counted_at
        where excluded.counted_at > assessment_latest.counted_at";

/// Sums one submission's ratings per domain into `assessment_domain_scores`: `$1` the record.
pub const DOMAIN_SCORES_SQL: &str = "insert into assessment_domain_scores
        (record_id, domain_key, m, y, total, r1, r2, r3, r4, r5, na)
    select record_id, domain_key, count(rating),
        sum(case when rating >= 4 then 1 else 0 end), coalesce(sum(rating), 0),
        sum(case when rating = 1 then 1 else 0 end), sum(case when rating = 2 then 1 else 0 end),
        sum(case when rating = 3 then 1 else 0 end), sum(case when rating = 4 then 1 else 0 end),
        sum(case when rating = 5 then 1 else 0 end), sum(case when rating is null then 1 else 0 end)
    from assessment_ratings where record_id = $1 group by record_id, domain_key";

/// Each person's latest submission in period `$1`, with the leaf it counts in.
fn latest(granularity: Granularity, team_text: &str) -> String {
    format!(
        "select s.record_id, coalesce(s.service_area, '') as area,
             coalesce({team_text}, '') as team, coalesce(s.pcf_level, '') as level
         from assessment_latest a join assessment_submissions s on s.record_id = a.record_id
         where a.granularity = '{granularity}' and a.period = $1",
        granularity = granularity.as_str(),
        team_text = team_text.replace("team_id", "s.team_id"),
    )
}

const LEAF: &str = "l.area as area, l.team as team, l.level as level";
const LEAF_GROUP: &str = "l.area, l.team, l.level";

/// People per leaf in period `$1`.
pub fn people_sql(granularity: Granularity, team_text: &str) -> String {
    format!(
        "with l as ({latest}) select {LEAF}, count(*) as people from l group by {LEAF_GROUP}",
        latest = latest(granularity, team_text),
    )
}

/// The sums of ratings per leaf and domain in period `$1`, from the per-submission domain sums.
pub fn domain_tally_sql(granularity: Granularity, team_text: &str) -> String {
    format!(
        "with l as ({latest})
         select {LEAF}, 'domain/' || d.domain_key as item, count(*) as people,
             sum(case when d.m > 0 then 1 else 0 end) as raters,
             cast(sum(d.r1) as double precision) as r1, cast(sum(d.r2) as double precision) as r2,
             cast(sum(d.r3) as double precision) as r3, cast(sum(d.r4) as double precision) as r4,
             cast(sum(d.r5) as double precision) as r5, cast(sum(d.na) as double precision) as na,
             cast(sum(d.total) as double precision) as total,
             cast(sum(d.y) as double precision) as y, cast(sum(d.m) as double precision) as m,
             cast(sum(d.y * d.y) as double precision) as yy, cast(sum(d.y * d.m) as double precision) as ym,
             cast(sum(d.m * d.m) as double precision) as mm
         from l join assessment_domain_scores d on d.record_id = l.record_id
         group by {LEAF_GROUP}, d.domain_key",
        latest = latest(granularity, team_text),
    )
}

/// The sums of ratings per leaf and statement in period `$1`.
pub fn statement_tally_sql(granularity: Granularity, team_text: &str) -> String {
    format!(
        "with l as ({latest}),
         p as (
             select {LEAF}, 'statement/' || r.statement_key as item,
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
             group by l.record_id, {LEAF_GROUP}, r.statement_key
         )
         select p.area as area, p.team as team, p.level as level, item, count(*) as people,
             sum(case when m > 0 then 1 else 0 end) as raters,
             cast(sum(r1) as double precision) as r1, cast(sum(r2) as double precision) as r2,
             cast(sum(r3) as double precision) as r3, cast(sum(r4) as double precision) as r4,
             cast(sum(r5) as double precision) as r5, cast(sum(na) as double precision) as na,
             cast(sum(total) as double precision) as total,
             cast(sum(y) as double precision) as y, cast(sum(m) as double precision) as m,
             cast(sum(y * y) as double precision) as yy, cast(sum(y * m) as double precision) as ym,
             cast(sum(m * m) as double precision) as mm
         from p group by p.area, p.team, p.level, item",
        latest = latest(granularity, team_text),
    )
}

/// People asking for each kind of help with each domain, per leaf, in period `$1`.
pub fn help_sql(granularity: Granularity, team_text: &str) -> String {
    format!(
        "with l as ({latest})
         select {LEAF}, h.domain_key as domain_key, h.help as help, count(*) as requests
         from l join assessment_help h on h.record_id = l.record_id
         group by {LEAF_GROUP}, h.domain_key, h.help",
        latest = latest(granularity, team_text),
    )
}
