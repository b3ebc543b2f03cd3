//! `GET /api/v1/status`: versions and counts, read in one query.

use crate::error::ApiResult;
use actix_web::web;
use domain::status::ServerStatus;
use service::Services;

/// Server and database versions, migrations applied, organizations.
#[utoipa::path(get, path = "/api/v1/status", tag = "operations", responses(
    (status = 200, body = ServerStatus, example = json!({
        "version": "0.1.0", "database_version": "15.19", "migrations_applied": 1,
        "organizations": 0, "database_mode": "embedded", "checked_at": "2026-11-23 14:05:09 UTC"
    })),
    (status = 503, description = "database unreachable", body = domain::ApiErrorBody),
))]
pub async fn get(services: web::Data<Services>) -> ApiResult<web::Json<ServerStatus>> {
    Ok(web::Json(service::status::server_status(&services).await?))
}
