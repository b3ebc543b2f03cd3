//! An interview as an iCalendar file (RFC 5545), so it lands in the interviewer's
//! calendar: one VEVENT with times in UTC, text escaped (§3.3.11) and lines folded at 75
//! octets (§3.1). `read` parses such a file back (unfolds, unescapes); the tests and the
//! API tests use it to check what we write.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable across downloads, so a calendar updates the event rather than adding another.
    pub uid: String,
    pub stamp: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: String,
    pub description: String,
    pub location: String,
}

/// The whole `.ics` file for one event.
pub fn write(event: &Event) -> String {
    let mut out = String::new();
    let mut line = |l: String| fold(&l, &mut out);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//Hatrack//Interviews//EN".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line("BEGIN:VEVENT".into());
    line(format!("UID:{}", escape(&event.uid)));
    line(format!("DTSTAMP:{}", stamp(event.stamp)));
    line(format!("DTSTART:{}", stamp(event.start)));
    line(format!("DTEND:{}", stamp(event.end)));
    line(format!("SUMMARY:{}", escape(&event.summary)));
    if !event.description.is_empty() {
        line(format!("DESCRIPTION:{}", escape(&event.description)));
    }
    if !event.location.is_empty() {
        line(format!("LOCATION:{}", escape(&event.location)));
    }
    line("END:VEVENT".into());
    line("END:VCALENDAR".into());
    out
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT values escape backslash, semicolon and comma, and write line breaks as `\n`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Lines end in CRLF and are at most 75 octets; a longer one continues on lines that start
/// with a space. A character is never split across lines.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// The properties of the first VEVENT of a calendar file, unfolded and unescaped, as
/// (name, value) pairs in order; `Err` names the first thing that breaks the format.
pub fn read(ics: &str) -> Result<Vec<(String, String)>, String> {
    if !ics.ends_with("\r\n") {
        return Err("lines must end in CRLF".into());
    }
    let mut lines: Vec<String> = Vec::new();
    for raw in ics.split("\r\n").filter(|l| !l.is_empty()) {
        if raw.contains('\n') {
            return Err(format!("a bare line feed in {raw:?}"));
        }
        if raw.len() > 75 {
            return Err(format!("a line longer than 75 octets: {raw:?}"));
        }
        match raw.strip_prefix(' ') {
            Some(rest) => lines.last_mut().ok_or("a continuation line comes first")?.push_str(rest),
            None => lines.push(raw.to_string()),
        }
    }
    if lines.first().map(String::as_str) != Some("BEGIN:VCALENDAR")
        || lines.last().map(String::as_str) != Some("END:VCALENDAR")
    {
        return Err("not a VCALENDAR".into());
    }
    let mut inside = false;
    let mut props = Vec::new();
    for l in &lines {
        match l.as_str() {
            "BEGIN:VEVENT" => inside = true,
            "END:VEVENT" => return Ok(props),
            _ if inside => {
                let (name, value) = l.split_once(':').ok_or_else(|| format!("no ':' in {l:?}"))?;
                props.push((name.to_string(), unescape(value)?));
            }
            _ => {}
        }
    }
    Err("no complete VEVENT".into())
}

fn unescape(value: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(c @ ('\\' | ';' | ',')) => out.push(c),
            other => return Err(format!("a bad escape \\{other:?} in {value:?}")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn an_event_reads_back_as_written() {
        let event = Event {
            uid: "loop-stage-1@hatrack".into(),
            stamp: Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap(),
            start: Utc.with_ymd_and_hms(2026, 12, 14, 13, 30, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2026, 12, 14, 14, 30, 0).unwrap(),
            summary: "Panel: C-7KQ2MX, IT Lead; outage triage".into(),
            description: format!(
                "Questions:\n1. {}\nRating guide; see the kit, \\ for details.",
                "Ünïcödé ".repeat(20)
            ),
            location: "Room 4, 2nd floor".into(),
        };
        let ics = write(&event);
        assert!(ics.lines().all(|l| l.trim_end_matches('\r').len() <= 75), "{ics}");
        let props = read(&ics).unwrap();
        let get = |n: &str| props.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()).unwrap();
        assert_eq!(get("DTSTART"), "20261214T133000Z");
        assert_eq!(get("DTEND"), "20261214T143000Z");
        assert_eq!(get("SUMMARY"), event.summary);
        assert_eq!(get("DESCRIPTION"), event.description);
        assert_eq!(get("LOCATION"), event.location);
        assert_eq!(get("UID"), event.uid);
    }

    #[test]
    fn broken_files_are_refused() {
        assert!(read("BEGIN:VCALENDAR\nEND:VCALENDAR\n").is_err());
        assert!(read("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").unwrap_err().contains("VEVENT"));
    }
}
