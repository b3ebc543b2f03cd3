//! Structural guards: the wasm stays free of server crates, and crates depend on each
//! other only in the directions docs/architecture.md allows.

use crate::proc::{self, output};
use crate::tools::WASM_TARGET;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Crates that must never reach the browser bundle.
const SERVER_ONLY: [&str; 7] =
    ["diesel", "diesel-async", "tokio", "actix-web", "actix-rt", "tokio-postgres", "deadpool"];

/// `domain` and `frontend`, as built for wasm32, pull none of [`SERVER_ONLY`].
pub fn wasm_hygiene() -> Result<(), String> {
    let mut problems = Vec::new();
    for package in ["domain", "frontend"] {
        let tree = output(proc::cargo().args([
            "tree",
            "-p",
            package,
            "--target",
            WASM_TARGET,
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ]))?;
        for line in tree.lines() {
            let name = line.split_whitespace().next().unwrap_or("");
            if SERVER_ONLY.contains(&name) {
                problems.push(format!("{package} pulls {name} into wasm32"));
            }
        }
    }
    problems.sort();
    problems.dedup();
    if problems.is_empty() { Ok(()) } else { Err(problems.join("; ")) }
}

/// Which of our crates each crate may depend on (normal dependencies).
fn allowed() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    BTreeMap::from([
        ("domain", BTreeSet::new()),
        ("db", BTreeSet::from(["domain"])),
        ("service", BTreeSet::from(["db", "domain"])),
        ("api", BTreeSet::from(["service", "domain"])),
        ("app", BTreeSet::from(["domain", "service"])),
        ("frontend", BTreeSet::from(["app"])),
        ("server", BTreeSet::from(["api", "app", "db", "domain", "service"])),
        ("xtask", BTreeSet::new()),
    ])
}

pub fn dependency_rules() -> Result<(), String> {
    let meta: Value =
        serde_json::from_str(&output(proc::cargo().args(["metadata", "--format-version", "1", "--no-deps"]))?)
            .map_err(|e| format!("cargo metadata: {e}"))?;
    let allowed = allowed();
    let ours: BTreeSet<&str> = allowed.keys().copied().collect();
    let mut problems = Vec::new();
    for package in meta["packages"].as_array().into_iter().flatten() {
        let name = package["name"].as_str().unwrap_or("");
        let Some(may) = allowed.get(name) else {
            problems.push(format!("unknown workspace crate {name}: add it to the rules in xtask/src/checks.rs"));
            continue;
        };
        for dep in package["dependencies"].as_array().into_iter().flatten() {
            let dep_name = dep["name"].as_str().unwrap_or("");
            let normal = dep["kind"].is_null();
            if !ours.contains(dep_name) || !normal {
                continue;
            }
            if !may.contains(dep_name) {
                problems.push(format!("{name} must not depend on {dep_name}"));
            }
            // app reaches service only when rendering on the server.
            if name == "app" && dep_name == "service" && !dep["optional"].as_bool().unwrap_or(false) {
                problems.push("app must depend on service only under the `ssr` feature".into());
            }
            if name == "frontend" && dep_name == "app" {
                let features: Vec<&str> =
                    dep["features"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
                if features.contains(&"ssr") {
                    problems.push("frontend must use app with `hydrate`, never `ssr`".into());
                }
            }
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("; ")) }
}
