//! Scoring: the scorecard page and its saves (form and autosave), the debrief, the
//! decision, and the statistics.

// Form server functions take one argument per form field (what a plain HTML form posts).
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
use super::samples_of;
use crate::error::UiError;
use domain::ApiErrorBody;
use domain::interviews::dto::{Debrief, InterviewStats, Loop, LoopStage, PlanSummary, Scorecard};
use domain::interviews::kit::Kit;
use domain::interviews::work_samples::WorkSamples;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The scorecard page: the stage, the kit's rating guide and the reader's scorecard.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScorecardView {
    pub lp: Loop,
    pub stage: LoopStage,
    pub mine: Option<Scorecard>,
    pub kit: Kit,
    /// What the candidate sent, for a work-sample stage.
    pub samples: Option<WorkSamples>,
}

#[server(prefix = "/sfn")]
pub async fn get_scorecard(loop_id: Uuid, stage_id: Uuid) -> Result<ScorecardView, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let lp = service::interviews::loops::get(&services, &actor, loop_id).await?;
    let stage = lp
        .stages
        .iter()
        .find(|s| s.id == stage_id)
        .cloned()
        .ok_or_else(|| service::ServiceError::not_found("Stage"))?;
    let mine = service::interviews::scorecards::mine(&services, &actor, loop_id, stage_id).await?;
    let kit = service::interviews::kit::kit(&services, &actor, loop_id, stage_id).await?;
    let samples = samples_of(&services, &actor, &lp, Some(stage_id)).await?.pop();
    Ok(ScorecardView { lp, stage, mine, kit, samples })
}

/// One competency's fields in the scorecard form (`ratings[<slug>][level]`, `…[evidence]`):
/// `level` is a number, `none` (not observed) or empty (not decided yet).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreFields {
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub evidence: String,
}

/// What an autosave answers: the draft's new version, or the problem.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScorecardSaved {
    pub version: Option<i32>,
    pub problem: Option<ApiErrorBody>,
}

/// The scorecard form's fields, read into the use case's input and saved.
#[cfg(feature = "ssr")]
async fn save_scorecard(
    loop_id: Uuid,
    stage_id: Uuid,
    version: Option<String>,
    submit: bool,
    recommendation: Option<String>,
    notes: Option<String>,
    amend_reason: Option<String>,
    ratings: Option<BTreeMap<String, ScoreFields>>,
) -> Result<service::ServiceResult<Scorecard>, UiError> {
    use domain::interviews::scorecard::{Recommendation, ScoreInput};
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let mut problems = domain::validate::FieldErrors::new();
    let mut scores = Vec::new();
    let mut kept: Vec<(String, String)> = Vec::new();
    for (slug, f) in ratings.unwrap_or_default() {
        kept.push((format!("ratings[{slug}][level]"), f.level.clone()));
        kept.push((format!("ratings[{slug}][evidence]"), f.evidence.clone()));
        let level = match f.level.trim() {
            "" if f.evidence.trim().is_empty() => continue,
            "" => {
                problems.add(&format!("ratings.{slug}.level"), "Choose a level or \"not observed\" for this evidence");
                continue;
            }
            "none" => None,
            n => match n.parse::<i32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    problems.add(&format!("ratings.{slug}.level"), "Choose one of the levels");
                    continue;
                }
            },
        };
        scores.push(ScoreInput { competency: slug, level, evidence: f.evidence });
    }
    let notes = notes.unwrap_or_default();
    kept.push(("notes".into(), notes.clone()));
    kept.push(("recommendation".into(), recommendation.clone().unwrap_or_default()));
    kept.push(("amend_reason".into(), amend_reason.clone().unwrap_or_default()));
    let kept_refs: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    crate::components::form_flash::keep(&kept_refs);
    let recommendation = match recommendation.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(r) => match Recommendation::parse(r) {
            Some(r) => Some(r),
            None => {
                problems.add("recommendation", "Choose one of the four recommendations");
                None
            }
        },
    };
    if !problems.is_empty() {
        return Ok(Err(service::ServiceError::validation(problems)));
    }
    let slugs: Vec<String> = scores.iter().map(|s| s.competency.clone()).collect();
    let input = domain::interviews::dto::ScorecardInput {
        stage_id,
        ratings: scores,
        recommendation,
        notes,
        submit,
        version: version.and_then(|v| v.trim().parse().ok()),
        amend_reason: amend_reason.filter(|r| !r.trim().is_empty()),
    };
    // The service names a rating's problem by position (`ratings[2].evidence`); the form's
    // fields are named by competency.
    Ok(service::interviews::scorecards::save(&services, &actor, loop_id, &input).await.map_err(|mut e| {
        e.fields = e.fields.into_iter().map(|(f, m)| (by_slug(&f, &slugs).unwrap_or(f), m)).collect();
        e
    }))
}

/// The scorecard form posted by its buttons (and without JavaScript): `intent` `save` (a
/// draft, back to the form) or `submit`. A submitted scorecard changes only by an
/// amendment: `amend_reason` then says why.
#[server(prefix = "/sfn")]
pub async fn save_scorecard_form(
    loop_id: Uuid,
    stage_id: Uuid,
    version: Option<String>,
    intent: Option<String>,
    recommendation: Option<String>,
    notes: Option<String>,
    amend_reason: Option<String>,
    ratings: Option<BTreeMap<String, ScoreFields>>,
) -> Result<Option<ApiErrorBody>, UiError> {
    let submit = intent.as_deref() == Some("submit");
    let result =
        save_scorecard(loop_id, stage_id, version, submit, recommendation, notes, amend_reason, ratings).await?;
    crate::components::form_flash::form_answer(result, |s| {
        let after = if s.status == domain::interviews::scorecard::ScorecardStatus::Submitted {
            "submitted=1"
        } else {
            "saved=1"
        };
        leptos_actix::redirect(&format!("/interviews/loops/{loop_id}/stages/{stage_id}?{after}"));
    })
}

/// The same form saved as a draft while it is typed (the `Autosave` island): no redirect,
/// the new version comes back for the next save.
#[server(prefix = "/sfn")]
pub async fn autosave_scorecard(
    loop_id: Uuid,
    stage_id: Uuid,
    version: Option<String>,
    intent: Option<String>,
    recommendation: Option<String>,
    notes: Option<String>,
    amend_reason: Option<String>,
    ratings: Option<BTreeMap<String, ScoreFields>>,
) -> Result<ScorecardSaved, UiError> {
    let _ = intent;
    let result =
        save_scorecard(loop_id, stage_id, version, false, recommendation, notes, amend_reason, ratings).await?;
    match result {
        Ok(s) => Ok(ScorecardSaved { version: Some(s.version), problem: None }),
        Err(e) if e.code.http_status() < 500 => Ok(ScorecardSaved { version: None, problem: Some(e.body()) }),
        Err(e) => Err(e.into()),
    }
}

/// `ratings[2].evidence` → `ratings.<slug of the third>.evidence`.
#[cfg(feature = "ssr")]
fn by_slug(field: &str, slugs: &[String]) -> Option<String> {
    let rest = field.strip_prefix("ratings[")?;
    let (index, part) = rest.split_once("].")?;
    let slug = slugs.get(index.parse::<usize>().ok()?)?;
    Some(format!("ratings.{slug}.{part}"))
}

/// The debrief page: the loop, and the debrief once the reader may read it, or why not yet.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DebriefView {
    pub lp: Loop,
    pub debrief: Option<Debrief>,
    /// Why there is no debrief yet (scorecards still out).
    pub waiting: Option<String>,
    pub owner: bool,
    /// Only the hiring manager opens a debrief early.
    pub hiring_manager: bool,
    /// Refused: the reader is on the panel and has not submitted (the use case audited it).
    pub refused: Option<String>,
    pub me: Uuid,
}

#[server(prefix = "/sfn")]
pub async fn get_debrief(loop_id: Uuid) -> Result<DebriefView, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let (lp, read) = service::interviews::debrief::page(&services, &actor, loop_id).await?;
    let hiring_manager = lp.hiring_manager.id == actor.person_id;
    let owner = hiring_manager || service::policy::is_hr(&actor);
    // an early read is refused (403) and audited by the use case itself
    let (mut debrief, mut waiting, mut refused) = (None, None, None);
    match read {
        Ok(d) => debrief = Some(d),
        Err(e) if e.code == domain::ErrorCode::Conflict => waiting = Some(e.message.clone()),
        Err(e) if e.code == domain::ErrorCode::Forbidden => refused = Some(e.message.clone()),
        Err(e) => return Err(e.into()),
    };
    Ok(DebriefView { lp, debrief, waiting, owner, hiring_manager, refused, me: actor.person_id })
}

/// The hiring manager opens the debrief before every scorecard is in, saying why.
#[server(prefix = "/sfn")]
pub async fn open_debrief_early(loop_id: Uuid, reason: String) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    crate::components::form_flash::keep(&[("reason", &reason)]);
    let input = domain::interviews::dto::OpenDebrief { reason };
    let result = service::interviews::debrief::open_early(&services, &actor, loop_id, &input).await;
    crate::components::form_flash::form_answer(result, |_| {
        leptos_actix::redirect(&format!("/interviews/loops/{loop_id}/debrief"))
    })
}

/// Records a decision (or a new one superseding the last, with a reason).
#[server(prefix = "/sfn")]
pub async fn record_decision(
    loop_id: Uuid,
    decision: String,
    rationale: String,
    supersede_reason: Option<String>,
) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    crate::components::form_flash::keep(&[
        ("rationale", &rationale),
        ("supersede_reason", supersede_reason.as_deref().unwrap_or("")),
    ]);
    let Some(decision) = domain::interviews::decision::Decision::parse(decision.trim()) else {
        let mut p = domain::validate::FieldErrors::new();
        p.add("decision", "Choose hire, no hire or more data");
        return crate::components::form_flash::form_answer::<()>(Err(service::ServiceError::validation(p)), |_| {});
    };
    let input = domain::interviews::dto::DecisionInput {
        decision,
        rationale,
        supersede_reason: supersede_reason.filter(|r| !r.trim().is_empty()),
    };
    let result = service::interviews::debrief::decide(&services, &actor, loop_id, &input).await;
    crate::components::form_flash::form_answer(result, |_| {
        leptos_actix::redirect(&format!("/interviews/loops/{loop_id}/debrief?decided=1#decision-title"))
    })
}

/// The statistics, filtered (all optional).
#[server(prefix = "/sfn")]
pub async fn get_interview_stats(
    plan: Option<Uuid>,
    competency: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<(InterviewStats, Vec<PlanSummary>), UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let date = |s: Option<String>| s.and_then(|s| s.trim().parse::<chrono::NaiveDate>().ok());
    let filter = service::interviews::stats::Filter {
        plan,
        competency: competency.filter(|c| !c.trim().is_empty()),
        interviewer: None,
        from: date(from),
        to: date(to),
    };
    let stats = service::interviews::stats::get(&services, &actor, &filter).await?;
    let plans = service::interviews::plans::list(&services, &actor).await?;
    Ok((stats, plans))
}
