//! The team skills matrix: people × competencies with each person's current level, and
//! coverage: where nobody reaches the level the team's roles need, and where only one
//! person does (bus factor 1).

use super::role_profile::FrameworkVersionRef;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// Nobody on the team reaches the needed level.
    Gap,
    /// Exactly one person does.
    BusFactorOne,
    /// Two or more do.
    Covered,
    /// No role on the team expects this competency.
    NotExpected,
}

impl Coverage {
    pub fn of(needed: Option<i32>, holders: usize) -> Self {
        match (needed, holders) {
            (None, _) => Self::NotExpected,
            (Some(_), 0) => Self::Gap,
            (Some(_), 1) => Self::BusFactorOne,
            _ => Self::Covered,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Gap => "Nobody at the needed level",
            Self::BusFactorOne => "Bus factor 1",
            Self::Covered => "Covered",
            Self::NotExpected => "Not expected",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatrixCompetency {
    pub slug: String,
    pub name: String,
    pub area: String,
    pub area_slug: String,
    /// The highest level any role on the team expects: what the team needs to hold.
    pub needed: Option<i32>,
    /// People at or above `needed`.
    pub holders: usize,
    pub coverage: Coverage,
}

/// A person's current level in one competency: the manager's newest rating, else their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatrixCell {
    pub level: i32,
    /// False: only a self-rating exists so far.
    pub by_manager: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatrixPerson {
    pub id: Uuid,
    pub name: String,
    pub role_profile: Option<String>,
    /// One per competency, in the order of `competencies`.
    pub cells: Vec<Option<MatrixCell>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaRef {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SkillsMatrix {
    pub team_id: Uuid,
    pub team_name: String,
    pub framework: Option<FrameworkVersionRef>,
    /// The area filter applied, if any.
    pub area: Option<String>,
    /// Every area of the framework version, for the filter.
    pub areas: Vec<AreaRef>,
    pub competencies: Vec<MatrixCompetency>,
    pub people: Vec<MatrixPerson>,
}

impl SkillsMatrix {
    /// The matrix as CSV: one row per person, a column per competency, then the team's
    /// needed level and coverage as the last two rows.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("person,role profile");
        for c in &self.competencies {
            out.push(',');
            out.push_str(&csv_field(&c.name));
        }
        out.push_str("\r\n");
        for p in &self.people {
            out.push_str(&csv_field(&p.name));
            out.push(',');
            out.push_str(&csv_field(p.role_profile.as_deref().unwrap_or("")));
            for cell in &p.cells {
                out.push(',');
                if let Some(c) = cell {
                    out.push_str(&c.level.to_string());
                }
            }
            out.push_str("\r\n");
        }
        out.push_str("needed level,");
        for c in &self.competencies {
            out.push(',');
            if let Some(n) = c.needed {
                out.push_str(&n.to_string());
            }
        }
        out.push_str("\r\ncoverage,");
        for c in &self.competencies {
            out.push(',');
            out.push_str(c.coverage.label());
        }
        out.push_str("\r\n");
        out
    }
}

/// Quotes a CSV field when it needs it; a leading `=`, `+`, `-` or `@` is defused so a
/// spreadsheet does not run it as a formula.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_names_gaps_and_single_holders() {
        assert_eq!(Coverage::of(Some(3), 0), Coverage::Gap);
        assert_eq!(Coverage::of(Some(3), 1), Coverage::BusFactorOne);
        assert_eq!(Coverage::of(Some(3), 2), Coverage::Covered);
        assert_eq!(Coverage::of(None, 0), Coverage::NotExpected);
    }

    #[test]
    fn csv_quotes_and_defuses() {
        let m = SkillsMatrix {
            team_id: Uuid::nil(),
            team_name: "t".into(),
            framework: None,
            area: None,
            areas: vec![],
            competencies: vec![MatrixCompetency {
                slug: "a".into(),
                name: "Incidents, on call".into(),
                area: "Ops".into(),
                area_slug: "ops".into(),
                needed: Some(3),
                holders: 1,
                coverage: Coverage::BusFactorOne,
            }],
            people: vec![MatrixPerson {
                id: Uuid::nil(),
                name: "=cmd".into(),
                role_profile: None,
                cells: vec![Some(MatrixCell { level: 4, by_manager: true })],
            }],
        };
        let csv = m.to_csv();
        assert!(csv.starts_with("person,role profile,\"Incidents, on call\"\r\n"));
        assert!(csv.contains("'=cmd,,4\r\n"));
        assert!(csv.ends_with("coverage,,Bus factor 1\r\n"));
    }
}
