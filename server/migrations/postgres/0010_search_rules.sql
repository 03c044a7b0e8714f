-- Search follows the rules the device searches by (shared::directory::search): the store
-- writes each service's terms, already folded and stemmed, and the database only matches them
-- (to_tsvector('simple', …)); `search_terms` keeps them by field, for ranking the matches. Which rules the stored terms were made by: when the rules change,
-- the server indexes every service again at start-up (version 0: none yet).
create table directory_search_rules (version integer not null);
insert into directory_search_rules (version) values (0);
alter table services add column search_terms text not null default '';
