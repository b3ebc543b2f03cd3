//! The database goes away and comes back: readiness and the API answer 503 with the error
//! shape meanwhile, and recover without a restart.

// `as at`: a plain `use actix_web::test` would shadow the `#[test]` attribute below.
use actix_web::test as at;
use db::embedded::{Durability, EmbeddedPostgres};
use server::http::{AppState, app};
use service::auth::jwt::KeyRing;
use service::{DatabaseMode, Services};
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

async fn status_of(
    svc: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
    path: &str,
) -> (u16, serde_json::Value) {
    let res = at::call_service(svc, at::TestRequest::get().uri(path).to_request()).await;
    let status = res.status().as_u16();
    let body = at::read_body(res).await;
    (status, serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null))
}

#[actix_web::test]
async fn outage_gives_503_and_recovers_by_itself() {
    let dir = tempfile::Builder::new().prefix("hatrack-outage-").tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = dir.path().to_path_buf();
    let pg = tokio::task::spawn_blocking(move || EmbeddedPostgres::start(&path, Durability::Disposable))
        .await
        .unwrap()
        .unwrap();
    let url = pg.url("postgres");
    let migrate_url = url.clone();
    tokio::task::spawn_blocking(move || db::migrate::run_pending(&migrate_url)).await.unwrap().unwrap();
    let pool = db::pool::build(&url, 4).unwrap();
    let state = AppState::new(Services::new(pool, DatabaseMode::Embedded, KeyRing::ephemeral()), dir.path());
    let svc = at::init_service(app(state)).await;

    assert_eq!(status_of(&svc, "/readyz").await.0, 200);
    assert_eq!(status_of(&svc, "/api/v1/status").await.0, 200);

    let mut pg = pg;
    let path = dir.path().to_path_buf();
    let pg = tokio::task::spawn_blocking(move || {
        pg.stop().unwrap();
        drop(pg);
        path
    })
    .await
    .unwrap();

    let (status, body) = status_of(&svc, "/readyz").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"], "database_unavailable");
    let (status, body) = status_of(&svc, "/api/v1/status").await;
    assert_eq!(status, 503);
    assert_eq!(body["error"], "database_unavailable");
    assert!(body["message"].as_str().unwrap().contains("try again"));

    let mut pg = tokio::task::spawn_blocking(move || EmbeddedPostgres::start(&pg, Durability::Disposable))
        .await
        .unwrap()
        .unwrap();
    let started = Instant::now();
    loop {
        if status_of(&svc, "/readyz").await.0 == 200 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "did not recover");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status_of(&svc, "/api/v1/status").await.0, 200);
    tokio::task::spawn_blocking(move || pg.stop()).await.unwrap().unwrap();
}

// ---------------------------------------------------------------------------------------
// The real binary under light load while PostgreSQL is stopped, frozen (SIGSTOP) or
// killed (kill -9). Each case prints what it measured (`--nocapture` shows it).
// ---------------------------------------------------------------------------------------

mod common;

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// How long the server may take to answer while PostgreSQL does not: the connection wait
/// (3 s), then no answer to an owed statement for 7 s fails the connection, with margin
/// for a request that meets both and for a busy machine.
const ANSWER_BOUND: Duration = Duration::from_secs(13);

#[derive(Debug, Clone)]
struct Reply {
    status: u16,
    head: String,
    body: String,
    took: Duration,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    /// The cookies this answer sets to be removed (empty value or an expiry in the past).
    fn removed_cookies(&self) -> Vec<String> {
        self.head
            .lines()
            .filter_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
            .filter(|c| c.contains("Max-Age=0") || c.split(';').next().is_some_and(|kv| kv.ends_with('=')))
            .map(str::to_string)
            .collect()
    }

    fn is_unavailable_error(&self) -> bool {
        let json: serde_json::Value = serde_json::from_str(&self.body).unwrap_or_default();
        self.status == 503 && json["error"] == "database_unavailable" && self.header("retry-after").is_some()
    }
}

/// One HTTP/1.0 request with extra headers; `None` if the connection failed.
fn call(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Option<Reply> {
    let started = Instant::now();
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let mut request =
        format!("{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("Content-Type: application/json\r\n\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    Some(Reply { status, head: head.to_string(), body: body.to_string(), took: started.elapsed() })
}

/// First-run setup through the API: (access token, refresh token).
fn set_up(port: u16) -> (String, String) {
    let body = r#"{"organization":"Outage IT","name":"Olga Admin","email":"olga@outage.example","password":"a long pass phrase"}"#;
    let reply = call(port, "POST", "/api/v1/setup", &[], body).expect("setup");
    assert_eq!(reply.status, 201, "{}", reply.body);
    let json: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    (json["access_token"].as_str().unwrap().to_string(), json["refresh_token"].as_str().unwrap().to_string())
}

/// Requests every 100 ms (an API client with a bearer token), each on its own thread so
/// a slow answer does not hold up the next: what a handful of users would send.
struct Load {
    started: Instant,
    samples: Arc<Mutex<Vec<(Duration, Reply)>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Load {
    fn start(port: u16, bearer: &str) -> Load {
        let started = Instant::now();
        let samples = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let auth = format!("Bearer {bearer}");
        let thread = std::thread::spawn({
            let (samples, stop) = (samples.clone(), stop.clone());
            move || {
                let mut senders = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let (samples, auth) = (samples.clone(), auth.clone());
                    senders.push(std::thread::spawn(move || {
                        let sent = started.elapsed();
                        if let Some(reply) = call(port, "GET", "/api/v1/me", &[("Authorization", &auth)], "") {
                            samples.lock().unwrap().push((sent, reply));
                        }
                    }));
                    std::thread::sleep(Duration::from_millis(100));
                }
                for s in senders {
                    let _ = s.join();
                }
            }
        });
        Load { started, samples, stop, thread: Some(thread) }
    }

    fn now(&self) -> Duration {
        self.started.elapsed()
    }

    /// Waits until a request sent at or after `since` was answered with `status`; returns
    /// how long after `since` it was sent.
    fn wait_for(&self, status: u16, since: Duration, limit: Duration) -> Duration {
        let deadline = Instant::now() + limit;
        loop {
            let found = self
                .samples
                .lock()
                .unwrap()
                .iter()
                .filter(|(sent, r)| *sent >= since && r.status == status)
                .map(|(sent, _)| *sent - since)
                .min();
            if let Some(after) = found {
                return after;
            }
            assert!(Instant::now() < deadline, "no {status} within {limit:?}: {:?}", self.statuses());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn statuses(&self) -> Vec<(u128, u16, u128)> {
        let samples = self.samples.lock().unwrap();
        samples.iter().map(|(at, r)| (at.as_millis(), r.status, r.took.as_millis())).collect()
    }

    /// Stops sending, waits for the answers in flight, and checks every answer: 200 or
    /// 503 in the error shape with Retry-After (never a 500), each within the bound.
    fn finish(mut self) -> Vec<(Duration, Reply)> {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
        let samples = std::mem::take(&mut *self.samples.lock().unwrap());
        for (at, r) in &samples {
            assert!(r.status == 200 || r.is_unavailable_error(), "at {at:?}: {} {}\n{}", r.status, r.body, r.head);
            assert!(r.took <= ANSWER_BOUND, "at {at:?} a request took {:?}", r.took);
        }
        samples
    }
}

fn postmaster_pid(data: &std::path::Path) -> i32 {
    let text = std::fs::read_to_string(data.join("postgres/postmaster.pid")).unwrap();
    text.lines().next().unwrap().trim().parse().unwrap()
}

/// The processes the postmaster has started (backends, checkpointer, …).
fn children_of(postmaster: i32) -> Vec<i32> {
    let mut pids = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        // "pid (comm) state ppid …": comm may hold spaces, so read after the last ')'.
        let ppid = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<i32>().ok());
        if ppid == Some(postmaster) {
            pids.push(pid);
        }
    }
    pids
}

/// Sends `signal` to each of `pids`; a process that has just exited (a backend whose
/// connection was closed) is no error.
fn signal(signal: &str, pids: &[i32]) {
    for pid in pids {
        let _ = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(pid.to_string())
            .stderr(std::process::Stdio::null())
            .status();
    }
}

/// A cluster stopped with SIGSTOP: the postmaster first (so it forks nothing new), then
/// everything it started. Dropping it (also when an assertion fails) sends SIGCONT, so a
/// failing test never leaves a frozen cluster behind.
struct Frozen(Vec<i32>);

impl Frozen {
    fn freeze(data: &std::path::Path) -> Frozen {
        let postmaster = postmaster_pid(data);
        signal("STOP", &[postmaster]);
        let mut pids = vec![postmaster];
        pids.extend(children_of(postmaster));
        signal("STOP", &pids[1..]);
        Frozen(pids)
    }

    /// kill -9 of the whole frozen cluster.
    fn kill(mut self) {
        signal("KILL", &std::mem::take(&mut self.0));
    }
}

impl Drop for Frozen {
    fn drop(&mut self) {
        signal("CONT", &self.0);
    }
}

/// A page request (the directory, rendered whole before it is sent, so its status and
/// cookies are final) that carries only the refresh cookie, as a browser does once the access
/// cookie has expired: the server must refresh the session or, if it cannot reach the
/// database, keep the cookies.
fn page_with_refresh_cookie(port: u16, refresh: &str) -> Reply {
    call(port, "GET", "/people", &[("Cookie", &format!("hatrack_refresh={refresh}"))], "").expect("page answer")
}

#[test]
fn a_frozen_or_killed_embedded_postgres_gives_bounded_503s_and_recovers_by_itself() {
    let data = common::data_dir();
    let (server, _) = common::start(data.path(), &[("HATRACK_WORKERS", "2")]);
    let port = server.port;
    let (access, refresh) = set_up(port);
    let load = Load::start(port, &access);
    std::thread::sleep(Duration::from_millis(500));

    // kill -9 of the postmaster: its backends follow it; the supervisor starts it again.
    let killed_at = load.now();
    signal("KILL", &[postmaster_pid(data.path())]);
    let first_503 = load.wait_for(503, killed_at, Duration::from_secs(10));
    let recovered = load.wait_for(200, killed_at + first_503, Duration::from_secs(30));
    eprintln!("kill -9 postmaster: first 503 after {first_503:?}, 200 again after {:?}", first_503 + recovered);
    assert!(first_503 + recovered < Duration::from_secs(15), "recovery took {:?}", first_503 + recovered);
    assert!(server.log_text().contains("starting it again"), "the restart is logged:\n{}", server.log_text());
    assert_eq!(call(port, "GET", "/readyz", &[], "").unwrap().status, 200, "ready again without a restart");

    // SIGSTOP: the server cannot tell a frozen PostgreSQL from a slow one, but every wait
    // is bounded, so requests get 503 (with Retry-After, in the error shape) instead of
    // hanging, and browsers keep their cookies.
    let frozen_at = load.now();
    let frozen = Frozen::freeze(data.path());
    let direct = call(port, "GET", "/api/v1/me", &[("Authorization", &format!("Bearer {access}"))], "").unwrap();
    assert!(direct.is_unavailable_error(), "{} {}\n{}", direct.status, direct.body, direct.head);
    let first_503 = load.wait_for(503, frozen_at, ANSWER_BOUND);
    let page = page_with_refresh_cookie(port, &refresh);
    assert_eq!(page.removed_cookies(), Vec::<String>::new(), "cookies kept while frozen:\n{}", page.head);
    assert_eq!(page.status, 503, "the page says the database is unavailable");
    eprintln!(
        "SIGSTOP: a request sent at the freeze answered 503 in {:?}; first 503 of the load after {first_503:?}; \
         a page in {:?}",
        direct.took, page.took
    );
    let thawed_at = load.now();
    drop(frozen);
    let recovered = load.wait_for(200, thawed_at, Duration::from_secs(10));
    eprintln!("SIGCONT: 200 again after {recovered:?}");

    // Requests in flight when PostgreSQL dies (frozen first, so they are surely waiting
    // on it): the lost connection is "unavailable" (503), not a server error.
    let frozen = Frozen::freeze(data.path());
    let in_flight: Vec<_> = (0..3)
        .map(|_| {
            let auth = format!("Bearer {access}");
            std::thread::spawn(move || call(port, "GET", "/api/v1/me", &[("Authorization", &auth)], "").unwrap())
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let killed_at = load.now();
    frozen.kill();
    for request in in_flight {
        let reply = request.join().unwrap();
        assert!(reply.is_unavailable_error(), "lost mid-request: {} {}", reply.status, reply.body);
    }
    let recovered = load.wait_for(200, killed_at, Duration::from_secs(30));
    eprintln!("kill -9 of a frozen cluster with requests in flight: 200 again after {recovered:?}");
    let samples = load.finish();
    eprintln!("{} requests under load, none unanswered past {ANSWER_BOUND:?}, none 500", samples.len());
    assert!(server.terminate().success());
}

#[test]
fn a_stopped_external_postgres_gives_503s_keeps_cookies_and_recovers() {
    let pg_dir = common::data_dir();
    let path = pg_dir.path().to_path_buf();
    let pg = EmbeddedPostgres::start(&path, Durability::Disposable).unwrap();
    db::migrate::ensure_database(&pg.url("postgres"), "hatrack").unwrap();
    let url = pg.url("hatrack");
    let data = common::data_dir();
    let (server, _) = common::start(data.path(), &[("DATABASE_URL", &url), ("HATRACK_WORKERS", "2")]);
    let port = server.port;
    let (access, refresh) = set_up(port);
    let load = Load::start(port, &access);
    std::thread::sleep(Duration::from_millis(500));

    let mut pg = pg;
    let stopped_at = load.now();
    pg.stop().unwrap();
    drop(pg);
    let first_503 = load.wait_for(503, stopped_at, Duration::from_secs(10));
    let page = page_with_refresh_cookie(port, &refresh);
    assert_eq!(page.removed_cookies(), Vec::<String>::new(), "cookies kept while down:\n{}", page.head);
    assert_eq!(page.status, 503);
    let direct = call(port, "GET", "/readyz", &[], "").unwrap();
    assert!(direct.is_unavailable_error(), "{} {}", direct.status, direct.body);
    eprintln!("pg_ctl stop: first 503 after {first_503:?}, answered in {:?}", direct.took);
    std::thread::sleep(Duration::from_secs(2));

    let started_at = load.now();
    let mut pg = EmbeddedPostgres::start(&path, Durability::Disposable).unwrap();
    let recovered = load.wait_for(200, started_at, Duration::from_secs(15));
    eprintln!("pg_ctl start: 200 again after {recovered:?} (start included)");
    let after = page_with_refresh_cookie(port, &refresh);
    assert_eq!(after.status, 200, "the same cookies still sign in after the outage");
    assert!(after.head.contains("hatrack_access="), "the session was refreshed:\n{}", after.head);
    load.finish();
    assert!(server.terminate().success());
    pg.stop().unwrap();
}
