use crate::error::DbError;
use crate::schema::organizations;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organizations)]
pub struct OrgRow {
    pub id: Uuid,
    pub name: String,
}

pub async fn create(conn: &mut AsyncPgConnection, name: &str) -> Result<OrgRow, DbError> {
    diesel::insert_into(organizations::table)
        .values(organizations::name.eq(name))
        .returning(OrgRow::as_returning())
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

pub async fn find_by_name(conn: &mut AsyncPgConnection, name: &str) -> Result<Option<OrgRow>, DbError> {
    organizations::table
        .filter(organizations::name.eq(name))
        .select(OrgRow::as_select())
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

pub async fn count(conn: &mut AsyncPgConnection) -> Result<i64, DbError> {
    organizations::table.count().get_result(conn).await.map_err(DbError::from)
}

/// Serialises first-run setups: two browsers submitting at once cannot both create the
/// first organization. Held until the transaction ends.
pub async fn lock_first_run(conn: &mut AsyncPgConnection) -> Result<(), DbError> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(7217001)").execute(conn).await.map(|_| ()).map_err(DbError::from)
}
