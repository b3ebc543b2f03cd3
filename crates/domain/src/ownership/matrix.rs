//! The ownership matrix: components × activities, each row in use carrying its letters,
//! when it was last confirmed and the rules it breaks.

use super::activity::Activity;
use super::component::ComponentRef;
use super::raci::{Assignment, RuleBreak};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Someone who can hold a letter, for the matrix's lookup tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HolderRef {
    pub id: Uuid,
    pub name: String,
    /// People only: false once deactivated.
    pub active: bool,
}

/// One (component, activity) row in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatrixRow {
    pub component_id: Uuid,
    pub activity_id: Uuid,
    pub assignments: Vec<Assignment>,
    /// When the accountable person last confirmed the row (None: never).
    pub confirmed_at: Option<DateTime<Utc>>,
    /// When the row next needs confirming; past it, the row is stale.
    pub due_at: DateTime<Utc>,
    pub stale: bool,
    pub breaks: Vec<RuleBreak>,
    /// Send this back when changing the row; a stale one gets 409.
    pub version: i32,
}

/// `GET /api/v1/ownership`: one page of components (200 by default) with their rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnershipMatrix {
    pub components: Vec<ComponentRef>,
    pub activities: Vec<Activity>,
    pub rows: Vec<MatrixRow>,
    /// Names of the people and teams the rows mention (ids in `rows`).
    pub people: Vec<HolderRef>,
    pub teams: Vec<HolderRef>,
    pub settings: OwnershipSettings,
    /// Components of this page the signed-in person may edit the rows of.
    pub editable: Vec<Uuid>,
    /// Components matching the filter in all; `components` is one page of them, most
    /// critical first.
    pub total_components: usize,
    pub page: u32,
    pub per_page: u32,
}

/// Per-organization ownership settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnershipSettings {
    /// The accountable person confirms each row every this many days.
    pub verify_days: i32,
    /// Allow the S (supportive) letter.
    pub rasci: bool,
}

/// `PUT /api/v1/ownership`: replaces the letters of one row (an empty list takes the row
/// out of use).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowInput {
    pub component_id: Uuid,
    pub activity_id: Uuid,
    pub assignments: Vec<AssignmentInput>,
    /// The row's version as read; omit for a row not yet in use.
    #[serde(default)]
    pub version: Option<i32>,
}

/// A letter as written: exactly one of `person_id` and `team_id`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignmentInput {
    /// R, A, C, I (and S when the organization uses RASCI)
    pub letter: String,
    #[serde(default)]
    pub person_id: Option<Uuid>,
    #[serde(default)]
    pub team_id: Option<Uuid>,
}

/// `POST /api/v1/ownership/confirm`: the accountable person confirms a row still holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfirmRow {
    pub component_id: Uuid,
    pub activity_id: Uuid,
}
