-- A device id is one person's: bound to the first person who syncs with it, so nobody else who
-- learns it can claim its future change numbers (`sync_mutations` rows) before the device sends
-- them. Devices that synced before this migration are bound to whoever first used them.
create table sync_clients (
    client_id uuid primary key,
    user_id uuid not null references users (id),
    first_seen timestamptz not null
);

insert into sync_clients (client_id, user_id, first_seen)
select distinct on (client_id) client_id, user_id, handled_at
from sync_mutations
order by client_id, handled_at;
