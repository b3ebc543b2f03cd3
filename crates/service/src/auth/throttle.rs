//! Sign-in throttling, by (account, address) and by address, with a growing pause.
//!
//! Never by account alone: anyone who knows a colleague's email could otherwise lock
//! them out everywhere with a few wrong passwords. Guessing one account's password from
//! one address pauses that pair; trying many accounts from one address pauses the
//! address. The person themselves, from their own (clean) address, still signs in.

use crate::{ServiceError, ServiceResult};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::ErrorCode;

/// Failures of one account from one address before the first pause.
pub const PAIR_LIMIT: i32 = 5;
/// Failures from one address (any accounts) before the first pause.
pub const IP_LIMIT: i32 = 30;
/// Failures are forgotten this long after the last one.
pub const WINDOW_SECONDS: i32 = 15 * 60;
/// The first pause; each further failure doubles it, up to the longest.
pub const FIRST_PAUSE_SECONDS: i32 = 30;
pub const LONGEST_PAUSE_SECONDS: i32 = 15 * 60;

/// The key of one account tried from one address.
pub fn pair_key(email: &str, ip: &str) -> String {
    format!("pair:{ip}|{email}")
}

pub fn ip_key(ip: &str) -> String {
    format!("ip:{ip}")
}

/// 429 with Retry-After when any key is paused.
pub async fn check(conn: &mut AsyncPgConnection, keys: &[&str]) -> ServiceResult<()> {
    check_keys(conn, keys, "Too many sign-in attempts from here").await
}

/// 429 with Retry-After when any key is paused: "{what}. Try again in …". The same table
/// throttles other public endpoints (work-sample links) under keys of their own.
pub async fn check_keys(conn: &mut AsyncPgConnection, keys: &[&str], what: &str) -> ServiceResult<()> {
    for key in keys {
        if let Some(until) = db::identity::throttle::locked_until(conn, key).await? {
            let seconds = (until - chrono::Utc::now()).num_seconds().max(1) as u64;
            let wait =
                if seconds < 90 { format!("{seconds} seconds") } else { format!("{} minutes", seconds.div_ceil(60)) };
            let mut e = ServiceError::new(ErrorCode::RateLimited, format!("{what}. Try again in {wait}."));
            e.retry_after = Some(seconds);
            return Err(e);
        }
    }
    Ok(())
}

/// Counts a failed sign-in against the (account, address) pair and the address. Keys
/// whose last failure is a window old are forgotten at the same time, so the table holds
/// only recent failures.
pub async fn failed(conn: &mut AsyncPgConnection, email: &str, ip: &str) -> ServiceResult<()> {
    use db::identity::throttle::{Backoff, prune, record_failure};
    let backoff = |limit| Backoff {
        limit,
        window_seconds: WINDOW_SECONDS,
        first_pause_seconds: FIRST_PAUSE_SECONDS,
        longest_pause_seconds: LONGEST_PAUSE_SECONDS,
    };
    let (pair, address) = (pair_key(email, ip), ip_key(ip));
    // One transaction: both counts move together, or neither.
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        prune(conn, WINDOW_SECONDS).await?;
        record_failure(conn, &pair, backoff(PAIR_LIMIT)).await?;
        record_failure(conn, &address, backoff(IP_LIMIT)).await?;
        Ok(())
    })
    .await
}

/// After a successful sign-in the pair starts afresh (the address keeps its count: one
/// right password does not excuse guessing at other accounts).
pub async fn succeeded(conn: &mut AsyncPgConnection, email: &str, ip: &str) -> ServiceResult<()> {
    Ok(db::identity::throttle::clear(conn, &pair_key(email, ip)).await?)
}
