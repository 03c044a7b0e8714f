-- The security audit log (server/src/audit.rs): who did what, from where, and how it ended.
-- Append-only: nothing updates a row, and only the retention sweep deletes (the oldest). No
-- foreign key to users: the trail outlives a person's account.
create table audit_events (
    id bigint generated always as identity primary key,
    at timestamptz not null,
    user_id uuid,
    address text,
    action text not null,
    outcome text not null check (outcome in ('success', 'failure', 'refused')),
    subject text,
    detail text
);

create index audit_events_at on audit_events (at);
create index audit_events_user on audit_events (user_id, at);

create function audit_events_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the audit log is append-only';
end
$$;

create trigger audit_events_append_only before update on audit_events
    for each row execute function audit_events_append_only();
