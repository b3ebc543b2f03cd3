//! The JSON API under `/api/v1`. Handlers are thin: parse → service → JSON. Every error,
//! including ones actix raises before a handler runs (bad JSON, unknown route), leaves in
//! the one shape of [`domain::ApiErrorBody`].

pub mod auth;
pub mod coaching;
pub mod docs;
pub mod error;
pub mod extract;
pub mod health;
pub mod home;
pub mod identity;
pub mod interviews;
pub mod openapi;
pub mod ownership;
pub mod rubric;
pub mod status;

use actix_web::web;

pub use error::ApiError;

/// Everything under `/api`: the versioned API, its OpenAPI document and the docs page.
/// Unknown paths under `/api` answer a JSON 404, never the HTML page.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api")
            .configure(docs::configure)
            .service(
                web::scope("/v1")
                    .wrap(actix_web::middleware::from_fn(extract::refuse_unstorable_text))
                    .app_data(extract::json_config())
                    .app_data(extract::query_config())
                    .app_data(extract::path_config())
                    .route("/openapi.json", web::get().to(openapi::document))
                    .route("/status", web::get().to(status::get))
                    .configure(home::configure)
                    .configure(identity::configure)
                    .configure(rubric::configure)
                    .configure(rubric::assessments::configure)
                    .configure(ownership::configure)
                    .configure(interviews::configure)
                    .configure(coaching::configure)
                    .configure(ownership::csv::configure)
                    .default_service(web::to(error::not_found)),
            )
            .default_service(web::to(error::not_found)),
    );
}

/// Liveness and readiness, at the root where orchestrators look for them.
/// Other methods answer 405 in the error shape (not the pages' 404).
pub fn configure_health(cfg: &mut web::ServiceConfig) {
    for (path, route) in [("/healthz", web::get().to(health::healthz)), ("/readyz", web::get().to(health::readyz))] {
        cfg.service(web::resource(path).route(route).default_service(web::to(error::not_found)));
    }
}
