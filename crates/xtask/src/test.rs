//! `cargo xtask test`: every check CI runs, in order, continuing past failures so one run
//! shows everything that is wrong; ends with one summary line.

use crate::proc::{self, run as sh};
use crate::tools::{self, WASM_TARGET};
use crate::{checks, e2e, schemathesis};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Instant;

/// Packages tested and linted together on the host. Never `--workspace`: that would build
/// `app` with `ssr` and `hydrate` at once (frontend is checked for wasm32 separately).
const HOST_PACKAGES: [&str; 7] = ["domain", "db", "service", "api", "app", "server", "xtask"];

#[derive(Default)]
struct Report {
    steps: Vec<(String, Result<(), String>, f64)>,
    tests_passed: u64,
    tests_failed: u64,
    e2e_passed: u64,
    e2e_failed: u64,
}

impl Report {
    fn step(&mut self, name: &str, f: impl FnOnce(&mut Report) -> Result<(), String>) {
        println!("\n==> {name}");
        let started = Instant::now();
        let result = f(self);
        let secs = started.elapsed().as_secs_f64();
        match &result {
            Ok(()) => println!("==> {name}: ok ({secs:.0}s)"),
            Err(e) => println!("==> {name}: FAILED ({secs:.0}s): {e}"),
        }
        self.steps.push((name.to_string(), result, secs));
    }
}

pub fn run() -> Result<(), String> {
    let started = Instant::now();
    let mut r = Report::default();
    r.step("tools", |_| {
        tools::ensure_build_tools()?;
        tools::ensure_postgres()?;
        tools::ensure_diesel_cli()
    });
    r.step("format", |_| sh(proc::cargo().args(["fmt", "--all", "--", "--check"])));
    r.step("clippy (server side)", |_| {
        let mut cmd = proc::cargo();
        cmd.arg("clippy");
        for p in HOST_PACKAGES {
            cmd.args(["-p", p]);
        }
        sh(cmd.args(["--all-targets", "--", "-D", "warnings"]))
    });
    r.step("clippy (browser side, wasm32)", |_| {
        sh(proc::cargo()
            .args(["clippy", "-p", "frontend", "-p", "app", "-p", "domain", "--target", WASM_TARGET])
            .args(["--", "-D", "warnings"]))
    });
    r.step("wasm hygiene", |_| checks::wasm_hygiene());
    r.step("dependency rules", |_| checks::dependency_rules());
    r.step("committed file sizes", |_| checks::committed_file_sizes());
    r.step("unit and integration tests (real PostgreSQL)", |r| {
        let result = cargo_test(r);
        stop_test_cluster();
        result
    });
    r.step("end-to-end (Playwright, Chromium)", |r| {
        let counts = e2e::run_suite()?;
        r.e2e_passed = counts.passed;
        r.e2e_failed = counts.failed;
        if counts.failed == 0 { Ok(()) } else { Err(format!("{} browser tests failed", counts.failed)) }
    });
    r.step("API contract (schemathesis)", |_| schemathesis::run_suite());

    println!("\n==> summary");
    for (name, result, secs) in &r.steps {
        println!("  {:<48} {:>6} {:>5.0}s", name, if result.is_ok() { "ok" } else { "FAILED" }, secs);
    }
    let failed_steps = r.steps.iter().filter(|(_, res, _)| res.is_err()).count();
    let line = format!(
        "xtask test: {} of {} steps passed; tests {} passed, {} failed; e2e {} passed, {} failed; {:.1} min",
        r.steps.len() - failed_steps,
        r.steps.len(),
        r.tests_passed,
        r.tests_failed,
        r.e2e_passed,
        r.e2e_failed,
        started.elapsed().as_secs_f64() / 60.0
    );
    println!("{line}");
    if failed_steps == 0 { Ok(()) } else { Err(format!("{failed_steps} step(s) failed")) }
}

/// `cargo test` over the host packages, counting results from its output.
///
/// A test that hangs would hold the whole run until CI's own limit and say nothing about
/// which test it was (it happened: leptos issue #4773, see `server::http::route_list`).
/// libtest names a test that has run for a minute; when nothing more is printed for
/// [`HUNG_AFTER`] after that, the test binary (cargo's child) is killed, cargo goes on with
/// the next one (`--no-fail-fast`), and the step fails naming the test.
fn cargo_test(r: &mut Report) -> Result<(), String> {
    use std::sync::{Arc, Mutex};
    let mut cmd = proc::cargo();
    cmd.args(["test", "--no-fail-fast"]);
    for p in HOST_PACKAGES {
        cmd.args(["-p", p]);
    }
    println!("$ cargo test --no-fail-fast -p {}", HOST_PACKAGES.join(" -p "));
    let mut child = cmd.stdout(Stdio::piped()).spawn().map_err(|e| format!("cannot run cargo test: {e}"))?;
    let stdout = child.stdout.take().expect("piped stdout");
    let last = Arc::new(Mutex::new((Instant::now(), String::new())));
    let hung = Arc::new(Mutex::new(Vec::<String>::new()));
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watchdog = {
        let (last, hung, done, cargo) = (last.clone(), hung.clone(), done.clone(), child.id());
        std::thread::spawn(move || {
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_secs(5));
                let (at, line) = last.lock().unwrap_or_else(|e| e.into_inner()).clone();
                if let Some(test) = long_running(&line)
                    && at.elapsed() >= HUNG_AFTER
                {
                    println!(
                        "xtask: {test} printed nothing for {} s after its minute: killing its test binary",
                        HUNG_AFTER.as_secs()
                    );
                    hung.lock().unwrap_or_else(|e| e.into_inner()).push(test.to_string());
                    *last.lock().unwrap_or_else(|e| e.into_inner()) = (Instant::now(), String::new());
                    let _ = Command::new("pkill").args(["-KILL", "-P", &cargo.to_string()]).status();
                }
            }
        })
    };
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        println!("{line}");
        if let Some(rest) = line.strip_prefix("test result: ") {
            r.tests_passed += count(rest, " passed");
            r.tests_failed += count(rest, " failed");
        }
        *last.lock().unwrap_or_else(|e| e.into_inner()) = (Instant::now(), line);
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = watchdog.join();
    let hung = std::mem::take(&mut *hung.lock().unwrap_or_else(|e| e.into_inner()));
    if !hung.is_empty() {
        r.tests_failed += hung.len() as u64;
        return Err(format!("hung, their test binaries killed after {} s: {}", HUNG_AFTER.as_secs(), hung.join(", ")));
    }
    if status.success() && r.tests_failed == 0 { Ok(()) } else { Err(format!("{} tests failed", r.tests_failed)) }
}

/// How long a test that libtest reported as running for over a minute may go on printing
/// nothing before it counts as hung. The slowest test takes well under this.
const HUNG_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// "test a::b has been running for over 60 seconds" → "a::b".
fn long_running(line: &str) -> Option<&str> {
    line.strip_prefix("test ")?.strip_suffix(" has been running for over 60 seconds")
}

/// "ok. 5 passed; 1 failed; …" → the number before `label`.
fn count(summary: &str, label: &str) -> u64 {
    summary
        .split(';')
        .find_map(|part| {
            part.trim()
                .trim_start_matches("ok. ")
                .trim_start_matches("FAILED. ")
                .strip_suffix(label.trim_start())
                .and_then(|n| n.trim().parse().ok())
        })
        .unwrap_or(0)
}

/// The shared test cluster (started by the first test that needed it) is stopped here.
fn stop_test_cluster() {
    let dir = std::env::var_os("HATRACK_TEST_PG_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| proc::target_dir().join("test-pg"));
    let pid_file = dir.join("postgres/postmaster.pid");
    let Some(pid) = std::fs::read_to_string(&pid_file).ok().and_then(|t| t.lines().next().map(str::to_string)) else {
        return;
    };
    // SIGINT = PostgreSQL's fast shutdown.
    let _ = Command::new("kill").args(["-INT", pid.trim()]).status();
    let deadline = Instant::now() + std::time::Duration::from_secs(30);
    while pid_file.exists() && Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_read_from_cargo_test_summaries() {
        let line = "ok. 5 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s";
        assert_eq!(super::count(line, " passed"), 5);
        assert_eq!(super::count("FAILED. 2 passed; 3 failed; 0 ignored", " failed"), 3);
    }

    #[test]
    fn a_test_running_long_is_named_from_its_warning() {
        assert_eq!(
            super::long_running("test pages_carry_content has been running for over 60 seconds"),
            Some("pages_carry_content")
        );
        assert_eq!(super::long_running("test pages_carry_content ... ok"), None);
    }
}
