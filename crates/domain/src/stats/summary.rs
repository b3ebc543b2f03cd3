//! The small figures a debrief shows for one competency: the median level the panel gave
//! and the spread between the highest and lowest.

/// The median of `values`, ignoring NaN (a missing number has no place in the order);
/// `None` when nothing is left. With an even count it is the mean of the middle two.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    sorted.sort_by(f64::total_cmp);
    quantile_of_sorted(&sorted, 0.5)
}

/// Highest minus lowest of the levels present (`None` entries are raters who gave none,
/// NaN is ignored); `None` when no level is present. A single level has spread 0.
pub fn spread(levels: &[Option<f64>]) -> Option<f64> {
    let mut present = levels.iter().flatten().copied().filter(|v| !v.is_nan());
    let first = present.next()?;
    let (low, high) = present.fold((first, first), |(low, high), v| (low.min(v), high.max(v)));
    Some(high - low)
}

/// The `p` quantile (0 ≤ p ≤ 1) of values already in ascending order, interpolating
/// linearly between the two nearest (the usual "type 7" definition, which gives the
/// ordinary median at p = 0.5); `None` for no values.
pub(crate) fn quantile_of_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let position = p.clamp(0.0, 1.0) * last as f64;
    let below = position.floor() as usize;
    let above = (below + 1).min(last);
    let fraction = position - below as f64;
    Some(sorted[below] + (sorted[above] - sorted[below]) * fraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_between_neighbours() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile_of_sorted(&v, 0.0), Some(1.0));
        assert_eq!(quantile_of_sorted(&v, 1.0), Some(5.0));
        assert_eq!(quantile_of_sorted(&v, 0.5), Some(3.0));
        assert_eq!(quantile_of_sorted(&v, 0.125), Some(1.5));
        assert_eq!(quantile_of_sorted(&[7.0], 0.975), Some(7.0));
        assert_eq!(quantile_of_sorted(&[], 0.5), None);
    }
}
