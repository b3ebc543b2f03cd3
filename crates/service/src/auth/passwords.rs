//! Password hashing with argon2id (OWASP's recommended parameters: 19 MiB, 2 passes).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use domain::validate::Password;
use std::sync::OnceLock;

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(19 * 1024, 2, 1, None).expect("valid argon2 params"))
}

pub fn hash(password: &Password) -> String {
    let salt = SaltString::encode_b64(&super::jwt::random_bytes::<16>()).expect("16 bytes make a valid salt");
    hasher().hash_password(password.expose().as_bytes(), &salt).expect("argon2 hashing").to_string()
}

/// Whether `password` matches `stored`. With no stored hash (unknown account, or never
/// set), a dummy hash is checked anyway so both cases take the same time.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash(&Password::parse("not-a-real-password-at-all").expect("valid")));
    let (hash, real) = match stored {
        Some(h) => (h, true),
        None => (dummy.as_str(), false),
    };
    let Ok(parsed) = PasswordHash::new(hash) else { return false };
    hasher().verify_password(password.as_bytes(), &parsed).is_ok() && real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_by_salt() {
        let p = Password::parse("correct horse battery").unwrap();
        let (a, b) = (hash(&p), hash(&p));
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b);
        assert!(verify("correct horse battery", Some(&a)));
        assert!(!verify("wrong horse battery", Some(&a)));
        assert!(!verify("not-a-real-password-at-all", None), "no stored hash never verifies");
    }
}
