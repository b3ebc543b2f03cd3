//! The connection pool. Connections are checked on recycle, so a database that went away
//! and came back is picked up again without a restart. Every wait is bounded: for a
//! connection ([`WAIT`]), per statement and for a server that stops answering (see
//! [`crate::connect`]); each ends as "database unavailable" (503 with Retry-After).

use crate::error::DbError;
use deadpool::Runtime;
use diesel_async::pooled_connection::deadpool::Object;
use diesel_async::pooled_connection::{AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use std::time::Duration;

pub type Pool = diesel_async::pooled_connection::deadpool::Pool<AsyncPgConnection>;
/// A connection borrowed from the pool; returns to it when dropped.
pub type Conn = Object<AsyncPgConnection>;

/// How long a request waits for a connection before answering 503.
pub(crate) const WAIT: Duration = Duration::from_secs(3);

pub fn build(url: &str, max_size: usize) -> Result<Pool, DbError> {
    let mut config = ManagerConfig::default();
    // `Fast` only checks for open transactions; a dead connection then fails once and is
    // discarded, which `classify` reports as 503. Verified would add a round trip per
    // checkout on the hot path.
    config.recycling_method = RecyclingMethod::Fast;
    config.custom_setup = Box::new(|url| {
        let url = url.to_string();
        Box::pin(async move {
            let mut conn = crate::connect::establish(&url).await?;
            conn.set_instrumentation(crate::queries::Counter);
            Ok(conn)
        })
    });
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(url, config);
    Pool::builder(manager)
        .max_size(max_size)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(WAIT))
        .create_timeout(Some(WAIT))
        .recycle_timeout(Some(WAIT))
        .build()
        .map_err(DbError::unavailable)
}

/// Borrows a connection, mapping every pool failure to "unavailable".
pub async fn get(pool: &Pool) -> Result<Conn, DbError> {
    pool.get().await.map_err(DbError::unavailable)
}

/// Pool figures for `/metrics`.
#[derive(Debug, Clone, Copy)]
pub struct PoolUsage {
    pub max_size: usize,
    pub size: usize,
    pub available: usize,
    pub waiting: usize,
}

/// Summed over the pools (one per HTTP worker).
pub fn usage(pools: &[Pool]) -> PoolUsage {
    pools.iter().map(Pool::status).fold(PoolUsage { max_size: 0, size: 0, available: 0, waiting: 0 }, |u, s| {
        PoolUsage {
            max_size: u.max_size + s.max_size,
            size: u.size + s.size,
            available: u.available + s.available,
            waiting: u.waiting + s.waiting,
        }
    })
}
