//! The code a blind grader sees instead of a candidate's name: short, readable aloud, and
//! without letters that look alike (no 0/O, 1/I/L).

const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// `C-` and six characters drawn from `random` (one byte each, from a secure source).
pub fn candidate_code(random: [u8; 6]) -> String {
    let mut code = String::from("C-");
    for b in random {
        code.push(ALPHABET[b as usize % ALPHABET.len()] as char);
    }
    code
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_avoid_look_alike_characters() {
        let code = super::candidate_code([0, 7, 30, 31, 200, 255]);
        assert_eq!(code.len(), 8);
        assert!(code.starts_with("C-"));
        assert!(!code[2..].contains(['0', 'O', '1', 'I', 'L']));
    }
}
