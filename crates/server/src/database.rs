//! Start-up of the database: the embedded cluster (no DATABASE_URL) or an external
//! server, then the migrations. Runs before the HTTP server, outside any async runtime,
//! because diesel's migration harness is synchronous.

use crate::Fatal;
use crate::config::{Config, redact_url};
use db::embedded::{Durability, EmbeddedPostgres};
use service::DatabaseMode;

/// The database the server will use. Dropping it stops the embedded cluster.
pub struct Database {
    pub url: String,
    pub mode: DatabaseMode,
    embedded: Option<EmbeddedPostgres>,
}

/// The database name inside the embedded cluster.
pub const EMBEDDED_DATABASE: &str = "hatrack";

impl Database {
    /// Starts (or connects to) the database and applies pending migrations.
    pub fn open(config: &Config) -> Result<Database, Fatal> {
        let database = match &config.database_url {
            Some(url) => Database { url: url.clone(), mode: DatabaseMode::External, embedded: None },
            None => {
                let pg = EmbeddedPostgres::start(&config.data_dir, Durability::Durable).map_err(Fatal::new)?;
                db::migrate::ensure_database(&pg.url("postgres"), EMBEDDED_DATABASE)
                    .map_err(|e| Fatal::new(format!("cannot prepare the embedded database: {e}")))?;
                tracing::info!(data_dir = %pg.data_dir().display(), "embedded PostgreSQL running (Unix socket only)");
                Database { url: pg.url(EMBEDDED_DATABASE), mode: DatabaseMode::Embedded, embedded: Some(pg) }
            }
        };
        let applied = db::migrate::run_pending(&database.url)
            .map_err(|e| Fatal::new(format!("cannot migrate the database at {}: {e}", redact_url(&database.url))))?;
        tracing::info!(applied, mode = database.mode.as_str(), "database ready");
        Ok(database)
    }

    /// Stops the embedded cluster, if we run one.
    pub fn shutdown(mut self) {
        if let Some(mut pg) = self.embedded.take() {
            match pg.stop() {
                Ok(()) => tracing::info!("embedded PostgreSQL stopped"),
                Err(e) => tracing::error!(error = %e, "embedded PostgreSQL did not stop cleanly"),
            }
        }
    }
}

/// `hatrack migrate`.
pub fn migrate_only(config: &Config) -> Result<(), Fatal> {
    let database = Database::open(config)?;
    println!("Migrations are up to date ({}).", database.mode.as_str());
    database.shutdown();
    Ok(())
}
