-- Sessions kept by Touchstone itself (store/sessions.rs) rather than tower-sessions' sqlx store:
-- only the SHA-256 of a session id is kept, so a copy of the database signs nobody in, and each
-- session names its person, so they can see and end their own. Sessions in the old table end.
drop schema if exists tower_sessions cascade;

create table user_sessions (
    id_hash text primary key,
    user_id uuid references users (id) on delete cascade,
    data text not null,
    expires_at timestamptz not null
);

create index user_sessions_user on user_sessions (user_id);
create index user_sessions_expiry on user_sessions (expires_at);

-- A browser two people share is known to each of them: keyed on the token and the person.
alter table known_devices drop constraint known_devices_pkey;
alter table known_devices add primary key (token_hash, user_id);
create index known_devices_last_seen on known_devices (last_seen);
create index sign_in_failures_last on sign_in_failures (last_failed_at);

-- A password an administrator set (or `create-admin` generated) is changed by its person at
-- their first sign-in: the app shows nothing else until they have.
alter table users add column must_change_password boolean not null default false;
