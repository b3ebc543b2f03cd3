//! Framework import and export formats.
//!
//! Our own shape ([`FrameworkDoc`]) is exported and imported as JSON or YAML, exactly: an
//! export imports back to the same document. Two ladder formats found in the wild are
//! imported (never exported): Monzo-style Markdown (YAML front matter with `topics`) and
//! Snowflake-style tracks (JSON or YAML with a `tracks` map). Those do not map one to one
//! onto ours, so their import reports every adjustment as an [`ImportNote`] for the
//! preview: nothing in the file is dropped or changed silently.
//!
//! Every input is untrusted: size is checked first ([`MAX_INPUT`]), YAML is walked once
//! under a budget before it is read (anchors and aliases can make a small file expand
//! enormously), and parser nesting limits apply.

mod js_literal;
mod json_yaml;
mod monzo;
mod snowflake;

use super::{FrameworkDoc, LevelDoc, check, slug};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The largest input we read, in bytes.
pub const MAX_INPUT: usize = 1024 * 1024;

/// The longest name (framework, area, competency) `check::structure` accepts.
const MAX_NAME: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Our own document as JSON.
    Json,
    /// Our own document as YAML.
    Yaml,
    /// Monzo-style Markdown: YAML front matter listing `topics`, then a Markdown body.
    Monzo,
    /// Snowflake-style: a `tracks` map of milestones, as JSON or YAML, or the JavaScript
    /// module it is published as (read as data, never run).
    Snowflake,
}

impl Format {
    /// The format named by a query parameter or a file extension (case-insensitive).
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "yaml" | "yml" => Some(Format::Yaml),
            "monzo" | "markdown" | "md" => Some(Format::Monzo),
            "snowflake" | "js" | "ts" | "javascript" => Some(Format::Snowflake),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Yaml => "yaml",
            Format::Monzo => "monzo",
            Format::Snowflake => "snowflake",
        }
    }

    /// The name people know the format by, for messages.
    pub fn label(&self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Yaml => "YAML",
            Format::Monzo => "Monzo-style Markdown",
            Format::Snowflake => "Snowflake-style ladder",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something in the input that was not carried over as-is, or was adjusted; shown to the
/// user in the import preview. Nothing is dropped silently: every ignored key, skipped
/// level, invented name or slug, shortened text etc. gets a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportNote {
    /// Where in the input, in the input's own terms: "front matter", "topics[2] (Code quality)".
    pub place: String,
    pub message: String,
}

/// A document read from a file, with what the reader had to adjust.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Imported {
    pub doc: FrameworkDoc,
    pub format: Format,
    pub notes: Vec<ImportNote>,
    /// The file gave the framework no name: the import asks for one rather than calling it
    /// something made up.
    pub untitled: bool,
}

/// Why a file could not be imported at all. Problems that only need fixing before
/// publishing are notes or `check` results instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FormatError {
    TooLarge {
        limit: usize,
    },
    /// Not readable as `format`: a syntax error, a wrong type, or content that cannot be
    /// mapped (levels out of range, a level listed twice…). `line` is 1-based, in the file.
    Malformed {
        format: Format,
        line: Option<usize>,
        message: String,
    },
    /// The format could not be told from the content type or the text.
    Unrecognized,
}

impl FormatError {
    fn malformed(format: Format, message: impl Into<String>) -> Self {
        FormatError::Malformed { format, line: None, message: message.into() }
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::TooLarge { limit } => {
                write!(f, "The file is too large: Hatrack imports files of up to {} KiB", limit / 1024)
            }
            FormatError::Malformed { format, line: Some(line), message } => {
                write!(f, "{} is malformed at line {line}: {message}", format.label())
            }
            FormatError::Malformed { format, line: None, message } => {
                write!(f, "{} is malformed: {message}", format.label())
            }
            FormatError::Unrecognized => f.write_str(
                "The file is not in a format Hatrack can import: use a Hatrack JSON or YAML export, \
                 a Monzo-style Markdown file or a Snowflake-style ladder",
            ),
        }
    }
}

impl std::error::Error for FormatError {}

/// Guesses the format from the content type and the text; `None` when nothing fits.
///
/// The content type decides between families (JSON, YAML, Markdown); the text decides
/// between our shape and a ladder (a top-level `tracks` map means Snowflake). Without a
/// telling content type: a leading `{` is JSON, leading `---` front matter holding
/// `topics` is Monzo, and YAML is ours when it has `areas`.
pub fn detect(text: &str, content_type: Option<&str>) -> Option<Format> {
    let text = strip_bom(text);
    let mime =
        content_type.and_then(|c| c.split(';').next()).map(|c| c.trim().to_ascii_lowercase()).unwrap_or_default();
    let is_json = || text.trim_start().starts_with('{');
    let json_or_snowflake = || {
        let keys = json_yaml::json_top_keys(text).or_else(|| json_yaml::yaml_top_keys(text));
        Some(if has_key(keys, text, "tracks") { Format::Snowflake } else { Format::Json })
    };
    let yaml_or_snowflake = |required: bool| {
        let keys = json_yaml::yaml_top_keys(text);
        if has_key(keys.clone(), text, "tracks") {
            Some(Format::Snowflake)
        } else if !required || has_key(keys, text, "areas") {
            Some(Format::Yaml)
        } else {
            None
        }
    };
    match mime.as_str() {
        "application/json" => return json_or_snowflake(),
        "application/yaml" | "application/x-yaml" | "text/yaml" | "text/x-yaml" => {
            return yaml_or_snowflake(false);
        }
        "text/markdown" | "text/x-markdown" => return Some(Format::Monzo),
        "application/javascript"
        | "text/javascript"
        | "application/x-javascript"
        | "application/typescript"
        | "text/typescript" => return Some(Format::Snowflake),
        _ => {}
    }
    // Snowflake's ladder as published: a JavaScript module (its reader says so plainly
    // when a JavaScript file holds no tracks)
    if js_literal::looks_like_javascript(text) {
        return Some(Format::Snowflake);
    }
    if is_json() {
        return json_or_snowflake();
    }
    if let Some((front, _)) = monzo::split_front_matter(text)
        && has_key(json_yaml::yaml_top_keys(front), front, "topics")
    {
        return Some(Format::Monzo);
    }
    yaml_or_snowflake(true)
}

/// Whether `key` is a top-level key: from the parsed keys when the text parsed, else from
/// the lines (so a file with a syntax error is still recognised, and its import can say
/// where the error is).
fn has_key(parsed: Option<Vec<String>>, text: &str, key: &str) -> bool {
    match parsed {
        Some(keys) => keys.iter().any(|k| k == key),
        None => text.lines().any(|line| {
            let line = line.trim_end();
            let unquoted = line.trim_start_matches(['"', '\'']);
            unquoted.strip_prefix(key).is_some_and(|rest| {
                let rest = rest.trim_start_matches(['"', '\'']).trim_start();
                rest.starts_with(':') && !line.starts_with(char::is_whitespace)
            })
        }),
    }
}

pub use monzo::SHARED_FILE;

/// Reads `text` as `format`. Size is checked before anything is parsed.
pub fn import(text: &str, format: Format) -> Result<Imported, FormatError> {
    import_with_shared(text, format, None)
}

/// [`import`], with the text of the ladder folder's shared file ([`SHARED_FILE`]) that a
/// Monzo-style ladder's untitled topics take their titles and criteria from.
pub fn import_with_shared(text: &str, format: Format, shared: Option<&str>) -> Result<Imported, FormatError> {
    if text.len() > MAX_INPUT || shared.is_some_and(|s| s.len() > MAX_INPUT) {
        return Err(FormatError::TooLarge { limit: MAX_INPUT });
    }
    let text = strip_bom(text);
    let shared = shared.map(strip_bom);
    let (doc, notes) = match format {
        Format::Json => (json_yaml::import_json(text)?, Notes::default()),
        Format::Yaml => (json_yaml::import_yaml(text)?, Notes::default()),
        Format::Monzo => finish(format, monzo::import(text, shared)?)?,
        Format::Snowflake => finish(format, snowflake::import(text)?)?,
    };
    let mut notes = notes;
    if shared.is_some() && format != Format::Monzo {
        notes.add("shared file", format!("Only Markdown ladders take topics from a shared {SHARED_FILE}: not used"));
    }
    Ok(Imported { doc, format, untitled: notes.untitled, notes: notes.list })
}

/// [`detect`], then [`import`]: what an upload without a chosen format needs.
pub fn import_detected(text: &str, content_type: Option<&str>) -> Result<Imported, FormatError> {
    if text.len() > MAX_INPUT {
        return Err(FormatError::TooLarge { limit: MAX_INPUT });
    }
    import(text, detect(text, content_type).ok_or(FormatError::Unrecognized)?)
}

/// Our document as pretty JSON with a trailing newline.
pub fn export_json(doc: &FrameworkDoc) -> String {
    json_yaml::export_json(doc)
}

/// Our document as YAML, block style. Strings are quoted where a YAML 1.2 reader (ours)
/// would take them for something else; plain `yes`, `no`, `on` and `off` stay unquoted,
/// which YAML 1.1 tools read as booleans.
pub fn export_yaml(doc: &FrameworkDoc) -> String {
    json_yaml::export_yaml(doc)
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The ladder converters tidy everything they carry over so the result passes
/// `check::structure`; this makes that a guarantee rather than a hope. A problem left is a
/// gap in a converter, reported as malformed input rather than handed on.
fn finish(format: Format, (doc, notes): (FrameworkDoc, Notes)) -> Result<(FrameworkDoc, Notes), FormatError> {
    let problems = check::structure(&doc);
    match problems.0.into_iter().next() {
        None => Ok((doc, notes)),
        Some((field, problem)) => Err(FormatError::malformed(format, format!("{field}: {problem}"))),
    }
}

/// Notes collected while converting, and the tidying that produces them.
#[derive(Debug, Default)]
struct Notes {
    list: Vec<ImportNote>,
    /// The file has no title (see [`Imported::untitled`]).
    untitled: bool,
}

/// What an untitled ladder is called until the importer names it.
const UNTITLED: &str = "Imported framework";

impl Notes {
    fn add(&mut self, place: &str, message: impl Into<String>) {
        self.list.push(ImportNote { place: place.to_string(), message: message.into() });
    }

    /// The framework's name from the file's title; without one, a stand-in, noted, and
    /// the import will ask for a name.
    fn title(&mut self, place: &str, title: Option<String>) -> String {
        match title.filter(|t| !t.trim().is_empty()) {
            Some(title) => self.name(place, &title),
            None => {
                self.untitled = true;
                self.add(place, "The file has no title: give the framework a name (Name, above)");
                UNTITLED.to_string()
            }
        }
    }

    /// A name, trimmed and at most [`MAX_NAME`] characters.
    fn name(&mut self, place: &str, raw: &str) -> String {
        self.clip(place, raw.trim(), MAX_NAME)
    }

    /// A description or anchor text, trimmed and at most `check::MAX_TEXT` characters.
    fn text(&mut self, place: &str, raw: &str) -> String {
        self.clip(place, raw.trim(), check::MAX_TEXT)
    }

    fn clip(&mut self, place: &str, value: &str, max: usize) -> String {
        let count = value.chars().count();
        if count <= max {
            return value.to_string();
        }
        self.add(place, format!("Shortened to {max} characters (it had {count})"));
        let mut out: String = value.chars().take(max - 1).collect();
        out.truncate(out.trim_end().len());
        out.push('…');
        out
    }

    /// A list of anchor texts: blank items are dropped and at most `max` kept, each with a
    /// note. `place` names the list ("topics[0] (Testing) content[1] criteria").
    fn list(&mut self, place: &str, items: Vec<String>, max: usize) -> Vec<String> {
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if item.trim().is_empty() {
                self.add(&format!("{place}[{i}]"), "Skipped an empty item");
            } else {
                out.push(self.text(&format!("{place}[{i}]"), item));
            }
        }
        if out.len() > max {
            self.add(place, format!("Kept the first {max} of {} items, the most an anchor holds", out.len()));
            out.truncate(max);
        }
        out
    }

    /// A slug for `name` not yet in `taken` (which it is added to), noting when the name
    /// gave nothing usable or the slug had to be changed to be unique.
    fn slug(&mut self, place: &str, name: &str, fallback: Option<&str>, taken: &mut Vec<String>) -> String {
        let mut base = slug::from_name(name);
        if !name.to_lowercase().chars().any(|c| c.is_ascii_alphanumeric()) {
            // Nothing usable in the name (only emoji, symbols or non-Latin letters): try
            // the file's own key for the item before settling for "item".
            let why = format!("\"{name}\" has no letters a–z or digits to make a key from");
            match fallback.map(slug::from_name).filter(|s| s != "item") {
                Some(key) => {
                    self.add(place, format!("{why}, so its key is \"{key}\", from the file"));
                    base = key;
                }
                None => self.add(place, format!("{why}, so its key is \"item\"")),
            }
        }
        let slug = unique_slug(&base, taken);
        if slug != base {
            self.add(place, format!("The key \"{base}\" is already used, so this one is \"{slug}\""));
        }
        taken.push(slug.clone());
        slug
    }
}

/// `slug::unique`, shortening a base near the length limit so the `-2` suffix still fits.
fn unique_slug(base: &str, taken: &[String]) -> String {
    let slug = slug::unique(base, taken);
    if slug::is_valid(&slug) {
        return slug;
    }
    (2..)
        .map(|n| {
            let suffix = format!("-{n}");
            let room = 60 - suffix.len();
            format!("{}{suffix}", base[..base.len().min(room)].trim_end_matches('-'))
        })
        .find(|s| !taken.contains(s))
        .expect("some suffix is free")
}

/// Words written with a hyphen after them in English ("self-development", "cross-team",
/// "on-call"): in a key, their hyphen is part of the name, not a space.
const HYPHENATED: [&str; 15] =
    ["self", "cross", "non", "multi", "co", "well", "long", "short", "full", "part", "high", "low", "on", "off", "ex"];

/// "code-quality" → "Code quality", "self-development" → "Self-development": a file's
/// machine key made readable. A hyphen after a word in [`HYPHENATED`], or around "to" and
/// before "up" ("end-to-end", "follow-up"), stays.
fn humanise(key: &str) -> String {
    let mut words = String::new();
    for part in key.split(['_', ' ']).filter(|w| !w.is_empty()) {
        let pieces: Vec<&str> = part.split('-').filter(|w| !w.is_empty()).collect();
        if pieces.is_empty() {
            continue;
        }
        if !words.is_empty() {
            words.push(' ');
        }
        for (i, piece) in pieces.iter().enumerate() {
            words.push_str(piece);
            let Some(next) = pieces.get(i + 1) else { break };
            let lower = piece.to_lowercase();
            let joined = HYPHENATED.contains(&lower.as_str()) || lower == "to" || ["to", "up"].contains(next);
            words.push(if joined { '-' } else { ' ' });
        }
    }
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Anchors for levels 1..=`level_count` in order, from those the file gave; levels it did
/// not give get an empty anchor (to be written before publishing). Returns the anchors
/// and the levels that were missing, for the caller to note in its own terms.
fn fill_levels(level_count: i32, mut given: BTreeMap<i32, LevelDoc>) -> (Vec<LevelDoc>, Vec<i32>) {
    let mut missing = Vec::new();
    let levels = (1..=level_count)
        .map(|level| {
            given.remove(&level).unwrap_or_else(|| {
                missing.push(level);
                LevelDoc { level, summary: String::new(), signals: vec![], examples: vec![] }
            })
        })
        .collect();
    (levels, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_name() {
        for (s, f) in
            [("JSON", Format::Json), ("yml", Format::Yaml), ("md", Format::Monzo), ("snowflake", Format::Snowflake)]
        {
            assert_eq!(Format::parse(s), Some(f));
        }
        assert_eq!(Format::parse("xml"), None);
        assert_eq!(Format::parse(Format::Monzo.as_str()), Some(Format::Monzo));
    }

    #[test]
    fn keys_are_made_readable() {
        assert_eq!(humanise("code-quality"), "Code quality");
        assert_eq!(humanise("incident_response"), "Incident response");
        assert_eq!(humanise("API-design"), "API design");
        assert_eq!(humanise("self-development"), "Self-development");
        assert_eq!(humanise("end-to-end-testing"), "End-to-end testing");
        assert_eq!(humanise("follow-up_calls"), "Follow-up calls");
        assert_eq!(humanise("on-call--rota"), "On-call rota");
    }

    #[test]
    fn long_slugs_stay_valid_when_made_unique() {
        let base = "a".repeat(60);
        let slug = unique_slug(&base, std::slice::from_ref(&base));
        assert!(slug::is_valid(&slug), "{slug}");
        assert_ne!(slug, base);
    }

    #[test]
    fn clipping_counts_characters_and_notes_it() {
        let mut notes = Notes::default();
        let long = "é".repeat(250);
        let name = notes.name("topics[0]", &long);
        assert_eq!(name.chars().count(), MAX_NAME);
        assert!(name.ends_with('…'));
        assert_eq!(notes.list.len(), 1);
        assert_eq!(notes.name("x", "  Short  "), "Short");
        assert_eq!(notes.list.len(), 1);
    }

    #[test]
    fn missing_levels_are_filled_in_order() {
        let given =
            BTreeMap::from([(3, LevelDoc { level: 3, summary: "Three".into(), signals: vec![], examples: vec![] })]);
        let (levels, missing) = fill_levels(4, given);
        assert_eq!(levels.iter().map(|l| l.level).collect::<Vec<_>>(), [1, 2, 3, 4]);
        assert_eq!(missing, [1, 2, 4]);
        assert_eq!(levels[2].summary, "Three");
    }
}
