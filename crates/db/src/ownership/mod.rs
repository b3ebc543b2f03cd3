//! Queries of the ownership module: components and their dependencies, activities, the
//! RACI matrix rows and the reports computed over them.

pub mod activities;
pub mod components;
pub mod dependencies;
pub mod matrix;
pub mod reports;
pub mod settings;

use diesel::QueryableByName;
use diesel::sql_types::{Integer, Text, Uuid as SqlUuid};
use uuid::Uuid;

/// `PersonStatus::may_hold_ownership` as SQL, for the `people` table named `alias`: who
/// may hold a RACI letter (anyone not deactivated). Kept in step with the domain's by a
/// test that asks PostgreSQL about every status.
pub fn may_hold_ownership(alias: &str) -> String {
    format!("({alias}.status <> 'deactivated')")
}

/// The columns of a component reference, for queries that name the table `c`.
pub const COMPONENT_REF: &str = "c.id, c.name, c.kind, c.tier, c.lifecycle";

/// A component as referenced from rows and reports.
#[derive(Debug, Clone, QueryableByName)]
pub struct ComponentRefRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Integer)]
    pub tier: i32,
    #[diesel(sql_type = Text)]
    pub lifecycle: String,
}
