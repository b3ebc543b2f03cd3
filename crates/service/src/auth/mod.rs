//! Sign-in and sessions: passwords (argon2id), access tokens (JWT), rotating refresh
//! tokens, throttling, and turning a token into an [`Actor`](crate::actor::Actor).

pub mod jwt;
pub mod passwords;
pub mod sessions;
pub mod throttle;

pub use sessions::{ClientInfo, Issued, authenticate, login, logout, refresh};
