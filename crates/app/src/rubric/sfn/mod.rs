//! The rubric's server functions: frameworks, drafts, imports and role profiles
//! (`frameworks`); cycles, assessments and what they add up to (`assessments`).

mod assessments;
mod frameworks;

pub use assessments::*;
pub use frameworks::*;
