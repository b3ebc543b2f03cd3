//! The Playwright suite in `e2e/`, against a debug build on a fresh embedded database,
//! in Debian's Chromium. Screenshots go to `target/e2e/`.

use crate::proc::{self, run};
use crate::server::Server;
use crate::site::{self, Profile};
use crate::tools;
use serde_json::Value;
use std::process::Command;

pub struct Counts {
    pub passed: u64,
    pub failed: u64,
}

/// `cargo xtask e2e [spec files…]`: the whole suite, or only the named specs (handy while
/// working on one page; `cargo xtask test` always runs them all).
pub fn run_alone(specs: &[String]) -> Result<(), String> {
    tools::ensure_build_tools()?;
    tools::ensure_postgres()?;
    let counts = run_specs(specs)?;
    println!("xtask e2e: {} passed, {} failed", counts.passed, counts.failed);
    if counts.failed == 0 { Ok(()) } else { Err("browser tests failed".into()) }
}

pub fn run_suite() -> Result<Counts, String> {
    run_specs(&[])
}

fn run_specs(specs: &[String]) -> Result<Counts, String> {
    tools::ensure_chromium()?;
    tools::ensure_e2e_packages()?;
    let built = site::build_all(Profile::Debug)?;
    crate::checks::islands_exported(&built.site_root.join("pkg").join(format!("{}.js", site::OUTPUT_NAME)))?;
    let data_dir = proc::fresh_dir("e2e-data");
    let out = proc::target_dir().join("e2e");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let results = out.join("results.json");
    let _ = std::fs::remove_file(&results);

    // The suite signs in as the demo organization's people.
    run(Command::new(&built.server)
        .args(["demo", "--if-empty"])
        .env("HATRACK_DATA_DIR", &data_dir)
        .env("HATRACK_LOG", "warn")
        .env_remove("DATABASE_URL"))?;
    let server = Server::start(&built, &data_dir, &[])?;
    let suite = run(Command::new("npx")
        .args(["playwright", "test"])
        .args(specs)
        .current_dir(proc::root().join("e2e"))
        .env("BASE_URL", &server.base)
        .env("E2E_OUT", &out)
        .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &results)
        .env("CHROMIUM_PATH", tools::CHROMIUM));
    let stopped = server.stop();
    let counts = read_counts(&results);
    if let Err(e) = stopped {
        return Err(format!("after the suite: {e}"));
    }
    let _ = std::fs::remove_dir_all(&data_dir);
    outcome(suite, counts).map_err(|e| if e.is_empty() { format!("no results in {}", results.display()) } else { e })
}

/// What a run of the suite says: its counts, unless it did not run cleanly. Playwright
/// exits with an error both when tests fail (the counts say so) and when a spec does not
/// even load (the counts then say 0 failed, and maybe 0 passed): the second must fail
/// the step too, as must a run in which no test ran at all.
fn outcome(suite: Result<(), String>, counts: Option<Counts>) -> Result<Counts, String> {
    match (suite, counts) {
        (Err(e), Some(c)) if c.failed == 0 => {
            Err(format!("{e}: the suite did not run cleanly ({} passed, none failed: see its errors)", c.passed))
        }
        (_, Some(c)) if c.passed + c.failed == 0 => Err("no browser test ran".into()),
        (_, Some(c)) => Ok(c),
        (Err(e), None) => Err(e),
        (Ok(()), None) => Err(String::new()),
    }
}

fn read_counts(path: &std::path::Path) -> Option<Counts> {
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    let stats = &json["stats"];
    let n = |k: &str| stats[k].as_u64().unwrap_or(0);
    Some(Counts { passed: n("expected") + n("flaky"), failed: n("unexpected") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suite_that_did_not_load_or_ran_nothing_fails() {
        let c = |passed, failed| Some(Counts { passed, failed });
        // a spec with a syntax error: Playwright fails, no test counted
        assert!(outcome(Err("exit 1".into()), c(0, 0)).is_err());
        // one spec broken, the others passed
        assert!(outcome(Err("exit 1".into()), c(40, 0)).is_err());
        assert!(outcome(Ok(()), c(0, 0)).is_err());
        // failures are counted and reported by the caller
        assert_eq!(outcome(Err("exit 1".into()), c(40, 2)).map(|c| c.failed), Ok(2));
        assert_eq!(outcome(Ok(()), c(45, 0)).map(|c| c.passed), Ok(45));
        assert!(outcome(Ok(()), None).is_err());
    }
}
