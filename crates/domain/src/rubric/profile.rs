//! A person's competency profile: where they stand against their role profile, the
//! difference between their own view and their manager's, and how it moved over cycles.

use super::gap::GapRow;
use super::role_profile::FrameworkVersionRef;
use crate::identity::PersonRef;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleProfileRef {
    pub id: Uuid,
    pub name: String,
}

/// One submitted assessment in the person's history, with its levels by slug.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub assessment_id: Uuid,
    pub cycle_id: Uuid,
    pub cycle_name: String,
    pub ends_on: NaiveDate,
    pub kind: super::assessment::AssessmentKind,
    pub submitted_at: DateTime<Utc>,
    /// Amended later: the amendment's levels count instead.
    pub amended: bool,
    pub levels: BTreeMap<String, i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonCompetencies {
    pub person: PersonRef,
    pub role_profile: Option<RoleProfileRef>,
    /// None when the organization has no published framework.
    pub framework: Option<FrameworkVersionRef>,
    /// Current ratings (newest submitted per competency) against the expected levels,
    /// largest gap first.
    pub rows: Vec<GapRow>,
    /// Submitted assessments, newest first.
    pub history: Vec<HistoryEntry>,
}

impl PersonCompetencies {
    /// Rows in framework order (the radar's spoke order), whatever order they are kept in.
    pub fn in_framework_order<'a>(&'a self, order: &[String]) -> Vec<&'a GapRow> {
        let mut rows: Vec<&GapRow> = self.rows.iter().collect();
        rows.sort_by_key(|r| order.iter().position(|s| *s == r.slug).unwrap_or(usize::MAX));
        rows
    }
}
