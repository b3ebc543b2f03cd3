//! The server-side error: an [`ErrorCode`] for the caller plus, for faults, a cause that
//! is logged but never shown.

use db::DbError;
use domain::{ApiErrorBody, ErrorCode};
use std::collections::BTreeMap;

#[derive(Debug, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ServiceError {
    pub code: ErrorCode,
    pub message: String,
    pub fields: BTreeMap<String, String>,
    /// What really happened, for the log only.
    pub cause: Option<String>,
    /// Seconds until a retry may succeed (sent as Retry-After): the pause of
    /// `rate_limited`, [`UNAVAILABLE_RETRY_SECONDS`] for `database_unavailable`.
    pub retry_after: Option<u64>,
}

pub type ServiceResult<T> = Result<T, ServiceError>;

/// When to try again after the database was unavailable: its waits are bounded at a few
/// seconds, and the embedded cluster is restarted within as long.
pub const UNAVAILABLE_RETRY_SECONDS: u64 = 5;

impl ServiceError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), fields: BTreeMap::new(), cause: None, retry_after: None }
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    /// A refusal by a rule of `policy`: "You do not have permission to {what}."
    pub fn forbidden(what: &str) -> Self {
        Self::new(ErrorCode::Forbidden, format!("You do not have permission to {what}."))
    }

    /// An edit of a record someone else changed since it was read (409, the current
    /// version in `fields.version`).
    pub fn stale(current: i32) -> Self {
        Self::conflict(format!(
            "Someone else changed this record since you opened it. Reload to see their change (current version {current})."
        ))
        .with_field("version", current.to_string())
    }

    /// A name another record of the same kind already has (409 on `name`): `kind` is "a
    /// component", "an activity", ….
    pub fn name_taken(kind: &str, name: &str) -> Self {
        let noun = kind.split_once(' ').map_or(kind, |(_, noun)| noun);
        let mut title = kind.to_string();
        title[..1].make_ascii_uppercase();
        Self::conflict(format!("{title} called \"{name}\" already exists"))
            .with_field("name", format!("Another {noun} already has this name"))
    }

    /// Keeps the real cause for the log.
    pub fn with_cause(mut self, cause: impl std::fmt::Display) -> Self {
        self.cause = Some(cause.to_string());
        self
    }

    pub fn with_field(mut self, field: impl Into<String>, problem: impl Into<String>) -> Self {
        self.fields.insert(field.into(), problem.into());
        self
    }

    pub fn unauthenticated() -> Self {
        Self::new(ErrorCode::Unauthenticated, "Sign in to continue.")
    }

    /// 422 naming every problem of a form.
    pub fn validation(errors: domain::validate::FieldErrors) -> Self {
        let mut e = Self::new(ErrorCode::Validation, "Some fields need attention.");
        e.fields = errors.0;
        e
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }

    /// The body the HTTP edge sends.
    pub fn body(&self) -> ApiErrorBody {
        ApiErrorBody { error: self.code, message: self.message.clone(), fields: self.fields.clone() }
    }
}

impl From<DbError> for ServiceError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Unavailable(cause) => Self {
                cause: Some(cause),
                retry_after: Some(UNAVAILABLE_RETRY_SECONDS),
                ..Self::new(
                    ErrorCode::DatabaseUnavailable,
                    "The database is not reachable right now; try again shortly.",
                )
            },
            // A race the use case's own checks could not see (two people creating the
            // same name at once): the loser is told to reload, not shown a 500.
            e @ DbError::Query(_) if e.is_unique_violation() => Self {
                cause: Some(e.to_string()),
                ..Self::conflict("Someone else made the same change at the same time; reload and try again.")
            },
            e @ DbError::Query(_) if e.is_check_violation("assessment_submitted") => Self {
                cause: Some(e.to_string()),
                ..Self::conflict("This assessment is submitted and can no longer change; amend it instead.")
            },
            DbError::Query(q) => Self {
                cause: Some(q.to_string()),
                ..Self::new(ErrorCode::Internal, "Something went wrong on our side; it has been logged.")
            },
        }
    }
}

impl From<diesel::result::Error> for ServiceError {
    fn from(e: diesel::result::Error) -> Self {
        db::DbError::from(e).into()
    }
}

#[cfg(test)]
mod constructor_tests {
    use super::ServiceError;

    #[test]
    fn a_taken_name_names_the_kind_and_the_field() {
        let e = ServiceError::name_taken("an activity", "Patching");
        assert_eq!(e.message, "An activity called \"Patching\" already exists");
        assert_eq!(e.fields["name"], "Another activity already has this name");
        assert_eq!(ServiceError::stale(7).fields["version"], "7");
    }
}
