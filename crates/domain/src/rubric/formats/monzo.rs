//! Monzo-style Markdown ladders: a file opening with YAML front matter between `---`
//! lines, then an optional Markdown body.
//!
//! ```text
//! ---
//! title: Backend engineering      → framework name (and the one area's name)
//! levels: 4                       → level_count
//! topics:                         → one competency each
//!   - name: code-quality          → slug fallback; humanised name when there is no title
//!     title: Code quality         → competency name
//!     content:
//!       - level: 1                → one anchor
//!         criteria: [...]         → summary (the first) and signals (the rest)
//!         exampleCriteria:        → examples, "<criteria> — <example>"
//!           - criteria: ...
//!             examples: [...]
//! ---
//! Markdown body                   → framework description
//! ```
//!
//! Other front matter keys (path, sidebarTitle, homepage…) drive the Monzo site, not the
//! ladder: each is noted as ignored.

use super::json_yaml::{Fields, Open, from_yaml};
use super::{Format, FormatError, Notes, fill_levels, humanise};
use crate::rubric::{AreaDoc, CompetencyDoc, FrameworkDoc, LevelDoc, MAX_LEVELS, MIN_LEVELS, check};
use serde::de::MapAccess;
use std::collections::BTreeMap;

/// The name given when the file has no title.
const UNTITLED: &str = "Imported framework";

#[derive(Default)]
struct FrontMatter {
    levels: Option<i64>,
    title: Option<String>,
    topics: Option<Vec<Open<Topic>>>,
}

impl Fields for FrontMatter {
    const WHAT: &'static str = "front matter (a YAML mapping)";
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "levels" => self.levels = map.next_value()?,
            "title" => self.title = map.next_value()?,
            "topics" => self.topics = map.next_value()?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

#[derive(Default)]
struct Topic {
    name: Option<String>,
    title: Option<String>,
    content: Option<Vec<Open<Entry>>>,
}

impl Fields for Topic {
    const WHAT: &'static str = "a topic (with name, title and content)";
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "name" => self.name = map.next_value()?,
            "title" => self.title = map.next_value()?,
            "content" => self.content = map.next_value()?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// One level of a topic.
#[derive(Default)]
struct Entry {
    level: Option<i64>,
    criteria: Option<Vec<String>>,
    example_criteria: Option<Vec<Open<ExampleCriteria>>>,
}

impl Fields for Entry {
    const WHAT: &'static str = "a level entry (with level and criteria)";
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "level" => self.level = map.next_value()?,
            "criteria" => self.criteria = map.next_value()?,
            "exampleCriteria" => self.example_criteria = map.next_value()?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

#[derive(Default)]
struct ExampleCriteria {
    criteria: Option<String>,
    examples: Option<Vec<String>>,
}

impl Fields for ExampleCriteria {
    const WHAT: &'static str = "an example criterion (with criteria and examples)";
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "criteria" => self.criteria = map.next_value()?,
            "examples" => self.examples = map.next_value()?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// The front matter and the body of `---`-fenced text; `None` when the first line is not
/// `---` or no later line closes it. The front matter starts on the file's second line.
pub(super) fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut end = first.len();
    for line in lines {
        if line.trim_end() == "---" {
            return Some((&text[first.len()..end], &text[end + line.len()..]));
        }
        end += line.len();
    }
    None
}

fn malformed(line: Option<usize>, message: impl Into<String>) -> FormatError {
    FormatError::Malformed { format: Format::Monzo, line, message: message.into() }
}

pub(super) fn import(text: &str) -> Result<(FrameworkDoc, Notes), FormatError> {
    if text.lines().next().map(str::trim_end) != Some("---") {
        return Err(malformed(
            Some(1),
            "the file must start with a line of three dashes (---) opening the YAML front matter",
        ));
    }
    let (front, body) = split_front_matter(text)
        .ok_or_else(|| malformed(None, "the front matter opened on line 1 is never closed by another --- line"))?;
    let front: Open<FrontMatter> = from_yaml(front, Format::Monzo, 1)?;
    let mut notes = Notes::default();
    for key in &front.unknown {
        notes.add("front matter", format!("Ignored \"{key}\": Hatrack has no place for it"));
    }
    let FrontMatter { levels, title, topics } = front.value;
    let topics = topics.ok_or_else(|| malformed(None, "the front matter has no topics (the list of competencies)"))?;
    if topics.len() > check::MAX_COMPETENCIES {
        return Err(malformed(
            None,
            format!("the file has {} topics, and a framework holds at most {}", topics.len(), check::MAX_COMPETENCIES),
        ));
    }
    let level_count = level_count(levels, &topics, &mut notes)?;

    let name = match title.filter(|t| !t.trim().is_empty()) {
        Some(title) => notes.name("title", &title),
        None => {
            notes.add("title", format!("The file has no title, so the framework is called \"{UNTITLED}\""));
            UNTITLED.to_string()
        }
    };
    let mut taken = Vec::new();
    let competencies = topics
        .into_iter()
        .enumerate()
        .map(|(i, topic)| competency(i, topic, level_count, &mut notes, &mut taken))
        .collect::<Result<Vec<_>, _>>()?;
    let area = AreaDoc {
        slug: notes.slug("title", &name, None, &mut Vec::new()),
        name: name.clone(),
        description: String::new(),
        competencies,
    };
    let doc = FrameworkDoc {
        name,
        description: notes.text("Markdown body", &body.replace("\r\n", "\n")),
        level_count,
        level_names: Vec::new(),
        areas: vec![area],
    };
    Ok((doc, notes))
}

/// `levels` when given (and within range), else the highest level any topic uses.
fn level_count(levels: Option<i64>, topics: &[Open<Topic>], notes: &mut Notes) -> Result<i32, FormatError> {
    let range = i64::from(MIN_LEVELS)..=i64::from(MAX_LEVELS);
    let count = match levels {
        Some(n) => {
            if !range.contains(&n) {
                return Err(malformed(
                    None,
                    format!("levels is {n}, but a framework has between {MIN_LEVELS} and {MAX_LEVELS} levels"),
                ));
            }
            n
        }
        None => {
            let entries = topics.iter().flat_map(|t| t.value.content.iter().flatten());
            let highest = entries.filter_map(|e| e.value.level).max();
            match highest {
                Some(n) if range.contains(&n) => {
                    notes.add("front matter", format!("The file does not say how many levels there are (levels): using {n}, the highest level in it"));
                    n
                }
                _ => {
                    return Err(malformed(
                        None,
                        format!(
                            "the front matter does not say how many levels there are (levels), and the levels used \
                             do not tell: give levels between {MIN_LEVELS} and {MAX_LEVELS}"
                        ),
                    ));
                }
            }
        }
    };
    Ok(i32::try_from(count).expect("checked to be within 3..=7"))
}

fn competency(
    index: usize,
    topic: Open<Topic>,
    level_count: i32,
    notes: &mut Notes,
    taken: &mut Vec<String>,
) -> Result<CompetencyDoc, FormatError> {
    let Topic { name: key, title, content } = topic.value;
    let key = key.map(|k| k.trim().to_string()).filter(|k| !k.is_empty());
    let at = format!("topics[{index}]");
    // A name of only dashes or underscores humanises to nothing: treat it as no name.
    let readable = key.as_deref().map(humanise).filter(|n| !n.is_empty());
    let name = match (title.filter(|t| !t.trim().is_empty()), readable) {
        (Some(title), _) => notes.name(&at, &title),
        (None, Some(readable)) => {
            let name = notes.name(&at, &readable);
            notes.add(
                &at,
                format!("No title: called \"{name}\", from its name \"{}\"", key.as_deref().unwrap_or_default()),
            );
            name
        }
        (None, None) => {
            let name = format!("Topic {}", index + 1);
            notes.add(&at, format!("Neither a name nor a title: called \"{name}\""));
            name
        }
    };
    let place = format!("{at} ({name})");
    for unknown in &topic.unknown {
        notes.add(&place, format!("Ignored \"{unknown}\": Hatrack has no place for it"));
    }
    let slug = notes.slug(&place, &name, key.as_deref(), taken);

    let mut given = BTreeMap::new();
    for (ei, entry) in content.unwrap_or_default().into_iter().enumerate() {
        let entry_at = format!("{place} content[{ei}]");
        for unknown in &entry.unknown {
            notes.add(&entry_at, format!("Ignored \"{unknown}\": Hatrack has no place for it"));
        }
        let anchor = anchor(&entry_at, entry.value, level_count, notes)?;
        let level = anchor.level;
        if anchor.is_empty() {
            notes.add(
                &place,
                format!("Level {level} of {name} has no criteria in the file: write its anchor before publishing"),
            );
        }
        if given.insert(level, anchor).is_some() {
            return Err(malformed(None, format!("{place}: level {level} is listed twice in topic \"{name}\"")));
        }
    }
    let (levels, missing) = fill_levels(level_count, given);
    for level in missing {
        notes.add(
            &place,
            format!("Level {level} of {name} has no criteria in the file: write its anchor before publishing"),
        );
    }
    Ok(CompetencyDoc { slug, name, description: String::new(), levels })
}

/// One content entry as an anchor: the first criterion is the summary, the rest signals;
/// each example becomes "<criteria> — <example>".
fn anchor(at: &str, entry: Entry, level_count: i32, notes: &mut Notes) -> Result<LevelDoc, FormatError> {
    let level = entry.level.ok_or_else(|| malformed(None, format!("{at} has no level")))?;
    if !(1..=i64::from(level_count)).contains(&level) {
        return Err(malformed(
            None,
            format!("{at}: level {level} is outside 1–{level_count} (the file has {level_count} levels)"),
        ));
    }
    let level = i32::try_from(level).expect("checked to be within 1..=7");
    // One summary plus a full list of signals.
    let criteria = notes.list(&format!("{at} criteria"), entry.criteria.unwrap_or_default(), check::MAX_LIST + 1);
    let mut criteria = criteria.into_iter();
    let summary = criteria.next().unwrap_or_default();
    let signals = criteria.collect();

    let mut examples = Vec::new();
    for (i, example) in entry.example_criteria.unwrap_or_default().into_iter().enumerate() {
        for unknown in &example.unknown {
            notes.add(
                &format!("{at} exampleCriteria[{i}]"),
                format!("Ignored \"{unknown}\": Hatrack has no place for it"),
            );
        }
        let criteria = example.value.criteria.unwrap_or_default().trim().to_string();
        let cases = example.value.examples.unwrap_or_default();
        if cases.is_empty() {
            examples.push(criteria);
            continue;
        }
        for case in cases {
            let case = case.trim();
            examples.push(match (criteria.is_empty(), case.is_empty()) {
                (_, true) => String::new(), // dropped, with a note, by `list`
                (true, false) => case.to_string(),
                (false, false) => format!("{criteria} — {case}"),
            });
        }
    }
    let examples = notes.list(&format!("{at} examples"), examples, check::MAX_LIST);
    Ok(LevelDoc { level, summary, signals, examples })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_at_dash_lines() {
        assert_eq!(split_front_matter("---\na: 1\n---\nBody\n"), Some(("a: 1\n", "Body\n")));
        assert_eq!(split_front_matter("---\r\na: 1\r\n---  \r\n"), Some(("a: 1\r\n", "")));
        assert_eq!(split_front_matter("---\na: 1\n"), None);
        assert_eq!(split_front_matter("a: 1\n---\n"), None);
    }
}
