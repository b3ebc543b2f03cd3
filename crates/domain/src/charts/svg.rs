//! Small pieces every server-drawn SVG needs (the radar chart, the dependency graph):
//! writing into the document, numbers that stay short and repeatable, escaped text.

use std::fmt::{self, Write};

pub(crate) fn put(out: &mut String, args: fmt::Arguments<'_>) {
    // Writing into a String cannot fail.
    let _ = out.write_fmt(args);
}

/// A coordinate rounded to one decimal, without a trailing ".0" or a "-0": keeps the
/// markup short and byte-for-byte repeatable.
pub(crate) struct N(pub(crate) f64);

impl fmt::Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = (self.0 * 10.0).round() / 10.0;
        if v == 0.0 {
            f.write_str("0")
        } else if v.fract() == 0.0 {
            write!(f, "{v:.0}")
        } else {
            write!(f, "{v:.1}")
        }
    }
}

/// Text escaped for XML content and attribute values alike (the one helper, in `html`).
pub(crate) use crate::html::Escaped as Esc;

/// A short id prefix so two drawings on one page do not share `<title>`, `<desc>` or marker
/// ids: FNV-1a over what is drawn. Cheap and stable across builds and platforms (unlike
/// std's randomly seeded hasher), so the output is byte-for-byte repeatable; two drawings
/// that still collide are identical anyway.
pub(crate) struct ChartId(u32);

impl ChartId {
    pub(crate) fn new() -> ChartId {
        ChartId(0x811c_9dc5)
    }

    pub(crate) fn eat(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
    }

    /// `prefix-` and six hex digits.
    pub(crate) fn finish(&self, prefix: &str) -> String {
        format!("{prefix}-{:06x}", self.0 & 0x00ff_ffff)
    }
}
