-- Listed services (active or temporarily closed) in name order: a feed page walks this index
-- alone instead of reading every service before it to check its status, and counting them
-- reads only the index (status is in it so that SQLite sees it needs nothing else). The
-- condition is written exactly as the queries write it (`LISTED` in
-- store/directory/search.rs): that is how the planner knows the index answers them.
create index services_listed on services (name, id, status) where status in ('active', 'temporarily closed');
