//! The HTML 404 page (paths under /api get a JSON 404 from the API instead).

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    crate::error::page_status(domain::ErrorCode::NotFound);
    view! {
        <Title text="Page not found" />
        <div class="page-head">
            <h1>"Page not found"</h1>
            <p class="lede">"There is nothing at this address. It may have moved, or the link may be mistyped."</p>
        </div>
        <p><a class="button" href="/">"Go to the home page"</a></p>
    }
}
