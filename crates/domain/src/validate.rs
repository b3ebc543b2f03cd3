//! Validated value types ("parse, don't validate"): a value of these types is known to be
//! well-formed, because the only way to get one is `parse`. Messages are written for the
//! person filling in the form.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Field → problem, collected while checking a whole form so every problem is reported at
/// once, not one per submit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, problem: impl Into<String>) {
        self.0.entry(field.to_string()).or_insert_with(|| problem.into());
    }

    /// Keeps the value if it parsed, records the problem under `field` otherwise.
    pub fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(problem) => {
                self.add(field, problem);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An email address, trimmed and lower-cased (addresses are unique per organization,
/// case-insensitively).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, String> {
        let email = raw.trim().to_lowercase();
        let problem = || Err("Enter an email address like name@example.org".to_string());
        if email.is_empty() {
            return Err("Enter an email address".into());
        }
        if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return problem();
        }
        let Some((local, domain)) = email.split_once('@') else { return problem() };
        if local.is_empty() || local.len() > 64 || domain.contains('@') {
            return problem();
        }
        let labels: Vec<&str> = domain.split('.').collect();
        let label_ok = |l: &&str| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        };
        if labels.len() < 2 || !labels.iter().all(label_ok) {
            return problem();
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password: at least 12 characters (ASVS: length over composition rules), at most
/// 256 so hashing cost stays bounded. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 256;

impl Password {
    pub fn parse(raw: &str) -> Result<Password, String> {
        let n = raw.chars().count();
        if n < MIN_PASSWORD_CHARS {
            return Err(format!("Use at least {MIN_PASSWORD_CHARS} characters (a few words make a good password)"));
        }
        if n > MAX_PASSWORD_CHARS {
            return Err(format!("Use at most {MAX_PASSWORD_CHARS} characters"));
        }
        Ok(Password(raw.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A required, trimmed line of text with a length limit (names, titles).
pub fn text(raw: &str, what: &str, max: usize) -> Result<String, String> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(format!("Enter {what}"));
    }
    if t.chars().count() > max {
        return Err(format!("Keep {what} to {max} characters or fewer"));
    }
    Ok(t.to_string())
}

/// An optional trimmed line of text with a length limit ("" when absent).
pub fn optional_text(raw: Option<&str>, what: &str, max: usize) -> Result<String, String> {
    let t = raw.unwrap_or("").trim();
    if t.chars().count() > max {
        return Err(format!("Keep {what} to {max} characters or fewer"));
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(Email::parse("  Ada.Lovelace@Example.ORG ").unwrap().as_str(), "ada.lovelace@example.org");
        for bad in ["", "not-an-email", "a@b", "a b@c.org", "@c.org", "a@@c.org", "a@-c.org", "a@c..org"] {
            assert!(Email::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn passwords() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse("correct horse").is_ok());
        assert!(Password::parse(&"x".repeat(257)).is_err());
        assert_eq!(format!("{:?}", Password::parse("correct horse battery").unwrap()), "Password(***)");
    }

    #[test]
    fn collects_every_problem() {
        let mut errors = FieldErrors::new();
        assert!(errors.check("email", Email::parse("nope")).is_none());
        assert!(errors.check("name", text("  ", "a name", 200)).is_none());
        assert_eq!(errors.0.len(), 2);
        assert!(errors.0["name"].contains("Enter a name"));
    }
}
