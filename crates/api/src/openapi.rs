//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use actix_web::HttpResponse;
use std::sync::OnceLock;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Hatrack API",
        description = "Skills, interviews, ownership, coaching and succession for IT teams. \
            Every error has the shape `{\"error\": code, \"message\": text, \"fields\": {field: problem}}`.",
    ),
    paths(crate::health::healthz, crate::health::readyz, crate::status::get),
    components(schemas(domain::ApiErrorBody, domain::ErrorCode)),
    tags((name = "operations", description = "Health, readiness and server status")),
)]
pub struct ApiDoc;

/// The document as JSON, built once.
pub fn json() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| ApiDoc::openapi().to_json().expect("the OpenAPI document serialises"))
}

pub async fn document() -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(json())
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_openapi_3_1_with_our_paths() {
        let doc: serde_json::Value = serde_json::from_str(super::json()).unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
        for path in ["/healthz", "/readyz", "/api/v1/status"] {
            assert!(doc["paths"].get(path).is_some(), "{path} missing");
        }
    }
}
