//! Descriptions written in Markdown (imported ladders carry it), shown as HTML. Besides
//! the server-drawn charts, the only HTML a page inserts as it is (`inner_html`), and only
//! what `domain::markdown::to_html` wrote: escaped text, a few elements, web and mail links.

use leptos::prelude::*;

/// `text` rendered. `first_heading`: the level its top headings take here, one below the
/// heading the description sits under (so the page's outline stays in order).
#[component]
pub fn Markdown(text: String, first_heading: u8, #[prop(optional)] class: &'static str) -> AnyView {
    let html = domain::markdown::to_html(&text, first_heading);
    let class = if class.is_empty() { "markdown".to_string() } else { format!("markdown {class}") };
    view! { <div class=class inner_html=html></div> }.into_any()
}
