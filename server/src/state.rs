//! What every handler can reach.

use std::num::NonZeroU32;
use std::path::PathBuf;
use std::sync::Arc;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use crate::store::{Database, SessionBackend, Store};

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub sessions: SessionBackend,
    pub settings: Arc<Settings>,
    /// Each period's released results, made once and kept.
    pub releases: Arc<crate::results::releases::Releases>,
    /// Sign-in tries per second on this server, whoever makes them (`sign_in_guard`).
    pub sign_in_ceiling: Arc<DefaultDirectRateLimiter>,
}

/// Long enough for the slowest honest request (an XLSX export, a feed imported from a file) on a
/// small server; short enough that a stuck one does not hold a phone's sync for ever.
pub const DEFAULT_REQUEST_TIMEOUT_SECS: u64 = 60;

/// Web settings derived from the configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `Secure` + `__Host-` cookies; off only with `--insecure-cookies` for plain-http localhost.
    pub secure_cookies: bool,
    /// A session ends this long after the person's last action (`session`)…
    pub session_idle: std::time::Duration,
    /// …and this long after sign-in, whatever they do.
    pub session_lifetime: std::time::Duration,
    /// The security audit log keeps entries this many days.
    pub audit_retention_days: u32,
    /// The built app, when there is one to serve.
    pub static_dir: Option<PathBuf>,
    /// Results hide groups of fewer than this many people (never below 3).
    pub results_k: u32,
    /// Days after a period ends before its results are released, and how far back a device's
    /// own submission time is believed.
    pub results_grace_days: u32,
    /// Months after which a directory service is due to be checked again.
    pub directory_review_months: u32,
    /// Balancers whose `X-Forwarded-For` names the client (`--trusted-proxies`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// How long an API request may take before the caller is answered `timed_out`.
    pub request_timeout: std::time::Duration,
    /// The council's risk matrix: its words and bands (`--risk-matrix`), the same on every device.
    pub risk_matrix: Arc<shared::risk::scoring::Matrix>,
}

impl Settings {
    /// The review queue's line: services last checked before this date are due.
    pub fn review_line(&self, today: chrono::NaiveDate) -> chrono::NaiveDate {
        shared::directory::service::review_line(today, self.directory_review_months)
    }

    /// Whether a directory entry last checked on `checked` (`None`: never) is due to be checked
    /// on `today` (`shared::directory::service::is_check_due`).
    pub fn is_check_due(&self, checked: Option<chrono::NaiveDate>, today: chrono::NaiveDate) -> bool {
        shared::directory::service::is_check_due(checked, today, self.directory_review_months)
    }

    pub fn audit_retention(&self) -> chrono::Duration {
        chrono::Duration::days(i64::from(self.audit_retention_days))
    }

    pub fn results_grace(&self) -> chrono::Duration {
        chrono::Duration::days(i64::from(self.results_grace_days))
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            secure_cookies: true,
            session_idle: std::time::Duration::from_secs(60 * 60),
            session_lifetime: std::time::Duration::from_secs(12 * 60 * 60),
            audit_retention_days: 730,
            static_dir: None,
            results_k: shared::results::suppression::DEFAULT_K,
            results_grace_days: shared::results::timing::DEFAULT_GRACE_DAYS,
            directory_review_months: 3,
            request_timeout: std::time::Duration::from_secs(DEFAULT_REQUEST_TIMEOUT_SECS),
            trusted_proxies: Vec::new(),
            risk_matrix: Arc::default(),
        }
    }
}

/// Sign-in tries per second one server answers, all together: far above a council's staff signing
/// in at nine o'clock, far below what would keep its processor hashing passwords all day.
pub const SIGN_IN_PER_SECOND: u32 = 20;
pub const SIGN_IN_BURST: u32 = 60;

impl AppState {
    pub fn new(db: Database, settings: Settings) -> Self {
        let quota = Quota::per_second(NonZeroU32::new(SIGN_IN_PER_SECOND).expect("a non-zero rate"))
            .allow_burst(NonZeroU32::new(SIGN_IN_BURST).expect("a non-zero burst"));
        Self {
            store: db.store,
            sessions: db.sessions,
            settings: Arc::new(settings),
            releases: Arc::default(),
            sign_in_ceiling: Arc::new(RateLimiter::direct(quota)),
        }
    }
}
