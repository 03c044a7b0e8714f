-- Offline sync: records made on devices, the change sequence, and every mutation ever handled.

-- The latest state of each synced record. Deletions stay as tombstones (deleted = true) so
-- devices pull them like any other change.
create table sync_records (
    record_id uuid primary key,
    entity text not null,
    owner_id uuid not null references users (id),
    -- starts at 1, up by one per applied change.
    version bigint not null,
    deleted boolean not null,
    -- the record's JSON as the device sent it (jsonb keeps the values; spacing and key order may differ).
    payload jsonb not null,
    -- position in the change sequence of the latest change; devices pull "after seq N".
    seq bigint not null constraint sync_records_seq_key unique,
    updated_at timestamptz not null
);

create index sync_records_owner_seq on sync_records (owner_id, seq);

-- The at-most-once guarantee: a (client, mutation) pair is inserted once, in the same transaction
-- as its effect, and its outcome is kept to answer a resend.
create table sync_mutations (
    client_id uuid not null,
    mutation_id bigint not null,
    user_id uuid not null references users (id),
    record_id uuid not null,
    outcome jsonb not null,
    handled_at timestamptz not null,
    primary key (client_id, mutation_id)
);

-- One row: the last change number handed out. Each writing push locks it (update … returning),
-- so change numbers are handed out in commit order and a pull never skips a later-committing
-- earlier number.
create table sync_sequence (
    id integer primary key check (id = 1),
    last_seq bigint not null
);

insert into sync_sequence (id, last_seq) values (1, 0);
