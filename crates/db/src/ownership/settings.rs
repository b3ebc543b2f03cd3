//! The organization's ownership settings: how often rows are re-confirmed, and whether the
//! S (supportive) letter is in use; and its ownership generation, bumped by triggers on
//! every change the reports depend on.

use crate::error::DbError;
use crate::schema::organizations;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// (verify days, RASCI on).
pub async fn get(conn: &mut AsyncPgConnection, org: Uuid) -> Result<(i32, bool), DbError> {
    organizations::table
        .find(org)
        .select((organizations::ownership_verify_days, organizations::ownership_rasci))
        .first(conn)
        .await
        .map_err(DbError::from)
}

/// (verify days, RASCI on, generation): the settings and whether what was computed under
/// them can be reused, in one read.
pub async fn current(conn: &mut AsyncPgConnection, org: Uuid) -> Result<(i32, bool, i64), DbError> {
    organizations::table
        .find(org)
        .select((
            organizations::ownership_verify_days,
            organizations::ownership_rasci,
            organizations::ownership_generation,
        ))
        .first(conn)
        .await
        .map_err(DbError::from)
}

pub async fn set(conn: &mut AsyncPgConnection, org: Uuid, verify_days: i32, rasci: bool) -> Result<(), DbError> {
    diesel::update(organizations::table.find(org))
        .set((
            organizations::ownership_verify_days.eq(verify_days),
            organizations::ownership_rasci.eq(rasci),
            // what was computed under the old settings is not reused
            organizations::ownership_generation.eq(organizations::ownership_generation + 1),
        ))
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}
