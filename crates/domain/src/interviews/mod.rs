//! Structured interviews: plans of stages that rate competencies of a published framework
//! version, candidates, loops, scorecards (independent, optionally blind), debriefs and
//! decision records. The statistics behind the debrief are in [`crate::stats`].

pub mod calendar;
pub mod code;
pub mod decision;
pub mod dto;
pub mod exercise;
pub mod file_type;
pub mod kit;
pub mod library;
pub mod plan;
pub mod scorecard;
pub mod work_samples;
