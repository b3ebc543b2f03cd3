//! Snowflake's ladder is published as a JavaScript module (with Flow or TypeScript type
//! annotations), not as JSON: `export const tracks: Tracks = { "MOBILE": { … }, … }`.
//! This reads that object literal as data, token by token, and writes it out as JSON for
//! the Snowflake reader. No JavaScript is run: anything but plain values (objects, arrays,
//! strings, numbers, true, false, null) is refused with its line.

/// Deepest nesting read; real ladders nest four levels.
const MAX_DEPTH: usize = 64;

/// Whether `text` is a JavaScript source declaring `tracks` (rather than JSON or YAML).
pub(super) fn declares_tracks(text: &str) -> bool {
    !text.trim_start().starts_with('{') && tracks_start(text).is_some()
}

/// Whether `text` reads as JavaScript (or TypeScript) source rather than JSON or YAML: it
/// opens with a comment, a directive or a declaration, or declares `tracks`.
pub(super) fn looks_like_javascript(text: &str) -> bool {
    let start = text.trim_start();
    const OPENINGS: [&str; 10] = [
        "//",
        "/*",
        "import ",
        "export ",
        "const ",
        "let ",
        "var ",
        "module.exports",
        "'use strict'",
        "\"use strict\"",
    ];
    OPENINGS.iter().any(|o| start.starts_with(o)) || declares_tracks(text)
}

/// `{"tracks": …}` as JSON text, from the source's `tracks` declaration, or why not (with
/// the line it is about, when there is one).
pub(super) fn tracks_as_json(text: &str) -> Result<String, (Option<usize>, String)> {
    let start = tracks_start(text)
        .ok_or((None, "this is JavaScript, but it declares no `tracks` object (const tracks = { … })".to_string()))?;
    let mut reader = Reader { text: text.as_bytes(), src: text, at: start, out: String::from("{\"tracks\":") };
    reader.value(0)?;
    reader.out.push('}');
    Ok(reader.out)
}

/// Where the object literal assigned to `const|let|var tracks` starts (its `{`).
fn tracks_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = text[from..].find("tracks") {
        let at = from + found;
        from = at + "tracks".len();
        let before = text[..at].trim_end();
        let declared = ["const", "let", "var"].iter().any(|k| {
            before.ends_with(k)
                && !before[..before.len() - k.len()].ends_with(|c: char| c.is_alphanumeric() || c == '_')
        });
        let boundary = !bytes.get(from).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        if !declared || !boundary {
            continue;
        }
        // past a type annotation (`: Tracks`, `: { [TrackId]: Track }`) to the `=`
        let rest = &text[from..];
        let eq = rest.char_indices().find(|&(i, c)| {
            c == '=' && !rest[i + 1..].starts_with(['=', '>']) && !rest[..i].ends_with(['=', '!', '<', '>'])
        })?;
        let mut i = from + eq.0 + 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) == Some(&b'{') {
            return Some(i);
        }
    }
    None
}

struct Reader<'a> {
    text: &'a [u8],
    src: &'a str,
    at: usize,
    out: String,
}

type Step = Result<(), (Option<usize>, String)>;

impl Reader<'_> {
    fn line(&self) -> usize {
        self.src[..self.at.min(self.src.len())].matches('\n').count() + 1
    }

    fn fail<T>(&self, message: impl Into<String>) -> Result<T, (Option<usize>, String)> {
        Err((Some(self.line()), message.into()))
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    /// Skips white space and comments.
    fn blank(&mut self) -> Step {
        loop {
            match (self.peek(), self.text.get(self.at + 1)) {
                (Some(b), _) if b.is_ascii_whitespace() => self.at += 1,
                (Some(b'/'), Some(b'/')) => {
                    while self.peek().is_some_and(|b| b != b'\n') {
                        self.at += 1;
                    }
                }
                (Some(b'/'), Some(b'*')) => match self.src[self.at + 2..].find("*/") {
                    Some(end) => self.at += 2 + end + 2,
                    None => return self.fail("a comment (/*) is never closed"),
                },
                _ => return Ok(()),
            }
        }
    }

    fn value(&mut self, depth: usize) -> Step {
        if depth > MAX_DEPTH {
            return self.fail(format!("values are nested more than {MAX_DEPTH} levels deep"));
        }
        self.blank()?;
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"' | b'\'' | b'`') => {
                let s = self.string()?;
                self.out.push_str(&serde_json::to_string(&s).expect("a string serializes"));
                Ok(())
            }
            Some(b'-' | b'+' | b'.' | b'0'..=b'9') => self.number(),
            Some(_) => {
                let word = self.word();
                match word.as_str() {
                    "true" | "false" | "null" => {
                        self.out.push_str(&word);
                        Ok(())
                    }
                    "undefined" => {
                        self.out.push_str("null");
                        Ok(())
                    }
                    "" => self.fail(format!("\"{}\" is not a plain value", self.found())),
                    _ => self.fail(format!(
                        "`{word}` is not a plain value: only objects, arrays, strings, numbers and true/false \
                         are read (no JavaScript is run)"
                    )),
                }
            }
            None => self.fail("the file ends inside the tracks object"),
        }
    }

    fn found(&self) -> String {
        self.src[self.at..].chars().next().map(String::from).unwrap_or_default()
    }

    fn word(&mut self) -> String {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$') {
            self.at += 1;
        }
        self.src[start..self.at].to_string()
    }

    fn object(&mut self, depth: usize) -> Step {
        self.at += 1;
        self.out.push('{');
        let mut first = true;
        loop {
            self.blank()?;
            match self.peek() {
                Some(b'}') => {
                    self.at += 1;
                    self.out.push('}');
                    return Ok(());
                }
                None => return self.fail("an object is never closed (})"),
                _ => {}
            }
            let key = match self.peek() {
                Some(b'"' | b'\'' | b'`') => self.string()?,
                Some(b'.') => return self.fail("a spread (...) is not a plain value (no JavaScript is run)"),
                _ => {
                    let word = self.word();
                    if word.is_empty() {
                        return self.fail(format!("expected a key, found \"{}\"", self.found()));
                    }
                    word
                }
            };
            if !first {
                self.out.push(',');
            }
            first = false;
            self.out.push_str(&serde_json::to_string(&key).expect("a string serializes"));
            self.blank()?;
            if self.peek() != Some(b':') {
                return self.fail(format!("expected \":\" after the key \"{key}\""));
            }
            self.at += 1;
            self.out.push(':');
            self.value(depth + 1)?;
            self.blank()?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {}
                _ => return self.fail(format!("expected \",\" or \"}}\" after the value of \"{key}\"")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Step {
        self.at += 1;
        self.out.push('[');
        let mut first = true;
        loop {
            self.blank()?;
            match self.peek() {
                Some(b']') => {
                    self.at += 1;
                    self.out.push(']');
                    return Ok(());
                }
                None => return self.fail("a list is never closed (])"),
                _ => {}
            }
            if !first {
                self.out.push(',');
            }
            first = false;
            self.value(depth + 1)?;
            self.blank()?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {}
                _ => return self.fail("expected \",\" or \"]\" in a list"),
            }
        }
    }

    fn number(&mut self) -> Step {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+' | b'_')) {
            self.at += 1;
        }
        let raw = self.src[start..self.at].replace('_', "");
        match raw.parse::<f64>() {
            Ok(n) if n.is_finite() => {
                self.out.push_str(&serde_json::to_string(&n).expect("a finite number serializes"));
                Ok(())
            }
            _ => {
                self.at = start;
                self.fail(format!("\"{raw}\" is not a number"))
            }
        }
    }

    /// A quoted string, its escapes decoded. A template string may not hold `${…}`.
    fn string(&mut self) -> Result<String, (Option<usize>, String)> {
        let quote = self.text[self.at];
        let start_line = self.line();
        self.at += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.src[self.at..].chars().next() else {
                return Err((Some(start_line), "a string is never closed".into()));
            };
            self.at += c.len_utf8();
            match c {
                c if c as u32 == u32::from(quote) => return Ok(out),
                '\n' if quote != b'`' => {
                    return Err((Some(start_line), "a string runs past the end of its line".into()));
                }
                '$' if quote == b'`' && self.peek() == Some(b'{') => {
                    return self.fail("a template string with ${…} is computed, not plain text (no JavaScript is run)");
                }
                '\\' => self.escape(&mut out)?,
                c => out.push(c),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Step {
        let Some(c) = self.src[self.at..].chars().next() else {
            return self.fail("a string ends with a lone backslash");
        };
        self.at += c.len_utf8();
        let hex = |r: &mut Self, digits: usize| -> Result<u32, (Option<usize>, String)> {
            let end = (r.at + digits).min(r.src.len());
            let v = r.src.get(r.at..end).and_then(|h| u32::from_str_radix(h, 16).ok());
            r.at = end;
            v.ok_or_else(|| (Some(r.line()), "a broken escape in a string".to_string()))
        };
        match c {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '0' => out.push('\0'),
            '\n' => {} // a line continuation
            '\r' => {
                if self.peek() == Some(b'\n') {
                    self.at += 1;
                }
            }
            'x' => {
                let v = hex(self, 2)?;
                out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
            }
            'u' if self.peek() == Some(b'{') => {
                self.at += 1;
                let end = self.src[self.at..].find('}').map(|e| self.at + e);
                let Some(end) = end else { return self.fail("a broken \\u{…} escape") };
                let v = u32::from_str_radix(&self.src[self.at..end], 16).ok().and_then(char::from_u32);
                self.at = end + 1;
                out.push(v.unwrap_or('\u{fffd}'));
            }
            'u' => {
                let mut v = hex(self, 4)?;
                // a surrogate pair written as two escapes
                if (0xD800..0xDC00).contains(&v) && self.src[self.at..].starts_with("\\u") {
                    self.at += 2;
                    let low = hex(self, 4)?;
                    v = 0x10000 + ((v - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF);
                }
                out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
            }
            other => out.push(other),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = r#"// @flow
import * as d3 from 'd3'

export type TrackId = 'SERVERS' | 'DOCS'
export type Tracks = {|'SERVERS': Track, 'DOCS': Track|}
export const milestones = [0, 1, 2, 3]

/* the tracks, in the order they are shown */
export const tracks: Tracks = {
  "SERVERS": {
    displayName: "Servers",
    category: 'A',
    "description": "Keeps the machines \"up\" and patched",
    milestones: [{
      summary: `Patches the servers it is given`,
      signals: ["Applies updates on time", 'Reads the change log',],
      examples: [],
    }, {
      summary: "Plans patch windows with the teams \
that depend on them",
      signals: [],
      examples: ["Moved the monthly window \u2014 nobody noticed"],
    }],
  },
  'DOCS': { displayName: "Docs", category: "B", description: "", milestones: [], },
}

export const categoryIds = Object.keys(tracks)
"#;

    #[test]
    fn reads_the_tracks_object_as_json() {
        assert!(declares_tracks(SOURCE));
        let json = tracks_as_json(SOURCE).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let servers = &v["tracks"]["SERVERS"];
        assert_eq!(servers["displayName"], "Servers");
        assert_eq!(servers["description"], "Keeps the machines \"up\" and patched");
        assert_eq!(servers["milestones"][0]["signals"][1], "Reads the change log");
        assert_eq!(servers["milestones"][1]["summary"], "Plans patch windows with the teams that depend on them");
        assert_eq!(servers["milestones"][1]["examples"][0], "Moved the monthly window — nobody noticed");
        // the order of the file is kept
        assert!(json.find("SERVERS").unwrap() < json.find("DOCS").unwrap());
    }

    #[test]
    fn refuses_anything_that_would_need_running() {
        for (source, said) in [
            ("const tracks = { A: { displayName: name() } }", "`name` is not a plain value"),
            ("const tracks = { A: `${x}` }", "computed"),
            ("const tracks = { ...others }", "spread"),
            ("const tracks = { A: [1, 2 }", "expected"),
            ("const tracks = { A: 'open", "never closed"),
        ] {
            let (line, message) = tracks_as_json(source).unwrap_err();
            assert_eq!(line, Some(1), "{source}");
            assert!(message.contains(said), "{source}: {message}");
        }
        assert!(!declares_tracks("{\"tracks\": {}}"), "JSON is not JavaScript");
        assert!(!declares_tracks("const tracksOther = {}"));
        assert!(looks_like_javascript("// @flow\nexport const x = 1"));
        assert!(!looks_like_javascript("tracks:\n  A: {}\n"), "YAML is not JavaScript");
        assert!(tracks_as_json("const x = 1").unwrap_err().1.contains("declares no `tracks`"));
        let deep = format!("const tracks = {{a: {}{}}}", "[".repeat(100), "]".repeat(100));
        assert!(tracks_as_json(&deep).unwrap_err().1.contains("nested"));
    }
}
