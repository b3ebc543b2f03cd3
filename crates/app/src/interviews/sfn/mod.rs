//! Server functions of the interview pages: loops, scorecards, the debrief and decision,
//! plans and their draft editor, the exercise library, candidates and the statistics.
//! Each calls the same use case as the JSON API (`api/src/interviews/`), whose rules on
//! who sees what (independent scoring, blind grading) therefore hold here too; all are
//! listed in authorization.toml.
//!
//! One module per page family; all are re-exported here, so pages name them as
//! `super::sfn::…`.

mod candidates;
mod library;
mod loops;
mod plans;
mod scoring;

pub use candidates::*;
pub use library::*;
pub use loops::*;
pub use plans::*;
pub use scoring::*;

#[cfg(feature = "ssr")]
use crate::error::UiError;
#[cfg(feature = "ssr")]
use domain::interviews::dto::Loop;
#[cfg(feature = "ssr")]
use domain::interviews::work_samples::WorkSamples;
#[cfg(feature = "ssr")]
use uuid::Uuid;

/// The most a page lists in one go where it shows a list whole (a candidate's loops, the
/// candidates to schedule a loop for): the use cases' largest page. A longer list says so.
#[cfg(feature = "ssr")]
const LIST_CAP: i64 = 200;

/// The submissions of each work-sample stage of the loop, as the reader may see them.
#[cfg(feature = "ssr")]
async fn samples_of(
    services: &service::Services,
    actor: &service::Actor,
    lp: &Loop,
    only: Option<Uuid>,
) -> Result<Vec<WorkSamples>, UiError> {
    let mut out = Vec::new();
    for s in lp.stages.iter().filter(|s| s.kind == domain::interviews::plan::StageKind::WorkSample) {
        if only.is_none_or(|o| o == s.id) {
            out.push(service::interviews::work_samples::list(services, actor, lp.id, s.id).await?);
        }
    }
    Ok(out)
}
