//! Assessment cycles: a named period in which everyone is rated against one published
//! framework version, by themselves and by their manager.

use super::role_profile::FrameworkVersionRef;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CycleStatus {
    /// Assessments can be started and submitted.
    Open,
    /// Finished: read-only; amendments are still possible, with a reason.
    Closed,
}

impl CycleStatus {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "open" => Some(Self::Open),
            "closed" => Some(Self::Closed),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CycleSummary {
    pub id: Uuid,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: CycleStatus,
    pub framework: FrameworkVersionRef,
    /// Active people in the organization: everyone takes part.
    pub people_count: i64,
    pub self_submitted: i64,
    pub manager_submitted: i64,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCycle {
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Rated against this framework's newest published version.
    pub framework_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateCycle {
    pub version: i32,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: CycleStatus,
}

/// How many people sit at each level of one competency (manager ratings of the cycle).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LevelDistribution {
    pub slug: String,
    pub name: String,
    pub area: String,
    /// Level → number of people.
    pub counts: BTreeMap<i32, i64>,
    pub rated: i64,
}

/// HR's view of a cycle: completion and the spread of levels per competency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CycleReport {
    pub cycle: CycleSummary,
    pub distribution: Vec<LevelDistribution>,
}
