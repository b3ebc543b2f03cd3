//! The one gate every server-function request (`/sfn/*`) passes before any server function
//! runs. Two checks, so that no server function has to remember either:
//!
//! 1. **Cross-site requests.** Any method but GET/HEAD/OPTIONS must carry an `Origin`
//!    (else `Referer`) naming our host (`service::auth::web::same_origin`), whether or not
//!    it carries a session cookie: a page elsewhere cannot make a signed-in browser write
//!    (CSRF), nor sign it in to an account of the attacker's (login CSRF). It used to be
//!    one call per server function; one forgotten call was a hole.
//!    `crates/server/tests/cross_site.rs` posts every registered server function this way.
//! 2. **Text no field takes**, as the JSON API refuses it
//!    (`api::extract::refuse_unstorable_text`): NUL (PostgreSQL refuses it, so it was a
//!    500), other control characters and bidi overrides, with tab and line breaks allowed
//!    only in multi-line fields (`domain::validate::text_characters`).
//!
//! The problem comes back the way a server function's own error would: a 422 with the
//! `UiError` body for `fetch` calls, and for a plain form post (no JavaScript) a redirect
//! to the page it came from with the error in the address, as Leptos does. A page's
//! address with such a character in its query gets a 422 page.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use app::error::UiError;
use domain::validate::json_characters;
use domain::{ApiErrorBody, ErrorCode};
use leptos::server_fn::error::{FromServerFnError, ServerFnUrlError};
use service::auth::web::{is_safe, same_origin};

pub async fn guard(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let server_fn =
        req.path().starts_with(app::SERVER_FN_PREFIX) && req.path()[app::SERVER_FN_PREFIX.len()..].starts_with('/');
    if server_fn && !is_safe(req.method()) && !same_origin(req.request()) {
        // Never the form post's redirect back to the Referer: that page is not ours.
        let body = UiError(ApiErrorBody::new(ErrorCode::Forbidden, "Cross-site request refused."));
        let response = HttpResponse::Forbidden()
            .insert_header(("serverfnerror", req.path()))
            .content_type("application/json")
            .body(body.ser());
        return Ok(req.into_response(response).map_into_right_body());
    }
    if !server_fn {
        // The API checks its own requests; a page's address is checked here (the people
        // directory's `?q=%00` reached PostgreSQL and the page answered 500).
        if !req.path().starts_with("/api/")
            && let Some(problem) = form_problem(req.query_string())
        {
            return Ok(req.into_response(refused_page(&problem)).map_into_right_body());
        }
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let mut problem = form_problem(req.query_string());
    if problem.is_none() {
        match req.extract::<web::Bytes>().await {
            Ok(body) => {
                problem = if api::extract::is_json(&req) { json_problem(&body) } else { form_problem_bytes(&body) };
                req.set_payload(body.into());
            }
            Err(e) => {
                let status = e.as_response_error().status_code();
                let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
                    ErrorCode::PayloadTooLarge
                } else {
                    ErrorCode::BadRequest
                };
                problem = Some(ApiErrorBody::new(code, format!("The request could not be read: {e}")));
            }
        }
    }
    match problem {
        None => Ok(next.call(req).await?.map_into_left_body()),
        Some(body) => {
            let response = refusal(&req, UiError(body));
            Ok(req.into_response(response).map_into_right_body())
        }
    }
}

/// A page whose address holds a refused character: 422 and a short page saying so, in our
/// words only (nothing of the address is echoed; the problem's words are escaped all the
/// same, by the one helper).
fn refused_page(problem: &ApiErrorBody) -> HttpResponse {
    let detail = domain::html::escape(problem.fields.values().next().map(String::as_str).unwrap_or(""));
    HttpResponse::UnprocessableEntity().content_type("text/html; charset=utf-8").body(format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Address not accepted · Hatrack</title>\
         </head><body><main><h1>This address cannot be opened</h1><p>It contains an invisible character that no \
         page accepts. {detail}</p><p><a href=\"/\">Go to the home page</a></p></main></body></html>"
    ))
}

fn refused(field: &str, problem: String) -> ApiErrorBody {
    api::extract::refused_text(field, problem).body()
}

/// Form fields (`name=…&levels[0][summary]=…`), decoded; a field is named by its key.
fn form_problem(encoded: &str) -> Option<ApiErrorBody> {
    api::extract::text_in_pairs(encoded, "form").map(|(field, problem)| refused(&field, problem))
}

fn form_problem_bytes(body: &[u8]) -> Option<ApiErrorBody> {
    form_problem(std::str::from_utf8(body).ok()?)
}

fn json_problem(body: &[u8]) -> Option<ApiErrorBody> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    json_characters(&value).map(|(field, problem)| refused(&field, problem))
}

/// What `server_fn` itself answers for an error: a plain form post (it accepts HTML) goes
/// back to its page with the error in the address; a `fetch` gets the error's status and
/// the encoded error, marked by the `serverfnerror` header.
fn refusal(req: &ServiceRequest, error: UiError) -> HttpResponse {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    let accepts_html = header("accept").is_some_and(|a| a.contains("text/html"));
    if accepts_html
        && let Some(referer) = header("referer")
        && let Ok(url) = ServerFnUrlError::new(req.path(), error.clone()).to_url(referer)
    {
        return HttpResponse::Found().insert_header(("Location", url.to_string())).finish();
    }
    let status = StatusCode::from_u16(error.0.error.http_status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    HttpResponse::build(status)
        .insert_header(("serverfnerror", req.path()))
        .content_type("application/json")
        .body(error.ser())
}
