//! Queries of the rubric module: frameworks and their versions.

pub mod frameworks;
