//! A 95% interval around Krippendorff's alpha, so that an alpha from nine candidates is not
//! read with the confidence of one from ninety.
//!
//! Method: the percentile bootstrap over units. Each resample draws as many units as there
//! are pairable units, with replacement, and computes alpha on them; the interval is the
//! 2.5th and 97.5th percentiles of those alphas (linear interpolation between neighbouring
//! resamples). Units are what we sampled in the world (candidates × competencies), so they
//! are what we resample. This is not the algorithm of Hayes & Krippendorff (2007), which
//! resamples pairs of values from the coincidence matrix, so intervals will differ from
//! their KALPHA macro's.
//!
//! Resamples in which alpha is undefined (e.g. every drawn unit holds the same single
//! value) are left out; if none is left, or the data has no alpha at all, there is no
//! interval. The draws come from SplitMix64 seeded with `seed`, so the same data and seed
//! always give the same interval, on the server and in the browser alike.

use super::krippendorff::{Metric, Pairable};
use super::rng::SplitMix64;
use super::summary::quantile_of_sorted;

/// The 95% percentile-bootstrap interval `(low, high)` of alpha for `data` (see
/// `krippendorff_alpha` for its shape) from `resamples` resamples of units.
pub fn alpha_interval(data: &[Vec<Option<f64>>], metric: Metric, resamples: usize, seed: u64) -> Option<(f64, f64)> {
    let table = Pairable::new(data);
    let units = table.unit_count();
    let all: Vec<usize> = (0..units).collect();
    // No point estimate, no interval around it.
    table.alpha(&all, metric)?;
    if resamples == 0 {
        return None;
    }

    let mut rng = SplitMix64::new(seed);
    let mut picks = vec![0; units];
    let mut alphas = Vec::with_capacity(resamples);
    for _ in 0..resamples {
        for pick in &mut picks {
            *pick = rng.below(units);
        }
        if let Some(alpha) = table.alpha(&picks, metric) {
            alphas.push(alpha.value);
        }
    }
    alphas.sort_by(f64::total_cmp);
    Some((quantile_of_sorted(&alphas, 0.025)?, quantile_of_sorted(&alphas, 0.975)?))
}
