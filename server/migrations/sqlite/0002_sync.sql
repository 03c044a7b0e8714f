-- Offline sync: records made on devices, the change sequence, and every mutation ever handled.

-- The latest state of each synced record. Deletions stay as tombstones (deleted = 1) so devices
-- pull them like any other change.
create table sync_records (
    record_id blob primary key not null,
    entity text not null,
    owner_id blob not null references users (id),
    -- starts at 1, up by one per applied change.
    version integer not null,
    deleted boolean not null,
    -- the record's JSON, exactly as the device sent it.
    payload text not null,
    -- position in the change sequence of the latest change; devices pull "after seq N".
    seq integer not null unique,
    updated_at text not null
);

create index sync_records_owner_seq on sync_records (owner_id, seq);

-- The at-most-once guarantee: a (client, mutation) pair is inserted once, in the same transaction
-- as its effect, and its outcome is kept to answer a resend.
create table sync_mutations (
    client_id blob not null,
    mutation_id integer not null,
    user_id blob not null references users (id),
    record_id blob not null,
    outcome text not null,
    handled_at text not null,
    primary key (client_id, mutation_id)
);

-- One row: the last change number handed out.
create table sync_sequence (
    id integer primary key check (id = 1),
    last_seq integer not null
);

insert into sync_sequence (id, last_seq) values (1, 0);
