//! Drawing a laid-out graph: boxes, edges, the legend and the text description.

use super::*;

pub(super) fn empty(out: &mut String, id: &str, title: &str) {
    put(
        out,
        format_args!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" aria-labelledby="{id}-t {id}-d" class="depgraph" font-family="system-ui,sans-serif" font-size="14"><title id="{id}-t">{}</title><desc id="{id}-d">No components yet.</desc><text x="{}" y="45" text-anchor="middle" fill="{MUTED}">No components yet</text></svg>"#,
            N(EMPTY_W),
            N(EMPTY_H),
            Esc(title),
            N(EMPTY_W / 2.0),
        ),
    );
}

/// The text a screen reader gets instead of the picture.
pub(super) fn describe(g: &Graph<'_>, lay: &Layout, focus: Option<&Focus>, cycles: usize) -> String {
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut text = format!(
        "{} and {} in {}. Each arrow points from a component to one it depends on; what the others need sits lower.",
        plural(g.len(), "component", "components"),
        plural(g.edges.len(), "dependency", "dependencies"),
        plural(lay.layers, "layer", "layers"),
    );
    if cycles > 0 {
        let _ = write!(text, " {} a cycle (dashed).", plural(cycles, "dependency closes", "dependencies close"));
    }
    if let Some(f) = focus {
        let up = f.up.iter().filter(|&&b| b).count() - 1;
        let down = f.down.iter().filter(|&&b| b).count() - 1;
        let _ = write!(
            text,
            " Selected: {}. It depends on {}, directly or not; {} on it.",
            g.nodes[f.selected].label,
            plural(up, "component", "components"),
            plural(down, "component depends", "components depend"),
        );
    }
    text
}

pub(super) fn legend(out: &mut String, id: &str, selection: bool, cycles: bool) {
    // Text widths are estimated (about 6 units a character at 11px), which is plenty for
    // spacing a handful of fixed words.
    let y = MARGIN + 4.0;
    let mut x = MARGIN;
    put(out, format_args!(r#"<g class="legend" font-size="11">"#));
    let line = |out: &mut String, x: &mut f64, dash: &str, text: &str| {
        put(
            out,
            format_args!(
                r#"<path d="M{},{}h28" fill="none" stroke="{EDGE}" stroke-width="1.2"{dash} marker-end="url(#{id}-a)"/><text x="{}" y="{}">{text}</text>"#,
                N(*x),
                N(y),
                N(*x + 34.0),
                N(y + 4.0),
            ),
        );
        *x += 34.0 + 6.0 * text.chars().count() as f64 + 20.0;
    };
    line(out, &mut x, "", "depends on");
    if cycles {
        line(out, &mut x, r#" stroke-dasharray="5 3""#, "closes a cycle");
    }
    if selection {
        for (class, text) in [("selected", "Selected"), ("upstream", "It depends on"), ("downstream", "Depends on it")]
        {
            put(
                out,
                format_args!(
                    r#"<g class="swatch {class}"><rect class="box" x="{}" y="{}" width="14" height="14" rx="3"/></g><text x="{}" y="{}">{text}</text>"#,
                    N(x),
                    N(y - 7.0),
                    N(x + 20.0),
                    N(y + 4.0),
                ),
            );
            x += 20.0 + 6.0 * text.chars().count() as f64 + 20.0;
        }
    }
    out.push_str("</g>");
}

pub(super) fn edges_svg(out: &mut String, g: &Graph<'_>, lay: &Layout, back: &[bool], focus: Option<&Focus>, id: &str) {
    let at = |v: usize| (lay.nodes[v].x, lay.nodes[v].y);
    let centre = |v: usize| lay.nodes[v].x + NODE_W / 2.0;

    // Spread the edges meeting a box side across it, ordered by where their other end
    // lies, so arrowheads do not pile up on one point and the two edges of a two-node
    // cycle do not draw over each other.
    let mut top: Vec<Vec<(f64, usize, bool)>> = vec![Vec::new(); g.len()];
    let mut bottom: Vec<Vec<(f64, usize, bool)>> = vec![Vec::new(); g.len()];
    for (k, &(u, v)) in g.edges.iter().enumerate() {
        if u == v {
            continue;
        }
        if at(u).1 < at(v).1 {
            bottom[u].push((centre(v), k, true));
            top[v].push((centre(u), k, false));
        } else {
            top[u].push((centre(v), k, true));
            bottom[v].push((centre(u), k, false));
        }
    }
    let mut from_x = vec![0.0f64; g.edges.len()];
    let mut to_x = vec![0.0f64; g.edges.len()];
    for (v, sides) in top.iter_mut().zip(bottom.iter_mut()).enumerate() {
        for side in [sides.0, sides.1] {
            side.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
            let span = NODE_W - 2.0 * PORT_INSET;
            let count = side.len() as f64;
            for (i, &(_, k, is_from)) in side.iter().enumerate() {
                let x = lay.nodes[v].x + PORT_INSET + span * (i as f64 + 1.0) / (count + 1.0);
                if is_from {
                    from_x[k] = x;
                } else {
                    to_x[k] = x;
                }
            }
        }
    }

    // Hot edges last, so they are drawn over the others.
    let mut order: Vec<(bool, usize)> =
        (0..g.edges.len()).map(|k| (focus.is_some_and(|f| f.hot(g.edges[k])), k)).collect();
    order.sort_unstable();
    put(out, format_args!(r#"<g class="edges" fill="none">"#));
    for (hot, k) in order {
        let (u, v) = g.edges[k];
        let (class, marker) = if hot { (" hot", 'h') } else { ("", 'a') };
        let cycle = if back[k] { " cycle" } else { "" };
        put(out, format_args!(r#"<path class="edge{cycle}{class}" d=""#));
        let (ux, uy) = at(u);
        let (_, vy) = at(v);
        if u == v {
            // A self-loop bulges out of the box's right side.
            let x = ux + NODE_W;
            put(
                out,
                format_args!(
                    "M{},{}C{},{} {},{} {},{}",
                    N(x),
                    N(uy + 10.0),
                    N(x + 32.0),
                    N(uy - 6.0),
                    N(x + 32.0),
                    N(uy + NODE_H + 6.0),
                    N(x),
                    N(uy + NODE_H - 10.0),
                ),
            );
        } else {
            // Leave through the bottom and enter through the top when going down, the other
            // way round for the cycle edges going up; vertical tangents at both ends make the
            // arrowheads point straight into the box.
            let (y1, y2, dir) = if uy < vy { (uy + NODE_H, vy, 1.0) } else { (uy, vy + NODE_H, -1.0) };
            let bend = dir * ((y2 - y1).abs() / 2.0).max(16.0);
            let (x1, x2) = (from_x[k], to_x[k]);
            put(
                out,
                format_args!(
                    "M{},{}C{},{} {},{} {},{}",
                    N(x1),
                    N(y1),
                    N(x1),
                    N(y1 + bend),
                    N(x2),
                    N(y2 - bend),
                    N(x2),
                    N(y2),
                ),
            );
        }
        put(out, format_args!(r#"" marker-end="url(#{id}-{marker})"/>"#));
    }
    out.push_str("</g>");
}

pub(super) fn nodes_svg(out: &mut String, g: &Graph<'_>, lay: &Layout, focus: Option<&Focus>) {
    // Reading order (top layer first, left to right) is also the keyboard tab order.
    let mut order: Vec<usize> = (0..g.len()).collect();
    order.sort_by_key(|&v| (Reverse(lay.nodes[v].layer), lay.nodes[v].order));
    out.push_str(r#"<g class="nodes">"#);
    for v in order {
        let node = g.nodes[v];
        let p = &lay.nodes[v];
        let tier = node.tier.clamp(1, 4);
        let mark = focus.map_or(Mark::Plain, |f| f.mark(v));
        let (class, note) = match mark {
            Mark::Plain => ("", ""),
            Mark::Selected => (" selected", ", selected"),
            Mark::Upstream => (" upstream", ", the selected component depends on it"),
            Mark::Downstream => (" downstream", ", depends on the selected component"),
        };
        // The title is the link's accessible name and the hover text, so it carries the
        // full label even when the visible one is shortened.
        put(
            out,
            format_args!(
                r#"<a href="{}" class="node tier-{tier}{class}"><title>{}, tier {tier}{note}</title><rect class="box" x="{}" y="{}" width="{}" height="{}" rx="6"/><text class="label" x="{}" y="{}">"#,
                Esc(&node.href),
                Esc(&node.label),
                N(p.x),
                N(p.y),
                N(NODE_W),
                N(NODE_H),
                N(p.x + 10.0),
                N(p.y + NODE_H / 2.0 + 4.0),
            ),
        );
        if node.label.chars().count() > LABEL_MAX_CHARS {
            let short: String = node.label.chars().take(LABEL_MAX_CHARS - 1).collect();
            put(out, format_args!("{}…", Esc(short.trim_end())));
        } else {
            put(out, format_args!("{}", Esc(&node.label)));
        }
        put(
            out,
            format_args!(
                r#"</text><rect class="badge" x="{}" y="{}" width="24" height="16" rx="3"/><text class="tier" x="{}" y="{}" text-anchor="middle">T{tier}</text></a>"#,
                N(p.x + NODE_W - 32.0),
                N(p.y + 10.0),
                N(p.x + NODE_W - 20.0),
                N(p.y + 22.0),
            ),
        );
    }
    out.push_str("</g>");
}

/// A short id prefix so two graphs on one page do not share `<title>` or marker ids.
/// FNV-1a over the inputs: cheap, and stable across builds and platforms (unlike std's
/// randomly seeded hasher), so the output is byte-for-byte repeatable.
pub(super) fn chart_id(nodes: &[Node], edges: &[Edge], selected: Option<Uuid>, title: &str) -> String {
    let mut h = ChartId::new();
    h.eat(title.as_bytes());
    for n in nodes {
        h.eat(&[0]);
        h.eat(n.id.as_bytes());
        h.eat(n.label.as_bytes());
        h.eat(&n.tier.to_le_bytes());
    }
    for e in edges {
        h.eat(e.from.as_bytes());
        h.eat(e.to.as_bytes());
    }
    if let Some(s) = selected {
        h.eat(s.as_bytes());
    }
    h.finish("depgraph")
}
