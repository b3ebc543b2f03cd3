//! What the server reports about itself (home page and `GET /api/v1/status`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServerStatus {
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
    /// When the server answered, e.g. `2026-11-23 14:05:09 UTC`.
    pub checked_at: String,
}
