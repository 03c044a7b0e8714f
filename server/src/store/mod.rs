//! Persistence behind one `Store` trait with two backends, chosen by the database URL:
//! `sqlite://…` (the default, embedded) or `postgres://…`. Each backend has its own SQL and
//! migrations; one story test suite (`tests/store_story.rs`) runs against both, which is what keeps
//! them in step. Handlers never hold SQL.

mod postgres;
mod record_rules;
pub mod results;
pub(crate) mod rows;
mod sessions;
mod sql;
mod sqlite;
mod sync;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use shared::api::teams::{Team, TeamInput};
use shared::api::templates::{Template, TemplateContent, TemplateStatus, TemplateSummary};
use shared::api::users::{User, UserProfile};
use shared::sync::protocol::{PullResponse, PushRequest, PushResponse, RecordState};
use shared::{RecordId, TeamId, TemplateId, UserId};

pub use sessions::SessionBackend;

pub type StoreResult<T> = Result<T, StoreError>;

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
}

/// Everything needed to insert a user.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub id: UserId,
    /// Already normalised (`UserProfile::normalised`).
    pub profile: UserProfile,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    fn backend(&self) -> Backend;

    /// The newest applied migration.
    async fn schema_version(&self) -> StoreResult<i64>;

    async fn list_teams(&self) -> StoreResult<Vec<Team>>;
    async fn get_team(&self, id: TeamId) -> StoreResult<Option<Team>>;
    async fn create_team(&self, id: TeamId, team: &TeamInput) -> StoreResult<Team>;
    /// `None` when there is no such team.
    async fn update_team(&self, id: TeamId, team: &TeamInput) -> StoreResult<Option<Team>>;

    async fn count_users(&self) -> StoreResult<i64>;
    async fn list_users(&self) -> StoreResult<Vec<User>>;
    async fn get_user(&self, id: UserId) -> StoreResult<Option<User>>;
    async fn credentials_by_email(&self, email: &str) -> StoreResult<Option<Credentials>>;
    async fn credentials_by_id(&self, id: UserId) -> StoreResult<Option<Credentials>>;
    /// Inserts the user and their roles in one transaction.
    async fn create_user(&self, user: &NewUser) -> StoreResult<User>;
    /// Replaces the profile and roles in one transaction; deactivating ends the user's sessions.
    async fn update_user(&self, id: UserId, profile: &UserProfile) -> StoreResult<Option<User>>;
    /// Sets a new password hash and ends the user's sessions. `false` when there is no such user.
    async fn set_password_hash(&self, id: UserId, password_hash: &str) -> StoreResult<bool>;

    /// Every template version, newest version of each key first.
    async fn list_templates(&self) -> StoreResult<Vec<TemplateSummary>>;
    async fn get_template(&self, id: TemplateId) -> StoreResult<Option<Template>>;
    /// Stores `content` as the next version of its key, with `status`.
    async fn create_template(
        &self,
        content: &TemplateContent,
        status: TemplateStatus,
        by: Option<UserId>,
    ) -> StoreResult<Template>;
    /// Replaces a draft's content. A version that is not a draft never changes (`Conflict`).
    async fn update_template_draft(
        &self,
        id: TemplateId,
        content: &TemplateContent,
    ) -> StoreResult<Option<Template>>;
    /// Publishes a draft, retiring the published version of the same key in the same transaction,
    /// or retires a published version. Any other move is a `Conflict`.
    async fn set_template_status(
        &self,
        id: TemplateId,
        status: TemplateStatus,
    ) -> StoreResult<Option<Template>>;

    /// Applies a batch of mutations by `user` in one transaction, each `(client, mutation)` at
    /// most once, answering each, as received now with the default grace window.
    async fn push(&self, user: UserId, request: &PushRequest) -> StoreResult<PushResponse> {
        self.push_received(
            user,
            request,
            &Received::now(shared::results::timing::DEFAULT_GRACE_DAYS),
        )
        .await
    }
    /// `push`, received as `received` says (when, and how far back a device's own submission
    /// time is believed).
    async fn push_received(
        &self,
        user: UserId,
        request: &PushRequest,
        received: &Received,
    ) -> StoreResult<PushResponse>;
    /// Changes after `cursor` to the records `user` may read, oldest first, at most `limit`.
    async fn pull(&self, user: UserId, cursor: i64, limit: u32) -> StoreResult<PullResponse>;
    /// What was recorded when a self-assessment was submitted: where its author worked then, and
    /// how many ratings and requests for help went to the aggregation tables.
    async fn submission_snapshot(&self, record: RecordId) -> StoreResult<Option<SubmissionSnapshot>>;
    /// One record, if `user` may read it now (owner or active reader) and it is not deleted.
    async fn record(&self, user: UserId, record: RecordId) -> StoreResult<Option<RecordState>>;

    /// Everything that counts in `period`, summed per team and level, before any suppression.
    /// Only the release builder reads it (`crate::results::releases`); answers read releases.
    async fn result_period_data(
        &self,
        period: shared::results::period::Period,
    ) -> StoreResult<shared::results::release::PeriodData>;
    /// A period's stored release (`Release::to_stored`), if it has been made.
    async fn result_release(&self, period: shared::results::period::Period) -> StoreResult<Option<String>>;
    /// Stores a period's release unless one is stored already (another server may have made it
    /// first); the stored one is the one in force.
    async fn save_result_release(
        &self,
        period: shared::results::period::Period,
        k: u32,
        released_at: DateTime<Utc>,
        body: &str,
    ) -> StoreResult<()>;
    /// The first and last months with submissions (`2026-07`).
    async fn result_months(&self) -> StoreResult<(Option<String>, Option<String>)>;
}

/// When the server received a push, and the results' grace window: together they decide the
/// period a submission counts in (`shared::results::timing::counted_at`).
#[derive(Debug, Clone, Copy)]
pub struct Received {
    pub at: DateTime<Utc>,
    pub grace: chrono::Duration,
}

impl Received {
    pub fn now(grace_days: u32) -> Received {
        Received {
            at: Utc::now(),
            grace: chrono::Duration::days(i64::from(grace_days)),
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
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        postgres::connect(url).await
    } else if url.starts_with("sqlite:") {
        sqlite::connect(url).await
    } else {
        anyhow::bail!(
            "DATABASE_URL must start with sqlite: or postgres:// (got {})",
            redact(url)
        )
    }
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
pub(crate) fn sync_decode_error(e: serde_json::Error) -> StoreError {
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
