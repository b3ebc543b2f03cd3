//! Queries of the interviews module: the exercise library, interview plans and their
//! published stages, candidates, loops with their panels, scorecards, and work-sample
//! links and submissions.

pub mod candidates;
pub mod exercises;
pub mod loops;
pub mod plans;
pub mod scorecards;
pub mod work_samples;
