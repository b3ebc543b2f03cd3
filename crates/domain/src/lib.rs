//! Pure types and rules of Hatrack. No I/O: this crate compiles to wasm32 and is shared
//! by the server and the browser.

pub mod charts;
pub mod coaching;
pub mod error;
pub mod home;
pub mod html;
pub mod identity;
pub mod ids;
pub mod interviews;
pub mod markdown;
pub mod numbers;
pub mod org_chart;
pub mod ownership;
pub mod pages;
pub mod people_import;
pub mod rubric;
pub mod spelling;
pub mod stats;
pub mod status;
pub mod user_agent;
pub mod validate;

pub use error::{ApiErrorBody, ErrorCode};
