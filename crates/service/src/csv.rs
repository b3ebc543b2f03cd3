//! Writing CSV the way every export of Hatrack does: a header line, CRLF line ends, cells
//! quoted when needed and never starting with a formula character (spreadsheets would
//! run `=…`; OWASP's CSV-injection advice). Reading CSV is each importer's own.

/// One CSV cell.
pub fn cell(value: &str) -> String {
    let safe =
        if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_string() };
    if safe.contains([',', '"', '\n', '\r']) { format!("\"{}\"", safe.replace('"', "\"\"")) } else { safe }
}

/// A whole file: `header` (already joined by commas) and one line per row.
pub fn file<R: AsRef<[S]>, S: AsRef<str>>(header: &str, rows: impl IntoIterator<Item = R>) -> String {
    let mut out = format!("{header}\r\n");
    for row in rows {
        out.push_str(&row.as_ref().iter().map(|c| cell(c.as_ref())).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_are_quoted_and_defused() {
        assert_eq!(super::cell("plain"), "plain");
        assert_eq!(super::cell("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(super::cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(super::file("a,b", [["1", "=2"]]), "a,b\r\n1,'=2\r\n");
    }
}
