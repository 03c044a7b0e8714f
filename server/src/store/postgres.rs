//! PostgreSQL, for a council's shared deployment: `DATABASE_URL=postgres://…`.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use super::sql::SqlStore;
use super::{Database, SessionBackend, Store};

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

pub(super) async fn connect(url: &str) -> anyhow::Result<Database> {
    let options = PgConnectOptions::from_str(url)?;
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    let store: Arc<dyn Store> = Arc::new(SqlStore::new(pool));
    Ok(Database {
        sessions: SessionBackend::new(store.clone()),
        store,
    })
}
