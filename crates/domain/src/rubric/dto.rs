//! What the rubric API and pages exchange about frameworks and their versions.

use super::FrameworkDoc;
use super::diff::Change;
use crate::identity::PersonRef;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    Draft,
    Published,
}

impl VersionStatus {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(Self::Draft),
            "published" => Some(Self::Published),
            _ => None,
        }
    }
}

/// A framework in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FrameworkSummary {
    pub id: Uuid,
    pub name: String,
    /// Shipped with Hatrack (the IT Lead framework).
    pub builtin: bool,
    /// The newest published version's number; none until the first publish.
    pub published_number: Option<i32>,
    pub published_at: Option<DateTime<Utc>>,
    /// The draft in progress, if any.
    pub draft_number: Option<i32>,
    /// Competencies in the newest published version.
    pub competency_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VersionSummary {
    pub id: Uuid,
    pub number: i32,
    pub status: VersionStatus,
    pub change_note: String,
    /// The version this one was started from.
    pub based_on_number: Option<i32>,
    pub created_by: Option<PersonRef>,
    pub created_at: DateTime<Utc>,
    pub published_by: Option<PersonRef>,
    pub published_at: Option<DateTime<Utc>>,
    /// Send this back when saving or publishing a draft; a stale one gets 409.
    pub version: i32,
}

/// `GET /api/v1/frameworks/{id}`: the framework and all its versions, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FrameworkDetail {
    #[serde(flatten)]
    pub summary: FrameworkSummary,
    pub versions: Vec<VersionSummary>,
}

/// One version with its whole content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VersionDetail {
    pub framework_id: Uuid,
    pub id: Uuid,
    pub number: i32,
    pub status: VersionStatus,
    pub version: i32,
    pub document: FrameworkDoc,
}

/// `POST /api/v1/frameworks`: a new framework with an empty draft.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewFramework {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// 3 to 7; 5 when left out.
    #[serde(default)]
    pub level_count: Option<i32>,
}

/// `PUT /api/v1/frameworks/{id}/draft`: the whole draft document.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveDraft {
    pub document: FrameworkDoc,
    pub version: i32,
}

/// `POST /api/v1/frameworks/{id}/publish`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishDraft {
    /// What changed and why, for the version history.
    pub change_note: String,
    pub version: i32,
}

/// `GET /api/v1/frameworks/{id}/diff?from=1&to=2`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FrameworkDiff {
    pub from: i32,
    pub to: i32,
    pub changes: Vec<Change>,
}

/// Something an import could not carry over as-is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportNoteDto {
    pub place: String,
    pub message: String,
}

/// `POST /api/v1/frameworks/import`: what the file holds and what would be (or was)
/// created. `problems` must be empty for the import to go ahead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportPreview {
    pub format: String,
    pub document: FrameworkDoc,
    pub areas: usize,
    pub competencies: usize,
    pub anchors: usize,
    /// Anchors left blank (to write before publishing).
    pub empty_anchors: usize,
    pub notes: Vec<ImportNoteDto>,
    pub problems: BTreeMap<String, String>,
    pub dry_run: bool,
    /// The framework the import created or gave a new draft (not on a dry run).
    pub framework_id: Option<Uuid>,
    pub draft_number: Option<i32>,
}

impl ImportPreview {
    pub fn counts(doc: &FrameworkDoc) -> (usize, usize, usize, usize) {
        let comps = doc.competencies().count();
        let anchors = doc.competencies().map(|(_, c)| c.levels.iter().filter(|l| !l.is_empty()).count()).sum();
        (
            doc.areas.len(),
            comps,
            anchors,
            comps * doc.level_count.max(0) as usize - anchors.min(comps * doc.level_count.max(0) as usize),
        )
    }
}
