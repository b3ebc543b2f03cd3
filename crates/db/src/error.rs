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
    Query(diesel::result::Error),
}

/// Every diesel error that enters a `DbError` (`?` in a query function) is classified, so
/// a connection lost mid-request is "unavailable" wherever it happens.
impl From<diesel::result::Error> for DbError {
    fn from(e: diesel::result::Error) -> Self {
        classify(e)
    }
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

/// A query error caused by a lost connection or a server that cannot serve is an
/// availability problem (503, try again), not a bug (500).
///
/// The driver reports a connection that broke mid-statement (server killed, socket closed,
/// no answer within `connect::NO_ANSWER`) as `UnableToSendCommand` or `ClosedConnection`.
/// PostgreSQL's own "cannot serve now" errors (shutdown, crash recovery, too many
/// connections, statement timeout) come as `Unknown`, and diesel keeps only their message,
/// not their SQLSTATE: those are recognised by PostgreSQL's message text. The embedded
/// cluster always speaks English (`LC_ALL=C`); a server configured with another
/// `lc_messages` still ends such connections, which the next statement sees as closed.
pub fn classify(e: diesel::result::Error) -> DbError {
    use diesel::result::{DatabaseErrorKind, Error};
    match e {
        Error::DatabaseError(DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand, info) => {
            DbError::Unavailable(info.message().to_string())
        }
        Error::DatabaseError(DatabaseErrorKind::Unknown, info) if server_cannot_serve(info.message()) => {
            DbError::Unavailable(info.message().to_string())
        }
        Error::BrokenTransactionManager => DbError::Unavailable("connection lost".into()),
        other => DbError::Query(other),
    }
}

/// PostgreSQL's messages for SQLSTATE 57P01–57P03 (shutdown, crash, starting up or in
/// recovery), 53300 (too many connections), 57014 by statement_timeout, and class 08.
fn server_cannot_serve(message: &str) -> bool {
    const MESSAGES: [&str; 8] = [
        "terminating connection",
        "the database system is",
        "too many clients",
        "remaining connection slots are reserved",
        "canceling statement due to statement timeout",
        "server closed the connection",
        "connection to server",
        "could not receive data from client",
    ];
    MESSAGES.iter().any(|m| message.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::result::{DatabaseErrorKind, Error};

    fn db_error(kind: DatabaseErrorKind, message: &str) -> Error {
        Error::DatabaseError(kind, Box::new(message.to_string()))
    }

    #[test]
    fn lost_connections_and_a_server_that_cannot_serve_are_unavailable() {
        for (kind, message) in [
            (DatabaseErrorKind::UnableToSendCommand, "connection closed"),
            (DatabaseErrorKind::ClosedConnection, "closed"),
            (DatabaseErrorKind::Unknown, "terminating connection due to administrator command"),
            (DatabaseErrorKind::Unknown, "the database system is in recovery mode"),
            (DatabaseErrorKind::Unknown, "canceling statement due to statement timeout"),
        ] {
            assert!(matches!(classify(db_error(kind, message)), DbError::Unavailable(_)), "{message}");
        }
        assert!(matches!(classify(db_error(DatabaseErrorKind::Unknown, "syntax error at or near")), DbError::Query(_)));
        assert!(classify(db_error(DatabaseErrorKind::UniqueViolation, "duplicate key")).is_unique_violation());
    }
}
