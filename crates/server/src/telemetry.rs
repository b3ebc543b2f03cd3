//! Logs: pretty lines for a terminal, JSON lines (`HATRACK_LOG_FORMAT=json`) for log
//! collectors. Each request runs in a span carrying its request id (see `http`).

use crate::config::LogFormat;
use std::io::IsTerminal;
use tracing_subscriber::prelude::*;
use tracing_subscriber::{EnvFilter, fmt};

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_env("HATRACK_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,actix_server=warn,actix_web=warn,tokio_postgres=warn"));
    let registry = tracing_subscriber::registry().with(filter);
    let result = match format {
        LogFormat::Json => {
            registry.with(fmt::layer().json().with_current_span(true).with_writer(std::io::stderr)).try_init()
        }
        LogFormat::Pretty => registry
            .with(
                fmt::layer().with_target(false).with_ansi(std::io::stderr().is_terminal()).with_writer(std::io::stderr),
            )
            .try_init(),
    };
    // Already initialised (tests call this more than once): keep the first.
    let _ = result;
}

/// The span each request runs in: its request id, method and path, then its status (and
/// the error, if any). tracing-actix-web's default builder also records the route, client
/// address and user agent, and works them out on every request even when the span is
/// filtered out (a route match and a connection-info parse: an eighth of the server's own
/// time on the person API). Here every field is computed only when the span is enabled;
/// the route is on the request's log line (see `http`).
pub struct RequestSpan;

impl tracing_actix_web::RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &actix_web::dev::ServiceRequest) -> tracing::Span {
        use actix_web::HttpMessage;
        tracing::info_span!(
            "request",
            request_id = %request.extensions().get::<tracing_actix_web::RequestId>().map(|id| id.to_string()).unwrap_or_default(),
            method = %request.method(),
            path = %logged_path(request.path()),
            status = tracing::field::Empty,
            error = tracing::field::Empty,
        )
    }

    fn on_request_end<B: actix_web::body::MessageBody>(
        span: tracing::Span,
        outcome: &Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
    ) {
        if span.is_disabled() {
            return;
        }
        let (status, error) = match outcome {
            Ok(response) => (response.status(), response.response().error().map(|e| e.to_string())),
            Err(e) => (e.as_response_error().status_code(), Some(e.to_string())),
        };
        span.record("status", status.as_u16());
        if let Some(error) = error {
            span.record("error", error);
        }
    }
}

/// A request's path as the log shows it, less a work-sample link's token: the token is the
/// candidate's only credential, and more people read logs than the database (which keeps
/// only its hash).
fn logged_path(path: &str) -> std::borrow::Cow<'_, str> {
    for prefix in ["/work-sample/", "/api/v1/work-sample/"] {
        if path.strip_prefix(prefix).is_some_and(|token| !token.is_empty()) {
            return format!("{prefix}…").into();
        }
    }
    path.into()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_work_sample_token_stays_out_of_the_log() {
        assert_eq!(super::logged_path("/work-sample/abcDEF123"), "/work-sample/…");
        assert_eq!(super::logged_path("/api/v1/work-sample/abcDEF123"), "/api/v1/work-sample/…");
        assert_eq!(super::logged_path("/api/v1/work-sample-files/1b2c"), "/api/v1/work-sample-files/1b2c");
        assert_eq!(super::logged_path("/people/7"), "/people/7");
    }
}
