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
//!         exampleCriteria:        → more criteria, each with examples under it:
//!           - criteria: ...       →   a signal
//!             examples: [...]     →   examples (each once)
//! ---
//! Markdown body                   → framework description
//! ```
//!
//! Other front matter keys (path, sidebarTitle, homepage…) drive the Monzo site, not the
//! ladder: each is noted as ignored.
//!
//! Ladders of this kind live in a folder with a shared `generic.md` whose topics several
//! ladders have in common: a topic with an empty `title` takes its title and criteria from
//! the shared topic of the same `name` (its own criteria for a level come after the shared
//! ones). Given the shared file, the import resolves such topics; without it, it says so.
//!
//! Levels are read leniently, each adjustment noted: levels numbered from 0 are moved up
//! to start at 1; a file that uses more levels than it declares gets as many as it uses.
//! A topic that starts above level 1 is not expected below it: those anchors say
//! [`NOT_EXPECTED`](crate::rubric::NOT_EXPECTED), so the framework can be published as it
//! is and nobody is rated on a level the ladder never asked for.

use super::json_yaml::{Fields, Open, from_yaml};
use super::{Format, FormatError, Notes, fill_levels, humanise};
use crate::rubric::{AreaDoc, CompetencyDoc, FrameworkDoc, LevelDoc, MAX_LEVELS, MIN_LEVELS, NOT_EXPECTED, check};
use serde::de::MapAccess;
use std::collections::BTreeMap;

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

/// The name of the shared file of a folder of ladders.
pub const SHARED_FILE: &str = crate::rubric::SHARED_LADDER_FILE;

/// The front matter and body of a file of this format, or why it cannot be read.
fn read(text: &str) -> Result<(Open<FrontMatter>, &str), FormatError> {
    if text.lines().next().map(str::trim_end) != Some("---") {
        return Err(malformed(
            Some(1),
            "the file must start with a line of three dashes (---) opening the YAML front matter",
        ));
    }
    let (front, body) = split_front_matter(text)
        .ok_or_else(|| malformed(None, "the front matter opened on line 1 is never closed by another --- line"))?;
    Ok((from_yaml(front, Format::Monzo, 1)?, body))
}

/// Reads a ladder; `shared` is the text of its folder's [`SHARED_FILE`], when given.
pub(super) fn import(text: &str, shared: Option<&str>) -> Result<(FrameworkDoc, Notes), FormatError> {
    let (front, body) = read(text)?;
    let mut notes = Notes::default();
    for key in &front.unknown {
        notes.add("front matter", format!("Ignored \"{key}\": Hatrack has no place for it"));
    }
    let FrontMatter { levels, title, topics } = front.value;
    let topics = topics.ok_or_else(|| malformed(None, "the front matter has no topics (the list of competencies)"))?;
    let topics = match shared {
        Some(shared) => with_shared(topics, shared, &mut notes)?,
        None => {
            for (i, topic) in topics.iter().enumerate() {
                if untitled(topic).is_some() {
                    notes.add(
                        &format!("topics[{i}]"),
                        format!(
                            "In this format a topic without a title takes its title and criteria from the folder's \
                             {SHARED_FILE}, which was not given: import the two together to carry them over"
                        ),
                    );
                }
            }
            topics
        }
    };
    if topics.len() > check::MAX_COMPETENCIES {
        return Err(malformed(
            None,
            format!("the file has {} topics, and a framework holds at most {}", topics.len(), check::MAX_COMPETENCIES),
        ));
    }
    let Levels { count: level_count, shift } = level_count(levels, &topics, &mut notes)?;

    let name = notes.title("title", title);
    let mut taken = Vec::new();
    let competencies = topics
        .into_iter()
        .enumerate()
        .map(|(i, topic)| competency(i, topic, Levels { count: level_count, shift }, &mut notes, &mut taken))
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

/// The name of a topic that has a name but no title (one that takes both from the shared
/// file).
fn untitled(topic: &Open<Topic>) -> Option<&str> {
    let t = &topic.value;
    let name = t.name.as_deref().map(str::trim).filter(|n| !n.is_empty())?;
    t.title.as_deref().is_none_or(|t| t.trim().is_empty()).then_some(name)
}

/// `topics` with every untitled topic resolved from the shared file's topic of the same
/// name: its title, and its levels' criteria before the topic's own. Each resolution, and
/// each topic the shared file lacks, is noted.
fn with_shared(mut topics: Vec<Open<Topic>>, shared: &str, notes: &mut Notes) -> Result<Vec<Open<Topic>>, FormatError> {
    let in_shared = |e: FormatError| match e {
        FormatError::Malformed { line, message, .. } => {
            malformed(line, format!("in the shared {SHARED_FILE}: {message}"))
        }
        other => other,
    };
    let (front, _) = read(shared).map_err(in_shared)?;
    let mut by_name: std::collections::HashMap<String, Topic> = front
        .value
        .topics
        .unwrap_or_default()
        .into_iter()
        .filter_map(|t| Some((t.value.name.as_deref()?.trim().to_string(), t.value)))
        .collect();
    for (i, topic) in topics.iter_mut().enumerate() {
        let Some(name) = untitled(topic).map(str::to_string) else { continue };
        let at = format!("topics[{i}]");
        let Some(common) = by_name.remove(&name) else {
            notes.add(&at, format!("No title, and the shared {SHARED_FILE} has no topic \"{name}\" either"));
            continue;
        };
        topic.value.title = common.title;
        let own = topic.value.content.take().unwrap_or_default();
        topic.value.content = Some(merged(common.content.unwrap_or_default(), own));
        notes.add(&at, format!("Title and criteria of \"{name}\" taken from the shared {SHARED_FILE}"));
    }
    Ok(topics)
}

/// The shared topic's entries with the topic's own added: an entry for a level both have
/// keeps the shared criteria first, then the topic's own.
fn merged(shared: Vec<Open<Entry>>, own: Vec<Open<Entry>>) -> Vec<Open<Entry>> {
    let mut out = shared;
    for mut entry in own {
        let same = entry.value.level.and_then(|l| out.iter_mut().find(|e| e.value.level == Some(l)));
        match same {
            Some(into) => {
                let more = entry.value.criteria.take().unwrap_or_default();
                into.value.criteria.get_or_insert_with(Vec::new).extend(more);
                let examples = entry.value.example_criteria.take().unwrap_or_default();
                into.value.example_criteria.get_or_insert_with(Vec::new).extend(examples);
                into.unknown.extend(entry.unknown);
            }
            None => out.push(entry),
        }
    }
    out
}

/// How the file's levels map onto ours: `count` levels, and a file level `l` is our
/// level `l + shift` (files that number from 0 have a shift of 1).
#[derive(Clone, Copy)]
struct Levels {
    count: i32,
    shift: i64,
}

/// `levels` when given and enough for the levels used; else as many as the file uses.
/// Levels numbered from below 1 are moved up so the lowest is 1. Each adjustment is noted;
/// only a ladder that cannot fit 3–7 levels is refused.
fn level_count(levels: Option<i64>, topics: &[Open<Topic>], notes: &mut Notes) -> Result<Levels, FormatError> {
    let range = i64::from(MIN_LEVELS)..=i64::from(MAX_LEVELS);
    let used: Vec<i64> =
        topics.iter().flat_map(|t| t.value.content.iter().flatten()).filter_map(|e| e.value.level).collect();
    let lowest = used.iter().copied().min();
    let shift = match lowest {
        Some(low) if low < 1 => {
            notes.add(
                "front matter",
                format!("The file numbers its levels from {low}: its level {low} is level 1 here, and so on up"),
            );
            1 - low
        }
        _ => 0,
    };
    let highest = used.iter().copied().max().map(|h| h.saturating_add(shift));
    let count = match (levels, highest) {
        (Some(n), Some(h)) if h > n && range.contains(&h) => {
            notes.add("front matter", format!("The file says it has {n} levels (levels) but uses {h}: using {h}"));
            h
        }
        (Some(n), _) if range.contains(&n) => n,
        (Some(n), Some(h)) if range.contains(&h) => {
            notes.add(
                "front matter",
                format!("levels is {n}, but a framework has between {MIN_LEVELS} and {MAX_LEVELS}: using {h}, the levels the file uses"),
            );
            h
        }
        (None, Some(h)) if range.contains(&h) => {
            notes.add(
                "front matter",
                format!("The file does not say how many levels there are (levels): using {h}, the highest level in it"),
            );
            h
        }
        (Some(n), _) => {
            return Err(malformed(
                None,
                format!("levels is {n}, but a framework has between {MIN_LEVELS} and {MAX_LEVELS} levels"),
            ));
        }
        (None, _) => {
            return Err(malformed(
                None,
                format!(
                    "the front matter does not say how many levels there are (levels), and the levels used \
                     do not tell: give levels between {MIN_LEVELS} and {MAX_LEVELS}"
                ),
            ));
        }
    };
    Ok(Levels { count: i32::try_from(count).expect("checked to be within 3..=7"), shift })
}

fn competency(
    index: usize,
    topic: Open<Topic>,
    levels: Levels,
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
        let anchor = anchor(&entry_at, entry.value, levels, notes)?;
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
    // a topic that starts above level 1 is not expected below it
    if let Some(&first) = given.keys().next().filter(|f| **f > 1) {
        for level in 1..first {
            given.insert(level, LevelDoc { level, summary: NOT_EXPECTED.into(), signals: vec![], examples: vec![] });
        }
        let below = if first == 2 { "level 1".to_string() } else { format!("levels 1–{}", first - 1) };
        notes.add(&place, format!("{name} starts at level {first}: {below} say \"{NOT_EXPECTED}\""));
    }
    let (levels, missing) = fill_levels(levels.count, given);
    for level in missing {
        notes.add(
            &place,
            format!("Level {level} of {name} has no criteria in the file: write its anchor before publishing"),
        );
    }
    Ok(CompetencyDoc { slug, name, description: String::new(), levels })
}

/// One content entry as an anchor: the first criterion is the summary, the rest signals.
/// Each of `exampleCriteria` is a criterion too (a signal), and its examples are the
/// anchor's examples, each once.
fn anchor(at: &str, entry: Entry, levels: Levels, notes: &mut Notes) -> Result<LevelDoc, FormatError> {
    let raw = entry.level.ok_or_else(|| malformed(None, format!("{at} has no level")))?;
    let level = raw.saturating_add(levels.shift);
    let count = levels.count;
    if !(1..=i64::from(count)).contains(&level) {
        return Err(malformed(None, format!("{at}: level {raw} is outside the levels the file uses")));
    }
    let level = i32::try_from(level).expect("checked to be within 1..=7");
    let mut criteria = entry.criteria.unwrap_or_default();
    let mut examples = Vec::new();
    for (i, example) in entry.example_criteria.unwrap_or_default().into_iter().enumerate() {
        for unknown in &example.unknown {
            notes.add(
                &format!("{at} exampleCriteria[{i}]"),
                format!("Ignored \"{unknown}\": Hatrack has no place for it"),
            );
        }
        criteria.push(example.value.criteria.unwrap_or_default());
        examples.extend(example.value.examples.unwrap_or_default());
    }
    // One summary plus a full list of signals; blanks are dropped with a note by `list`.
    let criteria = notes.list(&format!("{at} criteria"), criteria, check::MAX_LIST + 1);
    let mut criteria = criteria.into_iter();
    let summary = criteria.next().unwrap_or_default();
    let signals = criteria.collect();
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
