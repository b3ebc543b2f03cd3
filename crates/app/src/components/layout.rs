//! The app frame: top bar with the product name, organization and signed-in person,
//! navigation by module (only what exists and what the person may use), main area. On
//! narrow screens the navigation folds behind a `<details>` "Menu", closed at first, that
//! works without JavaScript.

use crate::identity::sfn::{SignOut, current_user};
use domain::identity::Viewer;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;

/// The signed-in person (or `None`), loaded once per page and shared through context.
pub type CurrentUser = Resource<Result<Option<Viewer>, crate::error::UiError>>;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    // Re-read on every navigation, so signing in or out shows at once.
    let location = leptos_router::hooks::use_location();
    let user: CurrentUser = Resource::new(move || location.pathname.get(), |_| current_user());
    provide_context(user);
    let signed_in = move || user.get().and_then(Result::ok).flatten();
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                "Hatrack"
            </a>
            <Transition fallback=|| ()>
                {move || signed_in().map(|me| view! {
                    <span class="org-name">{me.organization.name.clone()}</span>
                    <div class="user-menu">
                        <a href=format!("/people/{}", me.id) class="user-name">{me.name.clone()}</a>
                        // a plain form: the server function redirects to the sign-in page
                        <form action=SignOut::url() method="post" class="inline-form">
                            <button type="submit" class="button secondary small">"Sign out"</button>
                        </form>
                    </div>
                })}
            </Transition>
        </header>
        <div class="frame">
            <div class="nav-box">
                // On a phone the menu starts closed and opens without JavaScript: the closed
                // <details> hides the navigation after it (layout.css); wide screens always
                // show it. The nav is not inside the <details>, so that needs no new CSS.
                <details class="nav-fold">
                    <summary>"Menu"</summary>
                </details>
                <nav class="sidenav" aria-label="Main">
                    <ul>
                        <li><A href="/" exact=true>"Home"</A></li>
                        <Transition fallback=|| ()>
                            {move || match signed_in() {
                                Some(me) => {
                                    let admin = me.roles.contains(&domain::identity::Role::Admin);
                                    view! {
                                        <li><A href="/people">"People"</A></li>
                                        <li><A href="/org-chart">"Org chart"</A></li>
                                        <li><A href="/teams">"Teams"</A></li>
                                        <li><A href="/assessments">"Assessments"</A></li>
                                        <li><A href="/frameworks">"Frameworks"</A></li>
                                        <li><A href="/role-profiles">"Role profiles"</A></li>
                                        <li><A href="/cycles">"Cycles"</A></li>
                                        <li><A href="/components">"Components"</A></li>
                                        <li><A href="/ownership">"Ownership"</A></li>
                                        <li><A href="/interviews">"Interviews"</A></li>
                                        <li><A href="/me/sessions">"Your sessions"</A></li>
                                        {admin.then(|| view! {
                                            <li><A href="/people/import">"Import people"</A></li>
                                            <li><A href="/admin/audit">"Audit log"</A></li>
                                            <li><A href="/admin/status">"Installation"</A></li>
                                        })}
                                    }.into_any()
                                }
                                None => view! { <li><A href="/sign-in">"Sign in"</A></li> }.into_any(),
                            }}
                        </Transition>
                        <li><a href="/api/docs/" rel="external">"API docs"</a></li>
                    </ul>
                </nav>
            </div>
            <main id="main" class="main" tabindex="-1">
                {children()}
            </main>
        </div>
    }
}
