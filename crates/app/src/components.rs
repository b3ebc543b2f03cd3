//! Pieces shared by pages.

pub mod admin_only;
pub mod by_id;
pub mod errors;
pub mod layout;
pub mod signed_in;
