//! JSON and YAML: our own document both ways, and what the ladder formats read with —
//! parser errors mapped to [`FormatError`] with file line numbers, the budgeted YAML walk
//! every YAML input goes through first, and objects read key by key in file order.

use super::{Format, FormatError, FrameworkDoc, MAX_INPUT};
use serde::de::{self, DeserializeOwned, DeserializeSeed, EnumAccess, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::cell::Cell;
use std::collections::HashSet;
use std::fmt;
use std::marker::PhantomData;

pub(super) fn import_json(text: &str) -> Result<FrameworkDoc, FormatError> {
    from_json(text, Format::Json)
}

pub(super) fn import_yaml(text: &str) -> Result<FrameworkDoc, FormatError> {
    from_yaml(text, Format::Yaml, 0)
}

pub(super) fn export_json(doc: &FrameworkDoc) -> String {
    let mut out = serde_json::to_string_pretty(doc).expect("a FrameworkDoc always serializes");
    out.push('\n');
    out
}

pub(super) fn export_yaml(doc: &FrameworkDoc) -> String {
    serde_yaml_ng::to_string(doc).expect("a FrameworkDoc always serializes")
}

/// Reads `text` as JSON; errors are reported as malformed `format`.
pub(super) fn from_json<T: DeserializeOwned>(text: &str, format: Format) -> Result<T, FormatError> {
    serde_json::from_str(text).map_err(|e| {
        let line = (e.line() > 0).then_some(e.line());
        FormatError::Malformed { format, line, message: without_location(e.to_string(), e.line(), e.column()) }
    })
}

/// Reads `text` as YAML after walking it under the budget; errors are reported as
/// malformed `format`, at file lines (`line_offset` is how many lines of the file come
/// before `text`, as with front matter).
pub(super) fn from_yaml<T: DeserializeOwned>(text: &str, format: Format, line_offset: usize) -> Result<T, FormatError> {
    let tabbed = tabs_after_dashes(text);
    let text = tabbed.as_deref().unwrap_or(text);
    let malformed = |e: serde_yaml_ng::Error| {
        let location = e.location();
        // libyaml blames the token after a tab ("cannot start any token"): name the tab
        let about_a_tab = ["tab", "cannot start any token"].iter().any(|w| e.to_string().contains(w));
        if let Some((line, column)) =
            location.as_ref().filter(|_| about_a_tab).and_then(|at| indenting_tab(text, at.line()))
        {
            return FormatError::Malformed {
                format,
                line: Some(line + line_offset),
                message: format!(
                    "a tab at line {}, column {column}: YAML indents with spaces only, so replace the tab with spaces",
                    line + line_offset
                ),
            };
        }
        let mut message = match &location {
            Some(at) => without_location(e.to_string(), at.line(), at.column()),
            None => e.to_string(),
        };
        // serde_yaml_ng's own limits, in words
        if message.ends_with("repetition limit exceeded") {
            message.push_str(" (anchors and aliases repeat too much)");
        } else if message.ends_with("recursion limit exceeded") {
            message.push_str(" (nested too deeply)");
        }
        FormatError::Malformed { format, line: location.map(|at| at.line() + line_offset), message }
    };
    if let Some(line) = too_deep(text) {
        let message = format!("brackets are nested more than {MAX_FLOW_DEPTH} levels deep");
        return Err(FormatError::Malformed { format, line: Some(line + line_offset), message });
    }
    walk_yaml(text).map_err(malformed)?;
    serde_yaml_ng::from_str(text).map_err(malformed)
}

/// `text` with the tabs right after a list's `-` made spaces, or `None` when it has none.
/// YAML allows a tab there and other readers (the ladders' own) take it, but libyaml does
/// not. One space per tab keeps every line's columns where they were.
fn tabs_after_dashes(text: &str) -> Option<String> {
    let dashed_tab = |line: &str| line.trim_start_matches(' ').strip_prefix('-').is_some_and(|r| r.starts_with('\t'));
    if !text.lines().any(dashed_tab) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if dashed_tab(line) {
            let indent = line.len() - line.trim_start_matches(' ').len();
            let rest = &line[indent + 1..];
            let tabs = rest.len() - rest.trim_start_matches('\t').len();
            out.push_str(&line[..indent + 1]);
            out.extend(std::iter::repeat_n(' ', tabs));
            out.push_str(&rest[tabs..]);
        } else {
            out.push_str(line);
        }
    }
    Some(out)
}

/// The first tab used as indentation (among the leading white space of a line) at or
/// before `line` (1-based, as libyaml counts) or the line after it, as (line, column).
fn indenting_tab(text: &str, line: usize) -> Option<(usize, usize)> {
    text.lines().take(line + 1).enumerate().find_map(|(i, l)| {
        let lead = l.len() - l.trim_start_matches([' ', '\t']).len();
        l[..lead].find('\t').map(|c| (i + 1, c + 1))
    })
}

/// How deep `[` and `{` may nest in YAML. The parser's own limit (128) is checked only
/// after libyaml has scanned the text, and libyaml's scanner slows down quadratically with
/// flow nesting (200,000 `[` after a key took minutes), so deeper text is refused first.
const MAX_FLOW_DEPTH: usize = 128;

/// The line where brackets first nest deeper than [`MAX_FLOW_DEPTH`]. Quotes are not
/// skipped, so brackets in text count too: an overestimate, which only matters for text
/// with over a hundred unclosed brackets.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut line = 1;
    for b in text.bytes() {
        match b {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => line += 1,
            _ => {}
        }
        if depth > MAX_FLOW_DEPTH {
            return Some(line);
        }
    }
    None
}

/// The parsers end their messages with the place; we report the line separately.
fn without_location(message: String, line: usize, column: usize) -> String {
    message.replacen(&format!(" at line {line} column {column}"), "", 1)
}

/// The top-level keys of a JSON object, or `None` when `text` is not one.
pub(super) fn json_top_keys(text: &str) -> Option<Vec<String>> {
    struct Keys;
    impl<'de> Visitor<'de> for Keys {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
            let mut keys = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                map.next_value::<IgnoredAny>()?;
                keys.push(key);
            }
            Ok(keys)
        }
    }
    if text.len() > MAX_INPUT {
        return None;
    }
    let mut de = serde_json::Deserializer::from_str(text);
    de::Deserializer::deserialize_map(&mut de, Keys).ok()
}

/// The top-level keys of a YAML mapping: empty when the document is something else,
/// `None` when it cannot be read.
pub(super) fn yaml_top_keys(text: &str) -> Option<Vec<String>> {
    if text.len() > MAX_INPUT {
        return None;
    }
    if too_deep(text).is_some() {
        return None;
    }
    match walk_yaml(text) {
        Ok(Walked::Map(keys)) => Some(keys),
        Ok(_) => Some(Vec::new()),
        Err(_) => None,
    }
}

/// The most values a YAML document may expand to when read, and the most text in them.
/// Anchors and aliases let a few lines stand for billions of values ("billion laughs"), or
/// one large list repeated thousands of times. serde_yaml_ng stops the first kind (it caps
/// alias jumps at 100 per event) and deep nesting (at 128), but not the second, so every
/// YAML input is walked once, cheaply, under this budget before it is read for real. No
/// honest framework comes near it: a 1 MiB file without aliases holds less.
const MAX_VALUES: usize = 256 * 1024;
const MAX_SCALAR_BYTES: usize = 2 * MAX_INPUT;

#[derive(Default)]
struct Budget {
    values: Cell<usize>,
    bytes: Cell<usize>,
}

impl Budget {
    fn spend<E: de::Error>(&self, bytes: usize) -> Result<(), E> {
        self.values.set(self.values.get() + 1);
        self.bytes.set(self.bytes.get() + bytes);
        if self.values.get() > MAX_VALUES || self.bytes.get() > MAX_SCALAR_BYTES {
            return Err(E::custom(format!(
                "the document expands to more than {MAX_VALUES} values or {} MiB of text \
                 (anchors and aliases repeat too much)",
                MAX_SCALAR_BYTES / MAX_INPUT
            )));
        }
        Ok(())
    }
}

/// What the walk learned of a value. Only kept where asked for (the root's keys), so the
/// walk allocates little.
pub(super) enum Walked {
    Scalar(String),
    Map(Vec<String>),
    Other,
}

fn walk_yaml(text: &str) -> Result<Walked, serde_yaml_ng::Error> {
    let budget = Budget::default();
    Walk { budget: &budget, keep: true }.deserialize(serde_yaml_ng::Deserializer::from_str(text))
}

/// Visits every value (aliases expanded, as a real read would) and charges it to the budget.
#[derive(Clone, Copy)]
struct Walk<'b> {
    budget: &'b Budget,
    /// Keep scalar text and map keys (true for the root and for keys).
    keep: bool,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = Walked;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Walked, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = Walked;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Walked, E> {
        self.scalar(|| v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Walked, E> {
        self.scalar(|| v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Walked, E> {
        self.scalar(|| v.to_string())
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Walked, E> {
        self.scalar(|| v.to_string())
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Walked, E> {
        self.scalar(|| v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Walked, E> {
        self.scalar(|| v.to_string())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Walked, E> {
        self.budget.spend(v.len())?;
        Ok(if self.keep { Walked::Scalar(v.to_string()) } else { Walked::Other })
    }
    fn visit_unit<E: de::Error>(self) -> Result<Walked, E> {
        self.scalar(String::new)
    }
    fn visit_none<E: de::Error>(self) -> Result<Walked, E> {
        self.scalar(String::new)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Walked, A::Error> {
        self.budget.spend(0)?;
        while seq.next_element_seed(Walk { keep: false, ..self })?.is_some() {}
        Ok(Walked::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Walked, A::Error> {
        self.budget.spend(0)?;
        let mut keys = Vec::new();
        while let Some(key) = map.next_key_seed(self)? {
            map.next_value_seed(Walk { keep: false, ..self })?;
            if let Walked::Scalar(key) = key {
                keys.push(key);
            }
        }
        Ok(Walked::Map(keys))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, _data: A) -> Result<Walked, A::Error> {
        Err(de::Error::custom("YAML tags such as `!name` are not supported"))
    }
}

impl Walk<'_> {
    fn scalar<E: de::Error>(self, text: impl FnOnce() -> String) -> Result<Walked, E> {
        self.budget.spend(0)?;
        Ok(if self.keep { Walked::Scalar(text()) } else { Walked::Other })
    }
}

/// An object whose keys we know only in part. `field` reads the value of a key it knows
/// and returns true; any other key's value is skipped and the key kept in
/// [`Open::unknown`], in file order, for a note. (serde's derive would drop unknown keys
/// without a trace, or refuse them all.)
pub(super) trait Fields: Default {
    /// What the object is, for type errors: "a topic".
    const WHAT: &'static str;
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>;
}

pub(super) struct Open<T> {
    pub value: T,
    pub unknown: Vec<String>,
}

impl<'de, T: Fields> de::Deserialize<'de> for Open<T> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct OpenVisitor<T>(PhantomData<T>);
        impl<'de, T: Fields> Visitor<'de> for OpenVisitor<T> {
            type Value = Open<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(T::WHAT)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Open<T>, A::Error> {
                let mut out = Open { value: T::default(), unknown: Vec::new() };
                let mut seen = HashSet::new();
                while let Some(key) = map.next_key::<String>()? {
                    if !seen.insert(key.clone()) {
                        return Err(de::Error::custom(format!("the key `{key}` appears twice")));
                    }
                    if !out.value.field(&key, &mut map)? {
                        map.next_value::<IgnoredAny>()?;
                        out.unknown.push(key);
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_map(OpenVisitor(PhantomData))
    }
}

/// A map read as a list, in file order (serde_json without `preserve_order` would sort
/// it, and the order of tracks is the order of competencies). Keys must be unique.
pub(super) struct Ordered<T>(pub Vec<(String, T)>);

impl<'de, T: de::Deserialize<'de>> de::Deserialize<'de> for Ordered<T> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<T>(PhantomData<T>);
        impl<'de, T: de::Deserialize<'de>> Visitor<'de> for OrderedVisitor<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered<T>, A::Error> {
                let mut entries: Vec<(String, T)> = Vec::new();
                let mut seen = HashSet::new();
                while let Some(key) = map.next_key::<String>()? {
                    if !seen.insert(key.clone()) {
                        return Err(de::Error::custom(format!("the key `{key}` appears twice")));
                    }
                    entries.push((key, map.next_value()?));
                }
                Ok(Ordered(entries))
            }
        }
        d.deserialize_map(OrderedVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Pair {
        a: Option<i64>,
    }

    impl Fields for Pair {
        const WHAT: &'static str = "a pair";
        fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
            match key {
                "a" => self.a = map.next_value()?,
                _ => return Ok(false),
            }
            Ok(true)
        }
    }

    #[test]
    fn open_objects_keep_unknown_keys_in_order() {
        for text in [r#"{"z": 1, "a": 2, "b": [3]}"#, "z: 1\na: 2\nb: [3]\n"] {
            let open: Open<Pair> = if text.starts_with('{') {
                serde_json::from_str(text).unwrap()
            } else {
                serde_yaml_ng::from_str(text).unwrap()
            };
            assert_eq!(open.value.a, Some(2));
            assert_eq!(open.unknown, ["z", "b"]);
        }
        assert!(serde_json::from_str::<Open<Pair>>(r#"{"a": 1, "a": 2}"#).is_err());
    }

    #[test]
    fn ordered_maps_keep_file_order() {
        let json: Ordered<i64> = serde_json::from_str(r#"{"c": 1, "a": 2, "b": 3}"#).unwrap();
        let yaml: Ordered<i64> = serde_yaml_ng::from_str("c: 1\na: 2\nb: 3\n").unwrap();
        for map in [json, yaml] {
            assert_eq!(map.0.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["c", "a", "b"]);
        }
    }

    #[test]
    fn yaml_keys_and_budget() {
        assert_eq!(yaml_top_keys("b: 1\na: [x]\n"), Some(vec!["b".to_string(), "a".to_string()]));
        assert_eq!(yaml_top_keys("- 1\n"), Some(vec![]));
        assert_eq!(yaml_top_keys("a: [\n"), None);
        let repeated = format!("big: &big [{}]\nmany: [{}]\n", vec!["x"; 1000].join(","), vec!["*big"; 1000].join(","));
        assert!(walk_yaml(&repeated).is_err());
    }
}
