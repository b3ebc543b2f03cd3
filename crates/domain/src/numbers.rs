//! Numbers as people read them: "10,000 people", not "10000 people".

/// `n` with a comma between each group of three digits (the product speaks English).
pub fn thousands(n: impl Into<i128>) -> String {
    let n: i128 = n.into();
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn groups_of_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(10_000_u32), "10,000");
        assert_eq!(thousands(1_234_567_i64), "1,234,567");
        assert_eq!(thousands(-4200), "-4,200");
        assert_eq!(thousands(7_usize as u64), "7");
    }
}
