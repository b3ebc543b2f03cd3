//! One connection that many requests use at the same time, for the single read statement
//! nearly every request runs first: the sign-in check.
//!
//! Through a pooled connection each request's statement is a write to PostgreSQL, a wake
//! of its backend and a read back, alone. On one shared connection, statements from
//! requests in flight together are pipelined: the driver writes all that are waiting in
//! one go and PostgreSQL answers them in order, so under load there are far fewer system
//! calls and process wake-ups per request (diesel-async pipelines statements issued
//! through `&AsyncPgConnection`). Only single statements outside any transaction belong
//! here; everything else takes a connection from the pool.
//!
//! The connection is opened on first use, on the thread that uses it (each HTTP worker
//! has its own, as it has its own pool). After any error it is dropped, and the next use
//! opens a new one, so a restarted database is picked up again.

use crate::error::DbError;
use crate::pool::{Pool, WAIT};
use deadpool::managed::Manager;
use diesel_async::AsyncPgConnection;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

/// A read that can run on any connection it is lent.
pub type Read<'c, T> = Pin<Box<dyn Future<Output = Result<T, DbError>> + 'c>>;

#[derive(Default)]
pub struct Pipelined {
    current: Mutex<Option<Arc<AsyncPgConnection>>>,
}

impl std::fmt::Debug for Pipelined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipelined").field("open", &self.slot().is_some()).finish()
    }
}

impl Pipelined {
    fn slot(&self) -> std::sync::MutexGuard<'_, Option<Arc<AsyncPgConnection>>> {
        self.current.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `read` on the shared connection. Should that fail, the connection is dropped
    /// and `read` runs once more on a connection from `pool`, so a broken shared
    /// connection costs one retry, never a failed request of its own. A failure that came
    /// only after a long wait (the server stopped answering) is not retried: the request
    /// has waited its share, and the retry would most likely wait as long again.
    pub async fn read<T>(
        &self,
        pool: &Pool,
        read: impl for<'c> Fn(&'c AsyncPgConnection) -> Read<'c, T>,
    ) -> Result<T, DbError> {
        let started = std::time::Instant::now();
        if let Ok(shared) = self.get(pool).await {
            match read(&shared).await {
                Ok(value) => return Ok(value),
                Err(e) => {
                    tracing::debug!(error = %e, "the pipelined connection failed; using the pool");
                    self.discard(&shared);
                    if matches!(e, DbError::Unavailable(_)) && started.elapsed() >= WAIT {
                        return Err(e);
                    }
                }
            }
        } else if started.elapsed() >= WAIT {
            return Err(DbError::unavailable("no connection to the database within the wait"));
        }
        let conn = crate::pool::get(pool).await?;
        read(&conn).await
    }

    /// The shared connection, opened if there is none: by `pool`'s manager, so it is set up
    /// as the pool's own connections are (and counted in the same statement total).
    pub async fn get(&self, pool: &Pool) -> Result<Arc<AsyncPgConnection>, DbError> {
        if let Some(conn) = self.slot().clone() {
            return Ok(conn);
        }
        let opened = tokio::time::timeout(WAIT, pool.manager().create()).await;
        let conn = Arc::new(opened.map_err(DbError::unavailable)?.map_err(DbError::unavailable)?);
        // Requests that found no connection at the same moment each opened one; the first
        // to finish is kept and the others close theirs when done.
        Ok(self.slot().get_or_insert(conn).clone())
    }

    /// Forget `conn` after it failed (unless it was already replaced).
    pub fn discard(&self, conn: &Arc<AsyncPgConnection>) {
        let mut slot = self.slot();
        if slot.as_ref().is_some_and(|c| Arc::ptr_eq(c, conn)) {
            *slot = None;
        }
    }
}
