//! Use cases. Each one takes what it needs from [`Services`], checks authorization first
//! (once identity exists), runs its writes in one transaction and records them in the
//! audit log. The only caller of `db`; nothing above this crate sees diesel.

pub mod actor;
pub mod audit;
pub mod auth;
pub mod coaching;
pub mod csv;
mod edit;
pub mod error;
pub mod home;
pub mod identity;
pub mod interviews;
pub mod ownership;
pub mod policy;
pub mod report_cache;
pub mod rubric;
pub mod services;
mod setup;
pub mod status;

pub use actor::Actor;
pub use error::{ServiceError, ServiceResult};
pub use services::{DatabaseMode, Services};
