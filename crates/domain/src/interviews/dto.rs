//! What the interviews API answers and the pages show.

use super::decision::Decision;
use super::plan::{PlanDoc, StageKind};
use super::scorecard::{Recommendation, ScorecardStatus};
use crate::identity::PersonRef;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An optional date or time where a form's empty field means "none" (a plain
/// `Option<NaiveDate>` refuses `""` as unreadable).
fn blank_is_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    match Option::<String>::deserialize(d)?.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanSummary {
    pub id: Uuid,
    pub name: String,
    pub role_profile_id: Uuid,
    pub role_profile_name: String,
    /// The newest published version's number and id, if any.
    pub published_number: Option<i32>,
    pub published_version_id: Option<Uuid>,
    pub published_at: Option<DateTime<Utc>>,
    pub draft_version_id: Option<Uuid>,
    pub loop_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanVersion {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub number: i32,
    /// `draft` or `published`.
    pub status: String,
    pub framework_version_id: Uuid,
    pub document: PlanDoc,
    pub change_note: String,
    pub published_at: Option<DateTime<Utc>>,
    pub version: i32,
}

/// A new plan: its name, the role profile it hires for, and the first draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPlan {
    pub name: String,
    pub role_profile_id: Uuid,
    pub document: PlanDoc,
}

/// A draft's document as saved, with the version it was read at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanDraftSave {
    pub document: PlanDoc,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishPlan {
    #[serde(default)]
    pub change_note: String,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidateInput {
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub notes: String,
    /// The candidate agreed to their data being kept for this hiring process.
    #[serde(default)]
    pub consent: bool,
    /// Kept until this date (default: today plus the organization's retention period).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub retain_until: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Candidate {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub source: String,
    pub notes: String,
    pub consent_at: Option<DateTime<Utc>>,
    pub retain_until: Option<NaiveDate>,
    pub anonymised: bool,
    pub created_at: DateTime<Utc>,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidatePage {
    pub items: Vec<Candidate>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// A stage of a new loop: when, where, who.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoopStageInput {
    /// The plan stage's position (0 = first).
    pub stage: i32,
    /// When (RFC 3339); empty or absent: not scheduled yet.
    #[serde(default, deserialize_with = "blank_is_none")]
    pub scheduled_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub location: String,
    pub interviewers: Vec<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewLoop {
    pub candidate_id: Uuid,
    pub plan_id: Uuid,
    /// Defaults to whoever creates the loop.
    #[serde(default)]
    pub hiring_manager_id: Option<Uuid>,
    pub stages: Vec<LoopStageInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Interviewer {
    pub person: PersonRef,
    /// Their scorecard for this stage: none yet, draft or submitted.
    pub scorecard: Option<ScorecardStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoopStage {
    pub id: Uuid,
    pub position: i32,
    pub name: String,
    pub kind: StageKind,
    pub blind: bool,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub minutes: i32,
    pub location: String,
    pub interviewers: Vec<Interviewer>,
    /// The competencies this stage rates (slug, name, level count).
    pub competencies: Vec<StageCompetencyRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageCompetencyRef {
    pub slug: String,
    pub name: String,
    pub level_count: i32,
}

/// A loop as its reader may see it: a blind grader who has not submitted sees the code in
/// place of the candidate (`candidate` none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Loop {
    pub id: Uuid,
    pub code: String,
    pub candidate: Option<CandidateRef>,
    pub plan_id: Uuid,
    pub plan_name: String,
    pub plan_version: i32,
    pub hiring_manager: PersonRef,
    pub stages: Vec<LoopStage>,
    /// Scorecards expected and submitted.
    pub expected: i64,
    pub submitted: i64,
    pub debrief_open: bool,
    /// The newest decision, once the reader may see it.
    pub decision: Option<Decision>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidateRef {
    pub id: Uuid,
    pub name: String,
}

/// A page of loops, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoopPage {
    pub items: Vec<LoopSummary>,
    /// How many loops the reader may see in all.
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// One line of a loop list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoopSummary {
    pub id: Uuid,
    pub code: String,
    pub candidate: Option<CandidateRef>,
    pub plan_name: String,
    pub hiring_manager: PersonRef,
    pub expected: i64,
    pub submitted: i64,
    pub decision: Option<Decision>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScoreView {
    pub competency: String,
    pub level: Option<i32>,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Scorecard {
    pub id: Uuid,
    pub loop_id: Uuid,
    pub stage_id: Uuid,
    pub interviewer: PersonRef,
    pub status: ScorecardStatus,
    pub recommendation: Option<Recommendation>,
    pub notes: String,
    pub ratings: Vec<ScoreView>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub amends: Option<Uuid>,
    pub amend_reason: Option<String>,
    pub version: i32,
}

/// A scorecard as written: saved as a draft, or submitted (`submit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScorecardInput {
    /// The loop stage (`stages[].id` of the loop).
    pub stage_id: Uuid,
    #[serde(default)]
    pub ratings: Vec<super::scorecard::ScoreInput>,
    #[serde(default)]
    pub recommendation: Option<Recommendation>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub submit: bool,
    /// The version the writer read (none for the first save).
    #[serde(default)]
    pub version: Option<i32>,
    /// To amend a submitted scorecard: why.
    #[serde(default)]
    pub amend_reason: Option<String>,
}

/// One interviewer's rating of a competency in the debrief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DebriefRating {
    pub interviewer: PersonRef,
    pub stage: String,
    pub level: Option<i32>,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DebriefCompetency {
    pub slug: String,
    pub name: String,
    pub ratings: Vec<DebriefRating>,
    pub median: Option<f64>,
    pub spread: Option<f64>,
    /// Levels two or more apart: talk about it before deciding.
    pub disagreement: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DebriefRecommendation {
    pub interviewer: PersonRef,
    pub stage: String,
    pub recommendation: Recommendation,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Debrief {
    pub loop_id: Uuid,
    pub competencies: Vec<DebriefCompetency>,
    pub recommendations: Vec<DebriefRecommendation>,
    /// Krippendorff's alpha (ordinal) over this loop's ratings: units are competencies,
    /// raters the interviewers. None when too few ratings pair up.
    pub alpha: Option<f64>,
    /// How many ratings the alpha rests on.
    pub alpha_ratings: usize,
    /// A plain-language reading of the alpha.
    pub reading: String,
    /// Everyone has submitted (else the hiring manager opened it early, with `early_reason`).
    pub complete: bool,
    pub early_reason: Option<String>,
    pub decisions: Vec<DecisionRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionRecord {
    pub id: Uuid,
    pub decision: Decision,
    pub rationale: String,
    pub decided_by: PersonRef,
    pub decided_at: DateTime<Utc>,
    pub supersedes: Option<Uuid>,
    pub supersede_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionInput {
    pub decision: Decision,
    pub rationale: String,
    /// To supersede the current record: why.
    #[serde(default)]
    pub supersede_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenDebrief {
    pub reason: String,
}

/// An exercise's new fields, with the version they were read at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExerciseUpdate {
    #[serde(flatten)]
    pub exercise: super::exercise::ExerciseInput,
    pub version: i32,
}

/// A candidate's new fields, with the version they were read at. (Written out rather
/// than flattened: the flattened schema lost the date format of `retain_until`.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidateUpdate {
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub consent: bool,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub retain_until: Option<NaiveDate>,
    pub version: i32,
}

impl CandidateUpdate {
    pub fn input(&self) -> CandidateInput {
        CandidateInput {
            name: self.name.clone(),
            email: self.email.clone(),
            source: self.source.clone(),
            notes: self.notes.clone(),
            consent: self.consent,
            retain_until: self.retain_until,
        }
    }
}

/// How far interviewers agree on one subject (a competency across loops, a plan), with
/// the number of ratings behind it. Below the minimum sample the alpha is withheld.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agreement {
    /// A competency's slug or a plan's id.
    pub key: String,
    pub name: String,
    /// Krippendorff's alpha (ordinal), when the sample is large enough.
    pub alpha: Option<f64>,
    /// Pairable ratings behind the figure.
    pub ratings: usize,
    /// Units (loops, or loop × competency for a plan).
    pub units: usize,
    pub reading: crate::stats::Reading,
    /// "agreement on Incident response is low: review its rating guide".
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InterviewerLeniency {
    pub interviewer: PersonRef,
    /// Mean offset from the rest of the panel on the same candidates and competencies
    /// (positive: rates higher than the others).
    pub offset: f64,
    pub ratings: usize,
    pub by_quarter: Vec<crate::stats::QuarterOffset>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InterviewStats {
    pub competencies: Vec<Agreement>,
    pub plans: Vec<Agreement>,
    /// Interviewers with at least the minimum number of comparable ratings.
    pub interviewers: Vec<InterviewerLeniency>,
    /// The minimum number of ratings a figure needs to be shown.
    pub min_ratings: usize,
    /// Ratings the figures rest on in all.
    pub ratings: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_time_is_none_and_a_bad_date_is_refused() {
        let c: CandidateInput =
            serde_json::from_str(r#"{"name": "A", "email": "a@b.c", "retain_until": "2027-01-31"}"#).unwrap();
        assert_eq!(c.retain_until, NaiveDate::from_ymd_opt(2027, 1, 31));
        assert!(
            serde_json::from_str::<CandidateInput>(r#"{"name": "A", "email": "a@b.c", "retain_until": "soon"}"#)
                .is_err()
        );
        let s: LoopStageInput =
            serde_json::from_str(r#"{"stage": 0, "interviewers": [], "scheduled_at": "2026-12-14T10:00:00Z"}"#)
                .unwrap();
        assert!(s.scheduled_at.is_some());
        let s: LoopStageInput =
            serde_json::from_str(r#"{"stage": 0, "interviewers": [], "scheduled_at": null}"#).unwrap();
        assert!(s.scheduled_at.is_none());
    }
}
