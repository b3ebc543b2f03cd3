//! Feedback entries in SBI form (situation, behaviour, impact): their kinds, who may read
//! them, the author's edit window, and the checks of what a writer sends.

use super::hints::Hint;
use crate::identity::PersonRef;
use crate::validate::{self, FieldErrors};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How long after writing an entry its author may still edit it freely; after that a
/// change is an amendment with a reason, and the replaced text is kept.
pub const EDIT_WINDOW: Duration = Duration::hours(24);

/// The longest situation, behaviour and impact (characters); the next step and a reply.
pub const SITUATION_MAX: usize = 2000;
pub const PART_MAX: usize = 4000;
pub const NEXT_STEP_MAX: usize = 2000;
pub const REASON_MAX: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeedbackKind {
    Praise,
    Constructive,
}

impl FeedbackKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "praise" => Some(Self::Praise),
            "constructive" => Some(Self::Constructive),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Praise => "praise",
            Self::Constructive => "constructive",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Praise => "Praise",
            Self::Constructive => "Constructive",
        }
    }
}

/// Who reads an entry besides its author.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// A private note: the author only (admins and HR included in "nobody else").
    Private,
    /// The author and the recipient.
    Recipient,
    /// The author, the recipient and the people above the recipient.
    RecipientAndManagers,
}

impl Visibility {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "private" => Some(Self::Private),
            "recipient" => Some(Self::Recipient),
            "recipient_and_managers" => Some(Self::RecipientAndManagers),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Private => "private",
            Self::Recipient => "recipient",
            Self::RecipientAndManagers => "recipient_and_managers",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Private => "Private note (only you)",
            Self::Recipient => "Shared with them",
            Self::RecipientAndManagers => "Shared with them and their managers",
        }
    }
}

/// Who reads an entry: its author always; the recipient unless it is a private note; the
/// people above the recipient when shared with them. Nobody else, whatever their role.
pub fn may_read(
    visibility: Visibility,
    reader_is_author: bool,
    reader_is_recipient: bool,
    reader_manages: bool,
) -> bool {
    reader_is_author
        || match visibility {
            Visibility::Private => false,
            Visibility::Recipient => reader_is_recipient,
            Visibility::RecipientAndManagers => reader_is_recipient || reader_manages,
        }
}

/// Whether the author may still edit an entry written at `created_at` without a reason.
pub fn within_edit_window(created_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - created_at < EDIT_WINDOW
}

/// What a writer sends to give feedback (or to edit it within the window).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackInput {
    pub recipient_id: Uuid,
    /// `praise` or `constructive`.
    pub kind: String,
    /// `private`, `recipient` or `recipient_and_managers`.
    pub visibility: String,
    pub situation: String,
    pub behaviour: String,
    pub impact: String,
    #[serde(default)]
    pub next_step: String,
    /// Competencies of a published framework version the entry speaks to.
    #[serde(default)]
    pub competency_ids: Vec<Uuid>,
}

/// A checked entry: trimmed text, known kind and visibility.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFeedback {
    pub kind: FeedbackKind,
    pub visibility: Visibility,
    pub situation: String,
    pub behaviour: String,
    pub impact: String,
    pub next_step: String,
    pub competency_ids: Vec<Uuid>,
}

/// The checks that need nothing but the input: each problem named by its field. Who the
/// recipient is (oneself, deactivated, another organization) is the use case's to check.
pub fn check(input: &FeedbackInput) -> Result<CheckedFeedback, FieldErrors> {
    let mut problems = FieldErrors::new();
    let kind = FeedbackKind::parse(&input.kind);
    if kind.is_none() {
        problems.add("kind", "Choose praise or constructive");
    }
    let visibility = Visibility::parse(&input.visibility);
    if visibility.is_none() {
        problems.add("visibility", "Choose who may read it: private, recipient or recipient_and_managers");
    }
    let situation = problems.check("situation", validate::text(&input.situation, "the situation", SITUATION_MAX));
    let behaviour = problems.check("behaviour", validate::text(&input.behaviour, "the behaviour", PART_MAX));
    let impact = problems.check("impact", validate::text(&input.impact, "the impact", PART_MAX));
    let next_step =
        problems.check("next_step", validate::optional_text(Some(&input.next_step), "the next step", NEXT_STEP_MAX));
    let mut competency_ids = input.competency_ids.clone();
    competency_ids.sort();
    competency_ids.dedup();
    if competency_ids.len() > 12 {
        problems.add("competency_ids", "Link at most 12 competencies");
    }
    match (kind, visibility, situation, behaviour, impact, next_step) {
        (Some(kind), Some(visibility), Some(situation), Some(behaviour), Some(impact), Some(next_step))
            if problems.is_empty() =>
        {
            Ok(CheckedFeedback { kind, visibility, situation, behaviour, impact, next_step, competency_ids })
        }
        _ => Err(problems),
    }
}

/// An amendment after the edit window: the new text and why it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackAmend {
    #[serde(flatten)]
    pub entry: FeedbackInput,
    pub reason: String,
    /// The version the writer read (409 when it changed since).
    pub version: i32,
}

/// A reply to an entry, by its recipient or its author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplyInput {
    pub body: String,
}

/// A competency an entry or goal speaks to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompetencyRef {
    pub id: Uuid,
    pub name: String,
}

/// The text an amendment replaced, and why it was changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Amendment {
    pub reason: String,
    pub previous_situation: String,
    pub previous_behaviour: String,
    pub previous_impact: String,
    pub previous_next_step: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reply {
    pub id: Uuid,
    pub author: PersonRef,
    pub body: String,
    pub at: DateTime<Utc>,
}

/// An entry as its reader may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackEntry {
    pub id: Uuid,
    pub author: PersonRef,
    pub recipient: PersonRef,
    pub kind: FeedbackKind,
    pub visibility: Visibility,
    pub situation: String,
    pub behaviour: String,
    pub impact: String,
    pub next_step: String,
    pub competencies: Vec<CompetencyRef>,
    pub request_id: Option<Uuid>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    /// Until when its author may edit it without a reason.
    pub editable_until: DateTime<Utc>,
    pub amendments: Vec<Amendment>,
    pub replies: Vec<Reply>,
    /// The quality hints of its text, for its author.
    pub hints: Vec<Hint>,
    pub version: i32,
}

/// A page of entries, newest first, and where the next one starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackPage {
    pub items: Vec<FeedbackEntry>,
    /// Pass as `before` for the next page; none on the last.
    pub next: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> FeedbackInput {
        FeedbackInput {
            recipient_id: Uuid::from_u128(2),
            kind: "praise".into(),
            visibility: "recipient".into(),
            situation: "  In Monday's incident review ".into(),
            behaviour: "You read the timeline aloud before anyone guessed at a cause".into(),
            impact: "We found the real trigger in ten minutes".into(),
            next_step: String::new(),
            competency_ids: vec![Uuid::from_u128(9), Uuid::from_u128(9)],
        }
    }

    #[test]
    fn a_complete_entry_is_trimmed_and_its_competencies_kept_once() {
        let ok = check(&input()).unwrap();
        assert_eq!(ok.situation, "In Monday's incident review");
        assert_eq!((ok.kind, ok.visibility), (FeedbackKind::Praise, Visibility::Recipient));
        assert_eq!(ok.competency_ids, vec![Uuid::from_u128(9)]);
    }

    #[test]
    fn each_missing_or_unknown_part_is_named() {
        let bad = FeedbackInput {
            kind: "nice".into(),
            visibility: "everyone".into(),
            situation: " ".into(),
            behaviour: String::new(),
            impact: "\n".into(),
            ..input()
        };
        let problems = check(&bad).unwrap_err();
        let fields: Vec<&str> = problems.0.keys().map(String::as_str).collect();
        assert_eq!(fields, ["behaviour", "impact", "kind", "situation", "visibility"]);
    }

    #[test]
    fn a_private_note_is_its_authors_alone() {
        use Visibility::*;
        // (visibility, author, recipient, manager) → reads
        assert!(may_read(Private, true, false, false));
        assert!(!may_read(Private, false, true, false));
        assert!(!may_read(Private, false, false, true));
        assert!(may_read(Recipient, false, true, false));
        assert!(!may_read(Recipient, false, false, true));
        assert!(may_read(RecipientAndManagers, false, false, true));
        assert!(!may_read(RecipientAndManagers, false, false, false), "HR or an admin: no");
    }

    #[test]
    fn the_edit_window_is_a_day() {
        let at = DateTime::parse_from_rfc3339("2026-12-01T09:00:00Z").unwrap().with_timezone(&Utc);
        assert!(within_edit_window(at, at + Duration::hours(23) + Duration::minutes(59)));
        assert!(!within_edit_window(at, at + Duration::hours(24)));
    }
}
