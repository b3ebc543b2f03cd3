//! Loops: the hub's list, a loop's page, scheduling a loop and sending a work-sample link.

// Form server functions take one argument per form field (what a plain HTML form posts).
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
use super::{LIST_CAP, samples_of};
use crate::error::UiError;
use domain::ApiErrorBody;
use domain::identity::PersonRef;
use domain::interviews::dto::{Candidate, Loop, LoopPage, PlanSummary, PlanVersion};
use domain::interviews::work_samples::{LinkCreated, WorkSamples};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

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

#[server(prefix = "/sfn")]
pub async fn get_loop(id: Uuid) -> Result<LoopView, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let lp = service::interviews::loops::get(&services, &actor, id).await?;
    let owner = lp.hiring_manager.id == actor.person_id || service::policy::is_hr(&actor);
    let samples = samples_of(&services, &actor, &lp, None).await?;
    Ok(LoopView { lp, me: actor.person_id, owner, samples })
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
