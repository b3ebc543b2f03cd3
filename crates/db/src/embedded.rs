//! The embedded default database: a private PostgreSQL cluster inside Hatrack's data
//! directory, made with the machine's own PostgreSQL binaries.
//!
//! Layout of the data directory:
//! ```text
//! <data>/postgres/       the cluster (initdb), mode 0700, owned by the PostgreSQL user
//! <data>/run/            the Unix socket directory (no TCP port is opened)
//! <data>/postgres.log    the server log
//! <data>/postgres.lock   held while a Hatrack process manages this cluster
//! ```
//! `initdb` and `postgres` refuse to run as root, so when we are root they run as the
//! unprivileged `postgres` user that Debian's packages create.

use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::os::unix::fs::{PermissionsExt, chown};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;
use thiserror::Error;

/// The socket file is named after the port; nothing listens on TCP.
pub const PORT: u16 = 5432;
const SUPERUSER: &str = "postgres";
const UNPRIVILEGED_USER: &str = "postgres";
/// Unix socket paths are limited to 107 bytes on Linux.
const MAX_SOCKET_PATH: usize = 107;

#[derive(Debug, Error)]
pub enum EmbeddedError {
    #[error(
        "PostgreSQL server binaries (initdb, pg_ctl) were not found: looked in `pg_config --bindir` and /usr/lib/postgresql/*/bin. Install them (Debian/Ubuntu: `sudo apt-get install postgresql`), set HATRACK_PG_BINDIR to their folder, or set DATABASE_URL to use an existing PostgreSQL server."
    )]
    MissingBinaries,
    #[error(
        "running as root needs the unprivileged user `{0}` to run PostgreSQL (it comes with Debian's postgresql package); install it or run Hatrack as a normal user"
    )]
    NoUnprivilegedUser(&'static str),
    #[error(
        "the data directory path is too long for a Unix socket ({0} bytes, at most {MAX_SOCKET_PATH}): choose a shorter HATRACK_DATA_DIR"
    )]
    SocketPathTooLong(usize),
    #[error("another Hatrack process is using the data directory {0}")]
    InUse(PathBuf),
    #[error("{action} failed: {detail}")]
    Command { action: String, detail: String },
    #[error("{0}: {1}")]
    Io(String, #[source] std::io::Error),
}

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> EmbeddedError {
    let what = what.into();
    move |e| EmbeddedError::Io(what, e)
}

/// How the cluster is tuned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// The product's data: fsync on.
    Durable,
    /// Throw-away test databases: fsync off, much faster CREATE DATABASE.
    Disposable,
}

/// A running embedded cluster. Stop it with [`EmbeddedPostgres::stop`]; dropping it also
/// stops it, so an early return cannot leave a server behind.
#[derive(Debug)]
pub struct EmbeddedPostgres {
    data_dir: PathBuf,
    cluster: PathBuf,
    socket_dir: PathBuf,
    log: PathBuf,
    bindir: PathBuf,
    run_as: Option<(u32, u32)>,
    running: bool,
    /// Held for as long as we manage the cluster; released on drop.
    lock: Option<File>,
}

impl EmbeddedPostgres {
    /// Creates the cluster on first use, recovers from a crashed previous run, starts the
    /// server and waits until it accepts connections.
    pub fn start(data_dir: &Path, durability: Durability) -> Result<Self, EmbeddedError> {
        let mut pg = Self::prepare(data_dir)?;
        let lock = pg.lock_exclusive()?;
        pg.lock = Some(lock);
        pg.init_if_needed()?;
        pg.write_settings(durability)?;
        pg.recover_stale()?;
        pg.pg_ctl_start()?;
        Ok(pg)
    }

    /// Like [`start`](Self::start), but for a cluster shared by several processes (the
    /// test cluster): if it already runs, it is reused and left running on drop.
    pub fn ensure_shared(data_dir: &Path, durability: Durability) -> Result<Self, EmbeddedError> {
        let mut pg = Self::prepare(data_dir)?;
        // Serialise starters; the lock is dropped when this function returns.
        let lock_path = data_dir.join("postgres.lock");
        let lock = File::create(&lock_path).map_err(io(format!("cannot create {}", lock_path.display())))?;
        lock.lock().map_err(io("cannot lock the test cluster"))?;
        if pg.is_running() {
            pg.running = false; // not ours to stop
            return Ok(pg);
        }
        pg.init_if_needed()?;
        pg.write_settings(durability)?;
        pg.recover_stale()?;
        pg.pg_ctl_start()?;
        pg.running = false; // shared: whoever tears down the test run stops it
        Ok(pg)
    }

    fn prepare(data_dir: &Path) -> Result<Self, EmbeddedError> {
        let bindir = find_bindir().ok_or(EmbeddedError::MissingBinaries)?;
        fs::create_dir_all(data_dir).map_err(io(format!("cannot create {}", data_dir.display())))?;
        let data_dir = data_dir.canonicalize().map_err(io(format!("cannot resolve {}", data_dir.display())))?;
        let socket_dir = data_dir.join("run");
        let socket_len = socket_dir.join(format!(".s.PGSQL.{PORT}")).as_os_str().len();
        if socket_len > MAX_SOCKET_PATH {
            return Err(EmbeddedError::SocketPathTooLong(socket_len));
        }
        let run_as = if is_root() {
            Some(lookup_user(UNPRIVILEGED_USER).ok_or(EmbeddedError::NoUnprivilegedUser(UNPRIVILEGED_USER))?)
        } else {
            None
        };
        Ok(Self {
            cluster: data_dir.join("postgres"),
            log: data_dir.join("postgres.log"),
            socket_dir,
            data_dir,
            bindir,
            run_as,
            running: false,
            lock: None,
        })
    }

    /// The URL of `database` on this cluster, through its socket, as the superuser (the
    /// owner of Hatrack's tables: migrations and administration).
    pub fn url(&self, database: &str) -> String {
        self.url_as(SUPERUSER, database)
    }

    /// The URL of `database` as `role` (the server runs as [`crate::roles::APP_ROLE`]).
    /// Sign-in over the socket is `trust`: the socket directory is private to the
    /// PostgreSQL user (mode 0700), so only this machine's root and that user reach it.
    pub fn url_as(&self, role: &str, database: &str) -> String {
        format!(
            "postgres://{}@{}:{PORT}/{}",
            crate::url::encode(role),
            crate::url::encode(&self.socket_dir.to_string_lossy()),
            crate::url::encode(database)
        )
    }

    pub fn socket_dir(&self) -> &Path {
        &self.socket_dir
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn bindir(&self) -> &Path {
        &self.bindir
    }

    /// The postmaster's pid, from its pid file.
    pub fn pid(&self) -> Option<i32> {
        read_pid(&self.cluster.join("postmaster.pid"))
    }

    /// Fast shutdown: disconnects clients, checkpoints, exits. Waits until it is down.
    pub fn stop(&mut self) -> Result<(), EmbeddedError> {
        if !self.running {
            return Ok(());
        }
        self.running = false;
        let result =
            self.pg_ctl(&["stop", "-m", "fast", "-w", "-t", "60"], "stopping the embedded PostgreSQL").map(|_| ());
        self.lock = None; // the data directory is free for the next start
        result
    }

    /// Takes the data directory for this process, so two servers never share a cluster.
    fn lock_exclusive(&self) -> Result<File, EmbeddedError> {
        let path = self.data_dir.join("postgres.lock");
        let file = File::create(&path).map_err(io(format!("cannot create {}", path.display())))?;
        match file.try_lock() {
            Ok(()) => Ok(file),
            Err(fs::TryLockError::WouldBlock) => Err(EmbeddedError::InUse(self.data_dir.clone())),
            Err(fs::TryLockError::Error(e)) => Err(EmbeddedError::Io(format!("cannot lock {}", path.display()), e)),
        }
    }

    fn init_if_needed(&self) -> Result<(), EmbeddedError> {
        self.make_private_dir(&self.socket_dir)?;
        if !self.log.exists() {
            File::create(&self.log).map_err(io(format!("cannot create {}", self.log.display())))?;
        }
        self.give_to_run_as(&self.log)?;
        if self.cluster.join("PG_VERSION").exists() {
            return Ok(());
        }
        // initdb into a side folder and rename it into place, so a crash half-way through
        // never leaves a cluster that looks complete.
        let staging = self.data_dir.join("postgres.initdb");
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(io("cannot remove an unfinished initdb"))?;
        }
        self.make_private_dir(&staging)?;
        let staging_str = staging.to_string_lossy().into_owned();
        let out = self
            .command("initdb")
            .args(["-D", &staging_str, "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-instructions"])
            .output()
            .map_err(io("cannot run initdb"))?;
        check(out, "initdb (creating the embedded database cluster)")?;
        fs::rename(&staging, &self.cluster).map_err(io("cannot move the new cluster into place"))?;
        Ok(())
    }

    /// Our settings live in their own file, rewritten on every start, so paths follow the
    /// data directory if it moves.
    fn write_settings(&self, durability: Durability) -> Result<(), EmbeddedError> {
        let conf = self.cluster.join("postgresql.conf");
        let include = "include_if_exists = 'hatrack.conf'";
        let current = fs::read_to_string(&conf).map_err(io("cannot read postgresql.conf"))?;
        if !current.contains(include) {
            fs::write(&conf, format!("{current}\n# Hatrack's own settings\n{include}\n"))
                .map_err(io("cannot write postgresql.conf"))?;
        }
        let socket = self.socket_dir.to_string_lossy().replace('\'', "''");
        let mut settings = format!(
            "# Written by Hatrack at every start; edit postgresql.conf for your own settings.\n\
             listen_addresses = ''\n\
             unix_socket_directories = '{socket}'\n\
             unix_socket_permissions = 0700\n\
             port = {PORT}\n\
             max_connections = 200\n\
             shared_buffers = 128MB\n"
        );
        if durability == Durability::Disposable {
            settings.push_str("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
        }
        let path = self.cluster.join("hatrack.conf");
        fs::write(&path, settings).map_err(io("cannot write hatrack.conf"))?;
        Ok(())
    }

    /// Recovers from a previous run that did not stop cleanly: a pid file whose process is
    /// gone is removed; a server still running from a killed Hatrack is stopped first.
    fn recover_stale(&self) -> Result<(), EmbeddedError> {
        let pid_file = self.cluster.join("postmaster.pid");
        let Some(pid) = read_pid(&pid_file) else { return Ok(()) };
        if process_is_postgres(pid, &self.cluster) {
            tracing::warn!(pid, "an embedded PostgreSQL from an earlier run is still running; restarting it");
            self.pg_ctl(&["stop", "-m", "fast", "-w", "-t", "60"], "stopping a leftover embedded PostgreSQL")?;
        } else {
            tracing::warn!(pid, "removing the stale pid file of a PostgreSQL that did not stop cleanly");
            fs::remove_file(&pid_file).map_err(io("cannot remove a stale postmaster.pid"))?;
            let socket_lock = self.socket_dir.join(format!(".s.PGSQL.{PORT}.lock"));
            let _ = fs::remove_file(socket_lock);
            let _ = fs::remove_file(self.socket_dir.join(format!(".s.PGSQL.{PORT}")));
        }
        Ok(())
    }

    fn is_running(&self) -> bool {
        self.pid().is_some_and(|pid| process_is_postgres(pid, &self.cluster))
            && self.socket_dir.join(format!(".s.PGSQL.{PORT}")).exists()
    }

    fn pg_ctl_start(&mut self) -> Result<(), EmbeddedError> {
        let log = self.log.to_string_lossy().into_owned();
        match self.pg_ctl(&["start", "-w", "-t", "60", "-s", "-l", &log], "starting the embedded PostgreSQL") {
            Ok(_) => {
                self.running = true;
                Ok(())
            }
            Err(EmbeddedError::Command { action, detail }) => Err(EmbeddedError::Command {
                action,
                detail: format!("{detail}\nlast lines of {}:\n{}", self.log.display(), tail(&self.log, 15)),
            }),
            Err(e) => Err(e),
        }
    }

    fn pg_ctl(&self, args: &[&str], action: &str) -> Result<Output, EmbeddedError> {
        let cluster = self.cluster.to_string_lossy().into_owned();
        let out = self
            .command("pg_ctl")
            .args(["-D", &cluster])
            .args(args)
            .output()
            .map_err(io(format!("cannot run pg_ctl ({action})")))?;
        check(out, action)
    }

    /// A PostgreSQL tool, run as the unprivileged user when we are root.
    fn command(&self, tool: &str) -> Command {
        let mut cmd = Command::new(self.bindir.join(tool));
        // The tools must be able to stat their working directory.
        cmd.current_dir(&self.data_dir);
        cmd.env("LC_ALL", "C");
        // Each PostgreSQL process gets its own process group so that a Ctrl-C in the
        // terminal reaches Hatrack, which then stops PostgreSQL in order.
        cmd.process_group(0);
        if let Some((uid, gid)) = self.run_as {
            cmd.uid(uid).gid(gid);
        }
        cmd
    }

    /// A directory only the PostgreSQL user may enter.
    fn make_private_dir(&self, dir: &Path) -> Result<(), EmbeddedError> {
        fs::create_dir_all(dir).map_err(io(format!("cannot create {}", dir.display())))?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(io(format!("cannot set the mode of {}", dir.display())))?;
        self.give_to_run_as(dir)?;
        if self.run_as.is_some() {
            // The unprivileged user must be able to walk into the data directory.
            let meta = fs::metadata(&self.data_dir).map_err(io("cannot read the data directory"))?;
            let mode = meta.permissions().mode();
            if mode & 0o001 == 0 {
                fs::set_permissions(&self.data_dir, fs::Permissions::from_mode(mode | 0o711))
                    .map_err(io("cannot make the data directory reachable for PostgreSQL"))?;
            }
        }
        Ok(())
    }

    fn give_to_run_as(&self, path: &Path) -> Result<(), EmbeddedError> {
        if let Some((uid, gid)) = self.run_as {
            chown(path, Some(uid), Some(gid))
                .map_err(io(format!("cannot hand {} to PostgreSQL's user", path.display())))?;
        }
        Ok(())
    }
}

/// How often the supervisor looks at the postmaster, and the longest pause between two
/// attempts to start it again.
const SUPERVISE_EVERY: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// A running cluster watched by a thread of its own, which starts PostgreSQL again (with
/// backoff) whenever its postmaster dies, so the server recovers from a crash or a
/// `kill -9` of PostgreSQL without a restart of its own. A frozen postmaster (SIGSTOP) is
/// alive and left alone: the connections' own bounds answer 503 meanwhile.
#[derive(Debug)]
pub struct Supervised {
    pg: std::sync::Arc<std::sync::Mutex<EmbeddedPostgres>>,
    stop: std::sync::Arc<(std::sync::Mutex<bool>, std::sync::Condvar)>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl EmbeddedPostgres {
    /// Hands the cluster to a supervising thread (see [`Supervised`]).
    pub fn supervise(self) -> Supervised {
        let pg = std::sync::Arc::new(std::sync::Mutex::new(self));
        let stop = std::sync::Arc::new((std::sync::Mutex::new(false), std::sync::Condvar::new()));
        let thread = std::thread::Builder::new()
            .name("pg-supervisor".into())
            .spawn({
                let (pg, stop) = (pg.clone(), stop.clone());
                move || supervise(&pg, &stop)
            })
            .ok();
        if thread.is_none() {
            tracing::error!("cannot start the embedded PostgreSQL's supervisor; a crash of it will need a restart");
        }
        Supervised { pg, stop, thread }
    }

    /// Whether the postmaster of this cluster is alive (a dead one leaves its pid file).
    pub fn postmaster_alive(&self) -> bool {
        self.pid().is_some_and(|pid| process_is_postgres(pid, &self.cluster))
    }
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn supervise(pg: &std::sync::Mutex<EmbeddedPostgres>, stop: &(std::sync::Mutex<bool>, std::sync::Condvar)) {
    let (stopping, wake) = stop;
    let mut pause = SUPERVISE_EVERY;
    let mut down_since: Option<std::time::Instant> = None;
    let mut attempts = 0u32;
    loop {
        {
            let guard = lock(stopping);
            let (guard, _) = wake.wait_timeout_while(guard, pause, |s| !*s).unwrap_or_else(|p| p.into_inner());
            if *guard {
                return;
            }
        }
        let mut pg = lock(pg);
        if !pg.running || pg.postmaster_alive() {
            pause = SUPERVISE_EVERY;
            continue;
        }
        let since = *down_since.get_or_insert_with(std::time::Instant::now);
        attempts += 1;
        tracing::error!(attempt = attempts, "the embedded PostgreSQL is not running; starting it again");
        match pg.recover_stale().and_then(|()| pg.pg_ctl_start()) {
            Ok(()) => {
                tracing::warn!(
                    attempts,
                    down_ms = since.elapsed().as_millis() as u64,
                    "the embedded PostgreSQL is running again"
                );
                down_since = None;
                attempts = 0;
                pause = SUPERVISE_EVERY;
            }
            Err(e) => {
                // Back off: what killed it (a full disk, a broken data directory) may
                // need a person, and the log should not fill with attempts.
                pause = (SUPERVISE_EVERY * 2u32.saturating_pow(attempts.min(5))).min(MAX_BACKOFF);
                tracing::error!(error = %e, retry_in_ms = pause.as_millis() as u64, "starting the embedded PostgreSQL again failed");
            }
        }
    }
}

impl Supervised {
    /// The URL of `database` as `role` (see [`EmbeddedPostgres::url_as`]).
    pub fn url_as(&self, role: &str, database: &str) -> String {
        lock(&self.pg).url_as(role, database)
    }

    pub fn data_dir(&self) -> PathBuf {
        lock(&self.pg).data_dir.clone()
    }

    /// The postmaster's pid, from its pid file.
    pub fn pid(&self) -> Option<i32> {
        lock(&self.pg).pid()
    }

    /// Ends the supervision, then stops PostgreSQL (never started again in between).
    pub fn stop(mut self) -> Result<(), EmbeddedError> {
        self.end_supervision();
        lock(&self.pg).stop()
    }

    fn end_supervision(&mut self) {
        let (stopping, wake) = &*self.stop;
        *lock(stopping) = true;
        wake.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Supervised {
    fn drop(&mut self) {
        // The cluster itself stops when the last handle on it goes (EmbeddedPostgres's drop).
        self.end_supervision();
    }
}

impl Drop for EmbeddedPostgres {
    fn drop(&mut self) {
        if let Err(e) = self.stop() {
            tracing::error!(error = %e, "the embedded PostgreSQL did not stop cleanly");
        }
    }
}

fn check(out: Output, action: &str) -> Result<Output, EmbeddedError> {
    if out.status.success() {
        return Ok(out);
    }
    let mut detail = String::from_utf8_lossy(&out.stderr).trim().to_string();
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !stdout.trim().is_empty() {
        detail.push('\n');
        detail.push_str(stdout.trim());
    }
    Err(EmbeddedError::Command { action: action.to_string(), detail })
}

fn tail(path: &Path, lines: usize) -> String {
    let Ok(file) = File::open(path) else { return String::new() };
    let all: Vec<String> = BufReader::new(file).lines().map_while(Result::ok).collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

fn read_pid(pid_file: &Path) -> Option<i32> {
    fs::read_to_string(pid_file).ok()?.lines().next()?.trim().parse().ok()
}

/// Whether `pid` is a live postgres process serving `cluster` (a pid can be reused by an
/// unrelated process after a crash, so checking "alive" is not enough).
fn process_is_postgres(pid: i32, cluster: &Path) -> bool {
    let Ok(cmdline) = fs::read(format!("/proc/{pid}/cmdline")) else { return false };
    let cmdline = String::from_utf8_lossy(&cmdline);
    let Ok(cluster) = cluster.canonicalize() else { return false };
    cmdline.contains("postgres") && cmdline.contains(&*cluster.to_string_lossy())
}

/// Where the PostgreSQL server binaries are: `HATRACK_PG_BINDIR`, `pg_config --bindir`,
/// then the newest `/usr/lib/postgresql/<version>/bin`.
pub fn find_bindir() -> Option<PathBuf> {
    find_bindir_with(std::env::var_os("HATRACK_PG_BINDIR").map(PathBuf::from))
}

/// [`find_bindir`] with the override given explicitly (an override that does not hold
/// the tools is an error, not a reason to look elsewhere).
pub fn find_bindir_with(override_dir: Option<PathBuf>) -> Option<PathBuf> {
    let has_tools = |d: &Path| d.join("initdb").is_file() && d.join("pg_ctl").is_file();
    if let Some(dir) = override_dir {
        return has_tools(&dir).then_some(dir);
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if has_tools(&dir) {
            return Some(dir);
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let version = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            Some((version, e.path().join("bin")))
        })
        .filter(|(_, bin)| has_tools(bin))
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// Whether this process runs as root (`/proc/self` belongs to the effective user; this
/// avoids an `unsafe` call to geteuid).
pub fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false)
}

/// (uid, gid) of a user, from /etc/passwd (no NSS needed for the system users we want).
fn lookup_user(name: &str) -> Option<(u32, u32)> {
    let passwd = fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut parts = line.split(':');
        (parts.next()? == name).then_some(())?;
        let _password = parts.next()?;
        let uid = parts.next()?.parse().ok()?;
        let gid = parts.next()?.parse().ok()?;
        Some((uid, gid))
    })
}

/// Waits until `check` holds, up to `timeout`.
pub fn wait_for(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + timeout;
    while std::time::Instant::now() < deadline {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    check()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_this_machines_binaries() {
        // The project's scripts install PostgreSQL before tests run.
        let dir = find_bindir().expect("PostgreSQL binaries");
        assert!(dir.join("initdb").is_file());
    }

    #[test]
    fn a_wrong_override_is_not_second_guessed() {
        assert_eq!(find_bindir_with(Some(PathBuf::from("/nonexistent"))), None);
        let msg = EmbeddedError::MissingBinaries.to_string();
        assert!(msg.contains("apt-get install postgresql") && msg.contains("DATABASE_URL"), "{msg}");
    }

    #[test]
    fn reads_users_from_passwd() {
        assert_eq!(lookup_user("root"), Some((0, 0)));
        assert_eq!(lookup_user("no-such-user-hatrack"), None);
    }
}
