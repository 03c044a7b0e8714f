//! A risk enablement form's history, shown on the form: every read of it (who, when, from where;
//! DESIGN §5), including reads on a device with no signal, sent at the next sync; and every
//! version it had when it changed stage, with who and when.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::FieldErrors;
use crate::ids::{RecordId, UserId};
use crate::validate::{Check, Validate};

/// A device sends at most this many reads at once.
pub const READS_MAX: usize = 500;
/// How far back a device may say it read something.
pub const OLDEST_DAYS: i64 = 400;

/// How a form was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReadVia {
    /// Fetched or pulled from the server.
    Server,
    /// Opened on a device (perhaps offline), told the server at the next sync.
    Device,
}

/// A form opened on the device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeviceRead {
    pub record_id: RecordId,
    pub read_at: DateTime<Utc>,
}

/// `POST /api/sync/reads`: the forms this device opened since it last said.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeviceReads {
    pub reads: Vec<DeviceRead>,
}

impl Validate for DeviceReads {
    fn validate(&self) -> Result<(), FieldErrors> {
        let mut check = Check::new();
        check.require(
            self.reads.len() > READS_MAX,
            "reads",
            format!("Send at most {READS_MAX} reads at once"),
        );
        check.finish()
    }
}

/// What the server kept of them: reads of forms the sender may read; the rest (none they could
/// ever read, or from the future) are left out and counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceReadsKept {
    pub kept: u32,
    pub left_out: u32,
}

/// One read, as the form's author and managers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Access {
    pub reader_id: UserId,
    pub reader: String,
    pub read_at: DateTime<Utc>,
    pub via: ReadVia,
    /// The network address, when the server saw one.
    pub address: Option<String>,
    /// The browser, as it names itself.
    pub agent: Option<String>,
}

/// `GET /api/sync/records/{id}/reads`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessHistory {
    pub reads: Vec<Access>,
}

/// One kept version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Version {
    pub version: i64,
    /// The stage it moved to ("awaiting_review", "agreed", ...).
    pub status: String,
    pub by_id: UserId,
    pub by: String,
    pub at: DateTime<Utc>,
    /// The form as it was.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub payload: Value,
}

/// `GET /api/sync/records/{id}/versions`: oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Versions {
    pub versions: Vec<Version>,
}
