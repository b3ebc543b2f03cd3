//! Authentication at the HTTP edge. API clients send `Authorization: Bearer <token>`;
//! browsers carry the same token in an HttpOnly cookie. Cookie-authenticated unsafe
//! requests must come from our own origin (the `Origin`, else `Referer`, header must match
//! the host): together with SameSite cookies this is the CSRF protection (OWASP's
//! "verify origin with standard headers").

use crate::error::ApiError;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponseBuilder, web};
use domain::ErrorCode;
use service::auth::client::{Client, TrustedProxies};
use service::auth::{ClientInfo, Issued};
use service::{Actor, ServiceError, Services};
use std::future::Future;
use std::pin::Pin;
use tracing_actix_web::RequestId;

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

/// The request's id (set by the tracing middleware), for audit events.
pub fn request_id(req: &HttpRequest) -> Option<String> {
    req.extensions().get::<RequestId>().map(|id| id.to_string())
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

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether Origin (or, failing that, Referer) names the host this request was sent to.
pub fn same_origin(req: &HttpRequest) -> bool {
    let host = client(req).host;
    let source = req.headers().get("origin").or_else(|| req.headers().get("referer")).and_then(|v| v.to_str().ok());
    service::auth::same_origin(&host, source)
}

/// The client behind the request: forwarding headers count only from a trusted proxy
/// (`service::auth::client`).
pub fn client(req: &HttpRequest) -> Client {
    let none = TrustedProxies::default();
    let services = req.app_data::<web::Data<Services>>();
    Client::resolve(
        services.map(|s| s.trusted_proxies()).unwrap_or(&none),
        req.peer_addr().map(|a| a.ip()),
        req.headers()
            .get("host")
            .and_then(|v| v.to_str().ok())
            .or_else(|| req.uri().authority().map(|a| a.as_str()))
            .unwrap_or_else(|| req.app_config().host()),
        |name| req.headers().get(name).and_then(|v| v.to_str().ok()),
        req.app_config().secure(),
    )
}

pub fn client_info(req: &HttpRequest) -> ClientInfo {
    ClientInfo {
        ip: client(req).ip,
        user_agent: req.headers().get("user-agent").and_then(|v| v.to_str().ok()).unwrap_or("").to_string(),
    }
}

/// Cookies are `Secure` when the browser reached us over https, directly or through a
/// trusted proxy that says so.
fn secure(req: &HttpRequest) -> bool {
    client(req).https
}

/// Sets the browser cookies for freshly issued tokens.
pub fn set_cookies(res: &mut HttpResponseBuilder, req: &HttpRequest, issued: &Issued) {
    res.cookie(
        Cookie::build(ACCESS_COOKIE, issued.access_token.clone())
            .path("/")
            .http_only(true)
            .secure(secure(req))
            .same_site(SameSite::Lax)
            .max_age(CookieDuration::seconds(issued.expires_in))
            .finish(),
    );
    res.cookie(
        Cookie::build(REFRESH_COOKIE, issued.refresh_token.clone())
            .path("/")
            .http_only(true)
            .secure(secure(req))
            .same_site(SameSite::Strict)
            .max_age(CookieDuration::days(service::auth::sessions::SESSION_DAYS))
            .finish(),
    );
}

pub fn clear_cookies(res: &mut HttpResponseBuilder) {
    for name in [ACCESS_COOKIE, REFRESH_COOKIE] {
        let mut c = Cookie::build(name, "").path("/").http_only(true).finish();
        c.make_removal();
        res.cookie(c);
    }
}
