//! Structured interviews: the exercise library, interview plans, candidates, loops,
//! scorecards (independent, optionally blind), debriefs and decisions, and work samples
//! (the candidate's private link and what graders read). Every use case
//! asks `policy` first; who may read what of a loop is decided by its `LoopSeat`.

pub mod candidates;
pub mod debrief;
pub(crate) mod demo;
pub mod exercises;
pub mod kit;
pub mod loops;
pub mod plans;
pub mod scorecards;
pub mod stats;
pub mod work_samples;

use domain::identity::PersonRef;
use uuid::Uuid;

pub(crate) fn person(id: Uuid, name: impl Into<String>) -> PersonRef {
    PersonRef { id, name: name.into() }
}
