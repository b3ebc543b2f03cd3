//! Ownership: components, their dependencies and impact, activities, the RACI matrix and
//! its reports.

pub mod csv;

use crate::auth::Authenticated;
use crate::error::ApiResult;
use actix_web::{HttpResponse, web};
use domain::ApiErrorBody;
use domain::ownership::activity::{Activity, ActivityInput};
use domain::ownership::component::{
    ComponentInput, ComponentPage, ComponentSummary, Dependencies, Impact, NewDependency,
};
use domain::ownership::matrix::{ConfirmRow, MatrixRow, OwnershipMatrix, OwnershipSettings, RowInput};
use domain::ownership::report::{KeyPersonRisk, Ownership, OwnershipGaps};
use serde::Deserialize;
use service::Services;
use service::ownership::{activities, components, dependencies, matrix, reports};
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ComponentParams {
    /// Part of the name.
    pub q: Option<String>,
    /// 1 to 4.
    pub tier: Option<i32>,
    pub kind: Option<String>,
    pub lifecycle: Option<String>,
    /// From 1.
    pub page: Option<i64>,
    /// 1 to 500; 50 by default.
    pub per_page: Option<i64>,
}

/// The component catalog, most critical first.
#[utoipa::path(get, path = "/api/v1/components", tag = "ownership", security(("bearer" = [])),
    params(ComponentParams),
    responses((status = 200, body = ComponentPage), (status = 401, body = ApiErrorBody)))]
pub async fn list_components(
    services: web::Data<Services>,
    who: Authenticated,
    q: web::Query<ComponentParams>,
) -> ApiResult<web::Json<ComponentPage>> {
    let q = q.into_inner();
    let query = components::Query {
        q: q.q,
        tier: q.tier,
        kind: q.kind,
        lifecycle: q.lifecycle,
        page: q.page,
        per_page: q.per_page,
    };
    Ok(web::Json(components::list(&services, &who.0, &query).await?))
}

/// Adds a component (admins and managers).
#[utoipa::path(post, path = "/api/v1/components", tag = "ownership", security(("bearer" = [])),
    request_body(content = ComponentInput, example = json!({"name": "Identity provider", "kind": "identity", "tier": 1,
        "description": "Single sign-on for staff", "runbook_url": "https://wiki.example.org/idp"})),
    responses((status = 201, body = ComponentSummary), (status = 403, body = ApiErrorBody),
        (status = 409, description = "the name is taken", body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_component(
    services: web::Data<Services>,
    who: Authenticated,
    body: web::Json<ComponentInput>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(components::create(&services, &who.0, &body).await?))
}

#[utoipa::path(get, path = "/api/v1/components/{id}", tag = "ownership", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ComponentSummary), (status = 404, body = ApiErrorBody)))]
pub async fn get_component(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ComponentSummary>> {
    Ok(web::Json(components::get(&services, &who.0, *id).await?))
}

/// Replaces a component's details, with the `version` read (its accountable people and
/// admins).
#[utoipa::path(put, path = "/api/v1/components/{id}", tag = "ownership", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ComponentInput,
    responses((status = 200, body = ComponentSummary), (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_component(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<ComponentInput>,
) -> ApiResult<web::Json<ComponentSummary>> {
    Ok(web::Json(components::update(&services, &who.0, *id, &body).await?))
}

/// What the component depends on and what depends on it, directly and transitively,
/// and whether it sits on a cycle.
#[utoipa::path(get, path = "/api/v1/components/{id}/dependencies", tag = "ownership", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Dependencies), (status = 404, body = ApiErrorBody)))]
pub async fn get_dependencies(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Dependencies>> {
    Ok(web::Json(dependencies::get(&services, &who.0, *id).await?))
}

/// Records that the component depends on another (or changes the reason).
#[utoipa::path(post, path = "/api/v1/components/{id}/dependencies", tag = "ownership", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = NewDependency, example = json!({"depends_on_id": "…", "reason": "staff sign in through it"})),
    responses((status = 200, body = Dependencies), (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn add_dependency(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<NewDependency>,
) -> ApiResult<web::Json<Dependencies>> {
    Ok(web::Json(dependencies::add(&services, &who.0, *id, &body).await?))
}

#[utoipa::path(delete, path = "/api/v1/components/{id}/dependencies/{depends_on_id}", tag = "ownership",
    security(("bearer" = [])), params(("id" = Uuid, Path), ("depends_on_id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn remove_dependency(
    services: web::Data<Services>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (id, other) = path.into_inner();
    dependencies::remove(&services, &who.0, id, other).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// If this component is down: everything that depends on it, nearest first, with its
/// accountable people and incident responders.
#[utoipa::path(get, path = "/api/v1/components/{id}/impact", tag = "ownership", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Impact), (status = 404, body = ApiErrorBody)))]
pub async fn impact(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Impact>> {
    Ok(web::Json(dependencies::impact(&services, &who.0, *id).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GraphParams {
    /// Highlight this component and what lies upstream and downstream of it.
    pub selected: Option<Uuid>,
}

/// The dependency graph as an SVG drawing (layered: what others depend on sits lower).
#[utoipa::path(get, path = "/api/v1/ownership/graph.svg", tag = "ownership", security(("bearer" = [])),
    params(GraphParams),
    responses((status = 200, content_type = "image/svg+xml", body = String), (status = 401, body = ApiErrorBody)))]
pub async fn graph(
    services: web::Data<Services>,
    who: Authenticated,
    q: web::Query<GraphParams>,
) -> ApiResult<HttpResponse> {
    let svg = dependencies::graph_svg(&services, &who.0, q.selected).await?;
    Ok(HttpResponse::Ok().content_type("image/svg+xml; charset=utf-8").body(svg))
}

/// The organization's activities (the matrix's columns), in order.
#[utoipa::path(get, path = "/api/v1/activities", tag = "ownership", security(("bearer" = [])),
    responses((status = 200, body = Vec<Activity>), (status = 401, body = ApiErrorBody)))]
pub async fn list_activities(services: web::Data<Services>, who: Authenticated) -> ApiResult<web::Json<Vec<Activity>>> {
    Ok(web::Json(activities::list(&services, &who.0).await?))
}

/// Adds an activity, optionally needing a competency at a minimum level (admins).
#[utoipa::path(post, path = "/api/v1/activities", tag = "ownership", security(("bearer" = [])),
    request_body(content = ActivityInput, example = json!({"name": "Capacity planning",
        "competency_slug": "core-systems-stewardship", "min_level": 3})),
    responses((status = 201, body = Activity), (status = 403, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create_activity(
    services: web::Data<Services>,
    who: Authenticated,
    body: web::Json<ActivityInput>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(activities::create(&services, &who.0, &body).await?))
}

#[utoipa::path(put, path = "/api/v1/activities/{id}", tag = "ownership", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ActivityInput,
    responses((status = 200, body = Activity), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn update_activity(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<ActivityInput>,
) -> ApiResult<web::Json<Activity>> {
    Ok(web::Json(activities::update(&services, &who.0, *id, &body).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MatrixParams {
    /// Rows where this team or one of its members holds a letter.
    pub team_id: Option<Uuid>,
    /// Rows where this person holds a letter by name.
    pub person_id: Option<Uuid>,
    pub tier: Option<i32>,
    pub activity_id: Option<Uuid>,
    pub component_id: Option<Uuid>,
    /// 1-based page of components, most critical first.
    pub page: Option<i64>,
    /// Components per page: 1 to 500, default 200.
    pub per_page: Option<i64>,
}

/// The RACI matrix: components × activities, each row in use with its letters, when it
/// is due for confirmation and the rules it breaks.
#[utoipa::path(get, path = "/api/v1/ownership", tag = "ownership", security(("bearer" = [])),
    params(MatrixParams),
    responses((status = 200, body = OwnershipMatrix), (status = 401, body = ApiErrorBody)))]
pub async fn read_matrix(
    services: web::Data<Services>,
    who: Authenticated,
    q: web::Query<MatrixParams>,
) -> ApiResult<web::Json<OwnershipMatrix>> {
    let filter = db_filter(&q);
    Ok(web::Json(matrix::read(&services, &who.0, &filter, q.page, q.per_page).await?))
}

fn db_filter(q: &MatrixParams) -> service::ownership::matrix::Filter {
    service::ownership::matrix::Filter {
        tier: q.tier,
        activity: q.activity_id,
        component: q.component_id,
        team: q.team_id,
        person: q.person_id,
    }
}

/// Replaces the letters of one (component, activity) row; an empty list takes the row
/// out of use. Checked against the rules: exactly one A (a person), at least one R,
/// nobody deactivated holding R or A. The component's accountable people and admins.
#[utoipa::path(put, path = "/api/v1/ownership", tag = "ownership", security(("bearer" = [])),
    request_body(content = RowInput, example = json!({"component_id": "…", "activity_id": "…", "version": 3,
        "assignments": [{"letter": "A", "person_id": "…"}, {"letter": "R", "team_id": "…"}]})),
    responses((status = 200, body = MatrixRow), (status = 204, description = "the row is no longer in use"),
        (status = 403, body = ApiErrorBody), (status = 404, description = "no such component or activity", body = ApiErrorBody),
        (status = 409, description = "the row changed since you read it", body = ApiErrorBody),
        (status = 422, description = "`fields` names each problem: `assignments[i].letter`, `rules.no_responsible`…",
            body = ApiErrorBody)))]
pub async fn write_row(
    services: web::Data<Services>,
    who: Authenticated,
    body: web::Json<RowInput>,
) -> ApiResult<HttpResponse> {
    Ok(match matrix::write_row(&services, &who.0, &body).await? {
        Some(row) => HttpResponse::Ok().json(row),
        None => HttpResponse::NoContent().finish(),
    })
}

/// The accountable person confirms a row still holds.
#[utoipa::path(post, path = "/api/v1/ownership/confirm", tag = "ownership", security(("bearer" = [])),
    request_body = ConfirmRow,
    responses((status = 200, body = MatrixRow), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn confirm_row(
    services: web::Data<Services>,
    who: Authenticated,
    body: web::Json<ConfirmRow>,
) -> ApiResult<web::Json<MatrixRow>> {
    Ok(web::Json(matrix::confirm(&services, &who.0, &body).await?))
}

/// Rows breaking the rules, components nobody is accountable for, and rows overdue for
/// confirmation.
#[utoipa::path(get, path = "/api/v1/ownership/gaps", tag = "ownership", security(("bearer" = [])),
    params(GapsParams),
    responses((status = 200, body = OwnershipGaps), (status = 401, body = ApiErrorBody)))]
pub async fn gaps(
    services: web::Data<Services>,
    who: Authenticated,
    q: web::Query<GapsParams>,
) -> ApiResult<web::Json<OwnershipGaps>> {
    Ok(web::Json(reports::gaps(&services, &who.0, q.limit).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GapsParams {
    /// Entries listed per section, worst first (100 by default, at most 1,000); `totals`
    /// counts them all.
    pub limit: Option<i64>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RiskParams {
    /// List people carrying at least this many tier 1–2 rows alone (3 by default).
    pub threshold: Option<i64>,
    /// Entries listed per section, worst first (100 by default, at most 1,000); `totals`
    /// counts them all.
    pub limit: Option<i64>,
}

/// Key-person risk: single points of failure, responsible people below the level their
/// activity needs, accountable people with nobody qualified to take over (HR, admins).
#[utoipa::path(get, path = "/api/v1/ownership/key-person-risk", tag = "ownership", security(("bearer" = [])),
    params(RiskParams),
    responses((status = 200, body = KeyPersonRisk), (status = 403, body = ApiErrorBody)))]
pub async fn key_person_risk(
    services: web::Data<Services>,
    who: Authenticated,
    q: web::Query<RiskParams>,
) -> ApiResult<web::Json<KeyPersonRisk>> {
    Ok(web::Json(reports::key_person_risk(&services, &who.0, q.threshold, q.limit).await?))
}

#[utoipa::path(get, path = "/api/v1/ownership/settings", tag = "ownership", security(("bearer" = [])),
    responses((status = 200, body = OwnershipSettings), (status = 401, body = ApiErrorBody)))]
pub async fn settings(services: web::Data<Services>, who: Authenticated) -> ApiResult<web::Json<OwnershipSettings>> {
    Ok(web::Json(matrix::settings(&services, &who.0).await?))
}

/// The verification period (7–730 days) and whether S (RASCI) is in use (admins).
#[utoipa::path(put, path = "/api/v1/ownership/settings", tag = "ownership", security(("bearer" = [])),
    request_body(content = OwnershipSettings, example = json!({"verify_days": 90, "rasci": false})),
    responses((status = 200, body = OwnershipSettings), (status = 403, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn set_settings(
    services: web::Data<Services>,
    who: Authenticated,
    body: web::Json<OwnershipSettings>,
) -> ApiResult<web::Json<OwnershipSettings>> {
    Ok(web::Json(matrix::set_settings(&services, &who.0, &body).await?))
}

/// What a person owns: their letters by component, held by name (a team's letters are on
/// the team's ownership).
#[utoipa::path(get, path = "/api/v1/people/{id}/ownership", tag = "ownership", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Ownership), (status = 404, body = ApiErrorBody)))]
pub async fn person_ownership(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Ownership>> {
    Ok(web::Json(reports::of_person(&services, &who.0, *id, None).await?))
}

/// A team's ownership load: the letters the team and its members hold.
#[utoipa::path(get, path = "/api/v1/teams/{id}/ownership", tag = "ownership", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Ownership), (status = 404, body = ApiErrorBody)))]
pub async fn team_ownership(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Ownership>> {
    Ok(web::Json(reports::of_team(&services, &who.0, *id, None).await?))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/components", web::get().to(list_components))
        .route("/components", web::post().to(create_component))
        .route("/components/{id}", web::get().to(get_component))
        .route("/components/{id}", web::put().to(update_component))
        .route("/components/{id}/dependencies", web::get().to(get_dependencies))
        .route("/components/{id}/dependencies", web::post().to(add_dependency))
        .route("/components/{id}/dependencies/{depends_on_id}", web::delete().to(remove_dependency))
        .route("/components/{id}/impact", web::get().to(impact))
        .route("/activities", web::get().to(list_activities))
        .route("/activities", web::post().to(create_activity))
        .route("/activities/{id}", web::put().to(update_activity))
        .route("/ownership", web::get().to(read_matrix))
        .route("/ownership", web::put().to(write_row))
        .route("/ownership/confirm", web::post().to(confirm_row))
        .route("/ownership/gaps", web::get().to(gaps))
        .route("/ownership/key-person-risk", web::get().to(key_person_risk))
        .route("/ownership/settings", web::get().to(settings))
        .route("/ownership/settings", web::put().to(set_settings))
        .route("/ownership/graph.svg", web::get().to(graph))
        .route("/people/{id}/ownership", web::get().to(person_ownership))
        .route("/teams/{id}/ownership", web::get().to(team_ownership));
}
