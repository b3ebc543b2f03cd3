//! Server functions of the ownership pages: the catalog, a component with its
//! dependencies and impact, the dependency graph, the RACI matrix and its editor, and the
//! reports. Each calls the same use case as the JSON API; all are listed in
//! authorization.toml.

// Form server functions take one argument per form field (what a plain HTML form posts).
#![allow(clippy::too_many_arguments)]

use crate::error::UiError;
use domain::ApiErrorBody;
use domain::ownership::component::{ComponentPage, ComponentSummary, Dependencies, Impact};
use domain::ownership::matrix::{HolderRef, MatrixRow, OwnershipMatrix, RowInput};
use domain::ownership::report::{KeyPersonRisk, Ownership, OwnershipGaps};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One page of the component catalog.
#[server(prefix = "/sfn")]
pub async fn list_components(
    q: Option<String>,
    tier: Option<i32>,
    page: Option<i64>,
) -> Result<ComponentPage, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let query = service::ownership::components::Query { q, tier, page, per_page: Some(50), ..Default::default() };
    Ok(service::ownership::components::list(&services, &actor, &query).await?)
}

/// Everything the component page shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ComponentView {
    pub component: ComponentSummary,
    pub dependencies: Dependencies,
    pub impact: Impact,
    /// The graph with this component highlighted.
    pub graph: String,
    /// The component's rows, for its ownership table.
    pub matrix: OwnershipMatrix,
    /// Names offered when adding a dependency (for those who may; most critical first).
    pub catalog: Vec<String>,
}

#[server(prefix = "/sfn")]
pub async fn get_component(id: Uuid) -> Result<ComponentView, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let (component, dependencies, impact) = service::ownership::dependencies::overview(&services, &actor, id).await?;
    let graph = service::ownership::dependencies::graph_svg(&services, &actor, Some(id)).await?;
    let filter = service::ownership::matrix::Filter { component: Some(id), ..Default::default() };
    let matrix = service::ownership::matrix::read(&services, &actor, &filter, None, None).await?;
    let catalog = if matrix.editable.contains(&id) {
        let query = service::ownership::components::Query { per_page: Some(500), ..Default::default() };
        let page = service::ownership::components::list(&services, &actor, &query).await?;
        page.items.into_iter().filter(|c| c.id != id).map(|c| c.name).collect()
    } else {
        Vec::new()
    };
    Ok(ComponentView { component, dependencies, impact, graph, matrix, catalog })
}

/// The whole dependency graph as SVG.
#[server(prefix = "/sfn")]
pub async fn get_dependency_graph(selected: Option<Uuid>) -> Result<String, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::ownership::dependencies::graph_svg(&services, &actor, selected).await?)
}

/// A new component (admins and managers); on success, its page.
#[server(prefix = "/sfn")]
pub async fn add_component(
    name: String,
    kind: String,
    tier: String,
    description: String,
) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let input = domain::ownership::component::ComponentInput {
        name,
        kind,
        tier: tier.trim().parse().unwrap_or(0),
        description: Some(description),
        ..Default::default()
    };
    let result = service::ownership::components::create(&services, &actor, &input).await;
    crate::components::form_flash::form_answer(result, |c| leptos_actix::redirect(&format!("/components/{}", c.id)))
}

/// Edits a component (its accountable people, admins); on success, its page again.
#[server(prefix = "/sfn")]
pub async fn update_component(
    id: Uuid,
    version: i32,
    name: String,
    kind: String,
    tier: String,
    lifecycle: String,
    description: String,
    runbook_url: String,
    dashboard_url: String,
) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    crate::components::form_flash::keep(&[
        ("name", &name),
        ("description", &description),
        ("runbook_url", &runbook_url),
        ("dashboard_url", &dashboard_url),
    ]);
    let some = |s: String| Some(s).filter(|s| !s.trim().is_empty());
    let input = domain::ownership::component::ComponentInput {
        name,
        kind,
        tier: tier.trim().parse().unwrap_or(0),
        description: Some(description),
        lifecycle: Some(lifecycle),
        runbook_url: some(runbook_url),
        dashboard_url: some(dashboard_url),
        version: Some(version),
    };
    let result = service::ownership::components::update(&services, &actor, id, &input).await;
    crate::components::form_flash::form_answer(result, |c| leptos_actix::redirect(&format!("/components/{}", c.id)))
}

/// The component depends on another, named as in the catalog; back to its page.
#[server(prefix = "/sfn")]
pub async fn add_dependency(id: Uuid, depends_on: String, reason: String) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    crate::components::form_flash::keep(&[("depends_on", &depends_on), ("reason", &reason)]);
    let result = service::ownership::dependencies::add_by_name(&services, &actor, id, &depends_on, Some(reason)).await;
    crate::components::form_flash::form_answer(result, |_| leptos_actix::redirect(&format!("/components/{id}#needs")))
}

/// The component no longer depends on another; back to its page.
#[server(prefix = "/sfn")]
pub async fn remove_dependency(id: Uuid, depends_on_id: Uuid) -> Result<Option<ApiErrorBody>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let result = service::ownership::dependencies::remove(&services, &actor, id, depends_on_id).await;
    crate::components::form_flash::form_answer(result, |_| leptos_actix::redirect(&format!("/components/{id}#needs")))
}

/// The matrix and, for someone who may edit some of it, who can be given a letter.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MatrixView {
    pub matrix: OwnershipMatrix,
    pub people: Vec<HolderRef>,
    pub teams: Vec<HolderRef>,
}

/// Components per page of the matrix page (each brings a row of ten cells).
pub const MATRIX_PAGE: i64 = 50;

/// `candidates`: also who may be given a letter (the row page's plain form); the matrix
/// page's editor fetches them itself when first opened (`get_row_candidates`).
#[server(prefix = "/sfn")]
pub async fn get_ownership_matrix(
    tier: Option<i32>,
    team: Option<Uuid>,
    activity: Option<Uuid>,
    component: Option<Uuid>,
    page: Option<i64>,
    candidates: Option<bool>,
) -> Result<MatrixView, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let filter = service::ownership::matrix::Filter { tier, team, activity, component, ..Default::default() };
    let matrix = service::ownership::matrix::read(&services, &actor, &filter, page, Some(MATRIX_PAGE)).await?;
    let (people, teams) = if matrix.editable.is_empty() || candidates != Some(true) {
        (vec![], vec![])
    } else {
        service::ownership::matrix::candidates(&services, &actor).await?
    };
    Ok(MatrixView { matrix, people, teams })
}

/// Who may be given a letter: (people, teams), for the matrix editor when it opens.
#[server(prefix = "/sfn")]
pub async fn get_row_candidates() -> Result<(Vec<HolderRef>, Vec<HolderRef>), UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::ownership::matrix::candidates(&services, &actor).await?)
}

/// A saved row (None: taken out of use), or why it was refused.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RowSaved {
    pub row: Option<MatrixRow>,
    pub problem: Option<ApiErrorBody>,
}

#[cfg(feature = "ssr")]
fn row_answer(result: service::ServiceResult<Option<MatrixRow>>) -> Result<RowSaved, UiError> {
    match result {
        Ok(row) => Ok(RowSaved { row, problem: None }),
        Err(e) if e.code.http_status() < 500 => Ok(RowSaved { row: None, problem: Some(e.body()) }),
        Err(e) => Err(e.into()),
    }
}

/// Replaces the letters of one row, under the rules.
#[server(prefix = "/sfn", input = Json)]
pub async fn save_ownership_row(input: RowInput) -> Result<RowSaved, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    row_answer(service::ownership::matrix::write_row(&services, &actor, &input).await)
}

/// One letter line of the row form posted without JavaScript (`lines[0][letter]`,
/// `lines[0][holder]` with a holder key such as `person:<id>`); blank lines are skipped.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LineFields {
    #[serde(default)]
    pub letter: String,
    #[serde(default)]
    pub holder: String,
}

/// The row page's plain form: replaces the row's letters (as [`save_ownership_row`]), or
/// with `intent=confirm` confirms it still holds; then back to the component's rows.
#[server(prefix = "/sfn")]
pub async fn save_ownership_row_form(
    component_id: Uuid,
    activity_id: Uuid,
    version: Option<String>,
    intent: Option<String>,
    lines: Option<Vec<LineFields>>,
    confirm_remove: Option<String>,
) -> Result<Option<ApiErrorBody>, UiError> {
    use domain::ownership::matrix::AssignmentInput;
    use domain::ownership::raci::Holder;
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let back = format!("/ownership?component={component_id}");
    if intent.as_deref() == Some("confirm") {
        let confirm = domain::ownership::matrix::ConfirmRow { component_id, activity_id };
        let result = service::ownership::matrix::confirm(&services, &actor, &confirm).await;
        return crate::components::form_flash::form_answer(result, |_| leptos_actix::redirect(&back));
    }
    let mut problems = domain::validate::FieldErrors::new();
    let mut assignments = Vec::new();
    for (i, line) in lines.unwrap_or_default().iter().enumerate() {
        if line.holder.is_empty() {
            continue;
        }
        match Holder::from_key(&line.holder) {
            Some(h) => {
                let (person_id, team_id) = h.ids();
                assignments.push(AssignmentInput { letter: line.letter.clone(), person_id, team_id });
            }
            None => problems.add(&format!("holder-{i}"), "Choose a person or team from the list"),
        }
    }
    let version = match version.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::parse::<i32>) {
        None => None,
        Some(Ok(v)) => Some(v),
        Some(Err(_)) => {
            problems.add("version", "Reload the page: the row's version is not a number");
            None
        }
    };
    // emptying a row in use takes it out of use: the form asks first
    if assignments.is_empty() && version.is_some() && confirm_remove.is_none() {
        problems.add("confirm_remove", "Tick to confirm: with no letters the row goes out of use");
    }
    if !problems.is_empty() {
        return crate::components::form_flash::form_answer::<()>(
            Err(service::ServiceError::validation(problems)),
            |_| {},
        );
    }
    let input = RowInput { component_id, activity_id, assignments, version };
    let result = service::ownership::matrix::write_row(&services, &actor, &input).await;
    crate::components::form_flash::form_answer(result, |_| leptos_actix::redirect(&back))
}

/// The accountable person confirms a row still holds.
#[server(prefix = "/sfn")]
pub async fn confirm_ownership_row(component: Uuid, activity: Uuid) -> Result<RowSaved, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let confirm = domain::ownership::matrix::ConfirmRow { component_id: component, activity_id: activity };
    row_answer(service::ownership::matrix::confirm(&services, &actor, &confirm).await.map(Some))
}

#[server(prefix = "/sfn")]
pub async fn get_ownership_gaps() -> Result<OwnershipGaps, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::ownership::reports::gaps(&services, &actor, None).await?)
}

#[server(prefix = "/sfn")]
pub async fn get_key_person_risk() -> Result<KeyPersonRisk, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::ownership::reports::key_person_risk(&services, &actor, None, None).await?)
}

/// What a person owns: the first rows a page shows, or `all` of them.
#[server(prefix = "/sfn")]
pub async fn get_person_ownership(id: Uuid, all: Option<bool>) -> Result<Ownership, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let limit = crate::ownership::owned::shown(all);
    Ok(service::ownership::reports::of_person(&services, &actor, id, limit).await?)
}

/// A team's ownership load: the first rows a page shows, or `all` of them.
#[server(prefix = "/sfn")]
pub async fn get_team_ownership(id: Uuid, all: Option<bool>) -> Result<Ownership, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let limit = crate::ownership::owned::shown(all);
    Ok(service::ownership::reports::of_team(&services, &actor, id, limit).await?)
}

/// A check (dry run) or an import of an ownership CSV file: the report, or why it was
/// refused. `allow_gaps` is the form's checkbox (present when ticked).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OwnImportAnswer {
    pub report: Option<domain::ownership::import::ImportReport>,
    pub problem: Option<ApiErrorBody>,
}

#[server(prefix = "/sfn")]
pub async fn import_ownership(
    what: String,
    csv: String,
    mode: String,
    allow_gaps: Option<String>,
) -> Result<OwnImportAnswer, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let Some(file) = domain::ownership::import::OwnershipFile::parse(&what) else {
        let mut e = domain::validate::FieldErrors::new();
        e.add("what", "Choose components, dependencies or matrix");
        return Ok(OwnImportAnswer { report: None, problem: Some(service::ServiceError::validation(e).body()) });
    };
    let options =
        service::ownership::csv::ImportOptions { dry_run: mode != "import", allow_gaps: allow_gaps.is_some() };
    match service::ownership::csv::import(&services, &actor, file, &csv, options).await {
        Ok(report) => Ok(OwnImportAnswer { report: Some(report), problem: None }),
        Err(e) if e.code.http_status() < 500 => Ok(OwnImportAnswer { report: None, problem: Some(e.body()) }),
        Err(e) => Err(e.into()),
    }
}
