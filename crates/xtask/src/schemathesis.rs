//! The API's contract check: schemathesis (from PyPI, pinned, in a venv under
//! `target/schemathesis/`) reads `GET /api/v1/openapi.json` of a debug server on a fresh
//! embedded database with the demo organization, and calls every operation with generated
//! requests, signed in as HR and then as the demo admin, running all its checks: no 5xx,
//! every status and response body as documented, bad requests refused, valid ones
//! accepted, 405 for methods a path does not take. Output and reports go to
//! `target/schemathesis/`.

use crate::proc::{self, run};
use crate::server::{self, Server};
use crate::site::{self, Profile};
use crate::tools;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Pinned: a newer schemathesis brings new checks, which belong in a commit of their own.
const VERSION: &str = "4.32.5";

/// Test cases per operation and phase: enough to find what the document gets wrong, few
/// enough that the step takes a minute or two on 2 cores.
const MAX_EXAMPLES: &str = "25";

/// A fixed seed keeps the step's answer the same from run to run (CI must not flake);
/// `HATRACK_SCHEMATHESIS_SEED` tries another.
const SEED: &str = "20261206";

/// Only this operation is left out: it ends the session whose token the run uses.
const EXCLUDED_PATHS: [&str; 1] = ["/api/v1/auth/logout"];

/// Where checks need a word on what the API means. A request that fits the schema may
/// still break a rule the schema cannot state (a name already taken, an end before a
/// start, an email with no domain): that answer is 422 (or 409) and is not "a valid
/// request refused". A request the server could not read (400) still is.
const CONFIG: &str = r#"[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
"#;

fn dir() -> PathBuf {
    proc::target_dir().join("schemathesis")
}

/// `target/schemathesis/venv-<version>` with schemathesis installed by pip from PyPI.
pub fn ensure_installed() -> Result<PathBuf, String> {
    let venv = dir().join(format!("venv-{VERSION}"));
    let python = venv.join("bin/python");
    let marker = venv.join(".installed");
    if marker.exists() {
        return Ok(python);
    }
    let _ = std::fs::remove_dir_all(&venv);
    std::fs::create_dir_all(dir()).map_err(|e| e.to_string())?;
    if run(Command::new("python3").args(["-m", "venv"]).arg(&venv)).is_err() {
        // Debian's python3 leaves venv (with pip) to a package of its own.
        if !proc::is_root() {
            return Err("python3 cannot make a venv; install it with `sudo apt-get install python3-venv`".into());
        }
        tools::apt_install(&["python3-venv"])?;
        let _ = std::fs::remove_dir_all(&venv);
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    }
    run(Command::new(&python)
        .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check"])
        .arg(format!("schemathesis=={VERSION}")))?;
    std::fs::write(&marker, VERSION).map_err(|e| e.to_string())?;
    Ok(python)
}

/// `cargo xtask schemathesis`: this check alone.
pub fn run_alone() -> Result<(), String> {
    tools::ensure_build_tools()?;
    tools::ensure_postgres()?;
    run_suite()
}

pub fn run_suite() -> Result<(), String> {
    let python = ensure_installed()?;
    let built = site::build_all(Profile::Debug)?;
    let data_dir = proc::fresh_dir("schemathesis-data");
    run(Command::new(&built.server)
        .args(["demo", "--if-empty"])
        .env("HATRACK_DATA_DIR", &data_dir)
        .env("HATRACK_LOG", "warn")
        .env_remove("DATABASE_URL"))?;
    let server = Server::start(&built, &data_dir, &[("HATRACK_LOG", "warn")])?;
    let result = check(&python, &server);
    let stopped = server.stop();
    result?;
    stopped.map_err(|e| format!("after the run: {e}"))?;
    let _ = std::fs::remove_dir_all(&data_dir);
    Ok(())
}

/// Signed in as whom: the admin reaches people, teams and ownership; HR alone reaches the
/// rubric's drafts, publishing and cycle reports (the admin gets only 403 there). HR goes
/// first: the admin's run may edit anyone (a role change ends that person's tokens).
const SIGN_INS: [&str; 2] = ["hr", "admin"];

fn check(python: &Path, server: &Server) -> Result<(), String> {
    // Both sign in before any run: a run's wrong passwords at the sign-in endpoint can
    // throttle this address for a while.
    let tokens = SIGN_INS.map(|who| sign_in(server.port(), who).map(|token| (who, token)));
    let mut config = CONFIG.to_string();
    if let Ok((_, hr)) = &tokens[0] {
        config.push_str(&demo_ids(server.port(), hr));
    }
    let config_file = dir().join("schemathesis.toml");
    std::fs::write(&config_file, config).map_err(|e| e.to_string())?;
    let mut failed = Vec::new();
    for signed_in in tokens {
        let (who, token) = signed_in?;
        if check_as(python, server, &config_file, who, &token).is_err() {
            failed.push(who);
        }
        // Still signed in? If the run ended its own session, what followed was only 401s.
        if server::get_with_token(server.port(), "/api/v1/me", &token).is_none_or(|(status, _)| status != 200) {
            println!("xtask: note: the {who} run ended its own session; later operations saw only 401");
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "schemathesis found failures signed in as {} (reports in {}; the server's log is {})",
            failed.join(" and "),
            dir().join("report").display(),
            server.data_dir.join("server.log").display()
        ))
    }
}

/// Ids of the demo's records for the operations that take one: random ids only ever find
/// nothing (404), so the framework, cycle, assessment, role profile and team operations
/// would never reach their own logic. Other ids (people, components) stay random.
fn demo_ids(port: u16, token: &str) -> String {
    let list = |path: &str| -> Vec<serde_json::Value> {
        server::get_with_token(port, path, token)
            .and_then(|(_, body)| serde_json::from_str::<serde_json::Value>(&body).ok())
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default()
    };
    let id_where = |items: &[serde_json::Value], key: &str, value: &str| {
        items.iter().find(|i| i[key] == value).and_then(|i| i["id"].as_str()).map(str::to_string)
    };
    let picks = [
        ("frameworks", id_where(&list("/api/v1/frameworks"), "name", "IT Lead")),
        ("cycles", id_where(&list("/api/v1/cycles"), "status", "open")),
        ("assessments", id_where(&list("/api/v1/assessments"), "kind", "self")),
        ("role-profiles", id_where(&list("/api/v1/role-profiles"), "name", "Engineer II")),
        ("teams", id_where(&list("/api/v1/teams"), "name", "Infrastructure")),
    ];
    let mut config = String::new();
    for (collection, id) in picks {
        match id {
            Some(id) => config.push_str(&format!(
                "\n[[operations]]\ninclude-path-regex = \"^/api/v1/{collection}/\\\\{{id\\\\}}\"\nparameters = {{ \"id\" = \"{id}\" }}\n"
            )),
            None => println!("xtask: note: no demo record found for /api/v1/{collection}/{{id}}; its ids stay random"),
        }
    }
    config
}

fn check_as(python: &Path, server: &Server, config: &Path, who: &str, token: &str) -> Result<(), String> {
    println!("xtask: schemathesis signed in as {who}@demo.hatrack.test");
    let out = dir().join("report").join(who);
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let seed = std::env::var("HATRACK_SCHEMATHESIS_SEED").unwrap_or_else(|_| SEED.to_string());
    let mut cmd = Command::new(python);
    cmd.args(["-m", "schemathesis.cli", "--config-file"])
        .arg(config)
        .arg("run")
        .arg(format!("{}/api/v1/openapi.json", server.base))
        .args(["--url", &server.base])
        .args(["--checks", "all"])
        .args(["--max-examples", MAX_EXAMPLES])
        .args(["--seed", &seed])
        // One worker: with two threads, hypothesis's `ast.parse` of its own lambdas tripped
        // CPython 3.11's "AST constructor recursion depth mismatch" (a SystemError inside
        // the tool, reported as a failed run) once in a few runs.
        .args(["--workers", "1"])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--report", "junit", "--report-dir"])
        .arg(&out)
        .args(["--no-color"])
        // Its own files (cassettes, cache) stay under target/, not in the checkout.
        .current_dir(dir());
    for path in EXCLUDED_PATHS {
        cmd.args(["--exclude-path", path]);
    }
    run(&mut cmd)
}

/// A demo person's access token (valid 15 minutes, longer than a run).
fn sign_in(port: u16, who: &str) -> Result<String, String> {
    let body = format!(r#"{{"email":"{who}@demo.hatrack.test","password":"hatrack-demo-2026"}}"#);
    let (status, answer) =
        server::post_json(port, "/api/v1/auth/login", &body).ok_or("the sign-in request got no answer")?;
    if status != 200 {
        return Err(format!("signing in as {who}@demo.hatrack.test answered {status}: {answer}"));
    }
    let json: serde_json::Value = serde_json::from_str(&answer).map_err(|e| format!("sign-in answer: {e}"))?;
    json["access_token"].as_str().map(str::to_string).ok_or_else(|| format!("no access_token in {answer}"))
}
