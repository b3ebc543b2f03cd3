//! Coaching and growth: feedback in SBI form and its quality hints, feedback requests,
//! 1:1s, growth goals (issue 25).

pub mod feedback;
pub mod hints;
