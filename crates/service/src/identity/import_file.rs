//! Reading an import file: the header must name known columns (each once, `name` and
//! `email` required), the text must be UTF-8, and every problem with the file as a whole
//! is one 422 on the `csv` field. Problems of single rows are left to the planner.

use crate::{ServiceError, ServiceResult};
use domain::people_import::{COLUMNS, MAX_ROWS};
use domain::validate::FieldErrors;
use std::collections::HashMap;

/// One data row: the cells by column name, and its line in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRow {
    pub line: u32,
    pub cells: HashMap<&'static str, String>,
    /// Set when the row has a different number of cells than the header.
    pub shape_problem: Option<String>,
}

impl FileRow {
    /// The trimmed cell, or `None` when the file has no such column.
    pub fn get(&self, column: &str) -> Option<&str> {
        self.cells.get(column).map(|s| s.trim())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFile {
    pub columns: Vec<&'static str>,
    pub rows: Vec<FileRow>,
}

fn file_problem(problem: impl Into<String>) -> ServiceError {
    let mut f = FieldErrors::new();
    f.add("csv", problem);
    ServiceError::validation(f)
}

pub fn read(text: &str) -> ServiceResult<ImportFile> {
    // A browser decoding a non-UTF-8 file puts U+FFFD where bytes did not decode.
    if text.contains('\u{FFFD}') {
        return Err(file_problem(
            "The file is not UTF-8 text. Save it as \"CSV UTF-8\" from your spreadsheet and try again",
        ));
    }
    // Refused before the dry run's planning, so the dry run refuses what the import would.
    if let Some((line, problem)) = domain::validate::file_characters(text) {
        return Err(file_problem(format!("Line {line}: {problem}")));
    }
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(file_problem("The file is empty. The first row names the columns: name, email, …"));
    }
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(file_problem(format!("The header row could not be read: {e}"))),
        None => return Err(file_problem("The file is empty")),
    };
    let mut columns: Vec<&'static str> = Vec::new();
    for raw in header.iter() {
        let name = raw.trim().to_lowercase().replace([' ', '-'], "_");
        let Some(known) = COLUMNS.iter().find(|c| **c == name) else {
            return Err(file_problem(format!(
                "Unknown column \"{}\". The columns are: {}",
                raw.trim(),
                COLUMNS.join(", ")
            )));
        };
        if columns.contains(known) {
            return Err(file_problem(format!("The column \"{known}\" appears twice in the header")));
        }
        columns.push(known);
    }
    for required in ["name", "email"] {
        if !columns.contains(&required) {
            return Err(file_problem(format!("The header has no \"{required}\" column (name and email are required)")));
        }
    }
    let mut rows = Vec::new();
    // Line numbers as an editor shows them (the reader's own count skips blank lines).
    let (mut seen_bytes, mut seen_lines) = (0usize, 1u32);
    for record in records {
        let record = record.map_err(|e| file_problem(format!("The file could not be read as CSV: {e}")))?;
        let mut start = record.position().map(|p| p.byte() as usize).unwrap_or(seen_bytes).max(seen_bytes);
        // A record's position can be the blank lines before it.
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        seen_lines += text.as_bytes()[seen_bytes..start].iter().filter(|b| **b == b'\n').count() as u32;
        seen_bytes = start;
        let line = seen_lines;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(file_problem(format!("The file has more than {MAX_ROWS} rows; import it in parts")));
        }
        let shape_problem = (record.len() != columns.len())
            .then(|| format!("This row has {} cells; the header has {} columns", record.len(), columns.len()));
        let cells =
            columns.iter().zip(record.iter()).map(|(c, v)| (*c, domain::validate::cell_line_breaks(v))).collect();
        rows.push(FileRow { line, cells, shape_problem });
    }
    if rows.is_empty() {
        return Err(file_problem("The file has a header but no people under it"));
    }
    Ok(ImportFile { columns, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> String {
        read(text).unwrap_err().fields["csv"].clone()
    }

    #[test]
    fn reads_rows_with_their_line_numbers() {
        let f = read("\u{FEFF}Name,Email,Job title\nAda,ada@x.org,\"Engineer, II\"\n\n\"Bo\nB\",bo@x.org,\n").unwrap();
        assert_eq!(f.columns, ["name", "email", "job_title"]);
        assert_eq!(f.rows.len(), 2);
        assert_eq!(f.rows[0].line, 2);
        assert_eq!(f.rows[0].get("job_title"), Some("Engineer, II"));
        assert_eq!(f.rows[1].line, 4);
        assert_eq!(f.rows[1].get("name"), Some("Bo\nB"));
        assert_eq!(f.rows[1].get("teams"), None);
    }

    #[test]
    fn line_breaks_inside_cells_are_unix_ones() {
        let f = read("name,email,job_title\r\n\"Ada\r\nLovelace\",ada@x.org,\"a\rb\"\r\n").unwrap();
        assert_eq!(f.rows[0].get("name"), Some("Ada\nLovelace"));
        assert_eq!(f.rows[0].get("job_title"), Some("a\nb"));
    }

    #[test]
    fn refuses_bad_files_with_a_reason() {
        assert!(problem("").contains("empty"));
        assert!(problem("name,email,salary\n").contains("Unknown column \"salary\""));
        assert!(problem("name,email,email\n").contains("twice"));
        assert!(problem("name,job_title\nA,B\n").contains("no \"email\" column"));
        assert!(problem("name,email\n").contains("no people"));
        assert!(problem("name,email\nA\u{FFFD},a@x.org\n").contains("UTF-8"));
    }

    #[test]
    fn short_rows_are_a_row_problem() {
        let f = read("name,email,job_title\nAda,ada@x.org\n").unwrap();
        assert!(f.rows[0].shape_problem.as_deref().unwrap().contains("2 cells"));
    }
}
