use serde::{Deserialize, Serialize};

/// `GET /api/health`: the server is up; to an administrator, also which database it is on and
/// which version runs. The public learns nothing an attacker could match to known weaknesses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always `"ok"` when the server can reach its database.
    pub status: String,
    /// What runs, for administrators only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<HealthDetails>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthDetails {
    /// `"sqlite"` or `"postgres"`.
    pub backend: String,
    /// The newest migration applied to the database.
    pub schema_version: i64,
    /// The server's version.
    pub version: String,
}
