//! Activities: the matrix's columns, an editable list per organization (admins). An
//! activity may name the competency it needs and the lowest level that qualifies.

use crate::actor::Actor;
use crate::edit::{self, Record};
use crate::rubric::catalog;
use crate::{ServiceError, ServiceResult, Services, policy};
use db::ownership::activities::{ActivityRow, Fields};
use db::rubric::Named;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::ownership::activity::{Activity, ActivityInput, CompetencyNeed};
use domain::rubric::level::Level;
use domain::validate::{self, FieldErrors};
use uuid::Uuid;

pub(crate) fn activity(r: ActivityRow) -> Activity {
    let needs = match (r.framework_id, r.competency_slug, r.min_level) {
        (Some(framework_id), Some(slug), Some(min_level)) => Some(CompetencyNeed {
            framework_id,
            name: r.competency_name.unwrap_or_else(|| slug.clone()),
            slug,
            min_level,
        }),
        _ => None,
    };
    Activity {
        id: r.id,
        name: r.name,
        description: r.description,
        needs,
        position: r.position,
        row_count: r.row_count,
        version: r.version,
    }
}

pub async fn list(services: &Services, actor: &Actor) -> ServiceResult<Vec<Activity>> {
    let mut conn = services.conn().await?;
    Ok(db::ownership::activities::list(&mut conn, actor.organization_id).await?.into_iter().map(activity).collect())
}

async fn load(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> ServiceResult<Activity> {
    db::ownership::activities::get(conn, org, id)
        .await?
        .map(activity)
        .ok_or_else(|| ServiceError::not_found("Activity"))
}

/// Checks an activity as written against the framework it names (or the organization's
/// default one).
async fn check(conn: &mut AsyncPgConnection, org: Uuid, input: &ActivityInput, position: i32) -> ServiceResult<Fields> {
    let mut problems = FieldErrors::new();
    let name = problems.check("name", validate::text(&input.name, "a name", 120));
    let description =
        problems.check("description", validate::optional_text(input.description.as_deref(), "the description", 2000));
    let slug = input.competency_slug.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let needs = match (slug, input.min_level) {
        (None, None) => None,
        (None, Some(_)) => {
            problems.add("competency_slug", "Name the competency the minimum level is for");
            None
        }
        (Some(_), None) => {
            problems.add("min_level", "Give the lowest level that qualifies");
            None
        }
        (Some(slug), Some(level)) => {
            let version = match input.framework_id {
                Some(f) => catalog::published(conn, org, f, "framework_id").await?,
                None => db::rubric::catalog::default_framework(conn, org, None).await?.ok_or_else(|| {
                    ServiceError::new(domain::ErrorCode::Validation, "There is no published framework.")
                        .with_field("competency_slug", "Publish a competency framework first")
                })?,
            };
            let competencies = catalog::competencies(conn, version.version_id).await?;
            match competencies.iter().find(|c| c.slug == slug) {
                None => {
                    problems.add(
                        "competency_slug",
                        format!("\"{slug}\" is not a competency of {}", version.framework_name),
                    );
                    None
                }
                Some(c) => match Level::of_framework(level, c.level_count) {
                    Ok(l) => Some((version.framework_id, c.slug.clone(), l.get())),
                    Err(p) => {
                        problems.add("min_level", p);
                        None
                    }
                },
            }
        }
    };
    match (name, description) {
        (Some(name), Some(description)) if problems.is_empty() => {
            Ok(Fields { name, description, needs, position: input.position.unwrap_or(position) })
        }
        _ => Err(ServiceError::validation(problems)),
    }
}

pub async fn create(services: &Services, actor: &Actor, input: &ActivityInput) -> ServiceResult<Activity> {
    policy::require_admin(actor, "change the list of activities")?;
    let mut conn = services.conn().await?;
    let (actor, input) = (actor.clone(), input.clone());
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let next = db::ownership::activities::next_position(conn, org).await?;
        let fields = check(conn, org, &input, next).await?;
        let taken = db::rubric::name_taken(conn, Named::Activity, org, &fields.name, None).await?;
        edit::name_free(taken, "an activity", &fields.name)?;
        let id = db::ownership::activities::insert(conn, org, &fields).await?;
        edit::created(conn, &actor, Record::new("activity", id), async |conn| load(conn, org, id).await).await
    })
    .await
}

pub async fn update(services: &Services, actor: &Actor, id: Uuid, input: &ActivityInput) -> ServiceResult<Activity> {
    policy::require_admin(actor, "change the list of activities")?;
    let mut conn = services.conn().await?;
    let (actor, input) = (actor.clone(), input.clone());
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let before = load(conn, org, id).await?;
        let fields = check(conn, org, &input, before.position).await?;
        let version = super::version_read(input.version)?;
        let taken = db::rubric::name_taken(conn, Named::Activity, org, &fields.name, Some(id)).await?;
        edit::name_free(taken, "an activity", &fields.name)?;
        edit::updated(
            conn,
            &actor,
            Record::new("activity", id),
            (&before, before.version),
            async |conn| Ok(db::ownership::activities::update(conn, id, version, &fields).await?),
            async |conn| load(conn, org, id).await,
        )
        .await
    })
    .await
}

/// A starter activity: (name, description, competency slug and minimum level of the IT
/// Lead framework).
pub type Starter = (&'static str, &'static str, Option<(&'static str, i32)>);

/// The activities every new organization starts with.
pub const STARTER: [Starter; 10] = [
    (
        "Incident response",
        "Restores service when it breaks and leads the follow-up.",
        Some(("incident-response-recovery", 3)),
    ),
    (
        "Change approval",
        "Decides whether a planned change may go ahead, and when.",
        Some(("change-release-management", 3)),
    ),
    ("On-call", "Answers alerts out of hours.", Some(("incident-response-recovery", 2))),
    ("Patching", "Keeps the component on supported, patched versions.", None),
    ("Monitoring", "Keeps alerts and dashboards meaningful.", None),
    (
        "Access review",
        "Checks who has access and removes what is no longer needed.",
        Some(("security-vulnerability-management", 2)),
    ),
    ("Backup & restore", "Makes sure backups run and a restore has been tried.", None),
    (
        "Vulnerability remediation",
        "Fixes reported vulnerabilities within the agreed time.",
        Some(("security-vulnerability-management", 3)),
    ),
    (
        "Vendor management",
        "Holds the contract and the relationship with the supplier.",
        Some(("budget-vendor-management", 2)),
    ),
    (
        "Runbook upkeep",
        "Keeps the runbook true to how the component really works.",
        Some(("service-management-runbooks", 2)),
    ),
];

/// Adds the starter activities to a new organization, needing competencies of its
/// built-in framework.
pub async fn install_starter(conn: &mut AsyncPgConnection, org: Uuid, framework: Uuid) -> ServiceResult<()> {
    for (position, (name, description, needs)) in STARTER.iter().enumerate() {
        let fields = Fields {
            name: (*name).to_string(),
            description: (*description).to_string(),
            needs: needs.map(|(slug, level)| (framework, slug.to_string(), level)),
            position: position as i32,
        };
        db::ownership::activities::insert(conn, org, &fields).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn starter_activities_need_competencies_of_the_it_lead_framework() {
        let doc = crate::rubric::builtin::it_lead();
        for (name, _, needs) in super::STARTER {
            if let Some((slug, level)) = needs {
                assert!(doc.competencies().any(|(_, c)| c.slug == slug), "{name}: {slug}");
                assert!((1..=5).contains(&level));
            }
        }
    }
}
