//! Failed sign-ins per key (`account:<email>`, `ip:<address>`), kept in PostgreSQL so the
//! limit holds across several server instances.

use crate::error::{DbError, classify};
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
            .await
            .map_err(classify)?;
    Ok(rows.into_iter().next().and_then(|r| r.locked_until))
}

/// Counts a failure; after `limit` failures within `window_seconds` the key is locked for
/// `lock_seconds`. A failure after an expired window starts a new one.
pub async fn record_failure(
    conn: &mut AsyncPgConnection,
    key: &str,
    limit: i32,
    window_seconds: i32,
    lock_seconds: i32,
) -> Result<(), DbError> {
    diesel::sql_query(
        "INSERT INTO login_throttle AS t (key, failures, window_started_at) VALUES ($1, 1, now()) \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN t.window_started_at < now() - make_interval(secs => $3) THEN 1 ELSE t.failures + 1 END, \
           window_started_at = CASE WHEN t.window_started_at < now() - make_interval(secs => $3) THEN now() ELSE t.window_started_at END, \
           locked_until = CASE WHEN t.window_started_at >= now() - make_interval(secs => $3) AND t.failures + 1 >= $2 \
                               THEN now() + make_interval(secs => $4) ELSE t.locked_until END",
    )
    .bind::<Text, _>(key)
    .bind::<Integer, _>(limit)
    .bind::<Integer, _>(window_seconds)
    .bind::<Integer, _>(lock_seconds)
    .execute(conn)
    .await
    .map(|_| ())
    .map_err(classify)
}

/// Forgets keys whose window has passed and that are not locked: they count for nothing,
/// and without this every email or address that ever failed once would stay forever.
pub async fn prune(conn: &mut AsyncPgConnection, window_seconds: i32) -> Result<(), DbError> {
    diesel::sql_query(
        "DELETE FROM login_throttle WHERE window_started_at < now() - make_interval(secs => $1) \
           AND (locked_until IS NULL OR locked_until < now())",
    )
    .bind::<Integer, _>(window_seconds)
    .execute(conn)
    .await
    .map(|_| ())
    .map_err(classify)
}

pub async fn clear(conn: &mut AsyncPgConnection, key: &str) -> Result<(), DbError> {
    diesel::sql_query("DELETE FROM login_throttle WHERE key = $1")
        .bind::<Text, _>(key)
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(classify)
}
