//! A radar (spider) chart of one person's competency profile: the level their role
//! expects, their manager's rating and their own, one spoke per competency.
//!
//! It is built here as a plain SVG string rather than drawn in the browser so the profile
//! reads without JavaScript, prints, and still looks right when saved as a file. That is
//! also why every element carries inline presentation attributes next to its CSS class:
//! the site stylesheet may refine the look, but the chart must not depend on it. Kept free
//! of dependencies because this crate also compiles to wasm32.

use super::svg::{ChartId, Esc, N, put};

use crate::rubric::MAX_LEVELS;

/// One competency on the chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spoke<'a> {
    pub label: &'a str,
    /// Level the role profile expects.
    pub expected: Option<i32>,
    /// The manager's rating.
    pub manager: Option<i32>,
    /// The person's own rating.
    pub own: Option<i32>,
}

// Layout in viewBox units. The side margins leave room for a 22-character label at the
// label font size; the strip below the chart holds the legend.
const CX: f64 = 320.0;
const CY: f64 = 258.0;
const R: f64 = 165.0;
const LABEL_GAP: f64 = 10.0;
const LABEL_MAX_CHARS: usize = 22;
/// Each line of a label broken in two (a little longer: the lines stack, not spread).
const LABEL_LINE_CHARS: usize = 24;
const LEGEND_Y: f64 = 518.0;
const GRID: &str = "#d1d5db";
const INK: &str = "#111827";
const MUTED: &str = "#6b7280";

struct Series {
    class: &'static str,
    name: &'static str,
    colour: &'static str,
    /// Attributes only the polygon gets (fill, dash), on top of the group's.
    polygon: &'static str,
    /// Set on the group so the dots inherit them; the polygon overrides what it must.
    group: &'static str,
    /// Dots shrink from series to series so that equal values show as concentric marks
    /// instead of the last one hiding the others.
    dot_r: &'static str,
    dash: &'static str,
    value: fn(&Spoke<'_>) -> Option<i32>,
}

const SERIES: [Series; 3] = [
    Series {
        class: "radar-expected",
        name: "Expected level",
        colour: "#6b7280",
        polygon: r##"fill="none" stroke-dasharray="6 4""##,
        group: r##"fill="#fff" stroke="#6b7280" stroke-width="1.5""##,
        dot_r: "4",
        dash: "6 4",
        value: |s| s.expected,
    },
    Series {
        class: "radar-manager",
        name: "Manager rating",
        colour: "#2563eb",
        polygon: r#"fill-opacity=".18""#,
        group: r##"fill="#2563eb" stroke="#2563eb" stroke-width="2""##,
        dot_r: "2.5",
        dash: "",
        value: |s| s.manager,
    },
    Series {
        class: "radar-self",
        name: "Self-rating",
        colour: "#d97706",
        polygon: r#"fill="none" stroke-dasharray="2 3""#,
        group: r##"fill="#d97706" stroke="#d97706" stroke-width="2""##,
        dot_r: "1.5",
        dash: "2 3",
        value: |s| s.own,
    },
];

/// The chart as a standalone `<svg>` element, ready to be inlined into HTML.
///
/// `levels` is the framework's number of levels (3..=7). `title` goes into <title> for screen readers.
///
/// Values outside `0..=levels` are clamped so a stray rating cannot push a point off the
/// chart; a missing value sits at the centre of its series' outline but gets no dot, so
/// "not rated" stays distinguishable from a rating.
pub fn svg(spokes: &[Spoke<'_>], levels: i32, title: &str) -> String {
    draw(spokes, levels, title, false)
}

/// The same chart for a page of small ones (one per area): labels twice the size, wider
/// margins for them, and no legend (the page says it once).
pub fn small(spokes: &[Spoke<'_>], levels: i32, title: &str) -> String {
    draw(spokes, levels, title, true)
}

fn draw(spokes: &[Spoke<'_>], levels: i32, title: &str, small: bool) -> String {
    let id = chart_id(spokes, title);
    let mut out = String::with_capacity(2048 + spokes.len() * 300);
    if spokes.is_empty() {
        empty(&mut out, &id, title);
        return out;
    }
    let levels = levels.clamp(1, MAX_LEVELS);
    let n = spokes.len();

    put(
        &mut out,
        format_args!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{}" width="100%" role="img" aria-labelledby="{id}-t {id}-d" class="radar" font-family="system-ui,sans-serif" font-size="{}"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
            // small: room on both sides for 24-character lines, and above and below for two
            if small { "-150 10 940 500" } else { "0 0 640 560" },
            if small { 22 } else { 11 },
            Esc(title),
            Esc(&describe(spokes, levels)),
        ),
    );

    // With fewer than three spokes a ring through the spoke ends would collapse onto the
    // spokes themselves, so those rings are drawn as near-circles instead.
    let ring_vertices = if n >= 3 { n } else { 24 };
    put(&mut out, format_args!(r#"<g class="radar-grid" fill="none" stroke="{GRID}">"#));
    for level in 1..=levels {
        let r = R * f64::from(level) / f64::from(levels);
        out.push_str(r#"<polygon points=""#);
        points(&mut out, (0..ring_vertices).map(|i| at(i, ring_vertices, r)));
        out.push_str(r#""/>"#);
    }
    out.push_str("</g>");

    put(&mut out, format_args!(r#"<g class="radar-spoke" stroke="{GRID}">"#));
    for i in 0..n {
        let (x, y) = at(i, n, R);
        put(&mut out, format_args!(r#"<line x1="{}" y1="{}" x2="{}" y2="{}"/>"#, N(CX), N(CY), N(x), N(y)));
    }
    out.push_str("</g>");

    // Level numbers sit just right of the first spoke, inside each ring, where they stay
    // clear of the labels around the rim.
    put(&mut out, format_args!(r#"<g class="radar-scale" fill="{MUTED}" font-size="9">"#));
    for level in 1..=levels {
        let r = R * f64::from(level) / f64::from(levels);
        put(&mut out, format_args!(r#"<text x="{}" y="{}">{level}</text>"#, N(CX + 4.0), N(CY - r + 10.0)));
    }
    out.push_str("</g>");

    put(&mut out, format_args!(r#"<g class="radar-label" fill="{INK}">"#));
    for (i, spoke) in spokes.iter().enumerate() {
        label(&mut out, i, n, spoke.label, if small { 22.0 } else { 11.0 });
    }
    out.push_str("</g>");

    let counts = SERIES.map(|s| spokes.iter().filter(|sp| (s.value)(sp).is_some()).count());
    for (series, &count) in SERIES.iter().zip(&counts) {
        if count == 0 {
            continue;
        }
        put(&mut out, format_args!(r#"<g class="{}" {}><polygon points=""#, series.class, series.group));
        points(&mut out, spokes.iter().enumerate().map(|(i, s)| at(i, n, radius((series.value)(s), levels))));
        put(&mut out, format_args!(r#"" {}><title>{}</title></polygon>"#, series.polygon, series.name));
        for (i, spoke) in spokes.iter().enumerate() {
            if let Some(v) = (series.value)(spoke) {
                let (x, y) = at(i, n, radius(Some(v), levels));
                put(&mut out, format_args!(r#"<circle cx="{}" cy="{}" r="{}"/>"#, N(x), N(y), series.dot_r));
            }
        }
        out.push_str("</g>");
    }

    if !small {
        legend(&mut out, &counts);
    }
    out.push_str("</svg>");
    out
}

fn empty(out: &mut String, id: &str, title: &str) {
    put(
        out,
        format_args!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 80" width="100%" role="img" aria-labelledby="{id}-t {id}-d" class="radar" font-family="system-ui,sans-serif" font-size="14"><title id="{id}-t">{}</title><desc id="{id}-d">No competencies to show.</desc><text class="radar-label" x="320" y="45" text-anchor="middle" fill="{MUTED}">No competencies to show</text></svg>"#,
            Esc(title)
        ),
    );
}

/// The text a screen reader gets instead of the picture.
fn describe(spokes: &[Spoke<'_>], levels: i32) -> String {
    let n = spokes.len();
    let count = |f: fn(&Spoke<'_>) -> Option<i32>| match spokes.iter().filter(|s| f(s).is_some()).count() {
        0 => "none yet".to_string(),
        c if c == n => "all".to_string(),
        c => c.to_string(),
    };
    format!(
        "{n} {}; expected, manager and self levels out of {levels}. Expected level set for {}, manager rating for {}, self-rating for {}.",
        if n == 1 { "competency" } else { "competencies" },
        count(|s| s.expected),
        count(|s| s.manager),
        count(|s| s.own),
    )
}

/// `size` is the label font size: the offsets below were set for 11 and grow with it.
fn label(out: &mut String, i: usize, n: usize, text: &str, size: f64) {
    let k = size / 11.0;
    let (ux, uy) = unit(i, n);
    let (x, y) = at(i, n, R + LABEL_GAP);
    // Anchor the text on the side facing the chart, so it grows away from it: labels on
    // the right start at the spoke end, on the left they end there, and only the ones
    // straight above or below are centred.
    let (anchor, clear) = if ux.abs() < 0.1 {
        // A centred label spreads sideways over its neighbours' ends, which sit at about
        // the same height when there are many spokes; one extra line of distance clears them.
        ("middle", 12.0 * k)
    } else if ux > 0.0 {
        ("start", 0.0)
    } else {
        ("end", 0.0)
    };
    // SVG places text by its baseline; move it down about a third of the font size to
    // centre it vertically, and further on the lower half so it hangs below the rim
    // rather than sitting on it.
    let y = y + 4.0 * k + (5.0 * k + clear) * uy;
    let lines = wrap(text);
    // a two-line label starts half a line higher, so it stays centred on its spoke
    let y = if lines.len() > 1 && uy.abs() < 0.5 {
        y - 6.0 * k
    } else if lines.len() > 1 && uy < 0.0 {
        y - 12.0 * k
    } else {
        y
    };
    put(out, format_args!(r#"<text x="{}" y="{}" text-anchor="{anchor}">"#, N(x), N(y)));
    match lines.as_slice() {
        [one] => put(out, format_args!("{}", Esc(one))),
        _ => {
            for (k, line) in lines.iter().enumerate() {
                if k == 0 {
                    put(out, format_args!(r#"<tspan>{}</tspan>"#, Esc(line)));
                } else {
                    put(out, format_args!(r#"<tspan x="{}" dy="1.1em">{}</tspan>"#, N(x), Esc(line)));
                }
            }
        }
    }
    if lines.concat().chars().count() < text.chars().count() - (lines.len() - 1) {
        // cut short: the full name stays available as a tooltip and to assistive technology
        put(out, format_args!("<title>{}</title>", Esc(text)));
    }
    out.push_str("</text>");
}

/// A label on at most two lines of `LABEL_LINE_CHARS`, broken between words where the
/// two lines come out most even; longer names end in "…" (the whole name is the text's
/// tooltip).
fn wrap(text: &str) -> Vec<String> {
    let text = text.trim();
    if text.chars().count() <= LABEL_MAX_CHARS {
        return vec![text.to_string()];
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let best = (1..words.len())
        .map(|k| (words[..k].join(" "), words[k..].join(" ")))
        // most even; on a tie, the longer first line (a name reads on from its start)
        .min_by_key(|(a, b)| (a.chars().count().max(b.chars().count()), b.chars().count()));
    let cut = |s: String| -> String {
        if s.chars().count() > LABEL_LINE_CHARS {
            let short: String = s.chars().take(LABEL_LINE_CHARS - 1).collect();
            format!("{}…", short.trim_end())
        } else {
            s
        }
    };
    match best {
        Some((a, b)) => vec![cut(a), cut(b)],
        None => vec![cut(text.to_string())],
    }
}

fn legend(out: &mut String, counts: &[usize; 3]) {
    put(out, format_args!(r#"<g class="radar-legend" fill="{INK}" font-size="12">"#));
    for (k, (series, &count)) in SERIES.iter().zip(counts).enumerate() {
        let x = 30.0 + 200.0 * k as f64;
        put(
            out,
            format_args!(
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2""#,
                N(x),
                N(LEGEND_Y),
                N(x + 24.0),
                N(LEGEND_Y),
                series.colour
            ),
        );
        if !series.dash.is_empty() {
            put(out, format_args!(r#" stroke-dasharray="{}""#, series.dash));
        }
        // The legend keeps all three entries even when a series is absent, so the reader
        // learns it is missing rather than wondering where it went.
        let note = if count == 0 { " (none yet)" } else { "" };
        put(out, format_args!(r#"/><text x="{}" y="{}">{}{note}</text>"#, N(x + 32.0), N(LEGEND_Y + 4.0), series.name));
    }
    out.push_str("</g>");
}

/// Distance from the centre for a value; missing counts as 0.
fn radius(value: Option<i32>, levels: i32) -> f64 {
    let v = value.unwrap_or(0).clamp(0, levels);
    R * f64::from(v) / f64::from(levels)
}

/// Direction of spoke `i` of `n`: the first points straight up, the rest follow clockwise
/// (screen y grows downwards, hence the minus on the cosine).
fn unit(i: usize, n: usize) -> (f64, f64) {
    let a = std::f64::consts::TAU * i as f64 / n as f64;
    (a.sin(), -a.cos())
}

fn at(i: usize, n: usize, r: f64) -> (f64, f64) {
    let (ux, uy) = unit(i, n);
    (CX + r * ux, CY + r * uy)
}

fn points(out: &mut String, pts: impl Iterator<Item = (f64, f64)>) {
    for (k, (x, y)) in pts.enumerate() {
        if k > 0 {
            out.push(' ');
        }
        put(out, format_args!("{},{}", N(x), N(y)));
    }
}

/// A short id prefix so two charts on one page do not share `<title>`/`<desc>` ids.
/// FNV-1a over the title and the data: cheap, stable across builds and platforms (unlike
/// std's randomly seeded hasher), and two charts that still collide are identical anyway.
fn chart_id(spokes: &[Spoke<'_>], title: &str) -> String {
    let mut h = ChartId::new();
    h.eat(title.as_bytes());
    for s in spokes {
        h.eat(&[0]);
        h.eat(s.label.as_bytes());
        for v in [s.expected, s.manager, s.own] {
            h.eat(&v.map_or(-1, |v| v).to_le_bytes());
        }
    }
    h.finish("radar")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spoke(label: &str, expected: Option<i32>, manager: Option<i32>, own: Option<i32>) -> Spoke<'_> {
        Spoke { label, expected, manager, own }
    }

    fn sample(n: usize) -> Vec<Spoke<'static>> {
        (0..n)
            .map(|i| {
                let i = i as i32;
                spoke("Competency", Some(1 + i % 5), if i % 3 == 0 { None } else { Some(i % 6) }, Some((i * 2) % 6))
            })
            .collect()
    }

    fn well_formed(svg: &str) {
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.ends_with("</svg>"), "{svg}");
        assert_eq!(svg.matches("<g ").count(), svg.matches("</g>").count(), "{svg}");
        // A small nesting check: every text '<' is escaped, so each '<' opens a tag.
        let mut open: Vec<&str> = Vec::new();
        let mut rest = svg;
        while let Some(start) = rest.find('<') {
            let end = start + rest[start..].find('>').expect("unclosed tag");
            let tag = &rest[start + 1..end];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(open.pop(), Some(name), "mismatched </{name}>");
            } else if !tag.ends_with('/') {
                open.push(tag.split(' ').next().unwrap_or(tag));
            }
            rest = &rest[end + 1..];
        }
        assert!(open.is_empty(), "unclosed: {open:?}");
    }

    #[test]
    fn output_is_a_single_balanced_svg_element() {
        let s = svg(&sample(27), 5, "Profile");
        well_formed(&s);
        assert!(s.contains(r#"width="100%""#) && s.contains(r#"role="img""#));
        assert!(s.contains("27 competencies; expected, manager and self levels out of 5."));
    }

    #[test]
    fn text_is_escaped() {
        let spokes =
            [spoke("R&D <ops>", Some(2), None, None), spoke("a", None, None, None), spoke("b", None, None, None)];
        let s = svg(&spokes, 4, "Ann's \"profile\"");
        well_formed(&s);
        assert!(s.contains("R&amp;D &lt;ops&gt;"));
        assert!(!s.contains("R&D"));
        assert!(s.contains("Ann&apos;s &quot;profile&quot;"));
    }

    #[test]
    fn one_dot_per_present_value() {
        let spokes = sample(27);
        let present: usize =
            spokes.iter().map(|s| [s.expected, s.manager, s.own].iter().filter(|v| v.is_some()).count()).sum();
        assert_eq!(svg(&spokes, 5, "x").matches("<circle").count(), present);
    }

    #[test]
    fn a_series_without_values_is_left_out_but_named_in_the_legend() {
        let spokes =
            [spoke("a", Some(3), Some(2), None), spoke("b", Some(2), None, None), spoke("c", None, Some(1), None)];
        let s = svg(&spokes, 4, "x");
        // four grid rings plus the expected and manager outlines
        assert_eq!(s.matches("<polygon").count(), 4 + 2);
        assert!(!s.contains(r#"<g class="radar-self""#));
        assert!(s.contains("Self-rating (none yet)"));
        assert!(!s.contains("Manager rating (none yet)"));
        assert_eq!(s.matches("<circle").count(), 4);
    }

    #[test]
    fn no_spokes_and_two_spokes_still_make_valid_svg() {
        let s = svg(&[], 5, "Empty");
        well_formed(&s);
        assert!(s.contains("No competencies to show"));

        let s = svg(&[spoke("a", Some(3), Some(2), None), spoke("b", None, Some(4), Some(1))], 5, "Two");
        well_formed(&s);
        assert_eq!(s.matches("<line").count(), 2 + 3);
        assert_eq!(s.matches("<circle").count(), 4);

        well_formed(&svg(&[spoke("only", Some(1), None, None)], 3, "One"));
    }

    #[test]
    fn the_top_level_lies_on_the_outer_ring() {
        let spokes = [spoke("a", None, Some(5), None), spoke("b", None, None, None), spoke("c", None, None, None)];
        let s = svg(&spokes, 5, "x");
        let (x, y) = (N(CX).to_string(), N(CY - R).to_string());
        assert!(s.contains(&format!(r#"<circle cx="{x}" cy="{y}""#)), "{s}");
        assert!(s.contains(&format!(r#"<line x1="{x}" y1="{}" x2="{x}" y2="{y}"/>"#, N(CY))));
        // the outermost ring starts at the same point
        assert!(s.contains(&format!(r#"<polygon points="{x},{y} "#)));
    }

    #[test]
    fn spokes_run_clockwise_from_the_top_with_labels_facing_out() {
        let spokes = [
            spoke("top", None, None, None),
            spoke("right", None, None, None),
            spoke("bottom", None, None, None),
            spoke("left", None, None, None),
        ];
        let s = svg(&spokes, 3, "x");
        let right = format!(r#"x2="{}" y2="{}""#, N(CX + R), N(CY));
        assert!(s.contains(&right), "second spoke points right: {s}");
        assert!(s.contains(r#"text-anchor="middle">top<"#));
        assert!(s.contains(r#"text-anchor="start">right<"#));
        assert!(s.contains(r#"text-anchor="middle">bottom<"#));
        assert!(s.contains(r#"text-anchor="end">left<"#));
    }

    #[test]
    fn long_labels_wrap_onto_two_lines_and_only_longer_ones_are_cut() {
        let long = "Security & vulnerability management";
        let spokes = [spoke(long, None, None, None), spoke("b", None, None, None), spoke("c", None, None, None)];
        let s = svg(&spokes, 3, "x");
        // on two lines, whole
        assert!(s.contains("<tspan>Security &amp; vulnerability</tspan>"), "{s}");
        assert!(s.contains(r#"dy="1.1em">management</tspan>"#), "{s}");
        assert!(!s.contains('…'), "{s}");
        // too long even for two lines: cut, with the whole name as the tooltip
        let longer = "Security, vulnerability and dependency management across the estate";
        let spokes = [spoke(longer, None, None, None), spoke("b", None, None, None), spoke("c", None, None, None)];
        let s = svg(&spokes, 3, "x");
        assert!(s.contains("…") && s.contains(&format!("<title>{longer}</title>")), "{s}");
    }

    #[test]
    fn output_is_deterministic_and_ids_differ_between_charts() {
        let spokes = sample(9);
        assert_eq!(svg(&spokes, 5, "Ann"), svg(&spokes, 5, "Ann"));
        assert_ne!(chart_id(&spokes, "Ann"), chart_id(&spokes, "Bob"));
    }

    #[test]
    fn coordinates_are_compact() {
        assert_eq!(N(-0.01).to_string(), "0");
        assert_eq!(N(85.0).to_string(), "85");
        assert_eq!(N(12.345).to_string(), "12.3");
    }
}
