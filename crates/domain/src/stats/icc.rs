//! Intraclass correlations in the six forms of Shrout & Fleiss, "Intraclass correlations:
//! Uses in assessing rater reliability", Psychological Bulletin 86(2), 1979.
//!
//! They need a complete table (every judge rated every target), which suits a calibration
//! exercise where the whole panel rates the same recorded interviews. For real interviews,
//! where panels differ and ratings go missing, Krippendorff's alpha is the better fit.
//!
//! All six come from the mean squares of a two-way analysis of variance (targets × judges):
//! BMS between targets, WMS within targets, JMS between judges, EMS residual.

use serde::{Deserialize, Serialize};

/// Which intraclass correlation, in Shrout & Fleiss's terms. "Single" is the reliability
/// of one judge's rating; "average" the reliability of the mean of the k judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IccForm {
    /// ICC(1,1): each target rated by its own set of judges, drawn at random.
    OneWaySingle,
    /// ICC(2,1): the same judges rate every target; judges are a sample of all judges.
    TwoWayRandomSingle,
    /// ICC(3,1): the same judges rate every target; these judges are the only ones of
    /// interest, so their overall severity does not count against agreement.
    TwoWayMixedSingle,
    /// ICC(1,k): as ICC(1,1), for the mean of k judges.
    OneWayAverage,
    /// ICC(2,k): as ICC(2,1), for the mean of k judges.
    TwoWayRandomAverage,
    /// ICC(3,k): as ICC(3,1), for the mean of k judges.
    TwoWayMixedAverage,
}

impl IccForm {
    pub const ALL: [IccForm; 6] = [
        IccForm::OneWaySingle,
        IccForm::TwoWayRandomSingle,
        IccForm::TwoWayMixedSingle,
        IccForm::OneWayAverage,
        IccForm::TwoWayRandomAverage,
        IccForm::TwoWayMixedAverage,
    ];

    /// The name statisticians know it by.
    pub fn label(self) -> &'static str {
        match self {
            IccForm::OneWaySingle => "ICC(1,1)",
            IccForm::TwoWayRandomSingle => "ICC(2,1)",
            IccForm::TwoWayMixedSingle => "ICC(3,1)",
            IccForm::OneWayAverage => "ICC(1,k)",
            IccForm::TwoWayRandomAverage => "ICC(2,k)",
            IccForm::TwoWayMixedAverage => "ICC(3,k)",
        }
    }
}

/// The mean squares of the targets × judges analysis of variance, and its size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeanSquares {
    /// Between targets: how much the targets really differ.
    pub bms: f64,
    /// Within targets: judges' disagreement on a target, their severity included.
    pub wms: f64,
    /// Between judges: how much the judges differ in overall severity.
    pub jms: f64,
    /// Residual: disagreement left once targets and judges are accounted for.
    pub ems: f64,
    /// n, the number of targets (rows).
    pub targets: usize,
    /// k, the number of judges (columns).
    pub judges: usize,
}

/// The mean squares of a complete targets × judges table: `None` unless there are at
/// least 2 targets, every row has the same number (at least 2) of judges, and every value
/// is finite.
pub fn mean_squares(data: &[Vec<f64>]) -> Option<MeanSquares> {
    let n = data.len();
    let k = data.first()?.len();
    if n < 2 || k < 2 || data.iter().any(|row| row.len() != k || row.iter().any(|v| !v.is_finite())) {
        return None;
    }
    let (nf, kf) = (n as f64, k as f64);
    let grand = data.iter().flatten().sum::<f64>() / (nf * kf);
    let row_means: Vec<f64> = data.iter().map(|row| row.iter().sum::<f64>() / kf).collect();
    let col_means: Vec<f64> = (0..k).map(|j| data.iter().map(|row| row[j]).sum::<f64>() / nf).collect();

    // Each sum of squares straight from its deviations (rather than as a difference of
    // totals), which keeps rounding small and never leaves a negative sum.
    let rows = kf * row_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let cols = nf * col_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let mut within = 0.0;
    let mut residual = 0.0;
    for (row, row_mean) in data.iter().zip(&row_means) {
        for (value, col_mean) in row.iter().zip(&col_means) {
            let off_row = value - row_mean;
            within += off_row * off_row;
            // What neither the target nor the judge explains.
            let rest = off_row - (col_mean - grand);
            residual += rest * rest;
        }
    }

    Some(MeanSquares {
        bms: rows / (nf - 1.0),
        wms: within / (nf * (kf - 1.0)),
        jms: cols / (kf - 1.0),
        ems: residual / ((nf - 1.0) * (kf - 1.0)),
        targets: n,
        judges: k,
    })
}

/// The intraclass correlation `form` of a complete targets × judges table (rows are
/// targets, e.g. candidates; columns judges). `None` when the table is not complete (see
/// `mean_squares`) or the form's denominator is zero, which happens when no rating differs
/// from any other.
pub fn icc(data: &[Vec<f64>], form: IccForm) -> Option<f64> {
    let MeanSquares { bms, wms, jms, ems, targets, judges } = mean_squares(data)?;
    let (n, k) = (targets as f64, judges as f64);
    // The estimators Shrout & Fleiss (1979) give for each case, single judge and mean of k.
    let (numerator, denominator) = match form {
        IccForm::OneWaySingle => (bms - wms, bms + (k - 1.0) * wms),
        IccForm::TwoWayRandomSingle => (bms - ems, bms + (k - 1.0) * ems + k * (jms - ems) / n),
        IccForm::TwoWayMixedSingle => (bms - ems, bms + (k - 1.0) * ems),
        IccForm::OneWayAverage => (bms - wms, bms),
        IccForm::TwoWayRandomAverage => (bms - ems, bms + (jms - ems) / n),
        IccForm::TwoWayMixedAverage => (bms - ems, bms),
    };
    let value = numerator / denominator;
    value.is_finite().then_some(value)
}
