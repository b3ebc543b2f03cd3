//! A person's competency profile: where they stand against their role profile, the
//! difference between their own view and their manager's, and how it moved over cycles.

use super::gap::GapRow;
use super::role_profile::FrameworkVersionRef;
use crate::identity::PersonRef;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
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
    /// The number of the framework version it was made against (its cycle's).
    pub framework_version: i32,
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
    /// The version of `framework` the role profile's expectations were set on: a profile
    /// stays on its version until HR moves it, so it can be older than `framework`'s.
    /// None without a role profile, or with one on another framework.
    pub role_profile_version: Option<i32>,
    /// None when the organization has no published framework; else the version whose
    /// competencies the rows list (the newest published).
    pub framework: Option<FrameworkVersionRef>,
    /// Current ratings (newest submitted per competency) against the expected levels,
    /// largest gap first.
    pub rows: Vec<GapRow>,
    /// Submitted assessments, newest first.
    pub history: Vec<HistoryEntry>,
    /// Current ratings made against an older version whose anchor for the rated level
    /// reads differently in `framework`'s version.
    pub changed_anchors: Vec<ChangedAnchor>,
}

/// A current rating given against an older version's anchor that has changed since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangedAnchor {
    pub slug: String,
    pub kind: super::assessment::AssessmentKind,
    /// The number of the framework version the rating was made against.
    pub framework_version: i32,
    pub level: i32,
}

impl PersonCompetencies {
    /// Rows in framework order (the radar's spoke order), whatever order they are kept in.
    pub fn in_framework_order<'a>(&'a self, order: &[String]) -> Vec<&'a GapRow> {
        let mut rows: Vec<&GapRow> = self.rows.iter().collect();
        rows.sort_by_key(|r| order.iter().position(|s| *s == r.slug).unwrap_or(usize::MAX));
        rows
    }

    /// The note on a current rating of one kind, if its anchor has changed since.
    pub fn changed_anchor(&self, slug: &str, kind: super::assessment::AssessmentKind) -> Option<&ChangedAnchor> {
        self.changed_anchors.iter().find(|c| c.slug == slug && c.kind == kind)
    }
}

/// Where a current rating comes from: the version and level of the assessment that gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatingSource<'a> {
    pub slug: &'a str,
    pub kind: super::assessment::AssessmentKind,
    pub version: i32,
    pub level: i32,
}

/// The source of each current rating in `history` (newest first): per competency and
/// kind, the newest assessment that rated it and was not amended, the way the
/// `current_ratings` table picks it. (A rating older than the history's window has none.)
pub fn current_sources(history: &[HistoryEntry]) -> Vec<RatingSource<'_>> {
    let mut seen = HashSet::new();
    let mut sources = Vec::new();
    for h in history.iter().filter(|h| !h.amended) {
        for (slug, level) in &h.levels {
            if seen.insert((slug.as_str(), h.kind.as_str())) {
                sources.push(RatingSource { slug, kind: h.kind, version: h.framework_version, level: *level });
            }
        }
    }
    sources
}

/// The sources made against a version older than `shown` whose anchor for the rated level
/// differs in `shown`; `anchor(version, slug, level)` is the anchor as that version has it.
pub fn changed_anchors<A: PartialEq>(
    sources: &[RatingSource<'_>],
    shown: i32,
    anchor: impl Fn(i32, &str, i32) -> Option<A>,
) -> Vec<ChangedAnchor> {
    sources
        .iter()
        .filter(|s| s.version < shown && anchor(s.version, s.slug, s.level) != anchor(shown, s.slug, s.level))
        .map(|s| ChangedAnchor { slug: s.slug.to_string(), kind: s.kind, framework_version: s.version, level: s.level })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::assessment::AssessmentKind::{self, Manager, SelfAssessment};
    use super::*;

    fn entry(kind: AssessmentKind, version: i32, amended: bool, levels: &[(&str, i32)]) -> HistoryEntry {
        HistoryEntry {
            assessment_id: Uuid::nil(),
            cycle_id: Uuid::nil(),
            cycle_name: "Spring".into(),
            ends_on: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
            kind,
            framework_version: version,
            submitted_at: DateTime::<Utc>::UNIX_EPOCH,
            amended,
            levels: levels.iter().map(|(s, l)| (s.to_string(), *l)).collect(),
        }
    }

    #[test]
    fn the_newest_unamended_assessment_of_each_kind_gives_the_current_rating() {
        let history = vec![
            // an amendment that dropped the networks rating, then the assessment it amends
            entry(Manager, 2, false, &[("backups", 4)]),
            entry(Manager, 2, true, &[("backups", 5), ("networks", 1)]),
            entry(SelfAssessment, 1, false, &[("backups", 3), ("networks", 2)]),
            entry(Manager, 1, false, &[("backups", 1), ("networks", 3)]),
        ];
        let sources = current_sources(&history);
        let of = |slug: &str, kind: AssessmentKind| {
            sources.iter().find(|s| s.slug == slug && s.kind == kind).map(|s| (s.version, s.level))
        };
        assert_eq!(of("backups", Manager), Some((2, 4)));
        assert_eq!(of("networks", Manager), Some((1, 3)), "an amended assessment counts through its amendment only");
        assert_eq!(of("backups", SelfAssessment), Some((1, 3)));
        assert_eq!(sources.len(), 4);
    }

    #[test]
    fn only_ratings_against_an_older_version_with_another_anchor_are_noted() {
        let history = vec![
            entry(Manager, 2, false, &[("backups", 4)]),
            entry(SelfAssessment, 1, false, &[("backups", 3), ("networks", 2)]),
        ];
        // Version 2 rewrote level 3 of backups and kept networks as it was.
        let anchor = |version: i32, slug: &str, level: i32| match (slug, level) {
            ("backups", 3) => Some(format!("backups 3 as of version {version}")),
            _ => Some(format!("{slug} {level}")),
        };
        let notes = changed_anchors(&current_sources(&history), 2, anchor);
        let rewritten = ChangedAnchor { slug: "backups".into(), kind: SelfAssessment, framework_version: 1, level: 3 };
        assert_eq!(notes, vec![rewritten]);
        assert!(changed_anchors(&current_sources(&history), 1, anchor).is_empty(), "nothing older than version 1");
        let gone = |version: i32, _: &str, _: i32| (version == 1).then_some("an anchor");
        assert_eq!(changed_anchors(&current_sources(&history), 2, gone).len(), 2, "a removed anchor changed too");
    }
}
