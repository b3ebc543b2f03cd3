//! Rubric: competency frameworks and their drafts, role profiles, assessment cycles,
//! assessments, a person's competencies and a team's skills matrix. Pages, one module
//! each, the pieces only these pages use, and their server functions.

pub mod assessment;
pub mod assessments;
pub mod competencies;
pub mod competency_edit;
pub mod cycles;
pub mod framework;
pub mod framework_diff;
pub mod framework_doc;
pub mod framework_draft;
pub mod framework_import;
pub mod framework_select;
pub mod frameworks;
pub mod role_profiles;
pub mod sfn;
pub mod skills_matrix;
