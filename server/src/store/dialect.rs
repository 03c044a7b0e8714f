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

    /// Search follows `shared::directory::search`: the store works out each service's terms and
    /// the database only matches them, with no stemming of its own (PostgreSQL's `simple`
    /// configuration, FTS5's `unicode61` tokenizer), so it finds what the device finds.
    ///
    /// Writes services' terms (`v.id`, `v.terms`) in place: `(head, tail)` around `values (…)`.
    /// SQLite first deletes the old (`SEARCH_DELETE`).
    const SEARCH_WRITE: (&'static str, &'static str);
    /// Deletes services' terms before `SEARCH_WRITE`, where it adds rather than replaces: a
    /// statement to end with a list of service ids.
    const SEARCH_DELETE: Option<&'static str>;
    /// The terms a service's row holds, where the database keeps them in the row: an
    /// expression over the upsert's values `v` (its columns, and `terms`).
    const SEARCH_VECTOR: Option<&'static str>;
    /// The `from` of a word search, naming the services table `s` (`{}`, where present, is the
    /// query's placeholder).
    const SEARCH_FROM: &'static str;
    /// A matched service's stored terms (`Document::stored`), in a word search's `select`.
    const SEARCH_TERMS: &'static str;
    /// The condition that a service matches the query (`{}` is its placeholder), if the `from`
    /// does not already say.
    const SEARCH_MATCH: &'static str;

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
    /// What goes before and after a text to lower-case its ASCII letters only, as SQLite's
    /// `lower()` does and PostgreSQL's does under the C collation: the shared filters fold
    /// case the same way, so a device and both databases agree on every name.
    const ASCII_LOWER: (&'static str, &'static str);
    /// The most values one multi-row statement binds. SQLite's time to run a statement grows
    /// faster than its parameters (measured: 10,000 services imported in 39 s with 30,000 a
    /// statement, 1.4 s with 150); PostgreSQL gains from fewer round trips.
    const PARAMS_PER_STATEMENT: usize;
    /// The most ids one `in (…)` list holds, for the same reason.
    const IDS_PER_STATEMENT: usize;

    /// A search as this database's full-text query.
    fn search_query(query: &shared::directory::search::Query) -> String;

    /// How many rows a statement changed.
    fn rows_affected(result: &Self::QueryResult) -> u64;

    /// Begins a transaction that will write. Every writing transaction begins here: on SQLite a
    /// deferred one that reads and then writes fails at once ("database is locked") when another
    /// writer committed in between, and the busy timeout does not cover that.
    fn begin_write(
        pool: &Pool<Self>,
    ) -> impl Future<Output = sqlx::Result<Transaction<'static, Self>>> + Send;

    fn json_text(column: &str) -> String {
        Self::JSON_TEXT.replace("{}", column)
    }

    fn json_param(placeholder: &str) -> String {
        Self::JSON_PARAM.replace("{}", placeholder)
    }
}

impl Dialect for Sqlite {
    const BACKEND: Backend = Backend::Sqlite;
    const PARAMS_PER_STATEMENT: usize = 150;
    const ASCII_LOWER: (&'static str, &'static str) = ("lower(", ")");
    const CATEGORY_FILTER: (&'static str, &'static str) = (
        " and s.id in (select st.service_id from service_taxonomy_terms st where st.taxonomy_term_id in ",
        ")",
    );
    const IDS_PER_STATEMENT: usize = 500;
    // Sampled (the connection's `analysis_limit`), so quick on any size of directory.
    const REFRESH_STATISTICS: &'static str = "analyze";
    const SEARCH_WRITE: (&'static str, &'static str) =
        ("insert into services_search (service_id, terms)", "");
    const SEARCH_DELETE: Option<&'static str> = Some("delete from services_search where service_id in");
    const SEARCH_VECTOR: Option<&'static str> = None;
    const SEARCH_FROM: &'static str = "(select service_id, terms from services_search where services_search match {}) f \
         join services s on s.id = f.service_id";
    const SEARCH_TERMS: &'static str = "f.terms";
    const SEARCH_MATCH: &'static str = "";

    fn search_query(query: &shared::directory::search::Query) -> String {
        query.fts5()
    }
    const ROLE_LIST: &'static str = "group_concat(r.role, ',')";
    const TEAM_TEXT: &'static str = "lower(hex(team_id))";
    const JSON_TEXT: &'static str = "{}";
    const JSON_PARAM: &'static str = "{}";
    // SQLite has one writer, and the push already holds the write lock (`begin_write`).
    const FOR_UPDATE: &'static str = "";

    fn rows_affected(result: &Self::QueryResult) -> u64 {
        result.rows_affected()
    }

    /// `BEGIN IMMEDIATE` takes the write lock at once (waiting out the busy timeout): taken late,
    /// a busy push could fail half-way.
    fn begin_write(
        pool: &Pool<Self>,
    ) -> impl Future<Output = sqlx::Result<Transaction<'static, Self>>> + Send {
        pool.begin_with("BEGIN IMMEDIATE")
    }
}

impl Dialect for Postgres {
    const BACKEND: Backend = Backend::Postgres;
    const PARAMS_PER_STATEMENT: usize = 3_000;
    const ASCII_LOWER: (&'static str, &'static str) = ("lower(", " collate \"C\")");
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
    // Written with each row (`SEARCH_VECTOR`); rewritten in place when a category is renamed.
    const SEARCH_WRITE: (&'static str, &'static str) = (
        "update services set search = to_tsvector('simple', v.terms), search_terms = v.terms from (",
        ") as v (id, terms) where services.id = v.id",
    );
    const SEARCH_DELETE: Option<&'static str> = None;
    const SEARCH_VECTOR: Option<&'static str> = Some("to_tsvector('simple', v.terms)");
    const SEARCH_FROM: &'static str = "services s";
    const SEARCH_TERMS: &'static str = "s.search_terms";
    const SEARCH_MATCH: &'static str = "s.search @@ to_tsquery('simple', {})";

    fn search_query(query: &shared::directory::search::Query) -> String {
        query.tsquery()
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

    fn begin_write(
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
