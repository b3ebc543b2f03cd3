//! Writing and reading the audit log. `record` runs on the caller's connection, inside the
//! caller's transaction: the event and the change commit together or not at all.

use crate::actor::Actor;
use crate::{ServiceResult, Services, policy};
use diesel_async::AsyncPgConnection;
use domain::identity::{AuditEvent, AuditQuery, PersonRef};
use serde::Serialize;

/// What changed: an action on an object, with its state before and after.
pub struct Entry<'a> {
    action: &'a str,
    object_type: &'a str,
    object_id: String,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
}

impl<'a> Entry<'a> {
    pub fn new(action: &'a str, object_type: &'a str, object_id: impl ToString) -> Self {
        Entry { action, object_type, object_id: object_id.to_string(), before: None, after: None }
    }

    pub fn before(mut self, state: &impl Serialize) -> Self {
        self.before = Some(serde_json::to_value(state).unwrap_or_default());
        self
    }

    pub fn after(mut self, state: &impl Serialize) -> Self {
        self.after = Some(serde_json::to_value(state).unwrap_or_default());
        self
    }
}

pub async fn record(
    conn: &mut AsyncPgConnection,
    actor: Option<&Actor>,
    organization_id: uuid::Uuid,
    entry: Entry<'_>,
) -> ServiceResult<()> {
    db::audit::append(
        conn,
        db::audit::NewEvent {
            organization_id,
            actor_id: actor.map(|a| a.person_id),
            action: entry.action,
            object_type: entry.object_type,
            object_id: entry.object_id,
            request_id: actor.and_then(|a| a.request_id.as_deref()),
            before: entry.before,
            after: entry.after,
        },
    )
    .await?;
    Ok(())
}

/// Admins browse the log, newest first, with filters and keyset pagination.
pub async fn list(services: &Services, actor: &Actor, q: &AuditQuery) -> ServiceResult<Vec<AuditEvent>> {
    policy::require_audit_reader(actor)?;
    let mut conn = services.conn().await?;
    let rows = db::audit::list(
        &mut conn,
        actor.organization_id,
        &db::audit::EventFilter {
            action: q.action.as_deref().filter(|s| !s.is_empty()),
            object_type: q.object_type.as_deref().filter(|s| !s.is_empty()),
            object_id: q.object_id.as_deref().filter(|s| !s.is_empty()),
            actor_id: q.actor_id,
            before_id: q.before_id,
            limit: i64::from(q.limit.unwrap_or(50).clamp(1, 200)),
        },
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AuditEvent {
            id: r.id,
            at: r.at,
            actor: r.actor_id.map(|id| PersonRef { id, name: r.actor_name.unwrap_or_default() }),
            action: r.action,
            object_type: r.object_type,
            object_id: r.object_id,
            object_name: r.object_name,
            request_id: r.request_id,
            before: r.before,
            after: r.after,
        })
        .collect())
}
