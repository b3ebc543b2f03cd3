//! The Content-Security-Policy of a page (server side only). Leptos makes a fresh nonce
//! for every response and puts it on the scripts it writes (the islands loader, streamed
//! fragments); the policy allows only scripts carrying it, so text that slipped past
//! escaping still could not run. Responses that are not pages (the API, SVG, server
//! functions) get a stricter default from the server's middleware (`server::http`).

use actix_web::http::header::{CONTENT_SECURITY_POLICY, HeaderValue};
use leptos::prelude::use_context;
use leptos_actix::ResponseOptions;

/// What a page may load: scripts only with this response's nonce (plus our own files
/// under `/pkg`, which the loader imports, and the wasm it compiles); styles from our
/// stylesheet and `style` attributes (charts colour cells that way, and the dependency
/// graph's SVG carries a `<style>`); everything else from our origin; never framed.
pub fn policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Sends the policy with the page being rendered.
pub fn send() {
    let (Some(nonce), Some(res)) = (leptos::nonce::use_nonce(), use_context::<ResponseOptions>()) else { return };
    if let Ok(value) = HeaderValue::from_str(&policy(&nonce)) {
        res.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}
