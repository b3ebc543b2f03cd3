//! Server functions of the interview pages: loops, scorecards, the debrief and decision,
//! plans and their draft editor, the exercise library, candidates and the statistics.
//! Each calls the same use case as the JSON API (`api/src/interviews/`), whose rules on
//! who sees what (independent scoring, blind grading) therefore hold here too; all are
//! listed in authorization.toml.

// Form server functions take one argument per form field (what a plain HTML form posts).
#![allow(clippy::too_many_arguments)]

use crate::error::UiError;
use domain::ApiErrorBody;
use domain::identity::PersonRef;
use domain::interviews::dto::{
    Candidate, CandidatePage, Debrief, InterviewStats, Loop, LoopPage, LoopStage, LoopSummary, PlanSummary,
    PlanVersion, Scorecard,
};
use domain::interviews::exercise::Exercise;
use domain::interviews::kit::Kit;
use domain::interviews::work_samples::{LinkCreated, WorkSamples};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The most a page lists in one go where it shows a list whole (a candidate's loops, the
/// candidates to schedule a loop for): the use cases' largest page. A longer list says so.
#[cfg(feature = "ssr")]
const LIST_CAP: i64 = 200;

/// The interviews hub: the loops the reader may see, and what they may start.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoopsView {
    pub loops: LoopPage,
    /// Hiring staff schedule loops and keep plans, candidates and the library.
    pub hiring_staff: bool,
    /// HR and managers read the statistics.
    pub stats: bool,
}

#[server(prefix = "/sfn")]
pub async fn list_loops(page: Option<i64>) -> Result<LoopsView, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let loops = service::interviews::loops::list(&services, &actor, None, page, None).await?;
    Ok(LoopsView {
        loops,
        hiring_staff: service::policy::is_hiring_staff(&actor),
        stats: service::policy::require_interview_stats_reader(&actor).is_ok(),
    })
}

/// A loop as the reader may see it, with what the reader may do on it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoopView {
    pub lp: Loop,
    pub me: Uuid,
    /// The hiring manager or HR: decides, opens the debrief early, sends links.
    pub owner: bool,
    /// The work-sample stages' submissions (and, for owners, their links).
    pub samples: Vec<WorkSamples>,
}

/// The submissions of each work-sample stage of the loop, as the reader may see them.
#[cfg(feature = "ssr")]
async fn samples_of(
    services: &service::Services,
    actor: &service::Actor,
    lp: &Loop,
    only: Option<Uuid>,
) -> Result<Vec<WorkSamples>, UiError> {
    let mut out = Vec::new();
    for s in lp.stages.iter().filter(|s| s.kind == domain::interviews::plan::StageKind::WorkSample) {
        if only.is_none_or(|o| o == s.id) {
            out.push(service::interviews::work_samples::list(services, actor, lp.id, s.id).await?);
        }
    }
    Ok(out)
}

#[server(prefix = "/sfn")]
pub async fn get_loop(id: Uuid) -> Result<LoopView, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let lp = service::interviews::loops::get(&services, &actor, id).await?;
    let owner = lp.hiring_manager.id == actor.person_id || service::policy::is_hr(&actor);
    let samples = samples_of(&services, &actor, &lp, None).await?;
    Ok(LoopView { lp, me: actor.person_id, owner, samples })
}

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

/// The plans, and the role profiles a new one may hire for.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlansView {
    pub plans: Vec<PlanSummary>,
    pub role_profiles: Vec<(Uuid, String)>,
    pub hiring_staff: bool,
}

#[server(prefix = "/sfn")]
pub async fn list_plans() -> Result<PlansView, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let plans = service::interviews::plans::list(&services, &actor).await?;
    let role_profiles = service::rubric::role_profiles::list(&services, &actor)
        .await?
        .into_iter()
        .map(|p| (p.id, format!("{} ({} version {})", p.name, p.framework.framework_name, p.framework.number)))
        .collect();
    Ok(PlansView { plans, role_profiles, hiring_staff: service::policy::is_hiring_staff(&actor) })
}

/// A new plan with an empty draft; on success, its editor.
#[server(prefix = "/sfn")]
pub async fn create_plan(name: String, role_profile_id: String) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    crate::components::form_flash::keep(&[("name", &name)]);
    let Ok(role_profile_id) = role_profile_id.trim().parse::<Uuid>() else {
        let mut p = domain::validate::FieldErrors::new();
        p.add("role_profile_id", "Choose the role this plan hires for");
        return crate::components::form_flash::form_answer::<()>(Err(service::ServiceError::validation(p)), |_| {});
    };
    let input = domain::interviews::dto::NewPlan { name, role_profile_id, document: Default::default() };
    let result = service::interviews::plans::create(&services, &actor, &input).await;
    crate::components::form_flash::form_answer(result, |v| {
        leptos_actix::redirect(&format!("/interviews/plans/{}", v.plan_id))
    })
}

/// A plan: its newest published version, its draft (for hiring staff), and what the
/// draft editor offers (the framework version's competencies, the exercise library).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanView {
    pub plan: PlanSummary,
    pub published: Option<PlanVersion>,
    pub draft: Option<PlanVersion>,
    /// (slug, name, area)
    pub competencies: Vec<(String, String, String)>,
    pub exercises: Vec<Exercise>,
    pub hiring_staff: bool,
}

#[server(prefix = "/sfn")]
pub async fn get_plan(id: Uuid) -> Result<PlanView, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let plan = service::interviews::plans::get(&services, &actor, id).await?;
    let hiring_staff = service::policy::is_hiring_staff(&actor);
    let published = match plan.published_version_id {
        Some(v) => Some(service::interviews::plans::version(&services, &actor, v).await?),
        None => None,
    };
    let draft = match plan.draft_version_id.filter(|_| hiring_staff) {
        Some(v) => Some(service::interviews::plans::version(&services, &actor, v).await?),
        None => None,
    };
    let competencies = match draft.as_ref().or(published.as_ref()) {
        Some(v) => service::interviews::plans::competencies(&services, &actor, v.id).await?,
        None => Vec::new(),
    };
    let exercises = service::interviews::exercises::list(&services, &actor).await?;
    Ok(PlanView { plan, published, draft, competencies, exercises, hiring_staff })
}

/// One change to a plan's draft, made by a plain form: the draft is read at `version`,
/// changed and saved whole (409 when someone saved in between).
#[cfg(feature = "ssr")]
async fn change_draft(
    plan_id: Uuid,
    version: i32,
    change: impl FnOnce(&mut domain::interviews::plan::PlanDoc) -> Result<(), (String, String)>,
) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    service::policy::require_hiring_staff(&actor, "edit interview plans")?;
    let result = async {
        let plan = service::interviews::plans::get(&services, &actor, plan_id).await?;
        let draft_id = plan
            .draft_version_id
            .ok_or_else(|| service::ServiceError::conflict("This plan has no draft: start one first"))?;
        let draft = service::interviews::plans::version(&services, &actor, draft_id).await?;
        let mut document = draft.document;
        if let Err((field, message)) = change(&mut document) {
            let mut p = domain::validate::FieldErrors::new();
            p.add(&field, message);
            return Err(service::ServiceError::validation(p));
        }
        let save = domain::interviews::dto::PlanDraftSave { document, version };
        service::interviews::plans::save_draft(&services, &actor, plan_id, &save).await
    }
    .await;
    crate::components::form_flash::form_answer(result, |_| {
        leptos_actix::redirect(&format!("/interviews/plans/{plan_id}#draft-title"))
    })
}

/// Adds a stage at the end of the draft.
#[server(prefix = "/sfn")]
pub async fn add_plan_stage(
    plan_id: Uuid,
    version: i32,
    name: String,
    kind: String,
    minutes: String,
    blind: Option<String>,
) -> Result<Option<ApiErrorBody>, UiError> {
    use domain::interviews::plan::{StageDoc, StageKind};
    crate::components::form_flash::keep(&[("name", &name), ("minutes", &minutes)]);
    change_draft(plan_id, version, move |doc| {
        let kind = StageKind::parse(kind.trim()).ok_or(("kind".to_string(), "Choose a kind of stage".to_string()))?;
        let minutes = minutes
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|m| (5..=480).contains(m))
            .ok_or(("minutes".to_string(), "Minutes: a whole number from 5 to 480".to_string()))?;
        if name.trim().is_empty() {
            return Err(("name".into(), "Name the stage".into()));
        }
        doc.stages.push(StageDoc {
            name,
            kind,
            blind: blind.is_some() && kind == StageKind::WorkSample,
            minutes,
            items: Vec::new(),
            competencies: Vec::new(),
        });
        Ok(())
    })
    .await
}

/// Removes a stage, or moves it one place up.
#[server(prefix = "/sfn")]
pub async fn change_plan_stage(
    plan_id: Uuid,
    version: i32,
    stage: usize,
    action: String,
) -> Result<Option<ApiErrorBody>, UiError> {
    change_draft(plan_id, version, move |doc| {
        if stage >= doc.stages.len() {
            return Err(("stage".into(), "No such stage".into()));
        }
        match action.as_str() {
            "remove" => {
                doc.stages.remove(stage);
            }
            "up" if stage > 0 => doc.stages.swap(stage, stage - 1),
            "up" => {}
            _ => return Err(("action".into(), "Remove or move up".into())),
        }
        Ok(())
    })
    .await
}

/// Adds an exercise of the library, or a question, to a stage.
#[server(prefix = "/sfn")]
pub async fn add_plan_item(
    plan_id: Uuid,
    version: i32,
    stage: usize,
    exercise_id: Option<String>,
    text: Option<String>,
) -> Result<Option<ApiErrorBody>, UiError> {
    use domain::interviews::plan::ItemDoc;
    change_draft(plan_id, version, move |doc| {
        let s = doc.stages.get_mut(stage).ok_or(("stage".to_string(), "No such stage".to_string()))?;
        let exercise_id = exercise_id.as_deref().map(str::trim).filter(|e| !e.is_empty());
        let text = text.unwrap_or_default();
        match exercise_id {
            Some(id) => {
                let id = id.parse().map_err(|_| ("exercise_id".to_string(), "Choose an exercise".to_string()))?;
                s.items.push(ItemDoc { exercise_id: Some(id), text });
            }
            None if text.trim().is_empty() => {
                return Err(("text".into(), "Write the question, or choose an exercise".into()));
            }
            None => s.items.push(ItemDoc { exercise_id: None, text }),
        }
        Ok(())
    })
    .await
}

/// Removes an item of a stage.
#[server(prefix = "/sfn")]
pub async fn remove_plan_item(
    plan_id: Uuid,
    version: i32,
    stage: usize,
    item: usize,
) -> Result<Option<ApiErrorBody>, UiError> {
    change_draft(plan_id, version, move |doc| {
        let s = doc.stages.get_mut(stage).ok_or(("stage".to_string(), "No such stage".to_string()))?;
        if item >= s.items.len() {
            return Err(("item".into(), "No such item".into()));
        }
        s.items.remove(item);
        Ok(())
    })
    .await
}

/// Sets the competencies a stage rates (`competencies[<slug>]=on`, one per ticked box),
/// keeping the notes of those it already rated.
#[server(prefix = "/sfn")]
pub async fn set_stage_competencies(
    plan_id: Uuid,
    version: i32,
    stage: usize,
    competencies: Option<BTreeMap<String, String>>,
) -> Result<Option<ApiErrorBody>, UiError> {
    use domain::interviews::plan::StageCompetency;
    let ticked: Vec<String> = competencies.unwrap_or_default().into_keys().collect();
    let order = {
        let actor = crate::session::actor().await?;
        let services = crate::session::services().await?;
        service::policy::require_hiring_staff(&actor, "edit interview plans")?;
        let plan = service::interviews::plans::get(&services, &actor, plan_id).await?;
        match plan.draft_version_id {
            Some(v) => service::interviews::plans::competencies(&services, &actor, v).await?,
            None => Vec::new(),
        }
    };
    change_draft(plan_id, version, move |doc| {
        let s = doc.stages.get_mut(stage).ok_or(("stage".to_string(), "No such stage".to_string()))?;
        let old = std::mem::take(&mut s.competencies);
        // framework order, whatever order the form posted them in
        for (slug, _, _) in order.iter().filter(|(slug, _, _)| ticked.contains(slug)) {
            let notes = old.iter().find(|c| &c.competency == slug).map(|c| c.notes.clone()).unwrap_or_default();
            s.competencies.push(StageCompetency { competency: slug.clone(), notes });
        }
        if ticked.iter().any(|t| !order.iter().any(|(slug, _, _)| slug == t)) {
            return Err(("competencies".into(), "A ticked competency is not in this plan's framework".into()));
        }
        Ok(())
    })
    .await
}

/// Sets the rating-guide notes of the competencies a stage rates (`notes[<slug>]=text`).
#[server(prefix = "/sfn")]
pub async fn set_stage_notes(
    plan_id: Uuid,
    version: i32,
    stage: usize,
    notes: Option<BTreeMap<String, String>>,
) -> Result<Option<ApiErrorBody>, UiError> {
    let notes = notes.unwrap_or_default();
    change_draft(plan_id, version, move |doc| {
        let s = doc.stages.get_mut(stage).ok_or(("stage".to_string(), "No such stage".to_string()))?;
        if let Some(slug) = notes.keys().find(|slug| !s.competencies.iter().any(|c| &&c.competency == slug)) {
            return Err(("notes".into(), format!("This stage does not rate \"{slug}\"")));
        }
        for c in &mut s.competencies {
            if let Some(text) = notes.get(&c.competency) {
                c.notes = text.trim().to_string();
            }
        }
        Ok(())
    })
    .await
}

/// Publishes the draft: loops scheduled from now on run this version.
#[server(prefix = "/sfn")]
pub async fn publish_plan(plan_id: Uuid, version: i32, change_note: String) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    crate::components::form_flash::keep(&[("change_note", &change_note)]);
    let input = domain::interviews::dto::PublishPlan { change_note, version };
    let result = service::interviews::plans::publish(&services, &actor, plan_id, &input).await;
    crate::components::form_flash::form_answer(result, |_| {
        leptos_actix::redirect(&format!("/interviews/plans/{plan_id}?published=1"))
    })
}

/// Starts a new draft from the newest published version.
#[server(prefix = "/sfn")]
pub async fn start_plan_draft(plan_id: Uuid) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let result = service::interviews::plans::new_draft(&services, &actor, plan_id).await;
    crate::components::form_flash::form_answer(result, |_| {
        leptos_actix::redirect(&format!("/interviews/plans/{plan_id}#draft-title"))
    })
}

/// The exercise library, and for those who keep it (hiring staff) the competencies an
/// exercise can name.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LibraryView {
    pub exercises: Vec<Exercise>,
    /// (slug, name), of the organization's published frameworks
    pub competencies: Vec<(String, String)>,
    pub hiring_staff: bool,
}

#[server(prefix = "/sfn")]
pub async fn list_exercises() -> Result<LibraryView, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let exercises = service::interviews::exercises::list(&services, &actor).await?;
    let hiring_staff = service::policy::is_hiring_staff(&actor);
    let competencies = if hiring_staff {
        service::interviews::exercises::competency_choices(&services, &actor).await?
    } else {
        Vec::new()
    };
    Ok(LibraryView { exercises, competencies, hiring_staff })
}

/// Adds an exercise to the library (no `id`) or edits one (`id`, `version`), from the
/// library page's form: what good looks like as `good[<level>]=text` (empty levels are
/// left out), the competencies as `competencies[<slug>]=on`, one per ticked box.
#[server(prefix = "/sfn")]
pub async fn save_exercise_form(
    id: Option<Uuid>,
    version: Option<i32>,
    title: String,
    kind: String,
    minutes: String,
    brief: String,
    materials: String,
    good: Option<BTreeMap<String, String>>,
    competencies: Option<BTreeMap<String, String>>,
) -> Result<Option<ApiErrorBody>, UiError> {
    use domain::interviews::exercise::{ExerciseInput, ExerciseKind, LevelGuide};
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    // who may, before what the form says
    service::policy::require_hiring_staff(&actor, "edit the exercise library")?;
    let good = good.unwrap_or_default();
    let mut kept: Vec<(String, String)> = vec![
        ("title".into(), title.clone()),
        ("kind".into(), kind.clone()),
        ("minutes".into(), minutes.clone()),
        ("brief".into(), brief.clone()),
        ("materials".into(), materials.clone()),
    ];
    kept.extend(good.iter().map(|(level, text)| (format!("good.{level}"), text.clone())));
    let ticked: Vec<String> = competencies.unwrap_or_default().into_keys().collect();
    kept.push(("competencies".into(), ticked.join(",")));
    let refs: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    crate::components::form_flash::keep(&refs);
    let mut problems = domain::validate::FieldErrors::new();
    let kind = ExerciseKind::parse(&kind).unwrap_or_else(|| {
        problems.add("kind", "Choose a question, a work sample or a role-play");
        ExerciseKind::Question
    });
    let minutes = minutes.trim().parse::<i32>().unwrap_or_else(|_| {
        problems.add("minutes", "The time box in whole minutes, 5 to 480");
        0
    });
    let mut good_looks_like = Vec::new();
    for (level, text) in good.into_iter().filter(|(_, text)| !text.trim().is_empty()) {
        match level.parse::<i32>() {
            Ok(level) => good_looks_like.push(LevelGuide { level, text }),
            Err(_) => problems.add("good", "A level is a number from 1 to 7"),
        }
    }
    good_looks_like.sort_by_key(|g| g.level);
    let input = ExerciseInput { title, kind, brief, materials, minutes, good_looks_like, competencies: ticked };
    let result = if !problems.is_empty() {
        // what the form got wrong, with what the use case would say of the rest
        for (field, says) in domain::interviews::exercise::check(&input).0 {
            if field != "minutes" {
                problems.add(&field, says);
            }
        }
        Err(service::ServiceError::validation(problems))
    } else {
        match id {
            Some(id) => {
                service::interviews::exercises::update(&services, &actor, id, &input, version.unwrap_or_default()).await
            }
            None => service::interviews::exercises::create(&services, &actor, &input).await,
        }
    };
    crate::components::form_flash::form_answer(result, |e: Exercise| {
        leptos_actix::redirect(&format!("/interviews/exercises#x-{}", e.id))
    })
}

#[server(prefix = "/sfn")]
pub async fn list_candidates(q: Option<String>, page: Option<i64>) -> Result<CandidatePage, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::interviews::candidates::list(&services, &actor, q.as_deref(), page, Some(50)).await?)
}

/// A new candidate; on success, scheduling a loop for them.
#[server(prefix = "/sfn")]
pub async fn add_candidate(
    name: String,
    email: String,
    source: String,
    notes: String,
    consent: Option<String>,
) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    crate::components::form_flash::keep(&[("name", &name), ("email", &email), ("source", &source), ("notes", &notes)]);
    let input = domain::interviews::dto::CandidateInput {
        name,
        email,
        source,
        notes,
        consent: consent.is_some(),
        retain_until: None,
    };
    let result = service::interviews::candidates::create(&services, &actor, &input).await;
    crate::components::form_flash::form_answer(result, |c: Candidate| {
        leptos_actix::redirect(&format!("/interviews/loops/new?candidate={}", c.id))
    })
}

/// A candidate with the loops of theirs the reader may see, and whether the reader keeps
/// candidates' data (HR: export and erase).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CandidateView {
    pub candidate: Candidate,
    /// The newest loops of theirs the reader may see (at most a page's worth) …
    pub loops: Vec<LoopSummary>,
    /// … of this many.
    pub loops_total: i64,
    pub steward: bool,
}

#[server(prefix = "/sfn")]
pub async fn get_candidate(id: Uuid) -> Result<CandidateView, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let candidate = service::interviews::candidates::get(&services, &actor, id).await?;
    let loops = service::interviews::loops::list(&services, &actor, Some(id), None, Some(LIST_CAP)).await?;
    let steward = service::policy::require_candidate_steward(&actor, "keep candidates' data").is_ok();
    Ok(CandidateView { candidate, loops: loops.items, loops_total: loops.total, steward })
}

/// Edits a candidate (hiring staff); `retain_until` is a date (YYYY-MM-DD) or empty to
/// keep the one set.
#[server(prefix = "/sfn")]
pub async fn update_candidate_form(
    id: Uuid,
    version: i32,
    name: String,
    email: String,
    source: String,
    notes: String,
    consent: Option<String>,
    retain_until: String,
) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    service::policy::require_hiring_staff(&actor, "edit candidates")?;
    crate::components::form_flash::keep(&[
        ("name", &name),
        ("email", &email),
        ("source", &source),
        ("notes", &notes),
        ("retain_until", &retain_until),
    ]);
    let result = match parse_date(&retain_until, "retain_until") {
        Ok(retain_until) => {
            let input = domain::interviews::dto::CandidateInput {
                name,
                email,
                source,
                notes,
                consent: consent.is_some(),
                retain_until,
            };
            service::interviews::candidates::update(&services, &actor, id, &input, version).await
        }
        Err(e) => Err(e),
    };
    crate::components::form_flash::form_answer(result, |c: Candidate| {
        leptos_actix::redirect(&format!("/interviews/candidates/{}", c.id))
    })
}

/// Erases what identifies a candidate (HR, on the candidate's request).
#[server(prefix = "/sfn")]
pub async fn erase_candidate_form(id: Uuid) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let result = service::interviews::candidates::erase(&services, &actor, id).await;
    crate::components::form_flash::form_answer(result, |c: Candidate| {
        leptos_actix::redirect(&format!("/interviews/candidates/{}", c.id))
    })
}

/// A date typed into a form (YYYY-MM-DD), or none when left empty.
#[cfg(feature = "ssr")]
fn parse_date(text: &str, field: &str) -> service::ServiceResult<Option<chrono::NaiveDate>> {
    domain::validate::typed_date(text).map_err(|message| {
        let mut problems = domain::validate::FieldErrors::new();
        problems.add(field, message);
        service::ServiceError::validation(problems)
    })
}

/// What scheduling a loop offers: candidates, published plans, people, and the chosen
/// plan's stages.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewLoopView {
    /// The newest candidates (at most a page's worth), and the one asked for by
    /// `?candidate=` wherever it falls …
    pub candidates: Vec<Candidate>,
    /// … of this many.
    pub candidates_total: i64,
    pub plans: Vec<PlanSummary>,
    pub people: Vec<PersonRef>,
    /// The chosen plan's newest published version.
    pub plan: Option<PlanVersion>,
    pub me: Uuid,
}

#[server(prefix = "/sfn")]
pub async fn new_loop_choices(plan: Option<Uuid>, candidate: Option<Uuid>) -> Result<NewLoopView, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    service::policy::require_hiring_staff(&actor, "schedule interview loops")?;
    let listed = service::interviews::candidates::list(&services, &actor, None, None, Some(LIST_CAP)).await?;
    let candidates_total = listed.total;
    let mut candidates: Vec<Candidate> = listed.items;
    // the candidate whose page sent the reader here, even when older than the newest page
    if let Some(id) = candidate.filter(|id| !candidates.iter().any(|c| c.id == *id)) {
        match service::interviews::candidates::get(&services, &actor, id).await {
            Ok(c) => candidates.insert(0, c),
            Err(e) if e.code == domain::ErrorCode::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    candidates.retain(|c| !c.anonymised);
    let plans: Vec<PlanSummary> = service::interviews::plans::list(&services, &actor)
        .await?
        .into_iter()
        .filter(|p| p.published_version_id.is_some())
        .collect();
    let chosen = plan.or_else(|| (plans.len() == 1).then(|| plans[0].id));
    let plan = match chosen.and_then(|id| plans.iter().find(|p| p.id == id)).and_then(|p| p.published_version_id) {
        Some(v) => Some(service::interviews::plans::version(&services, &actor, v).await?),
        None => None,
    };
    let people = service::identity::people::choices(&services, &actor).await?;
    Ok(NewLoopView { candidates, candidates_total, plans, people, plan, me: actor.person_id })
}

/// One stage's fields in the scheduling form (`stages[<position>][…]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StageFields {
    /// `datetime-local` (the organization's clock is UTC for now), or empty.
    #[serde(default)]
    pub scheduled_at: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub interviewer_1: String,
    #[serde(default)]
    pub interviewer_2: String,
    #[serde(default)]
    pub interviewer_3: String,
}

/// Schedules a loop; on success, its page.
#[server(prefix = "/sfn")]
pub async fn schedule_loop(
    candidate_id: String,
    plan_id: Uuid,
    hiring_manager_id: String,
    stages: Option<BTreeMap<String, StageFields>>,
) -> Result<Option<ApiErrorBody>, UiError> {
    use domain::interviews::dto::{LoopStageInput, NewLoop};
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let mut problems = domain::validate::FieldErrors::new();
    let candidate_id = candidate_id.trim().parse::<Uuid>().ok();
    if candidate_id.is_none() {
        problems.add("candidate_id", "Choose the candidate");
    }
    let mut inputs = Vec::new();
    for (position, f) in stages.unwrap_or_default() {
        let Ok(stage) = position.parse::<i32>() else { continue };
        let scheduled_at = match f.scheduled_at.trim() {
            "" => None,
            t => match chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M") {
                Ok(t) => Some(t.and_utc()),
                Err(_) => {
                    problems.add(&format!("stages.{stage}.scheduled_at"), "A date and time, like 2027-01-31 14:00");
                    None
                }
            },
        };
        let mut interviewers: Vec<Uuid> = [&f.interviewer_1, &f.interviewer_2, &f.interviewer_3]
            .into_iter()
            .filter_map(|i| i.trim().parse().ok())
            .collect();
        interviewers.dedup();
        inputs.push(LoopStageInput { stage, scheduled_at, location: f.location, interviewers });
    }
    inputs.sort_by_key(|s| s.stage);
    if !problems.is_empty() {
        return crate::components::form_flash::form_answer::<()>(
            Err(service::ServiceError::validation(problems)),
            |_| {},
        );
    }
    let input = NewLoop {
        candidate_id: candidate_id.unwrap_or_default(),
        plan_id,
        hiring_manager_id: hiring_manager_id.trim().parse().ok(),
        stages: inputs,
    };
    let result = service::interviews::loops::create(&services, &actor, &input).await;
    crate::components::form_flash::form_answer(result, |l| {
        leptos_actix::redirect(&format!("/interviews/loops/{}", l.id))
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

/// A new private link for a work-sample stage (the hiring manager and HR); the loop page
/// shows it once.
#[server(prefix = "/sfn")]
pub async fn send_work_sample_link(
    loop_id: Uuid,
    stage_id: Uuid,
    expires_in_days: Option<String>,
) -> Result<LinkCreated, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let input = domain::interviews::work_samples::NewLink {
        expires_in_days: expires_in_days.and_then(|d| d.trim().parse().ok()),
    };
    Ok(service::interviews::work_samples::create_link(&services, &actor, loop_id, stage_id, &input).await?)
}
