//! The handle every HTTP entry point (REST handler or server function) holds: the pool
//! and what the use cases need to know about the installation.

use crate::auth::client::TrustedProxies;
use crate::auth::jwt::KeyRing;
use db::{Pipelined, Pool};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseMode {
    /// The private cluster in the data directory.
    Embedded,
    /// A server named by DATABASE_URL.
    External,
}

impl DatabaseMode {
    pub fn as_str(self) -> &'static str {
        match self {
            DatabaseMode::Embedded => "embedded",
            DatabaseMode::External => "external",
        }
    }
}

#[derive(Clone)]
pub struct Services {
    pool: Pool,
    /// Beside the pool, for the sign-in check (see `db::Pipelined`); one per pool.
    pipelined: Arc<Pipelined>,
    mode: DatabaseMode,
    keys: Arc<KeyRing>,
    /// Proxies whose forwarding headers are believed (`auth::client`).
    trusted_proxies: Arc<TrustedProxies>,
}

impl Services {
    pub fn new(pool: Pool, mode: DatabaseMode, keys: KeyRing) -> Self {
        Self { pool, pipelined: Arc::default(), mode, keys: Arc::new(keys), trusted_proxies: Arc::default() }
    }

    /// The same services believing forwarding headers from these proxies.
    pub fn with_trusted_proxies(self, proxies: TrustedProxies) -> Self {
        Self { trusted_proxies: Arc::new(proxies), ..self }
    }

    pub fn trusted_proxies(&self) -> &TrustedProxies {
        &self.trusted_proxies
    }

    /// The keys that sign and verify access tokens.
    pub fn keys(&self) -> &KeyRing {
        &self.keys
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// The same services drawing on another pool. Each HTTP worker thread is given a pool
    /// of its own: a connection's driver task runs on the thread that opened it, so with
    /// one shared pool a worker often borrowed a connection the other worker drives, and
    /// every query on it woke that thread (an eventfd write and a context switch each).
    /// The pipelined connection goes with the pool, for the same reason.
    pub fn with_pool(&self, pool: Pool) -> Self {
        Self { pool, pipelined: Arc::default(), ..self.clone() }
    }

    pub fn database_mode(&self) -> DatabaseMode {
        self.mode
    }

    /// The pipelined connection and the pool it falls back on.
    pub(crate) fn pipelined(&self) -> (&Pipelined, &Pool) {
        (&self.pipelined, &self.pool)
    }

    pub(crate) async fn conn(&self) -> Result<db::Conn, crate::ServiceError> {
        Ok(db::pool::get(&self.pool).await?)
    }
}
