//! Snowflake-style ladders, as JSON or YAML, or as the JavaScript module they are
//! published as (its `tracks` object read as data by `js_literal`; nothing is run):
//!
//! ```text
//! title: …                        → framework name (optional)
//! tracks:                         → competencies, in file order
//!   SERVERS:                      → slug "servers"
//!     displayName: Servers        → name
//!     category: Infrastructure    → area (areas in order of first use)
//!     description: …
//!     milestones:                 → milestones[i] is level i + 1
//!       - summary: …
//!         signals: […]
//!         examples: […]
//! ```
//!
//! Every other key, at any depth, is noted as ignored. The number of levels is the length
//! of the longest track; shorter tracks get empty anchors to be written before publishing.

use super::json_yaml::{Fields, Open, Ordered, from_json, from_yaml};
use super::{Format, FormatError, Notes, fill_levels, js_literal};
use crate::rubric::{AreaDoc, CompetencyDoc, FrameworkDoc, LevelDoc, MAX_LEVELS, MIN_LEVELS, check};
use serde::de::MapAccess;
use std::collections::BTreeMap;

/// The area of tracks without a category.
const GENERAL: &str = "General";

#[derive(Default)]
struct Ladder {
    title: Option<String>,
    tracks: Option<Ordered<Open<Track>>>,
}

impl Fields for Ladder {
    const WHAT: &'static str = "a ladder (a map with tracks)";
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "title" => self.title = map.next_value()?,
            "tracks" => self.tracks = map.next_value()?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

#[derive(Default)]
struct Track {
    display_name: Option<String>,
    category: Option<String>,
    description: Option<String>,
    milestones: Option<Vec<Open<Milestone>>>,
}

impl Fields for Track {
    const WHAT: &'static str = "a track (with displayName, category, description and milestones)";
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "displayName" => self.display_name = map.next_value()?,
            "category" => self.category = map.next_value()?,
            "description" => self.description = map.next_value()?,
            "milestones" => self.milestones = map.next_value()?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

#[derive(Default)]
struct Milestone {
    summary: Option<String>,
    signals: Option<Vec<String>>,
    examples: Option<Vec<String>>,
}

impl Fields for Milestone {
    const WHAT: &'static str = "a milestone (with summary, signals and examples)";
    fn field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "summary" => self.summary = map.next_value()?,
            "signals" => self.signals = map.next_value()?,
            "examples" => self.examples = map.next_value()?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

fn malformed(message: impl Into<String>) -> FormatError {
    FormatError::Malformed { format: Format::Snowflake, line: None, message: message.into() }
}

fn ignored(notes: &mut Notes, place: &str, keys: &[String]) {
    for key in keys {
        notes.add(place, format!("Ignored \"{key}\": Hatrack has no place for it"));
    }
}

pub(super) fn import(text: &str) -> Result<(FrameworkDoc, Notes), FormatError> {
    let mut notes = Notes::default();
    let ladder: Open<Ladder> = if js_literal::looks_like_javascript(text) {
        let json = js_literal::tracks_as_json(text).map_err(|(line, message)| FormatError::Malformed {
            format: Format::Snowflake,
            line,
            message,
        })?;
        notes.add("top level", "Read the tracks object of this JavaScript file as data (none of it was run)");
        from_json(&json, Format::Snowflake)?
    } else if text.trim_start().starts_with('{') {
        from_json(text, Format::Snowflake)?
    } else {
        from_yaml(text, Format::Snowflake, 0)?
    };
    ignored(&mut notes, "top level", &ladder.unknown);
    let Ladder { title, tracks } = ladder.value;
    let tracks = tracks.map(|t| t.0).unwrap_or_default();
    if tracks.is_empty() {
        return Err(malformed("the file has no tracks (the competencies)"));
    }
    if tracks.len() > check::MAX_COMPETENCIES {
        return Err(malformed(format!(
            "the file has {} tracks, and a framework holds at most {} competencies",
            tracks.len(),
            check::MAX_COMPETENCIES
        )));
    }
    let longest = tracks.iter().map(|(_, t)| t.value.milestones.as_ref().map_or(0, Vec::len)).max().unwrap_or(0);
    let level_count =
        i32::try_from(longest).ok().filter(|n| (MIN_LEVELS..=MAX_LEVELS).contains(n)).ok_or_else(|| {
            malformed(format!(
                "the longest track has {longest} milestones, but a framework has between {MIN_LEVELS} and \
                 {MAX_LEVELS} levels (one per milestone)"
            ))
        })?;

    let name = notes.title("title", title);
    let mut areas: Vec<AreaDoc> = Vec::new();
    let mut area_slugs = Vec::new();
    let mut slugs = Vec::new();
    for (index, (key, track)) in tracks.into_iter().enumerate() {
        let at = format!("tracks.{key}");
        let Track { display_name, category, description, milestones } = track.value;
        let name = match display_name.filter(|n| !n.trim().is_empty()) {
            Some(display_name) => notes.name(&at, &display_name),
            None => {
                let name = if key.trim().is_empty() { format!("Track {}", index + 1) } else { notes.name(&at, &key) };
                notes.add(&at, format!("No displayName: called \"{name}\""));
                name
            }
        };
        let place = format!("{at} ({name})");
        ignored(&mut notes, &place, &track.unknown);
        let slug = notes.slug(&place, &key.to_lowercase(), Some(&name), &mut slugs);

        let category = match category.filter(|c| !c.trim().is_empty()) {
            Some(category) => notes.name(&format!("{place} category"), &category),
            None => {
                notes.add(&place, format!("No category: put in the area \"{GENERAL}\""));
                GENERAL.to_string()
            }
        };
        let area = match areas.iter().position(|a| a.name == category) {
            Some(i) => i,
            None => {
                if areas.len() == check::MAX_AREAS {
                    return Err(malformed(format!("the tracks use more than {} categories", check::MAX_AREAS)));
                }
                let slug = notes.slug(&format!("category \"{category}\""), &category, None, &mut area_slugs);
                areas.push(AreaDoc { slug, name: category, description: String::new(), competencies: Vec::new() });
                areas.len() - 1
            }
        };

        let mut given = BTreeMap::new();
        for (i, milestone) in milestones.unwrap_or_default().into_iter().enumerate() {
            let at = format!("{place} milestones[{i}]");
            ignored(&mut notes, &at, &milestone.unknown);
            let level = i as i32 + 1;
            let Milestone { summary, signals, examples } = milestone.value;
            let anchor = LevelDoc {
                level,
                summary: notes.text(&format!("{at} summary"), &summary.unwrap_or_default()),
                signals: notes.list(&format!("{at} signals"), signals.unwrap_or_default(), check::MAX_LIST),
                examples: notes.list(&format!("{at} examples"), examples.unwrap_or_default(), check::MAX_LIST),
            };
            if anchor.is_empty() {
                notes.add(&at, format!("Level {level} of {name} has no summary: write its anchor before publishing"));
            }
            given.insert(level, anchor);
        }
        let (levels, missing) = fill_levels(level_count, given);
        match missing.as_slice() {
            [] => {}
            [level] => notes
                .add(&place, format!("{name} has no milestone for level {level}: write its anchor before publishing")),
            [first, .., last] => notes.add(
                &place,
                format!("{name} has no milestones for levels {first}–{last}: write their anchors before publishing"),
            ),
        }
        let description = notes.text(&format!("{place} description"), &description.unwrap_or_default());
        areas[area].competencies.push(CompetencyDoc { slug, name, description, levels });
    }
    Ok((FrameworkDoc { name, description: String::new(), level_count, level_names: Vec::new(), areas }, notes))
}
