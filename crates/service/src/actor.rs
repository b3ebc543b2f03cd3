//! Who is asking: the signed-in person, as loaded from the database for this request
//! (roles and status are read fresh, never trusted from the token).

use domain::identity::{OrganizationRef, Role};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub person_id: Uuid,
    pub organization_id: Uuid,
    pub organization_name: String,
    pub name: String,
    pub roles: Vec<Role>,
    pub session_id: Uuid,
    /// The request's id, written into audit events.
    pub request_id: Option<String>,
    /// The organization's people generation when the sign-in check ran: a cached person
    /// detail computed at this generation is still current (see `identity::people::get`).
    /// None where no sign-in check ran (the sign-in itself): nothing is cached then.
    pub people_generation: Option<i64>,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Their organization, as the sign-in check read it.
    pub fn organization(&self) -> OrganizationRef {
        OrganizationRef { id: self.organization_id, name: self.organization_name.clone() }
    }
}

/// Roles as stored (`text[]`) → typed, dropping anything unknown.
pub fn roles_from_db(raw: &[Option<String>]) -> Vec<Role> {
    let mut roles: Vec<Role> = raw.iter().flatten().filter_map(|r| Role::parse(r)).collect();
    roles.sort();
    roles.dedup();
    roles
}

pub fn roles_to_db(roles: &[Role]) -> Vec<String> {
    let mut roles: Vec<Role> = roles.to_vec();
    roles.sort();
    roles.dedup();
    roles.into_iter().map(|r| r.as_str().to_string()).collect()
}
