//! Command-line flags, each with an environment variable fallback (documented in the README and
//! `.env.example`).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "touchstone",
    version,
    about = "Touchstone: practice confidence, risk enablement and community assets"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the app (the default).
    Serve,
    /// Create an administrator (or reset an existing user's password and make them one) and print
    /// a generated password to give to them.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
    /// Load the fictional demo teams and users (safe to run twice), then exit.
    LoadDemo,
    /// Import a community-assets feed (ORUK 3.0 / HSDS 3.0 JSON, ORUK 1.0, or an HSDS CSV data
    /// package) from a file, a folder or a URL, in one transaction; the same feed again updates
    /// in place. Prints every problem found.
    ImportDirectory {
        /// A JSON file, a zip or folder of HSDS CSV files, or the URL of a feed (pages followed).
        source: String,
        /// Check and report only: nothing is stored.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Clone, Parser)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(
        long,
        env = "TOUCHSTONE_LISTEN",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub listen: SocketAddr,

    /// Database URL: `sqlite://path/to/file.db` or `postgres://user:password@host/db`.
    /// Defaults to `sqlite://<data-dir>/touchstone.db`.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Folder for the embedded database and other local files.
    #[arg(long, env = "TOUCHSTONE_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// Folder of the built app (`cargo xtask dist` writes it).
    #[arg(long, env = "TOUCHSTONE_STATIC_DIR", default_value = "dist", global = true)]
    pub static_dir: PathBuf,

    /// Log filter, in `tracing` EnvFilter syntax (e.g. `info`, `server=debug,sqlx=warn`).
    #[arg(long, env = "TOUCHSTONE_LOG", default_value = "info", global = true)]
    pub log: String,

    /// Allow session cookies over plain http (no `Secure`, no `__Host-` prefix). Only for running
    /// on localhost; behind https leave it off.
    #[arg(long, env = "TOUCHSTONE_INSECURE_COOKIES", global = true)]
    pub insecure_cookies: bool,

    /// Hours after sign-in at which a session ends, however busy (its absolute lifetime).
    #[arg(long, env = "TOUCHSTONE_SESSION_HOURS", default_value_t = 12, global = true)]
    pub session_hours: u32,

    /// Days the security audit log keeps an entry (reads of risk enablement forms stay with the
    /// form's history).
    #[arg(
        long,
        env = "TOUCHSTONE_AUDIT_RETENTION_DAYS",
        default_value_t = 730,
        global = true
    )]
    pub audit_retention_days: u32,

    /// Minutes without any action by the person (background sync does not count) after which a
    /// session ends.
    #[arg(
        long,
        env = "TOUCHSTONE_SESSION_IDLE_MINUTES",
        default_value_t = 60,
        global = true
    )]
    pub session_idle_minutes: u32,

    /// Aggregated results hide any group of fewer than this many people (default 5; values
    /// below 3 are raised to 3).
    #[arg(long, env = "TOUCHSTONE_RESULTS_K", global = true)]
    pub results_k: Option<u32>,

    /// Days after a month, quarter or year ends before its results are released (they never
    /// change after); also how far back a device's own submission time is believed.
    #[arg(long, env = "TOUCHSTONE_RESULTS_GRACE_DAYS", default_value_t = shared::results::timing::DEFAULT_GRACE_DAYS, global = true)]
    pub results_grace_days: u32,

    /// Months after which a directory service is due to be checked again (the review queue;
    /// ORUK recommends 3).
    #[arg(
        long,
        env = "TOUCHSTONE_DIRECTORY_REVIEW_MONTHS",
        default_value_t = 3,
        global = true
    )]
    pub directory_review_months: u32,

    /// Seconds an API request may take before the caller is answered `timed_out` (503); the work
    /// itself finishes or rolls back.
    #[arg(long, env = "TOUCHSTONE_REQUEST_TIMEOUT_SECS", default_value_t = crate::state::DEFAULT_REQUEST_TIMEOUT_SECS, global = true)]
    pub request_timeout_secs: u64,

    /// Addresses of balancers in front of this server, comma-separated: their `X-Forwarded-For`
    /// names the client (for sign-in's failure counts and the read audit). Unset: the peer is the
    /// client.
    #[arg(
        long,
        env = "TOUCHSTONE_TRUSTED_PROXIES",
        value_delimiter = ',',
        global = true
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// A JSON file with the council's own risk matrix: the words for each likelihood and impact,
    /// the bands' names and where each band starts (only what differs from the defaults in
    /// RISK-ENABLEMENT.md §4 need be given). Checked at start.
    #[arg(long, env = "TOUCHSTONE_RISK_MATRIX", global = true)]
    pub risk_matrix: Option<PathBuf>,

    /// Load the fictional demo data at start (when the database has no users yet).
    #[arg(long, env = "TOUCHSTONE_DEMO", global = true)]
    pub demo: bool,
}

impl Config {
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("touchstone.db").display()))
    }
}

/// The council's risk matrix from `path`, or the defaults; a file that cannot be read, is not
/// the matrix's JSON or whose words and bands do not make sense stops the server with the reason.
pub fn risk_matrix(path: Option<&std::path::Path>) -> anyhow::Result<shared::risk::scoring::Matrix> {
    use anyhow::Context;
    let Some(path) = path else {
        return Ok(Default::default());
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the risk matrix {}", path.display()))?;
    let matrix: shared::risk::scoring::Matrix = serde_json::from_str(&text)
        .with_context(|| format!("the risk matrix {} is not a matrix", path.display()))?;
    let problems = matrix.problems();
    anyhow::ensure!(
        problems.is_empty(),
        "the risk matrix {}: {}",
        path.display(),
        problems.join("; ")
    );
    Ok(matrix)
}

impl std::fmt::Debug for Config {
    /// Never prints the database password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("database_url", &crate::store::redact(&self.database_url()))
            .field("data_dir", &self.data_dir)
            .field("static_dir", &self.static_dir)
            .field("log", &self.log)
            .field("insecure_cookies", &self.insecure_cookies)
            .field("session_hours", &self.session_hours)
            .field("session_idle_minutes", &self.session_idle_minutes)
            .field("audit_retention_days", &self.audit_retention_days)
            .field("results_k", &self.results_k)
            .field("results_grace_days", &self.results_grace_days)
            .field("directory_review_months", &self.directory_review_months)
            .field("request_timeout_secs", &self.request_timeout_secs)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("risk_matrix", &self.risk_matrix)
            .field("demo", &self.demo)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::risk_matrix;

    fn file(name: &str, text: &str) -> std::path::PathBuf {
        let path = std::env::temp_dir().join(format!("touchstone-{}-{name}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn a_councils_matrix_is_read_and_checked_at_start() {
        assert_eq!(risk_matrix(None).unwrap(), Default::default());
        let own = file(
            "own.json",
            r#"{"band_names": ["Green", "Amber", "Red", "Black"]}"#,
        );
        assert_eq!(risk_matrix(Some(&own)).unwrap().band_names[2], "Red");
        let falling = file("falling.json", r#"{"band_starts": [12, 10, 20]}"#);
        let error = format!("{:#}", risk_matrix(Some(&falling)).unwrap_err());
        assert!(error.contains("rising order"), "{error}");
        let typo = file("typo.json", r#"{"bands": []}"#);
        let error = format!("{:#}", risk_matrix(Some(&typo)).unwrap_err());
        assert!(
            error.contains("not a matrix") && error.contains("bands"),
            "{error}"
        );
        let missing = std::env::temp_dir().join("touchstone-no-such-matrix.json");
        assert!(risk_matrix(Some(&missing)).is_err());
        for path in [own, falling, typo] {
            let _ = std::fs::remove_file(path);
        }
    }
}
