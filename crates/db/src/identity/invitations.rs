//! Invitation links (stored as SHA-256 of the token; usable once).

use crate::error::DbError;
use crate::schema::invitations;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

pub async fn insert(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    person: Uuid,
    token_hash: &[u8],
    created_by: Uuid,
    expires_at: DateTime<Utc>,
) -> Result<(), DbError> {
    diesel::insert_into(invitations::table)
        .values((
            invitations::organization_id.eq(org),
            invitations::person_id.eq(person),
            invitations::token_hash.eq(token_hash),
            invitations::created_by.eq(created_by),
            invitations::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invitations)]
pub struct InvitationRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub person_id: Uuid,
    pub expires_at: DateTime<Utc>,
}

/// Marks an unused invitation used and returns it (None if unknown or already used).
pub async fn take(conn: &mut AsyncPgConnection, token_hash: &[u8]) -> Result<Option<InvitationRow>, DbError> {
    diesel::update(
        invitations::table.filter(invitations::token_hash.eq(token_hash).and(invitations::used_at.is_null())),
    )
    .set(invitations::used_at.eq(Utc::now()))
    .returning(InvitationRow::as_returning())
    .get_result(conn)
    .await
    .optional()
    .map_err(DbError::from)
}
