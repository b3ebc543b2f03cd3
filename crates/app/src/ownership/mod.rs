//! Ownership: the component catalog, the RACI matrix, its import and its reports
//! (gaps, key-person risk, the dependency graph). Pages, one module each, the pieces only
//! these pages use, and their server functions.

pub mod component;
pub mod components;
pub mod import;
pub mod matrix;
pub mod owned;
pub mod reports;
pub mod row;
pub mod sfn;
