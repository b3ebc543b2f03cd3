//! The decision record of a loop: hire, no hire or more data, with the rationale, who and
//! when. A record is never changed; a later one supersedes it and says why.

use serde::{Deserialize, Serialize};

pub const MAX_RATIONALE: usize = 8000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Hire,
    NoHire,
    MoreData,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Self::Hire, Self::NoHire, Self::MoreData];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hire => "hire",
            Self::NoHire => "no_hire",
            Self::MoreData => "more_data",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Hire => "Hire",
            Self::NoHire => "No hire",
            Self::MoreData => "More data needed",
        }
    }
}
