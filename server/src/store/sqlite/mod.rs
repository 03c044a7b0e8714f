//! The embedded default: one SQLite file in WAL mode, so readers never wait for the writer.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use shared::api::teams::{Team, TeamInput};
use shared::api::users::{User, UserProfile};
use shared::{TeamId, UserId};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

mod sync;

use super::rows::{TeamRow, UserRow};
use super::{Backend, Credentials, Database, NewUser, SessionBackend, StoreResult, classify};

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// Roles folded into one column so a user is one row.
const SELECT_USER: &str = "select u.id, u.email, u.display_name, u.team_id, u.pcf_level, u.active,
        u.created_at, u.password_hash, u.session_epoch,
        coalesce((select group_concat(r.role, ',') from user_roles r where r.user_id = u.id), '') as roles
    from users u";

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

pub(super) async fn connect(url: &str) -> anyhow::Result<Database> {
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    if let Some(parent) = options
        .get_filename()
        .parent()
        .filter(|p| !in_memory && !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)?;
    }
    let pool = if in_memory {
        // Each connection to `:memory:` is its own database: keep exactly one, forever.
        SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await?
    } else {
        SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?
    };
    MIGRATOR.run(&pool).await?;
    let sessions = SessionBackend::Sqlite(tower_sessions_sqlx_store::SqliteStore::new(pool.clone()));
    sessions.migrate().await?;
    Ok(Database {
        store: Arc::new(SqliteStore { pool }),
        sessions,
    })
}

/// How this database spells a team id as text (for result group keys).
const TEAM_TEXT: &str = "lower(hex(team_id))";

super::sql::impl_store!(SqliteStore, Backend::Sqlite, SELECT_USER, TEAM_TEXT, sync::Tx);
