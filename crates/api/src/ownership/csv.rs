//! CSV export and import of ownership data: the component catalog, the dependencies and
//! the RACI matrix. The body of an import is the CSV text itself.

use crate::auth::Authenticated;
use crate::error::{ApiError, ApiResult};
use actix_web::{HttpRequest, HttpResponse, web};
use domain::ownership::import::{ImportReport, MAX_BYTES, OwnershipFile};
use domain::{ApiErrorBody, ErrorCode};
use serde::Deserialize;
use service::ownership::csv;
use service::{ServiceError, Services};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// components, dependencies or matrix
    pub what: String,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// components, dependencies or matrix
    pub what: String,
    /// true (the default) only reports; false writes everything or nothing.
    pub dry_run: Option<bool>,
    /// matrix: true imports rows that break a RACI rule anyway and lists them in `notes`
    /// as gaps to fix (default false: such rows refuse the file).
    pub allow_gaps: Option<bool>,
}

fn file(what: &str) -> Result<OwnershipFile, ApiError> {
    OwnershipFile::parse(what).ok_or_else(|| {
        let choices = OwnershipFile::ALL.map(|f| f.as_str()).join(", ");
        ApiError(
            ServiceError::new(ErrorCode::Validation, format!("There is no ownership file called \"{what}\"."))
                .with_field("what", format!("Choose one of: {choices}")),
        )
    })
}

/// The organization's components, dependencies or RACI matrix as CSV, with exactly the
/// header the import reads. Everyone in the organization.
/// - components: `name,kind,tier,lifecycle,description,runbook_url,dashboard_url`
/// - dependencies: `component,depends_on,reason`
/// - matrix: `component,activity,letter,person_email,team`, one line per letter
#[utoipa::path(get, path = "/api/v1/ownership/export", tag = "ownership", security(("bearer" = [])),
    params(ExportParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ApiErrorBody),
        (status = 422, description = "`what` names no file", body = ApiErrorBody)))]
pub async fn export(
    services: web::Data<Services>,
    who: Authenticated,
    q: web::Query<ExportParams>,
) -> ApiResult<HttpResponse> {
    let what = file(&q.what)?;
    let text = csv::export(&services, &who.0, what).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{}\"", what.file_name())))
        .body(text))
}

/// Imports a components, dependencies or matrix file (the body is the CSV text, sent as
/// `text/csv` or `text/plain`). With `dry_run` (the default) nothing is written and the
/// report lists every problem at once. Without it, everything is written in one
/// transaction, or nothing is (422 naming each `line N: column`). Components match by
/// name and dependencies are added or updated, never removed (admins). Every matrix row
/// the file names is replaced by its lines and must keep the RACI rules; rows not named
/// are left alone (admins, or the accountable people of every component the file changes).
/// With `allow_gaps=true` a matrix row that breaks a rule (say, a file exported from
/// another organization) is imported anyway and listed in `notes`, so a team can move
/// first and tidy after; a person or team the file names must still exist here.
#[utoipa::path(post, path = "/api/v1/ownership/import", tag = "ownership", security(("bearer" = [])),
    params(ImportParams),
    request_body(content = String, content_type = "text/csv",
        example = "component,activity,letter,person_email,team\nOffice Wi-Fi,Patching,A,lead@example.org,\nOffice Wi-Fi,Patching,R,,Infrastructure\n"),
    responses((status = 200, body = ImportReport),
        (status = 400, description = "the body is not CSV text", body = ApiErrorBody),
        (status = 403, description = "not an admin, or not accountable for a component the file changes", body = ApiErrorBody),
        (status = 409, description = "a row changed while importing", body = ApiErrorBody),
        (status = 413, description = "larger than 1 MiB or 20,000 lines", body = ApiErrorBody),
        (status = 422, description = "`what` names no file, or the file has problems (`line N: column`)", body = ApiErrorBody)))]
pub async fn import(
    req: HttpRequest,
    services: web::Data<Services>,
    who: Authenticated,
    q: web::Query<ImportParams>,
    payload: web::Payload,
) -> ApiResult<web::Json<ImportReport>> {
    let what = file(&q.what)?;
    // who may import is known before the body is read, except for the matrix
    csv::require_importer(&who.0, what)?;
    let content_type = req.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = content_type.split(';').next().unwrap_or("").trim().to_lowercase();
    if !matches!(mime.as_str(), "text/csv" | "text/plain" | "application/csv" | "") {
        return Err(ApiError::new(
            ErrorCode::BadRequest,
            "Send the CSV text itself as the body, with `Content-Type: text/csv` (or text/plain).",
        ));
    }
    let body = payload
        .to_bytes_limited(MAX_BYTES)
        .await
        .map_err(|_| ApiError::new(ErrorCode::PayloadTooLarge, "The file is larger than 1 MiB; import it in parts."))?;
    let body = body.map_err(|e| ApiError::new(ErrorCode::BadRequest, format!("The body could not be read: {e}")))?;
    let text = String::from_utf8(body.to_vec()).map_err(|_| {
        ApiError(
            ServiceError::new(ErrorCode::Validation, "The file is not UTF-8 text.")
                .with_field("csv", "Save it as \"CSV UTF-8\" from your spreadsheet and try again"),
        )
    })?;
    let options = csv::ImportOptions { dry_run: q.dry_run.unwrap_or(true), allow_gaps: q.allow_gaps.unwrap_or(false) };
    Ok(web::Json(csv::import(&services, &who.0, what, &text, options).await?))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/ownership/export", web::get().to(export)).route("/ownership/import", web::post().to(import));
}
