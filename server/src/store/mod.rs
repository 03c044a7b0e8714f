//! Persistence, one trait per domain — users and teams, templates, sync, results — reached from
//! one `Store`, on either of two databases chosen by the URL: `sqlite://…` (the default,
//! embedded) or `postgres://…`. Each domain's queries are written once (`SqlStore<D>`), with the
//! few places the two differ named in `dialect`; each database has its own migrations. One story
//! test suite (`tests/store_story.rs`) runs against both. Handlers never hold SQL.

pub mod audit;
mod dialect;
pub mod directory;
pub mod history;
mod postgres;
pub mod results;
pub(crate) mod rows;
mod session_backend;
pub mod sessions;
pub mod sign_in;
mod sql;
mod sqlite;
pub(crate) mod sync;
mod templates;
pub mod unmet;
mod users;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use shared::UserId;
use shared::api::users::{User, UserProfile};

pub use audit::AuditStore;
pub use directory::DirectoryStore;
pub use directory::postcodes::PostcodeStore;
pub use history::HistoryStore;
pub use results::ResultStore;
pub use session_backend::{SessionBackend, USER_ID_KEY, id_hash};
pub use sessions::SessionRecords;
pub use sign_in::SignInStore;
pub use sync::SyncStore;
pub use templates::TemplateStore;
pub use unmet::UnmetNeedStore;
pub use users::UserStore;

pub type StoreResult<T> = Result<T, StoreError>;

/// A boxed store future: helpers generic over the database return these, as `async_trait`
/// does, because rustc cannot yet prove an unboxed one `Send` under the store's higher-ranked
/// bounds.
pub(crate) type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique rule was broken (an email or team name already used).
    #[error("{message}")]
    Conflict {
        field: &'static str,
        message: &'static str,
    },
    /// A reference to a record that does not exist (a user's team).
    #[error("{message}")]
    MissingReference {
        field: &'static str,
        message: &'static str,
    },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    /// The newest migration this build ships for the backend: what `schema_version` reports once
    /// every migration has run.
    pub fn latest_migration(self) -> i64 {
        let migrator = match self {
            Backend::Sqlite => &sqlite::MIGRATOR,
            Backend::Postgres => &postgres::MIGRATOR,
        };
        migrator.iter().map(|m| m.version).max().unwrap_or(0)
    }
}

/// A user row as needed to sign in or to check a session.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
    /// Bumped when the password is set or the user deactivated, which ends older sessions.
    pub session_epoch: i64,
    /// Someone else chose the password: its person must change it before anything else.
    pub must_change_password: bool,
}

/// Everything needed to insert a user.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub id: UserId,
    /// Already normalised (`UserProfile::normalised`).
    pub profile: UserProfile,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
    /// Set when an administrator chose the password (not for demo accounts).
    pub must_change_password: bool,
}

/// Everything the server keeps, by domain.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    fn backend(&self) -> Backend;

    /// The newest applied migration.
    async fn schema_version(&self) -> StoreResult<i64>;

    fn users(&self) -> &dyn UserStore;
    fn templates(&self) -> &dyn TemplateStore;
    fn sync(&self) -> &dyn SyncStore;
    fn results(&self) -> &dyn ResultStore;
    fn directory(&self) -> &dyn DirectoryStore;
    fn unmet(&self) -> &dyn UnmetNeedStore;
    fn postcodes(&self) -> &dyn PostcodeStore;
    fn history(&self) -> &dyn HistoryStore;
    fn sign_in(&self) -> &dyn SignInStore;
    fn sessions(&self) -> &dyn SessionRecords;
    fn audit(&self) -> &dyn AuditStore;
}

/// When the server received a push, and the results' grace window: together they decide the
/// period a submission counts in (`shared::results::timing::counted_at`).
#[derive(Debug, Clone)]
pub struct Received {
    pub at: DateTime<Utc>,
    pub grace: chrono::Duration,
    /// The council's risk matrix, by which a form is judged ready and a plan's risk high.
    pub matrix: std::sync::Arc<shared::risk::scoring::Matrix>,
}

impl Received {
    pub fn now(grace_days: u32) -> Received {
        Received {
            at: Utc::now(),
            grace: chrono::Duration::days(i64::from(grace_days)),
            matrix: Default::default(),
        }
    }

    /// Received now under the server's settings.
    pub fn by(settings: &crate::state::Settings) -> Received {
        Received {
            matrix: settings.risk_matrix.clone(),
            ..Received::now(settings.results_grace_days)
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct SubmissionSnapshot {
    pub team_name: Option<String>,
    pub service_area: Option<String>,
    pub pcf_level: Option<String>,
    pub submitted_at: DateTime<Utc>,
    /// The moment it counts at in results, decided by the server.
    pub counted_at: DateTime<Utc>,
    pub ratings: i64,
    pub help: i64,
}

/// An opened database: the domain store and the session store on the same connection pool.
pub struct Database {
    pub store: Arc<dyn Store>,
    pub sessions: SessionBackend,
}

/// Opens the database named by `url`, creating a SQLite file (and its folder) if missing, and
/// applies the backend's migrations.
pub async fn connect(url: &str) -> anyhow::Result<Database> {
    let database = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        postgres::connect(url).await?
    } else if url.starts_with("sqlite:") {
        sqlite::connect(url).await?
    } else {
        anyhow::bail!(
            "DATABASE_URL must start with sqlite: or postgres:// (got {})",
            redact(url)
        )
    };
    // The shipped categories are part of every directory (written in place: their ids are fixed).
    let shipped = directory::DirectoryBatch {
        taxonomies: vec![shared::directory::taxonomy::shipped()],
        ..directory::DirectoryBatch::default()
    };
    let by = directory::ChangedBy {
        user: None,
        source: shared::api::directory::ChangeSource::Import,
    };
    database.store.directory().write_directory(&shipped, by).await?;
    let reindexed = database.store.directory().reindex_search_if_stale().await?;
    if reindexed > 0 {
        tracing::info!(
            services = reindexed,
            "search rules changed: every service indexed again"
        );
    }
    Ok(database)
}

/// Hides a password in a database URL before it reaches a log or an error message.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// A JSON (de)serialisation failure inside the store, reported as a decode error.
pub(crate) fn json_error(e: serde_json::Error) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(Box::new(e)))
}

/// Maps constraint violations to the field a person can correct; anything else stays a database error.
pub(crate) fn classify(err: sqlx::Error) -> StoreError {
    if let Some(db) = err.as_database_error() {
        let constraint = db.constraint().unwrap_or_default().to_owned();
        let message = db.message().to_owned();
        if db.is_unique_violation() {
            // PostgreSQL names the constraint; SQLite names the column in the message.
            if constraint.contains("email") || message.contains("users.email") {
                return StoreError::Conflict {
                    field: "email",
                    message: "A user with that email address already exists",
                };
            }
            if constraint.contains("name") || message.contains("teams.name") {
                return StoreError::Conflict {
                    field: "name",
                    message: "A team with that name already exists",
                };
            }
        }
        if db.is_foreign_key_violation() {
            return StoreError::MissingReference {
                field: "team_id",
                message: "Select a team that exists",
            };
        }
    }
    StoreError::Database(err)
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redact_hides_only_the_password() {
        assert_eq!(
            redact("postgres://ts:secret@localhost:5432/db"),
            "postgres://ts:***@localhost:5432/db"
        );
        assert_eq!(
            redact("sqlite://data/touchstone.db"),
            "sqlite://data/touchstone.db"
        );
    }
}
