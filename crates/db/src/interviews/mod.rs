//! Queries of the interviews module: the exercise library, interview plans and their
//! published stages, candidates, loops with their panels, and scorecards.

pub mod candidates;
pub mod exercises;
pub mod loops;
pub mod plans;
pub mod scorecards;
