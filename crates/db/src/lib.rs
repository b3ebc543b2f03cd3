//! Everything that talks to PostgreSQL: the diesel schema, queries, embedded migrations,
//! the embedded PostgreSQL launcher and the per-test database factory.
//! Only `service` calls this crate; nothing above it sees diesel.

pub mod audit;
pub mod cached_sql;
pub mod coaching;
pub mod connect;
pub mod embedded;
pub mod error;
pub mod identity;
pub mod interviews;
pub mod migrate;
pub mod ownership;
pub mod pipelined;
pub mod pool;
pub mod queries;
pub mod roles;
pub mod rubric;
pub mod schema;
pub mod status;
pub mod url;

#[cfg(feature = "testing")]
pub mod testing;

pub use error::DbError;
pub use pipelined::Pipelined;
pub use pool::{Conn, Pool};
