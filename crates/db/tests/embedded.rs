//! The embedded default database, end to end with the machine's PostgreSQL binaries:
//! first start (initdb), reuse, clean stop, crash recovery, one server per data directory.

use db::embedded::{Durability, EmbeddedError, EmbeddedPostgres, wait_for};
use diesel::RunQueryDsl;
use diesel::sql_types::Text;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

#[derive(diesel::QueryableByName)]
struct Setting {
    #[diesel(sql_type = Text)]
    value: String,
}

fn setting(pg: &EmbeddedPostgres, name: &str) -> String {
    let mut conn = db::migrate::connect_sync(&pg.url("postgres")).expect("connect through the socket");
    let row: Setting =
        diesel::sql_query(format!("SELECT current_setting('{name}') AS value")).get_result(&mut conn).expect("query");
    row.value
}

fn alive(pid: i32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
        && !std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default().contains(") Z ")
}

fn data_dir() -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix("hatrack-pg-").tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    dir
}

#[test]
fn first_start_reuse_stop_and_crash_recovery() {
    let dir = data_dir();

    // First start creates the cluster and serves on a socket only.
    let mut pg = EmbeddedPostgres::start(dir.path(), Durability::Disposable).expect("first start");
    assert!(dir.path().join("postgres/PG_VERSION").exists());
    assert!(dir.path().join("run/.s.PGSQL.5432").exists(), "socket inside the data directory");
    assert_eq!(setting(&pg, "listen_addresses"), "", "no TCP port is taken");
    let pid = pg.pid().expect("pid");
    pg.stop().expect("stop");
    assert!(wait_for(Duration::from_secs(10), || !alive(pid)), "PostgreSQL is gone after stop");

    // A second start reuses the cluster (no initdb) and is quick.
    let version_file = dir.path().join("postgres/PG_VERSION");
    let created = std::fs::metadata(&version_file).unwrap().modified().unwrap();
    let t = Instant::now();
    let pg = EmbeddedPostgres::start(dir.path(), Durability::Disposable).expect("second start");
    let restart = t.elapsed();
    assert_eq!(std::fs::metadata(&version_file).unwrap().modified().unwrap(), created, "cluster reused");
    assert!(restart < Duration::from_secs(10), "restart took {restart:?}");
    assert_eq!(setting(&pg, "server_version_num").len(), 6);

    // Crash: the managing process dies without stopping PostgreSQL, then the postmaster
    // is killed too, leaving a stale pid file behind.
    let pid = pg.pid().unwrap();
    std::mem::forget(pg);
    release_lock_of_forgotten(dir.path());
    std::process::Command::new("kill").args(["-9", &pid.to_string()]).status().unwrap();
    assert!(wait_for(Duration::from_secs(10), || !alive(pid)));
    assert!(dir.path().join("postgres/postmaster.pid").exists(), "stale pid file left behind");
    let mut pg = EmbeddedPostgres::start(dir.path(), Durability::Disposable).expect("start after a crash");
    assert_eq!(setting(&pg, "listen_addresses"), "");

    // The managing process dies but PostgreSQL keeps running: the next start takes it over.
    let pid = pg.pid().unwrap();
    std::mem::forget(pg);
    release_lock_of_forgotten(dir.path());
    pg = EmbeddedPostgres::start(dir.path(), Durability::Disposable).expect("take over a leftover server");
    assert!(wait_for(Duration::from_secs(10), || !alive(pid)), "the leftover server was restarted");
    pg.stop().unwrap();
}

/// A dead process's locks vanish with it. A forgotten value keeps its lock's file open, so
/// in-process we emulate death by removing the lock file (the next start locks a new one).
fn release_lock_of_forgotten(dir: &Path) {
    std::fs::remove_file(dir.join("postgres.lock")).unwrap();
}

#[test]
fn a_pid_file_of_an_unrelated_process_is_ignored() {
    let dir = data_dir();
    let mut pg = EmbeddedPostgres::start(dir.path(), Durability::Disposable).unwrap();
    pg.stop().unwrap();
    // pid 1 is alive but is not our postgres
    std::fs::write(dir.path().join("postgres/postmaster.pid"), "1\n").unwrap();
    let mut pg = EmbeddedPostgres::start(dir.path(), Durability::Disposable).expect("start despite a reused pid");
    pg.stop().unwrap();
}

#[test]
fn one_server_per_data_directory() {
    let dir = data_dir();
    let mut first = EmbeddedPostgres::start(dir.path(), Durability::Disposable).unwrap();
    let second = EmbeddedPostgres::start(dir.path(), Durability::Disposable);
    assert!(matches!(second, Err(EmbeddedError::InUse(_))), "{second:?}");
    first.stop().unwrap();
}
