//! Coaching and growth: feedback in SBI form and its quality hints, feedback requests,
//! 1:1s, growth goals (issue 25).

pub mod feedback;
pub mod hints;

use chrono::{DateTime, SecondsFormat, Utc};
use uuid::Uuid;

/// Where a newest-first page stopped: the time and id of its last item, written for a
/// query parameter as `<RFC 3339 time>_<id>` (the next page starts after it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub at: DateTime<Utc>,
    pub id: Uuid,
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}_{}", self.at.to_rfc3339_opts(SecondsFormat::Micros, true), self.id)
    }
}

impl Cursor {
    pub fn parse(text: &str) -> Result<Cursor, String> {
        let unreadable = || "Pass the `next` of the previous page as it was given".to_string();
        let (at, id) = text.trim().split_once('_').ok_or_else(unreadable)?;
        let at = DateTime::parse_from_rfc3339(at).map_err(|_| unreadable())?.with_timezone(&Utc);
        let id = Uuid::parse_str(id).map_err(|_| unreadable())?;
        Ok(Cursor { at, id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_what_it_wrote_and_refuses_anything_else() {
        let c = Cursor {
            at: DateTime::parse_from_rfc3339("2026-12-01T09:30:00.123456Z").unwrap().with_timezone(&Utc),
            id: Uuid::from_u128(42),
        };
        assert_eq!(Cursor::parse(&c.to_string()), Ok(c));
        for bad in ["", "yesterday", "2026-12-01T09:30:00Z", "2026-12-01T09:30:00Z_not-an-id", "_"] {
            assert!(Cursor::parse(bad).is_err(), "{bad}");
        }
    }
}
