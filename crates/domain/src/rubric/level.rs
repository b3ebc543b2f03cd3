//! What a valid rating level is, in one place: a whole number from 1 to the framework's
//! level count, which is itself at most [`MAX_LEVELS`] (the database's `CHECK (level
//! BETWEEN 1 AND 7)` columns are the backstop). Ratings, role-profile expectations,
//! activities' minimum levels and framework anchors all check a level here.

use super::MAX_LEVELS;

/// A level checked against its framework's level count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Level(i32);

impl Level {
    /// `value` as a level of a framework with `level_count` levels; the problem as a
    /// sentence when it is not one.
    pub fn of_framework(value: i32, level_count: i32) -> Result<Level, String> {
        let top = level_count.min(MAX_LEVELS);
        if (1..=top).contains(&value) {
            Ok(Level(value))
        } else {
            Err(format!("The level must be between 1 and {top}"))
        }
    }

    /// A level as a form sends it: empty is "no level"; anything else must be a whole
    /// number (its range is checked against the framework by [`Level::of_framework`]).
    pub fn from_form(text: &str) -> Result<Option<i32>, &'static str> {
        match text.trim() {
            "" => Ok(None),
            s => s.parse::<i32>().map(Some).map_err(|_| "Choose a level"),
        }
    }

    pub fn get(self) -> i32 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Level;

    #[test]
    fn a_level_lies_within_its_framework() {
        assert_eq!(Level::of_framework(1, 5).map(Level::get), Ok(1));
        assert_eq!(Level::of_framework(5, 5).map(Level::get), Ok(5));
        assert_eq!(Level::of_framework(0, 5), Err("The level must be between 1 and 5".to_string()));
        assert_eq!(Level::of_framework(6, 5), Err("The level must be between 1 and 5".to_string()));
        assert!(Level::of_framework(8, 9).is_err(), "never above the largest framework");
        assert_eq!(Level::from_form(" "), Ok(None));
        assert_eq!(Level::from_form("3"), Ok(Some(3)));
        assert_eq!(Level::from_form("three"), Err("Choose a level"));
    }
}
