//! The web UI: the HTML shell, the app's routes, pages and components, and the server
//! functions pages call. Built twice: with `ssr` into the server, with `hydrate` into the
//! browser's wasm. Server functions call `service`, exactly as the JSON API does.

pub mod components;
pub mod error;
pub mod pages;
pub mod server_fns;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::StaticSegment;
use leptos_router::components::{Route, Router, Routes};

use components::layout::Layout;
use pages::{home::HomePage, not_found::NotFound};

/// Server functions live under their own prefix, apart from the JSON API's `/api`.
pub const SERVER_FN_PREFIX: &str = "/sfn";

/// The HTML document around the app (rendered on the server only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.ico" sizes="any" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="hatrack-css" href="/pkg/hatrack.css" />
        <Title formatter=|page: String| if page.is_empty() { "Hatrack".to_string() } else { format!("{page} · Hatrack") } />
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=StaticSegment("") view=HomePage />
                </Routes>
            </Layout>
        </Router>
    }
}
