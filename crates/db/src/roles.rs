//! Two database roles, so that the server cannot undo its own audit trail.
//!
//! - The **owner** runs the migrations and owns every table, function and trigger (in the
//!   embedded cluster: the cluster's superuser, `postgres`).
//! - The **app role** is what the server runs as: not a superuser, owner of nothing, with
//!   SELECT/INSERT/UPDATE/DELETE on the tables and only SELECT/INSERT on the append-only
//!   ones ([`APPEND_ONLY`]). So neither its requests nor an SQL injection through them can
//!   change or remove audit rows: UPDATE, DELETE and TRUNCATE lack the privilege, and the
//!   ways around the trigger (`SET session_replication_role`, `ALTER TABLE … DISABLE
//!   TRIGGER`, `DROP FUNCTION`/`TRIGGER`/`TABLE`) need a superuser or the owner.
//!
//! [`grant_app`] runs as the owner after the migrations, at every start (idempotent, so a
//! data directory from a version before the split is upgraded on its next start), and sets
//! default privileges so tables that later migrations add are reachable by the app role
//! even before the next start re-grants.

use crate::error::DbError;
use crate::migrate::{SyncConn, quote_ident};
use diesel::connection::SimpleConnection;
use diesel::sql_types::{Bool, Text};
use diesel::{OptionalExtension, RunQueryDsl};

/// The app role of the embedded cluster.
pub const APP_ROLE: &str = "hatrack_app";

/// Tables the app role may read and append to, never change or empty.
pub const APPEND_ONLY: [&str; 1] = ["audit_events"];

/// The grants, with `{app}` for the app role and `{database}` for the database (both
/// quoted identifiers). Its text is part of the test template's fingerprint.
pub const GRANTS: &str = "
GRANT CONNECT ON DATABASE {database} TO {app};
GRANT USAGE ON SCHEMA public TO {app};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app};
-- diesel's record of applied migrations: the app reads it (status), never writes it
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON __diesel_schema_migrations FROM {app};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {app};
";

/// Creates `role` as a login role with no special rights, unless it exists (roles belong
/// to the whole server, not to one database). An existing role that has gained a special
/// right is made plain again; otherwise it is only ensured it may log in (so a role with
/// `CREATEROLE` but not superuser, as on a shared test server, can do this too: only a
/// superuser may name the superuser, replication or bypassrls attributes).
pub fn ensure_login_role(conn: &mut SyncConn, role: &str, password: Option<&str>) -> Result<(), DbError> {
    #[derive(diesel::QueryableByName)]
    struct Found {
        #[diesel(sql_type = Bool)]
        special: bool,
    }
    let found: Option<Found> = diesel::sql_query(
        "SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls AS special
           FROM pg_roles WHERE rolname = $1",
    )
    .bind::<Text, _>(role)
    .get_result(conn)
    .optional()?;
    let plain = " NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";
    let (verb, attributes) = match found {
        None => ("CREATE", plain),
        Some(Found { special: true }) => ("ALTER", plain),
        Some(Found { special: false }) => ("ALTER", ""),
    };
    let password = match password {
        Some(p) => format!(" PASSWORD '{}'", p.replace('\'', "''")),
        None => String::new(),
    };
    conn.batch_execute(&format!("{verb} ROLE {} LOGIN{attributes}{password}", quote_ident(role)))?;
    Ok(())
}

/// As the owner, on the database `conn` is connected to: gives `app` what the server needs
/// and nothing more (see the module's documentation).
pub fn grant_app(conn: &mut SyncConn, app: &str) -> Result<(), DbError> {
    #[derive(diesel::QueryableByName)]
    struct Database {
        #[diesel(sql_type = Text)]
        name: String,
    }
    let database: Database = diesel::sql_query("SELECT current_database() AS name").get_result(conn)?;
    let mut sql = GRANTS.replace("{database}", &quote_ident(&database.name)).replace("{app}", &quote_ident(app));
    for table in APPEND_ONLY {
        sql.push_str(&format!(
            "REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {};\n",
            quote_ident(table),
            quote_ident(app)
        ));
    }
    conn.batch_execute(&sql)?;
    Ok(())
}

/// The role `conn` runs as.
pub fn current_role(conn: &mut SyncConn) -> Result<String, DbError> {
    #[derive(diesel::QueryableByName)]
    struct Role {
        #[diesel(sql_type = Text)]
        name: String,
    }
    Ok(diesel::sql_query("SELECT current_user::text AS name").get_result::<Role>(conn)?.name)
}

/// What the role of `conn` could do to the audit trail that the app role must not: empty
/// when it is a proper app role. The server logs these as a warning at start-up.
pub fn audit_risks(conn: &mut SyncConn) -> Result<Vec<String>, DbError> {
    #[derive(diesel::QueryableByName)]
    struct Risks {
        #[diesel(sql_type = Bool)]
        superuser: bool,
        #[diesel(sql_type = Bool)]
        owner: bool,
        #[diesel(sql_type = Bool)]
        can_change: bool,
    }
    let mut risks = Vec::new();
    for table in APPEND_ONLY {
        let r: Risks = diesel::sql_query(
            "SELECT r.rolsuper AS superuser,
                    pg_has_role(current_user, c.relowner, 'USAGE') AS owner,
                    has_table_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE')
                      OR has_table_privilege(c.oid, 'TRUNCATE') AS can_change
               FROM pg_roles r, pg_class c
              WHERE r.rolname = current_user AND c.oid = to_regclass($1)",
        )
        .bind::<Text, _>(table)
        .get_result(conn)?;
        if r.superuser {
            risks.push("is a superuser".to_string());
        }
        if r.owner {
            risks.push(format!("owns {table} (it can disable or drop its triggers)"));
        }
        if r.can_change {
            risks.push(format!("may UPDATE, DELETE or TRUNCATE {table}"));
        }
    }
    risks.dedup();
    Ok(risks)
}
