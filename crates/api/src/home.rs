//! `GET /api/v1/me/todo`: what needs the signed-in person (the home page's list).

use crate::auth::Authenticated;
use crate::error::ApiResult;
use actix_web::web;
use domain::ApiErrorBody;
use domain::home::NeedsMe;
use service::Services;

/// What needs you, most pressing first: self-assessments to write or finish (with the
/// cycle's end date), reports waiting for your manager assessment, RACI rows you must
/// confirm (overdue, or due within two weeks), rows breaking a rule in components you are
/// accountable for; for HR also the open cycles' completion.
#[utoipa::path(get, path = "/api/v1/me/todo", tag = "people", security(("bearer" = [])),
    responses((status = 200, body = NeedsMe), (status = 401, body = ApiErrorBody)))]
pub async fn todo(services: web::Data<Services>, who: Authenticated) -> ApiResult<web::Json<NeedsMe>> {
    Ok(web::Json(service::home::needs_me(&services, &who.0).await?))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/me/todo", web::get().to(todo));
}
