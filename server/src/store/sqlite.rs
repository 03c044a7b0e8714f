//! The embedded default: one SQLite file in WAL mode, so readers never wait for the writer.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::sql::SqlStore;
use super::{Database, SessionBackend, Store};

/// At most this much of the database file is mapped into memory (the rest is read as usual).
const MMAP_BYTES: u64 = 256 * 1024 * 1024;
/// Each connection's page cache, in KiB (SQLite's default is 2 MiB).
const CACHE_KIB: u32 = 16 * 1024;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

pub(super) async fn connect(url: &str) -> anyhow::Result<Database> {
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
        // Readers map the file rather than copy each page out of it, and keep more pages each:
        // under many concurrent readers, copying and allocating pages (behind SQLite's global
        // memory lock) was most of a directory search's time.
        .pragma("mmap_size", MMAP_BYTES.to_string())
        .pragma("cache_size", format!("-{CACHE_KIB}"))
        // Statistics for the planner, kept up to date as SQLite recommends for long-lived files.
        .analysis_limit(400)
        .optimize_on_close(true, None);
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
    let store: Arc<dyn Store> = Arc::new(SqlStore::new(pool));
    Ok(Database {
        sessions: SessionBackend::new(store.clone()),
        store,
    })
}
