//! Structured interviews: the pages of the room and their server functions.

pub mod work_sample;
