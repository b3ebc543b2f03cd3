//! Scorecards: one per interviewer per stage. Per competency the stage rates, a level or
//! "not observed" (no level), with evidence required for any level; an overall
//! recommendation on a four-point scale (no middle: the panel must lean one way). Draft
//! while written, read-only once submitted; a change after that is an amendment with a
//! reason that keeps the original.

use crate::validate::FieldErrors;
use serde::{Deserialize, Serialize};

pub const MAX_EVIDENCE: usize = 4000;
pub const MAX_NOTES: usize = 8000;
pub const MAX_REASON: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    StrongNo,
    No,
    Yes,
    StrongYes,
}

impl Recommendation {
    pub const ALL: [Recommendation; 4] = [Self::StrongNo, Self::No, Self::Yes, Self::StrongYes];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::StrongNo => "strong_no",
            Self::No => "no",
            Self::Yes => "yes",
            Self::StrongYes => "strong_yes",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::StrongNo => "Strong no",
            Self::No => "No",
            Self::Yes => "Yes",
            Self::StrongYes => "Strong yes",
        }
    }
    /// 1 to 4, for medians and spreads.
    pub fn score(self) -> i32 {
        match self {
            Self::StrongNo => 1,
            Self::No => 2,
            Self::Yes => 3,
            Self::StrongYes => 4,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ScorecardStatus {
    Draft,
    Submitted,
}

impl ScorecardStatus {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(Self::Draft),
            "submitted" => Some(Self::Submitted),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
        }
    }
}

/// One competency's rating on a scorecard. `level` none: not observed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreInput {
    /// The competency's slug, one the stage rates.
    pub competency: String,
    #[serde(default)]
    pub level: Option<i32>,
    #[serde(default)]
    pub evidence: String,
}

/// A competency the stage rates, as the checks need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rated<'a> {
    pub slug: &'a str,
    pub level_count: i32,
}

/// Problems of a draft's ratings: each names `ratings.<slug>` (or `.level`, `.evidence`).
/// A draft may leave competencies out and evidence half-written; what it cannot hold is a
/// competency the stage does not rate, a level out of range, or text over the limits.
pub fn check_draft(scores: &[ScoreInput], notes: &str, stage: &[Rated]) -> FieldErrors {
    let mut problems = FieldErrors::new();
    let mut seen: Vec<&str> = Vec::new();
    for s in scores {
        let field = format!("ratings.{}", s.competency);
        let Some(rated) = stage.iter().find(|r| r.slug == s.competency) else {
            problems.add(&field, format!("This stage does not rate \"{}\"", s.competency));
            continue;
        };
        if seen.contains(&s.competency.as_str()) {
            problems.add(&field, "Rated twice");
        }
        seen.push(&s.competency);
        if let Some(level) = s.level
            && !(1..=rated.level_count).contains(&level)
        {
            problems.add(&format!("{field}.level"), format!("Choose a level from 1 to {}", rated.level_count));
        }
        if s.evidence.chars().count() > MAX_EVIDENCE {
            problems.add(&format!("{field}.evidence"), format!("At most {MAX_EVIDENCE} characters"));
        }
    }
    if notes.chars().count() > MAX_NOTES {
        problems.add("notes", format!("At most {MAX_NOTES} characters"));
    }
    problems
}

/// What submitting asks on top of a draft's checks: every competency of the stage rated
/// or marked not observed, evidence behind every level, and a recommendation.
pub fn check_submit(
    scores: &[ScoreInput],
    notes: &str,
    recommendation: Option<Recommendation>,
    stage: &[Rated],
) -> FieldErrors {
    let mut problems = check_draft(scores, notes, stage);
    for r in stage {
        let field = format!("ratings.{}", r.slug);
        match scores.iter().find(|s| s.competency == r.slug) {
            None => problems.add(&field, "Choose a level, or \"Not observed\""),
            Some(s) if s.level.is_some() && s.evidence.trim().is_empty() => {
                problems.add(&format!("{field}.evidence"), "Write what you saw or heard that supports this level")
            }
            Some(_) => {}
        }
    }
    if recommendation.is_none() {
        problems.add("recommendation", "Choose a recommendation");
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(slug: &str, level: Option<i32>, evidence: &str) -> ScoreInput {
        ScoreInput { competency: slug.into(), level, evidence: evidence.into() }
    }
    const STAGE: [Rated; 2] = [Rated { slug: "triage", level_count: 5 }, Rated { slug: "comms", level_count: 5 }];

    #[test]
    fn a_draft_may_be_unfinished_but_not_wrong() {
        assert!(check_draft(&[score("triage", Some(3), "")], "", &STAGE).is_empty());
        let p = check_draft(&[score("budget", Some(3), "x"), score("triage", Some(6), "x")], "", &STAGE).0;
        assert_eq!(p["ratings.budget"], "This stage does not rate \"budget\"");
        assert_eq!(p["ratings.triage.level"], "Choose a level from 1 to 5");
    }

    #[test]
    fn submitting_asks_for_every_competency_evidence_and_a_recommendation() {
        let p = check_submit(&[score("triage", Some(3), " ")], "", None, &STAGE).0;
        assert!(p["ratings.triage.evidence"].starts_with("Write what you saw"));
        assert!(p["ratings.comms"].contains("Not observed"));
        assert_eq!(p["recommendation"], "Choose a recommendation");
        let done = [score("triage", Some(3), "Split the roles in the first minute"), score("comms", None, "")];
        assert!(check_submit(&done, "", Some(Recommendation::Yes), &STAGE).is_empty());
    }
}
