//! `/api/docs`: the interactive API explorer (Swagger UI, served from the binary; no CDN).

use actix_web::{HttpResponse, web};
use utoipa_swagger_ui::{Config, SwaggerUi};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/docs",
        web::get().to(|| async { HttpResponse::Found().insert_header(("Location", "/api/docs/")).finish() }),
    )
    // The UI reads the document from /api/v1/openapi.json, which the API serves itself.
    .service(SwaggerUi::new("/docs/{_:.*}").config(Config::from("/api/v1/openapi.json")));
}
