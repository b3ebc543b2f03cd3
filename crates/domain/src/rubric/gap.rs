//! Gaps between what a role expects and what an assessment found, and the team coverage
//! questions: which competencies nobody on a team holds at the expected level, and which
//! only one person holds (bus factor 1).

use serde::{Deserialize, Serialize};

/// One competency of a person: expected level (from the role profile), the manager's and
/// the person's own rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GapRow {
    pub slug: String,
    pub name: String,
    pub area: String,
    pub expected: Option<i32>,
    pub manager: Option<i32>,
    #[serde(rename = "self")]
    pub self_rating: Option<i32>,
}

impl GapRow {
    /// Expected minus the manager's rating (or the person's own when no manager rating
    /// exists yet): positive means below expectation.
    pub fn gap(&self) -> Option<i32> {
        Some(self.expected? - self.manager.or(self.self_rating)?)
    }

    /// Self and manager ratings differ by this much (none when either is missing).
    pub fn disagreement(&self) -> Option<i32> {
        Some((self.self_rating? - self.manager?).abs())
    }
}

/// Rows sorted by gap, largest first; among equal gaps, where self and manager disagree
/// most comes first (the conversation to have); rows without a gap last, in framework
/// order.
pub fn sorted_by_gap(mut rows: Vec<GapRow>) -> Vec<GapRow> {
    rows.sort_by_key(|r| std::cmp::Reverse((r.gap().unwrap_or(i32::MIN), r.disagreement().unwrap_or(0))));
    rows
}

/// For each competency: how many people on the team hold it at or above `expected`.
/// `levels[p][c]` is person p's level of competency c.
pub fn holders(levels: &[Vec<Option<i32>>], expected: &[Option<i32>]) -> Vec<usize> {
    expected
        .iter()
        .enumerate()
        .map(|(c, exp)| {
            levels
                .iter()
                .filter(|p| matches!((p.get(c).copied().flatten(), exp), (Some(l), Some(e)) if l >= *e))
                .count()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(slug: &str, expected: Option<i32>, manager: Option<i32>, own: Option<i32>) -> GapRow {
        GapRow { slug: slug.into(), name: slug.into(), area: "a".into(), expected, manager, self_rating: own }
    }

    #[test]
    fn gaps_use_the_manager_rating_first() {
        assert_eq!(row("a", Some(4), Some(2), Some(4)).gap(), Some(2));
        assert_eq!(row("a", Some(4), None, Some(3)).gap(), Some(1));
        assert_eq!(row("a", None, Some(2), None).gap(), None);
        assert_eq!(row("a", Some(3), Some(2), Some(4)).disagreement(), Some(2));
        let sorted = sorted_by_gap(vec![
            row("small", Some(3), Some(2), None),
            row("none", None, Some(1), None),
            row("big", Some(5), Some(1), None),
        ]);
        let order: Vec<&str> = sorted.iter().map(|r| r.slug.as_str()).collect();
        assert_eq!(order, ["big", "small", "none"]);
    }

    #[test]
    fn holders_count_people_at_or_above_the_expected_level() {
        let levels = vec![vec![Some(3), Some(1), None], vec![Some(4), Some(2), Some(5)]];
        assert_eq!(holders(&levels, &[Some(3), Some(3), Some(2)]), vec![2, 0, 1]);
    }
}
