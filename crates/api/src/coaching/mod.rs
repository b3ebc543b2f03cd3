//! Coaching and growth: feedback (this file); requests, 1:1s, goals, the inbox and the
//! timeline join as they are built.

use crate::auth::Authenticated;
use crate::error::ApiResult;
use actix_web::{HttpResponse, web};
use domain::ApiErrorBody;
use domain::coaching::feedback::{FeedbackAmend, FeedbackEntry, FeedbackInput, FeedbackPage, ReplyInput};
use domain::coaching::hints::Hint;
use serde::Deserialize;
use service::Services;
use service::coaching::feedback::{self, Listing};
use uuid::Uuid;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedbackParams {
    /// `received` (the default), `given`, or `about` with `person`.
    pub side: Option<String>,
    /// With `side=about`: whose received feedback, as far as the reader may read it.
    pub person: Option<Uuid>,
    /// The `next` of the previous page.
    pub before: Option<String>,
    /// 1 to 100; 25 by default.
    pub per_page: Option<i64>,
}

/// Feedback the reader may read, newest first: what they received (private notes about
/// them are their authors' alone), what they gave, or what someone received (`about`).
#[utoipa::path(get, path = "/api/v1/feedback", tag = "coaching", security(("bearer" = [])),
    params(FeedbackParams),
    responses((status = 200, body = FeedbackPage), (status = 422, body = ApiErrorBody)))]
pub async fn list_feedback(
    services: web::Data<Services>,
    who: Authenticated,
    q: web::Query<FeedbackParams>,
) -> ApiResult<web::Json<FeedbackPage>> {
    let listing = match (q.side.as_deref().unwrap_or("received"), q.person) {
        ("received", _) => Listing::Received,
        ("given", _) => Listing::Given,
        ("about", Some(p)) => Listing::About(p),
        ("about", None) => {
            return Err(service::ServiceError::new(domain::ErrorCode::Validation, "Some fields need attention.")
                .with_field("person", "Name whose feedback to list")
                .into());
        }
        _ => {
            return Err(service::ServiceError::new(domain::ErrorCode::Validation, "Some fields need attention.")
                .with_field("side", "Choose received, given or about")
                .into());
        }
    };
    Ok(web::Json(feedback::list(&services, &who.0, listing, q.before.as_deref(), q.per_page).await?))
}

/// Gives feedback in SBI form. The answer carries the quality hints of its text; they
/// never refuse an entry.
#[utoipa::path(post, path = "/api/v1/feedback", tag = "coaching", security(("bearer" = [])),
    request_body(content = FeedbackInput, example = json!({"recipient_id": "00000000-0000-0000-0000-000000000000",
        "kind": "praise", "visibility": "recipient", "situation": "In Tuesday's change review",
        "behaviour": "You walked the board through the rollback plan step by step",
        "impact": "The change was approved in ten minutes"})),
    responses((status = 201, body = FeedbackEntry), (status = 422, body = ApiErrorBody)))]
pub async fn give_feedback(
    services: web::Data<Services>,
    who: Authenticated,
    body: web::Json<FeedbackInput>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(feedback::give(&services, &who.0, &body).await?))
}

/// One entry, if the reader may read it (404 otherwise).
#[utoipa::path(get, path = "/api/v1/feedback/{id}", tag = "coaching", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = FeedbackEntry), (status = 404, body = ApiErrorBody)))]
pub async fn get_feedback(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<FeedbackEntry>> {
    Ok(web::Json(feedback::get(&services, &who.0, *id).await?))
}

/// Its author edits an entry within a day of writing it; after that the change is an
/// amendment and needs a `reason` (the replaced text is kept and shown).
#[utoipa::path(put, path = "/api/v1/feedback/{id}", tag = "coaching", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = FeedbackAmend,
    responses((status = 200, body = FeedbackEntry), (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn amend_feedback(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<FeedbackAmend>,
) -> ApiResult<web::Json<FeedbackEntry>> {
    Ok(web::Json(feedback::amend(&services, &who.0, *id, &body).await?))
}

/// The recipient replies to a shared entry; its author answers.
#[utoipa::path(post, path = "/api/v1/feedback/{id}/replies", tag = "coaching", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ReplyInput,
    responses((status = 201, body = FeedbackEntry), (status = 403, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
pub async fn reply_to_feedback(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
    body: web::Json<ReplyInput>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(feedback::reply(&services, &who.0, *id, &body).await?))
}

/// The recipient acknowledges a shared entry (once).
#[utoipa::path(post, path = "/api/v1/feedback/{id}/acknowledge", tag = "coaching", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = FeedbackEntry), (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn acknowledge_feedback(
    services: web::Data<Services>,
    who: Authenticated,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<FeedbackEntry>> {
    Ok(web::Json(feedback::acknowledge(&services, &who.0, *id).await?))
}

/// The quality hints of a draft (what the form shows as one types, for clients without
/// the wasm): nothing is written.
#[utoipa::path(post, path = "/api/v1/feedback/hints", tag = "coaching", security(("bearer" = [])),
    request_body = HintsInput, responses((status = 200, body = Vec<Hint>)))]
pub async fn feedback_hints(_who: Authenticated, body: web::Json<HintsInput>) -> web::Json<Vec<Hint>> {
    web::Json(domain::coaching::hints::hints(&body.situation, &body.behaviour, &body.impact))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct HintsInput {
    #[serde(default)]
    pub situation: String,
    #[serde(default)]
    pub behaviour: String,
    #[serde(default)]
    pub impact: String,
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/feedback", web::get().to(list_feedback))
        .route("/feedback", web::post().to(give_feedback))
        .route("/feedback/hints", web::post().to(feedback_hints))
        .route("/feedback/{id}", web::get().to(get_feedback))
        .route("/feedback/{id}", web::put().to(amend_feedback))
        .route("/feedback/{id}/replies", web::post().to(reply_to_feedback))
        .route("/feedback/{id}/acknowledge", web::post().to(acknowledge_feedback));
}
