//! Validated value types ("parse, don't validate"): a value of these types is known to be
//! well-formed, because the only way to get one is `parse`. Messages are written for the
//! person filling in the form.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Field → problem, collected while checking a whole form so every problem is reported at
/// once, not one per submit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, problem: impl Into<String>) {
        self.0.entry(field.to_string()).or_insert_with(|| problem.into());
    }

    /// Keeps the value if it parsed, records the problem under `field` otherwise.
    pub fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(problem) => {
                self.add(field, problem);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An email address, trimmed and lower-cased (addresses are unique per organization,
/// case-insensitively).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, String> {
        let email = raw.trim().to_lowercase();
        let problem = || Err("Enter an email address like name@example.org".to_string());
        if email.is_empty() {
            return Err("Enter an email address".into());
        }
        if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return problem();
        }
        let Some((local, domain)) = email.split_once('@') else { return problem() };
        if local.is_empty() || local.len() > 64 || domain.contains('@') {
            return problem();
        }
        let labels: Vec<&str> = domain.split('.').collect();
        let label_ok = |l: &&str| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        };
        if labels.len() < 2 || !labels.iter().all(label_ok) {
            return problem();
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password: at least 12 characters (ASVS: length over composition rules), at most
/// 256 so hashing cost stays bounded. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 256;

impl Password {
    pub fn parse(raw: &str) -> Result<Password, String> {
        let n = raw.chars().count();
        if n < MIN_PASSWORD_CHARS {
            return Err(format!("Use at least {MIN_PASSWORD_CHARS} characters (a few words make a good password)"));
        }
        if n > MAX_PASSWORD_CHARS {
            return Err(format!("Use at most {MAX_PASSWORD_CHARS} characters"));
        }
        Ok(Password(raw.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A required, trimmed line of text with a length limit (names, titles).
pub fn text(raw: &str, what: &str, max: usize) -> Result<String, String> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(format!("Enter {what}"));
    }
    if t.chars().count() > max {
        return Err(format!("Keep {what} to {max} characters or fewer"));
    }
    Ok(t.to_string())
}

/// An optional trimmed line of text with a length limit ("" when absent).
pub fn optional_text(raw: Option<&str>, what: &str, max: usize) -> Result<String, String> {
    let t = raw.unwrap_or("").trim();
    if t.chars().count() > max {
        return Err(format!("Keep {what} to {max} characters or fewer"));
    }
    Ok(t.to_string())
}

/// Dates we store and show: years 1900 to 9999. Outside that a date is a typo (`+99999`),
/// and one that far out no longer fits the `YYYY-MM-DD` our API documents.
pub fn date(d: chrono::NaiveDate) -> Result<chrono::NaiveDate, String> {
    use chrono::Datelike;
    if (1900..=9999).contains(&d.year()) {
        Ok(d)
    } else {
        Err("Enter a date between the years 1900 and 9999".to_string())
    }
}

/// A date typed into a form field (`YYYY-MM-DD`, as `<input type="date">` sends it), or
/// none when the field is left empty; within [`date`]'s years.
pub fn typed_date(raw: &str) -> Result<Option<chrono::NaiveDate>, String> {
    match raw.trim() {
        "" => Ok(None),
        t => chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map_err(|_| "Write the date as YYYY-MM-DD, e.g. 2027-06-30".to_string())
            .and_then(date)
            .map(Some),
    }
}

// Characters no text field takes. PostgreSQL refuses NUL in text (so it was a 500), the
// other control characters are invisible and break CSV and logs, and the bidi overrides
// make text read differently from what it says ("evil\u{202E}gpj.exe"). They are refused
// where requests enter (the API, server functions, imported files) with the field named.

/// Fields whose text may span lines (tab, line feed and carriage return allowed): a field
/// is multi-line when any part of its path is one of these (`ratings[0].evidence`,
/// `levels[2][summary]`, `csv`).
const MULTI_LINE_FIELDS: &[&str] = &[
    "description",
    "evidence",
    "reason",
    "amend_reason",
    "change_note",
    "csv",
    "text",
    "file",
    // a ladder folder's shared generic.md, beside the ladder on the framework import
    "shared",
    "level_names",
    "summary",
    "signals",
    "examples",
    "note",
    "notes",
];

/// Whether the field at this path (JSON `a.b[0].c` or form `a[0][c]`) holds multi-line text.
pub fn is_multi_line_field(path: &str) -> bool {
    path.split(['.', '[', ']']).any(|part| MULTI_LINE_FIELDS.contains(&part))
}

/// What is wrong with the first character a text field refuses, in words for the person
/// who typed it; `None` when the text is fine.
pub fn text_characters(raw: &str, multi_line: bool) -> Option<String> {
    raw.chars().find_map(|c| match c {
        '\t' | '\n' | '\r' if multi_line => None,
        '\t' => Some("Remove the tab: this field takes a single line.".to_string()),
        '\n' | '\r' => Some("Remove the line break: this field takes a single line.".to_string()),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            Some(format!("Remove the invisible character U+{:04X}: it changes the direction text reads in.", c as u32))
        }
        c if c.is_control() => Some(format!("Remove the invisible control character U+{:04X}.", c as u32)),
        _ => None,
    })
}

/// A CSV cell's line breaks as `\n`: a file saved on Windows has `\r\n` inside quoted
/// cells too, and a description should not keep them.
pub fn cell_line_breaks(cell: &str) -> String {
    cell.replace("\r\n", "\n").replace('\r', "\n")
}

/// The first refused character in a multi-line file (CSV, YAML, Markdown), as
/// `(line number from 1, problem)`.
pub fn file_characters(text: &str) -> Option<(usize, String)> {
    text.split('\n').enumerate().find_map(|(i, line)| text_characters(line, true).map(|p| (i + 1, p)))
}

/// The first refused character anywhere in a JSON value, keys included, as
/// `(field path, problem)`; paths read like `ratings[0].evidence`.
pub fn json_characters(value: &serde_json::Value) -> Option<(String, String)> {
    fn walk(v: &serde_json::Value, path: &mut String) -> Option<(String, String)> {
        match v {
            serde_json::Value::String(s) => {
                text_characters(s, is_multi_line_field(path)).map(|p| (field_name(path), p))
            }
            serde_json::Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                let found = walk(item, path);
                path.truncate(len);
                found
            }),
            serde_json::Value::Object(map) => map.iter().find_map(|(key, item)| {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                // A key names a field; clean it before it is shown as one.
                if let Some(problem) = text_characters(key, false) {
                    return Some((field_name(path.trim_end_matches('.')), problem));
                }
                path.push_str(key);
                let found = walk(item, path);
                path.truncate(len);
                found
            }),
            _ => None,
        }
    }
    walk(value, &mut String::new())
}

/// The top level of a JSON body has no name of its own.
fn field_name(path: &str) -> String {
    if path.is_empty() { "body".to_string() } else { path.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_date_is_iso_or_empty() {
        assert_eq!(typed_date(" 2027-06-30 "), Ok(chrono::NaiveDate::from_ymd_opt(2027, 6, 30)));
        assert_eq!(typed_date("  "), Ok(None));
        assert!(typed_date("30/06/2027").unwrap_err().contains("YYYY-MM-DD"));
        assert!(typed_date("0999-01-01").unwrap_err().contains("1900"));
    }

    #[test]
    fn emails() {
        assert_eq!(Email::parse("  Ada.Lovelace@Example.ORG ").unwrap().as_str(), "ada.lovelace@example.org");
        for bad in ["", "not-an-email", "a@b", "a b@c.org", "@c.org", "a@@c.org", "a@-c.org", "a@c..org"] {
            assert!(Email::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn passwords() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse("correct horse").is_ok());
        assert!(Password::parse(&"x".repeat(257)).is_err());
        assert_eq!(format!("{:?}", Password::parse("correct horse battery").unwrap()), "Password(***)");
    }

    #[test]
    fn collects_every_problem() {
        let mut errors = FieldErrors::new();
        assert!(errors.check("email", Email::parse("nope")).is_none());
        assert!(errors.check("name", text("  ", "a name", 200)).is_none());
        assert_eq!(errors.0.len(), 2);
        assert!(errors.0["name"].contains("Enter a name"));
    }

    #[test]
    fn text_refuses_control_and_bidi_characters() {
        assert_eq!(text_characters("Ada Park", false), None);
        assert!(text_characters("a\u{0}b", false).unwrap().contains("U+0000"));
        assert!(text_characters("a\u{7}b", true).unwrap().contains("U+0007"));
        assert!(text_characters("a\u{85}b", true).is_some(), "C1 controls too");
        assert!(text_characters("evil\u{202E}gpj.exe", true).unwrap().contains("U+202E"));
        assert!(text_characters("x\u{2066}y", false).is_some());
        assert!(text_characters("two\nlines", false).unwrap().contains("single line"));
        assert_eq!(text_characters("two\r\nlines\tand a tab", true), None);
        assert_eq!(text_characters("Zoë 東京 مرحبا \u{200F}", false), None, "letters of any script and marks pass");
    }

    #[test]
    fn json_problems_name_the_field() {
        let v = serde_json::json!({"name": "ok", "ratings": [{"evidence": "line\nline"}, {"evidence": "nul\u{0}"}]});
        let (field, problem) = json_characters(&v).unwrap();
        assert_eq!(field, "ratings[1].evidence");
        assert!(problem.contains("U+0000"));
        assert_eq!(json_characters(&serde_json::json!({"description": "a\nb", "name": "x"})), None);
        assert_eq!(json_characters(&serde_json::json!({"name": "a\nb"})).unwrap().0, "name");
        assert_eq!(json_characters(&serde_json::json!({"expectations": {"a\u{0}": 3}})).unwrap().0, "expectations");
        assert_eq!(json_characters(&serde_json::json!("\u{0}")).unwrap().0, "body");
        assert!(is_multi_line_field("levels[2][summary]"));
        assert!(!is_multi_line_field("levels[2][name]"));
    }

    #[test]
    fn files_report_the_line() {
        assert_eq!(file_characters("a,b\r\nc,\"d\te\"\n"), None);
        let (line, problem) = file_characters("name,email\nAda,a@b.org\nBad\u{0},x@y.org\n").unwrap();
        assert_eq!(line, 3);
        assert!(problem.contains("U+0000"));
    }

    #[test]
    fn dates_stay_within_four_digit_years() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(date(d(2026, 3, 1)).is_ok());
        assert!(date(d(1900, 1, 1)).is_ok() && date(d(9999, 12, 31)).is_ok());
        assert!(date(d(99999, 1, 1)).is_err());
        assert!(date(d(1899, 12, 31)).is_err());
    }
}
