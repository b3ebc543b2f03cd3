//! The signed-in person for pages and server functions (server side only): the access
//! cookie is checked like a Bearer token; when it has expired but the refresh cookie is
//! still good, the session is refreshed on the spot and new cookies are sent back.

use crate::error::UiError;
use actix_web::HttpRequest;
use actix_web::cookie::Cookie;
use actix_web::http::header::{HeaderValue, SET_COOKIE};
use actix_web::web::Data;
use domain::{ApiErrorBody, ErrorCode};
use leptos_actix::ResponseOptions;
use service::auth::web::{removal_cookies, session_cookies};
use service::auth::{ACCESS_COOKIE, Issued, REFRESH_COOKIE};
use service::{Actor, Services};

fn internal(e: impl std::fmt::Display) -> UiError {
    UiError(ApiErrorBody::new(ErrorCode::Internal, e.to_string()))
}

pub async fn services() -> Result<Data<Services>, UiError> {
    leptos_actix::extract::<Data<Services>>().await.map_err(internal)
}

pub async fn request() -> Result<HttpRequest, UiError> {
    leptos_actix::extract::<HttpRequest>().await.map_err(internal)
}

// One copy for the API and the pages (`service::auth::web`). Cross-site writes to server
// functions are refused before any of them runs (the server's `/sfn` guard), so no server
// function checks the origin itself.
pub use service::auth::web::{client, client_info, request_id};

/// The request's signed-in person, looked up once per request: a page's server
/// functions run during one render and share it. Besides saving a query per call, this
/// keeps concurrent calls from each spending the same refresh token (the second would
/// look like token theft and end the session).
#[derive(Clone, Default)]
struct ActorOnce(std::rc::Rc<tokio::sync::OnceCell<Option<Actor>>>);

/// The signed-in person, or `None`.
pub async fn current_actor() -> Result<Option<Actor>, UiError> {
    use actix_web::HttpMessage;
    let req = request().await?;
    let once = {
        let mut ext = req.extensions_mut();
        if ext.get::<ActorOnce>().is_none() {
            ext.insert(ActorOnce::default());
        }
        ext.get::<ActorOnce>().cloned().unwrap_or_default()
    };
    once.0.get_or_try_init(|| look_up_actor(req)).await.cloned()
}

async fn look_up_actor(req: HttpRequest) -> Result<Option<Actor>, UiError> {
    let services = services().await?;
    let rid = request_id(&req);
    if let Some(token) = req.cookie(ACCESS_COOKIE) {
        match service::auth::authenticate(&services, token.value(), rid.clone()).await {
            Ok(actor) => return Ok(Some(actor)),
            // Not checked (database unavailable): refreshing would fail the same way.
            Err(e) if !refused(&e) => return Err(e.into()),
            Err(_) => {}
        }
    }
    let Some(refresh) = req.cookie(REFRESH_COOKIE) else { return Ok(None) };
    match service::auth::refresh(&services, refresh.value(), &client_info(&req), rid.as_deref()).await {
        Ok(issued) => {
            set_cookies(&req, &issued);
            Ok(service::auth::authenticate(&services, &issued.access_token, rid).await.ok())
        }
        Err(e) if refused(&e) => {
            clear_cookies();
            Ok(None)
        }
        // The session could not be checked (database down or hung: 503): it may be
        // perfectly good, so the cookies stay and the page says "try again" instead of
        // signing the person out.
        Err(e) => Err(e.into()),
    }
}

/// Whether the tokens themselves were refused (expired, revoked, reused, forged), as
/// opposed to a failure to check them (database unavailable, an internal error, a limit).
fn refused(e: &service::ServiceError) -> bool {
    matches!(e.code, ErrorCode::Unauthenticated | ErrorCode::Forbidden)
}

/// The signed-in person, or a 401 for the page to turn into "sign in".
pub async fn actor() -> Result<Actor, UiError> {
    // Through ServiceError, so the response status is 401 (not the default 500).
    current_actor().await?.ok_or_else(|| service::ServiceError::unauthenticated().into())
}

fn append_cookie(cookie: Cookie<'_>) {
    if let Some(res) = leptos::prelude::use_context::<ResponseOptions>()
        && let Ok(value) = HeaderValue::from_str(&cookie.to_string())
    {
        res.append_header(SET_COOKIE, value);
    }
}

pub fn set_cookies(req: &HttpRequest, issued: &Issued) {
    for c in session_cookies(req, issued) {
        append_cookie(c);
    }
}

pub fn clear_cookies() {
    for c in removal_cookies() {
        append_cookie(c);
    }
}
