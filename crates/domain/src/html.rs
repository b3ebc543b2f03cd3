//! The one escaping helper for text written into HTML, XML or SVG by hand, outside the
//! view macros' own escaping: server-drawn charts, and the elements whose text the
//! framework writes raw (a page's `<title>`, a `<textarea>`'s starting text; see
//! `app::raw_text`). Escaping `&` too keeps the text exact: the browser decodes the
//! entities back, so a description that says `&lt;` stays `&lt;`.

use std::borrow::Cow;
use std::fmt;

/// `text` with `& < > " '` replaced by entities: safe as element content (including the
/// raw-text-like `title` and `textarea`) and inside a quoted attribute value alike.
pub fn escape(text: &str) -> Cow<'_, str> {
    if text.contains(['&', '<', '>', '"', '\'']) { Cow::Owned(Escaped(text).to_string()) } else { Cow::Borrowed(text) }
}

/// Escapes while formatting, for writers that build a document with `write!`.
pub struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(pos) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..pos])?;
            f.write_str(match rest.as_bytes()[pos] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&apos;",
            })?;
            rest = &rest[pos + 1..];
        }
        f.write_str(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_character_that_could_end_an_element_or_attribute() {
        assert_eq!(
            escape("</title><script>alert(\"x\" & 'y')</script>"),
            "&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot; &amp; &apos;y&apos;)&lt;/script&gt;"
        );
        assert!(matches!(escape("plain text, ünïcode"), Cow::Borrowed(_)));
        assert_eq!(escape("&lt;"), "&amp;lt;", "an entity typed by someone stays as typed");
    }
}
