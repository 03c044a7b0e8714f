-- Sessions kept by Touchstone itself (store/sessions.rs) rather than tower-sessions' sqlx store:
-- only the SHA-256 of a session id is kept, so a copy of the database signs nobody in, and each
-- session names its person, so they can see and end their own. Sessions in the old table end.
drop table if exists tower_sessions;

create table user_sessions (
    id_hash text primary key,
    user_id blob references users (id) on delete cascade,
    data text not null,
    expires_at text not null
);

create index user_sessions_user on user_sessions (user_id);
create index user_sessions_expiry on user_sessions (expires_at);

-- A browser two people share is known to each of them: keyed on the token and the person.
create table known_devices_by_person (
    token_hash text not null,
    user_id blob not null references users (id) on delete cascade,
    first_seen text not null,
    last_seen text not null,
    primary key (token_hash, user_id)
);
insert into known_devices_by_person select token_hash, user_id, first_seen, last_seen from known_devices;
drop table known_devices;
alter table known_devices_by_person rename to known_devices;
create index known_devices_user on known_devices (user_id);
create index known_devices_last_seen on known_devices (last_seen);
create index sign_in_failures_last on sign_in_failures (last_failed_at);

-- A password an administrator set (or `create-admin` generated) is changed by its person at
-- their first sign-in: the app shows nothing else until they have.
alter table users add column must_change_password boolean not null default false;
