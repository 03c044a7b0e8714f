-- Reporting periods (UTC) of each submission, written when it arrives, so results can group and
-- filter by month, quarter or year with plain, indexable text on both databases.
alter table assessment_submissions add column period_month text not null default '';
alter table assessment_submissions add column period_quarter text not null default '';
alter table assessment_submissions add column period_year text not null default '';

update assessment_submissions set
    period_month = to_char(submitted_at at time zone 'UTC', 'YYYY-MM'),
    period_quarter = to_char(submitted_at at time zone 'UTC', 'YYYY-"Q"Q'),
    period_year = to_char(submitted_at at time zone 'UTC', 'YYYY');

-- Results take each person's latest submission per period (a window over author and period),
-- then cut by service area, team and PCF level.
create index assessment_submissions_month on assessment_submissions (period_month, author_id, submitted_at);
create index assessment_submissions_quarter on assessment_submissions (period_quarter, author_id, submitted_at);
create index assessment_submissions_year on assessment_submissions (period_year, author_id, submitted_at);
create index assessment_submissions_groups on assessment_submissions (service_area, team_id, pcf_level);
create index assessment_help_record on assessment_help (record_id, domain_key);

-- Each submission's ratings summed per domain (6 rows a submission instead of ~30): the domain
-- views read these; one domain's statements still come from assessment_ratings. y = ratings of
-- 4 or 5, m = ratings given (not "not applicable").
create table assessment_domain_scores (
    record_id uuid not null references assessment_submissions (record_id),
    domain_key text not null,
    m integer not null,
    y integer not null,
    total integer not null,
    r1 integer not null,
    r2 integer not null,
    r3 integer not null,
    r4 integer not null,
    r5 integer not null,
    na integer not null,
    primary key (record_id, domain_key)
);

insert into assessment_domain_scores (record_id, domain_key, m, y, total, r1, r2, r3, r4, r5, na)
select record_id, domain_key, count(rating),
    sum(case when rating >= 4 then 1 else 0 end), coalesce(sum(rating), 0),
    sum(case when rating = 1 then 1 else 0 end), sum(case when rating = 2 then 1 else 0 end),
    sum(case when rating = 3 then 1 else 0 end), sum(case when rating = 4 then 1 else 0 end),
    sum(case when rating = 5 then 1 else 0 end), sum(case when rating is null then 1 else 0 end)
from assessment_ratings group by record_id, domain_key;

-- Each person's latest submission in each month, quarter and year: results count a person once
-- per period, with the answers and team of their latest submission in it. Kept up to date as
-- submissions arrive (an older one arriving late from an offline device does not displace a
-- newer one), so no query has to rank submissions.
create table assessment_latest (
    granularity text not null check (granularity in ('month', 'quarter', 'year')),
    period text not null,
    author_id uuid not null references users (id),
    record_id uuid not null references assessment_submissions (record_id),
    submitted_at timestamptz not null,
    primary key (granularity, period, author_id)
);

create index assessment_latest_record on assessment_latest (record_id);

insert into assessment_latest (granularity, period, author_id, record_id, submitted_at)
select 'month', period_month, author_id, record_id, submitted_at from (
    select period_month, author_id, record_id, submitted_at,
        row_number() over (partition by author_id, period_month order by submitted_at desc, record_id desc) as rn
    from assessment_submissions) ranked where rn = 1;
insert into assessment_latest (granularity, period, author_id, record_id, submitted_at)
select 'quarter', period_quarter, author_id, record_id, submitted_at from (
    select period_quarter, author_id, record_id, submitted_at,
        row_number() over (partition by author_id, period_quarter order by submitted_at desc, record_id desc) as rn
    from assessment_submissions) ranked where rn = 1;
insert into assessment_latest (granularity, period, author_id, record_id, submitted_at)
select 'year', period_year, author_id, record_id, submitted_at from (
    select period_year, author_id, record_id, submitted_at,
        row_number() over (partition by author_id, period_year order by submitted_at desc, record_id desc) as rn
    from assessment_submissions) ranked where rn = 1;
