//! The people directory, person pages and edits of people (admins).

use super::{person_refs, team_refs};
use crate::actor::{Actor, roles_from_db, roles_to_db};
use crate::report_cache::variant_key;
use crate::{ServiceError, ServiceResult, Services, audit, policy};
use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::identity::{
    Me, NewPerson, Page, PeopleQuery, PersonDetail, PersonRef, PersonStatus, PersonSummary, PersonUpdate, Role, Viewer,
};
use domain::validate::{Email, FieldErrors, optional_text, text};
use std::sync::Arc;
use uuid::Uuid;

pub const DEFAULT_PAGE_SIZE: u32 = 20;
pub const MAX_PAGE_SIZE: u32 = 100;
/// The directory counts matches up to this many past the start of the page, then says
/// "more than": an exact count walked every person of the organization on every view.
pub const COUNT_AHEAD: i64 = 1_000;

/// The signed-in person for the page frame: what authentication already read.
pub fn viewer(actor: &Actor) -> Viewer {
    Viewer {
        id: actor.person_id,
        name: actor.name.clone(),
        roles: actor.roles.clone(),
        organization: actor.organization(),
    }
}

pub async fn me(services: &Services, actor: &Actor) -> ServiceResult<Me> {
    let person = current_detail(services, actor, actor.person_id).await?.ok_or_else(ServiceError::unauthenticated)?;
    Ok(Me { person: PersonDetail::clone(&person), organization: actor.organization() })
}

/// Everyone in the organization may browse the directory; deactivated people are listed
/// for admins and HR only.
pub async fn list(services: &Services, actor: &Actor, q: &PeopleQuery) -> ServiceResult<Page<PersonSummary>> {
    let per_page = q.per_page.unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, MAX_PAGE_SIZE);
    let page = q.page.unwrap_or(1).max(1);
    let see_deactivated = policy::may_see_deactivated(actor);
    if q.status == Some(PersonStatus::Deactivated) && !see_deactivated {
        return Ok(Page { items: vec![], total: 0, total_exact: true, page, per_page });
    }
    let search = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
    // What the page shows depends on the filter and the organization alone (deactivated
    // people are never listed here; the status filter was checked above).
    let key = DirectoryKey {
        search: search.map(str::to_string),
        team: q.team,
        role: q.role,
        status: q.status,
        page,
        per_page,
    };
    let slot = (actor.organization_id, variant_key(&key));
    if let Some(hit) = services.caches().directory.get_at(slot, actor.people_generation)
        && hit.0 == key
    {
        return Ok(hit.1.clone());
    }
    let mut conn = services.conn().await?;
    let offset = i64::from(page - 1) * i64::from(per_page);
    let rows = db::identity::people::directory(
        &mut conn,
        actor.organization_id,
        &db::identity::people::DirectoryFilter {
            search,
            team: q.team,
            role: q.role.map(Role::as_str),
            status: q.status.map(PersonStatus::as_str),
            include_deactivated: false,
            limit: i64::from(per_page),
            offset,
            count_up_to: offset + COUNT_AHEAD + 1,
        },
    )
    .await?;
    let counted = rows.first().map(|r| r.total).unwrap_or(0);
    let total_exact = counted <= offset + COUNT_AHEAD;
    let total = counted.min(offset + COUNT_AHEAD);
    let items = rows
        .into_iter()
        .map(|r| PersonSummary {
            id: r.id,
            name: r.name,
            email: r.email,
            job_title: r.job_title,
            roles: roles_from_db(&r.roles),
            status: PersonStatus::parse(&r.status).unwrap_or(PersonStatus::Active),
            manager: r.manager_id.map(|id| PersonRef { id, name: r.manager_name.unwrap_or_default() }),
            teams: team_refs(&r.teams),
        })
        .collect();
    Ok(services
        .caches()
        .directory
        .put_at(slot, actor.people_generation, (key, Page { items, total, total_exact, page, per_page }))
        .1
        .clone())
}

/// What a cached directory page shows, kept beside it so a hit is checked against the
/// request and not only against the hash that files it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct DirectoryKey {
    search: Option<String>,
    team: Option<Uuid>,
    role: Option<Role>,
    status: Option<PersonStatus>,
    page: u32,
    per_page: u32,
}

pub async fn get(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<PersonDetail> {
    let person = current_detail(services, actor, id).await?.ok_or_else(|| ServiceError::not_found("Person"))?;
    if person.status == PersonStatus::Deactivated && !policy::may_see_deactivated(actor) {
        return Err(ServiceError::not_found("Person"));
    }
    Ok(PersonDetail::clone(&person))
}

async fn current_detail(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<Option<Arc<PersonDetail>>> {
    let slot = (actor.organization_id, variant_key(&id));
    if let Some(hit) = services.caches().person_details.get_at(slot, actor.people_generation)
        && hit.id == id
    {
        return Ok(Some(hit));
    }
    let mut conn = services.conn().await?;
    let Some(person) = detail(&mut conn, actor.organization_id, id).await? else { return Ok(None) };
    Ok(Some(services.caches().person_details.put_at(slot, actor.people_generation, person)))
}

pub(crate) async fn detail(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> ServiceResult<Option<PersonDetail>> {
    Ok(db::identity::people::detail(conn, org, id).await?.map(|r| PersonDetail {
        id: r.id,
        name: r.name,
        email: r.email,
        job_title: r.job_title,
        roles: roles_from_db(&r.roles),
        status: PersonStatus::parse(&r.status).unwrap_or(PersonStatus::Active),
        manager: r.manager_id.map(|id| PersonRef { id, name: r.manager_name.unwrap_or_default() }),
        teams: team_refs(&r.teams),
        reports: person_refs(&r.reports),
        version: r.version,
        created_at: r.created_at,
    }))
}

/// Checks references (manager, teams) exist in the organization; records problems.
async fn check_references(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    manager: Option<Uuid>,
    teams: &[Uuid],
    problems: &mut FieldErrors,
) -> ServiceResult<()> {
    if let Some(m) = manager
        && db::identity::people::existing(conn, org, &[m]).await?.is_empty()
    {
        problems.add("manager_id", "No one with this id works in your organization");
    }
    if !teams.is_empty() {
        let found = db::identity::teams::existing(conn, org, teams).await?;
        if let Some(missing) = teams.iter().find(|t| !found.contains(t)) {
            problems.add("team_ids", format!("No team {missing} in your organization"));
        }
    }
    Ok(())
}

/// Admins add people. They start as `invited` (no password) until they accept.
pub async fn create(services: &Services, actor: &Actor, new: &NewPerson) -> ServiceResult<PersonDetail> {
    policy::require_admin(actor, "add people")?;
    let mut problems = FieldErrors::new();
    let name = problems.check("name", text(&new.name, "a name", 200));
    let email = problems.check("email", Email::parse(&new.email));
    let title = problems.check("job_title", optional_text(new.job_title.as_deref(), "the job title", 200));
    let roles = if new.roles.is_empty() { vec![Role::Member] } else { new.roles.clone() };
    let mut team_ids = new.team_ids.clone();
    team_ids.sort();
    team_ids.dedup();
    let org = actor.organization_id;
    let mut conn = services.conn().await?;
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        check_references(conn, org, new.manager_id, &team_ids, &mut problems).await?;
        if let Some(email) = &email
            && db::identity::people::email_taken(conn, org, email.as_str()).await?
        {
            return Err(email_taken());
        }
        let (Some(name), Some(email), Some(title), true) = (name, email, title, problems.is_empty()) else {
            return Err(ServiceError::validation(problems));
        };
        let row = db::identity::people::insert(
            conn,
            &db::identity::people::NewPersonRow {
                organization_id: org,
                email: email.as_str(),
                name: &name,
                job_title: &title,
                roles: roles_to_db(&roles),
                manager_id: new.manager_id,
                status: PersonStatus::Invited.as_str(),
                password_hash: None,
            },
        )
        .await
        .map_err(|e| if e.is_unique_violation() { email_taken() } else { e.into() })?;
        db::identity::people::set_teams(conn, org, row.id, &team_ids).await?;
        let after = serde_json::json!({ "person": row, "team_ids": team_ids });
        audit::record(conn, Some(actor), org, audit::Entry::new("person.created", "person", row.id).after(&after))
            .await?;
        detail(conn, org, row.id).await?.ok_or_else(|| ServiceError::not_found("Person"))
    })
    .await
}

/// Admins edit people. A stale `version` is refused with 409; changes to roles or status
/// make the person's existing tokens invalid at once.
pub async fn update(services: &Services, actor: &Actor, id: Uuid, upd: &PersonUpdate) -> ServiceResult<PersonDetail> {
    policy::require_admin(actor, "edit people")?;
    let org = actor.organization_id;
    let mut conn = services.conn().await?;
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let before =
            db::identity::people::lock(conn, org, id).await?.ok_or_else(|| ServiceError::not_found("Person"))?;
        if before.version != upd.version {
            return Err(ServiceError::stale(before.version));
        }
        let mut problems = FieldErrors::new();
        let name = match &upd.name {
            Some(n) => problems.check("name", text(n, "a name", 200)),
            None => Some(before.name.clone()),
        };
        let title = match &upd.job_title {
            Some(t) => problems.check("job_title", optional_text(Some(t), "the job title", 200)),
            None => Some(before.job_title.clone()),
        };
        let old_roles = roles_from_db(&before.roles);
        let roles =
            upd.roles.clone().map(|r| if r.is_empty() { vec![Role::Member] } else { r }).unwrap_or(old_roles.clone());
        if id == actor.person_id && old_roles.contains(&Role::Admin) && !roles.contains(&Role::Admin) {
            problems.add("roles", "You cannot remove your own admin role; ask another admin");
        }
        let status = upd.status.map(PersonStatus::as_str).unwrap_or(&before.status).to_string();
        if id == actor.person_id && status == PersonStatus::Deactivated.as_str() {
            problems.add("status", "You cannot deactivate yourself");
        }
        let manager = upd.manager_id.unwrap_or(before.manager_id);
        let mut team_ids = upd.team_ids.clone();
        if let Some(t) = team_ids.as_mut() {
            t.sort();
            t.dedup();
        }
        check_references(
            conn,
            org,
            manager.filter(|m| Some(*m) != before.manager_id),
            team_ids.as_deref().unwrap_or(&[]),
            &mut problems,
        )
        .await?;
        if let Some(m) = manager
            && Some(m) != before.manager_id
            && !problems.0.contains_key("manager_id")
            && db::identity::people::is_self_or_below(conn, id, m).await?
        {
            problems.add("manager_id", REPORTING_LOOP);
        }
        let (Some(name), Some(title), true) = (name, title, problems.is_empty()) else {
            return Err(ServiceError::validation(problems));
        };
        let access_changed = roles_to_db(&roles) != roles_to_db(&old_roles) || status != before.status;
        let after = db::identity::people::update(
            conn,
            id,
            &db::identity::people::PersonChanges {
                name,
                job_title: title,
                roles: roles_to_db(&roles),
                manager_id: manager,
                status: status.clone(),
                token_version: before.token_version + i32::from(access_changed),
                version: before.version + 1,
                updated_at: Utc::now(),
            },
        )
        .await
        .map_err(|e| if e.is_check_violation("people_no_reporting_cycle") { reporting_loop() } else { e.into() })?;
        if let Some(t) = &team_ids {
            db::identity::people::set_teams(conn, org, id, t).await?;
        }
        let action = if status != before.status && status == PersonStatus::Deactivated.as_str() {
            "person.deactivated"
        } else {
            "person.updated"
        };
        let after_json = serde_json::json!({ "person": after, "team_ids": team_ids });
        let before_json = serde_json::json!({ "person": before });
        audit::record(
            conn,
            Some(actor),
            org,
            audit::Entry::new(action, "person", id).before(&before_json).after(&after_json),
        )
        .await?;
        detail(conn, org, id).await?.ok_or_else(|| ServiceError::not_found("Person"))
    })
    .await
}

pub(crate) const REPORTING_LOOP: &str = "This would make a loop: the new manager reports to this person (or is them)";

/// The database's cycle trigger fired (a concurrent edit slipped past the check above).
fn reporting_loop() -> ServiceError {
    ServiceError::validation(FieldErrors(
        std::iter::once(("manager_id".to_string(), REPORTING_LOOP.to_string())).collect(),
    ))
}

/// Also the answer when a concurrent insert wins the unique index after our check.
fn email_taken() -> ServiceError {
    ServiceError::conflict("Someone in your organization already uses this email.")
        .with_field("email", "Someone in your organization already uses this email")
}

/// The organization's reporting lines as a tree; everyone in the organization may see it.
pub async fn org_chart(services: &Services, actor: &Actor) -> ServiceResult<Vec<domain::org_chart::OrgNode>> {
    let mut conn = services.conn().await?;
    let rows = db::identity::people::reporting_lines(&mut conn, actor.organization_id).await?;
    Ok(domain::org_chart::build(
        rows.into_iter()
            .map(|(id, name, job_title, manager_id)| domain::org_chart::OrgRow { id, name, job_title, manager_id })
            .collect(),
    ))
}

/// Everyone active or invited, by name: the choices of a "manager" or "lead" picker.
pub async fn choices(services: &Services, actor: &Actor) -> ServiceResult<Vec<PersonRef>> {
    let mut conn = services.conn().await?;
    let mut people: Vec<PersonRef> = db::identity::people::reporting_lines(&mut conn, actor.organization_id)
        .await?
        .into_iter()
        .map(|(id, name, _, _)| PersonRef { id, name })
        .collect();
    people.sort_by_key(|a| a.name.to_lowercase());
    Ok(people)
}

/// The directory as CSV (the columns the import will read): everyone the actor may list,
/// deactivated people included for admins and HR.
pub async fn export_csv(services: &Services, actor: &Actor) -> ServiceResult<String> {
    let mut conn = services.conn().await?;
    let rows = db::identity::people::directory(
        &mut conn,
        actor.organization_id,
        &db::identity::people::DirectoryFilter {
            search: None,
            team: None,
            role: None,
            status: None,
            include_deactivated: policy::may_see_deactivated(actor),
            limit: i64::MAX,
            offset: 0,
            // the export does not use the count
            count_up_to: 0,
        },
    )
    .await?;
    let lines = rows.into_iter().map(|r| {
        let teams: Vec<String> = team_refs(&r.teams).into_iter().map(|t| t.name).collect();
        let roles: Vec<&str> = roles_from_db(&r.roles).iter().map(|r| r.as_str()).collect();
        [r.name, r.email, r.job_title, r.manager_email.unwrap_or_default(), teams.join(";"), roles.join(";"), r.status]
    });
    Ok(crate::csv::file("name,email,job_title,manager_email,teams,roles,status", lines))
}
