//! Competency frameworks as documents: the shape a framework version is exported,
//! imported, checked and compared in. The database stores the same content as rows; this
//! is the one in-memory form every format converts to and from.

pub mod assessment;
pub mod check;
pub mod cycle;
pub mod diff;
pub mod doc;
pub mod dto;
pub mod edit;
#[cfg(feature = "formats")]
pub mod formats;
pub mod gap;
pub mod level;
pub mod matrix;
pub mod profile;
pub mod role_profile;
pub mod slug;

pub use doc::{AreaDoc, CompetencyDoc, FrameworkDoc, LevelDoc};

/// A framework has between this many levels…
pub const MIN_LEVELS: i32 = 3;
/// …and this many.
pub const MAX_LEVELS: i32 = 7;

/// The anchor of a level a competency does not reach down to: an imported ladder whose
/// topic starts at level 3 says this at levels 1 and 2 (a written anchor, so the framework
/// can be published as imported; an editor may write real anchors instead).
pub const NOT_EXPECTED: &str = "Not expected at this level.";

/// The shared file of a folder of Monzo-style ladders, whose topics the ladders' untitled
/// topics take their titles and criteria from.
pub const SHARED_LADDER_FILE: &str = "generic.md";
