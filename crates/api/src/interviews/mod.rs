//! Structured interviews: the exercise library, interview plans, candidates, loops,
//! scorecards, the debrief and decisions; work samples in [`work_samples`].

pub mod work_samples;

use crate::auth::Authenticated;
use crate::error::ApiResult;
use actix_web::{HttpResponse, web};
use domain::ApiErrorBody;
use domain::interviews::dto::{
    Candidate, CandidateInput, CandidatePage, CandidateUpdate, Debrief, DecisionInput, DecisionRecord, ExerciseUpdate,
    Loop, LoopPage, NewLoop, NewPlan, OpenDebrief, PlanDraftSave, PlanSummary, PlanVersion, PublishPlan, Scorecard,
    ScorecardInput,
};
use domain::interviews::exercise::{Exercise, ExerciseInput};
use serde::Deserialize;
use service::Services;
use service::interviews::{candidates, debrief, exercises, loops, plans, scorecards};
use uuid::Uuid;

/// The exercise library: the exercises Hatrack ships and the organization's own.
#[utoipa::path(get, path = "/api/v1/exercises", tag = "interviews", security(("bearer" = [])),
    responses((status = 200, body = Vec<Exercise>)))]
pub async fn list_exercises(services: web::Data<Services>, who: Authenticated) -> ApiResult<web::Json<Vec<Exercise>>> {
    Ok(web::Json(exercises::list(&services, &who.0).await?))
}

/// Adds an exercise to the library (HR and managers).
#[utoipa::path(post, path = "/api/v1/exercises", tag = "interviews", security(("bearer" = [])),
    request_body = ExerciseInput,
    responses((status = 201, body = Exercise), (status = 403, body = ApiErrorBody),
        (status = 409, description = "the title is taken", body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_exercise(
    services: web::Data<Services>,
    who: Authenticated,
    body: web::Json<ExerciseInput>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(exercises::create(&services, &who.0, &body).await?))
}

#[utoipa::path(get, path = "/api/v1/exercises/{id}", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Exercise), (status = 404, body = ApiErrorBody)))]
pub async fn get_exercise(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Exercise>> {
    Ok(web::Json(exercises::get(&services, &who.0, *id).await?))
}

/// Replaces an exercise's fields, with the `version` read (HR and managers).
#[utoipa::path(put, path = "/api/v1/exercises/{id}", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ExerciseUpdate,
    responses((status = 200, body = Exercise), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
pub async fn update_exercise(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<ExerciseUpdate>,
) -> ApiResult<web::Json<Exercise>> {
    Ok(web::Json(exercises::update(&services, &who.0, *id, &body.exercise, body.version).await?))
}

/// Interview plans, with their newest published version and draft.
#[utoipa::path(get, path = "/api/v1/interview-plans", tag = "interviews", security(("bearer" = [])),
    responses((status = 200, body = Vec<PlanSummary>)))]
pub async fn list_plans(services: web::Data<Services>, who: Authenticated) -> ApiResult<web::Json<Vec<PlanSummary>>> {
    Ok(web::Json(plans::list(&services, &who.0).await?))
}

/// A new plan for a role profile, as a first draft (HR and managers).
#[utoipa::path(post, path = "/api/v1/interview-plans", tag = "interviews", security(("bearer" = [])),
    request_body(content = NewPlan, example = json!({"name": "IT Lead interviews", "role_profile_id": "00000000-0000-0000-0000-000000000000",
        "document": {"stages": [{"name": "Outage triage", "kind": "panel", "minutes": 45,
            "items": [{"text": "Walk us through the last outage you led."}],
            "competencies": [{"competency": "incident-response-recovery", "notes": ""}]}]}})),
    responses((status = 201, body = PlanVersion), (status = 403, body = ApiErrorBody),
        (status = 409, description = "the name is taken", body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_plan(
    services: web::Data<Services>,
    who: Authenticated,
    body: web::Json<NewPlan>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(plans::create(&services, &who.0, &body).await?))
}

#[utoipa::path(get, path = "/api/v1/interview-plans/{id}", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = PlanSummary), (status = 404, body = ApiErrorBody)))]
pub async fn get_plan(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<PlanSummary>> {
    Ok(web::Json(plans::get(&services, &who.0, *id).await?))
}

/// One version of a plan (drafts only to HR and managers).
#[utoipa::path(get, path = "/api/v1/interview-plans/versions/{version_id}", tag = "interviews", security(("bearer" = [])),
    params(("version_id" = Uuid, Path)), responses((status = 200, body = PlanVersion), (status = 404, body = ApiErrorBody)))]
pub async fn plan_version(
    services: web::Data<Services>,
    who: Authenticated,
    version_id: web::Path<Uuid>,
) -> ApiResult<web::Json<PlanVersion>> {
    Ok(web::Json(plans::version(&services, &who.0, *version_id).await?))
}

/// Saves the draft's whole document, with the `version` read.
#[utoipa::path(put, path = "/api/v1/interview-plans/{id}/draft", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = PlanDraftSave,
    responses((status = 200, body = PlanVersion), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
pub async fn save_plan_draft(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<PlanDraftSave>,
) -> ApiResult<web::Json<PlanVersion>> {
    Ok(web::Json(plans::save_draft(&services, &who.0, *id, &body).await?))
}

/// Starts a new draft from the newest published version.
#[utoipa::path(post, path = "/api/v1/interview-plans/{id}/draft", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 201, body = PlanVersion), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn start_plan_draft(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(plans::new_draft(&services, &who.0, *id).await?))
}

/// Throws away a later draft (the published versions stay).
#[utoipa::path(delete, path = "/api/v1/interview-plans/{id}/draft", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody)))]
pub async fn discard_plan_draft(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    plans::discard_draft(&services, &who.0, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Publishes the draft: complete, checked against its framework version, then frozen.
#[utoipa::path(post, path = "/api/v1/interview-plans/{id}/publish", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = PublishPlan,
    responses((status = 200, body = PlanVersion), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
pub async fn publish_plan(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<PublishPlan>,
) -> ApiResult<web::Json<PlanVersion>> {
    Ok(web::Json(plans::publish(&services, &who.0, *id, &body).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CandidateParams {
    /// Part of the name or email.
    pub q: Option<String>,
    /// From 1.
    pub page: Option<i64>,
    /// 1 to 200; 50 by default.
    pub per_page: Option<i64>,
}

/// Candidates, newest first (HR and managers).
#[utoipa::path(get, path = "/api/v1/candidates", tag = "interviews", security(("bearer" = [])),
    params(CandidateParams), responses((status = 200, body = CandidatePage), (status = 403, body = ApiErrorBody)))]
pub async fn list_candidates(
    services: web::Data<Services>,
    who: Authenticated,
    q: web::Query<CandidateParams>,
) -> ApiResult<web::Json<CandidatePage>> {
    Ok(web::Json(candidates::list(&services, &who.0, q.q.as_deref(), q.page, q.per_page).await?))
}

/// Adds a candidate (HR and managers); kept until `retain_until` unless hired.
#[utoipa::path(post, path = "/api/v1/candidates", tag = "interviews", security(("bearer" = [])),
    request_body(content = CandidateInput, example = json!({"name": "Sam Okafor", "email": "sam@example.org",
        "source": "referral", "consent": true})),
    responses((status = 201, body = Candidate), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_candidate(
    services: web::Data<Services>,
    who: Authenticated,
    body: web::Json<CandidateInput>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(candidates::create(&services, &who.0, &body).await?))
}

#[utoipa::path(get, path = "/api/v1/candidates/{id}", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Candidate), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn get_candidate(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Candidate>> {
    Ok(web::Json(candidates::get(&services, &who.0, *id).await?))
}

#[utoipa::path(put, path = "/api/v1/candidates/{id}", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = CandidateUpdate,
    responses((status = 200, body = Candidate), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
pub async fn update_candidate(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<CandidateUpdate>,
) -> ApiResult<web::Json<Candidate>> {
    Ok(web::Json(candidates::update(&services, &who.0, *id, &body.input(), body.version).await?))
}

/// Everything held about a candidate, as JSON (HR; a data request).
#[utoipa::path(get, path = "/api/v1/candidates/{id}/export", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = serde_json::Value), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn export_candidate(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<serde_json::Value>> {
    Ok(web::Json(candidates::export(&services, &who.0, *id).await?))
}

/// Removes what identifies a candidate now (HR; an erasure request). Ratings stay.
#[utoipa::path(post, path = "/api/v1/candidates/{id}/erase", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Candidate), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn erase_candidate(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Candidate>> {
    Ok(web::Json(candidates::erase(&services, &who.0, *id).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LoopParams {
    /// Only this candidate's loops.
    pub candidate: Option<Uuid>,
    /// From 1.
    pub page: Option<i64>,
    /// 1 to 200; 50 by default.
    pub per_page: Option<i64>,
}

/// The loops the caller may see, newest first: all for HR, else those they interview on
/// or hire for.
#[utoipa::path(get, path = "/api/v1/loops", tag = "interviews", security(("bearer" = [])),
    params(LoopParams), responses((status = 200, body = LoopPage)))]
pub async fn list_loops(
    services: web::Data<Services>,
    who: Authenticated,
    q: web::Query<LoopParams>,
) -> ApiResult<web::Json<LoopPage>> {
    Ok(web::Json(loops::list(&services, &who.0, q.candidate, q.page, q.per_page).await?))
}

/// Schedules a loop on the newest published version of a plan (HR and managers).
#[utoipa::path(post, path = "/api/v1/loops", tag = "interviews", security(("bearer" = [])),
    request_body = NewLoop,
    responses((status = 201, body = Loop), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_loop(
    services: web::Data<Services>,
    who: Authenticated,
    body: web::Json<NewLoop>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(loops::create(&services, &who.0, &body).await?))
}

/// A loop as the caller may see it (a blind grader sees its code, not the candidate).
#[utoipa::path(get, path = "/api/v1/loops/{id}", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, body = Loop), (status = 404, body = ApiErrorBody)))]
pub async fn get_loop(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Loop>> {
    Ok(web::Json(loops::get(&services, &who.0, *id).await?))
}

/// The panel's scorecards: only once the caller has submitted their own (403, audited,
/// before that).
#[utoipa::path(get, path = "/api/v1/loops/{id}/scorecards", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Scorecard>), (status = 403, description = "independent scoring: submit yours first",
        body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn panel_scorecards(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Vec<Scorecard>>> {
    Ok(web::Json(scorecards::panel(&services, &who.0, *id).await?))
}

/// Saves the caller's scorecard for a stage they interview on: a draft, or submitted;
/// a submitted one changes only by an amendment with `amend_reason`.
#[utoipa::path(put, path = "/api/v1/loops/{id}/scorecards", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ScorecardInput,
    responses((status = 200, body = Scorecard), (status = 403, body = ApiErrorBody),
        (status = 409, description = "submitted already, or saved by another tab", body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
pub async fn save_scorecard(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<ScorecardInput>,
) -> ApiResult<web::Json<Scorecard>> {
    Ok(web::Json(scorecards::save(&services, &who.0, *id, &body).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StageParam {
    /// The loop stage (`stages[].id` of the loop).
    pub stage_id: Uuid,
}

/// The caller's own scorecard for a stage (null before the first save).
#[utoipa::path(get, path = "/api/v1/loops/{id}/scorecards/mine", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path), StageParam),
    responses((status = 200, body = Option<Scorecard>), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn my_scorecard(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    q: web::Query<StageParam>,
) -> ApiResult<web::Json<Option<Scorecard>>> {
    Ok(web::Json(scorecards::mine(&services, &who.0, *id, q.stage_id).await?))
}

/// The debrief: once every scorecard is in (or opened early by the hiring manager), for
/// those who may read the panel.
#[utoipa::path(get, path = "/api/v1/loops/{id}/debrief", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Debrief), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 409, description = "not every scorecard is in yet", body = ApiErrorBody)))]
pub async fn get_debrief(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Debrief>> {
    Ok(web::Json(debrief::get(&services, &who.0, *id).await?))
}

/// The hiring manager opens the debrief before every scorecard is in, saying why.
#[utoipa::path(post, path = "/api/v1/loops/{id}/debrief", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = OpenDebrief,
    responses((status = 200, body = Debrief), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
pub async fn open_debrief(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<OpenDebrief>,
) -> ApiResult<web::Json<Debrief>> {
    Ok(web::Json(debrief::open_early(&services, &who.0, *id, &body).await?))
}

/// Records the decision. A record never changes: a new one supersedes it, with a reason.
#[utoipa::path(post, path = "/api/v1/loops/{id}/decision", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = DecisionInput,
    responses((status = 201, body = DecisionRecord), (status = 403, body = ApiErrorBody),
        (status = 409, description = "before the debrief, or a record exists and no reason to supersede it", body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
pub async fn record_decision(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<DecisionInput>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(debrief::decide(&services, &who.0, *id, &body).await?))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/exercises", web::get().to(list_exercises))
        .route("/exercises", web::post().to(create_exercise))
        .route("/exercises/{id}", web::get().to(get_exercise))
        .route("/exercises/{id}", web::put().to(update_exercise))
        .route("/interview-plans", web::get().to(list_plans))
        .route("/interview-plans", web::post().to(create_plan))
        .route("/interview-plans/versions/{version_id}", web::get().to(plan_version))
        .route("/interview-plans/{id}", web::get().to(get_plan))
        .route("/interview-plans/{id}/draft", web::put().to(save_plan_draft))
        .route("/interview-plans/{id}/draft", web::post().to(start_plan_draft))
        .route("/interview-plans/{id}/draft", web::delete().to(discard_plan_draft))
        .route("/interview-plans/{id}/publish", web::post().to(publish_plan))
        .route("/candidates", web::get().to(list_candidates))
        .route("/candidates", web::post().to(create_candidate))
        .route("/candidates/{id}", web::get().to(get_candidate))
        .route("/candidates/{id}", web::put().to(update_candidate))
        .route("/candidates/{id}/export", web::get().to(export_candidate))
        .route("/candidates/{id}/erase", web::post().to(erase_candidate))
        .route("/loops", web::get().to(list_loops))
        .route("/loops", web::post().to(create_loop))
        .route("/loops/{id}", web::get().to(get_loop))
        .route("/loops/{id}/scorecards", web::get().to(panel_scorecards))
        .route("/loops/{id}/scorecards", web::put().to(save_scorecard))
        .route("/loops/{id}/scorecards/mine", web::get().to(my_scorecard))
        .route("/loops/{id}/debrief", web::get().to(get_debrief))
        .route("/loops/{id}/debrief", web::post().to(open_debrief))
        .route("/loops/{id}/decision", web::post().to(record_decision))
        .route("/loops/{id}/stages/{stage}/kit", web::get().to(kit))
        .route("/interview-stats", web::get().to(interview_stats))
        .configure(work_samples::configure);
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KitParams {
    /// `html` (the default: a printable page) or `ics` (a calendar event; 404 when the
    /// stage is not scheduled).
    pub format: Option<String>,
}

/// The interview kit of a stage: questions, exercises, rating guide and a blank
/// scorecard as a printable page, or the interview as an iCalendar event.
#[utoipa::path(get, path = "/api/v1/loops/{id}/stages/{stage}/kit", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("stage" = Uuid, Path, description = "the loop stage"), KitParams),
    responses((status = 200, description = "text/html or text/calendar", content_type = "text/html"),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn kit(
    services: web::Data<Services>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
    q: web::Query<KitParams>,
) -> ApiResult<HttpResponse> {
    let (loop_id, stage) = path.into_inner();
    let kit = service::interviews::kit::kit(&services, &who.0, loop_id, stage).await?;
    match q.format.as_deref() {
        Some("ics") => {
            let event = domain::interviews::kit::event(&kit, chrono::Utc::now())
                .ok_or_else(|| service::ServiceError::not_found("Scheduled interview"))?;
            Ok(HttpResponse::Ok()
                .content_type("text/calendar; charset=utf-8")
                .insert_header(("content-disposition", "attachment; filename=\"interview.ics\""))
                .body(domain::interviews::calendar::write(&event)))
        }
        None | Some("html") => Ok(HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header(("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"))
            .body(domain::interviews::kit::html(&kit))),
        Some(_) => Err(service::ServiceError::new(domain::ErrorCode::Validation, "Choose format=html or format=ics")
            .with_field("format", "html or ics")
            .into()),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsParams {
    pub plan_id: Option<Uuid>,
    /// A competency's slug.
    pub competency: Option<String>,
    /// Keeps the loops this interviewer was on (with their whole panel).
    pub interviewer_id: Option<Uuid>,
    /// Scorecards submitted on or after this date.
    pub from: Option<chrono::NaiveDate>,
    /// Scorecards submitted on or before this date.
    pub to: Option<chrono::NaiveDate>,
}

/// How far interviewers agree (Krippendorff's alpha per competency and per plan) and each
/// interviewer's leniency by quarter, each with the ratings behind it (HR and managers).
#[utoipa::path(get, path = "/api/v1/interview-stats", tag = "interviews", security(("bearer" = [])),
    params(StatsParams), responses((status = 200, body = domain::interviews::dto::InterviewStats), (status = 403, body = ApiErrorBody)))]
pub async fn interview_stats(
    services: web::Data<Services>,
    who: Authenticated,
    q: web::Query<StatsParams>,
) -> ApiResult<web::Json<domain::interviews::dto::InterviewStats>> {
    let q = q.into_inner();
    let filter = service::interviews::stats::Filter {
        plan: q.plan_id,
        competency: q.competency.map(|c| c.trim().to_string()).filter(|c| !c.is_empty()),
        interviewer: q.interviewer_id,
        from: q.from,
        to: q.to,
    };
    Ok(web::Json(service::interviews::stats::get(&services, &who.0, &filter).await?))
}
