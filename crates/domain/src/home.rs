//! "What needs me": the home page's list of what the signed-in person should do next,
//! gathered from every room (assessments to write, rows to confirm or mend; the coaching
//! and interviews rooms will add theirs), most pressing first.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NeedKind {
    /// Your self-assessment in an open cycle is not started.
    WriteSelfAssessment,
    /// Your self-assessment is a draft.
    FinishSelfAssessment,
    /// A direct report waits for your manager assessment (not started or a draft).
    AssessReport,
    /// You are accountable (A) for a RACI row that is overdue for confirmation, or comes
    /// due within two weeks.
    ConfirmRow,
    /// A row of a component you are accountable for breaks a rule.
    MendRow,
    /// You interview on a stage of a loop and your scorecard is not submitted (due the
    /// day after the interview).
    ScoreInterview,
}

/// One thing to do: what, why, where to do it and by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Need {
    pub kind: NeedKind,
    /// What to do, as a sentence: "Write your self-assessment for Spring 2026".
    pub title: String,
    /// Why, or what stands in the way.
    pub detail: String,
    /// The page where it is done.
    pub href: String,
    /// The date it is due (the cycle's end, a row's confirmation date).
    pub due: Option<NaiveDate>,
    /// Past its due date.
    pub overdue: bool,
}

/// An open cycle's completion, for HR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CycleProgress {
    pub cycle_id: Uuid,
    pub name: String,
    pub ends_on: NaiveDate,
    pub people: i64,
    pub self_submitted: i64,
    pub manager_submitted: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeedsMe {
    /// Overdue first, then by due date, then undated.
    pub items: Vec<Need>,
    /// Open cycles' completion (HR only; empty for everyone else).
    pub cycles: Vec<CycleProgress>,
}

impl NeedsMe {
    /// Puts the items in the order the page shows them: overdue first, then the soonest
    /// due, then the undated; the order they were found breaks ties.
    pub fn sorted(mut self) -> Self {
        self.items.sort_by_key(|n| (!n.overdue, n.due.is_none(), n.due));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(due: Option<(i32, u32, u32)>, overdue: bool, title: &str) -> Need {
        Need {
            kind: NeedKind::ConfirmRow,
            title: title.into(),
            detail: String::new(),
            href: "/".into(),
            due: due.map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()),
            overdue,
        }
    }

    #[test]
    fn overdue_first_then_soonest_then_undated() {
        let list = NeedsMe {
            items: vec![
                need(None, false, "undated"),
                need(Some((2026, 12, 20)), false, "later"),
                need(Some((2026, 12, 10)), false, "sooner"),
                need(Some((2026, 11, 1)), true, "overdue"),
            ],
            cycles: vec![],
        }
        .sorted();
        let order: Vec<&str> = list.items.iter().map(|n| n.title.as_str()).collect();
        assert_eq!(order, ["overdue", "sooner", "later", "undated"]);
    }
}
