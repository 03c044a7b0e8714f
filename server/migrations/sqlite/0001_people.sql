-- People and teams: who signs in, with which roles, in which team and at which PCF level.
-- Ids are UUIDv7 (stored as 16-byte blobs); times are RFC 3339 text in UTC.

create table teams (
    id blob primary key not null,
    name text not null unique,
    -- e.g. 'Access and Prevention', 'Hospital Social Work'; free text so councils use their own.
    service_area text not null,
    active boolean not null default 1,
    created_at text not null
);

create table users (
    id blob primary key not null,
    -- stored trimmed and lower-cased, so uniqueness is case-insensitive.
    email text not null unique,
    display_name text not null,
    -- argon2id PHC string.
    password_hash text not null,
    team_id blob references teams (id),
    pcf_level text check (pcf_level in ('student', 'newly_qualified', 'social_worker', 'experienced', 'advanced', 'strategic')),
    active boolean not null default 1,
    -- bumped on password change or deactivation; a session made under an older epoch is refused.
    session_epoch integer not null default 0,
    created_at text not null
);

create index users_team_id on users (team_id);

-- A user may hold several roles.
create table user_roles (
    user_id blob not null references users (id) on delete cascade,
    role text not null check (role in ('practitioner', 'team_manager', 'commissioner', 'workforce_lead', 'admin')),
    primary key (user_id, role)
);
