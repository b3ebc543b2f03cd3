//! Reading a file: its header and lines, and the helpers that name lines in problems.

use super::*;

/// One line of the file: its number as an editor shows it, and its cells by column.
#[derive(Debug)]
pub(super) struct Line {
    pub(super) number: usize,
    pub(super) cells: HashMap<&'static str, String>,
}

impl Line {
    /// The trimmed cell ("" when the line is short of it).
    pub(super) fn get(&self, column: &str) -> &str {
        self.cells.get(column).map(String::as_str).unwrap_or("")
    }
}

#[derive(Debug)]
pub(super) struct Sheet {
    pub(super) lines: Vec<Line>,
    pub(super) problems: Vec<ImportProblem>,
    /// False when the header lacks a column: the lines are counted but not checked (each
    /// would only repeat the header's problem).
    pub(super) complete: bool,
}

pub(super) fn problem(line: Option<usize>, column: Option<&str>, message: impl Into<String>) -> ImportProblem {
    ImportProblem { line, column: column.map(str::to_string), message: message.into() }
}

pub(super) fn too_large(message: String) -> ServiceError {
    ServiceError::new(ErrorCode::PayloadTooLarge, message.clone()).with_field("csv", message)
}

/// Undoes the export's formula defusing: a cell the export wrote as `'=…` (so that a
/// spreadsheet shows it rather than runs it) reads back as `=…`. Line breaks inside it
/// read as `\n`, whichever the file was saved with.
pub(super) fn cell_value(raw: &str) -> String {
    let raw = raw.strip_prefix('\'').filter(|rest| rest.starts_with(['=', '+', '-', '@', '\t', '\r'])).unwrap_or(raw);
    domain::validate::cell_line_breaks(raw.trim())
}

/// Reads the header and the lines. A file too large to read at all is an error; every
/// other problem of the file is collected, so the report names them all at once.
pub(super) fn read(text: &str, what: OwnershipFile) -> ServiceResult<Sheet> {
    if text.len() > MAX_BYTES {
        return Err(too_large(format!("The file is larger than {} KiB; import it in parts.", MAX_BYTES / 1024)));
    }
    let columns = what.columns();
    let mut sheet = Sheet { lines: Vec::new(), problems: Vec::new(), complete: false };
    // A browser decoding a non-UTF-8 file puts U+FFFD where bytes did not decode.
    if text.contains('\u{FFFD}') {
        sheet.problems.push(problem(
            None,
            None,
            "The file is not UTF-8 text. Save it as \"CSV UTF-8\" from your spreadsheet and try again.",
        ));
        return Ok(sheet);
    }
    // Text PostgreSQL cannot store (NUL) or that hides what it says: a problem of its line
    // in the dry run too, so the dry run refuses what the import would.
    if let Some((line, message)) = domain::validate::file_characters(text) {
        sheet.problems.push(problem(Some(line), None, message));
        return Ok(sheet);
    }
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        sheet.problems.push(problem(
            None,
            None,
            format!("The file is empty. The first line names the columns: {}", columns.join(",")),
        ));
        return Ok(sheet);
    }
    let mut reader = ::csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            sheet.problems.push(problem(Some(1), None, format!("The header could not be read: {e}")));
            return Ok(sheet);
        }
        None => return Ok(sheet),
    };
    // Which column each cell of a line is in (None: a column the import does not know).
    let mut at: Vec<Option<&'static str>> = Vec::new();
    for raw in header.iter() {
        let raw = raw.trim().trim_start_matches('\u{FEFF}');
        let name = raw.to_lowercase().replace([' ', '-'], "_");
        match columns.iter().find(|c| **c == name) {
            None if name.is_empty() => {
                sheet.problems.push(problem(Some(1), None, "A column of the header has no name"))
            }
            None => sheet.problems.push(problem(
                Some(1),
                Some(raw),
                format!("Unknown column \"{raw}\": the {} file has the columns {}", what.as_str(), columns.join(",")),
            )),
            Some(c) if at.contains(&Some(*c)) => {
                sheet.problems.push(problem(Some(1), Some(c), "This column appears twice in the header"))
            }
            Some(c) => {
                at.push(Some(*c));
                continue;
            }
        }
        at.push(None);
    }
    sheet.complete = true;
    for c in columns {
        if !at.contains(&Some(*c)) {
            sheet.problems.push(problem(
                Some(1),
                Some(c),
                format!(
                    "The header has no \"{c}\" column; the {} file has the columns {}",
                    what.as_str(),
                    columns.join(",")
                ),
            ));
            sheet.complete = false;
        }
    }
    // Line numbers as an editor shows them (the reader's own count skips blank lines and
    // counts a quoted cell with line breaks as one line).
    let bytes = text.as_bytes();
    let (mut seen_bytes, mut seen_lines) = (0usize, 1usize);
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(seen_lines + 1);
                sheet.problems.push(problem(Some(line), None, format!("This line could not be read as CSV: {e}")));
                break;
            }
        };
        let mut start = record.position().map(|p| p.byte() as usize).unwrap_or(seen_bytes).max(seen_bytes);
        // A record's position can be the blank lines before it.
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        seen_lines += bytes[seen_bytes..start].iter().filter(|b| **b == b'\n').count();
        seen_bytes = start;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if sheet.lines.len() == MAX_LINES {
            return Err(too_large(format!(
                "The file has more than {} lines; import it in parts.",
                thousands(MAX_LINES)
            )));
        }
        if record.len() != at.len() {
            sheet.problems.push(problem(
                Some(seen_lines),
                None,
                format!("This line has {} cells; the header has {} columns", record.len(), at.len()),
            ));
        }
        let cells = at.iter().zip(record.iter()).filter_map(|(c, v)| Some(((*c)?, cell_value(v)))).collect();
        sheet.lines.push(Line { number: seen_lines, cells });
    }
    Ok(sheet)
}

/// 20000 → "20,000".
pub(super) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// "line 4", "lines 4-6" or "lines 4, 9".
pub(super) fn lines_text(lines: &[usize]) -> String {
    match lines {
        [] => String::new(),
        [one] => format!("line {one}"),
        [first, .., last] if lines.windows(2).all(|w| w[1] == w[0] + 1) => format!("lines {first}-{last}"),
        _ => format!("lines {}", lines.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(", ")),
    }
}
