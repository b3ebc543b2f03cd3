//! The HTML 403 page: the person is signed in but this page is not for them (an admin's
//! form, someone else's assessment). Says so plainly instead of "not found".

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Forbidden() -> impl IntoView {
    crate::error::page_status(domain::ErrorCode::Forbidden);
    view! {
        <Title text="No access" />
        <div class="page-head">
            <h1>"You don't have access to this"</h1>
            <p class="lede">"This page is for people with another role. If you think you need it, ask an admin of your organization."</p>
        </div>
        <p><a class="button" href="/">"Go to the home page"</a></p>
    }
}
