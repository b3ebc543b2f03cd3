//! Building the web assets and the server, without cargo-leptos: cargo builds the wasm,
//! the wasm-bindgen library (pinned to the same version as the crate, so they always
//! agree) writes the JS glue, and the CSS layers are joined into one file.
//!
//! Output (`target/site` for release, `target/site-debug` for debug):
//! `pkg/hatrack.js`, `pkg/hatrack_bg.wasm`, `pkg/hatrack.css`, and the files of `public/`.

use crate::proc::{self, run};
use crate::tools::WASM_TARGET;
use std::fs;
use std::path::{Path, PathBuf};

pub const OUTPUT_NAME: &str = "hatrack";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Debug,
    Release,
}

pub struct Built {
    pub site_root: PathBuf,
    pub server: PathBuf,
}

pub fn build_all(profile: Profile) -> Result<Built, String> {
    let site_root = build_site(profile)?;
    let server = build_server(profile)?;
    Ok(Built { site_root, server })
}

pub fn site_root(profile: Profile) -> PathBuf {
    proc::target_dir().join(match profile {
        Profile::Release => "site",
        Profile::Debug => "site-debug",
    })
}

pub fn build_site(profile: Profile) -> Result<PathBuf, String> {
    let (args, dir): (&[&str], &str) = match profile {
        Profile::Release => (&["--profile", "wasm-release"], "wasm-release"),
        Profile::Debug => (&[], "debug"),
    };
    run(proc::cargo().args(["build", "-p", "frontend", "--lib", "--target", WASM_TARGET]).args(args))?;
    let wasm = proc::target_dir().join(WASM_TARGET).join(dir).join("frontend.wasm");
    let root = site_root(profile);
    let pkg = root.join("pkg");
    fs::create_dir_all(&pkg).map_err(|e| format!("cannot create {}: {e}", pkg.display()))?;

    let glue = pkg.join(format!("{OUTPUT_NAME}_bg.wasm"));
    if proc::newer(&wasm, &glue) {
        println!("xtask: wasm-bindgen {} -> {}", wasm.display(), pkg.display());
        wasm_bindgen_cli_support::Bindgen::new()
            .input_path(&wasm)
            .out_name(OUTPUT_NAME)
            .web(true)
            .map_err(|e| e.to_string())?
            .typescript(false)
            .debug(profile == Profile::Debug)
            // DWARF made the debug wasm 52 MB where its code is 5 MB, and the server
            // compresses what it sends for every fresh browser; the name section stays, so a
            // panic's stack still names functions.
            .keep_debug(false)
            .remove_name_section(profile == Profile::Release)
            .remove_producers_section(profile == Profile::Release)
            .generate(&pkg)
            .map_err(|e| format!("wasm-bindgen: {e}"))?;
    }

    let css = bundle_css(&proc::root().join("style/main.css"))?;
    write_if_changed(&pkg.join(format!("{OUTPUT_NAME}.css")), css.as_bytes())?;
    copy_dir(&proc::root().join("public"), &root)?;
    Ok(root)
}

pub fn build_server(profile: Profile) -> Result<PathBuf, String> {
    let mut cmd = proc::cargo();
    cmd.args(["build", "-p", "server", "--bin", "hatrack"]);
    if profile == Profile::Release {
        cmd.arg("--release");
    }
    run(&mut cmd)?;
    Ok(proc::target_dir().join(if profile == Profile::Release { "release" } else { "debug" }).join("hatrack"))
}

/// Inlines `@import "file.css";` lines (relative to the importing file), so the browser
/// loads one stylesheet while the sources stay split by layer.
pub fn bundle_css(entry: &Path) -> Result<String, String> {
    let text = fs::read_to_string(entry).map_err(|e| format!("cannot read {}: {e}", entry.display()))?;
    let mut out = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("@import") {
            let name = rest.trim().trim_end_matches(';').trim().trim_matches(|c| c == '"' || c == '\'');
            let path = entry.parent().unwrap_or(Path::new(".")).join(name);
            out.push_str(&format!("/* {name} */\n"));
            out.push_str(&bundle_css(&path)?);
            out.push('\n');
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    Ok(out)
}

fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if fs::read(path).ok().as_deref() == Some(bytes) {
        return Ok(());
    }
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    let Ok(entries) = fs::read_dir(from) else { return Ok(()) };
    fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in entries.flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            let bytes = fs::read(entry.path()).map_err(|e| e.to_string())?;
            write_if_changed(&target, &bytes)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_imports_are_inlined_in_order() {
        let dir = proc::target_dir().join("tmp/css-test");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.css"), ":root { --x: 1; }").unwrap();
        fs::write(dir.join("main.css"), "@import \"a.css\";\nbody { color: red; }").unwrap();
        let css = bundle_css(&dir.join("main.css")).unwrap();
        assert!(css.find("--x").unwrap() < css.find("color: red").unwrap());
        assert!(!css.contains("@import"));
    }
}
