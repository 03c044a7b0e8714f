-- Results are released once per period and never change (see shared::results::timing), and the
-- server, not the device, decides which period a submission counts in.

-- The moment a submission counts at: the device's time when it is at most the grace window
-- (7 days by default) before the server received it, otherwise the time it was received.
alter table assessment_submissions add column counted_at text not null default '';

update assessment_submissions set counted_at = case
    when julianday(substr(received_at, 1, 19)) - julianday(substr(submitted_at, 1, 19)) <= 7 then submitted_at
    else received_at end;

update assessment_submissions set
    period_month = substr(counted_at, 1, 7),
    period_quarter = substr(counted_at, 1, 4) || '-Q' || ((cast(substr(counted_at, 6, 2) as integer) + 2) / 3),
    period_year = substr(counted_at, 1, 4);

-- Each person's latest submission per period now goes by when it counts.
alter table assessment_latest rename column submitted_at to counted_at;
delete from assessment_latest;
insert into assessment_latest (granularity, period, author_id, record_id, counted_at)
select 'month', period_month, author_id, record_id, counted_at from (
    select period_month, author_id, record_id, counted_at,
        row_number() over (partition by author_id, period_month order by counted_at desc, record_id desc) as rn
    from assessment_submissions) ranked where rn = 1;
insert into assessment_latest (granularity, period, author_id, record_id, counted_at)
select 'quarter', period_quarter, author_id, record_id, counted_at from (
    select period_quarter, author_id, record_id, counted_at,
        row_number() over (partition by author_id, period_quarter order by counted_at desc, record_id desc) as rn
    from assessment_submissions) ranked where rn = 1;
insert into assessment_latest (granularity, period, author_id, record_id, counted_at)
select 'year', period_year, author_id, record_id, counted_at from (
    select period_year, author_id, record_id, counted_at,
        row_number() over (partition by author_id, period_year order by counted_at desc, record_id desc) as rn
    from assessment_submissions) ranked where rn = 1;

create index assessment_latest_period on assessment_latest (granularity, period);

-- A period's released figures (shared::results::release::Release, as JSON): written once, by
-- whichever server gets there first, and never updated.
create table results_releases (
    period text primary key,
    granularity text not null check (granularity in ('month', 'quarter', 'year')),
    k integer not null,
    released_at text not null,
    body text not null
);
