//! Laying the graph out: breaking cycles, layering, ordering layers, wrapping wide ones.

use super::*;

/// The nodes that take part, in a canonical order, and the edges between them.
pub(super) struct Graph<'a> {
    /// Distinct nodes sorted by label, then id: this order breaks every tie in the layout,
    /// so the drawing depends on the data rather than on the order rows arrived in.
    pub(super) nodes: Vec<&'a Node>,
    /// Position of each node in the caller's slice.
    pub(super) input: Vec<usize>,
    pub(super) index: HashMap<Uuid, usize>,
    /// Edges between known nodes as (from, to) indices into `nodes`, in input order.
    pub(super) edges: Vec<(usize, usize)>,
    /// Outgoing edge numbers per node, sorted by target.
    pub(super) out: Vec<Vec<usize>>,
    /// Incoming edge numbers per node.
    pub(super) inc: Vec<Vec<usize>>,
}

impl<'a> Graph<'a> {
    pub(super) fn new(nodes: &'a [Node], edges: &[Edge]) -> Self {
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

    pub(super) fn len(&self) -> usize {
        self.nodes.len()
    }
}

/// The selected node and what is reachable from it either way.
pub(super) struct Focus {
    pub(super) selected: usize,
    /// Reachable following dependencies (includes the selection).
    pub(super) up: Vec<bool>,
    /// Reachable following dependents (includes the selection).
    pub(super) down: Vec<bool>,
}

impl Focus {
    pub(super) fn new(g: &Graph<'_>, selected: Option<Uuid>) -> Option<Focus> {
        let s = *g.index.get(&selected?)?;
        Some(Focus { selected: s, up: reach(g, s, true), down: reach(g, s, false) })
    }

    pub(super) fn mark(&self, v: usize) -> Mark {
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
    pub(super) fn hot(&self, (u, v): (usize, usize)) -> bool {
        self.up[u] || self.down[v]
    }
}

/// Breadth-first search from `from`, along dependencies (`forward`) or against them. The
/// visited flags make it stop on cycles.
pub(super) fn reach(g: &Graph<'_>, from: usize, forward: bool) -> Vec<bool> {
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
pub(super) fn acyclic(g: &Graph<'_>) -> (Vec<bool>, Vec<usize>) {
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
pub(super) fn arrange(g: &Graph<'_>) -> (Layout, Vec<bool>) {
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
pub(super) fn reorder(layer: &mut [usize], nbrs: &[Vec<usize>], linked: &[bool], pos: &mut [usize], xs: &mut [f64]) {
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

pub(super) fn settle(layer: &[usize], pos: &mut [usize], xs: &mut [f64]) {
    for (p, &v) in layer.iter().enumerate() {
        pos[v] = p;
        xs[v] = slot_x(p, layer.len());
    }
}

/// Sub-rows and columns for a layer of `len` nodes, spread evenly (13 nodes make rows of
/// seven and six, not twelve and one).
pub(super) fn shape(len: usize) -> (usize, usize) {
    let rows = len.div_ceil(MAX_PER_ROW).max(1);
    (rows, len.div_ceil(rows))
}

/// Horizontal centre of position `p` in a layer of `len`, relative to the layer's centre.
/// Wrapped layers fill column by column and each sub-row is shifted by a fraction of the
/// pitch, so x still grows with the position (the barycenter order stays meaningful) and,
/// with two sub-rows, edges into the lower one come down between the boxes of the upper.
pub(super) fn slot_x(p: usize, len: usize) -> f64 {
    let (rows, _) = shape(len);
    let (col, row) = (p / rows, p % rows);
    let left = col as f64 * PITCH + row as f64 * PITCH / rows as f64;
    left + NODE_W / 2.0 - block_width(len) / 2.0
}

pub(super) fn block_width(len: usize) -> f64 {
    let (rows, cols) = shape(len);
    (cols.max(1) - 1) as f64 * PITCH + NODE_W + (rows - 1) as f64 * PITCH / rows as f64
}

/// Crossings between edges that join adjacent layers: the yardstick for keeping the best
/// order. Sorting the edges by their upper end, a pair crosses when the later one's lower
/// end lies left of the earlier one's; a Fenwick tree counts those in `E log V`.
pub(super) fn crossings(g: &Graph<'_>, rank: &[usize], pos: &[usize], layers: &[Vec<usize>]) -> u64 {
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
