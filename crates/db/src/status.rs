//! The one-query status read behind the home page and `GET /api/v1/status`.
//!
//! Written with diesel's query builder rather than raw SQL on purpose: diesel never caches
//! prepared statements for `sql_query`/`sql` text, so each raw query costs an extra Parse
//! round trip. Hot paths use the builder.

use crate::error::DbError;
use crate::schema::organizations;
use diesel::IntoSql;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

diesel::table! {
    /// diesel's own bookkeeping of applied migrations.
    __diesel_schema_migrations (version) {
        version -> VarChar,
    }
}

diesel::define_sql_function! {
    /// PostgreSQL's `current_setting(name)`.
    fn current_setting(name: Text) -> Text;
}

#[derive(Debug, Clone)]
pub struct StatusRow {
    pub server_version: String,
    pub migrations_applied: i64,
    pub organizations: i64,
}

/// Through a shared reference, so it can run on the pipelined connection ([`crate::Pipelined`]).
pub async fn read(conn: &AsyncPgConnection) -> Result<StatusRow, DbError> {
    let (server_version, migrations, orgs): (String, Option<i64>, Option<i64>) = diesel::select((
        current_setting("server_version"),
        __diesel_schema_migrations::table.count().single_value(),
        organizations::table.count().single_value(),
    ))
    .get_result(&mut &*conn)
    .await?;
    Ok(StatusRow { server_version, migrations_applied: migrations.unwrap_or(0), organizations: orgs.unwrap_or(0) })
}

/// `SELECT 1`: is the database answering?
pub async fn ping(conn: &mut AsyncPgConnection) -> Result<(), DbError> {
    diesel::select(1.into_sql::<Integer>()).get_result::<i32>(conn).await.map(|_| ()).map_err(DbError::from)
}
