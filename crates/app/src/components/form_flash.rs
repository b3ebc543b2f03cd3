//! Forms without JavaScript: when a plain form post is refused (a wrong password, a field
//! to fix), the browser is sent back to the form's page (leptos_actix redirects to the
//! Referer) and that page must still say what went wrong and keep what was typed. The
//! server function leaves the problem and the kept fields in a short-lived cookie
//! (`hatrack_form`, one minute, HttpOnly); the form of the same action on the next page
//! reads it once, shows the summary and the field messages in the first HTML, and
//! removes it. With the wasm loaded, forms post by `fetch` and nothing of this is used.

use domain::ApiErrorBody;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a refused plain form post leaves for its page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Flash {
    /// The server function's path: only the form posting there shows it.
    pub action: String,
    pub problem: Option<ApiErrorBody>,
    /// Fields to show again as typed (never a password).
    pub kept: BTreeMap<String, String>,
}

/// What a form's fields start with on the page a refused post came back to (server
/// side, inside the form): `kept(field)` is what was typed, if it was kept.
#[derive(Debug, Clone, Default)]
pub struct KeptInput(pub BTreeMap<String, String>);

/// What the person typed into `field` before a refused post, or `default`.
pub fn kept_or(field: &str, default: impl Into<String>) -> String {
    leptos::prelude::use_context::<KeptInput>().and_then(|k| k.0.get(field).cloned()).unwrap_or_else(|| default.into())
}

#[cfg(feature = "ssr")]
pub use server::{form_answer, keep, take};

#[cfg(feature = "ssr")]
mod server {
    use super::Flash;
    use crate::error::UiError;
    use actix_web::cookie::{Cookie, SameSite, time::Duration};
    use actix_web::http::header::{ACCEPT, HeaderValue, SET_COOKIE};
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use domain::ApiErrorBody;
    use leptos::prelude::{provide_context, use_context};
    use leptos_actix::{Request, ResponseOptions};
    use std::collections::BTreeMap;

    const COOKIE: &str = "hatrack_form";
    /// Browsers keep cookies to about 4 KB: a bigger flash keeps the problem only.
    const MAX_COOKIE: usize = 3000;

    /// Fields the server function wants shown again if its post is refused.
    #[derive(Clone, Default)]
    struct Keep(BTreeMap<String, String>);

    /// Call before [`form_answer`] with the fields worth keeping (never a password).
    pub fn keep(fields: &[(&str, &str)]) {
        provide_context(Keep(fields.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect()));
    }

    /// The answer of a form's server function: on success `done` runs (cookies, redirect);
    /// a problem the person can fix (4xx) comes back as a value for the form, so the
    /// browser logs no failed request (and a plain form post gets it through the flash
    /// cookie); a fault stays an error with its status.
    pub fn form_answer<T>(
        result: service::ServiceResult<T>,
        done: impl FnOnce(T),
    ) -> Result<Option<ApiErrorBody>, UiError> {
        match result {
            Ok(value) => {
                done(value);
                Ok(None)
            }
            Err(e) if e.code.http_status() < 500 => {
                let body = e.body();
                leave(&body);
                Ok(Some(body))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Leaves the problem for the page a plain form post returns to (nothing for `fetch`).
    fn leave(problem: &ApiErrorBody) {
        let Some(req) = use_context::<Request>() else { return };
        let plain_post =
            req.headers().get(ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
        if !plain_post {
            return;
        }
        let mut flash = Flash {
            action: req.path().to_string(),
            problem: Some(problem.clone()),
            kept: use_context::<Keep>().map(|k| k.0).unwrap_or_default(),
        };
        let mut value = encode(&flash);
        if value.len() > MAX_COOKIE {
            flash.kept.clear();
            value = encode(&flash);
        }
        if value.len() > MAX_COOKIE {
            return;
        }
        let secure = crate::session::client(&req).https;
        set(Cookie::build(COOKIE, value)
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .max_age(Duration::seconds(60))
            .finish());
    }

    fn encode(flash: &Flash) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(flash).unwrap_or_default())
    }

    fn set(cookie: Cookie<'_>) {
        if let Some(res) = use_context::<ResponseOptions>()
            && let Ok(value) = HeaderValue::from_str(&cookie.to_string())
        {
            res.append_header(SET_COOKIE, value);
        }
    }

    /// The flash for the form posting to `action`, if the request carries one; it is
    /// removed with this response, so a reload shows a clean form.
    pub fn take(action: &str) -> Option<Flash> {
        let req = use_context::<Request>()?;
        let cookie = req.cookie(COOKIE)?;
        let flash: Flash =
            URL_SAFE_NO_PAD.decode(cookie.value()).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok())?;
        if flash.action != action {
            return None;
        }
        set(Cookie::build(COOKIE, "").path("/").max_age(Duration::ZERO).finish());
        Some(flash)
    }
}
