//! The exercise library.

// Form server functions take one argument per form field (what a plain HTML form posts).
#![allow(clippy::too_many_arguments)]

use crate::error::UiError;
use domain::ApiErrorBody;
use domain::interviews::exercise::Exercise;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The exercise library, and for those who keep it (hiring staff) the competencies an
/// exercise can name.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LibraryView {
    pub exercises: Vec<Exercise>,
    /// (slug, name), of the organization's published frameworks
    pub competencies: Vec<(String, String)>,
    pub hiring_staff: bool,
}

#[server(prefix = "/sfn")]
pub async fn list_exercises() -> Result<LibraryView, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let exercises = service::interviews::exercises::list(&services, &actor).await?;
    let hiring_staff = service::policy::is_hiring_staff(&actor);
    let competencies = if hiring_staff {
        service::interviews::exercises::competency_choices(&services, &actor).await?
    } else {
        Vec::new()
    };
    Ok(LibraryView { exercises, competencies, hiring_staff })
}

/// Adds an exercise to the library (no `id`) or edits one (`id`, `version`), from the
/// library page's form: what good looks like as `good[<level>]=text` (empty levels are
/// left out), the competencies as `competencies[<slug>]=on`, one per ticked box.
#[server(prefix = "/sfn")]
pub async fn save_exercise_form(
    id: Option<Uuid>,
    version: Option<i32>,
    title: String,
    kind: String,
    minutes: String,
    brief: String,
    materials: String,
    good: Option<BTreeMap<String, String>>,
    competencies: Option<BTreeMap<String, String>>,
) -> Result<Option<ApiErrorBody>, UiError> {
    use domain::interviews::exercise::{ExerciseInput, ExerciseKind, LevelGuide};
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    // who may, before what the form says
    service::policy::require_hiring_staff(&actor, "edit the exercise library")?;
    let good = good.unwrap_or_default();
    let mut kept: Vec<(String, String)> = vec![
        ("title".into(), title.clone()),
        ("kind".into(), kind.clone()),
        ("minutes".into(), minutes.clone()),
        ("brief".into(), brief.clone()),
        ("materials".into(), materials.clone()),
    ];
    kept.extend(good.iter().map(|(level, text)| (format!("good.{level}"), text.clone())));
    let ticked: Vec<String> = competencies.unwrap_or_default().into_keys().collect();
    kept.push(("competencies".into(), ticked.join(",")));
    let refs: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    crate::components::form_flash::keep(&refs);
    let mut problems = domain::validate::FieldErrors::new();
    let kind = ExerciseKind::parse(&kind).unwrap_or_else(|| {
        problems.add("kind", "Choose a question, a work sample or a role-play");
        ExerciseKind::Question
    });
    let minutes = minutes.trim().parse::<i32>().unwrap_or_else(|_| {
        problems.add("minutes", "The time box in whole minutes, 5 to 480");
        0
    });
    let mut good_looks_like = Vec::new();
    for (level, text) in good.into_iter().filter(|(_, text)| !text.trim().is_empty()) {
        match level.parse::<i32>() {
            Ok(level) => good_looks_like.push(LevelGuide { level, text }),
            Err(_) => problems.add("good", "A level is a number from 1 to 7"),
        }
    }
    good_looks_like.sort_by_key(|g| g.level);
    let input = ExerciseInput { title, kind, brief, materials, minutes, good_looks_like, competencies: ticked };
    let result = if !problems.is_empty() {
        // what the form got wrong, with what the use case would say of the rest
        for (field, says) in domain::interviews::exercise::check(&input).0 {
            if field != "minutes" {
                problems.add(&field, says);
            }
        }
        Err(service::ServiceError::validation(problems))
    } else {
        match id {
            Some(id) => {
                service::interviews::exercises::update(&services, &actor, id, &input, version.unwrap_or_default()).await
            }
            None => service::interviews::exercises::create(&services, &actor, &input).await,
        }
    };
    crate::components::form_flash::form_answer(result, |e: Exercise| {
        leptos_actix::redirect(&format!("/interviews/exercises#x-{}", e.id))
    })
}
