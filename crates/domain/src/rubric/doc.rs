//! The framework document. Field order here is the order of every export, so an export →
//! import → export round trip gives identical text.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FrameworkDoc {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// How many levels every competency has (3 to 7).
    pub level_count: i32,
    /// Optional short names for the levels ("Learning", "Practising", …), one per level.
    #[serde(default)]
    pub level_names: Vec<String>,
    #[serde(default)]
    pub areas: Vec<AreaDoc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AreaDoc {
    /// Stable key: versions are compared by it.
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub competencies: Vec<CompetencyDoc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CompetencyDoc {
    /// Stable key, unique in the framework: versions and ratings are compared by it.
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// One anchor per level, in order 1..=level_count.
    #[serde(default)]
    pub levels: Vec<LevelDoc>,
}

/// A behavioural anchor: what you would observe of someone at this level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LevelDoc {
    pub level: i32,
    pub summary: String,
    #[serde(default)]
    pub signals: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
}

impl FrameworkDoc {
    pub fn competencies(&self) -> impl Iterator<Item = (&AreaDoc, &CompetencyDoc)> {
        self.areas.iter().flat_map(|a| a.competencies.iter().map(move |c| (a, c)))
    }

    pub fn competency(&self, slug: &str) -> Option<&CompetencyDoc> {
        self.competencies().map(|(_, c)| c).find(|c| c.slug == slug)
    }

    /// The name of a level ("3 · Independent"), or just its number without names.
    pub fn level_label(&self, level: i32) -> String {
        match usize::try_from(level - 1).ok().and_then(|i| self.level_names.get(i)) {
            Some(name) if !name.trim().is_empty() => format!("{level} · {name}"),
            _ => level.to_string(),
        }
    }
}

impl LevelDoc {
    /// An anchor says nothing when its summary is blank.
    pub fn is_empty(&self) -> bool {
        self.summary.trim().is_empty()
    }
}
