-- Lists of services come in name order, a page at a time: walked from an index rather than
-- sorting every service for each page.
create index services_name on services (name, id);
