//! Helpers for tests that run the real `hatrack` binary.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A scratch directory the unprivileged PostgreSQL user can enter (tests run as root here).
pub fn data_dir() -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix("hatrack-srv-").tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// (status, headers, body) of a plain HTTP/1.0 request.
pub fn request(port: u16, method: &str, path: &str, body: Option<&str>) -> Option<(u16, String, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let body = body.unwrap_or("");
    write!(
        stream,
        "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    Some((status, head.to_string(), body.to_string()))
}

pub fn get(port: u16, path: &str) -> Option<(u16, String, String)> {
    request(port, "GET", path, None)
}

pub struct Running {
    pub child: Child,
    pub port: u16,
    pub log: PathBuf,
}

impl Running {
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGTERM and wait for a clean exit.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "no exit within 30s of SIGTERM:\n{}", self.log_text());
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
            let _ = self.child.wait();
        }
    }
}

pub fn hatrack() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hatrack"));
    cmd.env_remove("DATABASE_URL").env_remove("HATRACK_CONFIG").env("HATRACK_LOG", "info");
    cmd
}

/// Starts `hatrack serve` and waits until `/readyz` is 200; returns it and the wait.
pub fn start(data: &Path, env: &[(&str, &str)]) -> (Running, Duration) {
    let port = free_port();
    let log = data.join(format!("server-{port}.log"));
    let file = std::fs::File::create(&log).unwrap();
    let mut cmd = hatrack();
    cmd.arg("serve")
        .env("HATRACK_PORT", port.to_string())
        .env("HATRACK_DATA_DIR", data)
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let started = Instant::now();
    let mut running = Running { child: cmd.spawn().unwrap(), port, log };
    loop {
        if let Some(status) = running.child.try_wait().unwrap() {
            panic!("hatrack exited early ({status}):\n{}", running.log_text());
        }
        if get(port, "/readyz").is_some_and(|(s, _, _)| s == 200) {
            return (running, started.elapsed());
        }
        assert!(started.elapsed() < Duration::from_secs(60), "not ready in 60s:\n{}", running.log_text());
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Processes whose command line mentions `needle` (e.g. a data directory).
pub fn processes_mentioning(needle: &Path) -> String {
    let out = Command::new("pgrep").args(["-f", &needle.to_string_lossy()]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
