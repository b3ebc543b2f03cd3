//! Competency rubrics: frameworks and their versions, role profiles, assessment cycles,
//! assessments, and the standing (profile, skills matrix) computed from them.

pub mod assessments;
pub mod builtin;
pub mod catalog;
pub mod cycles;
pub mod demo;
pub mod frameworks;
pub mod ladder_folder;
pub mod role_profiles;
pub mod standing;
