//! The browser-facing edge of sign-in, shared by the JSON API (`api::auth`) and the pages
//! and server functions (`app::session`): who is on the other end of an actix request,
//! its request id, the CSRF origin check, and the session cookies. One copy, so the two
//! ways in cannot drift apart (they were two hand-kept copies). Behind the `web` feature:
//! the use cases themselves never see HTTP.

use super::client::{Client, TrustedProxies};
use super::{ACCESS_COOKIE, ClientInfo, Issued, REFRESH_COOKIE};
use crate::Services;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::Method;
use actix_web::{HttpMessage, HttpRequest, web};

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

/// Address and browser, as sessions and the audit log record them.
pub fn client_info(req: &HttpRequest) -> ClientInfo {
    ClientInfo {
        ip: client(req).ip,
        user_agent: req.headers().get("user-agent").and_then(|v| v.to_str().ok()).unwrap_or("").to_string(),
    }
}

/// The request's id (set by the tracing middleware), for audit events.
pub fn request_id(req: &HttpRequest) -> Option<String> {
    req.extensions().get::<tracing_actix_web::RequestId>().map(|id| id.to_string())
}

/// GET, HEAD and OPTIONS change nothing; every other method needs the origin check.
pub fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether `Origin` (or, failing that, `Referer`) names the host this request was sent
/// to. Neither header at all is refused.
pub fn same_origin(req: &HttpRequest) -> bool {
    let host = client(req).host;
    let source = req.headers().get("origin").or_else(|| req.headers().get("referer")).and_then(|v| v.to_str().ok());
    super::same_origin(&host, source)
}

/// The two cookies for freshly issued tokens: both HttpOnly; the access cookie
/// SameSite=Lax (links from elsewhere open signed in), the refresh cookie SameSite=Strict;
/// `Secure` when the browser reached us over https, directly or through a trusted proxy
/// that says so.
pub fn session_cookies(req: &HttpRequest, issued: &Issued) -> [Cookie<'static>; 2] {
    let secure = client(req).https;
    [
        Cookie::build(ACCESS_COOKIE, issued.access_token.clone())
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .max_age(CookieDuration::seconds(issued.expires_in))
            .finish(),
        Cookie::build(REFRESH_COOKIE, issued.refresh_token.clone())
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Strict)
            .max_age(CookieDuration::days(super::sessions::SESSION_DAYS))
            .finish(),
    ]
}

/// Cookies that make the browser forget both tokens (sign-out, a refused session).
pub fn removal_cookies() -> [Cookie<'static>; 2] {
    [ACCESS_COOKIE, REFRESH_COOKIE].map(|name| {
        let mut c = Cookie::build(name, "").path("/").http_only(true).finish();
        c.make_removal();
        c
    })
}
