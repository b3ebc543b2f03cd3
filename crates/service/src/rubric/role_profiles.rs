//! Role profiles: HR names the roles and the level each expects per competency; everyone
//! reads them (what is expected of a role is no secret); only HR sees who holds which.

use super::catalog;
use crate::actor::Actor;
use crate::edit::{self, Record};
use crate::{ServiceError, ServiceResult, Services, audit, policy};
use db::rubric::Named;
use db::rubric::catalog::CompetencyRow;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::ErrorCode;
use domain::identity::PersonRef;
use domain::rubric::level::Level;
use domain::rubric::role_profile::{
    AssignRoleProfile, Expectation, NewRoleProfile, RoleProfileDetail, RoleProfileSummary, UpdateRoleProfile,
};
use domain::validate::{self, FieldErrors};
use std::collections::BTreeMap;
use uuid::Uuid;

fn summary(r: db::rubric::role_profiles::RoleProfileRow) -> RoleProfileSummary {
    RoleProfileSummary {
        id: r.id,
        name: r.name,
        description: r.description,
        framework: catalog::version_ref(r.framework),
        expectation_count: r.expectation_count,
        people_count: r.people_count,
        version: r.version,
    }
}

pub async fn list(services: &Services, actor: &Actor) -> ServiceResult<Vec<RoleProfileSummary>> {
    let mut conn = services.conn().await?;
    Ok(db::rubric::role_profiles::list(&mut conn, actor.organization_id).await?.into_iter().map(summary).collect())
}

/// The role profiles to choose from (id and name), in name order regardless of case.
pub async fn choices(
    services: &Services,
    actor: &Actor,
) -> ServiceResult<Vec<domain::rubric::profile::RoleProfileRef>> {
    let mut conn = services.conn().await?;
    let mut names = db::rubric::role_profiles::names(&mut conn, actor.organization_id).await?;
    names.sort_by_cached_key(|(_, name)| name.to_lowercase());
    Ok(names.into_iter().map(|(id, name)| domain::rubric::profile::RoleProfileRef { id, name }).collect())
}

/// The role profiles the actor may assign to a person: all of them for HR
/// (`policy::may_assign_role_profile`), none for anyone else.
pub async fn assignable(
    services: &Services,
    actor: &Actor,
) -> ServiceResult<Vec<domain::rubric::profile::RoleProfileRef>> {
    if policy::may_assign_role_profile(actor) { choices(services, actor).await } else { Ok(vec![]) }
}

pub async fn get(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<RoleProfileDetail> {
    let mut conn = services.conn().await?;
    detail(&mut conn, actor, id).await
}

async fn detail(conn: &mut AsyncPgConnection, actor: &Actor, id: Uuid) -> ServiceResult<RoleProfileDetail> {
    let org = actor.organization_id;
    let row =
        db::rubric::role_profiles::get(conn, org, id).await?.ok_or_else(|| ServiceError::not_found("Role profile"))?;
    let competencies = catalog::competencies(conn, row.framework.version_id).await?;
    let levels: BTreeMap<Uuid, i32> = db::rubric::role_profiles::expectations(conn, id).await?.into_iter().collect();
    let expectations = competencies
        .iter()
        .map(|c| Expectation {
            slug: c.slug.clone(),
            name: c.name.clone(),
            area: c.area.clone(),
            level: levels.get(&c.id).copied(),
        })
        .collect();
    let people = if policy::is_hr(actor) {
        db::rubric::role_profiles::people(conn, org, id)
            .await?
            .into_iter()
            .map(|(id, name)| PersonRef { id, name })
            .collect()
    } else {
        vec![]
    };
    Ok(RoleProfileDetail { summary: summary(row), expectations, people })
}

/// A role profile's cleaned name, description and (competency id, level) pairs.
type Checked = (String, String, Vec<(Uuid, i32)>);

/// Checks name, description and expected levels against the version's competencies.
fn check(
    name: &str,
    description: Option<&str>,
    expectations: &BTreeMap<String, i32>,
    competencies: &[CompetencyRow],
) -> ServiceResult<Checked> {
    let mut problems = FieldErrors::new();
    let name = problems.check("name", validate::text(name, "a name", 120));
    let description = problems.check("description", validate::optional_text(description, "the description", 2000));
    let mut levels = Vec::new();
    for (slug, level) in expectations {
        let field = format!("expectations.{slug}");
        match competencies.iter().find(|c| c.slug == *slug) {
            None => problems.add(&field, format!("\"{slug}\" is not a competency of this framework version")),
            Some(c) => match Level::of_framework(*level, c.level_count) {
                Ok(l) => levels.push((c.id, l.get())),
                Err(p) => problems.add(&field, p),
            },
        }
    }
    match (name, description) {
        (Some(n), Some(d)) if problems.is_empty() => Ok((n, d, levels)),
        _ => Err(ServiceError::validation(problems)),
    }
}

pub async fn create(services: &Services, actor: &Actor, new: &NewRoleProfile) -> ServiceResult<RoleProfileDetail> {
    policy::require_rubric_editor(actor, "manage role profiles")?;
    let mut conn = services.conn().await?;
    let (actor, new) = (actor.clone(), new.clone());
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let version = catalog::published(conn, org, new.framework_id, "framework_id").await?;
        let competencies = catalog::competencies(conn, version.version_id).await?;
        let (name, description, levels) =
            check(&new.name, new.description.as_deref(), &new.expectations, &competencies)?;
        let taken = db::rubric::name_taken(conn, Named::RoleProfile, org, &name, None).await?;
        edit::name_free(taken, "a role profile", &name)?;
        let id = db::rubric::role_profiles::insert(conn, org, &name, &description, version.version_id).await?;
        db::rubric::role_profiles::set_expectations(conn, org, id, &levels).await?;
        edit::created(conn, &actor, Record::new("role_profile", id), async |conn| detail(conn, &actor, id).await).await
    })
    .await
}

pub async fn update(
    services: &Services,
    actor: &Actor,
    id: Uuid,
    change: &UpdateRoleProfile,
) -> ServiceResult<RoleProfileDetail> {
    policy::require_rubric_editor(actor, "manage role profiles")?;
    let mut conn = services.conn().await?;
    let (actor, change) = (actor.clone(), change.clone());
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let before = detail(conn, &actor, id).await?;
        let version = if change.upgrade {
            catalog::published(conn, org, before.summary.framework.framework_id, "upgrade").await?.version_id
        } else {
            before.summary.framework.version_id
        };
        let competencies = catalog::competencies(conn, version).await?;
        let (name, description, levels) =
            check(&change.name, change.description.as_deref(), &change.expectations, &competencies)?;
        let taken = db::rubric::name_taken(conn, Named::RoleProfile, org, &name, Some(id)).await?;
        edit::name_free(taken, "a role profile", &name)?;
        edit::updated(
            conn,
            &actor,
            Record::new("role_profile", id),
            (&before, before.summary.version),
            async |conn| {
                let written =
                    db::rubric::role_profiles::update(conn, id, change.version, &name, &description, version).await?;
                if written {
                    db::rubric::role_profiles::set_expectations(conn, org, id, &levels).await?;
                }
                Ok(written)
            },
            async |conn| detail(conn, &actor, id).await,
        )
        .await
    })
    .await
}

/// Gives a person a role profile, or takes it away (HR).
pub async fn assign(services: &Services, actor: &Actor, person: Uuid, assign: &AssignRoleProfile) -> ServiceResult<()> {
    policy::require_rubric_editor(actor, "assign role profiles")?;
    let mut conn = services.conn().await?;
    let (actor, profile) = (actor.clone(), assign.role_profile_id);
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        if let Some(p) = profile
            && db::rubric::role_profiles::get(conn, org, p).await?.is_none()
        {
            return Err(ServiceError::new(ErrorCode::Validation, "No such role profile.")
                .with_field("role_profile_id", "No role profile with this id exists in your organization"));
        }
        let before = db::rubric::role_profiles::assign(conn, org, person, profile)
            .await?
            .ok_or_else(|| ServiceError::not_found("Person"))?;
        audit::record(
            conn,
            Some(&actor),
            org,
            audit::Entry::new("person.role_profile_assigned", "person", person)
                .before(&serde_json::json!({"role_profile_id": before}))
                .after(&serde_json::json!({"role_profile_id": profile})),
        )
        .await?;
        Ok(())
    })
    .await
}
