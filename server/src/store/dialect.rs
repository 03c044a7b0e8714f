//! What differs between SQLite and PostgreSQL, each difference named once. Everything else the
//! store says is one SQL text for both: they share `$1` placeholders, `returning`,
//! `on conflict`, `coalesce`, `case` and transactions.

use std::future::Future;

use sqlx::{Database, Decode, Encode, Pool, Postgres, Sqlite, Transaction, Type};

use super::Backend;

/// A database the store runs on: its SQL fragments where the two differ.
pub trait Dialect: Database {
    const BACKEND: Backend;
    /// Folds a user's roles (`r.role`, from `user_roles r`) into one comma-separated column.
    const ROLE_LIST: &'static str;
    /// `team_id` spelt as text (a result group's key).
    const TEAM_TEXT: &'static str;
    /// Reads a JSON column as text (`{}` is the column).
    const JSON_TEXT: &'static str;
    /// Writes a text parameter to a JSON column (`{}` is the placeholder).
    const JSON_PARAM: &'static str;
    /// Locks a row read inside a push until the push commits, where the database can.
    const FOR_UPDATE: &'static str;

    /// Statements that rewrite the search index of some services from their rows and
    /// categories: each is `(head, tail)` around a parenthesised list of service ids.
    const SEARCH_REFRESH: &'static [(&'static str, &'static str)];
    /// The search vector a service's row holds, where the database keeps it in the row: an
    /// expression over the upsert's values `v` (its columns, and `categories`, the words of its
    /// categories).
    const SEARCH_VECTOR: Option<&'static str>;
    /// The `from` of a word search, naming the services table `s` (`{}`, where present, is the
    /// query's placeholder).
    const SEARCH_FROM: &'static str;
    /// The condition that a service matches the query (`{}` is its placeholder), if the `from`
    /// does not already say.
    const SEARCH_MATCH: &'static str;
    /// An `order by` expression, best match first (`{}` is the query's placeholder).
    const SEARCH_RANK: &'static str;

    /// Refreshes the planner's statistics on the directory's tables after a bulk write (run
    /// outside any transaction): until
    /// then a freshly imported directory is planned as if empty (PostgreSQL searched 10,000
    /// services at 111 requests a second instead of 500, scanning the wrong index).
    const REFRESH_STATISTICS: &'static str;

    /// Keeps services in some categories: `(head, tail)` around a list of term ids, written so
    /// that each database finds the category's services first and then sorts them, rather than
    /// walking every service in name order looking for them. SQLite makes an uncorrelated `in`
    /// list once (a correlated one it builds again for every service: 21 requests a second);
    /// PostgreSQL needs the list made an array (5.6 ms a page as a semi-join, 1.3 ms so).
    const CATEGORY_FILTER: (&'static str, &'static str);
    /// The most values one multi-row statement binds. SQLite's time to run a statement grows
    /// faster than its parameters (measured: 10,000 services imported in 39 s with 30,000 a
    /// statement, 1.4 s with 150); PostgreSQL gains from fewer round trips.
    const PARAMS_PER_STATEMENT: usize;
    /// The most ids one `in (…)` list holds, for the same reason.
    const IDS_PER_STATEMENT: usize;

    /// A person's words as this database's full-text query: every word must match (stemmed),
    /// the last also as the start of a word, as they may still be typing. Only letters and
    /// digits pass, so nothing typed is read as query syntax. `None` when no word is left.
    fn search_query(words: &str) -> Option<String>;

    /// How many rows a statement changed.
    fn rows_affected(result: &Self::QueryResult) -> u64;

    /// Begins a push's transaction.
    fn begin_push(pool: &Pool<Self>)
    -> impl Future<Output = sqlx::Result<Transaction<'static, Self>>> + Send;

    fn json_text(column: &str) -> String {
        Self::JSON_TEXT.replace("{}", column)
    }

    fn json_param(placeholder: &str) -> String {
        Self::JSON_PARAM.replace("{}", placeholder)
    }
}

/// The words of a search, lower-cased, letters and digits only.
fn search_words(words: &str) -> Vec<String> {
    words
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(12)
        .map(str::to_lowercase)
        .collect()
}

impl Dialect for Sqlite {
    const BACKEND: Backend = Backend::Sqlite;
    const PARAMS_PER_STATEMENT: usize = 150;
    const CATEGORY_FILTER: (&'static str, &'static str) = (
        " and s.id in (select st.service_id from service_taxonomy_terms st where st.taxonomy_term_id in ",
        ")",
    );
    const IDS_PER_STATEMENT: usize = 500;
    // Sampled (the connection's `analysis_limit`), so quick on any size of directory.
    const REFRESH_STATISTICS: &'static str = "analyze";
    const SEARCH_REFRESH: &'static [(&'static str, &'static str)] = &[
        ("delete from services_search where service_id in", ""),
        (
            "insert into services_search (service_id, name, categories, description)
             select s.id, s.name, coalesce((select group_concat(t.name || ' ' || coalesce(p.name, ''), ' ')
               from service_taxonomy_terms st join taxonomy_terms t on t.id = st.taxonomy_term_id
               left join taxonomy_terms p on p.id = t.parent_id where st.service_id = s.id), ''),
             s.description from services s where s.id in",
            "",
        ),
    ];
    // FTS5's ranking functions work only in the query that scans the index, hence the subquery.
    // bm25 weights per column: service_id (unindexed), name, categories, description.
    const SEARCH_VECTOR: Option<&'static str> = None;
    const SEARCH_FROM: &'static str = "(select service_id, bm25(services_search, 0.0, 10.0, 4.0, 1.0) as score \
         from services_search where services_search match {}) f join services s on s.id = f.service_id";
    const SEARCH_MATCH: &'static str = "";
    const SEARCH_RANK: &'static str = "f.score";

    fn search_query(words: &str) -> Option<String> {
        let words = search_words(words);
        let last = words.len().checked_sub(1)?;
        Some(
            words
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    if i == last {
                        format!("\"{w}\"*")
                    } else {
                        format!("\"{w}\"")
                    }
                })
                .collect::<Vec<_>>()
                .join(" "),
        )
    }
    const ROLE_LIST: &'static str = "group_concat(r.role, ',')";
    const TEAM_TEXT: &'static str = "lower(hex(team_id))";
    const JSON_TEXT: &'static str = "{}";
    const JSON_PARAM: &'static str = "{}";
    // SQLite has one writer, and the push already holds the write lock (`begin_push`).
    const FOR_UPDATE: &'static str = "";

    fn rows_affected(result: &Self::QueryResult) -> u64 {
        result.rows_affected()
    }

    /// `BEGIN IMMEDIATE` takes the write lock at once: taken late, a busy push could fail
    /// half-way.
    fn begin_push(
        pool: &Pool<Self>,
    ) -> impl Future<Output = sqlx::Result<Transaction<'static, Self>>> + Send {
        pool.begin_with("BEGIN IMMEDIATE")
    }
}

impl Dialect for Postgres {
    const BACKEND: Backend = Backend::Postgres;
    const PARAMS_PER_STATEMENT: usize = 3_000;
    const CATEGORY_FILTER: (&'static str, &'static str) = (
        " and s.id = any(array(select st.service_id from service_taxonomy_terms st \
         where st.taxonomy_term_id in ",
        "))",
    );
    const IDS_PER_STATEMENT: usize = 5_000;
    // Vacuumed too: until pages are marked all-visible, a page of the list visits the table for
    // every row it skips rather than reading the index alone.
    const REFRESH_STATISTICS: &'static str = "vacuum (analyze) organizations, locations, addresses, accessibility, \
         taxonomy_terms, services, service_taxonomy_terms, service_at_locations, schedules, service_areas, \
         languages, cost_options";
    // Written with each row (`SEARCH_VECTOR`); rewritten when a category is renamed.
    const SEARCH_REFRESH: &'static [(&'static str, &'static str)] = &[(
        "update services set search =
           setweight(to_tsvector('english', unaccent(name)), 'A')
           || setweight(to_tsvector('english', unaccent(coalesce((select string_agg(t.name || ' ' || coalesce(p.name, ''), ' ')
                from service_taxonomy_terms st join taxonomy_terms t on t.id = st.taxonomy_term_id
                left join taxonomy_terms p on p.id = t.parent_id
                where st.service_id = services.id), ''))), 'B')
           || setweight(to_tsvector('english', unaccent(description)), 'C')
         where id in",
        "",
    )];
    const SEARCH_VECTOR: Option<&'static str> = Some(
        "setweight(to_tsvector('english', unaccent(v.name)), 'A') \
         || setweight(to_tsvector('english', unaccent(v.categories)), 'B') \
         || setweight(to_tsvector('english', unaccent(v.description)), 'C')",
    );
    const SEARCH_FROM: &'static str = "services s";
    const SEARCH_MATCH: &'static str = "s.search @@ to_tsquery('english', unaccent({}))";
    const SEARCH_RANK: &'static str = "ts_rank(s.search, to_tsquery('english', unaccent({}))) desc";

    fn search_query(words: &str) -> Option<String> {
        let words = search_words(words);
        let last = words.len().checked_sub(1)?;
        Some(
            words
                .iter()
                .enumerate()
                .map(|(i, w)| if i == last { format!("{w}:*") } else { w.clone() })
                .collect::<Vec<_>>()
                .join(" & "),
        )
    }
    const ROLE_LIST: &'static str = "string_agg(r.role, ',')";
    const TEAM_TEXT: &'static str = "cast(team_id as text)";
    const JSON_TEXT: &'static str = "{}::text";
    const JSON_PARAM: &'static str = "{}::jsonb";
    // The record row is locked for update and the one-row sequence by its update, so change
    // numbers follow commit order.
    const FOR_UPDATE: &'static str = "for update";

    fn rows_affected(result: &Self::QueryResult) -> u64 {
        result.rows_affected()
    }

    fn begin_push(
        pool: &Pool<Self>,
    ) -> impl Future<Output = sqlx::Result<Transaction<'static, Self>>> + Send {
        pool.begin()
    }
}

/// A Rust type that both databases read from and write to a column.
pub trait Column<D: Database>: for<'q> Encode<'q, D> + for<'r> Decode<'r, D> + Type<D> + Send + Sync {}

impl<T, D: Database> Column<D> for T where
    T: for<'q> Encode<'q, D> + for<'r> Decode<'r, D> + Type<D> + Send + Sync
{
}
