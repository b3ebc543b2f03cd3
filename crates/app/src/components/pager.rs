//! "← Previous · Page n of m · Next →" under a paged list; `link` makes the address of a
//! page (keeping the list's filters). `more` says the list goes on past page m (it was
//! counted only so far).

use leptos::prelude::*;

pub fn pager(current: i64, pages: i64, more: bool, link: impl Fn(i64) -> String) -> AnyView {
    let of = if more { format!("Page {current} of more than {pages}") } else { format!("Page {current} of {pages}") };
    view! {
        <nav class="pagination" aria-label="Pages">
            {(current > 1).then(|| view! { <a href=link(current - 1) rel="prev">"← Previous"</a> })}
            <span>{of}</span>
            {(more || current < pages).then(|| view! { <a href=link(current + 1) rel="next">"Next →"</a> })}
        </nav>
    }
    .into_any()
}

/// The address of page `n` of the list on this page, keeping its other query parameters
/// (filters) as they are written.
pub fn page_link(n: i64) -> String {
    let search = leptos_router::hooks::use_location().search.get_untracked();
    let mut parts: Vec<&str> =
        search.trim_start_matches('?').split('&').filter(|p| !p.is_empty() && !p.starts_with("page=")).collect();
    let page = format!("page={n}");
    parts.push(&page);
    format!("?{}", parts.join("&"))
}
