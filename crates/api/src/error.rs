//! The HTTP edge of errors: [`ServiceError`] → status code + JSON body.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use domain::{ApiErrorBody, ErrorCode};
use service::ServiceError;

/// A [`ServiceError`] on its way out as an HTTP response.
#[derive(Debug)]
pub struct ApiError(pub ServiceError);

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        ApiError(e)
    }
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError(ServiceError::new(code, message))
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.0.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        match (self.0.code, &self.0.cause) {
            (ErrorCode::Internal, cause) => tracing::error!(cause = ?cause, "{}", self.0.message),
            (ErrorCode::DatabaseUnavailable, cause) => tracing::warn!(cause = ?cause, "database unavailable"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        if let Some(seconds) = self.0.retry_after {
            response.insert_header(("Retry-After", seconds.to_string()));
        }
        response.json(self.0.body())
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The answer for any path under `/api` that does not exist, or (405, with `Allow`) that
/// the API document lists but not with this method (`TRACE /api/v1/people`). Routes are
/// registered per method, so actix alone cannot tell the two apart; the document can.
pub async fn not_found(req: actix_web::HttpRequest) -> HttpResponse {
    if let Some(response) = method_not_allowed(&req) {
        return response;
    }
    HttpResponse::NotFound().json(ApiErrorBody::new(
        ErrorCode::NotFound,
        format!("No API endpoint {} {}; see /api/docs", req.method(), req.path()),
    ))
}

/// 405 with `Allow` when the API document lists the request's path but not its method.
pub fn method_not_allowed(req: &actix_web::HttpRequest) -> Option<HttpResponse> {
    let allowed = crate::openapi::methods_at(req.path())?;
    if allowed.contains(&req.method().as_str()) {
        return None;
    }
    let list = allowed.join(", ");
    Some(HttpResponse::MethodNotAllowed().insert_header(("Allow", list.clone())).json(ApiErrorBody::new(
        ErrorCode::MethodNotAllowed,
        format!("{} does not take {}; it takes {list}.", req.path(), req.method()),
    )))
}
