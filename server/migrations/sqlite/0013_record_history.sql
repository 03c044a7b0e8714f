-- Risk enablement forms keep their history (RISK-ENABLEMENT.md §3; DESIGN §5): every version a
-- form had when it changed stage (sent, returned, agreed, brought forward, reviewed, closed),
-- with who and when, never changed; and every read of a form, on the server or on a device.

create table record_versions (
    record_id blob not null references sync_records (record_id),
    version integer not null,
    status text not null,
    changed_by blob not null references users (id),
    changed_at text not null,
    payload text not null,
    primary key (record_id, version)
);

create table record_reads (
    id integer primary key autoincrement,
    record_id blob not null references sync_records (record_id),
    reader_id blob not null references users (id),
    read_at text not null,
    -- "server": fetched or pulled; "device": opened on a device (perhaps offline), sent later.
    via text not null check (via in ('server', 'device')),
    -- where from: the network address the read came from, and the browser, when known.
    address text,
    agent text
);

create index record_reads_record on record_reads (record_id, read_at);
