//! Liveness and readiness probes.

use crate::error::ApiResult;
use actix_web::{HttpResponse, web};
use serde::Serialize;
use service::Services;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` (alive) or `ready` (database reachable)
    pub status: &'static str,
}

/// The process is alive and serving HTTP. Never touches the database.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, body = Health)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The database answers. 503 with the error shape while it does not.
#[utoipa::path(get, path = "/readyz", tag = "operations", responses(
    (status = 200, body = Health),
    (status = 503, description = "database unreachable", body = domain::ApiErrorBody),
))]
pub async fn readyz(services: web::Data<Services>) -> ApiResult<HttpResponse> {
    service::status::ready(&services).await?;
    Ok(HttpResponse::Ok().json(Health { status: "ready" }))
}
