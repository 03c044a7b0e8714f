-- The unmet-need report (server/src/store/unmet.rs): searches practitioners made in the
-- directory, counted without who made them. No column names a person; the day, not the time.
create table directory_searches (
    id uuid primary key not null,
    searched_on date not null,
    category_id uuid,
    area text,
    age_group text,
    day text,
    -- The filters used, each between commas (",area,free,").
    filters text not null,
    results integer not null,
    -- Words that found nothing, as a keyed hash (unmet_words).
    words_hash text
);
create index directory_searches_on on directory_searches (searched_on);

-- Words that found nothing: the words themselves are written only once enough different
-- people have searched them; until then, only their keyed hash.
create table unmet_words (
    words_hash text primary key not null,
    words text
);

-- Who searched which words, only as one byte of a keyed hash of (person, words): enough to
-- count different people (two people sharing a byte count once, so never too many), too
-- little to say who: any byte is shared by one in 256 of the staff.
create table unmet_word_people (
    words_hash text not null,
    marker integer not null,
    primary key (words_hash, marker)
);

-- The key of those hashes, made at first use.
create table unmet_key (
    id integer primary key not null check (id = 1),
    key text not null
);
