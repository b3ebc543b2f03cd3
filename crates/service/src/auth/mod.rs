//! Sign-in and sessions: passwords (argon2id), access tokens (JWT), rotating refresh
//! tokens, throttling, and turning a token into an [`Actor`](crate::actor::Actor).

pub mod client;
pub mod invitations;
pub mod jwt;
pub mod my_sessions;
pub mod passwords;
pub mod sessions;
pub mod throttle;
pub mod verified_tokens;
#[cfg(feature = "web")]
pub mod web;

pub use sessions::{ClientInfo, Issued, authenticate, login, logout, refresh};

/// Browser cookie carrying the access token (HttpOnly, SameSite=Lax).
pub const ACCESS_COOKIE: &str = "hatrack_access";
/// Browser cookie carrying the refresh token (HttpOnly, SameSite=Strict).
pub const REFRESH_COOKIE: &str = "hatrack_refresh";

/// CSRF check for cookie-authenticated writes: the `Origin` (else `Referer`) header must
/// name the host the request was sent to. No header at all is refused.
pub fn same_origin(host: &str, origin_or_referer: Option<&str>) -> bool {
    match origin_or_referer {
        Some(s) => {
            let without_scheme = s.split_once("://").map(|(_, rest)| rest).unwrap_or(s);
            without_scheme.split('/').next() == Some(host)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn origins() {
        assert!(super::same_origin("h:3000", Some("http://h:3000")));
        assert!(super::same_origin("h:3000", Some("http://h:3000/people?x=1")));
        assert!(!super::same_origin("h:3000", Some("http://evil:3000")));
        assert!(!super::same_origin("h:3000", Some("http://h:3000.evil")));
        assert!(!super::same_origin("h:3000", None));
    }
}
