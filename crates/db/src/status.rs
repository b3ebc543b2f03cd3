//! The one-query status read behind the home page and `GET /api/v1/status`.

use crate::error::{DbError, classify};
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

#[derive(Debug, Clone, QueryableByName)]
pub struct StatusRow {
    #[diesel(sql_type = Text)]
    pub server_version: String,
    #[diesel(sql_type = BigInt)]
    pub migrations_applied: i64,
    #[diesel(sql_type = BigInt)]
    pub organizations: i64,
}

pub async fn read(conn: &mut AsyncPgConnection) -> Result<StatusRow, DbError> {
    diesel::sql_query(
        "SELECT current_setting('server_version') AS server_version, \
                (SELECT count(*) FROM __diesel_schema_migrations) AS migrations_applied, \
                (SELECT count(*) FROM organizations) AS organizations",
    )
    .get_result(conn)
    .await
    .map_err(classify)
}

/// `SELECT 1`: is the database answering?
pub async fn ping(conn: &mut AsyncPgConnection) -> Result<(), DbError> {
    diesel::sql_query("SELECT 1").execute(conn).await.map(|_| ()).map_err(classify)
}
