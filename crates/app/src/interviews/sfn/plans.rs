//! Interview plans and their draft editor (stages, items, competencies, guide notes), publishing.

// Form server functions take one argument per form field (what a plain HTML form posts).
#![allow(clippy::too_many_arguments)]

use crate::error::UiError;
use domain::ApiErrorBody;
use domain::interviews::dto::{PlanSummary, PlanVersion};
use domain::interviews::exercise::Exercise;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The plans, and the role profiles a new one may hire for.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlansView {
    pub plans: Vec<PlanSummary>,
    pub role_profiles: Vec<(Uuid, String)>,
    pub hiring_staff: bool,
}

#[server(prefix = "/sfn")]
pub async fn list_plans() -> Result<PlansView, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let plans = service::interviews::plans::list(&services, &actor).await?;
    let role_profiles = service::rubric::role_profiles::list(&services, &actor)
        .await?
        .into_iter()
        .map(|p| (p.id, format!("{} ({} version {})", p.name, p.framework.framework_name, p.framework.number)))
        .collect();
    Ok(PlansView { plans, role_profiles, hiring_staff: service::policy::is_hiring_staff(&actor) })
}

/// A new plan with an empty draft; on success, its editor.
#[server(prefix = "/sfn")]
pub async fn create_plan(name: String, role_profile_id: String) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    crate::components::form_flash::keep(&[("name", &name)]);
    let Ok(role_profile_id) = role_profile_id.trim().parse::<Uuid>() else {
        let mut p = domain::validate::FieldErrors::new();
        p.add("role_profile_id", "Choose the role this plan hires for");
        return crate::components::form_flash::form_answer::<()>(Err(service::ServiceError::validation(p)), |_| {});
    };
    let input = domain::interviews::dto::NewPlan { name, role_profile_id, document: Default::default() };
    let result = service::interviews::plans::create(&services, &actor, &input).await;
    crate::components::form_flash::form_answer(result, |v| {
        leptos_actix::redirect(&format!("/interviews/plans/{}", v.plan_id))
    })
}

/// A plan: its newest published version, its draft (for hiring staff), and what the
/// draft editor offers (the framework version's competencies, the exercise library).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanView {
    pub plan: PlanSummary,
    pub published: Option<PlanVersion>,
    pub draft: Option<PlanVersion>,
    /// (slug, name, area)
    pub competencies: Vec<(String, String, String)>,
    pub exercises: Vec<Exercise>,
    pub hiring_staff: bool,
}

#[server(prefix = "/sfn")]
pub async fn get_plan(id: Uuid) -> Result<PlanView, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let plan = service::interviews::plans::get(&services, &actor, id).await?;
    let hiring_staff = service::policy::is_hiring_staff(&actor);
    let published = match plan.published_version_id {
        Some(v) => Some(service::interviews::plans::version(&services, &actor, v).await?),
        None => None,
    };
    let draft = match plan.draft_version_id.filter(|_| hiring_staff) {
        Some(v) => Some(service::interviews::plans::version(&services, &actor, v).await?),
        None => None,
    };
    let competencies = match draft.as_ref().or(published.as_ref()) {
        Some(v) => service::interviews::plans::competencies(&services, &actor, v.id).await?,
        None => Vec::new(),
    };
    let exercises = service::interviews::exercises::list(&services, &actor).await?;
    Ok(PlanView { plan, published, draft, competencies, exercises, hiring_staff })
}

/// One change to a plan's draft, made by a plain form: the draft is read at `version`,
/// changed and saved whole (409 when someone saved in between).
#[cfg(feature = "ssr")]
async fn change_draft(
    plan_id: Uuid,
    version: i32,
    change: impl FnOnce(&mut domain::interviews::plan::PlanDoc) -> Result<(), (String, String)>,
) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    service::policy::require_hiring_staff(&actor, "edit interview plans")?;
    let result = async {
        let plan = service::interviews::plans::get(&services, &actor, plan_id).await?;
        let draft_id = plan
            .draft_version_id
            .ok_or_else(|| service::ServiceError::conflict("This plan has no draft: start one first"))?;
        let draft = service::interviews::plans::version(&services, &actor, draft_id).await?;
        let mut document = draft.document;
        if let Err((field, message)) = change(&mut document) {
            let mut p = domain::validate::FieldErrors::new();
            p.add(&field, message);
            return Err(service::ServiceError::validation(p));
        }
        let save = domain::interviews::dto::PlanDraftSave { document, version };
        service::interviews::plans::save_draft(&services, &actor, plan_id, &save).await
    }
    .await;
    crate::components::form_flash::form_answer(result, |_| {
        leptos_actix::redirect(&format!("/interviews/plans/{plan_id}#draft-title"))
    })
}

/// Adds a stage at the end of the draft.
#[server(prefix = "/sfn")]
pub async fn add_plan_stage(
    plan_id: Uuid,
    version: i32,
    name: String,
    kind: String,
    minutes: String,
    blind: Option<String>,
) -> Result<Option<ApiErrorBody>, UiError> {
    use domain::interviews::plan::{StageDoc, StageKind};
    crate::components::form_flash::keep(&[("name", &name), ("minutes", &minutes)]);
    change_draft(plan_id, version, move |doc| {
        let kind = StageKind::parse(kind.trim()).ok_or(("kind".to_string(), "Choose a kind of stage".to_string()))?;
        let minutes = minutes
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|m| (5..=480).contains(m))
            .ok_or(("minutes".to_string(), "Minutes: a whole number from 5 to 480".to_string()))?;
        if name.trim().is_empty() {
            return Err(("name".into(), "Name the stage".into()));
        }
        doc.stages.push(StageDoc {
            name,
            kind,
            blind: blind.is_some() && kind == StageKind::WorkSample,
            minutes,
            items: Vec::new(),
            competencies: Vec::new(),
        });
        Ok(())
    })
    .await
}

/// Removes a stage, or moves it one place up.
#[server(prefix = "/sfn")]
pub async fn change_plan_stage(
    plan_id: Uuid,
    version: i32,
    stage: usize,
    action: String,
) -> Result<Option<ApiErrorBody>, UiError> {
    change_draft(plan_id, version, move |doc| {
        if stage >= doc.stages.len() {
            return Err(("stage".into(), "No such stage".into()));
        }
        match action.as_str() {
            "remove" => {
                doc.stages.remove(stage);
            }
            "up" if stage > 0 => doc.stages.swap(stage, stage - 1),
            "up" => {}
            _ => return Err(("action".into(), "Remove or move up".into())),
        }
        Ok(())
    })
    .await
}

/// Adds an exercise of the library, or a question, to a stage.
#[server(prefix = "/sfn")]
pub async fn add_plan_item(
    plan_id: Uuid,
    version: i32,
    stage: usize,
    exercise_id: Option<String>,
    text: Option<String>,
) -> Result<Option<ApiErrorBody>, UiError> {
    use domain::interviews::plan::ItemDoc;
    change_draft(plan_id, version, move |doc| {
        let s = doc.stages.get_mut(stage).ok_or(("stage".to_string(), "No such stage".to_string()))?;
        let exercise_id = exercise_id.as_deref().map(str::trim).filter(|e| !e.is_empty());
        let text = text.unwrap_or_default();
        match exercise_id {
            Some(id) => {
                let id = id.parse().map_err(|_| ("exercise_id".to_string(), "Choose an exercise".to_string()))?;
                s.items.push(ItemDoc { exercise_id: Some(id), text });
            }
            None if text.trim().is_empty() => {
                return Err(("text".into(), "Write the question, or choose an exercise".into()));
            }
            None => s.items.push(ItemDoc { exercise_id: None, text }),
        }
        Ok(())
    })
    .await
}

/// Removes an item of a stage.
#[server(prefix = "/sfn")]
pub async fn remove_plan_item(
    plan_id: Uuid,
    version: i32,
    stage: usize,
    item: usize,
) -> Result<Option<ApiErrorBody>, UiError> {
    change_draft(plan_id, version, move |doc| {
        let s = doc.stages.get_mut(stage).ok_or(("stage".to_string(), "No such stage".to_string()))?;
        if item >= s.items.len() {
            return Err(("item".into(), "No such item".into()));
        }
        s.items.remove(item);
        Ok(())
    })
    .await
}

/// Sets the competencies a stage rates (`competencies[<slug>]=on`, one per ticked box),
/// keeping the notes of those it already rated.
#[server(prefix = "/sfn")]
pub async fn set_stage_competencies(
    plan_id: Uuid,
    version: i32,
    stage: usize,
    competencies: Option<BTreeMap<String, String>>,
) -> Result<Option<ApiErrorBody>, UiError> {
    use domain::interviews::plan::StageCompetency;
    let ticked: Vec<String> = competencies.unwrap_or_default().into_keys().collect();
    let order = {
        let actor = crate::session::actor().await?;
        let services = crate::session::services().await?;
        service::policy::require_hiring_staff(&actor, "edit interview plans")?;
        let plan = service::interviews::plans::get(&services, &actor, plan_id).await?;
        match plan.draft_version_id {
            Some(v) => service::interviews::plans::competencies(&services, &actor, v).await?,
            None => Vec::new(),
        }
    };
    change_draft(plan_id, version, move |doc| {
        let s = doc.stages.get_mut(stage).ok_or(("stage".to_string(), "No such stage".to_string()))?;
        let old = std::mem::take(&mut s.competencies);
        // framework order, whatever order the form posted them in
        for (slug, _, _) in order.iter().filter(|(slug, _, _)| ticked.contains(slug)) {
            let notes = old.iter().find(|c| &c.competency == slug).map(|c| c.notes.clone()).unwrap_or_default();
            s.competencies.push(StageCompetency { competency: slug.clone(), notes });
        }
        if ticked.iter().any(|t| !order.iter().any(|(slug, _, _)| slug == t)) {
            return Err(("competencies".into(), "A ticked competency is not in this plan's framework".into()));
        }
        Ok(())
    })
    .await
}

/// Sets the rating-guide notes of the competencies a stage rates (`notes[<slug>]=text`).
#[server(prefix = "/sfn")]
pub async fn set_stage_notes(
    plan_id: Uuid,
    version: i32,
    stage: usize,
    notes: Option<BTreeMap<String, String>>,
) -> Result<Option<ApiErrorBody>, UiError> {
    let notes = notes.unwrap_or_default();
    change_draft(plan_id, version, move |doc| {
        let s = doc.stages.get_mut(stage).ok_or(("stage".to_string(), "No such stage".to_string()))?;
        if let Some(slug) = notes.keys().find(|slug| !s.competencies.iter().any(|c| &&c.competency == slug)) {
            return Err(("notes".into(), format!("This stage does not rate \"{slug}\"")));
        }
        for c in &mut s.competencies {
            if let Some(text) = notes.get(&c.competency) {
                c.notes = text.trim().to_string();
            }
        }
        Ok(())
    })
    .await
}

/// Publishes the draft: loops scheduled from now on run this version.
#[server(prefix = "/sfn")]
pub async fn publish_plan(plan_id: Uuid, version: i32, change_note: String) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    crate::components::form_flash::keep(&[("change_note", &change_note)]);
    let input = domain::interviews::dto::PublishPlan { change_note, version };
    let result = service::interviews::plans::publish(&services, &actor, plan_id, &input).await;
    crate::components::form_flash::form_answer(result, |_| {
        leptos_actix::redirect(&format!("/interviews/plans/{plan_id}?published=1"))
    })
}

/// Starts a new draft from the newest published version.
#[server(prefix = "/sfn")]
pub async fn start_plan_draft(plan_id: Uuid) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let result = service::interviews::plans::new_draft(&services, &actor, plan_id).await;
    crate::components::form_flash::form_answer(result, |_| {
        leptos_actix::redirect(&format!("/interviews/plans/{plan_id}#draft-title"))
    })
}
