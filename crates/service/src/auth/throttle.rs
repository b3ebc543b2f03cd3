//! Sign-in throttling, per account and per client address.

use crate::{ServiceError, ServiceResult};
use diesel_async::AsyncPgConnection;
use domain::ErrorCode;

/// Failures allowed per account within the window before it is locked.
pub const ACCOUNT_LIMIT: i32 = 5;
/// Failures allowed per address (many accounts from one place) within the window.
pub const IP_LIMIT: i32 = 30;
pub const WINDOW_SECONDS: i32 = 15 * 60;
pub const LOCK_SECONDS: i32 = 15 * 60;

pub fn account_key(email: &str) -> String {
    format!("account:{email}")
}

pub fn ip_key(ip: &str) -> String {
    format!("ip:{ip}")
}

/// 429 with Retry-After when any key is locked.
pub async fn check(conn: &mut AsyncPgConnection, keys: &[&str]) -> ServiceResult<()> {
    for key in keys {
        if let Some(until) = db::identity::throttle::locked_until(conn, key).await? {
            let seconds = (until - chrono::Utc::now()).num_seconds().max(1) as u64;
            let mut e = ServiceError::new(
                ErrorCode::RateLimited,
                format!("Too many sign-in attempts. Try again in {} minutes.", seconds.div_ceil(60)),
            );
            e.retry_after = Some(seconds);
            return Err(e);
        }
    }
    Ok(())
}

/// Counts a failed sign-in against the account and the address. Expired keys are
/// forgotten at the same time, so the table holds only the last window's failures.
pub async fn failed(conn: &mut AsyncPgConnection, email: &str, ip: &str) -> ServiceResult<()> {
    db::identity::throttle::prune(conn, WINDOW_SECONDS).await?;
    db::identity::throttle::record_failure(conn, &account_key(email), ACCOUNT_LIMIT, WINDOW_SECONDS, LOCK_SECONDS)
        .await?;
    db::identity::throttle::record_failure(conn, &ip_key(ip), IP_LIMIT, WINDOW_SECONDS, LOCK_SECONDS).await?;
    Ok(())
}
