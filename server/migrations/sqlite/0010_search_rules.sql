-- Search follows the rules the device searches by (shared::directory::search): the store
-- writes each service's terms, already folded and stemmed, and FTS5 only matches them (no
-- Porter stemmer of its own: it would stem the stems); `terms` keeps them by field (a line
-- each), for ranking the matches. Which rules the stored terms were made
-- by: when the rules change, the server indexes every service again at start-up (version 0:
-- none yet).
drop table services_search;
create virtual table services_search using fts5 (
    service_id unindexed,
    terms,
    tokenize = 'unicode61 remove_diacritics 0'
);
create table directory_search_rules (version integer not null);
insert into directory_search_rules (version) values (0);
