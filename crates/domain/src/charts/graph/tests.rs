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
    let nodes = [node(1, "Identity & access management platform", 1), node(2, "Monitoring and alerting", 2)];
    let s = svg(&nodes, &[], None, "x");
    assert!(s.contains("<title>Identity &amp; access management platform, tier 1</title>"), "{s}");
    assert!(s.contains(">Identity &amp; access manag…</text>"), "{s}");
    // the demo's longest names fit whole
    assert!(s.contains(">Monitoring and alerting</text>"), "{s}");
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
