//! Krippendorff's alpha: how far raters agree beyond what chance would give, for any
//! number of raters, any level of measurement, and with ratings missing.
//!
//! We follow the coincidence-matrix formulation of Krippendorff, "Computing Krippendorff's
//! Alpha-Reliability" (2011): every unit with at least two values contributes each ordered
//! pair of its values, weighted 1/(m − 1) where m is the number of values in the unit, so
//! that each value counts once whatever the size of the panel. Then
//!
//! alpha = 1 − (n − 1) · Σ o_ck δ²_ck / Σ n_c n_k δ²_ck
//!
//! where o_ck are the coincidences, n_c how often value c was paired, n the number of
//! pairable values and δ² the metric's squared difference.
//!
//! When alpha cannot be computed we return `None` rather than a number that looks like a
//! finding:
//! - nothing is pairable (no unit has two values), or
//! - the expected disagreement is zero: every pairable value is the same, so agreement
//!   cannot be told apart from chance. Perfect agreement over data that does vary (units
//!   differ from each other) is alpha = 1.0.
//!
//! Values that are not finite (NaN, infinities) count as missing: a rating form that
//! produced one has no level to compare.

use serde::{Deserialize, Serialize};

/// Level of measurement of the ratings, which decides how different two values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Metric {
    /// Categories with no order: two values either match or they do not.
    Nominal,
    /// Ordered levels whose distances are unknown: the difference between two levels
    /// grows with how many ratings fall between them (so rarely used levels are "close").
    Ordinal,
    /// Numbers whose differences mean something: squared difference.
    Interval,
    /// Numbers with a true zero: squared difference relative to the sum. Values must not
    /// be negative; alpha is `None` if one is.
    Ratio,
}

impl Metric {
    pub const ALL: [Metric; 4] = [Metric::Nominal, Metric::Ordinal, Metric::Interval, Metric::Ratio];
}

/// An alpha and what it rests on, so a page can say "from 24 ratings of 9 candidates".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Alpha {
    /// Krippendorff's alpha: 1 is perfect agreement, 0 agreement no better than chance,
    /// below 0 systematic disagreement.
    pub value: f64,
    /// The number of pairable values (Krippendorff's n): values in units rated at least
    /// twice.
    pub pairable_values: usize,
    /// The number of units (e.g. candidate × competency) that had at least two values.
    pub units: usize,
}

/// Krippendorff's alpha of `data`, one inner `Vec` per unit (e.g. a candidate's rating on
/// one competency) holding that unit's ratings, `None` where a rater gave none. Rows may
/// differ in length: only the values present matter, not which rater gave them.
pub fn krippendorff_alpha(data: &[Vec<Option<f64>>], metric: Metric) -> Option<Alpha> {
    let table = Pairable::new(data);
    let all: Vec<usize> = (0..table.unit_count()).collect();
    table.alpha(&all, metric)
}

/// The data reduced to what alpha needs: the distinct values and, per pairable unit, how
/// often each value occurs in it. Kept separate so the bootstrap can compute alpha for
/// many resamples of units without reading the data again.
pub(crate) struct Pairable {
    /// Distinct values of the pairable units, ascending (the ordinal metric needs order).
    values: Vec<f64>,
    /// Per unit with at least two values: (index into `values`, count) pairs.
    units: Vec<Vec<(usize, usize)>>,
}

impl Pairable {
    pub(crate) fn new(data: &[Vec<Option<f64>>]) -> Self {
        let present = |row: &Vec<Option<f64>>| -> Vec<f64> {
            // `+ 0.0` turns -0.0 into 0.0 so both count as one value.
            row.iter().flatten().copied().filter(|v| v.is_finite()).map(|v| v + 0.0).collect()
        };
        let rows: Vec<Vec<f64>> = data.iter().map(present).filter(|r| r.len() >= 2).collect();

        let mut values: Vec<f64> = rows.iter().flatten().copied().collect();
        values.sort_by(f64::total_cmp);
        values.dedup();

        let units = rows
            .iter()
            .map(|row| {
                let mut counts: Vec<(usize, usize)> = Vec::new();
                for v in row {
                    // Every value is in `values` by construction.
                    let index = values.binary_search_by(|probe| probe.total_cmp(v)).unwrap_or_default();
                    match counts.iter_mut().find(|(i, _)| *i == index) {
                        Some((_, n)) => *n += 1,
                        None => counts.push((index, 1)),
                    }
                }
                counts
            })
            .collect();
        Self { values, units }
    }

    pub(crate) fn unit_count(&self) -> usize {
        self.units.len()
    }

    /// Alpha over the units at `picks` (indices into the pairable units; the bootstrap
    /// repeats some and leaves others out).
    pub(crate) fn alpha(&self, picks: &[usize], metric: Metric) -> Option<Alpha> {
        // How often each value is paired (n_c): the margins of the coincidence matrix.
        // A unit's values all pair, so this is just the count of values in picked units.
        let mut margins = vec![0.0_f64; self.values.len()];
        for &u in picks {
            for &(c, count) in &self.units[u] {
                margins[c] += count as f64;
            }
        }
        let n: f64 = margins.iter().sum();
        if n < 2.0 {
            return None;
        }
        let distance = Distance::new(metric, &self.values, &margins)?;

        // Observed: Σ o_ck δ²_ck, summed unit by unit instead of building the matrix.
        // Equal values have δ² = 0, so pairs within one value need no special case.
        let mut observed = 0.0;
        for &u in picks {
            let unit = &self.units[u];
            let m: usize = unit.iter().map(|&(_, count)| count).sum();
            let mut sum = 0.0;
            for &(c, nc) in unit {
                for &(k, nk) in unit {
                    sum += (nc * nk) as f64 * distance.squared(c, k);
                }
            }
            observed += sum / (m - 1) as f64;
        }

        // Expected: Σ n_c n_k δ²_ck, the disagreement of pairs drawn from all values at once.
        // Quadratic in the number of distinct values, which for rating levels is a handful.
        let mut expected = 0.0;
        for (c, &nc) in margins.iter().enumerate() {
            for (k, &nk) in margins.iter().enumerate() {
                expected += nc * nk * distance.squared(c, k);
            }
        }
        if expected <= 0.0 {
            return None;
        }
        Some(Alpha { value: 1.0 - (n - 1.0) * observed / expected, pairable_values: n as usize, units: picks.len() })
    }
}

/// The squared difference δ²(c, k) between the values at two indices.
struct Distance<'a> {
    metric: Metric,
    values: &'a [f64],
    /// For the ordinal metric: `before[i]` is how many pairable values lie below value i.
    before: Vec<f64>,
    margins: &'a [f64],
}

impl<'a> Distance<'a> {
    fn new(metric: Metric, values: &'a [f64], margins: &'a [f64]) -> Option<Self> {
        // A ratio scale starts at zero; a negative value means the caller chose the wrong
        // metric, and the formula would divide by zero for c = −k.
        if metric == Metric::Ratio && values.iter().any(|&v| v < 0.0) {
            return None;
        }
        let before = match metric {
            Metric::Ordinal => margins
                .iter()
                .scan(0.0, |sum, &m| {
                    let below = *sum;
                    *sum += m;
                    Some(below)
                })
                .collect(),
            _ => Vec::new(),
        };
        Some(Self { metric, values, before, margins })
    }

    fn squared(&self, c: usize, k: usize) -> f64 {
        if c == k {
            return 0.0;
        }
        match self.metric {
            Metric::Nominal => 1.0,
            Metric::Ordinal => {
                // Krippendorff's ordinal difference: the number of values from level c to
                // level k inclusive, less half of the two end levels themselves, squared.
                // Only the ranks and their frequencies count, never the numbers.
                let (lo, hi) = (c.min(k), c.max(k));
                let through = self.before[hi] + self.margins[hi] - self.before[lo];
                let d = through - (self.margins[lo] + self.margins[hi]) / 2.0;
                d * d
            }
            Metric::Interval => {
                let d = self.values[c] - self.values[k];
                d * d
            }
            Metric::Ratio => {
                let (a, b) = (self.values[c], self.values[k]);
                // Both zero would be 0/0; they are equal values, so no difference. With
                // non-negative values that is the only way the sum can be zero.
                if a + b == 0.0 {
                    return 0.0;
                }
                let d = (a - b) / (a + b);
                d * d
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minus_zero_and_zero_are_one_value() {
        let table = Pairable::new(&[vec![Some(0.0), Some(-0.0)], vec![Some(1.0), Some(1.0)]]);
        assert_eq!(table.values, [0.0, 1.0]);
        let alpha = krippendorff_alpha(&[vec![Some(0.0), Some(-0.0)], vec![Some(1.0), Some(1.0)]], Metric::Nominal);
        assert_eq!(alpha.map(|a| a.value), Some(1.0));
    }

    #[test]
    fn not_finite_values_count_as_missing() {
        let data = [vec![Some(1.0), Some(f64::NAN)], vec![Some(2.0), Some(2.0)], vec![Some(3.0), Some(3.0)]];
        let alpha = krippendorff_alpha(&data, Metric::Interval).unwrap();
        assert_eq!((alpha.units, alpha.pairable_values, alpha.value), (2, 4, 1.0));
    }

    #[test]
    fn ratio_refuses_negative_values() {
        let data = [vec![Some(-1.0), Some(2.0)], vec![Some(2.0), Some(3.0)]];
        assert_eq!(krippendorff_alpha(&data, Metric::Ratio), None);
        assert!(krippendorff_alpha(&data, Metric::Interval).is_some());
    }
}
