//! The app frame: top bar with the product name, navigation by module (only modules
//! that exist appear), and the main area. On narrow screens the navigation folds into a
//! `<details>` menu that works without JavaScript.

use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                "Hatrack"
            </a>
        </header>
        <div class="frame">
            <details class="nav-fold" open>
                <summary>"Menu"</summary>
                <nav class="sidenav" aria-label="Main">
                    <ul>
                        <li><A href="/" exact=true>"Home"</A></li>
                        <li><a href="/api/docs/" rel="external">"API docs"</a></li>
                    </ul>
                </nav>
            </details>
            <main id="main" class="main" tabindex="-1">
                {children()}
            </main>
        </div>
    }
}
