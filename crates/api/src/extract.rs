//! Extractor configuration: bodies are limited in size, and every failure to read a body,
//! query or path becomes the standard error shape instead of actix's plain text. Text
//! PostgreSQL cannot store or that hides what it says is refused here too, before any
//! handler runs ([`refuse_unstorable_text`]).

use crate::error::ApiError;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, ResponseError, web};
use domain::ErrorCode;
use domain::validate::{is_multi_line_field, json_characters, text_characters};
use futures_util::StreamExt;
use service::ServiceError;

/// Largest JSON body an endpoint accepts unless it sets its own limit.
pub const JSON_LIMIT: usize = 256 * 1024;

pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default().limit(JSON_LIMIT).error_handler(|err, _req| json_error(err).into())
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _req| query_error(err).into())
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err, req| match crate::error::method_not_allowed(req) {
        // `PATCH /people/export.csv` reached the route of `PATCH /people/{id}`.
        Some(response) => actix_web::error::InternalError::from_response(err, response).into(),
        None => path_error(err).into(),
    })
}

/// Refuses, with a 422 naming the field, any query parameter, path segment or JSON body
/// text holding a character no text field takes (NUL, other control characters, bidi
/// overrides; see `domain::validate::text_characters`). One check at the edge instead of
/// one per handler: PostgreSQL answered NUL with an error (a 500) wherever text reached
/// it, and a handler added later is covered without thinking of it. CSV and framework
/// files sent as the body itself are checked by their import, line by line.
pub async fn refuse_unstorable_text(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let mut problem = query_problem(req.query_string()).or_else(|| path_problem(req.path()));
    if problem.is_none() && is_json(&req) {
        match read_body(&mut req).await {
            Ok(body) => {
                let (body, found) = check_json(body);
                problem = found;
                req.set_payload(body.into());
            }
            Err(e) => problem = Some(e),
        }
    }
    match problem {
        Some(e) => Ok(req.into_response(e.error_response()).map_into_right_body()),
        None => Ok(next.call(req).await?.map_into_left_body()),
    }
}

/// The refusal of text holding a character no field takes: a 422 naming the field. The
/// server functions' check (`server::sfn_guard`) answers with the same words.
pub fn refused_text(field: &str, problem: String) -> ServiceError {
    ServiceError::new(ErrorCode::Validation, "Some text contains a character that cannot be accepted.")
        .with_field(field, problem)
}

fn refused(field: &str, problem: String) -> ApiError {
    ApiError(refused_text(field, problem))
}

/// The first refused character among the decoded fields of a query string or a form body
/// (`name=…&levels[0][summary]=…`), as (field, problem); a refused name is reported under
/// `label`. Plain ASCII without escapes (nearly every request) cannot hold one and is not
/// decoded at all; what cannot be decoded is left to the extractor, which answers 400.
pub fn text_in_pairs(encoded: &str, label: &str) -> Option<(String, String)> {
    if encoded.bytes().all(|b| b.is_ascii_graphic() && b != b'%') {
        return None;
    }
    let pairs = web::Query::<Vec<(String, String)>>::from_query(encoded).ok()?;
    pairs.iter().find_map(|(name, value)| {
        text_characters(name, false)
            .map(|p| (label.to_string(), p))
            .or_else(|| text_characters(value, is_multi_line_field(name)).map(|p| (name.clone(), p)))
    })
}

fn query_problem(query: &str) -> Option<ApiError> {
    text_in_pairs(query, "query").map(|(field, problem)| refused(&field, problem))
}

/// Path segments, decoded; before routing, so the field is named `path`.
fn path_problem(path: &str) -> Option<ApiError> {
    if path.bytes().all(|b| b.is_ascii_graphic() && b != b'%') {
        return None;
    }
    let decoded = percent_decode(path)?;
    text_characters(&decoded, false).map(|p| refused("path", p))
}

fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Whether the request says its body is JSON (`application/json` or `…+json`).
pub fn is_json(req: &ServiceRequest) -> bool {
    let content_type = req.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    mime == "application/json" || mime.ends_with("+json")
}

/// The whole body, up to the largest any endpoint takes (the people import's); the
/// endpoint's own, smaller limit is still applied by its extractor.
async fn read_body(req: &mut ServiceRequest) -> Result<web::Bytes, ApiError> {
    let mut payload = req.take_payload();
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| ApiError::new(ErrorCode::BadRequest, format!("The body could not be read: {e}")))?;
        if body.len() + chunk.len() > crate::identity::IMPORT_LIMIT {
            return Err(ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!(
                    "The request body is larger than the {} bytes any endpoint accepts.",
                    crate::identity::IMPORT_LIMIT
                ),
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// The body (rewritten if it held integral floats) and its first refused text, if any.
/// Bodies that are not JSON are left to the JSON extractor, which says what is wrong.
fn check_json(body: web::Bytes) -> (web::Bytes, Option<ApiError>) {
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(&body) else { return (body, None) };
    if let Some((field, problem)) = json_characters(&value) {
        return (body, Some(refused(&field, problem)));
    }
    // JSON does not tell 3 from 3.0, and JSON Schema's `integer` takes both, but serde's
    // integers refuse 3.0 (a 400 for a request the document allows): write them as 3.
    if integral_floats_to_integers(&mut value) {
        return (serde_json::to_vec(&value).map(web::Bytes::from).unwrap_or(body), None);
    }
    (body, None)
}

fn integral_floats_to_integers(value: &mut serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::Number(n) => match n.as_f64() {
            // Within ±2^53 every integer is exact as a float.
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 => {
                *value = Value::from(f as i64);
                true
            }
            _ => false,
        },
        // Every element is visited: no short cut once one has changed.
        Value::Array(items) => items.iter_mut().map(integral_floats_to_integers).filter(|changed| *changed).count() > 0,
        Value::Object(map) => map.values_mut().map(integral_floats_to_integers).filter(|changed| *changed).count() > 0,
        _ => false,
    }
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
    fn integral_floats_become_integers_and_refused_text_is_named() {
        let (body, problem) = check_json(web::Bytes::from_static(br#"{"version": 3.0, "ratio": 0.5, "n": [2.0]}"#));
        assert!(problem.is_none());
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(value, serde_json::json!({"version": 3, "ratio": 0.5, "n": [2]}));
        assert!(value["version"].is_i64());
        let (_, problem) = check_json(web::Bytes::from_static(br#"{"name": "a\u0000"}"#));
        assert!(problem.unwrap().0.fields.contains_key("name"));
        let untouched = web::Bytes::from_static(b"{not json");
        assert_eq!(check_json(untouched.clone()).0, untouched);
    }

    #[test]
    fn serde_messages_name_the_field() {
        let e = with_serde_field(ErrorCode::BadRequest, "missing field `email` at line 1 column 2");
        assert_eq!(e.0.fields.get("email").map(String::as_str), Some("This field is required."));
        let e = with_serde_field(ErrorCode::BadRequest, "expected value at line 1 column 2");
        assert!(e.0.fields.is_empty());
    }
}
