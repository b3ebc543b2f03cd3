//! Activities: the kinds of work done on every component (incident response, patching…),
//! an editable list per organization. An activity may need a competency at a minimum level.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The competency an activity needs, and the lowest level that counts as qualified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompetencyNeed {
    pub framework_id: Uuid,
    pub slug: String,
    /// The competency's name in the framework's newest published version.
    pub name: String,
    pub min_level: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub needs: Option<CompetencyNeed>,
    /// Where it sits in the list (matrix columns follow it).
    pub position: i32,
    /// Matrix rows that use it.
    pub row_count: i64,
    /// Send this back when updating; a stale one gets 409.
    pub version: i32,
}

/// A new activity, or the whole of an edited one (with `version`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityInput {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Slug of a competency of the organization's framework (e.g. "incident-response").
    #[serde(default)]
    pub competency_slug: Option<String>,
    /// Required with `competency_slug`.
    #[serde(default)]
    pub min_level: Option<i32>,
    /// Which framework the slug belongs to; the organization's first framework by default.
    #[serde(default)]
    pub framework_id: Option<Uuid>,
    #[serde(default)]
    pub position: Option<i32>,
    /// Required when editing: the version you read.
    #[serde(default)]
    pub version: Option<i32>,
}
