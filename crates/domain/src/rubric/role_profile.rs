//! Role profiles: a named role ("Engineer II", "IT Lead") and the level it expects in each
//! competency of one published framework version. People are assigned one.

use crate::identity::PersonRef;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The framework version something is measured against, for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FrameworkVersionRef {
    pub framework_id: Uuid,
    pub framework_name: String,
    pub version_id: Uuid,
    pub number: i32,
    pub level_count: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleProfileSummary {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub framework: FrameworkVersionRef,
    /// Competencies with an expected level.
    pub expectation_count: i64,
    /// Active people assigned this profile.
    pub people_count: i64,
    /// Send this back when updating; a stale one gets 409.
    pub version: i32,
}

/// The level a role expects in one competency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Expectation {
    pub slug: String,
    pub name: String,
    pub area: String,
    /// None: the role has no expectation for this competency.
    pub level: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleProfileDetail {
    #[serde(flatten)]
    pub summary: RoleProfileSummary,
    /// Every competency of the framework version, in framework order.
    pub expectations: Vec<Expectation>,
    pub people: Vec<PersonRef>,
}

/// A new role profile against the newest published version of a framework.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewRoleProfile {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub framework_id: Uuid,
    /// Expected level per competency slug; competencies left out have no expectation.
    #[serde(default)]
    pub expectations: BTreeMap<String, i32>,
}

/// Replaces a role profile's name, description and expectations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateRoleProfile {
    pub version: i32,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub expectations: BTreeMap<String, i32>,
    /// Move the profile to the framework's newest published version (expectations are
    /// matched by slug against it).
    #[serde(default)]
    pub upgrade: bool,
}

/// Assigns a role profile to a person, or clears it with `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignRoleProfile {
    pub role_profile_id: Option<Uuid>,
}
