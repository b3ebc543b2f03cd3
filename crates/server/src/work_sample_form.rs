//! The candidate's work-sample form posted without JavaScript (`POST /work-sample/{token}`,
//! `multipart/form-data`, which server functions do not take). The upload is read with
//! the API's reader and goes through the same use cases as `POST /api/v1/work-sample/{token}`;
//! then either the browser is sent to the page again (303, `?sent=1`: the thanks), or the
//! page is rendered in answer to the post with the problem and the text as typed
//! (`app::interviews::work_sample::Attempt` in the request's extensions), under the
//! problem's status. No cookie carries the text, so a long answer is never lost to a
//! cookie's size, and nothing is kept once the answer is sent.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse, web};
use app::interviews::work_sample::Attempt;
use domain::interviews::work_samples::PAGE_PATH;
use service::Services;
use service::interviews::work_samples;

/// Wraps the page's POST route: the page renders only when the post was refused.
pub async fn submit(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let Some(services) = req.app_data::<web::Data<Services>>().cloned() else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let token = req.match_info().get("token").unwrap_or_default().to_string();
    let ip = service::auth::web::client(req.request()).ip;
    // Read first (within the upload's limits), so whatever the answer is, the text typed
    // can be shown again.
    let payload = req.take_payload();
    let (upload, problem) = api::interviews::work_samples::read_parts(req.headers(), payload).await;
    let outcome = match problem {
        Some(problem) => Err(problem),
        None => match work_samples::admit(&services, &token, &ip).await {
            Ok(admitted) => work_samples::submit(&services, admitted, &upload).await.map(|_| ()),
            Err(problem) => Err(problem),
        },
    };
    match outcome {
        // the token was admitted, so it is URL-safe as it is
        Ok(()) => {
            let to = format!("{PAGE_PATH}{token}?sent=1");
            let response = HttpResponse::SeeOther().insert_header(("location", to)).finish();
            Ok(req.into_response(response).map_into_right_body())
        }
        Err(problem) => {
            req.extensions_mut().insert(Attempt { problem: problem.body(), text: upload.text });
            Ok(next.call(req).await?.map_into_left_body())
        }
    }
}
