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
use domain::interviews::work_samples::LinkState;
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

// ---- interviews ----------------------------------------------------------------------

/// Hiring staff build interview plans, keep the exercise library, add candidates and
/// schedule loops: HR and managers (a hiring manager is a manager).
pub fn is_hiring_staff(actor: &Actor) -> bool {
    is_hr(actor) || actor.has(Role::Manager)
}

pub fn require_hiring_staff(actor: &Actor, what: &str) -> ServiceResult<()> {
    if is_hiring_staff(actor) { Ok(()) } else { Err(forbidden(what)) }
}

/// Candidate records (names, emails, notes) are read by hiring staff; an interviewer
/// sees a candidate only through the loops they are on.
pub fn require_candidate_reader(actor: &Actor) -> ServiceResult<()> {
    require_hiring_staff(actor, "see candidates")
}

/// Retention, export and erasure of a candidate's data are HR's.
pub fn require_candidate_steward(actor: &Actor, what: &str) -> ServiceResult<()> {
    if is_hr(actor) { Ok(()) } else { Err(forbidden(what)) }
}

/// How the reader stands to a loop: its hiring manager, on its panel (each stage they
/// are on, with whether their scorecard for it is submitted), and whether they are HR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoopSeat {
    pub hiring_manager: bool,
    pub hr: bool,
    /// (loop stage, own scorecard submitted)
    pub panel: Vec<(Uuid, bool)>,
}

impl LoopSeat {
    pub fn of(actor: &Actor, hiring_manager: Uuid, panel: Vec<(Uuid, bool)>) -> Self {
        LoopSeat { hiring_manager: hiring_manager == actor.person_id, hr: is_hr(actor), panel }
    }

    /// On the panel and still to submit a scorecard of their own.
    pub fn scoring(&self) -> bool {
        self.panel.iter().any(|(_, submitted)| !submitted)
    }
}

/// Interviewers see only the loops they are on; the hiring manager and HR see the loop.
/// To anyone else it does not exist (404).
pub fn may_see_loop(seat: &LoopSeat) -> bool {
    may_see_loop_as(seat.hiring_manager, seat.hr, !seat.panel.is_empty())
}

/// [`may_see_loop`] from what a scorecard write reads: whether the person is the hiring
/// manager, HR, or on the panel at all.
pub fn may_see_loop_as(hiring_manager: bool, hr: bool, on_panel: bool) -> bool {
    hr || hiring_manager || on_panel
}

/// Independent scoring: until a reader on the panel has submitted their own scorecards
/// for the loop, they read no other scorecard, aggregate, recommendation or decision of
/// it, whatever else they are (a hiring manager who interviews waits too). After that,
/// the panel, the hiring manager and HR read them. The caller audits a refusal.
pub fn may_read_panel(seat: &LoopSeat) -> bool {
    may_see_loop(seat) && !seat.scoring()
}

/// Blind grading: a grader of a blind stage sees the loop's code, never the candidate's
/// name, email or file names, until they have submitted that stage's scorecard.
pub fn sees_candidate(seat: &LoopSeat, blind_stages: &[Uuid]) -> bool {
    !seat.panel.iter().any(|(stage, submitted)| !submitted && blind_stages.contains(stage))
}

/// The hiring manager and HR record decisions, schedule stages and send work-sample
/// links; only the hiring manager opens a debrief before every scorecard is in.
pub fn require_loop_owner(seat: &LoopSeat, what: &str) -> ServiceResult<()> {
    if seat.hiring_manager || seat.hr { Ok(()) } else { Err(forbidden(what)) }
}

pub fn require_early_debrief_opener(seat: &LoopSeat) -> ServiceResult<()> {
    if seat.hiring_manager { Ok(()) } else { Err(forbidden("open the debrief before every scorecard is in")) }
}

/// Work-sample submissions are read by whoever may see the loop: its interviewers, the
/// hiring manager and HR. A blind grader reads them without the file names until they
/// submit ([`sees_candidate`]); sending links and attaching samples is the owners'
/// ([`require_loop_owner`]).
pub fn may_read_work_samples(seat: &LoopSeat) -> bool {
    may_see_loop(seat)
}

/// A candidate's work-sample link is their only credential: it admits one submission
/// while it is open. An unknown token is 404, an expired or withdrawn link 410 (as is a
/// link whose candidate's data was removed), a used one 409; each names `token`.
pub fn require_open_link(state: LinkState) -> ServiceResult<()> {
    let refuse = |code, message: &str, field: &str| Err(ServiceError::new(code, message).with_field("token", field));
    match state {
        LinkState::Open => Ok(()),
        LinkState::Used => refuse(
            ErrorCode::Conflict,
            "This link has been used: a work sample was already sent through it.",
            "Already used; ask the hiring manager if you need to send something else",
        ),
        LinkState::Expired => {
            refuse(ErrorCode::Gone, "This link has expired.", "Expired; ask the hiring manager for a new link")
        }
        LinkState::Revoked => {
            refuse(ErrorCode::Gone, "This link is no longer valid.", "Withdrawn; ask the hiring manager for a new link")
        }
    }
}

/// Interview statistics name interviewers (leniency): HR and managers read them.
pub fn require_interview_stats_reader(actor: &Actor) -> ServiceResult<()> {
    require_hiring_staff(actor, "read interview statistics")
}

// ---- coaching ------------------------------------------------------------------------

/// Feedback goes to someone else of the reader's organization who has not left
/// (`status`: theirs, none when they are not of the organization). Bad input, so 422
/// naming `recipient_id`: whom to write to is the writer's choice, not a permission.
pub fn require_feedback_recipient(actor: &Actor, recipient: Uuid, status: Option<&str>) -> ServiceResult<()> {
    let problem = match status {
        _ if recipient == actor.person_id => {
            "Feedback goes to someone else; keep notes to yourself as a private note on a goal"
        }
        None => "There is no such person in your organization",
        Some("deactivated") => "This person has left the organization",
        Some(_) => return Ok(()),
    };
    Err(ServiceError::new(ErrorCode::Validation, "Some fields need attention.").with_field("recipient_id", problem))
}

/// Who reads a feedback entry ([`domain::coaching::feedback::may_read`]; the reads of
/// `db::coaching::feedback` apply the same rule in SQL): its author; the recipient unless
/// it is a private note; the people above the recipient when shared with them. Roles
/// give nothing here: HR and admins read what they wrote or received, like anyone.
pub async fn may_read_feedback(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    author: Uuid,
    recipient: Uuid,
    visibility: domain::coaching::feedback::Visibility,
) -> ServiceResult<bool> {
    use domain::coaching::feedback::{Visibility, may_read};
    let manages = visibility == Visibility::RecipientAndManagers
        && actor.person_id != recipient
        && is_manager_of(conn, actor, recipient).await?;
    Ok(may_read(visibility, author == actor.person_id, recipient == actor.person_id, manages))
}

/// Only its author edits or amends an entry.
pub fn require_feedback_author(actor: &Actor, author: Uuid) -> ServiceResult<()> {
    if author == actor.person_id { Ok(()) } else { Err(forbidden("change feedback someone else wrote")) }
}

/// The two people of an entry talk about it: its recipient acknowledges and replies, its
/// author answers. A private note has nobody to talk to.
pub fn require_feedback_party(
    actor: &Actor,
    author: Uuid,
    recipient: Uuid,
    visibility: domain::coaching::feedback::Visibility,
    what: &str,
) -> ServiceResult<()> {
    let shared = visibility != domain::coaching::feedback::Visibility::Private;
    if shared && (actor.person_id == recipient || actor.person_id == author) { Ok(()) } else { Err(forbidden(what)) }
}

/// Only the recipient acknowledges a shared entry.
pub fn require_feedback_recipient_of(
    actor: &Actor,
    recipient: Uuid,
    visibility: domain::coaching::feedback::Visibility,
) -> ServiceResult<()> {
    if recipient == actor.person_id && visibility != domain::coaching::feedback::Visibility::Private {
        Ok(())
    } else {
        Err(forbidden("acknowledge feedback written to someone else"))
    }
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
