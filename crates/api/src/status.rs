//! `GET /api/v1/status`: is the server (and its database) there? Versions and counts only
//! for a signed-in caller.

use crate::auth::Authenticated;
use crate::error::ApiResult;
use actix_web::web;
use domain::status::ServerStatus;
use service::Services;

/// `ok` when the server and its database answer (one query). A signed-in caller also gets
/// `detail`: versions, migrations applied, organizations, database mode. A missing or bad
/// token is not refused: the caller is simply anonymous.
#[utoipa::path(get, path = "/api/v1/status", tag = "operations", security((), ("bearer" = [])), responses(
    (status = 200, body = ServerStatus, examples(
        ("anonymous" = (value = json!({"status": "ok", "checked_at": "2026-11-23 14:05:09 UTC"}))),
        ("signed in" = (value = json!({"status": "ok", "checked_at": "2026-11-23 14:05:09 UTC", "detail": {
            "version": "0.1.0", "database_version": "15.19", "migrations_applied": 1,
            "organizations": 1, "database_mode": "embedded"}}))),
    )),
    (status = 503, description = "database unreachable", body = domain::ApiErrorBody),
))]
pub async fn get(services: web::Data<Services>, who: Option<Authenticated>) -> ApiResult<web::Json<ServerStatus>> {
    Ok(web::Json(service::status::server_status(&services, who.as_ref().map(|w| &w.0)).await?))
}
