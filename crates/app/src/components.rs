//! Pieces pages of every feature share (a piece only one feature uses lives in its room).

pub mod admin_only;
pub mod by_id;
pub mod confirm;
pub mod enhanced_form;
pub mod errors;
pub mod file_text;
pub mod form_flash;
pub mod gate;
pub mod layout;
pub mod markdown;
pub mod pager;
pub mod raw_text;
pub mod signed_in;
pub mod submit_on_change;
