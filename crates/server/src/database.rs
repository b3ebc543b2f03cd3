//! Start-up of the database: the embedded cluster (no DATABASE_URL) or an external
//! server, then the migrations. Runs before the HTTP server, outside any async runtime,
//! because diesel's migration harness is synchronous.
//!
//! Two roles (see `db::roles`): migrations run as the owner of the tables, the server as
//! an app role that cannot change or remove audit rows. In the embedded cluster both are
//! ours (`postgres` and `hatrack_app`). With `DATABASE_URL`, the owner is
//! `HATRACK_MIGRATION_DATABASE_URL` when set (the app role of `DATABASE_URL` is then given
//! its grants at every start); without it one role does both, which works but lets the
//! server bypass the audit trigger, and the start-up log says so.

use crate::Fatal;
use crate::config::{Config, redact_url};
use db::embedded::{Durability, EmbeddedPostgres, Supervised};
use service::DatabaseMode;

/// The database the server will use. Dropping it stops the embedded cluster.
pub struct Database {
    /// As the app role: what the server's pools use.
    pub url: String,
    pub mode: DatabaseMode,
    embedded: Option<Supervised>,
}

/// The database name inside the embedded cluster.
pub const EMBEDDED_DATABASE: &str = "hatrack";

impl Database {
    /// Starts (or connects to) the database, applies pending migrations as the owner and
    /// grants the app role what it needs.
    pub fn open(config: &Config) -> Result<Database, Fatal> {
        let (database, owner_url) = match &config.database_url {
            Some(url) => {
                let database = Database { url: url.clone(), mode: DatabaseMode::External, embedded: None };
                (database, config.migration_database_url.clone())
            }
            None => {
                if config.migration_database_url.is_some() {
                    tracing::warn!(
                        "HATRACK_MIGRATION_DATABASE_URL is ignored without DATABASE_URL: the embedded cluster has its own roles"
                    );
                }
                let pg = EmbeddedPostgres::start(&config.data_dir, Durability::Durable).map_err(Fatal::new)?;
                let prepare = |pg: &EmbeddedPostgres| -> Result<(), db::DbError> {
                    db::migrate::ensure_database(&pg.url("postgres"), EMBEDDED_DATABASE)?;
                    // At every start, so data directories from before the split get the role.
                    let mut admin = db::migrate::connect_sync(&pg.url("postgres"))?;
                    db::roles::ensure_login_role(&mut admin, db::roles::APP_ROLE, None)
                };
                prepare(&pg).map_err(|e| Fatal::new(format!("cannot prepare the embedded database: {e}")))?;
                tracing::info!(data_dir = %pg.data_dir().display(), "embedded PostgreSQL running (Unix socket only)");
                let owner_url = pg.url(EMBEDDED_DATABASE);
                let url = pg.url_as(db::roles::APP_ROLE, EMBEDDED_DATABASE);
                (Database { url, mode: DatabaseMode::Embedded, embedded: Some(pg.supervise()) }, Some(owner_url))
            }
        };
        let migrate_url = owner_url.as_deref().unwrap_or(&database.url);
        let applied = db::migrate::run_pending(migrate_url)
            .map_err(|e| Fatal::new(format!("cannot migrate the database at {}: {e}", redact_url(migrate_url))))?;
        if let Some(owner_url) = &owner_url {
            grant_app_role(owner_url, &database.url)?;
        }
        warn_about_audit_risks(&database.url);
        tracing::info!(applied, mode = database.mode.as_str(), "database ready");
        Ok(database)
    }

    /// Stops the embedded cluster, if we run one.
    pub fn shutdown(mut self) {
        if let Some(pg) = self.embedded.take() {
            match pg.stop() {
                Ok(()) => tracing::info!("embedded PostgreSQL stopped"),
                Err(e) => tracing::error!(error = %e, "embedded PostgreSQL did not stop cleanly"),
            }
        }
    }
}

/// As the owner: the role of `app_url` gets the app's grants (unless it is the owner).
fn grant_app_role(owner_url: &str, app_url: &str) -> Result<(), Fatal> {
    let fail = |e: db::DbError| Fatal::new(format!("cannot grant the app role its privileges: {e}"));
    let app_role = db::roles::current_role(&mut db::migrate::connect_sync(app_url).map_err(fail)?).map_err(fail)?;
    let mut owner = db::migrate::connect_sync(owner_url).map_err(fail)?;
    if db::roles::current_role(&mut owner).map_err(fail)? != app_role {
        db::roles::grant_app(&mut owner, &app_role).map_err(fail)?;
    }
    Ok(())
}

/// One warning line when the server's role could alter the audit log (single-URL setups).
fn warn_about_audit_risks(app_url: &str) {
    let risks = db::migrate::connect_sync(app_url).and_then(|mut c| db::roles::audit_risks(&mut c));
    match risks {
        Ok(risks) if risks.is_empty() => {}
        Ok(risks) => tracing::warn!(
            risks = %risks.join("; "),
            "the server's database role can alter the audit log; give DATABASE_URL a role with only the app's \
             privileges and the owner's URL as HATRACK_MIGRATION_DATABASE_URL (see README)"
        ),
        Err(e) => tracing::warn!(error = %e, "cannot check the server's database role"),
    }
}

/// `hatrack migrate`.
pub fn migrate_only(config: &Config) -> Result<(), Fatal> {
    let database = Database::open(config)?;
    println!("Migrations are up to date ({}).", database.mode.as_str());
    database.shutdown();
    Ok(())
}
