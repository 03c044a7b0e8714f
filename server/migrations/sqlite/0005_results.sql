-- Reporting periods (UTC) of each submission, written when it arrives, so results can group and
-- filter by month, quarter or year with plain, indexable text on both databases.
alter table assessment_submissions add column period_month text not null default '';
alter table assessment_submissions add column period_quarter text not null default '';
alter table assessment_submissions add column period_year text not null default '';

update assessment_submissions set
    period_month = substr(submitted_at, 1, 7),
    period_quarter = substr(submitted_at, 1, 4) || '-Q' || ((cast(substr(submitted_at, 6, 2) as integer) + 2) / 3),
    period_year = substr(submitted_at, 1, 4);

-- Results take each person's latest submission per period (a window over author and period),
-- then cut by service area, team and PCF level.
create index assessment_submissions_month on assessment_submissions (period_month, author_id, submitted_at);
create index assessment_submissions_quarter on assessment_submissions (period_quarter, author_id, submitted_at);
create index assessment_submissions_year on assessment_submissions (period_year, author_id, submitted_at);
create index assessment_submissions_groups on assessment_submissions (service_area, team_id, pcf_level);
create index assessment_help_record on assessment_help (record_id, domain_key);
