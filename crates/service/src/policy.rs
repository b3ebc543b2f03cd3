//! Authorization: one small function per rule, called first by every use case. Relations
//! (manager of, …) are looked up in the database, not trusted from the token.
//! The rules are listed per endpoint in `authorization.toml` (workspace root), which the
//! authorization matrix test walks and `docs/permissions.md` renders.

use crate::actor::Actor;
use crate::{ServiceError, ServiceResult};
use diesel_async::AsyncPgConnection;
use domain::ErrorCode;
use domain::identity::Role;
use uuid::Uuid;

fn forbidden(what: &str) -> ServiceError {
    ServiceError::new(ErrorCode::Forbidden, format!("You do not have permission to {what}."))
}

/// Admins manage the organization: people, roles, teams, settings.
pub fn require_admin(actor: &Actor, what: &str) -> ServiceResult<()> {
    if actor.has(Role::Admin) { Ok(()) } else { Err(forbidden(what)) }
}

pub fn is_admin(actor: &Actor) -> bool {
    actor.has(Role::Admin)
}

/// HR sees people data of the whole organization.
pub fn is_hr(actor: &Actor) -> bool {
    actor.has(Role::Hr)
}

/// Deactivated people appear only to those who manage people.
pub fn may_see_deactivated(actor: &Actor) -> bool {
    actor.has(Role::Admin) || actor.has(Role::Hr)
}

/// The audit log is for admins.
pub fn require_audit_reader(actor: &Actor) -> ServiceResult<()> {
    require_admin(actor, "read the audit log")
}

/// A manager acts for the people below them (direct or indirect); computed in SQL.
pub async fn is_manager_of(conn: &mut AsyncPgConnection, actor: &Actor, person: Uuid) -> ServiceResult<bool> {
    Ok(db::identity::people::manages(conn, actor.person_id, person).await?)
}

/// The person themself, HR, or someone above them in the reporting line.
pub async fn require_self_hr_or_manager(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    person: Uuid,
    what: &str,
) -> ServiceResult<()> {
    if actor.person_id == person || is_hr(actor) || is_manager_of(conn, actor, person).await? {
        Ok(())
    } else {
        Err(forbidden(what))
    }
}

/// HR maintains the rubric: frameworks, their drafts and publishing, role profiles,
/// assessment cycles. Everyone in the organization reads published versions.
pub fn require_rubric_editor(actor: &Actor, what: &str) -> ServiceResult<()> {
    if is_hr(actor) { Ok(()) } else { Err(forbidden(what)) }
}

pub fn is_rubric_editor(actor: &Actor) -> bool {
    is_hr(actor)
}

/// Admins and managers (IT leads) add components to the catalog.
pub fn require_component_creator(actor: &Actor) -> ServiceResult<()> {
    if actor.has(Role::Admin) || actor.has(Role::Manager) { Ok(()) } else { Err(forbidden("add components")) }
}

/// A component's rows, its details and its dependencies are edited by admins and by
/// whoever is accountable (A) on one of its rows.
pub async fn may_edit_component(conn: &mut AsyncPgConnection, actor: &Actor, component: Uuid) -> ServiceResult<bool> {
    Ok(actor.has(Role::Admin) || db::ownership::matrix::is_accountable_for(conn, actor.person_id, component).await?)
}

pub async fn require_component_editor(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    component: Uuid,
) -> ServiceResult<()> {
    if may_edit_component(conn, actor, component).await? {
        Ok(())
    } else {
        Err(forbidden("change this component; ask its accountable person or an admin"))
    }
}

/// Key-person risk names people: HR and admins read it.
pub fn require_key_person_reader(actor: &Actor) -> ServiceResult<()> {
    if is_hr(actor) || actor.has(Role::Admin) { Ok(()) } else { Err(forbidden("read the key-person risk report")) }
}
