//! Access tokens (RFC 8725 practices): HS256 pinned, `kid` required and looked up in a key
//! ring, `iss`, `aud`, `sub`, `exp`, `nbf`, `iat` and our token type all required and
//! checked. Keys are random 512-bit secrets generated on first run and kept in the data
//! directory (`keys/<kid>.hs256`); adding a newer key file rotates signing while tokens
//! signed by older keys stay valid until they expire.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use uuid::Uuid;

use super::verified_tokens::VerifiedTokens;

pub const ISSUER: &str = "hatrack";
pub const AUDIENCE: &str = "hatrack";
pub const ACCESS_TOKEN_TYPE: &str = "access";
/// Access tokens live at most 15 minutes.
pub const ACCESS_TTL_SECONDS: i64 = 15 * 60;
/// Clock skew tolerated on `exp` and `nbf`.
pub const LEEWAY_SECONDS: u64 = 30;
const ALGORITHM: Algorithm = Algorithm::HS256;
const KEY_EXTENSION: &str = "hs256";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The person's id.
    pub sub: Uuid,
    /// Their organization.
    pub org: Uuid,
    /// The session this token belongs to (logout revokes it).
    pub sid: Uuid,
    /// The person's token version when issued (bumped by password/role change, deactivation).
    pub ver: i32,
    /// Token type: always `access` (refresh tokens are opaque, never JWTs).
    pub typ: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token is not valid")]
    Invalid,
    #[error("the token has expired")]
    Expired,
}

/// The keys that sign (the newest) and verify (all) access tokens.
#[derive(Clone)]
pub struct KeyRing {
    signing_kid: String,
    signing: EncodingKey,
    verifying: HashMap<String, DecodingKey>,
    /// Built once: its issuer, audience and required claims are sets, and making them
    /// on every request showed in the person API's profile.
    validation: Validation,
    /// Tokens that passed `verify` (shared by clones: the keys are the same).
    verified: Arc<VerifiedTokens>,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // never the secrets
        f.debug_struct("KeyRing").field("signing_kid", &self.signing_kid).field("kids", &self.verifying.len()).finish()
    }
}

impl KeyRing {
    /// Keys as (kid, secret) pairs; the greatest kid signs.
    pub fn from_secrets(mut keys: Vec<(String, Vec<u8>)>) -> Result<KeyRing, String> {
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        let (kid, secret) = keys.last().ok_or("no signing key")?;
        if let Some((kid, _)) = keys.iter().find(|(_, s)| s.len() < 32) {
            return Err(format!("key {kid} is shorter than 256 bits"));
        }
        Ok(KeyRing {
            signing_kid: kid.clone(),
            signing: EncodingKey::from_secret(secret),
            verifying: keys.iter().map(|(k, s)| (k.clone(), DecodingKey::from_secret(s))).collect(),
            validation: validation(),
            verified: Arc::default(),
        })
    }

    /// A fresh random key kept only in memory (tests, one-off tools).
    pub fn ephemeral() -> KeyRing {
        KeyRing::from_secrets(vec![("ephemeral".into(), random_bytes::<64>().to_vec())]).expect("a 512-bit key")
    }

    /// Loads `dir/*.hs256`, creating a first key when there is none (mode 0600).
    pub fn load_or_create(dir: &Path) -> Result<KeyRing, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let mut keys = read_keys(dir)?;
        if keys.is_empty() {
            let kid = format!("k{}", chrono::Utc::now().format("%Y%m%d%H%M%S"));
            let secret = random_bytes::<64>();
            write_private(&dir.join(format!("{kid}.{KEY_EXTENSION}")), URL_SAFE_NO_PAD.encode(secret).as_bytes())?;
            tracing::info!(kid, dir = %dir.display(), "generated a new token signing key");
            keys = read_keys(dir)?;
        }
        KeyRing::from_secrets(keys)
    }

    pub fn signing_kid(&self) -> &str {
        &self.signing_kid
    }

    pub fn issue(&self, person: Uuid, org: Uuid, session: Uuid, version: i32, now: i64) -> String {
        let claims = Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: person,
            org,
            sid: session,
            ver: version,
            typ: ACCESS_TOKEN_TYPE.into(),
            iat: now,
            nbf: now,
            exp: now + ACCESS_TTL_SECONDS,
        };
        self.sign(&claims)
    }

    /// Signs arbitrary claims (tests use it to build hostile tokens with a real key).
    pub fn sign(&self, claims: &Claims) -> String {
        let mut header = Header::new(ALGORITHM);
        header.kid = Some(self.signing_kid.clone());
        encode(&header, claims, &self.signing).expect("HS256 signing cannot fail")
    }

    /// The token's claims if it is one of ours, unexpired, and an access token. A token
    /// seen before is answered from [`VerifiedTokens`] (its expiry checked again).
    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        self.verify_at(token, chrono::Utc::now().timestamp())
    }

    fn verify_at(&self, token: &str, now: i64) -> Result<Claims, TokenError> {
        if let Some(known) = self.verified.get(token, now) {
            return known;
        }
        let claims = self.verify_fully(token)?;
        // We never issue a token that lives longer than the access lifetime or that was
        // issued in the future: one that does was not made by this code (a leaked old
        // key, a forged clock), and would otherwise stay good for as long as it says.
        let leeway = LEEWAY_SECONDS as i64;
        if claims.iat > now + leeway
            || claims.exp - claims.iat > ACCESS_TTL_SECONDS
            || claims.exp > now + ACCESS_TTL_SECONDS + leeway
        {
            return Err(TokenError::Invalid);
        }
        self.verified.put(token, &claims);
        Ok(claims)
    }

    fn verify_fully(&self, token: &str) -> Result<Claims, TokenError> {
        let header = decode_header(token).map_err(|_| TokenError::Invalid)?;
        if header.alg != ALGORITHM {
            return Err(TokenError::Invalid);
        }
        let key = header.kid.as_deref().and_then(|kid| self.verifying.get(kid)).ok_or(TokenError::Invalid)?;
        let data = decode::<Claims>(token, key, &self.validation).map_err(|e| match e.kind() {
            jsonwebtoken::errors::ErrorKind::ExpiredSignature => TokenError::Expired,
            _ => TokenError::Invalid,
        })?;
        if data.claims.typ != ACCESS_TOKEN_TYPE {
            return Err(TokenError::Invalid);
        }
        Ok(data.claims)
    }
}

/// What every access token must carry and satisfy besides its signature.
fn validation() -> Validation {
    let mut validation = Validation::new(ALGORITHM);
    validation.algorithms = vec![ALGORITHM];
    validation.leeway = LEEWAY_SECONDS;
    validation.validate_exp = true;
    validation.validate_nbf = true;
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[AUDIENCE]);
    validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
    validation
}

fn read_keys(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut keys = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some(KEY_EXTENSION) {
            continue;
        }
        let kid = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let secret =
            URL_SAFE_NO_PAD.decode(text.trim()).map_err(|_| format!("{} is not a base64url key", path.display()))?;
        keys.push((kid, secret));
    }
    Ok(keys)
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    file.write_all(bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Cryptographically random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).expect("the operating system's random source");
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(kid: &str, byte: u8) -> KeyRing {
        KeyRing::from_secrets(vec![(kid.into(), vec![byte; 64])]).unwrap()
    }

    fn claims(now: i64) -> Claims {
        Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: Uuid::new_v4(),
            org: Uuid::new_v4(),
            sid: Uuid::new_v4(),
            ver: 0,
            typ: ACCESS_TOKEN_TYPE.into(),
            iat: now,
            nbf: now,
            exp: now + 900,
        }
    }

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    fn b64(v: &serde_json::Value) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
    }

    #[test]
    fn a_fresh_token_verifies() {
        let keys = ring("k1", 7);
        let c = claims(now());
        assert_eq!(keys.verify(&keys.sign(&c)).unwrap(), c);
    }

    #[test]
    fn hostile_tokens_are_refused() {
        let keys = ring("k1", 7);
        let good = keys.sign(&claims(now()));
        let (header, payload, _sig) = {
            let p: Vec<&str> = good.split('.').collect();
            (p[0].to_string(), p[1].to_string(), p[2].to_string())
        };
        // alg=none
        let none = format!("{}.{payload}.", b64(&serde_json::json!({"alg": "none", "typ": "JWT", "kid": "k1"})));
        assert_eq!(keys.verify(&none), Err(TokenError::Invalid));
        // wrong key with the same kid
        assert_eq!(keys.verify(&ring("k1", 9).sign(&claims(now()))), Err(TokenError::Invalid));
        // unknown kid
        assert_eq!(keys.verify(&ring("k2", 7).sign(&claims(now()))), Err(TokenError::Invalid));
        // HS/RS confusion: an RS256 header signed with the shared secret as HMAC key
        let rs_header = b64(&serde_json::json!({"alg": "RS256", "typ": "JWT", "kid": "k1"}));
        let forged = {
            use jsonwebtoken::crypto::sign;
            let msg = format!("{rs_header}.{payload}");
            let sig = sign(msg.as_bytes(), &EncodingKey::from_secret(&[7; 64]), Algorithm::HS256).unwrap();
            format!("{msg}.{sig}")
        };
        assert_eq!(keys.verify(&forged), Err(TokenError::Invalid));
        // tampered payload
        let mut tampered: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&payload).unwrap()).unwrap();
        tampered["ver"] = serde_json::json!(99);
        assert_eq!(keys.verify(&format!("{header}.{}.{_sig}", b64(&tampered))), Err(TokenError::Invalid));
        // wrong audience, issuer, type
        let mut c = claims(now());
        c.aud = "someone-else".into();
        assert_eq!(keys.verify(&keys.sign(&c)), Err(TokenError::Invalid));
        let mut c = claims(now());
        c.iss = "evil".into();
        assert_eq!(keys.verify(&keys.sign(&c)), Err(TokenError::Invalid));
        let mut c = claims(now());
        c.typ = "refresh".into();
        assert_eq!(keys.verify(&keys.sign(&c)), Err(TokenError::Invalid));
        // expired beyond the leeway, and not yet valid
        let mut c = claims(now() - 2000);
        c.exp = now() - 31 - LEEWAY_SECONDS as i64;
        assert_eq!(keys.verify(&keys.sign(&c)), Err(TokenError::Expired));
        let mut c = claims(now());
        c.nbf = now() + 600;
        assert_eq!(keys.verify(&keys.sign(&c)), Err(TokenError::Invalid));
        // a far-future expiry, a longer life than we give, an issue time in the future
        let mut c = claims(now());
        c.exp = now() + 10 * 365 * 24 * 3600;
        assert_eq!(keys.verify(&keys.sign(&c)), Err(TokenError::Invalid));
        let mut c = claims(now() - 600);
        c.exp = now() + 600;
        assert_eq!(keys.verify(&keys.sign(&c)), Err(TokenError::Invalid), "lives 20 minutes");
        let mut c = claims(now() + 120);
        (c.nbf, c.exp) = (now(), now() + 600);
        assert_eq!(keys.verify(&keys.sign(&c)), Err(TokenError::Invalid), "issued two minutes from now");
        // garbage
        assert_eq!(keys.verify("not.a.token"), Err(TokenError::Invalid));
        assert_eq!(keys.verify(""), Err(TokenError::Invalid));
    }

    #[test]
    fn a_token_seen_before_still_expires_and_its_variants_are_checked_in_full() {
        let keys = ring("k1", 7);
        let c = claims(now());
        let token = keys.sign(&c);
        assert_eq!(keys.verify(&token), Ok(c.clone()));
        assert_eq!(keys.verified.len(), 1, "kept once verified");
        assert_eq!(keys.verify(&token), Ok(c.clone()));
        // the kept token expires with the same leeway as the full check
        let leeway = LEEWAY_SECONDS as i64;
        assert_eq!(keys.verify_at(&token, c.exp + leeway), Ok(c.clone()));
        assert_eq!(keys.verify_at(&token, c.exp + leeway + 1), Err(TokenError::Expired));
        // the same signature on another payload is refused though the original is kept
        let p: Vec<&str> = token.split('.').collect();
        let mut tampered: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p[1]).unwrap()).unwrap();
        tampered["sub"] = serde_json::json!(Uuid::new_v4());
        assert_eq!(keys.verify(&format!("{}.{}.{}", p[0], b64(&tampered), p[2])), Err(TokenError::Invalid));
        // and refused tokens are not kept
        assert_eq!(keys.verify(&ring("k1", 9).sign(&c)), Err(TokenError::Invalid));
        assert_eq!(keys.verified.len(), 1);
    }

    #[test]
    fn rotation_keeps_old_tokens_valid() {
        let old = ring("k1", 7);
        let token = old.sign(&claims(now()));
        let rotated = KeyRing::from_secrets(vec![("k1".into(), vec![7; 64]), ("k2".into(), vec![8; 64])]).unwrap();
        assert_eq!(rotated.signing_kid(), "k2");
        assert!(rotated.verify(&token).is_ok());
    }

    #[test]
    fn keys_are_generated_once_and_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("hatrack-keys-{}", Uuid::new_v4()));
        let first = KeyRing::load_or_create(&dir).unwrap();
        let second = KeyRing::load_or_create(&dir).unwrap();
        assert_eq!(first.signing_kid(), second.signing_kid());
        let file = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
