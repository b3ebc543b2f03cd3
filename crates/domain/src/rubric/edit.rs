//! Small edits to a draft, as the editor page makes them: one area or competency at a
//! time. Each is applied to the whole document, which is then checked and saved with its
//! version (so two editors never overwrite each other silently).

use super::{AreaDoc, CompetencyDoc, FrameworkDoc, LevelDoc, slug};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum DraftEdit {
    /// Name, description and level names of the framework.
    Framework {
        name: String,
        description: String,
        level_names: Vec<String>,
    },
    AddArea {
        name: String,
    },
    Area {
        slug: String,
        name: String,
        description: String,
    },
    /// Only an empty area can go: move or remove its competencies first.
    RemoveArea {
        slug: String,
    },
    MoveArea {
        slug: String,
        up: bool,
    },
    AddCompetency {
        area: String,
        name: String,
    },
    /// The whole competency: texts, its area and every level's anchor.
    Competency {
        slug: String,
        name: String,
        description: String,
        area: String,
        levels: Vec<LevelDoc>,
    },
    RemoveCompetency {
        slug: String,
    },
    /// Up or down within its area.
    MoveCompetency {
        slug: String,
        up: bool,
    },
}

/// Why an edit could not be applied: (field, message).
pub type EditError = (&'static str, String);

impl DraftEdit {
    /// Applies the edit. Returns the slug of what it created or changed, for the page to
    /// show next.
    pub fn apply(&self, doc: &mut FrameworkDoc) -> Result<Option<String>, EditError> {
        match self {
            DraftEdit::Framework { name, description, level_names } => {
                doc.name = name.trim().to_string();
                doc.description = description.trim().to_string();
                doc.level_names = if level_names.iter().all(|n| n.trim().is_empty()) {
                    vec![]
                } else {
                    level_names.iter().map(|n| n.trim().to_string()).collect()
                };
                Ok(None)
            }
            DraftEdit::AddArea { name } => {
                let taken: Vec<String> = doc.areas.iter().map(|a| a.slug.clone()).collect();
                let slug = slug::unique(&slug::from_name(name), &taken);
                doc.areas.push(AreaDoc {
                    slug: slug.clone(),
                    name: name.trim().to_string(),
                    description: String::new(),
                    competencies: vec![],
                });
                Ok(Some(slug))
            }
            DraftEdit::Area { slug, name, description } => {
                let area = area_mut(doc, slug)?;
                area.name = name.trim().to_string();
                area.description = description.trim().to_string();
                Ok(Some(slug.clone()))
            }
            DraftEdit::RemoveArea { slug } => {
                let i = area_index(doc, slug)?;
                if !doc.areas[i].competencies.is_empty() {
                    return Err((
                        "slug",
                        format!("\"{}\" still has competencies: move or remove them first", doc.areas[i].name),
                    ));
                }
                doc.areas.remove(i);
                Ok(None)
            }
            DraftEdit::MoveArea { slug, up } => {
                let i = area_index(doc, slug)?;
                swap(&mut doc.areas, i, *up);
                Ok(Some(slug.clone()))
            }
            DraftEdit::AddCompetency { area, name } => {
                let taken: Vec<String> = doc.competencies().map(|(_, c)| c.slug.clone()).collect();
                let slug = slug::unique(&slug::from_name(name), &taken);
                let levels = (1..=doc.level_count)
                    .map(|level| LevelDoc { level, summary: String::new(), signals: vec![], examples: vec![] })
                    .collect();
                area_mut(doc, area)?.competencies.push(CompetencyDoc {
                    slug: slug.clone(),
                    name: name.trim().to_string(),
                    description: String::new(),
                    levels,
                });
                Ok(Some(slug))
            }
            DraftEdit::Competency { slug, name, description, area, levels } => {
                let (ai, ci) = competency_index(doc, slug)?;
                let target =
                    area_index(doc, area).map_err(|_| ("area", format!("No area \"{area}\" in this draft")))?;
                let mut comp = doc.areas[ai].competencies.remove(ci);
                comp.name = name.trim().to_string();
                comp.description = description.trim().to_string();
                comp.levels = levels
                    .iter()
                    .map(|l| LevelDoc {
                        level: l.level,
                        summary: l.summary.trim().to_string(),
                        signals: lines(&l.signals),
                        examples: lines(&l.examples),
                    })
                    .collect();
                if target == ai {
                    doc.areas[ai].competencies.insert(ci, comp);
                } else {
                    doc.areas[target].competencies.push(comp);
                }
                Ok(Some(slug.clone()))
            }
            DraftEdit::RemoveCompetency { slug } => {
                let (ai, ci) = competency_index(doc, slug)?;
                doc.areas[ai].competencies.remove(ci);
                Ok(None)
            }
            DraftEdit::MoveCompetency { slug, up } => {
                let (ai, ci) = competency_index(doc, slug)?;
                swap(&mut doc.areas[ai].competencies, ci, *up);
                Ok(Some(slug.clone()))
            }
        }
    }
}

/// Trimmed, blank entries dropped (a textarea line per signal leaves empty lines).
fn lines(items: &[String]) -> Vec<String> {
    items.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

fn swap<T>(items: &mut [T], i: usize, up: bool) {
    if up && i > 0 {
        items.swap(i, i - 1);
    } else if !up && i + 1 < items.len() {
        items.swap(i, i + 1);
    }
}

fn area_index(doc: &FrameworkDoc, slug: &str) -> Result<usize, EditError> {
    doc.areas.iter().position(|a| a.slug == slug).ok_or_else(|| ("slug", format!("No area \"{slug}\" in this draft")))
}

fn area_mut<'a>(doc: &'a mut FrameworkDoc, slug: &str) -> Result<&'a mut AreaDoc, EditError> {
    let i = area_index(doc, slug)?;
    Ok(&mut doc.areas[i])
}

fn competency_index(doc: &FrameworkDoc, slug: &str) -> Result<(usize, usize), EditError> {
    doc.areas
        .iter()
        .enumerate()
        .find_map(|(ai, a)| a.competencies.iter().position(|c| c.slug == slug).map(|ci| (ai, ci)))
        .ok_or_else(|| ("slug", format!("No competency \"{slug}\" in this draft")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::check::tests::small;

    #[test]
    fn add_edit_move_and_remove() {
        let mut doc = small();
        let area = DraftEdit::AddArea { name: "Security".into() }.apply(&mut doc).unwrap().unwrap();
        let comp =
            DraftEdit::AddCompetency { area: area.clone(), name: "Patching".into() }.apply(&mut doc).unwrap().unwrap();
        assert_eq!(comp, "patching-2", "slugs stay unique");
        assert_eq!(doc.areas[1].competencies[0].levels.len(), 3);
        let levels = vec![LevelDoc {
            level: 1,
            summary: " Applies ".into(),
            signals: vec!["a".into(), " ".into()],
            examples: vec![],
        }];
        DraftEdit::Competency {
            slug: "backups".into(),
            name: "Backups".into(),
            description: String::new(),
            area: area.clone(),
            levels,
        }
        .apply(&mut doc)
        .unwrap();
        assert_eq!(doc.areas[1].competencies[1].slug, "backups");
        assert_eq!(doc.areas[1].competencies[1].levels[0].summary, "Applies");
        assert_eq!(doc.areas[1].competencies[1].levels[0].signals, vec!["a".to_string()]);
        DraftEdit::MoveCompetency { slug: "backups".into(), up: true }.apply(&mut doc).unwrap();
        assert_eq!(doc.areas[1].competencies[0].slug, "backups");
        assert!(DraftEdit::RemoveArea { slug: area.clone() }.apply(&mut doc).is_err());
        DraftEdit::MoveArea { slug: area, up: true }.apply(&mut doc).unwrap();
        assert_eq!(doc.areas[0].name, "Security");
        assert!(DraftEdit::RemoveCompetency { slug: "nope".into() }.apply(&mut doc).is_err());
    }
}
