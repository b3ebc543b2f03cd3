//! The flow every create and every versioned update of an editable record follows, in one
//! place: write, read back what was written, record it in the audit log (before → after),
//! and answer 409 with the current version when the update lost the race. Callers run it
//! inside their transaction, after their policy check and validation.

use crate::actor::Actor;
use crate::{ServiceError, ServiceResult, audit};
use diesel_async::AsyncPgConnection;
use serde::Serialize;
use uuid::Uuid;

/// What the audit log calls the record: its type and the action's prefix (`"component"`
/// gives `component.created` / `component.updated`), and its id.
#[derive(Clone, Copy)]
pub(crate) struct Record<'a> {
    pub kind: &'a str,
    pub audit_type: &'a str,
    pub id: Uuid,
}

impl<'a> Record<'a> {
    /// A record whose audit type is its kind.
    pub fn new(kind: &'a str, id: Uuid) -> Self {
        Self { kind, audit_type: kind, id }
    }

    pub fn audited_as(self, audit_type: &'a str) -> Self {
        Self { audit_type, ..self }
    }
}

/// A record just inserted: read it back with `load` and record `<kind>.created`.
pub(crate) async fn created<T: Serialize>(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    record: Record<'_>,
    load: impl AsyncFnOnce(&mut AsyncPgConnection) -> ServiceResult<T>,
) -> ServiceResult<T> {
    let created = load(conn).await?;
    let action = format!("{}.created", record.kind);
    let entry = audit::Entry::new(&action, record.audit_type, record.id).after(&created);
    audit::record(conn, Some(actor), actor.organization_id, entry).await?;
    Ok(created)
}

/// A versioned update: `write` changes the row only if its version is still the one the
/// editor read (false otherwise: 409 naming `before_version`), then `load` reads it back
/// and `<kind>.updated` is recorded with both states.
pub(crate) async fn updated<T: Serialize>(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    record: Record<'_>,
    (before, before_version): (&T, i32),
    write: impl AsyncFnOnce(&mut AsyncPgConnection) -> ServiceResult<bool>,
    load: impl AsyncFnOnce(&mut AsyncPgConnection) -> ServiceResult<T>,
) -> ServiceResult<T> {
    if !write(conn).await? {
        return Err(ServiceError::stale(before_version));
    }
    let after = load(conn).await?;
    let action = format!("{}.updated", record.kind);
    let entry = audit::Entry::new(&action, record.audit_type, record.id).before(before).after(&after);
    audit::record(conn, Some(actor), actor.organization_id, entry).await?;
    Ok(after)
}

/// Refuses a name another record of the same kind has (`taken`, as the caller's query
/// found): 409 on `name`.
pub(crate) fn name_free(taken: bool, kind: &str, name: &str) -> ServiceResult<()> {
    if taken { Err(ServiceError::name_taken(kind, name)) } else { Ok(()) }
}
