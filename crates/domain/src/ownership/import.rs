//! CSV import and export of ownership data: the component catalog, the dependencies
//! between components, and the RACI matrix. Each file has a fixed header, and an export
//! writes exactly the header the import reads, so an export can be edited and imported
//! back. The report says what a dry run would do, or what an import did.

use serde::{Deserialize, Serialize};

/// Largest file an import reads (1 MiB).
pub const MAX_BYTES: usize = 1024 * 1024;

/// Most lines (after the header) one import reads; larger files are imported in parts.
pub const MAX_LINES: usize = 20_000;

/// Which of the three files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum OwnershipFile {
    /// `name,kind,tier,lifecycle,description,runbook_url,dashboard_url`
    Components,
    /// `component,depends_on,reason`
    Dependencies,
    /// `component,activity,letter,person_email,team`, one line per letter
    Matrix,
}

impl OwnershipFile {
    pub const ALL: [OwnershipFile; 3] = [OwnershipFile::Components, OwnershipFile::Dependencies, OwnershipFile::Matrix];

    pub fn as_str(self) -> &'static str {
        match self {
            OwnershipFile::Components => "components",
            OwnershipFile::Dependencies => "dependencies",
            OwnershipFile::Matrix => "matrix",
        }
    }

    pub fn parse(s: &str) -> Option<OwnershipFile> {
        let s = s.trim().to_lowercase();
        OwnershipFile::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The columns, in the order the export writes them. The import needs every one of
    /// them (in any order) and no others.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            OwnershipFile::Components => {
                &["name", "kind", "tier", "lifecycle", "description", "runbook_url", "dashboard_url"]
            }
            OwnershipFile::Dependencies => &["component", "depends_on", "reason"],
            OwnershipFile::Matrix => &["component", "activity", "letter", "person_email", "team"],
        }
    }

    /// What the export's download is called.
    pub fn file_name(self) -> String {
        format!("ownership-{}.csv", self.as_str())
    }
}

/// One problem of an import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProblem {
    /// The line in the file (the header is line 1); none for the file as a whole.
    pub line: Option<usize>,
    /// The column, or the rule for a matrix row (`rules.several_accountable`).
    pub column: Option<String>,
    pub message: String,
}

impl ImportProblem {
    /// `line 7: letter`, `line 1`, or `csv` for the file as a whole: the key of the
    /// problem in a refused import's `fields`.
    pub fn key(&self) -> String {
        match (self.line, &self.column) {
            (Some(line), Some(column)) => format!("line {line}: {column}"),
            (Some(line), None) => format!("line {line}"),
            (None, Some(column)) => column.clone(),
            (None, None) => "csv".to_string(),
        }
    }
}

/// What an import would do (dry run) or did. Counts are of lines: a matrix line counts
/// as what happens to its row (a row not yet in use is created, a row whose letters
/// change is updated).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub what: OwnershipFile,
    pub dry_run: bool,
    /// Lines read after the header (blank lines are skipped).
    pub lines: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Every problem of the file at once. An import with any writes nothing.
    pub problems: Vec<ImportProblem>,
    /// Worth knowing but no reason to refuse: matrix rows the file leaves exactly as they
    /// are although they break a rule, and (with `allow_gaps`) rows imported although they
    /// break one. The gaps report lists them too.
    pub notes: Vec<ImportProblem>,
}

/// How an import runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// Only report what would happen; write nothing.
    pub dry_run: bool,
    /// Matrix rows that break a RACI rule are imported anyway and reported as gaps to fix
    /// (`notes`), instead of refusing the file: a team moving from another installation
    /// moves first and tidies after. Problems that are not rules (an unknown person, a
    /// letter that does not exist) still refuse the file.
    pub allow_gaps: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_parse_and_name_their_columns() {
        assert_eq!(OwnershipFile::parse(" Matrix "), Some(OwnershipFile::Matrix));
        assert_eq!(OwnershipFile::parse("people"), None);
        assert_eq!(OwnershipFile::Dependencies.columns(), ["component", "depends_on", "reason"]);
        assert_eq!(OwnershipFile::Components.file_name(), "ownership-components.csv");
    }

    #[test]
    fn problem_keys() {
        let p = |line, column: Option<&str>| ImportProblem {
            line,
            column: column.map(str::to_string),
            message: String::new(),
        };
        assert_eq!(p(Some(7), Some("letter")).key(), "line 7: letter");
        assert_eq!(p(Some(3), None).key(), "line 3");
        assert_eq!(p(None, None).key(), "csv");
    }
}
