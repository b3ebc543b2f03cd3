//! Assessment cycles: HR opens one against a published framework version and closes it
//! when done; everyone sees the cycles (to find the open one); completion and the spread
//! of levels are HR's report.

use super::catalog;
use crate::actor::Actor;
use crate::edit::{self, Record};
use crate::{ServiceError, ServiceResult, Services, policy};
use db::rubric::Named;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::rubric::cycle::{CycleReport, CycleStatus, CycleSummary, LevelDistribution, NewCycle, UpdateCycle};
use domain::validate::{self, FieldErrors};
use std::collections::BTreeMap;
use uuid::Uuid;

fn summary(r: db::rubric::cycles::CycleRow) -> CycleSummary {
    CycleSummary {
        id: r.id,
        name: r.name,
        starts_on: r.starts_on,
        ends_on: r.ends_on,
        status: CycleStatus::parse(&r.status).unwrap_or(CycleStatus::Closed),
        framework: catalog::version_ref(r.framework),
        people_count: r.people_count,
        self_submitted: r.self_submitted,
        manager_submitted: r.manager_submitted,
        version: r.version,
    }
}

pub async fn list(services: &Services, actor: &Actor) -> ServiceResult<Vec<CycleSummary>> {
    let mut conn = services.conn().await?;
    Ok(db::rubric::cycles::list(&mut conn, actor.organization_id).await?.into_iter().map(summary).collect())
}

pub async fn get(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<CycleSummary> {
    let mut conn = services.conn().await?;
    one(&mut conn, actor.organization_id, id).await
}

async fn one(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> ServiceResult<CycleSummary> {
    db::rubric::cycles::get(conn, org, id)
        .await?
        .map(summary)
        .ok_or_else(|| ServiceError::not_found("Assessment cycle"))
}

fn check(name: &str, starts_on: chrono::NaiveDate, ends_on: chrono::NaiveDate) -> ServiceResult<String> {
    let mut problems = FieldErrors::new();
    let name = problems.check("name", validate::text(name, "a name", 120));
    problems.check("starts_on", validate::date(starts_on));
    problems.check("ends_on", validate::date(ends_on));
    if ends_on < starts_on {
        problems.add("ends_on", "The cycle must end on or after the day it starts");
    }
    match name {
        Some(n) if problems.is_empty() => Ok(n),
        _ => Err(ServiceError::validation(problems)),
    }
}

pub async fn create(services: &Services, actor: &Actor, new: &NewCycle) -> ServiceResult<CycleSummary> {
    policy::require_rubric_editor(actor, "manage assessment cycles")?;
    let name = check(&new.name, new.starts_on, new.ends_on)?;
    let mut conn = services.conn().await?;
    let (actor, new) = (actor.clone(), new.clone());
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let version = catalog::published(conn, org, new.framework_id, "framework_id").await?;
        edit::name_free(db::rubric::name_taken(conn, Named::Cycle, org, &name, None).await?, "a cycle", &name)?;
        let id = db::rubric::cycles::insert(
            conn,
            &db::rubric::cycles::NewCycle {
                organization_id: org,
                name: &name,
                starts_on: new.starts_on,
                ends_on: new.ends_on,
                framework_version_id: version.version_id,
                created_by: actor.person_id,
            },
        )
        .await?;
        let record = Record::new("cycle", id).audited_as("assessment_cycle");
        edit::created(conn, &actor, record, async |conn| one(conn, org, id).await).await
    })
    .await
}

/// Renames, moves the dates, closes or reopens a cycle.
pub async fn update(services: &Services, actor: &Actor, id: Uuid, change: &UpdateCycle) -> ServiceResult<CycleSummary> {
    policy::require_rubric_editor(actor, "manage assessment cycles")?;
    let name = check(&change.name, change.starts_on, change.ends_on)?;
    let mut conn = services.conn().await?;
    let (actor, change) = (actor.clone(), change.clone());
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let before = one(conn, org, id).await?;
        let taken = db::rubric::name_taken(conn, Named::Cycle, org, &name, Some(id)).await?;
        edit::name_free(taken, "a cycle", &name)?;
        let (starts_on, ends_on, status) = (change.starts_on, change.ends_on, change.status.as_str());
        edit::updated(
            conn,
            &actor,
            Record::new("cycle", id).audited_as("assessment_cycle"),
            (&before, before.version),
            async |conn| {
                Ok(db::rubric::cycles::update(conn, id, change.version, &name, starts_on, ends_on, status).await?)
            },
            async |conn| one(conn, org, id).await,
        )
        .await
    })
    .await
}

/// Completion and the spread of manager-rated levels per competency (HR).
pub async fn report(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<CycleReport> {
    policy::require_rubric_editor(actor, "see cycle reports")?;
    let mut conn = services.conn().await?;
    let cycle = one(&mut conn, actor.organization_id, id).await?;
    let competencies = catalog::competencies(&mut conn, cycle.framework.version_id).await?;
    let mut counts: BTreeMap<String, BTreeMap<i32, i64>> = BTreeMap::new();
    for row in db::rubric::cycles::distribution(&mut conn, id).await? {
        counts.entry(row.slug).or_default().insert(row.level, row.people);
    }
    let distribution = competencies
        .iter()
        .map(|c| {
            let counts = counts.remove(&c.slug).unwrap_or_default();
            LevelDistribution {
                slug: c.slug.clone(),
                name: c.name.clone(),
                area: c.area.clone(),
                rated: counts.values().sum(),
                counts,
            }
        })
        .collect();
    Ok(CycleReport { cycle, distribution })
}
