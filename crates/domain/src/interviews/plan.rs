//! An interview plan's document: ordered stages, each with its questions and exercises
//! and the competencies it rates. A draft is edited as a whole; publishing freezes it and
//! writes its stages out as rows that loops and scorecards point at (like frameworks).

use crate::validate::FieldErrors;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// At most this many stages in a plan, items in a stage, competencies in a stage.
pub const MAX_STAGES: usize = 12;
pub const MAX_ITEMS: usize = 30;
pub const MAX_STAGE_COMPETENCIES: usize = 12;
/// A stage's name, an item's text and a rating guide note are at most this long.
pub const MAX_NAME: usize = 120;
pub const MAX_ITEM_TEXT: usize = 4000;
pub const MAX_NOTE: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StageKind {
    Screen,
    WorkSample,
    Panel,
    Other,
}

impl StageKind {
    pub const ALL: [StageKind; 4] = [Self::Screen, Self::WorkSample, Self::Panel, Self::Other];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Screen => "screen",
            Self::WorkSample => "work_sample",
            Self::Panel => "panel",
            Self::Other => "other",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Screen => "Screen",
            Self::WorkSample => "Work sample",
            Self::Panel => "Panel",
            Self::Other => "Other",
        }
    }
}

/// A question asked in a stage, or an exercise of the library run in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemDoc {
    /// The exercise from the library, when the item is one (its brief is shown in the kit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exercise_id: Option<Uuid>,
    /// The question, or what the interviewer says to introduce the exercise.
    #[serde(default)]
    pub text: String,
}

/// A competency a stage rates, by its slug in the plan's framework version, with notes
/// that add to the version's anchors in the rating guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageCompetency {
    pub competency: String,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageDoc {
    pub name: String,
    pub kind: StageKind,
    /// Graders see a candidate code, never the name, until they submit (work samples only).
    #[serde(default)]
    pub blind: bool,
    pub minutes: i32,
    #[serde(default)]
    pub items: Vec<ItemDoc>,
    pub competencies: Vec<StageCompetency>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanDoc {
    pub stages: Vec<StageDoc>,
}

/// Everything wrong with a plan document, by field path (`stages.1.competencies.0`), given
/// the competency slugs of its framework version and the exercises that exist.
pub fn check(doc: &PlanDoc, competencies: &[&str], exercises: &[Uuid]) -> FieldErrors {
    problems(doc, competencies, exercises, Completeness::Publish)
}

/// What a draft may not hold even unfinished: the problems of [`check`] except the
/// missing parts (no stage yet, a stage rating nothing yet), which publishing asks for.
pub fn check_draft(doc: &PlanDoc, competencies: &[&str], exercises: &[Uuid]) -> FieldErrors {
    problems(doc, competencies, exercises, Completeness::Draft)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Completeness {
    Draft,
    Publish,
}

fn problems(doc: &PlanDoc, competencies: &[&str], exercises: &[Uuid], mode: Completeness) -> FieldErrors {
    let complete = mode == Completeness::Publish;
    let mut problems = FieldErrors::new();
    if doc.stages.is_empty() && complete {
        problems.add("stages", "Add at least one stage");
    }
    if doc.stages.len() > MAX_STAGES {
        problems.add("stages", format!("A plan has at most {MAX_STAGES} stages"));
    }
    let mut names: Vec<String> = Vec::new();
    for (i, stage) in doc.stages.iter().enumerate() {
        let at = |field: &str| format!("stages.{i}.{field}");
        let name = stage.name.trim();
        if name.is_empty() {
            problems.add(&at("name"), "Name the stage");
        } else if name.chars().count() > MAX_NAME {
            problems.add(&at("name"), format!("At most {MAX_NAME} characters"));
        } else if names.contains(&name.to_lowercase()) {
            problems.add(&at("name"), format!("Another stage is already called \"{name}\""));
        }
        names.push(name.to_lowercase());
        if !(5..=480).contains(&stage.minutes) {
            problems.add(&at("minutes"), "A stage lasts 5 to 480 minutes");
        }
        if stage.blind && stage.kind != StageKind::WorkSample {
            problems.add(&at("blind"), "Only a work-sample stage can be graded blind");
        }
        if stage.items.len() > MAX_ITEMS {
            problems.add(&at("items"), format!("A stage has at most {MAX_ITEMS} questions and exercises"));
        }
        for (j, item) in stage.items.iter().enumerate() {
            let field = format!("stages.{i}.items.{j}");
            match item.exercise_id {
                Some(id) if !exercises.contains(&id) => {
                    problems.add(&format!("{field}.exercise_id"), "No such exercise in the library")
                }
                None if item.text.trim().is_empty() => problems.add(&format!("{field}.text"), "Write the question"),
                _ => {}
            }
            if item.text.chars().count() > MAX_ITEM_TEXT {
                problems.add(&format!("{field}.text"), format!("At most {MAX_ITEM_TEXT} characters"));
            }
        }
        if stage.competencies.is_empty() && complete {
            problems.add(&at("competencies"), "Choose at least one competency the stage rates");
        }
        if stage.competencies.len() > MAX_STAGE_COMPETENCIES {
            problems.add(&at("competencies"), format!("A stage rates at most {MAX_STAGE_COMPETENCIES} competencies"));
        }
        let mut seen: Vec<&str> = Vec::new();
        for (j, c) in stage.competencies.iter().enumerate() {
            let field = format!("stages.{i}.competencies.{j}");
            if !competencies.contains(&c.competency.as_str()) {
                problems
                    .add(&field, format!("\"{}\" is not a competency of the plan's framework version", c.competency));
            } else if seen.contains(&c.competency.as_str()) {
                problems.add(&field, format!("\"{}\" is listed twice", c.competency));
            }
            seen.push(&c.competency);
            if c.notes.chars().count() > MAX_NOTE {
                problems.add(&format!("{field}.notes"), format!("At most {MAX_NOTE} characters"));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(name: &str, kind: StageKind, competencies: &[&str]) -> StageDoc {
        StageDoc {
            name: name.into(),
            kind,
            blind: false,
            minutes: 45,
            items: vec![ItemDoc { exercise_id: None, text: "Tell us about an outage you led.".into() }],
            competencies: competencies
                .iter()
                .map(|c| StageCompetency { competency: c.to_string(), notes: String::new() })
                .collect(),
        }
    }

    #[test]
    fn a_sound_plan_has_no_problems() {
        let doc = PlanDoc { stages: vec![stage("Screen", StageKind::Screen, &["incident-response"])] };
        assert!(check(&doc, &["incident-response"], &[]).is_empty());
    }

    #[test]
    fn each_problem_is_named_by_its_field() {
        let mut blind = stage("screen", StageKind::Screen, &["nope", "incident-response", "incident-response"]);
        blind.blind = true;
        blind.minutes = 2;
        blind.items.push(ItemDoc { exercise_id: Some(Uuid::nil()), text: String::new() });
        blind.items.push(ItemDoc { exercise_id: None, text: " ".into() });
        let doc = PlanDoc { stages: vec![stage("Screen", StageKind::Screen, &[]), blind] };
        let p = check(&doc, &["incident-response"], &[]).0;
        assert_eq!(p["stages.0.competencies"], "Choose at least one competency the stage rates");
        assert!(p["stages.1.name"].contains("already called"));
        assert!(p.contains_key("stages.1.minutes") && p.contains_key("stages.1.blind"));
        assert!(p["stages.1.competencies.0"].contains("not a competency"));
        assert!(p["stages.1.competencies.2"].contains("twice"));
        assert_eq!(p["stages.1.items.1.exercise_id"], "No such exercise in the library");
        assert_eq!(p["stages.1.items.2.text"], "Write the question");
        assert_eq!(check(&PlanDoc::default(), &[], &[]).0["stages"], "Add at least one stage");
    }

    #[test]
    fn a_draft_may_be_unfinished_but_not_wrong() {
        let empty = PlanDoc::default();
        assert!(check_draft(&empty, &[], &[]).is_empty());
        let mut doc = PlanDoc { stages: vec![stage("Screen", StageKind::Screen, &[])] };
        assert!(check_draft(&doc, &["incident-response"], &[]).is_empty());
        doc.stages[0].minutes = 1;
        let p = check_draft(&doc, &["incident-response"], &[]).0;
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p.contains_key("stages.0.minutes"));
        // publishing asks for what the draft lacked
        assert!(check(&doc, &["incident-response"], &[]).0.contains_key("stages.0.competencies"));
    }
}
