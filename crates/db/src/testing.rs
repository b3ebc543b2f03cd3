//! Per-test databases on a real PostgreSQL, for the tests of every crate.
//!
//! The server is `DATABASE_URL` when set, otherwise a shared embedded cluster in
//! `target/test-pg` (started on first use, left running for the rest of the run;
//! `cargo xtask test` stops it at the end). The migrations are applied once, to a template
//! database named after a hash of the migrations; each test then gets
//! `CREATE DATABASE … TEMPLATE …` (milliseconds) and drops it when the [`TestDb`] is
//! dropped. Tests therefore run in parallel without seeing each other's rows.
//!
//! Tests run as the server does: [`TestDb::url`] signs in as the app role
//! ([`TEST_APP_ROLE`], with the grants of [`crate::roles`]), while migrations ran as the
//! server's maintenance role, the owner ([`TestDb::owner_url`], for the few tests that need
//! the owner's rights: the migrations' own checks, setting up what the app may not).

use crate::embedded::{Durability, EmbeddedPostgres};
use crate::migrate::{self, quote_ident};
use crate::pool::{self, Pool};
use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use diesel::sql_types::{BigInt, Bool, Text};
use std::path::PathBuf;
use std::sync::OnceLock;

/// The app role tests run as (a role of the whole test server, created on first use;
/// its password only matters on a `DATABASE_URL` server, the test cluster trusts its socket).
pub const TEST_APP_ROLE: &str = "hatrack_test_app";
const TEST_APP_PASSWORD: &str = "hatrack_test_app";

/// A database of its own for one test.
pub struct TestDb {
    /// As the app role (no UPDATE/DELETE on the audit log, owner of nothing).
    pub url: String,
    /// As the owner of the tables (the role the migrations ran as).
    pub owner_url: String,
    name: String,
    admin_url: String,
}

impl TestDb {
    /// Creates a fresh, migrated database. Safe to call from async tests (the blocking
    /// work runs on its own thread).
    pub fn new() -> TestDb {
        std::thread::spawn(create).join().expect("creating the test database panicked")
    }

    /// An empty database (no migrations), for tests of the migrations themselves. Both
    /// URLs are the owner's: there is nothing to grant the app role yet.
    pub fn empty() -> TestDb {
        std::thread::spawn(|| {
            let admin_url = server_admin_url();
            let name = format!("hatrack_test_{}", uuid::Uuid::new_v4().simple());
            let mut conn = migrate::connect_sync(&admin_url).expect("connect to the test server");
            conn.batch_execute(&format!("CREATE DATABASE {} TEMPLATE template0", quote_ident(&name)))
                .expect("create the test database");
            let owner_url = crate::url::with_database(&admin_url, &name);
            TestDb { url: owner_url.clone(), owner_url, name, admin_url }
        })
        .join()
        .expect("creating the test database panicked")
    }

    /// A small pool on this database, as the app role.
    pub fn pool(&self) -> Pool {
        pool::build(&self.url, 4).expect("pool for the test database")
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The URL of the server's maintenance database (for tests that create their own).
    pub fn admin_url(&self) -> &str {
        &self.admin_url
    }
}

impl Default for TestDb {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let (admin, name) = (self.admin_url.clone(), self.name.clone());
        // Dropping needs a connection of its own; do it off any async runtime.
        let _ = std::thread::spawn(move || {
            if let Ok(mut conn) = migrate::connect_sync(&admin) {
                let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_ident(&name)));
            }
        })
        .join();
    }
}

/// The maintenance URL of the server tests use.
pub fn server_admin_url() -> String {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| match std::env::var("DATABASE_URL") {
        Ok(url) if !url.is_empty() => crate::url::with_database(&url, "postgres"),
        _ => {
            let pg = EmbeddedPostgres::ensure_shared(&test_cluster_dir(), Durability::Disposable)
                .unwrap_or_else(|e| panic!("test PostgreSQL: {e}"));
            pg.url("postgres")
        }
    })
    .clone()
}

/// `HATRACK_TEST_PG_DIR`, or `target/test-pg` of this workspace.
pub fn test_cluster_dir() -> PathBuf {
    std::env::var_os("HATRACK_TEST_PG_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/test-pg"))
}

fn create() -> TestDb {
    let admin_url = server_admin_url();
    let template = ensure_template(&admin_url);
    let name = format!("hatrack_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn = migrate::connect_sync(&admin_url).expect("connect to the test server");
    conn.batch_execute(&format!("CREATE DATABASE {} TEMPLATE {}", quote_ident(&name), quote_ident(&template)))
        .expect("create the test database");
    let owner_url = crate::url::with_database(&admin_url, &name);
    let url = crate::url::with_user(&owner_url, TEST_APP_ROLE, Some(TEST_APP_PASSWORD));
    TestDb { url, owner_url, name, admin_url }
}

/// Advisory lock key held while the template is built ("HATRACK" in ASCII).
const TEMPLATE_LOCK: i64 = 0x0048_4154_5241_434b;

/// The migrated template, built once per set of migrations (across processes: an
/// advisory lock makes the other test binaries wait for the first one), with the app
/// role's grants (a database made from a template keeps its privileges).
fn ensure_template(admin_url: &str) -> String {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        let name = format!("hatrack_tpl_{}", migrations_fingerprint());
        let mut conn = migrate::connect_sync(admin_url).expect("connect to the test server");
        #[derive(diesel::QueryableByName)]
        struct Found {
            #[diesel(sql_type = Bool)]
            found: bool,
        }
        diesel::sql_query("SELECT pg_advisory_lock($1)")
            .bind::<BigInt, _>(TEMPLATE_LOCK)
            .execute(&mut conn)
            .expect("advisory lock");
        crate::roles::ensure_login_role(&mut conn, TEST_APP_ROLE, Some(TEST_APP_PASSWORD)).unwrap_or_else(|e| {
            panic!("create the test app role {TEST_APP_ROLE} (the test server's role needs CREATEROLE): {e}")
        });
        let found: Found = diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS found")
            .bind::<Text, _>(&name)
            .get_result(&mut conn)
            .expect("look for the template");
        if !found.found {
            let building = format!("{name}_building");
            conn.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_ident(&building)))
                .expect("drop an unfinished template");
            conn.batch_execute(&format!("CREATE DATABASE {}", quote_ident(&building))).expect("create the template");
            let building_url = crate::url::with_database(admin_url, &building);
            migrate::run_pending(&building_url).expect("migrate the template");
            let mut owner = migrate::connect_sync(&building_url).expect("connect to the template");
            crate::roles::grant_app(&mut owner, TEST_APP_ROLE).expect("grant the app role");
            drop(owner);
            conn.batch_execute(&format!("ALTER DATABASE {} RENAME TO {}", quote_ident(&building), quote_ident(&name)))
                .expect("rename the template");
        }
        diesel::sql_query("SELECT pg_advisory_unlock($1)")
            .bind::<BigInt, _>(TEMPLATE_LOCK)
            .execute(&mut conn)
            .expect("advisory unlock");
        name
    })
    .clone()
}

/// A short hash of every migration file and of the app role's grants, so a changed
/// migration or grant gets a new template instead of a stale one.
fn migrations_fingerprint() -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    hash_migration_files(&mut hasher);
    crate::roles::GRANTS.hash(&mut hasher);
    crate::roles::APPEND_ONLY.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// The SQL text itself, read from the source tree the tests were built from.
fn hash_migration_files(hasher: &mut impl std::hash::Hasher) {
    use std::hash::Hash;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let mut files: Vec<PathBuf> = walk(&dir);
    files.sort();
    for f in files {
        f.to_string_lossy().hash(hasher);
        std::fs::read(&f).unwrap_or_default().hash(hasher);
    }
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
