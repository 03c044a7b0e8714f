-- The community-assets directory, as HSDS 3.0 / Open Referral UK 3.0 models it: organisations
-- run services, services happen at locations, on schedules, and are found by taxonomy terms.
-- Every row's id is a uuid, kept from an imported feed so re-importing updates in place. A
-- service's parts (schedules, areas, languages, costs, phones, contacts) belong to it and are
-- replaced whole when it is saved; `position` keeps the order they were given in.

create table organizations (
    id uuid primary key not null,
    name text not null,
    description text not null,
    email text,
    website text,
    charity_number text,
    last_modified timestamptz not null
);

create table locations (
    id uuid primary key not null,
    location_type text not null check (location_type in ('physical', 'postal', 'virtual')),
    name text,
    description text,
    -- a refuge: published without an address or coordinates (the store refuses them).
    confidential boolean not null default false,
    latitude double precision,
    longitude double precision,
    last_modified timestamptz not null
);

create table addresses (
    id uuid primary key not null,
    location_id uuid not null references locations (id) on delete cascade,
    position integer not null,
    address_1 text not null,
    address_2 text,
    city text not null,
    state_province text not null,
    postal_code text not null,
    country text not null
);
create index addresses_location on addresses (location_id);

create table accessibility (
    id uuid primary key not null,
    location_id uuid not null references locations (id) on delete cascade,
    position integer not null,
    description text not null,
    details text,
    url text
);
create index accessibility_location on accessibility (location_id);

create table taxonomies (
    id uuid primary key not null,
    name text not null,
    description text not null,
    uri text,
    version text
);

create table taxonomy_terms (
    id uuid primary key not null,
    taxonomy_id uuid not null references taxonomies (id),
    code text,
    name text not null,
    description text not null,
    parent_id uuid references taxonomy_terms (id),
    term_uri text,
    -- the order terms are listed in (the shipped file's order).
    position integer not null default 0
);
create index taxonomy_terms_taxonomy on taxonomy_terms (taxonomy_id);
create index taxonomy_terms_parent on taxonomy_terms (parent_id);

create table services (
    id uuid primary key not null,
    organization_id uuid not null references organizations (id),
    name text not null,
    description text not null,
    url text,
    email text,
    status text not null check (status in ('active', 'temporarily closed', 'inactive', 'defunct')),
    alert text,
    minimum_age integer,
    maximum_age integer,
    assured_date date,
    assurer_email text,
    last_modified timestamptz not null,
    created_at timestamptz not null
);
create index services_organization on services (organization_id);
-- The feed's modified_after and the review queue's oldest-first.
create index services_last_modified on services (last_modified);
create index services_assured on services (assured_date);

create table service_taxonomy_terms (
    service_id uuid not null references services (id) on delete cascade,
    taxonomy_term_id uuid not null references taxonomy_terms (id),
    primary key (service_id, taxonomy_term_id)
);
create index service_taxonomy_terms_term on service_taxonomy_terms (taxonomy_term_id);

create table service_at_locations (
    id uuid primary key not null,
    service_id uuid not null references services (id) on delete cascade,
    location_id uuid not null references locations (id),
    position integer not null
);
create index service_at_locations_service on service_at_locations (service_id);
create index service_at_locations_location on service_at_locations (location_id);

-- A schedule belongs to a service, or to a service at one location.
create table schedules (
    id uuid primary key not null,
    service_id uuid references services (id) on delete cascade,
    service_at_location_id uuid references service_at_locations (id) on delete cascade,
    position integer not null,
    freq text not null check (freq in ('WEEKLY', 'MONTHLY')),
    repeat_interval integer not null,
    dtstart date,
    -- iCalendar text: 'MO,TH', '1TU,-1FR'; bymonthday '1,15,-1'.
    byday text not null,
    bymonthday text not null,
    opens_at text,
    closes_at text,
    valid_from date,
    valid_to date,
    description text not null,
    check ((service_id is null) <> (service_at_location_id is null))
);
create index schedules_service on schedules (service_id);
create index schedules_service_at_location on schedules (service_at_location_id);

create table service_areas (
    id uuid primary key not null,
    service_id uuid not null references services (id) on delete cascade,
    position integer not null,
    name text not null,
    uri text
);
create index service_areas_service on service_areas (service_id);
create index service_areas_name on service_areas (name);

create table languages (
    id uuid primary key not null,
    service_id uuid not null references services (id) on delete cascade,
    position integer not null,
    name text not null,
    code text
);
create index languages_service on languages (service_id);

create table cost_options (
    id uuid primary key not null,
    service_id uuid not null references services (id) on delete cascade,
    position integer not null,
    option text,
    amount double precision,
    amount_description text
);
create index cost_options_service on cost_options (service_id);

create table contacts (
    id uuid primary key not null,
    service_id uuid not null references services (id) on delete cascade,
    position integer not null,
    name text,
    title text
);
create index contacts_service on contacts (service_id);

-- A phone belongs to a service, or to one of its contacts.
create table phones (
    id uuid primary key not null,
    service_id uuid references services (id) on delete cascade,
    contact_id uuid references contacts (id) on delete cascade,
    position integer not null,
    number text not null,
    description text,
    check ((service_id is null) <> (contact_id is null))
);
create index phones_service on phones (service_id);
create index phones_contact on phones (contact_id);

-- Who changed which field of a service, when: the service page's history. Kept when a service
-- is defunct; never edited.
create table service_changes (
    id bigserial primary key,
    service_id uuid not null references services (id),
    changed_at timestamptz not null,
    changed_by uuid references users (id),
    -- 'app', 'import' or 'check' (Checked today).
    source text not null,
    field text not null,
    before text,
    after text
);
create index service_changes_service on service_changes (service_id, changed_at);

-- "Report a problem": anyone signed in; commissioners resolve or dismiss with a reply.
create table service_reports (
    id uuid primary key not null,
    service_id uuid not null references services (id),
    kind text not null check (kind in ('closed', 'wrong_details', 'moved', 'other')),
    note text not null,
    reported_by uuid references users (id),
    reported_at timestamptz not null,
    status text not null check (status in ('open', 'resolved', 'dismissed')),
    reply text,
    closed_by uuid references users (id),
    closed_at timestamptz
);
create index service_reports_open on service_reports (status, reported_at);
create index service_reports_service on service_reports (service_id);

-- Search: English stemming, name (A) above categories (B) above description (C), accents folded
-- ("cafe" finds "café", as SQLite's unicode61 tokenizer does). Written by the store with the
-- service, as the categories' names come from other rows. unaccent is a trusted extension: a
-- database's owner may create it without being a superuser.
create extension if not exists unaccent;
alter table services add column search tsvector not null default ''::tsvector;
create index services_search on services using gin (search);
