-- Templates: versioned questionnaires (self-assessments and case-file audits). A version's
-- content never changes once published; a change is a new version of the same key.

create table templates (
    id blob primary key not null,
    -- names the template across its versions, e.g. 'practice-model'.
    key text not null,
    version integer not null,
    kind text not null check (kind in ('self_assessment', 'case_file_audit')),
    status text not null check (status in ('draft', 'published', 'retired')),
    title text not null,
    -- the whole TemplateContent as JSON: domains, statements with stable keys, help text.
    content text not null,
    created_by blob references users (id),
    created_at text not null,
    published_at text,
    retired_at text,
    unique (key, version)
);

-- At most one published version of each template.
create unique index templates_one_published on templates (key) where status = 'published';
