//! How far interviewers agree when they rate the same candidates: inter-rater reliability
//! for structured interviews. Pure arithmetic, no I/O, so the browser can draw the same
//! figures the server reports.
//!
//! - `krippendorff`: Krippendorff's alpha for any number of raters, with missing ratings.
//! - `bootstrap`: a 95% interval around alpha, reproducible from a seed (`rng`).
//! - `icc`: the six intraclass correlations of Shrout & Fleiss (1979) for complete tables.
//! - `leniency`: how far each interviewer sits above or below their fellow panellists.
//! - `reading`: alpha turned into a plain-language verdict for a page.
//! - `summary`: median and spread, the small figures a debrief shows per competency.

pub mod bootstrap;
pub mod icc;
pub mod krippendorff;
pub mod leniency;
pub mod reading;
mod rng;
pub mod summary;

pub use bootstrap::alpha_interval;
pub use icc::{IccForm, MeanSquares, icc, mean_squares};
pub use krippendorff::{Alpha, Metric, krippendorff_alpha};
pub use leniency::{PanelRating, Quarter, QuarterOffset, RaterLeniency, leniency};
pub use reading::{DISAGREEMENT_SPREAD, GOOD, Reading, TENTATIVE, disagreement, read_alpha, sentence};
pub use summary::{median, spread};
