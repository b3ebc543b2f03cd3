//! Pieces shared by pages.

pub mod admin_only;
pub mod by_id;
pub mod enhanced_form;
pub mod errors;
pub mod file_text;
pub mod framework_doc;
pub mod framework_select;
pub mod layout;
pub mod owned;
pub mod pager;
pub mod raw_text;
pub mod signed_in;
pub mod submit_on_change;
