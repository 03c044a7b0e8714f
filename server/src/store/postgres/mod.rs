//! PostgreSQL, for a council's shared deployment: `DATABASE_URL=postgres://…`.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use shared::api::teams::{Team, TeamInput};
use shared::api::users::{User, UserProfile};
use shared::{TeamId, UserId};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

mod sync;

use super::rows::{TeamRow, UserRow};
use super::{Backend, Credentials, Database, NewUser, SessionBackend, StoreResult, classify};

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Roles folded into one column so a user is one row.
const SELECT_USER: &str = "select u.id, u.email, u.display_name, u.team_id, u.pcf_level, u.active,
        u.created_at, u.password_hash, u.session_epoch,
        coalesce((select string_agg(r.role, ',') from user_roles r where r.user_id = u.id), '') as roles
    from users u";

#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

pub(super) async fn connect(url: &str) -> anyhow::Result<Database> {
    let options = PgConnectOptions::from_str(url)?;
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    let sessions = SessionBackend::Postgres(tower_sessions_sqlx_store::PostgresStore::new(pool.clone()));
    sessions.migrate().await?;
    Ok(Database {
        store: Arc::new(PostgresStore { pool }),
        sessions,
    })
}

/// How this database spells a team id as text (for result group keys).
const TEAM_TEXT: &str = "cast(team_id as text)";

super::sql::impl_store!(PostgresStore, Backend::Postgres, SELECT_USER, TEAM_TEXT, sync::Tx);
