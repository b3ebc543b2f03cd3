//! The component dependency graph, drawn on the server as one SVG string.
//!
//! Like the competency radar, it is plain markup rather than a browser widget so it reads
//! without JavaScript, prints, and can be saved as a file. Colours live in a `<style>`
//! element inside the drawing (scoped to the `depgraph` class), so the picture looks right
//! on its own while the page's stylesheet can still restyle the `node`, `selected`,
//! `upstream`, `downstream`, `edge` and `hot` classes.
//!
//! The layout is a simplified Sugiyama scheme:
//! 1. cycles are broken by ignoring the back edges of a depth-first search (they are still
//!    drawn, dashed, so the reader sees the cycle);
//! 2. each component's layer is the length of the longest dependency chain below it, so the
//!    things everything needs (identity, network) end at the bottom and the components that
//!    nothing depends on sit on top;
//! 3. a few barycenter sweeps order each layer to reduce crossings, keeping the best order
//!    seen;
//! 4. layers with more than [`MAX_PER_ROW`] components are wrapped onto staggered sub-rows
//!    instead of growing into one very long line.
//!
//! Every step is linear or `n log n` in the size of the graph, so a catalog of thousands of
//! components still lays out in milliseconds. Kept free of dependencies because this crate
//! also compiles to wasm32.

mod draw;
mod layout;
#[cfg(test)]
mod tests;
use super::svg::{ChartId, Esc, N, put};
use draw::*;
use layout::*;
use std::cmp::{Ordering, Reverse};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, VecDeque};
use std::fmt::Write;

use uuid::Uuid;

/// One component to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: Uuid,
    pub label: String,
    pub tier: i32,
    pub href: String,
}

/// `from` depends on `to` (the arrow points from the dependent to what it needs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub from: Uuid,
    pub to: Uuid,
}

/// How a node relates to the selected one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Plain,
    Selected,
    /// The selected component depends on it, directly or not.
    Upstream,
    /// It depends on the selected component, directly or not.
    Downstream,
}

/// Where one component ended up.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub id: Uuid,
    /// Position of the node in the slice given to [`layout`].
    pub index: usize,
    /// Length of the longest dependency chain below the node: 0 is the bottom layer (things
    /// that depend on nothing), the largest value is drawn on top.
    pub layer: usize,
    /// Position within the layer, left to right.
    pub order: usize,
    /// Sub-row within the layer when a wide layer is wrapped (0 is the first).
    pub row: usize,
    /// Top-left corner of the node's box.
    pub x: f64,
    pub y: f64,
}

/// What [`layout`] decided, kept separate from drawing so it can be tested.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// One entry per distinct node id (a repeated id keeps its first occurrence), sorted
    /// by label and then id.
    pub nodes: Vec<Placed>,
    /// Position in `nodes` by id.
    pub index: HashMap<Uuid, usize>,
    /// Number of layers.
    pub layers: usize,
    /// Size of the whole drawing, in viewBox units.
    pub width: f64,
    pub height: f64,
}

impl Layout {
    pub fn get(&self, id: Uuid) -> Option<&Placed> {
        self.index.get(&id).map(|&i| &self.nodes[i])
    }
}

// Geometry in viewBox units. A box holds about 24 characters of label at 12px plus the
// tier badge (most names whole); twelve boxes to a row keep a layer under 3,000 units.
const NODE_W: f64 = 220.0;
const NODE_H: f64 = 36.0;
const COL_GAP: f64 = 20.0;
const PITCH: f64 = NODE_W + COL_GAP;
/// Between the sub-rows of one wrapped layer.
const ROW_GAP: f64 = 20.0;
/// Between layers: room for the edge curves to turn.
const LAYER_GAP: f64 = 56.0;
/// Wide enough on the right for a self-loop to stay inside the picture.
const MARGIN: f64 = 32.0;
const LEGEND_H: f64 = 30.0;
/// Enough for the legend when the graph itself is narrow.
const MIN_WIDTH: f64 = 560.0;
const MAX_PER_ROW: usize = 12;
/// Pairs of down-and-up barycenter sweeps; more rarely helps.
const SWEEPS: usize = 4;
const LABEL_MAX_CHARS: usize = 24;
/// Keeps the edge ports clear of the box's rounded corners.
const PORT_INSET: f64 = 14.0;
const EMPTY_W: f64 = 480.0;
const EMPTY_H: f64 = 80.0;
const MUTED: &str = "#6b7280";
const EDGE: &str = "#9ca3af";
const HOT: &str = "#1f2937";

/// Default look. Every rule is scoped to `.depgraph` so that an inline drawing cannot
/// restyle the rest of the page, and a page rule of higher specificity (or `!important`)
/// overrides it. `.tier-1` comes before `.selected` so the selection outline wins.
const STYLE: &str = concat!(
    ".depgraph{print-color-adjust:exact;-webkit-print-color-adjust:exact}",
    // a page's underlined links would otherwise underline the labels
    ".depgraph a{text-decoration:none}",
    ".depgraph .box{fill:#fff;stroke:#9ca3af;stroke-width:1}",
    ".depgraph .tier-1>.box{stroke:#374151;stroke-width:2.5}",
    ".depgraph .upstream>.box{fill:#dbeafe}",
    ".depgraph .downstream>.box{fill:#fde68a}",
    ".depgraph .selected>.box{stroke:#111827;stroke-width:3.5}",
    ".depgraph a:hover>.box,.depgraph a:focus>.box{stroke:#2563eb}",
    ".depgraph .label{fill:#111827}",
    ".depgraph .badge{fill:#f3f4f6;stroke:#d1d5db}",
    ".depgraph .tier{fill:#374151;font-size:10px;font-weight:600}",
    ".depgraph .tier-1>.badge{fill:#111827;stroke:#111827}",
    ".depgraph .tier-1>.tier{fill:#fff}",
    ".depgraph .edge{fill:none;stroke:#9ca3af;stroke-width:1.2}",
    ".depgraph .edge.cycle{stroke-dasharray:5 3}",
    ".depgraph .edge.hot{stroke:#1f2937;stroke-width:2}",
    ".depgraph .legend text{fill:#374151}",
);

/// Lays the graph out. Edges naming unknown ids are ignored; cycles are allowed.
pub fn layout(nodes: &[Node], edges: &[Edge]) -> Layout {
    let g = Graph::new(nodes, edges);
    arrange(&g).0
}

/// Upstream = everything `selected` depends on transitively; downstream = everything that
/// depends on it transitively (BFS, cycles safe).
///
/// Every known node gets an entry. A node in a cycle with the selection is both upstream
/// and downstream; it is reported as upstream. An unknown or absent `selected` leaves
/// everything plain.
pub fn marks(nodes: &[Node], edges: &[Edge], selected: Option<Uuid>) -> HashMap<Uuid, Mark> {
    let g = Graph::new(nodes, edges);
    let focus = Focus::new(&g, selected);
    g.nodes.iter().enumerate().map(|(v, n)| (n.id, focus.as_ref().map_or(Mark::Plain, |f| f.mark(v)))).collect()
}

/// The whole SVG document, ready to be inlined into HTML. `title` goes into `<title>` for
/// screen readers; `selected` (if it names a node) is outlined and what lies upstream and
/// downstream of it is shaded, with the edges on those paths drawn darker.
pub fn svg(nodes: &[Node], edges: &[Edge], selected: Option<Uuid>, title: &str) -> String {
    let g = Graph::new(nodes, edges);
    let id = chart_id(nodes, edges, selected, title);
    let mut out = String::new();
    if g.len() == 0 {
        empty(&mut out, &id, title);
        return out;
    }
    let (lay, back) = arrange(&g);
    let focus = Focus::new(&g, selected);
    let cycles = back.iter().filter(|&&b| b).count();
    out.reserve(2048 + g.len() * 420 + g.edges.len() * 120);

    put(
        &mut out,
        format_args!(
            // a group, not an image: its nodes are links, and an image has no controls inside
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="group" aria-labelledby="{id}-t {id}-d" class="depgraph" font-family="system-ui,sans-serif" font-size="12"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc><style>{STYLE}</style>"#,
            N(lay.width),
            N(lay.height),
            Esc(title),
            Esc(&describe(&g, &lay, focus.as_ref(), cycles)),
        ),
    );
    // Two markers rather than one coloured from the path (`context-stroke`), which not
    // every renderer supports. Sized in user units so thick hot edges keep small heads.
    for (suffix, colour) in [("a", EDGE), ("h", HOT)] {
        put(
            &mut out,
            format_args!(
                r#"<defs><marker id="{id}-{suffix}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,1L10,5L0,9z" fill="{colour}"/></marker></defs>"#
            ),
        );
    }
    legend(&mut out, &id, focus.is_some(), cycles > 0);
    edges_svg(&mut out, &g, &lay, &back, focus.as_ref(), &id);
    nodes_svg(&mut out, &g, &lay, focus.as_ref());
    out.push_str("</svg>");
    out
}
