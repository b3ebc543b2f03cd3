//! Exercises of the library: questions, work samples and role-plays a plan's stages use.
//! Each has a brief for the candidate, materials, a time box, what good looks like per
//! level, and the competencies it shows (by slug, so it outlives framework versions).

use crate::validate::FieldErrors;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const MAX_TITLE: usize = 200;
pub const MAX_BRIEF: usize = 8000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExerciseKind {
    Question,
    WorkSample,
    RolePlay,
}

impl ExerciseKind {
    pub const ALL: [ExerciseKind; 3] = [Self::Question, Self::WorkSample, Self::RolePlay];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Question => "question",
            Self::WorkSample => "work_sample",
            Self::RolePlay => "role_play",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Question => "Question",
            Self::WorkSample => "Work sample",
            Self::RolePlay => "Role-play",
        }
    }
}

/// What good looks like at one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LevelGuide {
    pub level: i32,
    pub text: String,
}

/// An exercise as written or edited (the API's and the form's input).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExerciseInput {
    pub title: String,
    pub kind: ExerciseKind,
    pub brief: String,
    #[serde(default)]
    pub materials: String,
    pub minutes: i32,
    #[serde(default)]
    pub good_looks_like: Vec<LevelGuide>,
    #[serde(default)]
    pub competencies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Exercise {
    pub id: Uuid,
    /// Shipped with Hatrack (its key), or the organization's own (none).
    pub builtin: Option<String>,
    #[serde(flatten)]
    pub input: ExerciseInput,
    pub version: i32,
}

/// Problems of an exercise, by field.
pub fn check(e: &ExerciseInput) -> FieldErrors {
    let mut problems = FieldErrors::new();
    let title = e.title.trim();
    if title.is_empty() {
        problems.add("title", "Give the exercise a title");
    } else if title.chars().count() > MAX_TITLE {
        problems.add("title", format!("At most {MAX_TITLE} characters"));
    }
    if e.brief.trim().is_empty() {
        problems.add("brief", "Write the brief the candidate reads");
    } else if e.brief.chars().count() > MAX_BRIEF {
        problems.add("brief", format!("At most {MAX_BRIEF} characters"));
    }
    if e.materials.chars().count() > MAX_BRIEF {
        problems.add("materials", format!("At most {MAX_BRIEF} characters"));
    }
    if !(5..=480).contains(&e.minutes) {
        problems.add("minutes", "The time box is 5 to 480 minutes");
    }
    for (i, g) in e.good_looks_like.iter().enumerate() {
        if !(1..=7).contains(&g.level) {
            problems.add(&format!("good_looks_like.{i}.level"), "A level from 1 to 7");
        }
        if e.good_looks_like[..i].iter().any(|o| o.level == g.level) {
            problems.add(&format!("good_looks_like.{i}.level"), format!("Level {} is described twice", g.level));
        }
        if g.text.trim().is_empty() || g.text.chars().count() > 2000 {
            problems.add(&format!("good_looks_like.{i}.text"), "Describe this level in 1 to 2,000 characters");
        }
    }
    if e.competencies.len() > 12 {
        problems.add("competencies", "At most 12 competencies");
    }
    for (i, c) in e.competencies.iter().enumerate() {
        if !crate::rubric::slug::is_valid(c) {
            problems.add(
                &format!("competencies.{i}"),
                format!("\"{c}\" is not a competency key (lower case, digits and hyphens)"),
            );
        }
    }
    problems
}
