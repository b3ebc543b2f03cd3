//! Installing what the commands need on a fresh machine. Each `ensure_*` is a no-op when
//! the tool is already there. Versions are pinned here (see ../shared/TOOLCHAIN.md and
//! docs/architecture.md for why these).

use crate::proc::{self, have, is_root, run};
use std::path::Path;
use std::process::Command;
use std::sync::Once;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
const OHA_VERSION: &str = "1.16.0";
const DIESEL_CLI_VERSION: &str = "2.3.14";
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// The wasm32 target (wasm-bindgen is a library of xtask, so nothing else is needed).
pub fn ensure_build_tools() -> Result<(), String> {
    let installed = proc::output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !installed.lines().any(|l| l.trim() == WASM_TARGET) {
        run(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    }
    Ok(())
}

/// PostgreSQL's server binaries, for the embedded database.
pub fn ensure_postgres() -> Result<(), String> {
    if postgres_bindir_present() {
        return Ok(());
    }
    if !is_root() {
        return Err("PostgreSQL server binaries are missing; install them with `sudo apt-get install postgresql` \
             (or set DATABASE_URL to use an existing server)"
            .into());
    }
    // Hatrack runs its own cluster; stop Debian from creating and starting a system one.
    std::fs::create_dir_all("/etc/postgresql-common").map_err(|e| e.to_string())?;
    let conf = Path::new("/etc/postgresql-common/createcluster.conf");
    let current = std::fs::read_to_string(conf).unwrap_or_default();
    if !current.contains("create_main_cluster = false") {
        std::fs::write(conf, format!("{current}\ncreate_main_cluster = false\n")).map_err(|e| e.to_string())?;
    }
    apt_install(&["postgresql"])?;
    if postgres_bindir_present() { Ok(()) } else { Err("PostgreSQL was installed but initdb is still missing".into()) }
}

fn postgres_bindir_present() -> bool {
    postgres_bindir().is_some()
}

/// Where initdb, pg_ctl, psql and pgbench are (same search as the server's launcher).
pub fn postgres_bindir() -> Option<std::path::PathBuf> {
    let pg_config = proc::output(Command::new("pg_config").arg("--bindir")).unwrap_or_default();
    let dir = Path::new(pg_config.trim()).to_path_buf();
    if dir.join("initdb").is_file() {
        return Some(dir);
    }
    let mut dirs: Vec<_> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .map(|d| d.path().join("bin"))
        .filter(|bin| bin.join("initdb").is_file())
        .collect();
    dirs.sort();
    dirs.pop()
}

/// Debian's Chromium for Playwright (Playwright's own browser download cannot work here).
pub fn ensure_chromium() -> Result<(), String> {
    if Path::new(CHROMIUM).exists() {
        return Ok(());
    }
    if !is_root() {
        return Err("Chromium is missing; install it with `sudo apt-get install chromium`".into());
    }
    apt_install(&["chromium"])
}

/// The e2e suite's npm packages, from its lock file.
pub fn ensure_e2e_packages() -> Result<(), String> {
    let e2e = proc::root().join("e2e");
    let installed = e2e.join("node_modules/.package-lock.json");
    if installed.exists() && !proc::newer(&e2e.join("package-lock.json"), &installed) {
        return Ok(());
    }
    if !have("npm") {
        return Err("npm is missing; install Node.js (Debian: `apt-get install nodejs npm`)".into());
    }
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .current_dir(&e2e))
}

/// The HTTP load generator for `cargo xtask bench`.
pub fn ensure_oha() -> Result<(), String> {
    if have("oha") {
        return Ok(());
    }
    run(proc::cargo().args(["install", "oha", "--version", OHA_VERSION, "--locked"]))
}

/// diesel's CLI, which prints schema.rs for the migration check. It links libpq.
pub fn ensure_diesel_cli() -> Result<(), String> {
    let version = proc::output(Command::new("diesel").arg("--version")).unwrap_or_default();
    if version.contains(DIESEL_CLI_VERSION) {
        return Ok(());
    }
    if !Path::new("/usr/include/postgresql/libpq-fe.h").exists() {
        if !is_root() {
            return Err("libpq-dev is missing (diesel_cli needs it): `sudo apt-get install libpq-dev`".into());
        }
        apt_install(&["libpq-dev"])?;
    }
    run(proc::cargo().args([
        "install",
        "diesel_cli",
        "--version",
        DIESEL_CLI_VERSION,
        "--no-default-features",
        "--features",
        "postgres",
        "--locked",
    ]))
}

pub fn apt_install(packages: &[&str]) -> Result<(), String> {
    static UPDATED: Once = Once::new();
    let mut update = Ok(());
    UPDATED.call_once(|| update = run(Command::new("apt-get").args(["update", "-q"])));
    update?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-q", "-o", "Dpkg::Options::=--force-confold"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}
