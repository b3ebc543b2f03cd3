//! Work samples: the candidate's private link (public, by token, throttled), the hiring
//! manager's links and attachments, and what graders read. Uploads are
//! `multipart/form-data` (`text`, and `files` once per file), read as a stream within the
//! limits of `domain::interviews::work_samples`: no file is held past 10 MB, nothing past
//! the limits is kept, and a refused upload writes nothing.

use crate::auth::{Authenticated, client};
use crate::error::ApiResult;
use actix_multipart::{Multipart, MultipartError};
use actix_web::http::header::HeaderMap;
use actix_web::{HttpRequest, HttpResponse, web};
use domain::interviews::file_type::MAX_FILE_BYTES;
use domain::interviews::work_samples::{
    Brief, LinkCreated, LinkInfo, MAX_FILES, MAX_TEXT_CHARS, MAX_TOTAL_BYTES, NewLink, Receipt, Submission, Upload,
    UploadedFile, WorkSamples, attachment_header,
};
use domain::{ApiErrorBody, ErrorCode};
use futures_util::{Stream, StreamExt};
use service::interviews::work_samples;
use service::{ServiceError, Services};
use uuid::Uuid;

/// How much of a refused upload is read (and thrown away) so the client gets the answer
/// instead of a connection reset mid-upload; past this the connection is simply closed.
const DRAIN_LIMIT: usize = 128 * 1024 * 1024;
/// The text field in bytes: at most four per character.
const MAX_TEXT_BYTES: usize = MAX_TEXT_CHARS * 4;

/// The multipart body of a submission, as documented (never read through this type).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The answer as text, up to 100,000 characters (optional when files are sent).
    text: Option<String>,
    /// Up to 10 files of at most 10 MB each (30 MB in all): PDF, Markdown, text, PNG,
    /// JPEG, GIF or WebP. The content must be what the name's extension says.
    #[schema(value_type = Option<Vec<String>>, format = Binary)]
    files: Option<Vec<Vec<u8>>>,
}

/// A file's bytes, as documented.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
pub struct FileBytes(Vec<u8>);

fn unreadable(e: MultipartError) -> ServiceError {
    match e {
        MultipartError::ContentTypeMissing
        | MultipartError::ContentTypeParse
        | MultipartError::ContentTypeIncompatible
        | MultipartError::BoundaryMissing => ServiceError::new(
            ErrorCode::BadRequest,
            "Send the work sample as multipart/form-data, with the fields text and files.",
        ),
        other => ServiceError::new(ErrorCode::BadRequest, format!("The upload could not be read: {other}")),
    }
}

fn too_large(field: &str, problem: String) -> ServiceError {
    ServiceError::new(ErrorCode::PayloadTooLarge, "The upload is larger than a work sample may be.")
        .with_field(field, problem)
}

enum Read {
    Whole(Vec<u8>),
    /// Longer than the limit: what came was thrown away.
    TooLong,
}

/// A field's bytes up to `limit`; past it, the rest is read and dropped (within the
/// drain limit, counted in `drained`), never kept.
async fn read_field(
    field: &mut actix_multipart::Field,
    limit: usize,
    drained: &mut usize,
) -> Result<Read, ServiceError> {
    let mut bytes = Vec::new();
    let mut over = false;
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(unreadable)?;
        if !over && bytes.len() + chunk.len() <= limit {
            bytes.extend_from_slice(&chunk);
            continue;
        }
        if !over {
            over = true;
            *drained += bytes.len();
            bytes = Vec::new();
        }
        *drained += chunk.len();
        if *drained > DRAIN_LIMIT {
            return Err(too_large("files", "The upload is far larger than a work sample may be".into()));
        }
    }
    Ok(if over { Read::TooLong } else { Read::Whole(bytes) })
}

fn file_name(field: &actix_multipart::Field) -> String {
    field
        .content_disposition()
        .and_then(|cd| {
            cd.get_filename_ext()
                .map(|ext| String::from_utf8_lossy(&ext.value).into_owned())
                .or_else(|| cd.get_filename().map(str::to_string))
        })
        .unwrap_or_default()
}

/// Reads a submission's `multipart/form-data` body: the field `text` and each `files`
/// part (also accepted as `files[]` or `file`); other fields are read and ignored. A file
/// input left empty by a browser (no name, no bytes) is no file. The first limit broken
/// is the answer (413 for size, 422 for too many files), naming the field; the body is
/// still read to its end (up to a bound), so the client gets that answer.
pub async fn read_upload<S>(headers: &HeaderMap, payload: S) -> Result<Upload, ServiceError>
where
    S: Stream<Item = Result<web::Bytes, actix_web::error::PayloadError>> + 'static,
{
    match read_parts(headers, payload).await {
        (upload, None) => Ok(upload),
        (_, Some(problem)) => Err(problem),
    }
}

/// [`read_upload`], keeping what was read when the upload is refused: a form posted
/// without JavaScript shows the text again as typed (`server::work_sample_form`).
pub async fn read_parts<S>(headers: &HeaderMap, payload: S) -> (Upload, Option<ServiceError>)
where
    S: Stream<Item = Result<web::Bytes, actix_web::error::PayloadError>> + 'static,
{
    let mut upload = Upload::default();
    let problem = read_into(headers, payload, &mut upload).await.err();
    (upload, problem)
}

async fn read_into<S>(headers: &HeaderMap, payload: S, upload: &mut Upload) -> Result<(), ServiceError>
where
    S: Stream<Item = Result<web::Bytes, actix_web::error::PayloadError>> + 'static,
{
    let mut multipart = Multipart::new(headers, payload);
    let (mut total, mut extra, mut drained) = (0usize, 0usize, 0usize);
    let mut problem: Option<ServiceError> = None;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(unreadable)?;
        let name = field.name().unwrap_or_default().to_string();
        let keep = problem.is_none();
        match name.as_str() {
            "text" if keep => match read_field(&mut field, MAX_TEXT_BYTES, &mut drained).await? {
                Read::Whole(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => upload.text.push_str(&text),
                    Err(_) => {
                        problem = Some(
                            ServiceError::new(ErrorCode::Validation, "Some fields need attention.")
                                .with_field("text", "The text is not UTF-8; paste it again or attach it as a file"),
                        )
                    }
                },
                Read::TooLong => {
                    problem =
                        Some(too_large("text", format!("At most {MAX_TEXT_CHARS} characters; attach a file instead")))
                }
            },
            "files" | "files[]" | "file" if keep => {
                let name = file_name(&field);
                if upload.files.len() == MAX_FILES {
                    // not kept: only counted, for the answer
                    if matches!(read_field(&mut field, 0, &mut drained).await?, Read::TooLong)
                        || !name.trim().is_empty()
                    {
                        extra += 1;
                    }
                    continue;
                }
                match read_field(&mut field, MAX_FILE_BYTES, &mut drained).await? {
                    Read::Whole(bytes) if bytes.is_empty() && name.trim().is_empty() => {}
                    Read::Whole(bytes) => {
                        total += bytes.len();
                        if total > MAX_TOTAL_BYTES {
                            problem = Some(too_large(
                                "files",
                                format!("At most {} MB in all", MAX_TOTAL_BYTES / (1024 * 1024)),
                            ));
                        } else {
                            upload.files.push(UploadedFile { name, bytes });
                        }
                    }
                    Read::TooLong => {
                        let shown = if name.is_empty() { "A file".to_string() } else { format!("\"{name}\"") };
                        problem = Some(too_large(
                            "files",
                            format!("{shown} is larger than {} MB", MAX_FILE_BYTES / (1024 * 1024)),
                        ));
                    }
                }
            }
            _ => {
                read_field(&mut field, 0, &mut drained).await?;
            }
        }
    }
    if let Some(problem) = problem {
        return Err(problem);
    }
    if extra > 0 {
        return Err(ServiceError::new(ErrorCode::Validation, "Some fields need attention.").with_field(
            "files",
            format!("At most {MAX_FILES} files ({} were sent); put several in one PDF", MAX_FILES + extra),
        ));
    }
    Ok(())
}

/// What the candidate's link shows: the stage, its exercises' briefs, materials and time
/// boxes, the expiry and the limits. No account: the token is the credential.
#[utoipa::path(get, path = "/api/v1/work-sample/{token}", tag = "interviews",
    params(("token" = String, Path, description = "the token of the candidate's link")),
    responses((status = 200, body = Brief),
        (status = 404, description = "no such link", body = ApiErrorBody),
        (status = 409, description = "the link has been used", body = ApiErrorBody),
        (status = 410, description = "the link expired or was withdrawn", body = ApiErrorBody),
        (status = 422, description = "not a whole token", body = ApiErrorBody),
        (status = 429, description = "too many requests for this link or from this address; see Retry-After",
            body = ApiErrorBody)))]
pub async fn brief(
    req: HttpRequest,
    services: web::Data<Services>,
    token: web::Path<String>,
) -> ApiResult<web::Json<Brief>> {
    Ok(web::Json(work_samples::brief(&services, &token, &client(&req).ip).await?))
}

/// The candidate sends the work sample: `text` and/or `files` (multipart/form-data).
/// A link takes one submission; a refused one writes nothing.
#[utoipa::path(post, path = "/api/v1/work-sample/{token}", tag = "interviews",
    params(("token" = String, Path, description = "the token of the candidate's link")),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = Receipt),
        (status = 404, description = "no such link", body = ApiErrorBody),
        (status = 409, description = "the link has been used", body = ApiErrorBody),
        (status = 410, description = "the link expired or was withdrawn", body = ApiErrorBody),
        (status = 413, description = "a file over 10 MB, or more than 30 MB in all; `fields.files` says which",
            body = ApiErrorBody),
        (status = 422, description = "no text and no file, too many files, a file whose content is not what its \
            name says or of a kind not accepted; `fields` names `text` or `files`", body = ApiErrorBody),
        (status = 429, description = "too many requests for this link or from this address; see Retry-After",
            body = ApiErrorBody)))]
pub async fn submit(
    req: HttpRequest,
    services: web::Data<Services>,
    token: web::Path<String>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    // the link first: a used or unknown link costs no upload
    let admitted = work_samples::admit(&services, &token, &client(&req).ip).await?;
    let upload = read_upload(req.headers(), payload).await?;
    Ok(HttpResponse::Created().json(work_samples::submit(&services, admitted, &upload).await?))
}

/// A private link for the candidate to a work-sample stage (the hiring manager and HR).
/// The token is in this answer only. Earlier open links of the stage are revoked.
#[utoipa::path(post, path = "/api/v1/loops/{id}/stages/{stage}/work-sample-links", tag = "interviews",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("stage" = Uuid, Path, description = "the loop stage")),
    request_body(content = NewLink, example = json!({"expires_in_days": 7})),
    responses((status = 201, body = LinkCreated), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 409, description = "the candidate's data was removed", body = ApiErrorBody),
        (status = 422, description = "not a work-sample stage, or a lifetime outside 1 to 30 days", body = ApiErrorBody)))]
pub async fn create_link(
    services: web::Data<Services>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<NewLink>,
) -> ApiResult<HttpResponse> {
    let (loop_id, stage) = path.into_inner();
    Ok(HttpResponse::Created().json(work_samples::create_link(&services, &who.0, loop_id, stage, &body).await?))
}

/// Withdraws a link (the hiring manager and HR); it stops working at once.
#[utoipa::path(delete, path = "/api/v1/loops/{id}/work-sample-links/{link}", tag = "interviews",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("link" = Uuid, Path)),
    responses((status = 200, body = LinkInfo), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 409, description = "the link has been used", body = ApiErrorBody)))]
pub async fn revoke_link(
    services: web::Data<Services>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<LinkInfo>> {
    let (loop_id, link) = path.into_inner();
    Ok(web::Json(work_samples::revoke_link(&services, &who.0, loop_id, link).await?))
}

/// A work-sample stage's submissions, for those who may see the loop (a blind grader
/// who has not submitted reads `file-N` names); its links for the hiring manager and HR.
#[utoipa::path(get, path = "/api/v1/loops/{id}/stages/{stage}/work-samples", tag = "interviews",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("stage" = Uuid, Path, description = "the loop stage")),
    responses((status = 200, body = WorkSamples), (status = 404, body = ApiErrorBody)))]
pub async fn list(
    services: web::Data<Services>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<WorkSamples>> {
    let (loop_id, stage) = path.into_inner();
    Ok(web::Json(work_samples::list(&services, &who.0, loop_id, stage).await?))
}

/// The hiring manager (or HR) attaches a work sample received another way, e.g. by
/// email: `text` and/or `files`, as the candidate's link takes them.
#[utoipa::path(post, path = "/api/v1/loops/{id}/stages/{stage}/work-samples", tag = "interviews",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("stage" = Uuid, Path, description = "the loop stage")),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = Submission), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 409, description = "the candidate's data was removed", body = ApiErrorBody),
        (status = 413, description = "a file over 10 MB, or more than 30 MB in all", body = ApiErrorBody),
        (status = 422, description = "not a work-sample stage; no text and no file; too many files; a file whose \
            content is not what its name says", body = ApiErrorBody)))]
pub async fn attach(
    req: HttpRequest,
    services: web::Data<Services>,
    who: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let (loop_id, stage) = path.into_inner();
    let target = work_samples::prepare_attach(&services, &who.0, loop_id, stage).await?;
    let upload = read_upload(req.headers(), payload).await?;
    Ok(HttpResponse::Created().json(work_samples::attach(&services, &who.0, target, &upload).await?))
}

/// A submitted file's bytes, as the type its content is, always as an attachment, and
/// sandboxed: nothing in it runs in our origin.
#[utoipa::path(get, path = "/api/v1/work-sample-files/{id}", tag = "interviews", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, description = "the file, as the type its content is", content(
            (FileBytes = "application/pdf"), (FileBytes = "text/markdown"), (FileBytes = "text/plain"),
            (FileBytes = "image/png"), (FileBytes = "image/jpeg"), (FileBytes = "image/gif"), (FileBytes = "image/webp"))),
        (status = 404, body = ApiErrorBody)))]
pub async fn file(services: web::Data<Services>, who: Authenticated, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let file = work_samples::file(&services, &who.0, *id).await?;
    let content_type = if file.content_type.starts_with("text/") {
        format!("{}; charset=utf-8", file.content_type)
    } else {
        file.content_type.clone()
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("x-content-type-options", "nosniff"))
        .insert_header(("content-disposition", attachment_header(&file.name)))
        .insert_header(("content-security-policy", "sandbox; default-src 'none'"))
        .insert_header(("cache-control", "private, no-store"))
        .body(file.bytes))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/work-sample/{token}", web::get().to(brief))
        .route("/work-sample/{token}", web::post().to(submit))
        .route("/loops/{id}/stages/{stage}/work-sample-links", web::post().to(create_link))
        .route("/loops/{id}/work-sample-links/{link}", web::delete().to(revoke_link))
        .route("/loops/{id}/stages/{stage}/work-samples", web::get().to(list))
        .route("/loops/{id}/stages/{stage}/work-samples", web::post().to(attach))
        .route("/work-sample-files/{id}", web::get().to(file));
}
