//! Authorization: one small function per rule, called first by every use case. Relations
//! (manager of, …) are looked up in the database, not trusted from the token.
//! The rules are listed per endpoint in `authorization.toml` (workspace root), which the
//! authorization matrix test walks and `docs/permissions.md` renders.

use crate::actor::Actor;
use crate::{ServiceError, ServiceResult};
use diesel_async::AsyncPgConnection;
use domain::ErrorCode;
use domain::identity::Role;
use domain::ids::{ActivityId, ComponentId, PersonId};
use domain::ownership::import::OwnershipFile;
use domain::pages::Gated;
use domain::rubric::assessment::AssessmentKind;
use uuid::Uuid;

fn forbidden(what: &str) -> ServiceError {
    ServiceError::forbidden(what)
}

// ---- identity ------------------------------------------------------------------------

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

// ---- rubric --------------------------------------------------------------------------

/// HR maintains the rubric: frameworks, their drafts and publishing, role profiles,
/// assessment cycles. Everyone in the organization reads published versions.
pub fn require_rubric_editor(actor: &Actor, what: &str) -> ServiceResult<()> {
    if is_hr(actor) { Ok(()) } else { Err(forbidden(what)) }
}

pub fn is_rubric_editor(actor: &Actor) -> bool {
    is_hr(actor)
}

/// Drafts (and frameworks that have only a draft) are seen by those who edit them; to
/// everyone else they do not exist (404), in the list, the framework page and the API.
pub fn may_see_framework_drafts(actor: &Actor) -> bool {
    is_rubric_editor(actor)
}

/// HR chooses a person's role profile (the person's competencies page offers the list).
pub fn may_assign_role_profile(actor: &Actor) -> bool {
    is_hr(actor)
}

/// Who may read an assessment: its author always; once submitted, the person rated, the
/// people above them and HR. To everyone else it does not exist (the caller answers 404).
pub async fn may_read_assessment(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    author: Uuid,
    person: Uuid,
    submitted: bool,
) -> ServiceResult<bool> {
    Ok(author == actor.person_id
        || (submitted && (person == actor.person_id || is_hr(actor) || is_manager_of(conn, actor, person).await?)))
}

/// A self-assessment is written by the person themself; a manager assessment by someone
/// above the person in the reporting line.
pub async fn require_assessment_starter(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    kind: AssessmentKind,
    person: Uuid,
) -> ServiceResult<()> {
    match kind {
        AssessmentKind::SelfAssessment if person != actor.person_id => {
            Err(forbidden("write someone else's self-assessment"))
        }
        AssessmentKind::Manager if !is_manager_of(conn, actor, person).await? => {
            Err(forbidden("assess someone who does not report to you"))
        }
        _ => Ok(()),
    }
}

/// Only its author edits, submits or amends an assessment (`what`: "change an assessment
/// someone else wrote", …).
pub fn require_assessment_author(actor: &Actor, author: Uuid, what: &str) -> ServiceResult<()> {
    if author == actor.person_id { Ok(()) } else { Err(forbidden(what)) }
}

/// A team's skills matrix: HR, the team's lead and the people above the lead.
pub async fn require_skills_matrix_reader(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    lead: Option<Uuid>,
) -> ServiceResult<()> {
    let allowed = is_hr(actor)
        || lead == Some(actor.person_id)
        || match lead {
            Some(l) => is_manager_of(conn, actor, l).await?,
            None => false,
        };
    if allowed {
        Ok(())
    } else {
        Err(ServiceError::new(
            ErrorCode::Forbidden,
            "You do not have permission to see this team's skills matrix (its lead, their managers and HR can).",
        ))
    }
}

// ---- ownership -----------------------------------------------------------------------

/// Admins and managers (IT leads) add components to the catalog.
pub fn require_component_creator(actor: &Actor) -> ServiceResult<()> {
    if actor.has(Role::Admin) || actor.has(Role::Manager) { Ok(()) } else { Err(forbidden("add components")) }
}

/// A component's rows, its details and its dependencies are edited by admins and by
/// whoever is accountable (A) on one of its rows.
pub async fn may_edit_component(conn: &mut AsyncPgConnection, actor: &Actor, component: Uuid) -> ServiceResult<bool> {
    Ok(actor.has(Role::Admin)
        || db::ownership::matrix::is_accountable_for(conn, PersonId(actor.person_id), ComponentId(component)).await?)
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

/// Who may import an ownership file at all, asked before the file is read: only admins
/// import components and dependencies; anyone may offer a matrix file, whose rows are
/// then checked by [`require_matrix_rows_editor`].
pub fn require_ownership_importer(actor: &Actor, what: OwnershipFile) -> ServiceResult<()> {
    match what {
        OwnershipFile::Components => require_admin(actor, "import components"),
        OwnershipFile::Dependencies => require_admin(actor, "import dependencies"),
        OwnershipFile::Matrix => Ok(()),
    }
}

/// Only the row's accountable person (A) confirms that a RACI row still holds.
pub async fn require_row_confirmer(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    component: ComponentId,
    activity: ActivityId,
) -> ServiceResult<()> {
    if db::ownership::matrix::accountable_of(conn, component, activity).await? == Some(actor.person_id) {
        Ok(())
    } else {
        Err(ServiceError::new(ErrorCode::Forbidden, "Only the row's accountable person (A) can confirm it."))
    }
}

/// An ownership-matrix import changes the rows of components the importer may edit
/// ([`may_edit_component`]); `changed` lists (line, component, its name) of each row the
/// file would change. The first one refused is named.
pub async fn require_matrix_rows_editor(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    changed: &[(usize, Uuid, String)],
) -> ServiceResult<()> {
    if is_admin(actor) {
        return Ok(());
    }
    let mut checked = std::collections::HashSet::new();
    for (line, component, name) in changed {
        if checked.insert(*component) && !may_edit_component(conn, actor, *component).await? {
            return Err(ServiceError::new(
                ErrorCode::Forbidden,
                format!(
                    "You may not change the rows of \"{name}\" (line {line}): only its accountable people and admins \
                     can. Nothing was imported."
                ),
            )
            .with_field(format!("line {line}: component"), "Only its accountable people and admins can change it"));
        }
    }
    Ok(())
}

/// Key-person risk names people: HR and admins read it.
pub fn require_key_person_reader(actor: &Actor) -> ServiceResult<()> {
    if is_hr(actor) || actor.has(Role::Admin) { Ok(()) } else { Err(forbidden("read the key-person risk report")) }
}

// ---- pages ---------------------------------------------------------------------------

/// Who may open a page that exists for one action ([`Gated`]): those the action's own rule
/// lets through. The page answers 403 to everyone else.
pub fn may_open(actor: &Actor, page: Gated) -> bool {
    match page {
        Gated::PeopleAdmin | Gated::Installation => is_admin(actor),
        Gated::AuditLog => require_audit_reader(actor).is_ok(),
        Gated::RubricEditing => is_rubric_editor(actor),
    }
}
