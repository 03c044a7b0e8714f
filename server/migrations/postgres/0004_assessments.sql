-- Who else may read a synced record: a self-assessment's author's team manager while it is
-- shared, the practitioner whose case a case-file audit is about. A row stays when access is
-- taken back (active = false) so that reader pulls the record as deleted and their device
-- forgets it.
create table sync_readers (
    record_id uuid not null references sync_records (record_id),
    user_id uuid not null references users (id),
    active boolean not null,
    primary key (record_id, user_id)
);

create index sync_readers_user on sync_readers (user_id, record_id);

-- One row per submitted self-assessment, written in the push that submits it: the author's team,
-- service area and PCF level as they were then, so aggregates stay right when people move on.
create table assessment_submissions (
    record_id uuid primary key references sync_records (record_id),
    author_id uuid not null references users (id),
    template_key text not null,
    template_version integer not null,
    -- when the author submitted it on their device (perhaps offline), never after received_at.
    submitted_at timestamptz not null,
    received_at timestamptz not null,
    team_id uuid references teams (id),
    team_name text,
    service_area text,
    pcf_level text
);

create index assessment_submissions_when on assessment_submissions (submitted_at);

-- The answers of submitted assessments, one row per statement, for aggregation in SQL.
create table assessment_ratings (
    record_id uuid not null references assessment_submissions (record_id),
    domain_key text not null,
    statement_key text not null,
    -- 1 to 5; null for "not applicable".
    rating smallint check (rating between 1 and 5),
    primary key (record_id, statement_key)
);

create index assessment_ratings_domain on assessment_ratings (domain_key, record_id);

-- The kinds of help asked for, per domain (never the free text).
create table assessment_help (
    record_id uuid not null references assessment_submissions (record_id),
    domain_key text not null,
    help text not null,
    primary key (record_id, domain_key, help)
);
