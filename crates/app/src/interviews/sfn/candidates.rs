//! Candidates: the list, adding, amending and erasing one.

// Form server functions take one argument per form field (what a plain HTML form posts).
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
use super::LIST_CAP;
use crate::error::UiError;
use domain::ApiErrorBody;
use domain::interviews::dto::{Candidate, CandidatePage, LoopSummary};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[server(prefix = "/sfn")]
pub async fn list_candidates(q: Option<String>, page: Option<i64>) -> Result<CandidatePage, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::interviews::candidates::list(&services, &actor, q.as_deref(), page, Some(50)).await?)
}

/// A new candidate; on success, scheduling a loop for them.
#[server(prefix = "/sfn")]
pub async fn add_candidate(
    name: String,
    email: String,
    source: String,
    notes: String,
    consent: Option<String>,
) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    crate::components::form_flash::keep(&[("name", &name), ("email", &email), ("source", &source), ("notes", &notes)]);
    let input = domain::interviews::dto::CandidateInput {
        name,
        email,
        source,
        notes,
        consent: consent.is_some(),
        retain_until: None,
    };
    let result = service::interviews::candidates::create(&services, &actor, &input).await;
    crate::components::form_flash::form_answer(result, |c: Candidate| {
        leptos_actix::redirect(&format!("/interviews/loops/new?candidate={}", c.id))
    })
}

/// A candidate with the loops of theirs the reader may see, and whether the reader keeps
/// candidates' data (HR: export and erase).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CandidateView {
    pub candidate: Candidate,
    /// The newest loops of theirs the reader may see (at most a page's worth) …
    pub loops: Vec<LoopSummary>,
    /// … of this many.
    pub loops_total: i64,
    pub steward: bool,
}

#[server(prefix = "/sfn")]
pub async fn get_candidate(id: Uuid) -> Result<CandidateView, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let candidate = service::interviews::candidates::get(&services, &actor, id).await?;
    let loops = service::interviews::loops::list(&services, &actor, Some(id), None, Some(LIST_CAP)).await?;
    let steward = service::policy::require_candidate_steward(&actor, "keep candidates' data").is_ok();
    Ok(CandidateView { candidate, loops: loops.items, loops_total: loops.total, steward })
}

/// Edits a candidate (hiring staff); `retain_until` is a date (YYYY-MM-DD) or empty to
/// keep the one set.
#[server(prefix = "/sfn")]
pub async fn update_candidate_form(
    id: Uuid,
    version: i32,
    name: String,
    email: String,
    source: String,
    notes: String,
    consent: Option<String>,
    retain_until: String,
) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    service::policy::require_hiring_staff(&actor, "edit candidates")?;
    crate::components::form_flash::keep(&[
        ("name", &name),
        ("email", &email),
        ("source", &source),
        ("notes", &notes),
        ("retain_until", &retain_until),
    ]);
    let result = match parse_date(&retain_until, "retain_until") {
        Ok(retain_until) => {
            let input = domain::interviews::dto::CandidateInput {
                name,
                email,
                source,
                notes,
                consent: consent.is_some(),
                retain_until,
            };
            service::interviews::candidates::update(&services, &actor, id, &input, version).await
        }
        Err(e) => Err(e),
    };
    crate::components::form_flash::form_answer(result, |c: Candidate| {
        leptos_actix::redirect(&format!("/interviews/candidates/{}", c.id))
    })
}

/// Erases what identifies a candidate (HR, on the candidate's request).
#[server(prefix = "/sfn")]
pub async fn erase_candidate_form(id: Uuid) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let result = service::interviews::candidates::erase(&services, &actor, id).await;
    crate::components::form_flash::form_answer(result, |c: Candidate| {
        leptos_actix::redirect(&format!("/interviews/candidates/{}", c.id))
    })
}

/// A date typed into a form (YYYY-MM-DD), or none when left empty.
#[cfg(feature = "ssr")]
fn parse_date(text: &str, field: &str) -> service::ServiceResult<Option<chrono::NaiveDate>> {
    domain::validate::typed_date(text).map_err(|message| {
        let mut problems = domain::validate::FieldErrors::new();
        problems.add(field, message);
        service::ServiceError::validation(problems)
    })
}
