//! Access tokens already verified, so a client sending the same token on every request
//! pays for the signature check and the two JSON decodes once (they were a sixth of the
//! server's own time on the person API). Only what passed the full check is kept, keyed
//! by the token's SHA-256 (no token text is compared byte by byte, nor held); a hit is
//! checked against the clock again, so a kept token still expires on time. Revocation is
//! not this cache's concern: the sign-in check reads the session and the token version
//! on every request either way.

use super::jwt::{Claims, LEEWAY_SECONDS, TokenError};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;

/// Enough for every token in use at once on a large installation (a token lives 15
/// minutes); when full, the cache starts over rather than tracking ages.
const CAPACITY: usize = 4096;

#[derive(Default)]
pub struct VerifiedTokens {
    entries: Mutex<HashMap<[u8; 32], Claims>>,
}

impl VerifiedTokens {
    /// The claims of a token verified before, if it has not expired since (`now` in Unix
    /// seconds, with the same leeway as the full check).
    pub fn get(&self, token: &str, now: i64) -> Option<Result<Claims, TokenError>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let claims = entries.get(&digest(token))?;
        if claims.exp < now - LEEWAY_SECONDS as i64 {
            return Some(Err(TokenError::Expired));
        }
        Some(Ok(claims.clone()))
    }

    /// Keeps a token that passed the full check.
    pub fn put(&self, token: &str, claims: &Claims) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(digest(token), claims.clone());
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}
