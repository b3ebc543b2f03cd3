//! Charts drawn on the server as SVG, sharing one set of drawing helpers (`svg`: escaping,
//! number formatting, chart ids): a person's competency radar and the component
//! dependency graph; the 9-box grid and heatmaps join them here.

pub mod graph;
pub mod radar;
mod svg;
