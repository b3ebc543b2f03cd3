//! Text for the elements whose content the pinned Leptos writes into the server's HTML
//! *unescaped*: a page's `<title>` (leptos_meta 0.8.7 pushes the formatted title as is)
//! and a `<textarea>`'s starting text (tachys 0.2.19 marks `textarea`'s children as not
//! escaped, like `script` and `style`). Every such text goes through [`raw_text`]; the
//! page sweep test (`crates/server/tests/hostile_text.rs`) and the unit test below catch a
//! forgotten one and an upgrade that starts escaping (we would then escape twice).

/// `text`, escaped for the server's HTML (`domain::html::escape`). In the browser the DOM
/// takes it as text, so it is passed through unchanged there.
pub fn raw_text(text: impl AsRef<str>) -> String {
    #[cfg(feature = "ssr")]
    {
        domain::html::escape(text.as_ref()).into_owned()
    }
    #[cfg(not(feature = "ssr"))]
    {
        text.as_ref().to_string()
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::raw_text;
    use leptos::prelude::*;

    const HOSTILE: &str = "</textarea></title><script>alert('x')</script> & more";
    const ONCE: &str = "&lt;/textarea&gt;&lt;/title&gt;&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; more";

    /// If a Leptos upgrade starts escaping textarea text itself, the text would be escaped
    /// twice (`&amp;lt;`) and users would see entities: this fails, and `raw_text` goes.
    /// If it stops escaping what we hand it, the raw `</textarea>` shows up here.
    #[test]
    fn textarea_text_is_escaped_exactly_once() {
        let html = Owner::new().with(|| view! { <textarea>{raw_text(HOSTILE)}</textarea> }.to_html());
        assert_eq!(html, format!("<textarea>{ONCE}</textarea>"));
        let bare = Owner::new().with(|| view! { <textarea>{HOSTILE.to_string()}</textarea> }.to_html());
        assert!(bare.contains("</textarea></title><script>"), "tachys writes textarea text raw: {bare}");
    }
    // The title's counterpart runs through the whole page pipeline (leptos_meta injects it
    // into the streamed head): `hostile_text.rs` asserts the title is escaped exactly once.
}
