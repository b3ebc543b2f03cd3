//! Failed sign-ins per key (`pair:<address>|<email>`, `ip:<address>`), kept in PostgreSQL so the
//! limit holds across several server instances.

use crate::error::DbError;
use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Integer, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

#[derive(Debug, QueryableByName)]
struct Locked {
    #[diesel(sql_type = Nullable<Timestamptz>)]
    locked_until: Option<DateTime<Utc>>,
}

/// Until when the key is locked, if it is.
pub async fn locked_until(conn: &mut AsyncPgConnection, key: &str) -> Result<Option<DateTime<Utc>>, DbError> {
    let rows: Vec<Locked> =
        diesel::sql_query("SELECT locked_until FROM login_throttle WHERE key = $1 AND locked_until > now()")
            .bind::<Text, _>(key)
            .load(conn)
            .await?;
    Ok(rows.into_iter().next().and_then(|r| r.locked_until))
}

/// How failures of a key turn into pauses.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    /// Failures before the first pause.
    pub limit: i32,
    /// A failure this long after the previous one starts counting afresh.
    pub window_seconds: i32,
    /// The first pause; each further failure doubles it.
    pub first_pause_seconds: i32,
    pub longest_pause_seconds: i32,
}

/// Counts a failure. From the `limit`-th failure on, the key is paused, for the first
/// pause and then twice as long after each further failure (up to the longest). Failures
/// are forgotten once a window has passed since the last one.
pub async fn record_failure(conn: &mut AsyncPgConnection, key: &str, b: Backoff) -> Result<(), DbError> {
    diesel::sql_query(
        "INSERT INTO login_throttle AS t (key, failures, last_failure_at, locked_until) \
         VALUES ($1, 1, now(), CASE WHEN $2 <= 1 THEN now() + make_interval(secs => $4) END) \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN t.last_failure_at < now() - make_interval(secs => $3) THEN 1 ELSE t.failures + 1 END, \
           last_failure_at = now(), \
           locked_until = CASE WHEN t.last_failure_at >= now() - make_interval(secs => $3) AND t.failures + 1 >= $2 \
                               THEN now() + make_interval(secs => least($5::float8, \
                                    $4::float8 * power(2::float8, least(t.failures + 1 - $2, 20)))) \
                               ELSE t.locked_until END",
    )
    .bind::<Text, _>(key)
    .bind::<Integer, _>(b.limit)
    .bind::<Integer, _>(b.window_seconds)
    .bind::<Integer, _>(b.first_pause_seconds)
    .bind::<Integer, _>(b.longest_pause_seconds)
    .execute(conn)
    .await
    .map(|_| ())
    .map_err(DbError::from)
}

/// Forgets keys whose last failure is a window old and that are not paused: they count
/// for nothing, and without this every email or address that ever failed once would stay
/// forever.
pub async fn prune(conn: &mut AsyncPgConnection, window_seconds: i32) -> Result<(), DbError> {
    diesel::sql_query(
        "DELETE FROM login_throttle WHERE last_failure_at < now() - make_interval(secs => $1) \
           AND (locked_until IS NULL OR locked_until < now())",
    )
    .bind::<Integer, _>(window_seconds)
    .execute(conn)
    .await
    .map(|_| ())
    .map_err(DbError::from)
}

pub async fn clear(conn: &mut AsyncPgConnection, key: &str) -> Result<(), DbError> {
    diesel::sql_query("DELETE FROM login_throttle WHERE key = $1")
        .bind::<Text, _>(key)
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}
