//! Sign-in, the signed-in person, people, teams and the audit log.

use crate::auth::{Authenticated, clear_cookies, client_info, request_id, set_cookies};
use crate::error::ApiResult;
use actix_web::{HttpRequest, HttpResponse, web};
use domain::ApiErrorBody;
use domain::identity::{
    AcceptInvite, AuditEvent, AuditQuery, FirstRunSetup, Invitation, LoginRequest, Me, NewPerson, NewTeam, Page,
    PeopleQuery, PersonDetail, PersonSummary, PersonUpdate, RefreshRequest, SessionInfo, SetupState, TeamDetail,
    TeamSummary, TeamUpdate, TokenResponse,
};
use domain::people_import::{PeopleImportReport, PeopleImportRequest};
use service::{ServiceError, Services};
use uuid::Uuid;

fn token_response(issued: &service::auth::Issued) -> TokenResponse {
    TokenResponse {
        access_token: issued.access_token.clone(),
        token_type: "Bearer".into(),
        expires_in: issued.expires_in,
        refresh_token: issued.refresh_token.clone(),
    }
}

/// Sign in with email and password. Also sets HttpOnly cookies for browsers.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body(content = LoginRequest,
    example = json!({"email": "lead@demo.hatrack.test", "password": "hatrack-demo-2026"})),
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, description = "wrong email or password (the same answer for both)", body = ApiErrorBody),
        (status = 422, description = "a field is missing", body = ApiErrorBody),
        (status = 429, description = "too many attempts; see Retry-After", body = ApiErrorBody),
    ))]
pub async fn login(
    req: HttpRequest,
    services: web::Data<Services>,
    body: web::Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let issued = service::auth::login(&services, &body, &client_info(&req), request_id(&req).as_deref()).await?;
    let mut res = HttpResponse::Ok();
    set_cookies(&mut res, &req, &issued);
    Ok(res.json(token_response(&issued)))
}

/// Whether this installation still needs its first-run setup (no organization yet).
#[utoipa::path(get, path = "/api/v1/setup", tag = "auth", responses((status = 200, body = SetupState)))]
pub async fn setup_state(services: web::Data<Services>) -> ApiResult<web::Json<SetupState>> {
    Ok(web::Json(SetupState { needed: service::identity::orgs::setup_needed(&services).await? }))
}

/// First-run setup: creates the organization and its first admin, and signs them in.
/// Only while no organization exists; afterwards 409.
#[utoipa::path(post, path = "/api/v1/setup", tag = "auth", request_body(content = FirstRunSetup,
    example = json!({"organization": "Example IT", "name": "Sam Admin", "email": "sam@example.org",
        "password": "a long pass phrase"})),
    responses(
        (status = 201, body = TokenResponse),
        (status = 409, description = "already set up", body = ApiErrorBody),
        (status = 422, body = ApiErrorBody),
    ))]
pub async fn first_run_setup(
    req: HttpRequest,
    services: web::Data<Services>,
    body: web::Json<FirstRunSetup>,
) -> ApiResult<HttpResponse> {
    let issued =
        service::identity::orgs::first_run_setup(&services, &body, &client_info(&req), request_id(&req).as_deref())
            .await?;
    let mut res = HttpResponse::Created();
    set_cookies(&mut res, &req, &issued);
    Ok(res.json(token_response(&issued)))
}

/// Exchange a refresh token (body or cookie) for new tokens. Each refresh token works
/// once; reusing an old one signs the whole session out.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses((status = 200, body = TokenResponse), (status = 401, body = ApiErrorBody)))]
pub async fn refresh(
    req: HttpRequest,
    services: web::Data<Services>,
    body: Option<web::Json<RefreshRequest>>,
) -> ApiResult<HttpResponse> {
    let from_body = body.and_then(|b| b.into_inner().refresh_token);
    let token = match from_body {
        Some(t) => t,
        None => {
            // The cookie path is a browser path: it must come from our own pages.
            if !crate::auth::same_origin(&req) {
                return Err(ServiceError::unauthenticated().into());
            }
            req.cookie(crate::auth::REFRESH_COOKIE).map(|c| c.value().to_string()).unwrap_or_default()
        }
    };
    let issued = service::auth::refresh(&services, &token, &client_info(&req), request_id(&req).as_deref()).await?;
    let mut res = HttpResponse::Ok();
    set_cookies(&mut res, &req, &issued);
    Ok(res.json(token_response(&issued)))
}

/// Sign out: ends this session everywhere it was refreshed; tokens stop working at once.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ApiErrorBody)))]
pub async fn logout(services: web::Data<Services>, who: Authenticated) -> ApiResult<HttpResponse> {
    service::auth::logout(&services, &who.0).await?;
    let mut res = HttpResponse::NoContent();
    clear_cookies(&mut res);
    Ok(res.finish())
}

/// The signed-in person, their roles and organization.
#[utoipa::path(get, path = "/api/v1/me", tag = "people", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = ApiErrorBody)))]
pub async fn me(services: web::Data<Services>, who: Authenticated) -> ApiResult<web::Json<Me>> {
    Ok(web::Json(service::identity::people::me(&services, &who.0).await?))
}

/// Where I am signed in.
#[utoipa::path(get, path = "/api/v1/me/sessions", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Vec<SessionInfo>), (status = 401, body = ApiErrorBody)))]
pub async fn my_sessions(services: web::Data<Services>, who: Authenticated) -> ApiResult<web::Json<Vec<SessionInfo>>> {
    Ok(web::Json(service::auth::my_sessions::list(&services, &who.0).await?))
}

/// Sign out every other session of mine; this one stays.
#[utoipa::path(post, path = "/api/v1/me/sessions/sign-out-others", tag = "auth", security(("bearer" = [])),
    responses((status = 200, description = "how many sessions were signed out", body = serde_json::Value,
        example = json!({"signed_out": 2})), (status = 401, body = ApiErrorBody)))]
pub async fn sign_out_others(services: web::Data<Services>, who: Authenticated) -> ApiResult<HttpResponse> {
    let n = service::auth::my_sessions::sign_out_others(&services, &who.0).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "signed_out": n })))
}

/// Invite an invited person (admins): returns a link, valid 7 days and usable once, to give
/// them. It is also written to the server log.
#[utoipa::path(post, path = "/api/v1/people/{id}/invitation", tag = "people", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 201, body = Invitation), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 409, description = "the person is not in the invited state", body = ApiErrorBody)))]
pub async fn invite(services: web::Data<Services>, who: Authenticated, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::auth::invitations::invite(&services, &who.0, *id).await?))
}

/// Accept an invitation: set the password and get signed in.
#[utoipa::path(post, path = "/api/v1/auth/accept-invite", tag = "auth", request_body = AcceptInvite,
    responses((status = 200, body = TokenResponse), (status = 422, description = "a short password, or an unknown, used or expired link (`fields.token`)", body = ApiErrorBody)))]
pub async fn accept_invite(
    req: HttpRequest,
    services: web::Data<Services>,
    body: web::Json<AcceptInvite>,
) -> ApiResult<HttpResponse> {
    let issued =
        service::auth::invitations::accept(&services, &body, &client_info(&req), request_id(&req).as_deref()).await?;
    let mut res = HttpResponse::Ok();
    set_cookies(&mut res, &req, &issued);
    Ok(res.json(token_response(&issued)))
}

/// The people directory: search, filters, pages.
#[utoipa::path(get, path = "/api/v1/people", tag = "people", security(("bearer" = [])), params(PeopleQuery),
    responses((status = 200, body = Page<PersonSummary>), (status = 401, body = ApiErrorBody)))]
pub async fn list_people(
    services: web::Data<Services>,
    who: Authenticated,
    q: web::Query<PeopleQuery>,
) -> ApiResult<web::Json<Page<PersonSummary>>> {
    Ok(web::Json(service::identity::people::list(&services, &who.0, &q).await?))
}

/// Add a person (admins). They start as invited.
#[utoipa::path(post, path = "/api/v1/people", tag = "people", security(("bearer" = [])),
    request_body(content = NewPerson, example = json!({"name": "Ada Park", "email": "ada.park@example.org",
        "job_title": "Network Engineer", "roles": ["member"]})),
    responses((status = 201, body = PersonDetail), (status = 403, body = ApiErrorBody),
        (status = 409, description = "email already used", body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
pub async fn create_person(
    services: web::Data<Services>,
    who: Authenticated,
    body: web::Json<NewPerson>,
) -> ApiResult<HttpResponse> {
    let person = service::identity::people::create(&services, &who.0, &body).await?;
    Ok(HttpResponse::Created().insert_header(("Location", format!("/api/v1/people/{}", person.id))).json(person))
}

/// Import people and teams from CSV (admins). The columns are those of the export; `name`
/// and `email` are required. With `dry_run` (the default) nothing is written and the
/// report says what each row would do and what is wrong with it. Without it, every row is
/// written in one transaction, or nothing is (422 naming each `line N: column`, in line
/// order). `status` is applied: `deactivated` deactivates, `active`/`invited` lets a
/// deactivated person back in (an invited person stays invited until they accept). A team
/// name one slip from an existing team's is a problem ("did you mean …?"), not a new team.
#[utoipa::path(post, path = "/api/v1/people/import", tag = "people", security(("bearer" = [])),
    request_body(content = PeopleImportRequest, example = json!({
        "csv": "name,email,job_title,manager_email,teams,roles\nAda Park,ada.park@example.org,Network Engineer,lead@example.org,Infrastructure,member\n",
        "dry_run": true})),
    responses((status = 200, body = PeopleImportReport), (status = 403, body = ApiErrorBody),
        (status = 413, description = "larger than 4 MiB", body = ApiErrorBody),
        (status = 422, description = "the file cannot be read, or rows have problems", body = ApiErrorBody)))]
pub async fn import_people(
    services: web::Data<Services>,
    who: Authenticated,
    body: web::Json<PeopleImportRequest>,
) -> ApiResult<web::Json<PeopleImportReport>> {
    Ok(web::Json(service::identity::import::import_people(&services, &who.0, &body).await?))
}

/// An import body may be larger than other requests: 10,000 rows fit in 4 MiB.
pub const IMPORT_LIMIT: usize = 4 * 1024 * 1024;

/// The directory as CSV: name, email, job_title, manager_email, teams, roles, status.
#[utoipa::path(get, path = "/api/v1/people/export.csv", tag = "people", security(("bearer" = [])),
    responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ApiErrorBody)))]
pub async fn export_people(services: web::Data<Services>, who: Authenticated) -> ApiResult<HttpResponse> {
    let csv = service::identity::people::export_csv(&services, &who.0).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", "attachment; filename=\"people.csv\""))
        .body(csv))
}

/// One person with manager, teams and direct reports.
#[utoipa::path(get, path = "/api/v1/people/{id}", tag = "people", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = PersonDetail), (status = 404, body = ApiErrorBody)))]
pub async fn get_person(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<PersonDetail>> {
    Ok(web::Json(service::identity::people::get(&services, &who.0, *id).await?))
}

/// Edit a person (admins). Send the `version` you read; a stale one gets 409.
#[utoipa::path(patch, path = "/api/v1/people/{id}", tag = "people", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = PersonUpdate, example = json!({"version": 3, "job_title": "Senior Network Engineer"})),
    responses((status = 200, body = PersonDetail), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 409, description = "changed since read; `fields.version` is the current version", body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
pub async fn update_person(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<PersonUpdate>,
) -> ApiResult<web::Json<PersonDetail>> {
    Ok(web::Json(service::identity::people::update(&services, &who.0, *id, &body).await?))
}

/// The reporting lines as a tree (people who are not deactivated).
#[utoipa::path(get, path = "/api/v1/org-chart", tag = "people", security(("bearer" = [])),
    responses((status = 200, body = Vec<domain::org_chart::OrgNode>), (status = 401, body = ApiErrorBody)))]
pub async fn org_chart(
    services: web::Data<Services>,
    who: Authenticated,
) -> ApiResult<web::Json<Vec<domain::org_chart::OrgNode>>> {
    Ok(web::Json(service::identity::people::org_chart(&services, &who.0).await?))
}

/// All teams with lead and member count (`GET /api/v1/teams/{id}` lists the members).
#[utoipa::path(get, path = "/api/v1/teams", tag = "teams", security(("bearer" = [])),
    responses((status = 200, body = Vec<TeamSummary>), (status = 401, body = ApiErrorBody)))]
pub async fn list_teams(services: web::Data<Services>, who: Authenticated) -> ApiResult<web::Json<Vec<TeamSummary>>> {
    Ok(web::Json(service::identity::teams::list(&services, &who.0).await?))
}

/// Create a team (admins).
#[utoipa::path(post, path = "/api/v1/teams", tag = "teams", security(("bearer" = [])),
    request_body(content = NewTeam, example = json!({"name": "Platform", "description": "Shared build and deploy tooling"})),
    responses((status = 201, body = TeamDetail), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
pub async fn create_team(
    services: web::Data<Services>,
    who: Authenticated,
    body: web::Json<NewTeam>,
) -> ApiResult<HttpResponse> {
    let team = service::identity::teams::create(&services, &who.0, &body).await?;
    Ok(HttpResponse::Created().insert_header(("Location", format!("/api/v1/teams/{}", team.id))).json(team))
}

#[utoipa::path(get, path = "/api/v1/teams/{id}", tag = "teams", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = TeamDetail), (status = 404, body = ApiErrorBody)))]
pub async fn get_team(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<TeamDetail>> {
    Ok(web::Json(service::identity::teams::get(&services, &who.0, *id).await?))
}

/// Edit a team (admins). Send the `version` you read; a stale one gets 409.
#[utoipa::path(patch, path = "/api/v1/teams/{id}", tag = "teams", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body(content = TeamUpdate, example = json!({"version": 1, "description": "Servers, network and cloud"})),
    responses((status = 200, body = TeamDetail), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody),
        (status = 422, body = ApiErrorBody)))]
pub async fn update_team(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<TeamUpdate>,
) -> ApiResult<web::Json<TeamDetail>> {
    Ok(web::Json(service::identity::teams::update(&services, &who.0, *id, &body).await?))
}

/// The audit log (admins): newest first; page with `before_id`.
#[utoipa::path(get, path = "/api/v1/audit-events", tag = "audit", security(("bearer" = [])), params(AuditQuery),
    responses((status = 200, body = Vec<AuditEvent>), (status = 403, body = ApiErrorBody)))]
pub async fn audit_events(
    services: web::Data<Services>,
    who: Authenticated,
    q: web::Query<AuditQuery>,
) -> ApiResult<web::Json<Vec<AuditEvent>>> {
    Ok(web::Json(service::audit::list(&services, &who.0, &q).await?))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/setup", web::get().to(setup_state))
        .route("/setup", web::post().to(first_run_setup))
        .route("/auth/login", web::post().to(login))
        .route("/auth/refresh", web::post().to(refresh))
        .route("/auth/logout", web::post().to(logout))
        .route("/auth/accept-invite", web::post().to(accept_invite))
        .route("/me", web::get().to(me))
        .route("/me/sessions", web::get().to(my_sessions))
        .route("/me/sessions/sign-out-others", web::post().to(sign_out_others))
        .route("/people/{id}/invitation", web::post().to(invite))
        .route("/people", web::get().to(list_people))
        .route("/people", web::post().to(create_person))
        .route("/people/export.csv", web::get().to(export_people))
        .service(
            web::resource("/people/import")
                .app_data(crate::extract::json_config().limit(IMPORT_LIMIT))
                .route(web::post().to(import_people)),
        )
        .route("/people/{id}", web::get().to(get_person))
        .route("/people/{id}", web::patch().to(update_person))
        .route("/org-chart", web::get().to(org_chart))
        .route("/teams", web::get().to(list_teams))
        .route("/teams", web::post().to(create_team))
        .route("/teams/{id}", web::get().to(get_team))
        .route("/teams/{id}", web::patch().to(update_team))
        .route("/audit-events", web::get().to(audit_events));
}
