//! Competency frameworks: list, versions, drafts, publishing, diff, import and export.

pub mod assessments;

use crate::auth::Authenticated;
use crate::error::{ApiError, ApiResult};
use actix_web::{HttpRequest, HttpResponse, web};
use domain::ApiErrorBody;
use domain::ErrorCode;
use domain::rubric::dto::{
    FrameworkDetail, FrameworkDiff, FrameworkSummary, ImportPreview, NewFramework, PublishDraft, SaveDraft,
    VersionDetail,
};
use domain::rubric::edit::DraftEdit;
use domain::rubric::formats::{Format, MAX_INPUT};
use futures_util::StreamExt;
use serde::Deserialize;
use service::Services;
use service::rubric::frameworks as fw;
use uuid::Uuid;

/// All frameworks of the organization.
#[utoipa::path(get, path = "/api/v1/frameworks", tag = "rubrics", security(("bearer" = [])),
    responses((status = 200, body = Vec<FrameworkSummary>), (status = 401, body = ApiErrorBody)))]
pub async fn list(services: web::Data<Services>, who: Authenticated) -> ApiResult<web::Json<Vec<FrameworkSummary>>> {
    Ok(web::Json(fw::list(&services, &who.0).await?))
}

/// A new framework with an empty first draft (HR).
#[utoipa::path(post, path = "/api/v1/frameworks", tag = "rubrics", security(("bearer" = [])),
    request_body(content = NewFramework, example = json!({"name": "Service desk", "level_count": 4})),
    responses((status = 201, body = FrameworkDetail), (status = 403, body = ApiErrorBody),
        (status = 409, description = "the name is taken", body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn create(
    services: web::Data<Services>,
    who: Authenticated,
    body: web::Json<NewFramework>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(fw::create(&services, &who.0, &body).await?))
}

/// A framework and its versions (drafts only for HR; a framework not published yet is
/// HR's only, 404 to everyone else, and left out of their list).
#[utoipa::path(get, path = "/api/v1/frameworks/{id}", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = FrameworkDetail), (status = 404, body = ApiErrorBody)))]
pub async fn get(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<FrameworkDetail>> {
    Ok(web::Json(fw::get(&services, &who.0, *id).await?))
}

/// One version's whole content.
#[utoipa::path(get, path = "/api/v1/frameworks/{id}/versions/{number}", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("number" = i32, Path)),
    responses((status = 200, body = VersionDetail), (status = 404, body = ApiErrorBody)))]
pub async fn version(
    services: web::Data<Services>,
    who: Authenticated,
    path: web::Path<(Uuid, i32)>,
) -> ApiResult<web::Json<VersionDetail>> {
    let (id, number) = *path;
    Ok(web::Json(fw::version(&services, &who.0, id, Some(number)).await?))
}

/// The draft in progress (HR).
#[utoipa::path(get, path = "/api/v1/frameworks/{id}/draft", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = VersionDetail), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn draft(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<VersionDetail>> {
    Ok(web::Json(fw::draft(&services, &who.0, *id).await?))
}

/// Starts a draft from the newest published version; an existing draft is returned as is
/// (HR).
#[utoipa::path(post, path = "/api/v1/frameworks/{id}/draft", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = VersionDetail), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn start_draft(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<VersionDetail>> {
    Ok(web::Json(fw::start_draft(&services, &who.0, *id).await?))
}

/// Replaces the draft's whole document (HR). A stale `version` gets 409.
#[utoipa::path(put, path = "/api/v1/frameworks/{id}/draft", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = SaveDraft,
    responses((status = 200, body = VersionDetail), (status = 403, body = ApiErrorBody), (status = 409, body = ApiErrorBody),
        (status = 422, description = "the document breaks a rule; `fields` names each place", body = ApiErrorBody)))]
pub async fn save_draft(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<SaveDraft>,
) -> ApiResult<web::Json<VersionDetail>> {
    Ok(web::Json(fw::save_draft(&services, &who.0, *id, &body).await?))
}

/// One editor change to the draft: add, edit, move or remove an area or competency.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct DraftEditRequest {
    pub version: i32,
    pub change: DraftEdit,
}

/// Applies one change to the draft (HR).
#[utoipa::path(post, path = "/api/v1/frameworks/{id}/draft/edits", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = DraftEditRequest, example = json!({"version": 3, "change": {"edit": "add_area", "name": "Security"}})),
    responses((status = 200, body = VersionDetail), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn edit_draft(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<DraftEditRequest>,
) -> ApiResult<web::Json<VersionDetail>> {
    Ok(web::Json(fw::edit_draft(&services, &who.0, *id, body.version, &body.change).await?.0))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionParam {
    /// The draft's current version.
    pub version: i32,
}

/// Throws the draft away (HR).
#[utoipa::path(delete, path = "/api/v1/frameworks/{id}/draft", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path), VersionParam),
    responses((status = 204), (status = 409, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn discard_draft(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    q: web::Query<VersionParam>,
) -> ApiResult<HttpResponse> {
    fw::discard_draft(&services, &who.0, *id, q.version).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Publishes the draft (HR): every anchor must be written; the version is frozen after.
#[utoipa::path(post, path = "/api/v1/frameworks/{id}/publish", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = PublishDraft, example = json!({"change_note": "Sharper level 3 anchor for incident response", "version": 4})),
    responses((status = 200, body = FrameworkDetail), (status = 409, body = ApiErrorBody),
        (status = 422, description = "an anchor is empty, or no change note", body = ApiErrorBody)))]
pub async fn publish(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<PublishDraft>,
) -> ApiResult<web::Json<FrameworkDetail>> {
    Ok(web::Json(fw::publish(&services, &who.0, *id, &body).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DiffParams {
    pub from: i32,
    pub to: i32,
}

/// What changed between two versions: added, removed and changed areas, competencies
/// and anchors.
#[utoipa::path(get, path = "/api/v1/frameworks/{id}/diff", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path), DiffParams),
    responses((status = 200, body = FrameworkDiff), (status = 404, body = ApiErrorBody)))]
pub async fn diff(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    q: web::Query<DiffParams>,
) -> ApiResult<web::Json<FrameworkDiff>> {
    Ok(web::Json(fw::diff(&services, &who.0, *id, q.from, q.to).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `json` (default) or `yaml`.
    pub format: Option<String>,
    /// A version number; the newest published when left out.
    pub version: Option<i32>,
}

fn parse_format(raw: Option<&str>, default: Option<Format>) -> Result<Option<Format>, ApiError> {
    match raw {
        None | Some("") => Ok(default),
        Some(s) => Format::parse(s).map(Some).ok_or_else(|| {
            ApiError::from(
                service::ServiceError::new(ErrorCode::Validation, format!("Unknown format \"{s}\""))
                    .with_field("format", "Use json, yaml, monzo or snowflake"),
            )
        }),
    }
}

/// A version as JSON or YAML, to keep in git: importing the export and exporting again
/// gives the same text.
#[utoipa::path(get, path = "/api/v1/frameworks/{id}/export", tag = "rubrics", security(("bearer" = [])),
    params(("id" = Uuid, Path), ExportParams),
    responses((status = 200, description = "the framework document; YAML is the same document as text",
        content((domain::rubric::FrameworkDoc = "application/json"), (String = "application/yaml"))),
        (status = 404, body = ApiErrorBody)))]
pub async fn export(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    q: web::Query<ExportParams>,
) -> ApiResult<HttpResponse> {
    let format = parse_format(q.format.as_deref(), Some(Format::Json))?.unwrap_or(Format::Json);
    let (text, v) = fw::export(&services, &who.0, *id, q.version, format).await?;
    let (content_type, ext) = match format {
        Format::Yaml => ("application/yaml; charset=utf-8", "yaml"),
        _ => ("application/json; charset=utf-8", "json"),
    };
    let slug = domain::rubric::slug::from_name(&v.document.name);
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{slug}-v{}.{ext}\"", v.number)))
        .body(text))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Only report (the default): `false` to create the draft.
    pub dry_run: Option<bool>,
    /// `json`, `yaml`, `monzo` or `snowflake`; guessed from the content type and text
    /// when left out.
    pub format: Option<String>,
    /// Import as a new draft of this framework instead of a new framework.
    pub framework_id: Option<Uuid>,
    /// Call it this instead of the name in the file (a dry run says when the file's name
    /// is taken).
    pub name: Option<String>,
    /// With a zip of a ladder folder: the ladder to import (its path or file name), when
    /// the zip holds several.
    pub file: Option<String>,
}

/// Imports a framework file (HR): our JSON or YAML export, Monzo-style Markdown with YAML
/// front matter (`title`, `levels`, `topics` of `content` per level with `criteria` and
/// `exampleCriteria`), or snowflake-style `tracks` as JSON, YAML or the JavaScript module
/// such ladders are published as (its `tracks` object is read as data, never run). The
/// body is the file itself, or a zip of a folder of Markdown ladders (`application/zip`):
/// the ladder named by `file` (or the only one) is read with its folder's `generic.md`,
/// whose topics its untitled topics take their titles and criteria from. A dry run (the
/// default) returns the preview and every note on
/// what could not be carried over as is; `problems` names what must change first (a file
/// without a title needs `name`, as does a name already taken).
#[utoipa::path(post, path = "/api/v1/frameworks/import", tag = "rubrics", security(("bearer" = [])),
    params(ImportParams),
    request_body(content = String, content_type = "application/yaml"),
    responses((status = 200, body = ImportPreview), (status = 403, body = ApiErrorBody),
        (status = 409, description = "a framework of that name exists (a dry run says so too; pass `name`)", body = ApiErrorBody),
        (status = 413, description = "larger than 1 MiB", body = ApiErrorBody),
        (status = 422, description = "the file is malformed or breaks a rule", body = ApiErrorBody)))]
pub async fn import(
    req: HttpRequest,
    services: web::Data<Services>,
    who: Authenticated,
    q: web::Query<ImportParams>,
    mut payload: web::Payload,
) -> ApiResult<web::Json<ImportPreview>> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| ApiError::new(ErrorCode::BadRequest, format!("The body could not be read: {e}")))?;
        if body.len() + chunk.len() > MAX_INPUT {
            return Err(ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!("The file is larger than the {MAX_INPUT} bytes an import accepts."),
            ));
        }
        body.extend_from_slice(&chunk);
    }
    // a zipped folder of Markdown ladders: the chosen ladder and its folder's generic.md
    let (text, shared) = if service::rubric::ladder_folder::is_zip(&body) {
        service::rubric::ladder_folder::pick(&body, q.file.as_deref())?
    } else {
        let text = String::from_utf8(body).map_err(|_| {
            ApiError::from(
                service::ServiceError::new(ErrorCode::Validation, "The file is not UTF-8 text.")
                    .with_field("file", "Save the file as UTF-8 and try again"),
            )
        })?;
        (text, None)
    };
    let opts = fw::ImportOptions {
        format: parse_format(q.format.as_deref(), None)?,
        content_type: req.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_string),
        dry_run: q.dry_run.unwrap_or(true),
        framework_id: q.framework_id,
        name: q.name.clone(),
        shared,
    };
    Ok(web::Json(fw::import(&services, &who.0, &text, &opts).await?))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/frameworks", web::get().to(list))
        .route("/frameworks", web::post().to(create))
        .route("/frameworks/import", web::post().to(import))
        .route("/frameworks/{id}", web::get().to(get))
        .route("/frameworks/{id}/versions/{number}", web::get().to(version))
        .route("/frameworks/{id}/draft", web::get().to(draft))
        .route("/frameworks/{id}/draft", web::post().to(start_draft))
        .route("/frameworks/{id}/draft", web::put().to(save_draft))
        .route("/frameworks/{id}/draft", web::delete().to(discard_draft))
        .route("/frameworks/{id}/draft/edits", web::post().to(edit_draft))
        .route("/frameworks/{id}/publish", web::post().to(publish))
        .route("/frameworks/{id}/diff", web::get().to(diff))
        .route("/frameworks/{id}/export", web::get().to(export));
}
