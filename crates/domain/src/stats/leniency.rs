//! Leniency: does an interviewer rate above or below the rest of their panels?
//!
//! For every rating we compare the level with the mean of the *other* raters' levels on
//! the same candidate and competency. Comparing within a candidate takes the candidate out
//! of the picture: a rater who only met strong candidates is not lenient for rating them
//! high, only for rating them higher than their fellow panellists did. A rater's leniency
//! is the mean of those offsets, with how many ratings it rests on.
//!
//! The trend puts each offset in the quarter of the rating's own date; the others' mean
//! still uses all their ratings of that candidate and competency whatever their dates,
//! since it stands for the candidate, not the period.
//!
//! Ratings whose level is not finite are ignored. A rater who rated the same candidate
//! and competency twice has each rating counted; the others' mean never includes any of
//! their own.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// One interviewer's rating of one competency of one candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PanelRating {
    pub candidate: Uuid,
    /// The competency's slug in the framework version the interview used.
    pub competency: String,
    pub rater: Uuid,
    pub level: f64,
    pub rated_on: NaiveDate,
}

/// A calendar quarter: Q1 is January to March.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub q: u8,
}

impl Quarter {
    pub fn of(date: NaiveDate) -> Quarter {
        // month0 is 0..=11, so this is 1..=4 and fits a u8.
        Quarter { year: date.year(), q: (date.month0() / 3 + 1) as u8 }
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} Q{}", self.year, self.q)
    }
}

/// A rater's mean offset in one quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuarterOffset {
    pub quarter: Quarter,
    /// Mean of (own level − other raters' mean level) over the quarter's ratings.
    pub offset: f64,
    /// How many of the rater's ratings the offset rests on.
    pub ratings: usize,
}

/// How a rater's levels sit against their fellow panellists': positive is lenient,
/// negative severe, in levels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RaterLeniency {
    pub rater: Uuid,
    /// Mean of (own level − other raters' mean level) over all comparable ratings.
    pub offset: f64,
    /// How many of the rater's ratings had another rater on the same candidate and
    /// competency.
    pub ratings: usize,
    /// The same by quarter of the rating date, oldest first; quarters without a
    /// comparable rating are absent.
    pub by_quarter: Vec<QuarterOffset>,
}

/// Leniency of every rater who shares at least one candidate and competency with another
/// rater, ordered by rater id. Raters with nothing to compare are absent.
pub fn leniency(ratings: &[PanelRating]) -> Vec<RaterLeniency> {
    let mut panels: BTreeMap<(Uuid, &str), Vec<&PanelRating>> = BTreeMap::new();
    for rating in ratings.iter().filter(|r| r.level.is_finite()) {
        panels.entry((rating.candidate, rating.competency.as_str())).or_default().push(rating);
    }

    #[derive(Default)]
    struct Sum {
        total: f64,
        count: usize,
    }
    impl Sum {
        fn add(&mut self, offset: f64) {
            self.total += offset;
            self.count += 1;
        }
        fn mean(&self) -> f64 {
            self.total / self.count as f64
        }
    }

    let mut overall: BTreeMap<Uuid, Sum> = BTreeMap::new();
    let mut quarterly: BTreeMap<Uuid, BTreeMap<Quarter, Sum>> = BTreeMap::new();
    for panel in panels.values() {
        for rating in panel {
            // Panels are a few people, so summing the others afresh per rating is cheap,
            // and exact where subtracting one's own levels from a total might not be.
            let others = panel.iter().filter(|o| o.rater != rating.rater);
            let (sum, count) = others.fold((0.0, 0usize), |(s, c), o| (s + o.level, c + 1));
            if count == 0 {
                continue;
            }
            let offset = rating.level - sum / count as f64;
            overall.entry(rating.rater).or_default().add(offset);
            quarterly.entry(rating.rater).or_default().entry(Quarter::of(rating.rated_on)).or_default().add(offset);
        }
    }

    overall
        .into_iter()
        .map(|(rater, sum)| RaterLeniency {
            rater,
            offset: sum.mean(),
            ratings: sum.count,
            by_quarter: quarterly
                .remove(&rater)
                .unwrap_or_default()
                .into_iter()
                .map(|(quarter, s)| QuarterOffset { quarter, offset: s.mean(), ratings: s.count })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_follow_the_calendar() {
        let q = |y, m, d| Quarter::of(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert_eq!(q(2024, 1, 1), Quarter { year: 2024, q: 1 });
        assert_eq!(q(2024, 3, 31), Quarter { year: 2024, q: 1 });
        assert_eq!(q(2024, 4, 1), Quarter { year: 2024, q: 2 });
        assert_eq!(q(2024, 9, 30), Quarter { year: 2024, q: 3 });
        assert_eq!(q(2024, 12, 31), Quarter { year: 2024, q: 4 });
        assert!(q(2023, 12, 31) < q(2024, 1, 1));
        assert_eq!(q(2025, 5, 5).to_string(), "2025 Q2");
    }
}
