//! Competency rubrics: frameworks and their versions (and, built on them, role profiles,
//! assessment cycles and ratings).

pub mod builtin;
pub mod frameworks;
