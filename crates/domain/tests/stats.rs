//! Inter-rater reliability (`domain::stats`): the published worked examples reproduced to
//! three decimals, then the edge cases a product meets (too little data, no variation,
//! ragged tables) and the leniency and reading helpers.

use chrono::NaiveDate;
use domain::stats::{
    Alpha, IccForm, Metric, PanelRating, Quarter, Reading, alpha_interval, disagreement, icc, krippendorff_alpha,
    leniency, mean_squares, median, read_alpha, sentence, spread,
};
use uuid::Uuid;

/// Rounds to three decimals, the precision the sources print.
fn r3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Units × raters from rows of raters × units, the way the sources print their tables,
/// with `None` for a missing value.
fn units_from_raters(raters: &[&[Option<f64>]]) -> Vec<Vec<Option<f64>>> {
    let units = raters[0].len();
    assert!(raters.iter().all(|r| r.len() == units));
    (0..units).map(|u| raters.iter().map(|r| r[u]).collect()).collect()
}

fn complete(raters: &[&[f64]]) -> Vec<Vec<Option<f64>>> {
    let rows: Vec<Vec<Option<f64>>> = raters.iter().map(|r| r.iter().copied().map(Some).collect()).collect();
    units_from_raters(&rows.iter().map(Vec::as_slice).collect::<Vec<_>>())
}

fn alpha(data: &[Vec<Option<f64>>], metric: Metric) -> f64 {
    krippendorff_alpha(data, metric).unwrap_or_else(|| panic!("no alpha for {metric:?}")).value
}

// ---- Krippendorff's alpha: published examples ----------------------------------------

/// Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability". Annenberg School
/// for Communication, University of Pennsylvania. Example C: 4 observers (A to D) × 12
/// units, values 1 to 5, with missing data.
fn krippendorff_2011_example_c() -> Vec<Vec<Option<f64>>> {
    const X: Option<f64> = None;
    let v = |n: f64| Some(n);
    units_from_raters(&[
        &[v(1.), v(2.), v(3.), v(3.), v(2.), v(1.), v(4.), v(1.), v(2.), X, X, X],
        &[v(1.), v(2.), v(3.), v(3.), v(2.), v(2.), v(4.), v(1.), v(2.), v(5.), X, v(3.)],
        &[X, v(3.), v(3.), v(3.), v(2.), v(3.), v(4.), v(2.), v(2.), v(5.), v(1.), X],
        &[v(1.), v(2.), v(3.), v(3.), v(2.), v(4.), v(4.), v(1.), v(2.), v(5.), v(1.), X],
    ])
}

#[test]
fn krippendorff_2011_example_c_in_all_four_metrics() {
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C (4
    // observers, 12 units, missing data): nominal α = 0.743, and on the same data ordinal
    // 0.815, interval 0.849, ratio 0.797. The same data is the "C" example of R's
    // irr::kripp.alpha. (Hayes & Krippendorff 2007 illustrate their macro on a different,
    // larger data set, so their figures are not these.)
    let data = krippendorff_2011_example_c();
    assert_eq!(r3(alpha(&data, Metric::Nominal)), 0.743);
    assert_eq!(r3(alpha(&data, Metric::Ordinal)), 0.815);
    assert_eq!(r3(alpha(&data, Metric::Interval)), 0.849);
    assert_eq!(r3(alpha(&data, Metric::Ratio)), 0.797);

    // Unit 12 has a single value, so it cannot be paired and is dropped: 11 units and
    // n = 40 pairable values, as in the document's coincidence matrix.
    let a = krippendorff_alpha(&data, Metric::Nominal).unwrap();
    assert_eq!((a.units, a.pairable_values), (11, 40));
    // By hand: the values 1 to 5 are paired 9, 13, 10, 5 and 3 times, and the off-diagonal
    // coincidences (units 2, 6 and 8) sum to 8, so nominal α = 1 − 39 · 8 / (40² − Σn_c²).
    let expected = 1.0 - 39.0 * 8.0 / (1600.0 - (81.0 + 169.0 + 100.0 + 25.0 + 9.0));
    assert!((a.value - expected).abs() < 1e-12, "{} vs {expected}", a.value);
}

#[test]
fn krippendorff_2011_example_a_binary_two_observers() {
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example A: binary
    // data, two observers, no missing data, 10 units. α = 0.095.
    let data = complete(&[&[0., 1., 0., 0., 0., 0., 0., 0., 1., 0.], &[1., 1., 1., 0., 0., 1., 0., 0., 0., 0.]]);
    assert_eq!(r3(alpha(&data, Metric::Nominal)), 0.095);
    // With two values every metric sees the same single difference, so all four agree.
    for metric in [Metric::Ordinal, Metric::Interval] {
        assert_eq!(r3(alpha(&data, metric)), 0.095, "{metric:?}");
    }
}

#[test]
fn krippendorff_2011_example_b_nominal_two_observers() {
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example B: nominal
    // data (categories a to e, here 1 to 5), two observers, no missing data, 12 units.
    // α = 0.692.
    let data = complete(&[
        &[1., 1., 2., 2., 4., 3., 3., 3., 5., 4., 4., 1.],
        &[2., 1., 2., 2., 2., 3., 3., 3., 5., 4., 4., 4.],
    ]);
    assert_eq!(r3(alpha(&data, Metric::Nominal)), 0.692);
}

// ---- Krippendorff's alpha: edge cases ------------------------------------------------

#[test]
fn nothing_pairable_gives_no_alpha() {
    assert_eq!(krippendorff_alpha(&[], Metric::Nominal), None);
    assert_eq!(krippendorff_alpha(&[vec![], vec![None, None]], Metric::Interval), None);
    // Every unit rated once: nothing to compare.
    assert_eq!(krippendorff_alpha(&[vec![Some(1.0), None], vec![None, Some(3.0)]], Metric::Ordinal), None);
}

#[test]
fn unanimous_raters_on_varied_units_give_one() {
    let data = complete(&[&[1., 2., 3., 4., 2.], &[1., 2., 3., 4., 2.], &[1., 2., 3., 4., 2.]]);
    for metric in Metric::ALL {
        let a = krippendorff_alpha(&data, metric).unwrap();
        assert_eq!(a, Alpha { value: 1.0, pairable_values: 15, units: 5 }, "{metric:?}");
    }
}

#[test]
fn no_variation_at_all_gives_no_alpha() {
    // Everyone gave every candidate a 3: agreement and chance cannot be told apart.
    let data = complete(&[&[3., 3., 3.], &[3., 3., 3.]]);
    for metric in Metric::ALL {
        assert_eq!(krippendorff_alpha(&data, metric), None, "{metric:?}");
    }
}

#[test]
fn a_unit_with_one_rating_is_ignored() {
    let base = krippendorff_2011_example_c();
    let mut more = base.clone();
    more.push(vec![None, Some(5.0), None, None]);
    more.push(vec![Some(1.0)]);
    for metric in Metric::ALL {
        assert_eq!(krippendorff_alpha(&more, metric), krippendorff_alpha(&base, metric), "{metric:?}");
    }
}

#[test]
fn rows_may_differ_in_length_and_order() {
    // Which rater gave a value does not enter alpha: a unit is a bag of values.
    let data = krippendorff_2011_example_c();
    let packed: Vec<Vec<Option<f64>>> =
        data.iter().map(|row| row.iter().rev().flatten().map(|&v| Some(v)).collect()).collect();
    for metric in Metric::ALL {
        assert_eq!(krippendorff_alpha(&packed, metric), krippendorff_alpha(&data, metric));
    }
}

#[test]
fn ordinal_uses_ranks_not_distances() {
    // Stretching the top level far away changes interval alpha but not ordinal alpha,
    // which only sees the order of the levels and how often each is used.
    let data = krippendorff_2011_example_c();
    let stretched: Vec<Vec<Option<f64>>> =
        data.iter().map(|row| row.iter().map(|v| v.map(|x| if x == 5.0 { 50.0 } else { x })).collect()).collect();
    assert_eq!(r3(alpha(&stretched, Metric::Ordinal)), 0.815);
    assert!((alpha(&stretched, Metric::Interval) - alpha(&data, Metric::Interval)).abs() > 0.01);
}

// ---- Bootstrap interval ---------------------------------------------------------------

#[test]
fn the_interval_contains_the_estimate_and_repeats_for_a_seed() {
    let data = krippendorff_2011_example_c();
    for metric in Metric::ALL {
        let point = alpha(&data, metric);
        let (low, high) = alpha_interval(&data, metric, 1000, 2011).unwrap();
        assert!(low <= point && point <= high, "{metric:?}: {low} ≤ {point} ≤ {high}");
        assert!(low < high && high <= 1.0);
        assert_eq!(alpha_interval(&data, metric, 1000, 2011), Some((low, high)));
    }
    // Another seed draws other resamples.
    assert_ne!(alpha_interval(&data, Metric::Interval, 1000, 1), alpha_interval(&data, Metric::Interval, 1000, 2));
}

#[test]
fn no_alpha_or_no_resamples_gives_no_interval() {
    assert_eq!(alpha_interval(&[], Metric::Nominal, 100, 1), None);
    assert_eq!(alpha_interval(&complete(&[&[2., 2.], &[2., 2.]]), Metric::Nominal, 100, 1), None);
    assert_eq!(alpha_interval(&krippendorff_2011_example_c(), Metric::Nominal, 0, 1), None);
}

// ---- Intraclass correlation -----------------------------------------------------------

/// Shrout, P. E. & Fleiss, J. L. (1979). "Intraclass correlations: Uses in assessing rater
/// reliability". Psychological Bulletin 86(2), 420–428. Table 2: 6 targets × 4 judges.
fn shrout_fleiss_table_2() -> Vec<Vec<f64>> {
    vec![
        vec![9., 2., 5., 8.],
        vec![6., 1., 3., 2.],
        vec![8., 4., 6., 8.],
        vec![7., 1., 2., 6.],
        vec![10., 5., 6., 9.],
        vec![6., 2., 4., 7.],
    ]
}

#[test]
fn shrout_fleiss_1979_mean_squares() {
    // Shrout & Fleiss (1979), Table 3 (analysis of variance of Table 2): BMS 11.24,
    // WMS 6.26, JMS 32.49, EMS 1.02.
    let ms = mean_squares(&shrout_fleiss_table_2()).unwrap();
    let r2 = |x: f64| (x * 100.0).round() / 100.0;
    assert_eq!((r2(ms.bms), r2(ms.wms), r2(ms.jms), r2(ms.ems)), (11.24, 6.26, 32.49, 1.02));
    assert_eq!((ms.targets, ms.judges), (6, 4));
}

#[test]
fn shrout_fleiss_1979_all_six_forms() {
    // Shrout & Fleiss (1979), Table 4, from the Table 2 data: ICC(1,1) = .17, ICC(2,1) = .29,
    // ICC(3,1) = .71, ICC(1,4) = .44, ICC(2,4) = .62, ICC(3,4) = .91. To three decimals they
    // compute as below; each rounds to the published two.
    let data = shrout_fleiss_table_2();
    let expected = [
        (IccForm::OneWaySingle, 0.166, 0.17),
        (IccForm::TwoWayRandomSingle, 0.290, 0.29),
        (IccForm::TwoWayMixedSingle, 0.715, 0.71),
        (IccForm::OneWayAverage, 0.443, 0.44),
        (IccForm::TwoWayRandomAverage, 0.620, 0.62),
        (IccForm::TwoWayMixedAverage, 0.909, 0.91),
    ];
    for (form, three, two) in expected {
        let value = icc(&data, form).unwrap();
        assert_eq!(r3(value), three, "{}", form.label());
        assert_eq!((value * 100.0).round() / 100.0, two, "{}", form.label());
    }
}

#[test]
fn icc_needs_a_complete_table() {
    let ragged = vec![vec![1., 2., 3.], vec![2., 3.]];
    let one_judge = vec![vec![1.], vec![2.]];
    let one_target = vec![vec![1., 2., 3.]];
    let not_finite = vec![vec![1., 2.], vec![f64::NAN, 3.]];
    for form in IccForm::ALL {
        assert_eq!(icc(&[], form), None);
        assert_eq!(icc(&ragged, form), None);
        assert_eq!(icc(&one_judge, form), None);
        assert_eq!(icc(&one_target, form), None);
        assert_eq!(icc(&not_finite, form), None);
    }
}

#[test]
fn icc_of_identical_ratings() {
    // Judges agree exactly on varied targets: every form is 1.
    let agree = vec![vec![1., 1.], vec![3., 3.], vec![4., 4.]];
    for form in IccForm::ALL {
        let value = icc(&agree, form).unwrap();
        assert!((value - 1.0).abs() < 1e-12, "{}: {value}", form.label());
    }
    // Nothing varies at all: 0/0, no value.
    let flat = vec![vec![2., 2.], vec![2., 2.]];
    for form in IccForm::ALL {
        assert_eq!(icc(&flat, form), None, "{}", form.label());
    }
}

// ---- Leniency -----------------------------------------------------------------------------

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn rating(candidate: u128, competency: &str, rater: u128, level: f64, rated_on: NaiveDate) -> PanelRating {
    PanelRating { candidate: id(candidate), competency: competency.into(), rater: id(rater), level, rated_on }
}

#[test]
fn a_rater_one_level_above_the_others_is_plus_one() {
    let (lenient, b, c) = (1, 2, 3);
    let mut ratings = Vec::new();
    for (candidate, base) in [(10, 2.0), (11, 3.0), (12, 1.0)] {
        for competency in ["incident-response", "design"] {
            ratings.push(rating(candidate, competency, lenient, base + 1.0, day(2024, 2, 1)));
            ratings.push(rating(candidate, competency, b, base, day(2024, 2, 1)));
            ratings.push(rating(candidate, competency, c, base, day(2024, 2, 1)));
        }
    }
    let result = leniency(&ratings);
    assert_eq!(result.iter().map(|l| l.rater).collect::<Vec<_>>(), [id(lenient), id(b), id(c)]);
    assert_eq!((result[0].offset, result[0].ratings), (1.0, 6));
    for other in &result[1..] {
        // base − mean(base + 1, base)
        assert_eq!((other.offset, other.ratings), (-0.5, 6));
    }
}

#[test]
fn raters_with_nothing_to_compare_are_absent() {
    let ratings = [
        rating(10, "design", 1, 3.0, day(2024, 5, 1)),
        rating(10, "design", 2, 2.0, day(2024, 5, 1)),
        // Rater 3 alone on another candidate, and rater 1 alone on another competency.
        rating(11, "design", 3, 4.0, day(2024, 5, 1)),
        rating(10, "testing", 1, 5.0, day(2024, 5, 1)),
        // A level that is not a number is no rating.
        rating(10, "design", 4, f64::NAN, day(2024, 5, 1)),
    ];
    let result = leniency(&ratings);
    assert_eq!(
        result.iter().map(|l| (l.rater, l.offset, l.ratings)).collect::<Vec<_>>(),
        [(id(1), 1.0, 1), (id(2), -1.0, 1)]
    );
    assert!(leniency(&[]).is_empty());
}

#[test]
fn the_trend_groups_offsets_by_quarter() {
    // Rater 1 is two levels up in Q4 2023, level with the panel in Q1 2024 and one up in
    // Q3 2024 (two ratings). Rater 2 is the mirror image.
    let ratings = [
        rating(10, "design", 1, 4.0, day(2023, 11, 20)),
        rating(10, "design", 2, 2.0, day(2023, 11, 20)),
        rating(11, "design", 1, 3.0, day(2024, 1, 2)),
        rating(11, "design", 2, 3.0, day(2024, 3, 31)),
        rating(12, "design", 1, 3.0, day(2024, 7, 1)),
        rating(12, "design", 2, 2.0, day(2024, 7, 1)),
        rating(12, "testing", 1, 2.0, day(2024, 9, 30)),
        rating(12, "testing", 2, 1.0, day(2024, 9, 30)),
    ];
    let result = leniency(&ratings);
    let first = &result[0];
    assert_eq!((first.rater, first.offset, first.ratings), (id(1), 1.0, 4));
    let trend: Vec<(Quarter, f64, usize)> = first.by_quarter.iter().map(|q| (q.quarter, q.offset, q.ratings)).collect();
    assert_eq!(
        trend,
        [
            (Quarter { year: 2023, q: 4 }, 2.0, 1),
            (Quarter { year: 2024, q: 1 }, 0.0, 1),
            (Quarter { year: 2024, q: 3 }, 1.0, 2),
        ]
    );
    let second: Vec<f64> = result[1].by_quarter.iter().map(|q| q.offset).collect();
    assert_eq!(second, [-2.0, 0.0, -1.0]);
}

#[test]
fn the_others_mean_excludes_every_rating_of_the_rater() {
    // Rater 1 rated the same pair twice (a re-rating); both count, against rater 2 only.
    let ratings = [
        rating(10, "design", 1, 4.0, day(2024, 5, 1)),
        rating(10, "design", 1, 2.0, day(2024, 8, 1)),
        rating(10, "design", 2, 2.0, day(2024, 5, 1)),
    ];
    let result = leniency(&ratings);
    assert_eq!((result[0].offset, result[0].ratings), (1.0, 2));
    // Rater 2 against the mean of rater 1's two ratings.
    assert_eq!((result[1].offset, result[1].ratings), (-1.0, 1));
    assert_eq!(result[0].by_quarter.len(), 2);
}

// ---- Reading, median and spread ---------------------------------------------------------

#[test]
fn alpha_reads_on_krippendorffs_thresholds() {
    assert_eq!(read_alpha(0.9, 10, 20), Reading::TooFewRatings);
    assert_eq!(read_alpha(0.5, 40, 20), Reading::Low);
    assert_eq!(read_alpha(0.6669, 40, 20), Reading::Low);
    assert_eq!(read_alpha(0.667, 40, 20), Reading::Tentative);
    assert_eq!(read_alpha(0.7999, 40, 20), Reading::Tentative);
    assert_eq!(read_alpha(0.8, 40, 20), Reading::Good);
    assert_eq!(read_alpha(1.0, 20, 20), Reading::Good);
    assert_eq!(read_alpha(-0.3, 40, 20), Reading::Low);
    assert_eq!(read_alpha(f64::NAN, 40, 20), Reading::TooFewRatings);

    // The worked example: 40 pairable values, nominal 0.743 is tentative, interval good.
    let data = krippendorff_2011_example_c();
    let nominal = krippendorff_alpha(&data, Metric::Nominal).unwrap();
    assert_eq!(read_alpha(nominal.value, nominal.pairable_values, 30), Reading::Tentative);
    let interval = krippendorff_alpha(&data, Metric::Interval).unwrap();
    assert_eq!(read_alpha(interval.value, interval.pairable_values, 30), Reading::Good);
}

#[test]
fn sentences_name_the_subject() {
    assert_eq!(
        sentence("Incident response", Reading::Low),
        "agreement on Incident response is low: review its rating guide"
    );
    assert_eq!(sentence("Design", Reading::Good), "agreement on Design is good");
    assert!(sentence("Design", Reading::Tentative).contains("tentative"));
    assert!(sentence("Design", Reading::TooFewRatings).starts_with("too few ratings of Design"));
}

#[test]
fn median_and_spread() {
    assert_eq!(median(&[]), None);
    assert_eq!(median(&[3.0]), Some(3.0));
    assert_eq!(median(&[4.0, 1.0, 3.0]), Some(3.0));
    assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    assert_eq!(median(&[f64::NAN, 2.0, 5.0]), Some(3.5));

    assert_eq!(spread(&[]), None);
    assert_eq!(spread(&[None, None]), None);
    assert_eq!(spread(&[Some(3.0)]), Some(0.0));
    assert_eq!(spread(&[Some(2.0), None, Some(5.0), Some(3.0)]), Some(3.0));

    // The debrief flag: two levels apart is a disagreement, one is not.
    assert!(disagreement(&[Some(2.0), Some(4.0), None]));
    assert!(!disagreement(&[Some(2.0), Some(3.0), Some(3.0)]));
    assert!(!disagreement(&[None]));
}
