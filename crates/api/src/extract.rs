//! Extractor configuration: bodies are limited in size, and every failure to read a body,
//! query or path becomes the standard error shape instead of actix's plain text.

use crate::error::ApiError;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::web;
use domain::ErrorCode;

/// Largest JSON body an endpoint accepts unless it sets its own limit.
pub const JSON_LIMIT: usize = 256 * 1024;

pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default().limit(JSON_LIMIT).error_handler(|err, _req| json_error(err).into())
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _req| query_error(err).into())
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err, _req| path_error(err).into())
}

fn json_error(err: JsonPayloadError) -> ApiError {
    match err {
        JsonPayloadError::OverflowKnownLength { limit, .. } | JsonPayloadError::Overflow { limit } => ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("The request body is larger than the {limit} bytes this endpoint accepts."),
        ),
        JsonPayloadError::ContentType => {
            ApiError::new(ErrorCode::BadRequest, "Send the body as JSON with `Content-Type: application/json`.")
        }
        JsonPayloadError::Deserialize(e) => with_serde_field(ErrorCode::BadRequest, &e.to_string()),
        other => ApiError::new(ErrorCode::BadRequest, format!("The request body could not be read: {other}")),
    }
}

fn query_error(err: QueryPayloadError) -> ApiError {
    match err {
        QueryPayloadError::Deserialize(e) => with_serde_field(ErrorCode::BadRequest, &e.to_string()),
        other => ApiError::new(ErrorCode::BadRequest, format!("The query string could not be read: {other}")),
    }
}

fn path_error(err: PathError) -> ApiError {
    match err {
        // A path segment of the wrong type (e.g. not a UUID) names nothing that exists.
        PathError::Deserialize(e) => ApiError::new(ErrorCode::NotFound, format!("No such resource: {e}")),
        other => ApiError::new(ErrorCode::NotFound, format!("No such resource: {other}")),
    }
}

/// serde names the field in messages like "missing field `email`"; surface it in `fields`
/// so clients can mark the right input.
fn with_serde_field(code: ErrorCode, message: &str) -> ApiError {
    let mut err = ApiError::new(code, format!("The request could not be read: {message}"));
    for marker in ["missing field `", "unknown field `", "duplicate field `"] {
        if let Some(rest) = message.split(marker).nth(1)
            && let Some(field) = rest.split('`').next()
        {
            let problem = if marker.starts_with("missing") {
                "This field is required."
            } else {
                "This field is not accepted here."
            };
            err.0 = err.0.with_field(field, problem);
        }
    }
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    use actix_web::test as at;
    use actix_web::{App, HttpResponse, web};

    async fn echo(body: web::Json<serde_json::Value>) -> HttpResponse {
        HttpResponse::Ok().json(body.into_inner())
    }

    #[actix_web::test]
    async fn unreadable_bodies_get_the_error_shape() {
        let svc = at::init_service(App::new().app_data(json_config()).route("/echo", web::post().to(echo))).await;
        let call = |body: Vec<u8>, content_type: &'static str| {
            at::TestRequest::post()
                .uri("/echo")
                .insert_header(("content-type", content_type))
                .set_payload(body)
                .to_request()
        };

        let res = at::call_service(&svc, call(b"{not json".to_vec(), "application/json")).await;
        assert_eq!(res.status(), 400);
        let body: serde_json::Value = at::read_body_json(res).await;
        assert_eq!(body["error"], "bad_request");
        assert!(body["message"].as_str().unwrap().contains("could not be read"));

        let res = at::call_service(&svc, call(b"{}".to_vec(), "text/plain")).await;
        assert_eq!(res.status(), 400);

        let huge = format!("{{\"x\": \"{}\"}}", "a".repeat(JSON_LIMIT + 1));
        let res = at::call_service(&svc, call(huge.into_bytes(), "application/json")).await;
        assert_eq!(res.status(), 413);
        let body: serde_json::Value = at::read_body_json(res).await;
        assert_eq!(body["error"], "payload_too_large");

        let res = at::call_service(&svc, call(b"{\"ok\": true}".to_vec(), "application/json")).await;
        assert_eq!(res.status(), 200);
    }

    #[test]
    fn serde_messages_name_the_field() {
        let e = with_serde_field(ErrorCode::BadRequest, "missing field `email` at line 1 column 2");
        assert_eq!(e.0.fields.get("email").map(String::as_str), Some("This field is required."));
        let e = with_serde_field(ErrorCode::BadRequest, "expected value at line 1 column 2");
        assert!(e.0.fields.is_empty());
    }
}
