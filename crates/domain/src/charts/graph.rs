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

use super::svg::{ChartId, Esc, N, put};
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

// Geometry in viewBox units. A box holds about 16 characters of label at 12px plus the
// tier badge; twelve boxes to a row keep a layer about 2,000 units wide at most.
const NODE_W: f64 = 168.0;
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
const LABEL_MAX_CHARS: usize = 16;
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
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" aria-labelledby="{id}-t {id}-d" class="depgraph" font-family="system-ui,sans-serif" font-size="12"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc><style>{STYLE}</style>"#,
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

/// The nodes that take part, in a canonical order, and the edges between them.
struct Graph<'a> {
    /// Distinct nodes sorted by label, then id: this order breaks every tie in the layout,
    /// so the drawing depends on the data rather than on the order rows arrived in.
    nodes: Vec<&'a Node>,
    /// Position of each node in the caller's slice.
    input: Vec<usize>,
    index: HashMap<Uuid, usize>,
    /// Edges between known nodes as (from, to) indices into `nodes`, in input order.
    edges: Vec<(usize, usize)>,
    /// Outgoing edge numbers per node, sorted by target.
    out: Vec<Vec<usize>>,
    /// Incoming edge numbers per node.
    inc: Vec<Vec<usize>>,
}

impl<'a> Graph<'a> {
    fn new(nodes: &'a [Node], edges: &[Edge]) -> Self {
        let mut first: HashMap<Uuid, ()> = HashMap::with_capacity(nodes.len());
        let mut input: Vec<usize> = Vec::with_capacity(nodes.len());
        for (i, node) in nodes.iter().enumerate() {
            if let Entry::Vacant(e) = first.entry(node.id) {
                e.insert(());
                input.push(i);
            }
        }
        input.sort_by(|&a, &b| nodes[a].label.cmp(&nodes[b].label).then(nodes[a].id.cmp(&nodes[b].id)));
        let index: HashMap<Uuid, usize> = input.iter().enumerate().map(|(k, &i)| (nodes[i].id, k)).collect();
        let resolved: Vec<(usize, usize)> =
            edges.iter().filter_map(|e| Some((*index.get(&e.from)?, *index.get(&e.to)?))).collect();
        let n = input.len();
        let mut out = vec![Vec::new(); n];
        let mut inc = vec![Vec::new(); n];
        for (k, &(u, v)) in resolved.iter().enumerate() {
            out[u].push(k);
            inc[v].push(k);
        }
        // The depth-first search walks targets in canonical order, so which edge of a cycle
        // gets set aside does not depend on the order the edges were listed in.
        for list in &mut out {
            list.sort_by_key(|&k| (resolved[k].1, k));
        }
        Graph { nodes: input.iter().map(|&i| &nodes[i]).collect(), input, index, edges: resolved, out, inc }
    }

    fn len(&self) -> usize {
        self.nodes.len()
    }
}

/// The selected node and what is reachable from it either way.
struct Focus {
    selected: usize,
    /// Reachable following dependencies (includes the selection).
    up: Vec<bool>,
    /// Reachable following dependents (includes the selection).
    down: Vec<bool>,
}

impl Focus {
    fn new(g: &Graph<'_>, selected: Option<Uuid>) -> Option<Focus> {
        let s = *g.index.get(&selected?)?;
        Some(Focus { selected: s, up: reach(g, s, true), down: reach(g, s, false) })
    }

    fn mark(&self, v: usize) -> Mark {
        if v == self.selected {
            Mark::Selected
        } else if self.up[v] {
            Mark::Upstream
        } else if self.down[v] {
            Mark::Downstream
        } else {
            Mark::Plain
        }
    }

    /// An edge lies on a path from the selection down its dependencies exactly when its
    /// source is reachable that way, and on a path up its dependents when its target is.
    fn hot(&self, (u, v): (usize, usize)) -> bool {
        self.up[u] || self.down[v]
    }
}

/// Breadth-first search from `from`, along dependencies (`forward`) or against them. The
/// visited flags make it stop on cycles.
fn reach(g: &Graph<'_>, from: usize, forward: bool) -> Vec<bool> {
    let mut seen = vec![false; g.len()];
    seen[from] = true;
    let mut queue = VecDeque::from([from]);
    while let Some(u) = queue.pop_front() {
        let list = if forward { &g.out[u] } else { &g.inc[u] };
        for &k in list {
            let (a, b) = g.edges[k];
            let w = if forward { b } else { a };
            if !seen[w] {
                seen[w] = true;
                queue.push_back(w);
            }
        }
    }
    seen
}

/// Depth-first search over the whole graph, without recursion so a long chain cannot
/// overflow the stack. Returns which edges close a cycle (they point back at a node still
/// on the search path, self-loops included) and the nodes in the order they finished.
/// Roots are the nodes nothing depends on first, so in a cycle reached from above the
/// edge set aside is the one pointing back up.
fn acyclic(g: &Graph<'_>) -> (Vec<bool>, Vec<usize>) {
    const NEW: u8 = 0;
    const OPEN: u8 = 1;
    let n = g.len();
    let mut state = vec![NEW; n];
    let mut back = vec![false; g.edges.len()];
    let mut post = Vec::with_capacity(n);
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let roots = (0..n).filter(|&v| g.inc[v].is_empty()).chain((0..n).filter(|&v| !g.inc[v].is_empty()));
    for root in roots {
        if state[root] != NEW {
            continue;
        }
        state[root] = OPEN;
        stack.push((root, 0));
        while let Some(&(v, i)) = stack.last() {
            if let Some(&k) = g.out[v].get(i) {
                let top = stack.len() - 1;
                stack[top].1 += 1;
                let w = g.edges[k].1;
                match state[w] {
                    NEW => {
                        state[w] = OPEN;
                        stack.push((w, 0));
                    }
                    OPEN => back[k] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                post.push(v);
                stack.pop();
            }
        }
    }
    (back, post)
}

/// The layout plus, per edge, whether it was set aside to break a cycle.
fn arrange(g: &Graph<'_>) -> (Layout, Vec<bool>) {
    let n = g.len();
    if n == 0 {
        let lay = Layout { nodes: Vec::new(), index: HashMap::new(), layers: 0, width: EMPTY_W, height: EMPTY_H };
        return (lay, Vec::new());
    }
    let (back, post) = acyclic(g);

    // Longest path to a sink. In finishing order every kept edge's target is done before
    // its source (the DFS finishes descendants first), so one pass suffices.
    let mut rank = vec![0usize; n];
    for &v in &post {
        rank[v] = g.out[v].iter().filter(|&&k| !back[k]).map(|&k| rank[g.edges[k].1] + 1).max().unwrap_or(0);
    }
    let top = rank.iter().copied().max().unwrap_or(0);

    // Neighbours drawn above and below each node, whatever the edge direction. Kept edges
    // always drop at least one layer and cycle edges climb at least one, so only
    // self-loops join a layer to itself; they play no part in ordering.
    let mut above: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut below: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(u, v) in &g.edges {
        match rank[u].cmp(&rank[v]) {
            Ordering::Greater => {
                below[u].push(v);
                above[v].push(u);
            }
            Ordering::Less => {
                above[u].push(v);
                below[v].push(u);
            }
            Ordering::Equal => {}
        }
    }
    let linked: Vec<bool> = (0..n).map(|v| !above[v].is_empty() || !below[v].is_empty()).collect();

    // Start from canonical order with unconnected components at the end of their layer,
    // where they stay out of the way of the edges.
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); top + 1];
    for v in 0..n {
        layers[rank[v]].push(v);
    }
    for layer in &mut layers {
        layer.sort_by_key(|&v| (!linked[v], v));
    }
    let mut pos = vec![0usize; n];
    let mut xs = vec![0.0f64; n];
    for layer in &layers {
        settle(layer, &mut pos, &mut xs);
    }

    let mut best_crossings = crossings(g, &rank, &pos, &layers);
    let mut best = layers.clone();
    'sweeps: for _ in 0..SWEEPS {
        for downward in [true, false] {
            if best_crossings == 0 {
                break 'sweeps;
            }
            if downward {
                for r in (0..=top).rev() {
                    reorder(&mut layers[r], &above, &linked, &mut pos, &mut xs);
                }
            } else {
                for layer in &mut layers {
                    reorder(layer, &below, &linked, &mut pos, &mut xs);
                }
            }
            let c = crossings(g, &rank, &pos, &layers);
            if c < best_crossings {
                best_crossings = c;
                best.clone_from(&layers);
            }
        }
    }
    for layer in &best {
        settle(layer, &mut pos, &mut xs);
    }

    let width = (best.iter().map(|l| block_width(l.len())).fold(0.0, f64::max) + 2.0 * MARGIN).max(MIN_WIDTH);
    let mut placed: Vec<Option<Placed>> = vec![None; n];
    let mut y0 = MARGIN + LEGEND_H;
    for r in (0..=top).rev() {
        let layer = &best[r];
        let (rows, _) = shape(layer.len());
        for (p, &v) in layer.iter().enumerate() {
            let row = p % rows;
            placed[v] = Some(Placed {
                id: g.nodes[v].id,
                index: g.input[v],
                layer: r,
                order: p,
                row,
                x: width / 2.0 + xs[v] - NODE_W / 2.0,
                y: y0 + row as f64 * (NODE_H + ROW_GAP),
            });
        }
        y0 += rows as f64 * (NODE_H + ROW_GAP) - ROW_GAP + LAYER_GAP;
    }
    let height = y0 - LAYER_GAP + MARGIN;
    let nodes: Vec<Placed> = placed.into_iter().flatten().collect();
    let index = nodes.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    (Layout { nodes, index, layers: top + 1, width, height }, back)
}

/// One barycenter step: each node moves to the average x of its neighbours on the side
/// already settled in this sweep. Nodes without such neighbours keep their x; unconnected
/// ones stay at the end. Ties go to the canonical (label, id) order.
fn reorder(layer: &mut [usize], nbrs: &[Vec<usize>], linked: &[bool], pos: &mut [usize], xs: &mut [f64]) {
    let mut keyed: Vec<(f64, usize)> = layer
        .iter()
        .map(|&v| {
            let key = if !linked[v] {
                f64::INFINITY
            } else if nbrs[v].is_empty() {
                xs[v]
            } else {
                nbrs[v].iter().map(|&w| xs[w]).sum::<f64>() / nbrs[v].len() as f64
            };
            (key, v)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for (slot, (_, v)) in layer.iter_mut().zip(keyed) {
        *slot = v;
    }
    settle(layer, pos, xs);
}

fn settle(layer: &[usize], pos: &mut [usize], xs: &mut [f64]) {
    for (p, &v) in layer.iter().enumerate() {
        pos[v] = p;
        xs[v] = slot_x(p, layer.len());
    }
}

/// Sub-rows and columns for a layer of `len` nodes, spread evenly (13 nodes make rows of
/// seven and six, not twelve and one).
fn shape(len: usize) -> (usize, usize) {
    let rows = len.div_ceil(MAX_PER_ROW).max(1);
    (rows, len.div_ceil(rows))
}

/// Horizontal centre of position `p` in a layer of `len`, relative to the layer's centre.
/// Wrapped layers fill column by column and each sub-row is shifted by a fraction of the
/// pitch, so x still grows with the position (the barycenter order stays meaningful) and,
/// with two sub-rows, edges into the lower one come down between the boxes of the upper.
fn slot_x(p: usize, len: usize) -> f64 {
    let (rows, _) = shape(len);
    let (col, row) = (p / rows, p % rows);
    let left = col as f64 * PITCH + row as f64 * PITCH / rows as f64;
    left + NODE_W / 2.0 - block_width(len) / 2.0
}

fn block_width(len: usize) -> f64 {
    let (rows, cols) = shape(len);
    (cols.max(1) - 1) as f64 * PITCH + NODE_W + (rows - 1) as f64 * PITCH / rows as f64
}

/// Crossings between edges that join adjacent layers: the yardstick for keeping the best
/// order. Sorting the edges by their upper end, a pair crosses when the later one's lower
/// end lies left of the earlier one's; a Fenwick tree counts those in `E log V`.
fn crossings(g: &Graph<'_>, rank: &[usize], pos: &[usize], layers: &[Vec<usize>]) -> u64 {
    let mut gaps: Vec<Vec<(usize, usize)>> = vec![Vec::new(); layers.len()];
    for &(u, v) in &g.edges {
        let (hi, lo) = if rank[u] > rank[v] { (u, v) } else { (v, u) };
        if rank[hi] == rank[lo] + 1 {
            gaps[rank[lo]].push((pos[hi], pos[lo]));
        }
    }
    let mut total = 0u64;
    for (r, mut pairs) in gaps.into_iter().enumerate() {
        if pairs.len() < 2 {
            continue;
        }
        pairs.sort_unstable();
        let mut tree = vec![0u64; layers[r].len() + 1];
        for (seen, &(_, lo)) in pairs.iter().enumerate() {
            // earlier edges whose lower end is at or left of `lo` do not cross this one
            let mut i = lo + 1;
            let mut not_crossing = 0;
            while i > 0 {
                not_crossing += tree[i];
                i &= i - 1;
            }
            total += seen as u64 - not_crossing;
            let mut i = lo + 1;
            while i < tree.len() {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}

fn empty(out: &mut String, id: &str, title: &str) {
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
fn describe(g: &Graph<'_>, lay: &Layout, focus: Option<&Focus>, cycles: usize) -> String {
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

fn legend(out: &mut String, id: &str, selection: bool, cycles: bool) {
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

fn edges_svg(out: &mut String, g: &Graph<'_>, lay: &Layout, back: &[bool], focus: Option<&Focus>, id: &str) {
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

fn nodes_svg(out: &mut String, g: &Graph<'_>, lay: &Layout, focus: Option<&Focus>) {
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
fn chart_id(nodes: &[Node], edges: &[Edge], selected: Option<Uuid>, title: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn node(n: u128, label: &str, tier: i32) -> Node {
        Node { id: id(n), label: label.to_string(), tier, href: format!("/components/{n}") }
    }

    fn edge(from: u128, to: u128) -> Edge {
        Edge { from: id(from), to: id(to) }
    }

    /// Nodes 1..=n labelled "A", "B", ... (or "N7" past Z).
    fn lettered(n: u128) -> Vec<Node> {
        (1..=n)
            .map(|i| {
                let label = if i <= 26 { char::from(b'A' + (i - 1) as u8).to_string() } else { format!("N{i}") };
                node(i, &label, 3)
            })
            .collect()
    }

    fn well_formed(svg: &str) {
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.ends_with("</svg>"), "{svg}");
        // Every text '<' is escaped, so each '<' opens a tag; check the nesting.
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

    fn inside(lay: &Layout) {
        for p in &lay.nodes {
            assert!(p.x >= 0.0 && p.y >= 0.0, "{p:?}");
            assert!(p.x + NODE_W <= lay.width && p.y + NODE_H <= lay.height, "{p:?} outside {lay:?}");
        }
    }

    #[test]
    fn a_chain_gets_three_layers_with_the_dependent_on_top() {
        let nodes = lettered(3);
        let lay = layout(&nodes, &[edge(1, 2), edge(2, 3)]);
        assert_eq!(lay.layers, 3);
        let (a, b, c) = (lay.get(id(1)).unwrap(), lay.get(id(2)).unwrap(), lay.get(id(3)).unwrap());
        assert_eq!((a.layer, b.layer, c.layer), (2, 1, 0));
        assert!(a.y < b.y && b.y < c.y);
        assert_eq!(a.index, 0);
        inside(&lay);
    }

    #[test]
    fn layers_follow_the_longest_chain_down() {
        // A needs B and D directly, and D again through B: D ends up below B.
        let nodes = lettered(4);
        let lay = layout(&nodes, &[edge(1, 2), edge(2, 4), edge(1, 4), edge(3, 4)]);
        let layer = |n| lay.get(id(n)).unwrap().layer;
        assert_eq!((layer(1), layer(2), layer(3), layer(4)), (2, 1, 1, 0));
    }

    #[test]
    fn a_cycle_lays_out_and_draws_both_nodes() {
        let nodes = lettered(2);
        let edges = [edge(1, 2), edge(2, 1)];
        let lay = layout(&nodes, &edges);
        assert_eq!(lay.layers, 2);
        assert!(lay.get(id(1)).unwrap().y < lay.get(id(2)).unwrap().y, "A comes first, so it is on top");
        let s = svg(&nodes, &edges, Some(id(1)), "Cycle");
        well_formed(&s);
        assert_eq!(s.matches("<a ").count(), 2);
        assert_eq!(s.matches(r#"<path class="edge"#).count(), 2);
        assert_eq!(s.matches(r#"<path class="edge cycle"#).count(), 1);
        assert!(s.contains("closes a cycle"));

        // a longer cycle and a self-loop
        let nodes = lettered(4);
        let edges = [edge(1, 2), edge(2, 3), edge(3, 1), edge(4, 4), edge(3, 4)];
        let lay = layout(&nodes, &edges);
        assert_eq!(lay.nodes.len(), 4);
        inside(&lay);
        let s = svg(&nodes, &edges, None, "Cycles");
        well_formed(&s);
        assert_eq!(s.matches(r#"<path class="edge"#).count(), 5);
    }

    #[test]
    fn marks_of_a_middle_node() {
        // A and D depend on B; B depends on C, which depends on E; F stands alone.
        let nodes = lettered(6);
        let edges = [edge(1, 2), edge(4, 2), edge(2, 3), edge(3, 5)];
        let m = marks(&nodes, &edges, Some(id(2)));
        assert_eq!(m.len(), 6);
        assert_eq!(m[&id(2)], Mark::Selected);
        assert_eq!((m[&id(3)], m[&id(5)]), (Mark::Upstream, Mark::Upstream));
        assert_eq!((m[&id(1)], m[&id(4)]), (Mark::Downstream, Mark::Downstream));
        assert_eq!(m[&id(6)], Mark::Plain);

        let none = marks(&nodes, &edges, None);
        assert!(none.values().all(|&m| m == Mark::Plain));
        let unknown = marks(&nodes, &edges, Some(id(99)));
        assert!(unknown.values().all(|&m| m == Mark::Plain));
    }

    #[test]
    fn marks_are_cycle_safe() {
        // A -> B -> C -> A, and D depends on A.
        let nodes = lettered(4);
        let edges = [edge(1, 2), edge(2, 3), edge(3, 1), edge(4, 1)];
        let m = marks(&nodes, &edges, Some(id(2)));
        assert_eq!(m[&id(2)], Mark::Selected);
        // in the cycle with the selection: both ways, reported as upstream
        assert_eq!((m[&id(1)], m[&id(3)]), (Mark::Upstream, Mark::Upstream));
        assert_eq!(m[&id(4)], Mark::Downstream);
    }

    #[test]
    fn text_is_escaped() {
        let nodes = vec![
            Node { id: id(1), label: "R&D <ops> \"x\" 'y'".into(), tier: 2, href: "/c?a=1&b=\"2\"".into() },
            node(2, "b", 3),
        ];
        let s = svg(&nodes, &[edge(1, 2)], Some(id(1)), "Ann's <graph>");
        well_formed(&s);
        assert!(s.contains("R&amp;D &lt;ops&gt; &quot;x&quot; &apos;y&apos;"), "{s}");
        assert!(!s.contains("R&D"));
        assert!(s.contains(r#"href="/c?a=1&amp;b=&quot;2&quot;""#));
        assert!(s.contains("Ann&apos;s &lt;graph&gt;"));
    }

    #[test]
    fn the_selected_node_carries_class_selected() {
        let nodes = lettered(3);
        let edges = [edge(1, 2), edge(2, 3)];
        let s = svg(&nodes, &edges, Some(id(2)), "x");
        assert_eq!(s.matches(r#"class="node tier-3 selected""#).count(), 1);
        assert!(s.contains(r#"<a href="/components/2" class="node tier-3 selected">"#), "{s}");
        assert!(s.contains(r#"<a href="/components/3" class="node tier-3 upstream">"#));
        assert!(s.contains(r#"<a href="/components/1" class="node tier-3 downstream">"#));
        // both edges are on the selection's paths
        assert_eq!(s.matches(r#"<path class="edge hot""#).count(), 2);
        assert!(s.contains("Selected: B. It depends on 1 component, directly or not; 1 component depends on it."));

        let plain = svg(&nodes, &edges, None, "x");
        assert!(!plain.contains("selected\""));
        assert!(!plain.contains(" hot"));
    }

    #[test]
    fn only_edges_on_the_selections_paths_are_hot() {
        // A -> B -> C, D -> C: selecting B, the edge from D is not on its paths.
        let nodes = lettered(4);
        let s = svg(&nodes, &[edge(1, 2), edge(2, 3), edge(4, 3)], Some(id(2)), "x");
        assert_eq!(s.matches(r#"<path class="edge hot""#).count(), 2);
        assert_eq!(s.matches(r#"<path class="edge""#).count(), 1);
    }

    #[test]
    fn one_path_per_edge_between_known_nodes() {
        let nodes = lettered(4);
        let edges = [edge(1, 2), edge(2, 3), edge(1, 3), edge(4, 3), edge(1, 77), edge(88, 2)];
        let s = svg(&nodes, &edges, None, "x");
        well_formed(&s);
        assert_eq!(s.matches(r#"<path class="edge"#).count(), 4);
        assert_eq!(s.matches("<a ").count(), 4);
        assert!(s.contains("4 components and 4 dependencies in 3 layers."));
    }

    #[test]
    fn repeated_ids_are_drawn_once() {
        let mut nodes = lettered(2);
        nodes.push(node(1, "A again", 1));
        let lay = layout(&nodes, &[edge(1, 2)]);
        assert_eq!(lay.nodes.len(), 2);
        assert_eq!(lay.get(id(1)).unwrap().index, 0);
        assert_eq!(svg(&nodes, &[edge(1, 2)], None, "x").matches("<a ").count(), 2);
    }

    #[test]
    fn output_is_deterministic() {
        let nodes = lettered(30);
        let edges: Vec<Edge> = (1..30).flat_map(|i| [edge(i, i + 1), edge(i, (i * 7) % 30 + 1)]).collect();
        let a = svg(&nodes, &edges, Some(id(5)), "x");
        assert_eq!(a, svg(&nodes, &edges, Some(id(5)), "x"));
        // the layout itself does not depend on the order the nodes were listed in
        let mut reversed = nodes.clone();
        reversed.reverse();
        let (l1, l2) = (layout(&nodes, &edges), layout(&reversed, &edges));
        for p in &l1.nodes {
            let q = l2.get(p.id).unwrap();
            assert_eq!((p.layer, p.order, p.x, p.y), (q.layer, q.order, q.x, q.y));
        }
    }

    #[test]
    fn barycenter_sweeps_undo_a_crossing() {
        // A needs D and B needs C: in label order the two edges would cross.
        let nodes = lettered(4);
        let edges = [edge(1, 4), edge(2, 3)];
        let lay = layout(&nodes, &edges);
        let order = |n| lay.get(id(n)).unwrap().order;
        assert_eq!((order(1), order(2)), (0, 1));
        assert_eq!((order(4), order(3)), (0, 1), "D moves under A");
        let g = Graph::new(&nodes, &edges);
        let rank: Vec<usize> = lay.nodes.iter().map(|p| p.layer).collect();
        let pos: Vec<usize> = lay.nodes.iter().map(|p| p.order).collect();
        assert_eq!(crossings(&g, &rank, &pos, &[vec![2, 3], vec![0, 1]]), 0);
        assert_eq!(crossings(&g, &rank, &[0, 1, 0, 1], &[vec![2, 3], vec![0, 1]]), 1);
    }

    #[test]
    fn wide_layers_wrap_onto_sub_rows() {
        // one top component needing thirty others
        let nodes = lettered(31);
        let edges: Vec<Edge> = (2..=31).map(|i| edge(1, i)).collect();
        let lay = layout(&nodes, &edges);
        assert_eq!(lay.layers, 2);
        let rows = lay.nodes.iter().filter(|p| p.layer == 0).map(|p| p.row).max().unwrap();
        assert_eq!(rows, 2, "thirty nodes make three sub-rows");
        assert!(lay.width < 12.0 * PITCH + 2.0 * MARGIN + PITCH, "{}", lay.width);
        inside(&lay);
        // positions still grow left to right with the order
        let mut bottom: Vec<&Placed> = lay.nodes.iter().filter(|p| p.layer == 0).collect();
        bottom.sort_by_key(|p| p.order);
        assert!(bottom.windows(2).all(|w| w[0].x < w[1].x));
        let s = svg(&nodes, &edges, Some(id(1)), "x");
        assert!(s.contains(&format!(r#"viewBox="0 0 {} {}""#, N(lay.width), N(lay.height))));
        assert!(s.contains(r#"width="100%""#));
    }

    #[test]
    fn long_labels_are_shortened_with_the_full_name_as_tooltip() {
        let nodes = [node(1, "Identity & access management", 1)];
        let s = svg(&nodes, &[], None, "x");
        assert!(s.contains("<title>Identity &amp; access management, tier 1</title>"), "{s}");
        assert!(s.contains(">Identity &amp; acce…</text>"), "{s}");
        assert!(s.contains(r#"class="node tier-1""#));
        assert!(s.contains(">T1</text>"));
    }

    #[test]
    fn an_empty_graph_says_so() {
        let s = svg(&[], &[edge(1, 2)], None, "Deps");
        well_formed(&s);
        assert!(s.contains("No components yet"));
        assert!(s.contains(r#"role="img""#));
        let lay = layout(&[], &[]);
        assert!(lay.nodes.is_empty() && lay.layers == 0);
    }

    #[test]
    fn coordinates_are_compact() {
        assert_eq!(N(-0.01).to_string(), "0");
        assert_eq!(N(85.0).to_string(), "85");
        assert_eq!(N(12.345).to_string(), "12.3");
    }

    #[test]
    fn two_thousand_components_finish() {
        // A fixed pseudo-random graph: mostly pointing "down" the numbering, with some
        // edges pointing back up to make cycles.
        let n: u128 = 2000;
        let nodes: Vec<Node> = (1..=n).map(|i| node(i, &format!("Component {i:04}"), (i % 4) as i32 + 1)).collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |m: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % m
        };
        let edges: Vec<Edge> = (0..4000)
            .map(|k| {
                let a = u128::from(next(n as u64)) + 1;
                let b = u128::from(next(n as u64)) + 1;
                if k % 50 == 0 || a > b { edge(a, b) } else { edge(b, a) }
            })
            .collect();
        let lay = layout(&nodes, &edges);
        assert_eq!(lay.nodes.len(), 2000);
        inside(&lay);
        let s = svg(&nodes, &edges, Some(id(1000)), "Everything");
        well_formed(&s);
        assert_eq!(s.matches("<a ").count(), 2000);
        assert_eq!(s.matches(r#"<path class="edge"#).count(), 4000);
    }
}
