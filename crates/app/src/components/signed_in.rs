//! Shows its children to a signed-in person; a visitor is sent to the sign-in page (on
//! the server with a redirect, in the browser with a link).

use crate::components::layout::CurrentUser;
use leptos::prelude::*;

#[component]
pub fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let user = expect_context::<CurrentUser>();
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {
                let children = children.clone();
                move || {
                    let children = children.clone();
                    user.get().map(move |r| match r {
                        Ok(Some(_)) => children().into_any(),
                        Ok(None) => to_sign_in(),
                        // not checked (the database is away): say so, keep the session
                        Err(e) => crate::components::by_id::refusal(e),
                    })
                }
            }
        </Transition>
    }
}

/// For a visitor: on the server a redirect to the sign-in page (coming back here after),
/// and a link to it in the page.
pub fn to_sign_in() -> AnyView {
    #[cfg(feature = "ssr")]
    {
        let here = leptos_router::hooks::use_location();
        let next = format!("{}{}", here.pathname.get_untracked(), here.search.get_untracked());
        let next = if next.len() > 1 && !next.ends_with('?') { next } else { "/".into() };
        leptos_actix::redirect(&format!("/sign-in?next={}", people_query_escape(&next)));
    }
    view! {
        <div class="empty">
            <p>"Sign in to see this page."</p>
            <a class="button" href="/sign-in">"Sign in"</a>
        </div>
    }
    .into_any()
}

/// The signed-in person's id (the server decides what they may do; this only picks the
/// view).
pub fn my_id() -> Option<uuid::Uuid> {
    use_context::<CurrentUser>().and_then(|u| u.get_untracked()).and_then(Result::ok).flatten().map(|me| me.id)
}

/// Percent-encodes a path for a `next=` parameter.
pub fn people_query_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
