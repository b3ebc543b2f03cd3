//! Pieces shared by pages.

pub mod errors;
pub mod layout;
pub mod signed_in;
