//! A Hatrack server started by xtask (e2e, bench) on a fresh data directory and port.

use crate::proc;
use crate::site::Built;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Server {
    child: Child,
    pub base: String,
    pub data_dir: PathBuf,
}

impl Server {
    /// Starts the built binary and waits until `/readyz` answers 200.
    pub fn start(built: &Built, data_dir: &Path, extra_env: &[(&str, &str)]) -> Result<Server, String> {
        let port = proc::free_port();
        let log = std::fs::File::create(data_dir.join("server.log")).map_err(|e| e.to_string())?;
        let mut cmd = Command::new(&built.server);
        cmd.arg("serve")
            .env("HATRACK_PORT", port.to_string())
            .env("HATRACK_DATA_DIR", data_dir)
            .env("HATRACK_SITE_ROOT", &built.site_root)
            .env_remove("DATABASE_URL")
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log);
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().map_err(|e| format!("cannot start {}: {e}", built.server.display()))?;
        let mut server = Server { child, base: format!("http://127.0.0.1:{port}"), data_dir: data_dir.to_path_buf() };
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!("the server exited ({status}); log:\n{}", server.log_tail()));
            }
            if get(port, "/readyz").is_some_and(|(code, _)| code == 200) {
                println!("xtask: server ready at {} after {:.1}s", server.base, started.elapsed().as_secs_f64());
                return Ok(server);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!("the server did not become ready in 60s; log:\n{}", server.log_tail()))
    }

    pub fn port(&self) -> u16 {
        self.base.rsplit(':').next().and_then(|p| p.parse().ok()).unwrap_or(0)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(self.data_dir.join("server.log")).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    /// SIGTERM, then wait; Err if the server or its PostgreSQL outlives it.
    pub fn stop(mut self) -> Result<(), String> {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                return Err("the server did not stop within 30s of SIGTERM".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let leftover = Command::new("pgrep")
            .args(["-f", &self.data_dir.to_string_lossy()])
            .stdout(Stdio::piped())
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default();
        if leftover.is_empty() { Ok(()) } else { Err(format!("processes left behind after stop: {leftover}")) }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
            let _ = self.child.wait();
        }
    }
}

/// A minimal HTTP/1.0 GET: (status, body).
pub fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Some((status, body))
}

/// A minimal HTTP/1.0 GET with a bearer token: (status, body).
pub fn get_with_token(port: u16, path: &str, token: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Some((status, body))
}

/// A minimal HTTP/1.0 POST of a JSON body: (status, body).
pub fn post_json(port: u16, path: &str, json: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    write!(
        stream,
        "POST {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{json}",
        json.len()
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Some((status, body))
}
