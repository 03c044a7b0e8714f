-- Failed sign-ins counted per key ("account:<email>", "device:<token hash>", "address:<ip>"), in
-- the database so that every server behind a balancer sees the same counts (sign_in_guard.rs).
create table sign_in_failures (
    key text primary key,
    failures bigint not null,
    last_failed_at timestamptz not null
);

-- Browsers that signed in to an account: a random token in a cookie, kept here only as its
-- SHA-256, so a copy of the database signs nobody in. Their failures are counted apart from a
-- stranger's guesses at the same email.
create table known_devices (
    token_hash text primary key,
    user_id uuid not null references users (id) on delete cascade,
    first_seen timestamptz not null,
    last_seen timestamptz not null
);

create index known_devices_user on known_devices (user_id);
