//! "Did you mean …?": a name that differs from a known one only by case, spacing,
//! punctuation or a slip of one or two letters is most likely that name mistyped, and
//! an import should ask before creating a second thing of nearly the same name.

/// The known name `name` most likely means, when it is not exactly one of them (ignoring
/// case) but close to one: equal once case, spaces and punctuation are set aside, or at
/// most one edit away (two for names of eight letters or more). The closest wins.
pub fn did_you_mean<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = folded(name);
    if wanted.is_empty() {
        return None;
    }
    let allowed = if wanted.len() >= 8 { 2 } else { 1 };
    let mut best: Option<(usize, &'a str)> = None;
    for k in known {
        if k.trim().to_lowercase() == name.trim().to_lowercase() {
            return None;
        }
        let d = distance(&wanted, &folded(k));
        if d <= allowed && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

/// Lower-cased letters and digits only.
fn folded(s: &str) -> Vec<char> {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Edits (insert, delete, replace, swap two neighbours) from `a` to `b`.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut rows = vec![(0..=b.len()).collect::<Vec<_>>(); 3];
    for i in 1..=a.len() {
        let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        rows[cur][0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev][j] + 1).min(rows[cur][j - 1] + 1).min(rows[prev][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[prev2][j - 2] + 1);
            }
            rows[cur][j] = d;
        }
    }
    rows[a.len() % 3][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEAMS: [&str; 4] = ["Infrastructure", "Service Desk", "Data", "Security"];

    #[test]
    fn finds_slips_spacing_and_swaps() {
        assert_eq!(did_you_mean("Infrastucture", TEAMS), Some("Infrastructure"));
        assert_eq!(did_you_mean("Infrastrcuture", TEAMS), Some("Infrastructure"));
        assert_eq!(did_you_mean("service-desk", TEAMS), Some("Service Desk"));
        assert_eq!(did_you_mean("ServiceDesk", TEAMS), Some("Service Desk"));
        assert_eq!(did_you_mean("Securty", TEAMS), Some("Security"));
    }

    #[test]
    fn leaves_exact_and_distant_names_alone() {
        // the same name in another case is that team, not a typo
        assert_eq!(did_you_mean("infrastructure", TEAMS), None);
        assert_eq!(did_you_mean("Platform", TEAMS), None);
        // short names need to be closer: "Date" is one edit from "Data", "Ops" is not near anything
        assert_eq!(did_you_mean("Date", TEAMS), Some("Data"));
        assert_eq!(did_you_mean("Dev", TEAMS), None);
        assert_eq!(did_you_mean("", TEAMS), None);
    }

    #[test]
    fn distance_counts_edits() {
        let d = |a: &str, b: &str| distance(&folded(a), &folded(b));
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("ab", "ba"), 1);
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("same", "same"), 0);
    }
}
