-- A device id is one person's: bound to the first person who syncs with it, so nobody else who
-- learns it can claim its future change numbers (`sync_mutations` rows) before the device sends
-- them. Devices that synced before this migration are bound to whoever first used them.
create table sync_clients (
    client_id blob primary key,
    user_id blob not null references users (id),
    first_seen text not null
);

insert into sync_clients (client_id, user_id, first_seen)
select m.client_id, m.user_id, m.handled_at
from sync_mutations m
where m.handled_at = (select min(o.handled_at) from sync_mutations o where o.client_id = m.client_id)
group by m.client_id;
