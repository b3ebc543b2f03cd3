//! The loop page's "attach a work sample" form, posted without JavaScript to the page
//! itself (`POST /interviews/loops/{id}?attach={stage}`, `multipart/form-data`, which
//! server functions do not take). The signed-in hiring manager or HR attaches what
//! the candidate sent another way (by email, say), through the same use cases as
//! `POST /api/v1/loops/{id}/stages/{stage}/work-samples`. Then the browser goes back to
//! the loop page (303, at the stage's work samples), or the loop page is rendered in answer to the post
//! with the problem next to the form (`app::interviews::loop_page::AttachAttempt` in the
//! request's extensions), under the problem's status.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse, web};
use app::interviews::loop_page::AttachAttempt;
use service::Services;
use service::interviews::work_samples;
use uuid::Uuid;

#[derive(serde::Deserialize)]
struct Attach {
    attach: Uuid,
}

/// Wraps the loop page's POST route: the page renders only when the post was refused.
pub async fn submit(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let services = req.app_data::<web::Data<Services>>().cloned();
    let loop_id = req.match_info().get("id").and_then(|s| s.parse::<Uuid>().ok());
    let stage = web::Query::<Attach>::from_query(req.query_string()).ok().map(|q| q.attach);
    let (Some(services), Some(loop_id), Some(stage)) = (services, loop_id, stage) else {
        // not ids: the page answers 404
        return Ok(next.call(req).await?.map_into_left_body());
    };
    // who is asking (the session cookie; a cross-site post is refused) and whether they
    // may attach here, before the upload is read
    let target = match api::auth::actor_of(req.request()).await {
        Ok(actor) => match work_samples::prepare_attach(&services, &actor, loop_id, stage).await {
            Ok(target) => Ok((actor, target)),
            Err(e) => Err(e),
        },
        Err(e) => Err(e.0),
    };
    let outcome = match target {
        Ok((actor, target)) => {
            let payload = req.take_payload();
            match api::interviews::work_samples::read_upload(req.headers(), payload).await {
                Ok(upload) => work_samples::attach(&services, &actor, target, &upload).await.map(|_| ()),
                Err(e) => Err(e),
            }
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => {
            let to = format!("/interviews/loops/{loop_id}#work-samples-{stage}");
            let response = HttpResponse::SeeOther().insert_header(("location", to)).finish();
            Ok(req.into_response(response).map_into_right_body())
        }
        Err(problem) => {
            req.extensions_mut().insert(AttachAttempt { stage, problem: problem.body() });
            Ok(next.call(req).await?.map_into_left_body())
        }
    }
}
