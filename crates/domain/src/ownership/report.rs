//! Reports over the matrix: rule breaks, orphans and stale rows (gaps), and key-person
//! risk. Each entry says why it is listed; the UI links each to the row to fix.

use super::component::ComponentRef;
use super::raci::RuleBreak;
use crate::identity::{PersonRef, TeamRef};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A (component, activity) row, named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowRef {
    pub component: ComponentRef,
    pub activity_id: Uuid,
    pub activity: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BrokenRow {
    pub row: RowRef,
    pub breaks: Vec<RuleBreak>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaleRow {
    pub row: RowRef,
    pub accountable: Option<PersonRef>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub due_at: DateTime<Utc>,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Orphan {
    pub component: ComponentRef,
    pub why: String,
}

/// Entries listed per report section unless the caller asks for more (the sections are
/// ordered worst first; the totals say how many there are in all).
pub const SECTION_LIMIT: usize = 100;
/// The most entries a caller may ask for per section.
pub const MAX_SECTION_LIMIT: usize = 1000;

/// How many entries a section has in all (the list shows the first `limit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SectionTotals {
    pub broken: usize,
    pub orphans: usize,
    pub stale: usize,
}

/// `GET /api/v1/ownership/gaps`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnershipGaps {
    /// Rows in use that break a rule, worst tier first.
    pub broken: Vec<BrokenRow>,
    /// Components (not retired) with nobody accountable on any row.
    pub orphans: Vec<Orphan>,
    /// Rows not confirmed within the organization's verification period, longest
    /// overdue first.
    pub stale: Vec<StaleRow>,
    /// How many entries each section has in all.
    pub totals: SectionTotals,
    /// Entries listed per section at most.
    pub limit: usize,
    pub verify_days: i32,
}

impl OwnershipGaps {
    /// The report with each section cut to its first `limit` entries (totals kept).
    pub fn capped(&self, limit: usize) -> OwnershipGaps {
        OwnershipGaps {
            broken: first(&self.broken, limit),
            orphans: first(&self.orphans, limit),
            stale: first(&self.stale, limit),
            totals: self.totals,
            limit,
            verify_days: self.verify_days,
        }
    }
}

fn first<T: Clone>(list: &[T], limit: usize) -> Vec<T> {
    list.iter().take(limit).cloned().collect()
}

/// A row a single person carries alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SoleRow {
    pub row: RowRef,
    /// "R", "A" or "A+R".
    pub letters: String,
}

/// Someone who is the only R, or the A, on many tier 1–2 rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SinglePoint {
    pub person: PersonRef,
    pub count: i64,
    pub rows: Vec<SoleRow>,
    pub why: String,
}

/// A responsible person below the level the activity needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SkillShortfall {
    pub row: RowRef,
    pub person: PersonRef,
    pub competency: String,
    pub required: i32,
    /// Their level from their latest submitted assessment (manager's, else their own);
    /// None when never rated.
    pub level: Option<i32>,
    pub why: String,
}

/// An accountable person with nobody else on their teams qualified to take over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoSuccessor {
    pub row: RowRef,
    pub accountable: PersonRef,
    pub teams: Vec<TeamRef>,
    pub why: String,
}

/// How many entries each key-person section has in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskTotals {
    pub single_points: usize,
    pub skill_shortfalls: usize,
    pub no_successor: usize,
}

/// `GET /api/v1/ownership/key-person-risk` (HR and admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyPersonRisk {
    /// People listed here carry at least this many tier 1–2 rows alone.
    pub threshold: i64,
    /// Most loaded first.
    pub single_points: Vec<SinglePoint>,
    /// Most critical tier first.
    pub skill_shortfalls: Vec<SkillShortfall>,
    /// Most critical tier first.
    pub no_successor: Vec<NoSuccessor>,
    /// How many entries each section has in all.
    pub totals: RiskTotals,
    /// Entries listed per section at most.
    pub limit: usize,
}

impl KeyPersonRisk {
    /// The report with each section cut to its first `limit` entries (totals kept).
    pub fn capped(&self, limit: usize) -> KeyPersonRisk {
        KeyPersonRisk {
            threshold: self.threshold,
            single_points: first(&self.single_points, limit),
            skill_shortfalls: first(&self.skill_shortfalls, limit),
            no_successor: first(&self.no_successor, limit),
            totals: self.totals,
            limit,
        }
    }
}

/// What one person owns ("what I own"), or a team's load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnedRow {
    pub row: RowRef,
    pub letter: String,
    /// Who holds it: the person, or the team.
    pub holder: String,
    /// Through a team the person is in, rather than by name.
    pub via_team: Option<TeamRef>,
    pub stale: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ownership {
    /// Highest tier first; on a page, only the first of them (see `total`).
    pub rows: Vec<OwnedRow>,
    /// How many rows carry each letter, A R S C I order, letters held only.
    pub counts: Vec<LetterCount>,
    /// How many rows there are in all.
    pub total: usize,
}

impl Ownership {
    /// The first `limit` rows, with the counts and total of all of them.
    pub fn capped(&self, limit: usize) -> Ownership {
        Ownership { rows: first(&self.rows, limit), counts: self.counts.clone(), total: self.total }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LetterCount {
    pub letter: String,
    pub count: i64,
}
