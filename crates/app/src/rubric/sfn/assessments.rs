//! Server functions of the assessment pages: role profiles, cycles, assessments, a
//! person's competency profile and a team's skills matrix. Each calls the same use case
//! as the JSON API; all are listed in authorization.toml.

use crate::error::UiError;
use domain::ApiErrorBody;
use domain::rubric::assessment::{AssessmentDetail, CycleWork};
use domain::rubric::cycle::{CycleReport, CycleSummary};
use domain::rubric::dto::{FrameworkSummary, VersionDetail};
use domain::rubric::matrix::SkillsMatrix;
use domain::rubric::profile::{PersonCompetencies, RoleProfileRef};
use domain::rubric::role_profile::{RoleProfileDetail, RoleProfileSummary};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

#[cfg(feature = "ssr")]
fn problem(field: &str, message: &str) -> ApiErrorBody {
    let mut e = domain::validate::FieldErrors::new();
    e.add(field, message);
    service::ServiceError::validation(e).body()
}

/// Role profiles and the frameworks one may be made against (for HR's form).
#[server(prefix = "/sfn")]
pub async fn list_role_profiles() -> Result<(Vec<RoleProfileSummary>, Vec<FrameworkSummary>), UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let profiles = service::rubric::role_profiles::list(&services, &actor).await?;
    let frameworks = service::rubric::frameworks::list(&services, &actor).await?;
    Ok((profiles, frameworks.into_iter().filter(|f| f.published_number.is_some()).collect()))
}

#[server(prefix = "/sfn")]
pub async fn get_role_profile(id: Uuid) -> Result<RoleProfileDetail, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::rubric::role_profiles::get(&services, &actor, id).await?)
}

/// A new role profile (HR); on success, its page to set the levels.
#[server(prefix = "/sfn")]
pub async fn create_role_profile(
    name: String,
    description: String,
    framework_id: String,
) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let Ok(framework_id) = framework_id.parse::<Uuid>() else {
        return Ok(Some(problem("framework_id", "Choose a framework")));
    };
    let new = domain::rubric::role_profile::NewRoleProfile {
        name,
        description: Some(description),
        framework_id,
        expectations: BTreeMap::new(),
    };
    let result = service::rubric::role_profiles::create(&services, &actor, &new).await;
    crate::components::form_flash::form_answer(result, |p| {
        leptos_actix::redirect(&format!("/role-profiles/{}", p.summary.id))
    })
}

/// Saves a role profile's name, description and levels (`levels[slug]`, "" for none).
#[server(prefix = "/sfn")]
pub async fn save_role_profile(
    id: Uuid,
    version: i32,
    name: String,
    description: String,
    #[server(default)] levels: BTreeMap<String, String>,
) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let mut expectations = BTreeMap::new();
    for (slug, level) in levels {
        match domain::rubric::level::Level::from_form(&level) {
            Ok(Some(l)) => {
                expectations.insert(slug, l);
            }
            Ok(None) => {}
            Err(p) => return Ok(Some(problem(&format!("expectations.{slug}"), p))),
        }
    }
    let change = domain::rubric::role_profile::UpdateRoleProfile {
        version,
        name,
        description: Some(description),
        expectations,
        upgrade: false,
    };
    let result = service::rubric::role_profiles::update(&services, &actor, id, &change).await;
    crate::components::form_flash::form_answer(result, |_| {
        leptos_actix::redirect(&format!("/role-profiles/{id}?saved=1"))
    })
}

/// Gives a person a role profile or clears it ("" for none) (HR).
#[server(prefix = "/sfn")]
pub async fn set_role_profile(person: Uuid, role_profile_id: String) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let profile = match role_profile_id.trim() {
        "" => None,
        s => match s.parse::<Uuid>() {
            Ok(id) => Some(id),
            Err(_) => return Ok(Some(problem("role_profile_id", "Choose a role profile"))),
        },
    };
    let assign = domain::rubric::role_profile::AssignRoleProfile { role_profile_id: profile };
    let result = service::rubric::role_profiles::assign(&services, &actor, person, &assign).await;
    crate::components::form_flash::form_answer(result, |_| {
        leptos_actix::redirect(&format!("/people/{person}/competencies"))
    })
}

/// Cycles and the frameworks a new one may use.
#[server(prefix = "/sfn")]
pub async fn list_cycles() -> Result<(Vec<CycleSummary>, Vec<FrameworkSummary>), UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let cycles = service::rubric::cycles::list(&services, &actor).await?;
    let frameworks = service::rubric::frameworks::list(&services, &actor).await?;
    Ok((cycles, frameworks.into_iter().filter(|f| f.published_number.is_some()).collect()))
}

#[server(prefix = "/sfn")]
pub async fn get_cycle_report(id: Uuid) -> Result<CycleReport, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::rubric::cycles::report(&services, &actor, id).await?)
}

#[cfg(feature = "ssr")]
fn parse_date(raw: &str) -> Result<chrono::NaiveDate, String> {
    domain::validate::typed_date(raw)?.ok_or_else(|| "Enter a date".into())
}

/// Opens a cycle (HR).
#[server(prefix = "/sfn")]
pub async fn open_cycle(
    name: String,
    starts_on: String,
    ends_on: String,
    framework_id: String,
) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    // What the form's fields cannot carry, all at once (the service checks the rest, and
    // the name again): one round trip shows every problem.
    let mut problems = domain::validate::FieldErrors::new();
    let starts_on = problems.check("starts_on", parse_date(&starts_on));
    let ends_on = problems.check("ends_on", parse_date(&ends_on));
    let framework_id =
        problems.check("framework_id", framework_id.parse::<Uuid>().map_err(|_| "Choose a framework".into()));
    let (Some(starts_on), Some(ends_on), Some(framework_id)) = (starts_on, ends_on, framework_id) else {
        let _ = problems.check("name", domain::validate::text(&name, "a name", 120));
        return Ok(Some(service::ServiceError::validation(problems).body()));
    };
    let new = domain::rubric::cycle::NewCycle { name, starts_on, ends_on, framework_id };
    let result = service::rubric::cycles::create(&services, &actor, &new).await;
    crate::components::form_flash::form_answer(result, |_| leptos_actix::redirect("/cycles"))
}

/// Closes or reopens a cycle (HR).
#[server(prefix = "/sfn")]
pub async fn set_cycle_status(id: Uuid, version: i32, status: String) -> Result<Option<ApiErrorBody>, UiError> {
    use domain::rubric::cycle::CycleStatus;
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let Some(status) = CycleStatus::parse(&status) else { return Ok(Some(problem("status", "Choose open or closed"))) };
    let current = service::rubric::cycles::get(&services, &actor, id).await?;
    let change = domain::rubric::cycle::UpdateCycle {
        version,
        name: current.name,
        starts_on: current.starts_on,
        ends_on: current.ends_on,
        status,
    };
    let result = service::rubric::cycles::update(&services, &actor, id, &change).await;
    crate::components::form_flash::form_answer(result, |_| leptos_actix::redirect("/cycles"))
}

#[server(prefix = "/sfn")]
pub async fn my_assessments() -> Result<Vec<CycleWork>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::rubric::assessments::overview(&services, &actor).await?)
}

/// Starts (or continues) an assessment and opens it.
#[server(prefix = "/sfn")]
pub async fn begin_assessment(cycle_id: Uuid, person_id: Uuid, kind: String) -> Result<Option<ApiErrorBody>, UiError> {
    use domain::rubric::assessment::AssessmentKind;
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let Some(kind) = AssessmentKind::parse(&kind) else { return Ok(Some(problem("kind", "Choose self or manager"))) };
    let new = domain::rubric::assessment::NewAssessment { cycle_id, person_id, kind };
    let result = service::rubric::assessments::start(&services, &actor, &new).await;
    crate::components::form_flash::form_answer(result, |(a, _)| {
        leptos_actix::redirect(&format!("/assessments/{}", a.summary.id))
    })
}

/// An assessment with the framework version it rates against (for the anchors) and, for
/// the author of a manager assessment still in draft, what to show beside each competency.
#[server(prefix = "/sfn")]
pub async fn get_assessment(
    id: Uuid,
) -> Result<(AssessmentDetail, VersionDetail, domain::rubric::assessment::Beside), UiError> {
    use domain::rubric::assessment::{AssessmentKind, AssessmentStatus, Beside};
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let a = service::rubric::assessments::get(&services, &actor, id).await?;
    let v = service::rubric::frameworks::version(&services, &actor, a.framework.framework_id, Some(a.framework.number))
        .await?;
    let s = &a.summary;
    let beside =
        if s.kind == AssessmentKind::Manager && s.status == AssessmentStatus::Draft && s.author.id == actor.person_id {
            service::rubric::assessments::beside(&services, &actor, id).await?
        } else {
            Beside::default()
        };
    Ok((a, v, beside))
}

/// What an autosave answers: the draft's new version, or the problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub version: Option<i32>,
    pub problem: Option<ApiErrorBody>,
}

/// Saves one rating of a draft as it is written (`level` "" removes it).
#[server(prefix = "/sfn")]
pub async fn save_rating(
    id: Uuid,
    version: i32,
    competency: String,
    level: String,
    evidence: String,
    links: String,
) -> Result<Saved, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let level = match domain::rubric::level::Level::from_form(&level) {
        Ok(l) => l,
        Err(p) => return Ok(Saved { version: None, problem: Some(problem("ratings[0].level", p)) }),
    };
    let evidence_links = links.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    let save = domain::rubric::assessment::SaveRatings {
        version,
        ratings: vec![domain::rubric::assessment::RatingInput { competency, level, evidence, evidence_links }],
    };
    match service::rubric::assessments::save(&services, &actor, id, &save).await {
        Ok(a) => Ok(Saved { version: Some(a.summary.version), problem: None }),
        Err(e) if e.code.http_status() < 500 => Ok(Saved { version: None, problem: Some(e.body()) }),
        Err(e) => Err(e.into()),
    }
}

/// One competency's fields in the draft form posted without JavaScript
/// (`ratings[<slug>][level]`, `…[evidence]`, `…[links]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RatingFields {
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub links: String,
}

/// Saves the whole draft form at once: what the editor posts without JavaScript (with it,
/// each change is saved as it is made). All or nothing, like the API. `intent=submit`
/// then opens the confirmation on the assessment's page.
#[server(prefix = "/sfn")]
pub async fn save_assessment_form(
    id: Uuid,
    version: i32,
    intent: Option<String>,
    ratings: Option<std::collections::BTreeMap<String, RatingFields>>,
) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let ratings = ratings.unwrap_or_default();
    let mut problems = domain::validate::FieldErrors::new();
    let mut inputs = Vec::new();
    let mut slugs = Vec::new();
    for (slug, f) in &ratings {
        match domain::rubric::level::Level::from_form(&f.level) {
            Ok(None) if !f.evidence.trim().is_empty() => problems
                .add(&format!("ratings.{slug}.evidence"), "Choose a level for this evidence, or clear the evidence"),
            Ok(level) => {
                let evidence_links =
                    f.links.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
                slugs.push(slug.clone());
                inputs.push(domain::rubric::assessment::RatingInput {
                    competency: slug.clone(),
                    level,
                    evidence: f.evidence.clone(),
                    evidence_links,
                });
            }
            Err(p) => problems.add(&format!("ratings.{slug}.level"), p),
        }
    }
    if !problems.is_empty() {
        return crate::components::form_flash::form_answer::<()>(
            Err(service::ServiceError::validation(problems)),
            |_| {},
        );
    }
    let save = domain::rubric::assessment::SaveRatings { version, ratings: inputs };
    // The service names problems by position (`ratings[3].evidence`); the form's fields
    // are named by competency.
    let result = service::rubric::assessments::save(&services, &actor, id, &save).await.map_err(|mut e| {
        e.fields =
            e.fields.into_iter().map(|(field, message)| (by_slug(&field, &slugs).unwrap_or(field), message)).collect();
        e
    });
    let submit = intent.as_deref() == Some("submit");
    crate::components::form_flash::form_answer(result, |_| {
        leptos_actix::redirect(&format!(
            "/assessments/{id}{}",
            if submit { "?confirm=submit#submit-title" } else { "?saved=1" }
        ))
    })
}

/// `ratings[3].evidence` → `ratings.<slug of the fourth>.evidence`.
#[cfg(feature = "ssr")]
fn by_slug(field: &str, slugs: &[String]) -> Option<String> {
    let rest = field.strip_prefix("ratings[")?;
    let (index, part) = rest.split_once("].")?;
    let slug = slugs.get(index.parse::<usize>().ok()?)?;
    Some(format!("ratings.{slug}.{part}"))
}

/// Submits a draft; on success, the read-only assessment.
#[server(prefix = "/sfn")]
pub async fn submit_assessment_now(id: Uuid, version: i32) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let submit = domain::rubric::assessment::SubmitAssessment { version };
    let result = service::rubric::assessments::submit(&services, &actor, id, &submit).await;
    crate::components::form_flash::form_answer(result, |_| {
        leptos_actix::redirect(&format!("/assessments/{id}?submitted=1"))
    })
}

/// Starts an amendment; on success, its draft.
#[server(prefix = "/sfn")]
pub async fn amend_assessment_because(id: Uuid, reason: String) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let amend = domain::rubric::assessment::AmendAssessment { reason };
    let result = service::rubric::assessments::amend(&services, &actor, id, &amend).await;
    crate::components::form_flash::form_answer(result, |a| {
        leptos_actix::redirect(&format!("/assessments/{}", a.summary.id))
    })
}

/// A person's profile, a radar chart per area (SVG drawn on the server) and, for HR, the
/// role profiles to choose from.
#[server(prefix = "/sfn")]
pub async fn get_competencies(
    person: Uuid,
) -> Result<(PersonCompetencies, Vec<(String, String)>, Vec<RoleProfileRef>), UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let profile = service::rubric::standing::person(&services, &actor, person, None).await?;
    let order = service::rubric::standing::framework_order(&services, &profile).await?;
    let svg = service::rubric::standing::area_radars(&profile, &order);
    let profiles = service::rubric::role_profiles::assignable(&services, &actor).await?;
    Ok((profile, svg, profiles))
}

#[server(prefix = "/sfn")]
pub async fn get_skills_matrix(team: Uuid, area: Option<String>) -> Result<SkillsMatrix, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::rubric::standing::team(&services, &actor, team, None, area.as_deref()).await?)
}
