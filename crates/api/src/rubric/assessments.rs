//! Role profiles, assessment cycles, assessments, a person's competency profile and a
//! team's skills matrix.

use crate::auth::Authenticated;
use crate::error::ApiResult;
use actix_web::{HttpResponse, web};
use domain::ApiErrorBody;
use domain::rubric::assessment::{
    AmendAssessment, AssessmentDetail, AssessmentSummary, NewAssessment, SaveRatings, SubmitAssessment,
};
use domain::rubric::cycle::{CycleReport, CycleSummary, NewCycle, UpdateCycle};
use domain::rubric::matrix::SkillsMatrix;
use domain::rubric::profile::PersonCompetencies;
use domain::rubric::role_profile::{
    AssignRoleProfile, NewRoleProfile, RoleProfileDetail, RoleProfileSummary, UpdateRoleProfile,
};
use serde::Deserialize;
use service::Services;
use service::rubric::{assessments, cycles, role_profiles, standing};
use uuid::Uuid;

/// Every role profile of the organization.
#[utoipa::path(get, path = "/api/v1/role-profiles", tag = "rubrics", security(("bearer" = [])),
    responses((status = 200, body = Vec<RoleProfileSummary>), (status = 401, body = ApiErrorBody)))]
pub async fn list_role_profiles(
    services: web::Data<Services>,
    who: Authenticated,
) -> ApiResult<web::Json<Vec<RoleProfileSummary>>> {
    Ok(web::Json(role_profiles::list(&services, &who.0).await?))
}

/// A new role profile against the newest published version of a framework (HR).
#[utoipa::path(post, path = "/api/v1/role-profiles", tag = "rubrics", security(("bearer" = [])),
    request_body(content = NewRoleProfile, example = json!({"name": "Engineer II", "framework_id": "…",
        "expectations": {"incident-response": 3, "code-review": 2}})),
    responses((status = 201, body = RoleProfileDetail), (status = 403, body = ApiErrorBody),
        (status = 409, description = "the name is taken", body = ApiErrorBody),
        (status = 422, description = "`fields` names each bad expectation as `expectations.<slug>`", body = ApiErrorBody)))]
pub async fn create_role_profile(
    services: web::Data<Services>,
    who: Authenticated,
    body: web::Json<NewRoleProfile>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(role_profiles::create(&services, &who.0, &body).await?))
}

/// A role profile with its expected level per competency (the people holding it: HR only).
#[utoipa::path(get, path = "/api/v1/role-profiles/{id}", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = RoleProfileDetail), (status = 404, body = ApiErrorBody)))]
pub async fn get_role_profile(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<RoleProfileDetail>> {
    Ok(web::Json(role_profiles::get(&services, &who.0, *id).await?))
}

/// Replaces name, description and expectations; `upgrade` moves the profile to the
/// framework's newest published version (HR).
#[utoipa::path(put, path = "/api/v1/role-profiles/{id}", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateRoleProfile,
    responses((status = 200, body = RoleProfileDetail), (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_role_profile(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<UpdateRoleProfile>,
) -> ApiResult<web::Json<RoleProfileDetail>> {
    Ok(web::Json(role_profiles::update(&services, &who.0, *id, &body).await?))
}

/// Gives a person a role profile, or clears it with `null` (HR).
#[utoipa::path(put, path = "/api/v1/people/{id}/role-profile", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = AssignRoleProfile,
    responses((status = 204), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
pub async fn assign_role_profile(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<AssignRoleProfile>,
) -> ApiResult<HttpResponse> {
    role_profiles::assign(&services, &who.0, *id, &body).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Every assessment cycle, newest first, with completion counts.
#[utoipa::path(get, path = "/api/v1/cycles", tag = "rubrics", security(("bearer" = [])),
    responses((status = 200, body = Vec<CycleSummary>), (status = 401, body = ApiErrorBody)))]
pub async fn list_cycles(services: web::Data<Services>, who: Authenticated) -> ApiResult<web::Json<Vec<CycleSummary>>> {
    Ok(web::Json(cycles::list(&services, &who.0).await?))
}

/// Opens a cycle against a framework's newest published version (HR).
#[utoipa::path(post, path = "/api/v1/cycles", tag = "rubrics", security(("bearer" = [])),
    request_body(content = NewCycle, example = json!({"name": "Spring 2027", "starts_on": "2027-03-01",
        "ends_on": "2027-03-31", "framework_id": "…"})),
    responses((status = 201, body = CycleSummary), (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_cycle(
    services: web::Data<Services>,
    who: Authenticated,
    body: web::Json<NewCycle>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(cycles::create(&services, &who.0, &body).await?))
}

#[utoipa::path(get, path = "/api/v1/cycles/{id}", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = CycleSummary), (status = 404, body = ApiErrorBody)))]
pub async fn get_cycle(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CycleSummary>> {
    Ok(web::Json(cycles::get(&services, &who.0, *id).await?))
}

/// Renames, moves, closes or reopens a cycle (HR).
#[utoipa::path(put, path = "/api/v1/cycles/{id}", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateCycle,
    responses((status = 200, body = CycleSummary), (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_cycle(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<UpdateCycle>,
) -> ApiResult<web::Json<CycleSummary>> {
    Ok(web::Json(cycles::update(&services, &who.0, *id, &body).await?))
}

/// Completion and the distribution of levels per competency (HR).
#[utoipa::path(get, path = "/api/v1/cycles/{id}/report", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = CycleReport), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn cycle_report(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CycleReport>> {
    Ok(web::Json(cycles::report(&services, &who.0, *id).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssessmentListParams {
    pub cycle_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    /// 1 to 200, default 50.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// The assessments you may read: your own drafts; submitted ones of yourself, of the
/// people below you, or (HR) of everyone.
#[utoipa::path(get, path = "/api/v1/assessments", tag = "rubrics", security(("bearer" = [])),
    params(AssessmentListParams),
    responses((status = 200, body = Vec<AssessmentSummary>), (status = 401, body = ApiErrorBody)))]
pub async fn list_assessments(
    services: web::Data<Services>,
    who: Authenticated,
    q: web::Query<AssessmentListParams>,
) -> ApiResult<web::Json<Vec<AssessmentSummary>>> {
    let q = assessments::ListQuery { cycle: q.cycle_id, person: q.person_id, limit: q.limit, offset: q.offset };
    Ok(web::Json(assessments::list(&services, &who.0, &q).await?))
}

/// Starts your self-assessment (`kind: self`, yourself) or a manager assessment of
/// someone below you. An existing one is returned with 200 instead of 201.
#[utoipa::path(post, path = "/api/v1/assessments", tag = "rubrics", security(("bearer" = [])),
    request_body(content = NewAssessment, example = json!({"cycle_id": "…", "person_id": "…", "kind": "self"})),
    responses((status = 201, body = AssessmentDetail), (status = 200, body = AssessmentDetail),
        (status = 403, body = ApiErrorBody), (status = 409, description = "the cycle is closed", body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
pub async fn start_assessment(
    services: web::Data<Services>,
    who: Authenticated,
    body: web::Json<NewAssessment>,
) -> ApiResult<HttpResponse> {
    let (detail, created) = assessments::start(&services, &who.0, &body).await?;
    Ok(if created { HttpResponse::Created() } else { HttpResponse::Ok() }.json(detail))
}

#[utoipa::path(get, path = "/api/v1/assessments/{id}", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = AssessmentDetail), (status = 404, body = ApiErrorBody)))]
pub async fn get_assessment(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<AssessmentDetail>> {
    Ok(web::Json(assessments::get(&services, &who.0, *id).await?))
}

/// Beside each competency of your manager assessment: the person's own rating and
/// evidence in the same cycle, the level their role profile expects, and your rating in
/// the cycle before, each naming where it comes from. Empty rows for a self-assessment.
#[utoipa::path(get, path = "/api/v1/assessments/{id}/beside", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = domain::rubric::assessment::Beside), (status = 404, body = ApiErrorBody)))]
pub async fn assessment_beside(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<domain::rubric::assessment::Beside>> {
    Ok(web::Json(assessments::beside(&services, &who.0, *id).await?))
}

/// Saves ratings into your draft: listed ratings are written (`level: null` removes one),
/// the rest stay. A level outside the competency's range or a competency not in the
/// cycle's version is a 422 naming `ratings[i].level` / `ratings[i].competency`.
#[utoipa::path(put, path = "/api/v1/assessments/{id}", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = SaveRatings, example = json!({"version": 1, "ratings": [{"competency": "incident-response",
        "level": 3, "evidence": "Ran the May outage call and wrote the review the same week.", "evidence_links": []}]})),
    responses((status = 200, body = AssessmentDetail), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 409, description = "stale version, or already submitted", body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
pub async fn save_assessment(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<SaveRatings>,
) -> ApiResult<web::Json<AssessmentDetail>> {
    Ok(web::Json(assessments::save(&services, &who.0, *id, &body).await?))
}

/// Submits your draft: it becomes read-only. Each rating needs evidence of at least one
/// sentence (422 naming `ratings.<slug>.evidence`).
#[utoipa::path(post, path = "/api/v1/assessments/{id}/submit", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = SubmitAssessment,
    responses((status = 200, body = AssessmentDetail), (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn submit_assessment(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<SubmitAssessment>,
) -> ApiResult<web::Json<AssessmentDetail>> {
    Ok(web::Json(assessments::submit(&services, &who.0, *id, &body).await?))
}

/// Starts an amendment of your submitted assessment: a new draft with its ratings,
/// linked to it, with the reason.
#[utoipa::path(post, path = "/api/v1/assessments/{id}/amend", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = AmendAssessment, example = json!({"reason": "I missed the migration project I led in June."})),
    responses((status = 201, body = AssessmentDetail), (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn amend_assessment(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<AmendAssessment>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(assessments::amend(&services, &who.0, *id, &body).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProfileParams {
    /// Another framework than the person's role profile's (or the organization's default).
    pub framework_id: Option<Uuid>,
}

/// A person's current ratings against their role profile, largest gap first, with self
/// and manager side by side and their history (themselves, their managers, HR).
#[utoipa::path(get, path = "/api/v1/people/{id}/competencies", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path), ProfileParams),
    responses((status = 200, body = PersonCompetencies), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn person_competencies(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    q: web::Query<ProfileParams>,
) -> ApiResult<web::Json<PersonCompetencies>> {
    Ok(web::Json(standing::person(&services, &who.0, *id, q.framework_id).await?))
}

/// The same profile as a radar chart (SVG).
#[utoipa::path(get, path = "/api/v1/people/{id}/competencies/radar.svg", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path), ProfileParams),
    responses((status = 200, content_type = "image/svg+xml", body = String), (status = 403, body = ApiErrorBody)))]
pub async fn person_radar(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    q: web::Query<ProfileParams>,
) -> ApiResult<HttpResponse> {
    let svg = standing::person_radar(&services, &who.0, *id, q.framework_id).await?;
    Ok(HttpResponse::Ok().content_type("image/svg+xml; charset=utf-8").body(svg))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MatrixParams {
    pub framework_id: Option<Uuid>,
    /// Only this area's competencies (its slug).
    pub area: Option<String>,
    /// `csv` for a spreadsheet; JSON otherwise.
    pub format: Option<String>,
}

/// People × competencies with each person's current level, and coverage: competencies
/// nobody holds at the level the team's roles need, and those only one person holds (the
/// team's lead, the people above the lead, HR).
#[utoipa::path(get, path = "/api/v1/teams/{id}/skills-matrix", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path), MatrixParams),
    responses((status = 200, body = SkillsMatrix), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
pub async fn skills_matrix(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    q: web::Query<MatrixParams>,
) -> ApiResult<HttpResponse> {
    let matrix = standing::team(&services, &who.0, *id, q.framework_id, q.area.as_deref()).await?;
    Ok(match q.format.as_deref() {
        Some("csv") => {
            let name = domain::rubric::slug::from_name(&matrix.team_name);
            HttpResponse::Ok()
                .content_type("text/csv; charset=utf-8")
                .insert_header(("Content-Disposition", format!("attachment; filename=\"{name}-skills.csv\"")))
                .body(matrix.to_csv())
        }
        _ => HttpResponse::Ok().json(matrix),
    })
}

/// Your work in each open cycle: your self-assessment and, for managers, an assessment
/// of each direct report.
#[utoipa::path(get, path = "/api/v1/me/assessments", tag = "rubrics", security(("bearer" = [])),
    responses((status = 200, body = Vec<domain::rubric::assessment::CycleWork>), (status = 401, body = ApiErrorBody)))]
pub async fn my_assessments(
    services: web::Data<Services>,
    who: Authenticated,
) -> ApiResult<web::Json<Vec<domain::rubric::assessment::CycleWork>>> {
    Ok(web::Json(assessments::overview(&services, &who.0).await?))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/role-profiles", web::get().to(list_role_profiles))
        .route("/role-profiles", web::post().to(create_role_profile))
        .route("/role-profiles/{id}", web::get().to(get_role_profile))
        .route("/role-profiles/{id}", web::put().to(update_role_profile))
        .route("/people/{id}/role-profile", web::put().to(assign_role_profile))
        .route("/people/{id}/competencies", web::get().to(person_competencies))
        .route("/people/{id}/competencies/radar.svg", web::get().to(person_radar))
        .route("/cycles", web::get().to(list_cycles))
        .route("/cycles", web::post().to(create_cycle))
        .route("/cycles/{id}", web::get().to(get_cycle))
        .route("/cycles/{id}", web::put().to(update_cycle))
        .route("/cycles/{id}/report", web::get().to(cycle_report))
        .route("/me/assessments", web::get().to(my_assessments))
        .route("/assessments", web::get().to(list_assessments))
        .route("/assessments", web::post().to(start_assessment))
        .route("/assessments/{id}", web::get().to(get_assessment))
        .route("/assessments/{id}/beside", web::get().to(assessment_beside))
        .route("/assessments/{id}", web::put().to(save_assessment))
        .route("/assessments/{id}/submit", web::post().to(submit_assessment))
        .route("/assessments/{id}/amend", web::post().to(amend_assessment))
        .route("/teams/{id}/skills-matrix", web::get().to(skills_matrix));
}
