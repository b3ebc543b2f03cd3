//! The rules a framework document must follow. `structure` holds for every saved draft
//! and every import; `publishable` adds what a published version needs (every anchor
//! written). Problems are keyed by a path into the document (`areas[0].competencies[2]
//! .levels[1].summary`) so a form or an import report can point at the place.

use super::{FrameworkDoc, MAX_LEVELS, MIN_LEVELS, slug};
use crate::validate::FieldErrors;
use std::collections::HashSet;

pub const MAX_AREAS: usize = 30;
pub const MAX_COMPETENCIES: usize = 300;
pub const MAX_TEXT: usize = 4_000;
pub const MAX_LIST: usize = 30;

/// Shape rules: names, slugs (valid and unique), level numbers within 1..=level_count and
/// not repeated, sizes within limits. Anchors may still be blank (a draft in progress).
pub fn structure(doc: &FrameworkDoc) -> FieldErrors {
    let mut e = FieldErrors::new();
    text(&mut e, "name", &doc.name, true, 200);
    text(&mut e, "description", &doc.description, false, MAX_TEXT);
    if !(MIN_LEVELS..=MAX_LEVELS).contains(&doc.level_count) {
        e.add("level_count", format!("A framework has between {MIN_LEVELS} and {MAX_LEVELS} levels"));
    }
    if !doc.level_names.is_empty() && doc.level_names.len() != doc.level_count.max(0) as usize {
        e.add("level_names", format!("Give one name per level ({}), or none", doc.level_count));
    }
    for (i, n) in doc.level_names.iter().enumerate() {
        text(&mut e, &format!("level_names[{i}]"), n, true, 60);
    }
    if doc.areas.len() > MAX_AREAS {
        e.add("areas", format!("At most {MAX_AREAS} areas"));
    }
    if doc.competencies().count() > MAX_COMPETENCIES {
        e.add("areas", format!("At most {MAX_COMPETENCIES} competencies in a framework"));
    }
    let mut area_slugs = HashSet::new();
    let mut comp_slugs = HashSet::new();
    for (ai, area) in doc.areas.iter().enumerate() {
        let at = format!("areas[{ai}]");
        slug_rule(&mut e, &format!("{at}.slug"), &area.slug, &mut area_slugs, "area");
        text(&mut e, &format!("{at}.name"), &area.name, true, 200);
        text(&mut e, &format!("{at}.description"), &area.description, false, MAX_TEXT);
        for (ci, comp) in area.competencies.iter().enumerate() {
            let at = format!("{at}.competencies[{ci}]");
            slug_rule(&mut e, &format!("{at}.slug"), &comp.slug, &mut comp_slugs, "competency");
            text(&mut e, &format!("{at}.name"), &comp.name, true, 200);
            text(&mut e, &format!("{at}.description"), &comp.description, false, MAX_TEXT);
            let mut seen = HashSet::new();
            for (li, level) in comp.levels.iter().enumerate() {
                let at = format!("{at}.levels[{li}]");
                if super::level::Level::of_framework(level.level, doc.level_count).is_err() {
                    e.add(&format!("{at}.level"), format!("Level {} is outside 1–{}", level.level, doc.level_count));
                } else if !seen.insert(level.level) {
                    e.add(&format!("{at}.level"), format!("Level {} appears twice in \"{}\"", level.level, comp.name));
                }
                text(&mut e, &format!("{at}.summary"), &level.summary, false, MAX_TEXT);
                list(&mut e, &format!("{at}.signals"), &level.signals);
                list(&mut e, &format!("{at}.examples"), &level.examples);
            }
            if comp.levels.windows(2).any(|w| w[0].level >= w[1].level) && seen.len() == comp.levels.len() {
                e.add(&format!("{at}.levels"), "List the levels in order, lowest first");
            }
        }
    }
    e
}

/// `structure`, plus: at least one competency, and every competency has an anchor with
/// a summary for each level 1..=level_count.
pub fn publishable(doc: &FrameworkDoc) -> FieldErrors {
    let mut e = structure(doc);
    if doc.competencies().next().is_none() {
        e.add("areas", "A framework needs at least one competency before it can be published");
    }
    for (ai, area) in doc.areas.iter().enumerate() {
        if area.competencies.is_empty() {
            e.add(&format!("areas[{ai}].competencies"), format!("\"{}\" has no competencies", area.name));
        }
        for (ci, comp) in area.competencies.iter().enumerate() {
            let at = format!("areas[{ai}].competencies[{ci}]");
            for level in 1..=doc.level_count {
                match comp.levels.iter().position(|l| l.level == level) {
                    None => {
                        e.add(&format!("{at}.levels"), format!("\"{}\" has no anchor for level {level}", comp.name))
                    }
                    Some(li) if comp.levels[li].is_empty() => e.add(
                        &format!("{at}.levels[{li}].summary"),
                        format!("The level {level} anchor of \"{}\" is empty", comp.name),
                    ),
                    Some(_) => {}
                }
            }
        }
    }
    e
}

fn text(e: &mut FieldErrors, field: &str, value: &str, required: bool, max: usize) {
    if required && value.trim().is_empty() {
        e.add(field, "This cannot be empty");
    } else if value.chars().count() > max {
        e.add(field, format!("At most {max} characters"));
    }
}

fn list(e: &mut FieldErrors, field: &str, items: &[String]) {
    if items.len() > MAX_LIST {
        e.add(field, format!("At most {MAX_LIST} items"));
    }
    for (i, item) in items.iter().enumerate() {
        text(e, &format!("{field}[{i}]"), item, true, MAX_TEXT);
    }
}

fn slug_rule(e: &mut FieldErrors, field: &str, value: &str, seen: &mut HashSet<String>, what: &str) {
    if !slug::is_valid(value) {
        e.add(field, "Use 1–60 lower-case letters, digits and single dashes (like \"incident-response\")");
    } else if !seen.insert(value.to_string()) {
        e.add(field, format!("Another {what} already uses the key \"{value}\""));
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::rubric::{AreaDoc, CompetencyDoc, LevelDoc};

    pub(crate) fn small() -> FrameworkDoc {
        let levels = |n: i32| {
            (1..=n)
                .map(|l| LevelDoc { level: l, summary: format!("Does {l}"), signals: vec![], examples: vec![] })
                .collect()
        };
        FrameworkDoc {
            name: "Small".into(),
            description: String::new(),
            level_count: 3,
            level_names: vec![],
            areas: vec![AreaDoc {
                slug: "ops".into(),
                name: "Operations".into(),
                description: String::new(),
                competencies: vec![
                    CompetencyDoc {
                        slug: "patching".into(),
                        name: "Patching".into(),
                        description: String::new(),
                        levels: levels(3),
                    },
                    CompetencyDoc {
                        slug: "backups".into(),
                        name: "Backups".into(),
                        description: String::new(),
                        levels: levels(3),
                    },
                ],
            }],
        }
    }

    #[test]
    fn a_complete_framework_is_publishable() {
        assert!(publishable(&small()).is_empty());
    }

    #[test]
    fn empty_anchor_blocks_publishing_but_not_saving() {
        let mut doc = small();
        doc.areas[0].competencies[1].levels[2].summary = "  ".into();
        assert!(structure(&doc).is_empty());
        let e = publishable(&doc);
        assert!(e.0.contains_key("areas[0].competencies[1].levels[2].summary"), "{e:?}");
    }

    #[test]
    fn conflicting_levels_and_slugs_are_named() {
        let mut doc = small();
        doc.areas[0].competencies[0].levels[1].level = 1;
        doc.areas[0].competencies[1].slug = "patching".into();
        doc.areas[0].competencies[1].levels[0].level = 9;
        let e = structure(&doc);
        assert!(e.0["areas[0].competencies[0].levels[1].level"].contains("twice"));
        assert!(e.0["areas[0].competencies[1].slug"].contains("already"));
        assert!(e.0["areas[0].competencies[1].levels[0].level"].contains("outside"));
    }

    #[test]
    fn level_count_is_bounded() {
        let mut doc = small();
        doc.level_count = 8;
        assert!(structure(&doc).0.contains_key("level_count"));
        doc.level_count = 2;
        assert!(structure(&doc).0.contains_key("level_count"));
    }
}
