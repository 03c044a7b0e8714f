-- The council's postcodes and their centres, to search near a postcode (server/src/store/
-- directory/postcodes.rs). Imported whole, replacing what was there.
create table postcodes (
    -- As written on letters, with its one space: "BD21 3LZ".
    postcode text primary key not null,
    latitude double precision not null,
    longitude double precision not null
);

-- Each import: when, by whom, how many. The newest says how old devices' copies may be.
create table postcode_imports (
    imported_at timestamptz primary key not null,
    imported_by uuid references users (id) on delete set null,
    postcodes integer not null
);
