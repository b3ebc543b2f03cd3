//! Interview loops: a candidate × the newest published version of a plan, with a panel
//! per stage and a hiring manager. Who sees what of a loop is its reader's `LoopSeat`:
//! interviewers only the loops they are on, blind graders a code in place of the
//! candidate until they submit, decisions only once the reader may read the panel.

use super::person;
use crate::actor::Actor;
use crate::policy::{self, LoopSeat};
use crate::{ServiceError, ServiceResult, Services, audit};
use db::interviews::loops::{LoopRow, LoopStageRow};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::interviews::code::candidate_code;
use domain::interviews::decision::Decision;
use domain::interviews::dto::{
    CandidateRef, Interviewer, Loop, LoopPage, LoopStage, LoopSummary, NewLoop, StageCompetencyRef,
};
use domain::interviews::plan::StageKind;
use domain::interviews::scorecard::ScorecardStatus;
use domain::validate::FieldErrors;
use uuid::Uuid;

/// A loop with its reader's seat: the one place that decides what they may see of it.
pub(crate) struct Seen {
    pub row: LoopRow,
    pub seat: LoopSeat,
    pub stages: Vec<LoopStageRow>,
}

impl Seen {
    pub fn blind_stages(&self) -> Vec<Uuid> {
        self.stages.iter().filter(|s| s.blind).map(|s| s.id).collect()
    }
    pub fn sees_candidate(&self) -> bool {
        policy::sees_candidate(&self.seat, &self.blind_stages())
    }
}

/// Loads a loop as `actor` may see it; 404 when they may not see it at all.
pub(crate) async fn seen(conn: &mut AsyncPgConnection, actor: &Actor, id: Uuid) -> ServiceResult<Seen> {
    let org = actor.organization_id;
    let row =
        db::interviews::loops::get(conn, org, id).await?.ok_or_else(|| ServiceError::not_found("Interview loop"))?;
    let panel = db::interviews::loops::panel_of(conn, id, actor.person_id).await?;
    let seat = LoopSeat::of(actor, row.hiring_manager_id, panel);
    if !policy::may_see_loop(&seat) {
        return Err(ServiceError::not_found("Interview loop"));
    }
    let stages = db::interviews::loops::stages(conn, org, id).await?;
    Ok(Seen { row, seat, stages })
}

/// Records a refused early read (independent scoring) and answers 403.
pub(crate) async fn refuse_early_read(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    loop_id: Uuid,
    what: &str,
) -> ServiceError {
    let entry = audit::Entry::new("interview_loop.early_read_refused", "interview_loop", loop_id)
        .after(&serde_json::json!({ "tried": what }));
    // the refusal is the answer even if writing it down fails; the failure is logged
    if let Err(e) = audit::record(conn, Some(actor), actor.organization_id, entry).await {
        tracing::warn!(error = %e, "could not audit a refused early read");
    }
    ServiceError::forbidden(&format!(
        "read the panel's {what} before submitting your own scorecard (independent scoring: submit yours first)"
    ))
}

fn candidate_of(row: &LoopRow, visible: bool) -> Option<CandidateRef> {
    (visible && !row.anonymised).then(|| CandidateRef { id: row.candidate_id, name: row.candidate_name.clone() })
}

fn decision_of(row: &LoopRow, seat: &LoopSeat) -> Option<Decision> {
    if policy::may_read_panel(seat) { row.decision.as_deref().and_then(Decision::parse) } else { None }
}

pub(crate) async fn view(
    services: &Services,
    conn: &mut AsyncPgConnection,
    org: Uuid,
    seen: &Seen,
) -> ServiceResult<Loop> {
    let competencies = super::plans::published_stages(services, conn, org, seen.row.plan_version_id).await?;
    let mut stages: Vec<LoopStage> = Vec::new();
    for s in &seen.stages {
        if stages.last().is_none_or(|l| l.id != s.id) {
            stages.push(LoopStage {
                id: s.id,
                position: s.position,
                name: s.name.clone(),
                kind: StageKind::parse(&s.kind).unwrap_or(StageKind::Other),
                blind: s.blind,
                scheduled_at: s.scheduled_at,
                minutes: s.minutes,
                location: s.location.clone(),
                interviewers: Vec::new(),
                competencies: competencies
                    .iter()
                    .filter(|c| c.stage_id == s.stage_id)
                    .map(|c| StageCompetencyRef {
                        slug: c.slug.clone(),
                        name: c.name.clone(),
                        level_count: c.level_count,
                    })
                    .collect(),
            });
        }
        if let (Some(id), Some(name), Some(stage)) = (s.interviewer_id, &s.interviewer_name, stages.last_mut()) {
            stage.interviewers.push(Interviewer {
                person: person(id, name.clone()),
                scorecard: s.scorecard_status.as_deref().and_then(ScorecardStatus::parse),
            });
        }
    }
    let r = &seen.row;
    Ok(Loop {
        id: r.id,
        code: r.code.clone(),
        candidate: candidate_of(r, seen.sees_candidate()),
        plan_id: r.plan_id,
        plan_name: r.plan_name.clone(),
        plan_version: r.plan_number,
        hiring_manager: person(r.hiring_manager_id, r.hiring_manager_name.clone()),
        stages,
        expected: r.expected,
        submitted: r.submitted,
        debrief_open: r.debrief_opened_at.is_some() || (r.expected > 0 && r.submitted >= r.expected),
        decision: decision_of(r, &seen.seat),
        created_at: r.created_at,
    })
}

pub async fn get(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<Loop> {
    let mut conn = services.conn().await?;
    let seen = seen(&mut conn, actor, id).await?;
    view(services, &mut conn, actor.organization_id, &seen).await
}

/// The loops the reader may see: all of them for HR, else those they are on or hire for.
/// Loops on a page.
pub const DEFAULT_PAGE_SIZE: i64 = 50;
pub const MAX_PAGE_SIZE: i64 = 200;

/// The loops the reader may see, newest first, a page at a time (`page` from 1); of one
/// candidate when `candidate` is given.
pub async fn list(
    services: &Services,
    actor: &Actor,
    candidate: Option<Uuid>,
    page: Option<i64>,
    per_page: Option<i64>,
) -> ServiceResult<LoopPage> {
    let per_page = per_page.unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, MAX_PAGE_SIZE);
    let page = page.unwrap_or(1).clamp(1, 1_000_000);
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    let seen_by = (!policy::is_hr(actor)).then_some(actor.person_id);
    let (rows, total) =
        db::interviews::loops::list(&mut conn, org, seen_by, candidate, (page - 1) * per_page, per_page).await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let seats = db::interviews::loops::seats_of(&mut conn, actor.person_id, &ids).await?;
    let items = rows
        .into_iter()
        .map(|r| {
            let mine: Vec<_> = seats.iter().filter(|s| s.0 == r.id).collect();
            let seat = LoopSeat::of(actor, r.hiring_manager_id, mine.iter().map(|s| (s.1, s.3)).collect());
            let blind: Vec<Uuid> = mine.iter().filter(|s| s.2).map(|s| s.1).collect();
            LoopSummary {
                id: r.id,
                code: r.code.clone(),
                candidate: candidate_of(&r, policy::sees_candidate(&seat, &blind)),
                plan_name: r.plan_name.clone(),
                hiring_manager: person(r.hiring_manager_id, r.hiring_manager_name.clone()),
                expected: r.expected,
                submitted: r.submitted,
                decision: decision_of(&r, &seat),
                created_at: r.created_at,
            }
        })
        .collect();
    Ok(LoopPage { items, total, page, per_page })
}

pub(crate) async fn of_candidate(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    candidate: Uuid,
) -> ServiceResult<Vec<serde_json::Value>> {
    let rows = db::interviews::loops::of_candidate(conn, org, candidate).await?;
    let mut out = Vec::new();
    for r in rows {
        let decisions = db::interviews::scorecards::decisions(conn, org, r.id).await?;
        out.push(serde_json::json!({
            "loop": r.id, "code": r.code, "plan": r.plan_name, "plan_version": r.plan_number,
            "hiring_manager": r.hiring_manager_name, "created_at": r.created_at,
            "decisions": decisions.iter().map(|d| serde_json::json!({
                "decision": d.decision, "rationale": d.rationale, "decided_at": d.decided_at,
            })).collect::<Vec<_>>(),
        }));
    }
    Ok(out)
}

/// Schedules a loop: the candidate, the newest published version of the plan, a panel per
/// stage (at least one interviewer each), and a hiring manager (the creator by default).
pub async fn create(services: &Services, actor: &Actor, input: &NewLoop) -> ServiceResult<Loop> {
    policy::require_hiring_staff(actor, "schedule interview loops")?;
    let mut conn = services.conn().await?;
    let reader = actor.clone();
    let actor = actor.clone();
    let input = input.clone();
    let id = conn
        .transaction::<_, ServiceError, _>(async move |conn| {
            let org = actor.organization_id;
            let mut problems = FieldErrors::new();
            let candidate = db::interviews::candidates::get(conn, org, input.candidate_id).await?;
            match &candidate {
                None => problems.add("candidate_id", "No such candidate"),
                Some(c) if c.anonymised_at.is_some() => {
                    problems.add("candidate_id", "This candidate's data was removed")
                }
                _ => {}
            }
            let version = db::interviews::plans::latest(conn, org, input.plan_id, true).await?;
            let stages = match &version {
                Some(v) => db::interviews::plans::stages(conn, org, v.id).await?,
                None => {
                    problems.add("plan_id", "Choose a plan with a published version");
                    Vec::new()
                }
            };
            let manager = input.hiring_manager_id.unwrap_or(actor.person_id);
            let mut people: Vec<Uuid> = input.stages.iter().flat_map(|s| s.interviewers.iter().copied()).collect();
            people.push(manager);
            let active = db::interviews::loops::active_people(conn, org, &people).await?;
            if !active.contains(&manager) {
                problems.add("hiring_manager_id", "Choose an active person of your organization");
            }
            if version.is_some() && input.stages.is_empty() {
                problems.add("stages", "Schedule at least one stage");
            }
            let mut planned: Vec<(Uuid, i32)> = Vec::new();
            for (i, s) in input.stages.iter().enumerate() {
                let Some(stage) = stages.iter().find(|p| p.stage_position == s.stage) else {
                    problems
                        .add(&format!("stages.{i}.stage"), format!("The plan has no stage {}", i64::from(s.stage) + 1));
                    continue;
                };
                if planned.iter().any(|(id, _)| *id == stage.stage_id) {
                    problems.add(&format!("stages.{i}.stage"), format!("\"{}\" is scheduled twice", stage.stage_name));
                }
                planned.push((stage.stage_id, stage.minutes));
                if s.interviewers.is_empty() {
                    problems.add(&format!("stages.{i}.interviewers"), "Choose at least one interviewer");
                }
                if s.interviewers.len() > 12 {
                    problems.add(&format!("stages.{i}.interviewers"), "At most 12 interviewers per stage");
                }
                if let Some(p) = s.interviewers.iter().find(|p| !active.contains(p)) {
                    problems.add(
                        &format!("stages.{i}.interviewers"),
                        format!("{p} is not an active person of your organization"),
                    );
                }
                if s.location.chars().count() > 500 {
                    problems.add(&format!("stages.{i}.location"), "At most 500 characters");
                }
            }
            if !problems.is_empty() {
                return Err(ServiceError::validation(problems));
            }
            let version = version.expect("checked above");
            let mut code = candidate_code(crate::auth::jwt::random_bytes());
            while db::interviews::loops::code_taken(conn, org, &code).await? {
                code = candidate_code(crate::auth::jwt::random_bytes());
            }
            let new = db::interviews::loops::NewLoop {
                organization_id: org,
                candidate_id: input.candidate_id,
                plan_version_id: version.id,
                hiring_manager_id: manager,
                code,
                created_by: Some(actor.person_id),
            };
            let id = db::interviews::loops::insert(conn, &new).await?;
            for (s, (stage, minutes)) in input.stages.iter().zip(&planned) {
                let ls = db::interviews::loops::insert_stage(
                    conn,
                    org,
                    id,
                    *stage,
                    s.scheduled_at,
                    *minutes,
                    s.location.trim(),
                )
                .await?;
                for p in &s.interviewers {
                    db::interviews::loops::add_interviewer(conn, org, id, ls, *p).await?;
                }
            }
            let entry = audit::Entry::new("interview_loop.created", "interview_loop", id).after(&input);
            audit::record(conn, Some(&actor), org, entry).await?;
            Ok(id)
        })
        .await?;
    get(services, &reader, id).await
}
