//! Identity: signing in, first-run setup, invitations, people, teams, the org chart, one's
//! sessions and the audit log. Pages, one module each, and their server functions.

pub mod accept_invite;
pub mod audit;
pub mod org_chart;
pub mod people;
pub mod people_import;
pub mod person;
pub mod person_edit;
pub mod sessions;
pub mod setup;
pub mod sfn;
pub mod sign_in;
pub mod team_edit;
pub mod teams;
