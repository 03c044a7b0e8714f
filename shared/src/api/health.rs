use serde::{Deserialize, Serialize};

/// `GET /api/health`: the server is up and which database it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always `"ok"` when the server can reach its database.
    pub status: String,
    /// `"sqlite"` or `"postgres"`.
    pub backend: String,
    /// The newest migration applied to the database.
    pub schema_version: i64,
    /// The server's version.
    pub version: String,
}
