-- People and teams: who signs in, with which roles, in which team and at which PCF level.
-- Ids are UUIDv7 made by the application.

create table teams (
    id uuid primary key,
    name text not null constraint teams_name_key unique,
    -- e.g. 'Access and Prevention', 'Hospital Social Work'; free text so councils use their own.
    service_area text not null,
    active boolean not null default true,
    created_at timestamptz not null
);

create table users (
    id uuid primary key,
    -- stored trimmed and lower-cased, so uniqueness is case-insensitive.
    email text not null constraint users_email_key unique,
    display_name text not null,
    -- argon2id PHC string.
    password_hash text not null,
    team_id uuid references teams (id),
    pcf_level text check (pcf_level in ('student', 'newly_qualified', 'social_worker', 'experienced', 'advanced', 'strategic')),
    active boolean not null default true,
    -- bumped on password change or deactivation; a session made under an older epoch is refused.
    session_epoch bigint not null default 0,
    created_at timestamptz not null
);

create index users_team_id on users (team_id);

-- A user may hold several roles.
create table user_roles (
    user_id uuid not null references users (id) on delete cascade,
    role text not null check (role in ('practitioner', 'team_manager', 'commissioner', 'workforce_lead', 'admin')),
    primary key (user_id, role)
);
