//! Authentication at the HTTP edge. API clients send `Authorization: Bearer <token>`;
//! browsers carry the same token in an HttpOnly cookie. Cookie-authenticated unsafe
//! requests must come from our own origin (the `Origin`, else `Referer`, header must match
//! the host): together with SameSite cookies this is the CSRF protection (OWASP's
//! "verify origin with standard headers").

use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, HttpResponseBuilder, web};
use domain::ErrorCode;
use service::auth::Issued;
use service::auth::web::{is_safe, removal_cookies, session_cookies};
use service::{Actor, ServiceError, Services};
use std::future::Future;
use std::pin::Pin;

pub use service::auth::web::{client, client_info, request_id, same_origin};

pub use service::auth::{ACCESS_COOKIE, REFRESH_COOKIE};

/// The signed-in person behind a request. Extracting it answers 401 when there is none.
pub struct Authenticated(pub Actor);

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { actor_of(&req).await.map(Authenticated) })
    }
}

pub async fn actor_of(req: &HttpRequest) -> Result<Actor, ApiError> {
    let services =
        req.app_data::<web::Data<Services>>().ok_or_else(|| ApiError::new(ErrorCode::Internal, "no services"))?;
    let (token, from_cookie) = match bearer(req) {
        Some(t) => (t, false),
        None => match req.cookie(ACCESS_COOKIE) {
            Some(c) => (c.value().to_string(), true),
            None => return Err(ServiceError::unauthenticated().into()),
        },
    };
    if from_cookie && !is_safe(req.method()) && !same_origin(req) {
        return Err(ApiError::new(ErrorCode::Forbidden, "Cross-site request refused (Origin does not match)."));
    }
    Ok(service::auth::authenticate(services, &token, request_id(req)).await?)
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get("authorization")?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string())
}

/// Sets the browser cookies for freshly issued tokens.
pub fn set_cookies(res: &mut HttpResponseBuilder, req: &HttpRequest, issued: &Issued) {
    for c in session_cookies(req, issued) {
        res.cookie(c);
    }
}

pub fn clear_cookies(res: &mut HttpResponseBuilder) {
    for c in removal_cookies() {
        res.cookie(c);
    }
}
