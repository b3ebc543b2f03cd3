//! Slugs: the stable keys of areas and competencies.

/// Whether `s` is a usable slug: 1–60 characters of a–z, 0–9 and single dashes inside.
pub fn is_valid(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 60
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// A slug made from a name: "Security & vulnerability management" →
/// "security-vulnerability-management". Letters outside ASCII and emoji are dropped;
/// a name with nothing left gives "item".
pub fn from_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "item".into() } else { out }
}

/// `base`, or `base-2`, `base-3`… the first not yet `taken`.
pub fn unique(base: &str, taken: &[String]) -> String {
    if !taken.iter().any(|t| t == base) {
        return base.to_string();
    }
    (2..)
        .map(|n| {
            // Stay within 60 characters: shorten the base to make room for the suffix.
            let suffix = format!("-{n}");
            let keep = base.len().min(60 - suffix.len());
            format!("{}{suffix}", base[..keep].trim_end_matches('-'))
        })
        .find(|s| !taken.iter().any(|t| t == s))
        .expect("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_names() {
        assert_eq!(from_name("Security & vulnerability management"), "security-vulnerability-management");
        assert_eq!(from_name("  🚀 Speed!  "), "speed");
        assert_eq!(from_name("🎉"), "item");
        assert!(is_valid(&from_name("Data stewardship: backup, restore")));
        assert!(!is_valid("Bad Slug"));
        assert!(!is_valid("a--b"));
        assert_eq!(unique("a", &["a".into(), "a-2".into()]), "a-3");
        let long = "x".repeat(60);
        assert!(is_valid(&unique(&long, std::slice::from_ref(&long))));
    }
}
