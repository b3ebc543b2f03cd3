//! Teams: everyone in the organization reads them; admins create and edit.

use super::person_refs;
use crate::actor::Actor;
use crate::{ServiceError, ServiceResult, Services, audit, policy};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::identity::{NewTeam, PersonRef, TeamDetail, TeamSummary, TeamUpdate};
use domain::validate::{FieldErrors, optional_text, text};
use uuid::Uuid;

fn from_row(r: db::identity::teams::TeamDetailRow) -> TeamDetail {
    TeamDetail {
        id: r.id,
        name: r.name,
        description: r.description,
        lead: r.lead_id.map(|id| PersonRef { id, name: r.lead_name.unwrap_or_default() }),
        members: person_refs(&r.members),
        version: r.version,
    }
}

/// Every team of the organization. The list is reused while the organization's people
/// generation (moved by any change to teams, their members and people's names) is the one
/// the sign-in check just read: the directory's team filter reads it on every view.
pub async fn list(services: &Services, actor: &Actor) -> ServiceResult<Vec<TeamSummary>> {
    let slot = (actor.organization_id, 0);
    if let Some(hit) = services.caches().team_lists.get_at(slot, actor.people_generation) {
        return Ok(Vec::clone(&hit));
    }
    let mut conn = services.conn().await?;
    let rows = db::identity::teams::list(&mut conn, actor.organization_id).await?;
    let teams = rows
        .into_iter()
        .map(|r| TeamSummary {
            id: r.id,
            name: r.name,
            description: r.description,
            lead: r.lead_id.map(|id| PersonRef { id, name: r.lead_name.unwrap_or_default() }),
            member_count: r.member_count,
        })
        .collect();
    Ok(Vec::clone(&services.caches().team_lists.put_at(slot, actor.people_generation, teams)))
}

pub async fn get(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<TeamDetail> {
    let mut conn = services.conn().await?;
    detail(&mut conn, actor.organization_id, id).await
}

async fn detail(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> ServiceResult<TeamDetail> {
    db::identity::teams::detail(conn, org, id).await?.map(from_row).ok_or_else(|| ServiceError::not_found("Team"))
}

async fn check_people(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    lead: Option<Uuid>,
    members: &[Uuid],
    problems: &mut FieldErrors,
) -> ServiceResult<()> {
    let mut wanted: Vec<Uuid> = members.to_vec();
    wanted.extend(lead);
    let found = db::identity::people::existing(conn, org, &wanted).await?;
    if let Some(l) = lead
        && !found.contains(&l)
    {
        problems.add("lead_id", "No one with this id works in your organization");
    }
    if let Some(m) = members.iter().find(|m| !found.contains(m)) {
        problems.add("member_ids", format!("No one with id {m} works in your organization"));
    }
    Ok(())
}

pub async fn create(services: &Services, actor: &Actor, new: &NewTeam) -> ServiceResult<TeamDetail> {
    policy::require_admin(actor, "create teams")?;
    let mut problems = FieldErrors::new();
    let name = problems.check("name", text(&new.name, "a team name", 120));
    let description = problems.check("description", optional_text(new.description.as_deref(), "the description", 2000));
    let mut members = new.member_ids.clone();
    members.sort();
    members.dedup();
    let org = actor.organization_id;
    let mut conn = services.conn().await?;
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        check_people(conn, org, new.lead_id, &members, &mut problems).await?;
        let (Some(name), Some(description), true) = (name, description, problems.is_empty()) else {
            return Err(ServiceError::validation(problems));
        };
        let row = db::identity::teams::insert(conn, org, &name, &description, new.lead_id)
            .await
            .map_err(|e| if e.is_unique_violation() { ServiceError::name_taken("a team", &name) } else { e.into() })?;
        db::identity::teams::set_members(conn, org, row.id, &members).await?;
        let after = serde_json::json!({ "team": row, "member_ids": members });
        audit::record(conn, Some(actor), org, audit::Entry::new("team.created", "team", row.id).after(&after)).await?;
        detail(conn, org, row.id).await
    })
    .await
}

pub async fn update(services: &Services, actor: &Actor, id: Uuid, upd: &TeamUpdate) -> ServiceResult<TeamDetail> {
    policy::require_admin(actor, "edit teams")?;
    let org = actor.organization_id;
    let mut conn = services.conn().await?;
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let before = db::identity::teams::lock(conn, org, id).await?.ok_or_else(|| ServiceError::not_found("Team"))?;
        if before.version != upd.version {
            return Err(ServiceError::stale(before.version));
        }
        let before_members = db::identity::teams::member_ids(conn, id).await?;
        let mut problems = FieldErrors::new();
        let name = match &upd.name {
            Some(n) => problems.check("name", text(n, "a team name", 120)),
            None => Some(before.name.clone()),
        };
        let description = match &upd.description {
            Some(d) => problems.check("description", optional_text(Some(d), "the description", 2000)),
            None => Some(before.description.clone()),
        };
        let lead = upd.lead_id.unwrap_or(before.lead_id);
        let mut members = upd.member_ids.clone();
        if let Some(m) = members.as_mut() {
            m.sort();
            m.dedup();
        }
        check_people(conn, org, lead, members.as_deref().unwrap_or(&[]), &mut problems).await?;
        let (Some(name), Some(description), true) = (name, description, problems.is_empty()) else {
            return Err(ServiceError::validation(problems));
        };
        let after = db::identity::teams::update(conn, id, &name, &description, lead, before.version + 1)
            .await
            .map_err(|e| if e.is_unique_violation() { ServiceError::name_taken("a team", &name) } else { e.into() })?;
        if let Some(m) = &members {
            db::identity::teams::set_members(conn, org, id, m).await?;
        }
        let before_json = serde_json::json!({ "team": before, "member_ids": before_members });
        let after_json = serde_json::json!({ "team": after, "member_ids": members.unwrap_or(before_members) });
        audit::record(
            conn,
            Some(actor),
            org,
            audit::Entry::new("team.updated", "team", id).before(&before_json).after(&after_json),
        )
        .await?;
        detail(conn, org, id).await
    })
    .await
}
