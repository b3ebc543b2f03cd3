//! Server functions of the rubric pages: frameworks, versions, drafts, import. Each calls
//! the same use case as the JSON API; all are listed in authorization.toml.

#![allow(clippy::too_many_arguments)]

use crate::error::UiError;
use domain::ApiErrorBody;
use domain::rubric::dto::{FrameworkDetail, FrameworkDiff, FrameworkSummary, ImportPreview, VersionDetail};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[cfg(feature = "ssr")]
use domain::rubric::edit::DraftEdit;

#[server(prefix = "/sfn")]
pub async fn list_frameworks() -> Result<Vec<FrameworkSummary>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::rubric::frameworks::list(&services, &actor).await?)
}

#[server(prefix = "/sfn")]
pub async fn get_framework(id: Uuid) -> Result<FrameworkDetail, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::rubric::frameworks::get(&services, &actor, id).await?)
}

/// A version's content; `number` none: the newest published (before the first publish,
/// the draft, for HR).
#[server(prefix = "/sfn")]
pub async fn get_framework_version(id: Uuid, number: Option<i32>) -> Result<VersionDetail, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::rubric::frameworks::version(&services, &actor, id, number).await?)
}

#[server(prefix = "/sfn")]
pub async fn get_framework_draft(id: Uuid) -> Result<VersionDetail, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::rubric::frameworks::draft(&services, &actor, id).await?)
}

#[server(prefix = "/sfn")]
pub async fn compare_framework_versions(id: Uuid, from: i32, to: i32) -> Result<FrameworkDiff, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::rubric::frameworks::diff(&services, &actor, id, from, to).await?)
}

/// A new framework (HR); on success, its draft editor.
#[server(prefix = "/sfn")]
pub async fn create_framework(
    name: String,
    description: String,
    level_count: String,
) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let level_count = match level_count.trim().parse::<i32>() {
        Ok(n) => Some(n),
        Err(_) => {
            return Ok(Some(
                service::ServiceError::validation({
                    let mut e = domain::validate::FieldErrors::new();
                    e.add("level_count", "Choose how many levels the framework has");
                    e
                })
                .body(),
            ));
        }
    };
    let new = domain::rubric::dto::NewFramework { name, description: Some(description), level_count };
    let result = service::rubric::frameworks::create(&services, &actor, &new).await;
    crate::components::form_flash::form_answer(result, |f| {
        leptos_actix::redirect(&format!("/frameworks/{}/draft", f.summary.id))
    })
}

/// Starts (or opens) the draft of a framework (HR).
#[server(prefix = "/sfn")]
pub async fn start_framework_draft(id: Uuid) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let result = service::rubric::frameworks::start_draft(&services, &actor, id).await;
    crate::components::form_flash::form_answer(result, |_| leptos_actix::redirect(&format!("/frameworks/{id}/draft")))
}

/// One level's fields in the competency form.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LevelForm {
    pub level: i32,
    pub summary: String,
    /// One signal per line.
    #[serde(default)]
    pub signals: String,
    /// One example per line.
    #[serde(default)]
    pub examples: String,
}

/// Every change the draft editor makes, as one form function: `change` names it, the
/// other fields carry what it needs.
#[server(prefix = "/sfn")]
pub async fn edit_framework_draft(
    id: Uuid,
    version: i32,
    change: String,
    #[server(default)] slug: String,
    #[server(default)] name: String,
    #[server(default)] description: String,
    #[server(default)] area: String,
    #[server(default)] level_names: String,
    #[server(default)] levels: Vec<LevelForm>,
) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let lines = |s: &str| s.lines().map(str::to_string).collect::<Vec<_>>();
    let edit = match change.as_str() {
        "framework" => DraftEdit::Framework { name, description, level_names: lines(&level_names) },
        "add_area" => DraftEdit::AddArea { name },
        "area" => DraftEdit::Area { slug, name, description },
        "remove_area" => DraftEdit::RemoveArea { slug },
        "area_up" | "area_down" => DraftEdit::MoveArea { slug, up: change == "area_up" },
        "add_competency" => DraftEdit::AddCompetency { area, name },
        "competency" => DraftEdit::Competency {
            slug,
            name,
            description,
            area,
            levels: levels
                .into_iter()
                .map(|l| domain::rubric::LevelDoc {
                    level: l.level,
                    summary: l.summary,
                    signals: lines(&l.signals),
                    examples: lines(&l.examples),
                })
                .collect(),
        },
        "remove_competency" => DraftEdit::RemoveCompetency { slug },
        "up" | "down" => DraftEdit::MoveCompetency { slug, up: change == "up" },
        other => {
            return Ok(Some(
                service::ServiceError::new(domain::ErrorCode::BadRequest, format!("Unknown change \"{other}\""))
                    .with_field("change", "Unknown change")
                    .body(),
            ));
        }
    };
    let result = service::rubric::frameworks::edit_draft(&services, &actor, id, version, &edit).await;
    // The editor reloads the draft after each change by itself; a new competency and a
    // saved one move on to the next page.
    crate::components::form_flash::form_answer(result, |(_, touched)| match (change.as_str(), touched) {
        ("add_competency", Some(slug)) => leptos_actix::redirect(&format!("/frameworks/{id}/draft/{slug}")),
        ("competency", Some(slug)) => leptos_actix::redirect(&format!("/frameworks/{id}/draft#{slug}")),
        _ => {}
    })
}

/// Publishes the draft (HR); on success, the framework's page.
#[server(prefix = "/sfn")]
pub async fn publish_framework_draft(
    id: Uuid,
    version: i32,
    change_note: String,
) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let req_body = domain::rubric::dto::PublishDraft { change_note, version };
    let result = service::rubric::frameworks::publish(&services, &actor, id, &req_body).await;
    crate::components::form_flash::form_answer(result, |_| leptos_actix::redirect(&format!("/frameworks/{id}")))
}

/// Throws the draft away (HR).
#[server(prefix = "/sfn")]
pub async fn discard_framework_draft(id: Uuid, version: i32) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let result = service::rubric::frameworks::discard_draft(&services, &actor, id, version).await;
    crate::components::form_flash::form_answer(result, |_| leptos_actix::redirect(&format!("/frameworks/{id}")))
}

/// The answer of the import form: the preview, or the problem with the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameworkImportAnswer {
    pub preview: Option<ImportPreview>,
    pub problem: Option<ApiErrorBody>,
}

/// Checks (`mode=check`) or imports (`mode=import`) a framework file (HR).
#[server(prefix = "/sfn")]
pub async fn import_framework(
    text: String,
    format: String,
    mode: String,
    name: Option<String>,
    shared: Option<String>,
) -> Result<FrameworkImportAnswer, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let opts = service::rubric::frameworks::ImportOptions {
        format: domain::rubric::formats::Format::parse(&format),
        content_type: None,
        dry_run: mode != "import",
        framework_id: None,
        name,
        shared,
    };
    match service::rubric::frameworks::import(&services, &actor, &text, &opts).await {
        Ok(preview) => Ok(FrameworkImportAnswer { preview: Some(preview), problem: None }),
        Err(e) if e.code.http_status() < 500 && e.code != domain::ErrorCode::Forbidden => {
            Ok(FrameworkImportAnswer { preview: None, problem: Some(e.body()) })
        }
        Err(e) => Err(e.into()),
    }
}
