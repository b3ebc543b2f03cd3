//! Ownership: the catalog of components and their dependencies, the organization's
//! activities, and the RACI matrix of who does what for each (component, activity) row,
//! with its rules and the reports built on it.

pub mod activity;
pub mod component;
pub mod import;
pub mod matrix;
pub mod raci;
pub mod report;
