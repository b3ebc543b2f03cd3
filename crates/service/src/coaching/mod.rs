//! Coaching and growth: feedback in SBI form, feedback requests, 1:1s, growth goals, the
//! inbox and a person's timeline. Every use case asks `policy` first; who reads a
//! feedback entry is also decided in the SQL of `db::coaching`, so no read returns a
//! private note to anyone but its author.

pub mod feedback;
