//! Queries of the identity module: organizations, people, teams, sessions, sign-in
//! throttling. Every query takes the organization id: nothing crosses organizations.

pub mod invitations;
pub mod orgs;
pub mod people;
pub mod sessions;
pub mod teams;
pub mod throttle;
