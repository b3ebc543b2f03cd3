//! What the server reports about itself (home page and `GET /api/v1/status`).

use serde::{Deserialize, Serialize};

/// The server's answer to "are you there?". Anyone may ask; only a signed-in caller is
/// told versions and counts (`detail`), which would otherwise tell a stranger what to
/// attack and how many organizations the installation holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServerStatus {
    /// `ok`: the server answers and its database too.
    pub status: String,
    /// When the server answered, e.g. `2026-11-23 14:05:09 UTC`.
    pub checked_at: String,
    /// Versions and counts, for a signed-in caller only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<StatusDetail>,
}

/// Versions and counts of the installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusDetail {
    /// Hatrack's version (the workspace version).
    pub version: String,
    /// PostgreSQL's `server_version`.
    pub database_version: String,
    /// How many migrations have been applied.
    pub migrations_applied: i64,
    /// Organizations in this installation.
    pub organizations: i64,
    /// `"embedded"` (private cluster in the data directory) or `"external"` (DATABASE_URL).
    pub database_mode: String,
}
