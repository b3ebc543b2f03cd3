//! Database errors, split the way callers need them: "the database is not there"
//! (retry later, 503) versus "the query failed" (a bug or a constraint).

use thiserror::Error;

#[derive(Debug, Error)]
pub enum DbError {
    /// No connection could be had (server down, pool timeout, socket gone).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The query ran and PostgreSQL refused it or it failed.
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl DbError {
    pub fn unavailable(e: impl std::fmt::Display) -> Self {
        DbError::Unavailable(e.to_string())
    }

    /// Whether this is a unique-constraint violation (callers turn it into 409).
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            DbError::Query(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _))
        )
    }
}

impl DbError {
    /// Whether a CHECK constraint (or a trigger raising `check_violation` under that
    /// constraint name) refused the write.
    pub fn is_check_violation(&self, constraint: &str) -> bool {
        matches!(
            self,
            DbError::Query(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::CheckViolation, info))
                if info.constraint_name() == Some(constraint)
        )
    }
}

/// A query error caused by a lost connection is an availability problem, not a bug.
pub fn classify(e: diesel::result::Error) -> DbError {
    use diesel::result::{DatabaseErrorKind, Error};
    match e {
        Error::DatabaseError(DatabaseErrorKind::ClosedConnection, info) => {
            DbError::Unavailable(info.message().to_string())
        }
        Error::BrokenTransactionManager => DbError::Unavailable("connection lost".into()),
        other => DbError::Query(other),
    }
}
