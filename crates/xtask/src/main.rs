//! Developer commands, run as `cargo xtask <command>`:
//!
//! - `run`: install what is missing, build in release mode, start Hatrack on the
//!   embedded database (the newcomer's command)
//! - `test`: formatting, lints, guards, unit/integration tests on real PostgreSQL, then
//!   the browser suite; ends with a one-line summary
//! - `e2e [spec files…]`: only the browser suite, or only the named spec files
//! - `schemathesis`: only the API contract check (the OpenAPI document against the server)
//! - `bench`: load figures against a pgbench baseline measured in the same run
//! - `build`: the web assets and the server, without starting it
//! - `wasm-size`: the release hydrate wasm's size (raw, gzip, brotli), nothing else

mod bench;
mod bench_orgs;
mod checks;
mod e2e;
mod proc;
mod schemathesis;
mod server;
mod site;
mod test;
mod tools;

use std::process::ExitCode;

const USAGE: &str =
    "usage: cargo xtask <run [--debug] | test | e2e [spec…] | schemathesis | bench | build [--release] | wasm-size>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    let result = match args.first().map(String::as_str) {
        Some("run") => run(flag("--debug")),
        Some("test") => test::run(),
        Some("e2e") => e2e::run_alone(&args[1..]),
        Some("schemathesis") => schemathesis::run_alone(),
        Some("bench") => bench::run(),
        Some("wasm-size") => bench::wasm_size(),
        Some("build") => {
            let profile = if flag("--release") { site::Profile::Release } else { site::Profile::Debug };
            tools::ensure_build_tools().and_then(|_| site::build_all(profile)).map(|_| ())
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask run`: what a newcomer types. Ends by becoming the server process, so
/// Ctrl-C and SIGTERM reach it directly and it stops PostgreSQL on the way out.
fn run(debug: bool) -> Result<(), String> {
    tools::ensure_build_tools()?;
    tools::ensure_postgres()?;
    let profile = if debug { site::Profile::Debug } else { site::Profile::Release };
    let built = site::build_all(profile)?;
    // On an empty database, load the demo organization and print its sign-ins.
    proc::run(std::process::Command::new(&built.server).args(["demo", "--if-empty"]).env("HATRACK_LOG", "warn"))?;
    println!("xtask: starting Hatrack (Ctrl-C stops it and its database)");
    let mut cmd = std::process::Command::new(&built.server);
    if std::env::var_os("HATRACK_SITE_ROOT").is_none() {
        cmd.env("HATRACK_SITE_ROOT", &built.site_root);
    }
    cmd.arg("serve");
    Err(format!("cannot start {}: {}", built.server.display(), proc::exec(cmd)))
}
