//! Alpha in plain language: what a hiring manager should make of the number.
//!
//! The thresholds are Krippendorff's own suggestion: rely only on data with alpha of
//! .800 or more, and use data between .667 and .800 for tentative conclusions at most
//! (Krippendorff, K., Content Analysis: An Introduction to Its Methodology, 2nd ed., Sage,
//! 2004, p. 241). He offers them as a convention, not a law; we use them so that our
//! verdicts match what readers meet in the literature.

use serde::{Deserialize, Serialize};

/// At or above this alpha, agreement is good enough to rely on.
pub const GOOD: f64 = 0.8;
/// At or above this alpha (and below `GOOD`), good enough for tentative conclusions only.
pub const TENTATIVE: f64 = 0.667;
/// A debrief flags a competency when the panel's levels differ by this much or more: one
/// level apart is a judgement call, two is a different reading of the evidence.
pub const DISAGREEMENT_SPREAD: f64 = 2.0;

/// The verdict on an alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    /// Fewer ratings than the minimum asked for: any alpha would be mostly noise.
    TooFewRatings,
    /// Below 0.667: raters do not read the guide the same way.
    Low,
    /// 0.667 up to 0.8: usable with care.
    Tentative,
    /// 0.8 or above.
    Good,
}

/// The verdict on `alpha` computed from `ratings` ratings (e.g. `Alpha::pairable_values`)
/// when at least `min_ratings` are wanted before judging. A NaN alpha is treated as too
/// few ratings, since it says nothing about agreement.
pub fn read_alpha(alpha: f64, ratings: usize, min_ratings: usize) -> Reading {
    if ratings < min_ratings || alpha.is_nan() {
        Reading::TooFewRatings
    } else if alpha >= GOOD {
        Reading::Good
    } else if alpha >= TENTATIVE {
        Reading::Tentative
    } else {
        Reading::Low
    }
}

/// One sentence on agreement about `subject` (a competency's name, say), for a report:
/// "agreement on Incident response is low: review its rating guide". It starts in lower
/// case so it can follow a name or a bullet; capitalise it to stand alone.
pub fn sentence(subject: &str, reading: Reading) -> String {
    match reading {
        Reading::TooFewRatings => format!("too few ratings of {subject} yet to judge agreement"),
        Reading::Low => format!("agreement on {subject} is low: review its rating guide"),
        Reading::Tentative => format!("agreement on {subject} is tentative: use its ratings with care"),
        Reading::Good => format!("agreement on {subject} is good"),
    }
}

/// Whether a panel's levels for one competency differ enough to discuss in the debrief
/// (spread of the present levels at least `DISAGREEMENT_SPREAD`).
pub fn disagreement(levels: &[Option<f64>]) -> bool {
    super::summary::spread(levels).is_some_and(|s| s >= DISAGREEMENT_SPREAD)
}
