//! One module per page.

pub mod accept_invite;
pub mod assessment;
pub mod assessments;
pub mod audit;
pub mod competencies;
pub mod competency_edit;
pub mod component;
pub mod components_list;
pub mod cycles;
pub mod framework;
pub mod framework_diff;
pub mod framework_draft;
pub mod framework_import;
pub mod frameworks;
pub mod home;
pub mod not_found;
pub mod org_chart;
pub mod ownership;
pub mod ownership_import;
pub mod ownership_reports;
pub mod people;
pub mod people_import;
pub mod person;
pub mod person_edit;
pub mod role_profiles;
pub mod sessions;
pub mod setup;
pub mod sign_in;
pub mod skills_matrix;
pub mod team_edit;
pub mod teams;

/// Percent-encodes a path for a `next=` parameter.
pub fn people_query_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
