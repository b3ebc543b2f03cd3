//! Sessions and their rotating refresh tokens (stored as SHA-256 hashes).

use crate::error::DbError;
use crate::schema::sessions;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub person_id: Uuid,
    pub family_id: Uuid,
    pub user_agent: String,
    pub ip: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub rotated_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

pub struct NewSession<'a> {
    pub organization_id: Uuid,
    pub person_id: Uuid,
    pub family_id: Uuid,
    pub refresh_hash: &'a [u8],
    pub user_agent: &'a str,
    pub ip: &'a str,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert(conn: &mut AsyncPgConnection, s: &NewSession<'_>) -> Result<SessionRow, DbError> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::organization_id.eq(s.organization_id),
            sessions::person_id.eq(s.person_id),
            sessions::family_id.eq(s.family_id),
            sessions::refresh_hash.eq(s.refresh_hash),
            sessions::user_agent.eq(s.user_agent),
            sessions::ip.eq(s.ip),
            sessions::expires_at.eq(s.expires_at),
        ))
        .returning(SessionRow::as_returning())
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

/// The session holding this refresh token, locked for the rotation.
pub async fn by_refresh_hash(conn: &mut AsyncPgConnection, hash: &[u8]) -> Result<Option<SessionRow>, DbError> {
    sessions::table
        .filter(sessions::refresh_hash.eq(hash))
        .select(SessionRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

pub async fn mark_rotated(conn: &mut AsyncPgConnection, id: Uuid) -> Result<(), DbError> {
    diesel::update(sessions::table.find(id))
        .set(sessions::rotated_at.eq(Utc::now()))
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}

/// Revokes every session of a family (logout, or a reused refresh token).
pub async fn revoke_family(conn: &mut AsyncPgConnection, family: Uuid) -> Result<usize, DbError> {
    diesel::update(sessions::table.filter(sessions::family_id.eq(family).and(sessions::revoked_at.is_null())))
        .set(sessions::revoked_at.eq(Utc::now()))
        .execute(conn)
        .await
        .map_err(DbError::from)
}

pub async fn family_of(conn: &mut AsyncPgConnection, id: Uuid) -> Result<Option<Uuid>, DbError> {
    sessions::table.find(id).select(sessions::family_id).first(conn).await.optional().map_err(DbError::from)
}

/// Revokes all sessions of a person except one family (sign out other sessions).
pub async fn revoke_others(conn: &mut AsyncPgConnection, person: Uuid, keep_family: Uuid) -> Result<usize, DbError> {
    diesel::update(sessions::table.filter(
        sessions::person_id.eq(person).and(sessions::family_id.ne(keep_family)).and(sessions::revoked_at.is_null()),
    ))
    .set(sessions::revoked_at.eq(Utc::now()))
    .execute(conn)
    .await
    .map_err(DbError::from)
}

/// The live sessions of a person: the newest row of each unrevoked, unexpired family.
pub async fn live_of(conn: &mut AsyncPgConnection, person: Uuid) -> Result<Vec<SessionRow>, DbError> {
    sessions::table
        .filter(
            sessions::person_id
                .eq(person)
                .and(sessions::revoked_at.is_null())
                .and(sessions::rotated_at.is_null())
                .and(sessions::expires_at.gt(Utc::now())),
        )
        .order(sessions::created_at.desc())
        .select(SessionRow::as_select())
        .load(conn)
        .await
        .map_err(DbError::from)
}
