//! The error type of server functions: the same [`ApiErrorBody`] the JSON API sends, so a
//! form can show field messages whichever way it was submitted.

use domain::{ApiErrorBody, ErrorCode};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UiError(pub ApiErrorBody);

impl std::fmt::Display for UiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.message)
    }
}

/// What a form's action reported: a problem returned as a value (`Ok(Some(problem))`,
/// e.g. a wrong password) or a failed call.
pub fn form_problem(value: Option<Result<Option<ApiErrorBody>, UiError>>) -> Option<UiError> {
    value.and_then(|r| match r {
        Ok(problem) => problem.map(UiError),
        Err(e) => Some(e),
    })
}

impl FromServerFnError for UiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let code = match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_) => {
                ErrorCode::BadRequest
            }
            _ => ErrorCode::Internal,
        };
        UiError(ApiErrorBody::new(code, value.to_string()))
    }
}

#[cfg(feature = "ssr")]
impl From<service::ServiceError> for UiError {
    fn from(e: service::ServiceError) -> Self {
        if e.code == ErrorCode::Internal {
            tracing_log(&e);
        }
        // The server function's HTTP status follows the error (not always 500). Called
        // while a page renders, a refusal (4xx) is the page's to judge (`page_status`): a
        // part of it refused (an HR-only figure) must not turn the whole page into a 403.
        // A fault on our side (the database away: 503) is the page's status too.
        let page_part = leptos::prelude::use_context::<crate::RenderingPage>().is_some();
        if (!page_part || e.code.http_status() >= 500)
            && let Some(res) = leptos::prelude::use_context::<leptos_actix::ResponseOptions>()
            && let Ok(status) = actix_web::http::StatusCode::from_u16(e.code.http_status())
        {
            res.set_status(status);
            // As the JSON API does: tell the browser (and proxies) when to try again.
            if let Some(seconds) = e.retry_after {
                res.insert_header(
                    actix_web::http::header::RETRY_AFTER,
                    actix_web::http::header::HeaderValue::from(seconds),
                );
            }
        }
        UiError(e.body())
    }
}

/// Sets the HTTP status of the page being rendered (the 404, 403 and error pages call
/// it). Pages render whole before the first byte is sent (`SsrMode::Async`), so the status
/// set here is the one the browser gets.
pub fn page_status(code: ErrorCode) {
    #[cfg(feature = "ssr")]
    if let Some(res) = leptos::prelude::use_context::<leptos_actix::ResponseOptions>()
        && let Ok(status) = actix_web::http::StatusCode::from_u16(code.http_status())
    {
        res.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

#[cfg(feature = "ssr")]
fn tracing_log(e: &service::ServiceError) {
    leptos::logging::error!("server function failed: {e} ({:?})", e.cause);
}
