//! Importing people and teams from CSV: the request, and the report that says what each
//! row would do (dry run) or did (import). The columns are the ones the directory export
//! writes, so an export can be edited and imported back.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Columns the import reads. `name` and `email` are required; a column that is absent
/// leaves that field of existing people as it is.
pub const COLUMNS: [&str; 7] = ["name", "email", "job_title", "manager_email", "teams", "roles", "status"];

/// Most rows one import takes (larger organizations import in parts).
pub const MAX_ROWS: usize = 10_000;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeopleImportRequest {
    /// The CSV text: a header row, then one person per row. Teams and roles are lists
    /// separated by `;`.
    pub csv: String,
    /// `true` (the default) only reports; `false` writes everything or nothing.
    #[serde(default = "yes")]
    pub dry_run: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ImportAction {
    /// A new person (invited; they set a password through their invitation).
    Create,
    /// An existing person (matched by email) whose fields change.
    Update,
    /// An existing person the row matches exactly.
    Unchanged,
}

/// What one row of the file does, or why it cannot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRow {
    /// Line number in the file (the header is line 1).
    pub line: u32,
    pub name: String,
    pub email: String,
    /// Absent when the row has problems.
    pub action: Option<ImportAction>,
    /// For updates: the fields that change (e.g. `job_title`, `manager_email`).
    pub changes: Vec<String>,
    /// Column → what is wrong with it.
    pub problems: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeopleImportReport {
    pub dry_run: bool,
    /// True when the rows were written (never for a dry run or a file with problems).
    pub applied: bool,
    /// The columns found in the header, in file order.
    pub columns: Vec<String>,
    pub rows: Vec<ImportRow>,
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// Rows with at least one problem.
    pub rows_with_problems: u32,
    /// Teams named in the file that do not exist yet (created by the import).
    pub new_teams: Vec<String>,
}
