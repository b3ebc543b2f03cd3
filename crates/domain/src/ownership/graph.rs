// TEMPORARY placeholder so the lead's build compiles; helper-4 replaces this whole file.
use uuid::Uuid;
pub struct Node {
    pub id: Uuid,
    pub label: String,
    pub tier: i32,
    pub href: String,
}
pub struct Edge {
    pub from: Uuid,
    pub to: Uuid,
}
pub fn svg(_nodes: &[Node], _edges: &[Edge], _selected: Option<Uuid>, _title: &str) -> String {
    String::new()
}
