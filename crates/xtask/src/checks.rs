//! Structural guards: the wasm stays free of server crates and holds only the islands,
//! every island is in it, and crates depend on each other only in the directions
//! docs/architecture.md allows.

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
    problems.extend(frontend_names_app()?);
    problems.sort();
    problems.dedup();
    if problems.is_empty() { Ok(()) } else { Err(problems.join("; ")) }
}

/// The frontend must never name `App`: everything `App` reaches (every page, router and
/// resource) would be in the wasm again, and the islands build would be as big as full
/// hydration (docs/architecture.md, "Islands").
fn frontend_names_app() -> Result<Vec<String>, String> {
    let mut problems = Vec::new();
    for (path, text) in rust_sources(&proc::root().join("crates/frontend/src"))? {
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.split(|c: char| !c.is_alphanumeric() && c != '_').any(|w| w == "App") {
                problems.push(format!("{}:{} names App", path.display(), n + 1));
            }
        }
    }
    Ok(problems)
}

/// Every `#[island]` of `app` is exported by the built wasm glue (`pkg/hatrack.js`): a
/// missing one would leave its part of the page dead, with only a console warning.
pub fn islands_exported(glue: &std::path::Path) -> Result<(), String> {
    let js = std::fs::read_to_string(glue).map_err(|e| format!("{}: {e}", glue.display()))?;
    let islands = island_names(&proc::root().join("crates/app/src"))?;
    if islands.is_empty() {
        return Err("no #[island] found in crates/app/src".into());
    }
    let missing: Vec<&String> =
        islands.iter().filter(|name| !js.contains(&format!("export function {name}_"))).collect();
    if missing.is_empty() { Ok(()) } else { Err(format!("islands missing from {}: {missing:?}", glue.display())) }
}

/// Names of the functions marked `#[island]` under `dir`.
fn island_names(dir: &std::path::Path) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    for (_, text) in rust_sources(dir)? {
        let mut lines = text.lines().map(str::trim);
        while let Some(line) = lines.next() {
            if line == "#[island]"
                && let Some(sig) = lines.next()
                && let Some(rest) = sig.strip_prefix("pub fn ").or_else(|| sig.strip_prefix("fn "))
            {
                names.push(rest.split('(').next().unwrap_or("").to_string());
            }
        }
    }
    Ok(names)
}

/// Every `.rs` file under `dir` (recursively) with its text.
fn rust_sources(dir: &std::path::Path) -> Result<Vec<(std::path::PathBuf, String)>, String> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            files.extend(rust_sources(&path)?);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            files.push((path, text));
        }
    }
    Ok(files)
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

/// Committed files larger than this fail `cargo xtask test` unless [`LARGE_FILES_ALLOWED`]
/// lists them: a 1.4 MB Python wheel once rode along in the repository unnoticed.
const MAX_COMMITTED_BYTES: u64 = 256 * 1024;

/// Files allowed past [`MAX_COMMITTED_BYTES`], each with the reason (none today).
const LARGE_FILES_ALLOWED: &[(&str, &str)] = &[];

/// Every file git tracks is at most [`MAX_COMMITTED_BYTES`], or allowed by name.
pub fn committed_file_sizes() -> Result<(), String> {
    files_over(&proc::root(), MAX_COMMITTED_BYTES)
}

fn files_over(root: &std::path::Path, max: u64) -> Result<(), String> {
    let listed = std::process::Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("git ls-files: {e}"))?;
    if !listed.status.success() {
        return Err(format!("git ls-files failed: {}", String::from_utf8_lossy(&listed.stderr)));
    }
    let mut too_large = Vec::new();
    for path in String::from_utf8_lossy(&listed.stdout).split('\0').filter(|p| !p.is_empty()) {
        // a file deleted but not yet committed is not there to measure
        let Ok(meta) = std::fs::metadata(root.join(path)) else { continue };
        if meta.len() > max && !LARGE_FILES_ALLOWED.iter().any(|(p, _)| *p == path) {
            too_large.push(format!("{path} ({} KiB)", meta.len() / 1024));
        }
    }
    if too_large.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "committed files over {} KiB (remove them, or list them with a reason in LARGE_FILES_ALLOWED): {}",
            max / 1024,
            too_large.join(", ")
        ))
    }
}

#[cfg(test)]
mod file_size_tests {
    #[test]
    fn a_large_tracked_file_is_named() {
        let dir = std::env::temp_dir().join(format!("xtask-sizes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let git = |args: &[&str]| {
            assert!(std::process::Command::new("git").args(args).current_dir(&dir).output().unwrap().status.success())
        };
        git(&["init", "-q"]);
        std::fs::write(dir.join("small.txt"), vec![b'a'; 1000]).unwrap();
        std::fs::write(dir.join("big.whl"), vec![b'a'; 5000]).unwrap();
        git(&["add", "small.txt"]);
        assert_eq!(super::files_over(&dir, 4096), Ok(()), "an untracked file does not count");
        git(&["add", "big.whl"]);
        let e = super::files_over(&dir, 4096).unwrap_err();
        assert!(e.contains("big.whl") && !e.contains("small.txt"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
