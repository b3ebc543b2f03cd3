//! Assessments: one person's ratings in a cycle, by themselves (`self`) or by a manager.
//! A draft is saved as it is written; submitting freezes it; a change after that is an
//! amendment: a new assessment pointing at the old one, with a reason.

use super::role_profile::FrameworkVersionRef;
use crate::identity::PersonRef;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Evidence is at most this long.
pub const MAX_EVIDENCE: usize = 4000;
/// An amendment reason is at most this long.
pub const MAX_REASON: usize = 2000;
/// At most this many evidence links per rating.
pub const MAX_LINKS: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AssessmentKind {
    #[serde(rename = "self")]
    SelfAssessment,
    Manager,
}

impl AssessmentKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "self" => Some(Self::SelfAssessment),
            "manager" => Some(Self::Manager),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SelfAssessment => "self",
            Self::Manager => "manager",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::SelfAssessment => "Self-assessment",
            Self::Manager => "Manager assessment",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AssessmentStatus {
    Draft,
    Submitted,
}

impl AssessmentStatus {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(Self::Draft),
            "submitted" => Some(Self::Submitted),
            _ => None,
        }
    }
}

/// One rating: a level of one competency with the evidence for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating {
    /// The competency's slug in the cycle's framework version.
    pub competency: String,
    pub level: i32,
    pub evidence: String,
    #[serde(default)]
    pub evidence_links: Vec<String>,
}

/// A rating as sent while writing: `level` none removes the rating from the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingInput {
    pub competency: String,
    pub level: Option<i32>,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub evidence_links: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentSummary {
    pub id: Uuid,
    pub cycle_id: Uuid,
    pub cycle_name: String,
    pub person: PersonRef,
    pub kind: AssessmentKind,
    pub author: PersonRef,
    pub status: AssessmentStatus,
    pub submitted_at: Option<DateTime<Utc>>,
    /// The assessment this one amends.
    pub amends_id: Option<Uuid>,
    pub amend_reason: Option<String>,
    /// The amendment that replaced this one, if any.
    pub amended_by_id: Option<Uuid>,
    pub rating_count: i64,
    pub updated_at: DateTime<Utc>,
    /// Send this back when saving or submitting; a stale one gets 409.
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentDetail {
    #[serde(flatten)]
    pub summary: AssessmentSummary,
    pub framework: FrameworkVersionRef,
    /// In framework order.
    pub ratings: Vec<Rating>,
    /// Competencies in the version (to show "12 of 27 rated").
    pub competency_count: i64,
}

/// Starts an assessment (an existing draft or submitted one for the same cycle, person
/// and kind is returned instead).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAssessment {
    pub cycle_id: Uuid,
    pub person_id: Uuid,
    pub kind: AssessmentKind,
}

/// Saves ratings into a draft: those listed are written (or removed when `level` is
/// none); the others stay as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveRatings {
    pub version: i32,
    pub ratings: Vec<RatingInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmitAssessment {
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AmendAssessment {
    pub reason: String,
}

/// What a manager writing an assessment sees beside each competency, without leaving the
/// page: the person's own rating and evidence in the same cycle, the level their role
/// profile expects, and the manager rating of the cycle before. Each value says where it
/// comes from. Empty (`rows` none) for a self-assessment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Beside {
    /// The cycle of this assessment, where the person's own view comes from.
    pub cycle_name: String,
    /// The person's submitted self-assessment in this cycle (the amendment, if amended).
    pub self_assessment_id: Option<Uuid>,
    /// The role profile the expected levels come from.
    pub role_profile: Option<String>,
    /// The earlier cycle the previous ratings come from.
    pub previous_cycle: Option<String>,
    pub rows: Vec<BesideRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BesideRow {
    /// The competency's slug.
    pub competency: String,
    pub expected: Option<i32>,
    /// The person's own rating, with their evidence.
    pub own: Option<Rating>,
    /// The manager rating in `previous_cycle`.
    pub previous: Option<i32>,
}

/// What the signed-in person has to do in an open cycle: their own self-assessment and,
/// for managers, an assessment of each direct report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CycleWork {
    pub cycle: super::cycle::CycleSummary,
    /// The newest of their own self-assessments in the cycle (an amendment wins).
    pub mine: Option<AssessmentSummary>,
    pub reports: Vec<ReportWork>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportWork {
    pub person: PersonRef,
    /// Their self-assessment is submitted.
    pub self_submitted: bool,
    /// The manager's own assessment of them, if started.
    pub assessment: Option<AssessmentSummary>,
}

/// Why `evidence` does not yet count as evidence for a submitted rating, if it does not.
/// One sentence is the floor: a few words that say what was seen, not a single word.
pub fn evidence_problem(evidence: &str) -> Option<String> {
    let text = evidence.trim();
    let words = text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
    if text.is_empty() {
        Some("Write the evidence for this level: at least one sentence".into())
    } else if words < 4 || text.chars().count() < 20 {
        Some("Evidence needs at least one full sentence saying what was observed".into())
    } else if text.chars().count() > MAX_EVIDENCE {
        Some(format!("Evidence is at most {MAX_EVIDENCE} characters"))
    } else {
        None
    }
}

/// Why an evidence link is refused, if it is: links are web addresses.
pub fn link_problem(link: &str) -> Option<String> {
    let l = link.trim();
    if !(l.starts_with("https://") || l.starts_with("http://")) || l.len() < 10 || l.len() > 500 {
        Some("Evidence links are web addresses starting with https://".into())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_needs_a_sentence() {
        assert!(evidence_problem("").is_some());
        assert!(evidence_problem("   good  ").is_some());
        assert!(evidence_problem("Good at reviews.").is_some());
        assert!(evidence_problem("Led the March outage review and wrote the follow-up actions.").is_none());
        assert!(evidence_problem(&"word ".repeat(1000)).is_some());
    }

    #[test]
    fn links_are_web_addresses() {
        assert!(link_problem("https://wiki.example.org/postmortem/42").is_none());
        assert!(link_problem("javascript:alert(1)").is_some());
        assert!(link_problem("see wiki").is_some());
    }
}
