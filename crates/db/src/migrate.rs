//! Migrations embedded in the binary, run at start-up (and by `hatrack migrate`).
//!
//! diesel's migration harness is synchronous; `AsyncConnectionWrapper` drives the async
//! connection for it. Call these from a thread that is not inside an async task (start-up
//! before the HTTP server runs, or `spawn_blocking`): see TOOLCHAIN.md.

use crate::error::DbError;
use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel_async::AsyncPgConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");

pub type SyncConn = AsyncConnectionWrapper<AsyncPgConnection>;

/// How long start-up (and the CLI's commands) wait for PostgreSQL to accept a connection.
pub const CONNECT_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// A blocking connection, for migrations and administration. Opening it is bounded by
/// [`CONNECT_WAIT`]: a server that accepts the socket but never answers (frozen) would
/// otherwise hold start-up for ever. Statements on it are not bounded: a migration may
/// take long.
pub fn connect_sync(url: &str) -> Result<SyncConn, DbError> {
    connect_sync_within(url, CONNECT_WAIT)
}

/// [`connect_sync`] with the wait given.
pub fn connect_sync_within(url: &str, wait: std::time::Duration) -> Result<SyncConn, DbError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let owned = url.to_string();
    // On its own thread so the wait can end; a thread left hanging on a frozen server ends
    // with the process (start-up gives up then).
    std::thread::Builder::new()
        .name("pg-connect".into())
        .spawn(move || {
            let _ = tx.send(SyncConn::establish(&owned));
        })
        .map_err(DbError::unavailable)?;
    match rx.recv_timeout(wait) {
        Ok(conn) => conn.map_err(DbError::unavailable),
        Err(_) => Err(DbError::Unavailable(format!("PostgreSQL did not accept a connection within {wait:?}"))),
    }
}

/// Applies every pending migration; returns how many ran.
///
/// Looks first, with a plain read, whether anything is pending: diesel's harness starts
/// with `CREATE TABLE IF NOT EXISTS` for its bookkeeping, which needs the right to create
/// tables even when there is nothing to do. So a server running as the app role (which
/// may not create anything) starts on a database its owner has already migrated.
pub fn run_pending(url: &str) -> Result<usize, DbError> {
    let mut conn = connect_sync(url)?;
    if pending(&mut conn)? == 0 {
        return Ok(0);
    }
    let done =
        conn.run_pending_migrations(MIGRATIONS).map_err(|e| DbError::Unavailable(format!("migrations failed: {e}")))?;
    Ok(done.len())
}

/// How many of the embedded migrations the database has not applied yet.
pub fn pending(conn: &mut SyncConn) -> Result<usize, DbError> {
    use diesel::RunQueryDsl;
    use diesel::migration::MigrationSource;
    use diesel::sql_types::{Bool, Text};
    #[derive(diesel::QueryableByName)]
    struct Exists {
        #[diesel(sql_type = Bool)]
        exists: bool,
    }
    #[derive(diesel::QueryableByName)]
    struct Version {
        #[diesel(sql_type = Text)]
        version: String,
    }
    let all = MigrationSource::<diesel::pg::Pg>::migrations(&MIGRATIONS)
        .map_err(|e| DbError::Unavailable(format!("cannot read the embedded migrations: {e}")))?;
    let table: Exists =
        diesel::sql_query("SELECT to_regclass('__diesel_schema_migrations') IS NOT NULL AS exists").get_result(conn)?;
    if !table.exists {
        return Ok(all.len());
    }
    let applied: Vec<String> = diesel::sql_query("SELECT version::text AS version FROM __diesel_schema_migrations")
        .load::<Version>(conn)?
        .into_iter()
        .map(|v| v.version)
        .collect();
    Ok(all.iter().filter(|m| !applied.contains(&m.name().version().to_string())).count())
}

/// Creates `database` on the server of `admin_url` unless it exists. Used for the
/// embedded cluster, where we own the server.
pub fn ensure_database(admin_url: &str, database: &str) -> Result<(), DbError> {
    use diesel::RunQueryDsl;
    use diesel::sql_types::{Bool, Text};
    #[derive(diesel::QueryableByName)]
    struct Exists {
        #[diesel(sql_type = Bool)]
        exists: bool,
    }
    let mut conn = connect_sync(admin_url)?;
    let found: Exists = diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists")
        .bind::<Text, _>(database)
        .get_result(&mut conn)?;
    if !found.exists {
        conn.batch_execute(&format!("CREATE DATABASE {}", quote_ident(database)))?;
    }
    Ok(())
}

/// Quotes an SQL identifier (database names cannot be bound as parameters).
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
