//! The real `hatrack` binary: both database paths, clean shutdown, start-up errors, logs.

mod common;

use common::*;
use std::time::Duration;

#[test]
fn help_explains_configuration() {
    let out = hatrack().arg("--help").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in ["serve", "migrate", "HATRACK_PORT", "HATRACK_BIND", "HATRACK_DATA_DIR", "DATABASE_URL", "--config"] {
        assert!(text.contains(needle), "--help lacks {needle}:\n{text}");
    }
}

#[test]
fn embedded_database_first_start_reuse_and_clean_stop() {
    let data = data_dir();
    let (server, _) = start(data.path(), &[]);
    let (status, _, body) = get(server.port, "/api/v1/status").unwrap();
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["status"], "ok");
    let log = server.log_text();
    assert!(log.contains("mode=\"embedded\"") || log.contains("mode=embedded"), "{log}");
    assert!(!log.contains("applied=0"), "migrations ran on the first start:\n{log}");
    assert!(data.path().join("run/.s.PGSQL.5432").exists(), "socket inside the data directory");
    let (status, _, html) = get(server.port, "/").unwrap();
    assert_eq!(status, 200);
    assert!(html.contains("Hatrack") && html.contains("Sign in to see what needs you"), "server-rendered home page");
    // A request head over actix-http's 128 KiB: its own 431, in our error shape.
    let answer = oversized_request(server.port);
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    assert!(head.starts_with("HTTP/1.1 431 ") && head.contains("content-type: application/json"), "{answer}");
    let json: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {answer}"));
    assert!(json["error"].is_string() && json["message"].is_string(), "{json}");
    assert_eq!(get(server.port, "/healthz").unwrap().0, 200, "the next connection is served as ever");

    let exit = server.terminate();
    assert!(exit.success(), "exit after SIGTERM: {exit}");
    assert_eq!(processes_mentioning(data.path()), "", "PostgreSQL stopped with the server");

    // Second start on the same data directory reuses the cluster.
    let (server, ready_in) = start(data.path(), &[]);
    assert!(ready_in < Duration::from_secs(10), "restart took {ready_in:?}");
    assert!(server.log_text().contains("applied=0"), "no migrations re-run:\n{}", server.log_text());
    assert!(server.terminate().success());
    assert_eq!(processes_mentioning(data.path()), "");
}

#[test]
fn a_crashed_server_is_recovered_on_the_next_start() {
    let data = data_dir();
    let (server, _) = start(data.path(), &[]);
    // kill -9: neither the server nor PostgreSQL get to clean up
    let pid_file = data.path().join("postgres/postmaster.pid");
    let pg_pid = std::fs::read_to_string(&pid_file).unwrap().lines().next().unwrap().to_string();
    std::process::Command::new("kill").args(["-9", &server.child.id().to_string(), &pg_pid]).status().unwrap();
    drop(server);
    std::thread::sleep(Duration::from_millis(500));
    assert!(pid_file.exists(), "a stale pid file is left");
    let (server, _) = start(data.path(), &[]);
    assert_eq!(get(server.port, "/readyz").unwrap().0, 200);
    assert!(server.terminate().success());
}

#[test]
fn database_url_uses_that_server_instead() {
    let test_db = db::testing::TestDb::new();
    let data = data_dir();
    let (server, _) = start(data.path(), &[("DATABASE_URL", &test_db.url)]);
    let (status, _, body) = get(server.port, "/api/v1/status").unwrap();
    assert_eq!(status, 200, "{body}");
    let log = server.log_text();
    assert!(log.contains("mode=\"external\"") || log.contains("mode=external"), "{log}");
    assert!(!data.path().join("postgres").exists(), "no embedded cluster is created");
    assert!(server.terminate().success());
}

#[test]
fn a_port_in_use_is_one_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let data = data_dir();
    let out = hatrack()
        .arg("serve")
        .env("HATRACK_PORT", port.to_string())
        .env("HATRACK_DATA_DIR", data.path())
        .env("HATRACK_LOG", "off")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(&format!("cannot listen on 127.0.0.1:{port}")) && stderr.contains("HATRACK_PORT"),
        "{stderr}"
    );
    assert!(!data.path().join("postgres").exists(), "nothing started");
}

#[test]
fn missing_postgresql_binaries_is_one_clear_error() {
    let data = data_dir();
    let out = hatrack()
        .arg("serve")
        .env("HATRACK_PORT", free_port().to_string())
        .env("HATRACK_DATA_DIR", data.path())
        .env("HATRACK_PG_BINDIR", "/nonexistent")
        .env("HATRACK_LOG", "off")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("apt-get install postgresql"), "{stderr}");
}

#[test]
fn json_logs_carry_the_request_id() {
    let test_db = db::testing::TestDb::new();
    let data = data_dir();
    let (server, _) = start(data.path(), &[("DATABASE_URL", &test_db.url), ("HATRACK_LOG_FORMAT", "json")]);
    let (_, head, _) = get(server.port, "/api/v1/status").unwrap();
    let request_id = head
        .lines()
        .find_map(|l| l.strip_prefix("x-request-id: "))
        .expect("x-request-id response header")
        .trim()
        .to_string();
    std::thread::sleep(Duration::from_millis(200));
    let log = server.log_text();
    let line = log
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|j| j["fields"]["message"] == "request" && j["span"]["request_id"] == request_id.as_str());
    assert!(line.is_some(), "no JSON request line with request_id {request_id}:\n{log}");
    assert!(server.terminate().success());
}

#[test]
fn migrate_command_applies_and_exits() {
    let test_db = db::testing::TestDb::empty();
    let out = hatrack().arg("migrate").env("DATABASE_URL", &test_db.url).env("HATRACK_LOG", "off").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("up to date"));
}

#[test]
fn demo_loads_once_and_is_refused_in_production() {
    let test_db = db::testing::TestDb::new();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = hatrack();
        cmd.args(args)
            .env("DATABASE_URL", &test_db.url)
            .env("HATRACK_LOG", "off")
            .env("HATRACK_KEYS_DIR", data_dir().path());
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    };
    let out = run(&["demo", "--if-empty"], &[("HATRACK_ENV", "production")]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("not loaded"));
    let out = run(&["demo"], &[("HATRACK_ENV", "production")]);
    assert_eq!(out.status.code(), Some(1), "plain `demo` in production is an error");

    let out = run(&["demo", "--if-empty"], &[]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{text}");
    assert!(text.contains("41 people in 5 teams") && text.contains("lead@demo.hatrack.test"), "{text}");
    let again = run(&["demo", "--if-empty"], &[]);
    let text = String::from_utf8_lossy(&again.stdout).to_string();
    assert!(
        text.contains("engineer@demo.hatrack.test") && !text.contains("Loaded"),
        "second run only prints the sign-ins: {text}"
    );
}

#[test]
fn create_admin_reads_the_password_from_stdin() {
    use std::io::Write;
    let test_db = db::testing::TestDb::new();
    let create = |password: &str| {
        let mut child = hatrack()
            .args(["create-admin", "--org", "Acme IT", "--email", "Root@Acme.example"])
            .env("DATABASE_URL", &test_db.url)
            .env("HATRACK_LOG", "off")
            .env("HATRACK_KEYS_DIR", data_dir().path())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
        child.wait_with_output().unwrap()
    };
    let short = create("short");
    assert_eq!(short.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&short.stderr).contains("password"), "{}", String::from_utf8_lossy(&short.stderr));
    let ok = create("a long enough password");
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("Created the organization"));
    let dup = create("a long enough password");
    assert_eq!(dup.status.code(), Some(1), "the same email twice");
}

/// One text column of every row `sql` returns.
fn texts(url: &str, sql: &str) -> Vec<String> {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Text {
        #[diesel(sql_type = diesel::sql_types::Text)]
        t: String,
    }
    let mut conn = db::migrate::connect_sync(url).unwrap();
    diesel::sql_query(sql).load::<Text>(&mut conn).unwrap().into_iter().map(|r| r.t).collect()
}

/// The roles of the server's own connections to `database`.
fn server_roles(admin_url: &str, database: &str) -> Vec<String> {
    texts(
        admin_url,
        &format!(
            "SELECT DISTINCT usename::text AS t FROM pg_stat_activity \
              WHERE datname = '{database}' AND pid <> pg_backend_pid() AND usename IS NOT NULL"
        ),
    )
}

fn embedded_admin_url(data: &std::path::Path) -> String {
    format!("postgres://postgres@{}:5432/postgres", db::url::encode(&data.join("run").to_string_lossy()))
}

#[test]
fn the_embedded_server_runs_as_the_app_role_and_older_data_directories_are_upgraded() {
    let data = data_dir();
    let (server, _) = start(data.path(), &[]);
    assert_eq!(get(server.port, "/api/v1/status").unwrap().0, 200);
    let admin = embedded_admin_url(data.path());
    assert_eq!(server_roles(&admin, "hatrack"), vec![db::roles::APP_ROLE.to_string()]);
    assert!(!server.log_text().contains("can alter the audit log"), "{}", server.log_text());
    assert!(server.terminate().success());

    // A data directory from before the split: no app role, tables granted to nobody.
    let mut pg = db::embedded::EmbeddedPostgres::start(data.path(), db::embedded::Durability::Durable).unwrap();
    let mut conn = db::migrate::connect_sync(&pg.url("hatrack")).unwrap();
    diesel::connection::SimpleConnection::batch_execute(&mut conn, "DROP OWNED BY hatrack_app; DROP ROLE hatrack_app")
        .unwrap();
    drop(conn);
    pg.stop().unwrap();
    drop(pg);

    let (server, _) = start(data.path(), &[]);
    assert_eq!(get(server.port, "/api/v1/status").unwrap().0, 200, "upgraded on start");
    assert_eq!(server_roles(&admin, "hatrack"), vec![db::roles::APP_ROLE.to_string()]);
    let app =
        format!("postgres://hatrack_app@{}:5432/hatrack", db::url::encode(&data.path().join("run").to_string_lossy()));
    let mut conn = db::migrate::connect_sync(&app).unwrap();
    assert_eq!(db::roles::audit_risks(&mut conn).unwrap(), Vec::<String>::new());
    assert!(diesel::connection::SimpleConnection::batch_execute(&mut conn, "DELETE FROM audit_events").is_err());
    drop(conn);
    assert!(server.terminate().success());
}

#[test]
fn an_external_database_with_an_owner_url_migrates_as_the_owner_and_serves_as_the_app_role() {
    let test_db = db::testing::TestDb::empty();
    let _ = db::testing::TestDb::new(); // makes sure the test app role exists on the server
    let app_url = db::url::with_user(&test_db.owner_url, db::testing::TEST_APP_ROLE, Some("hatrack_test_app"));
    let data = data_dir();
    let (server, _) =
        start(data.path(), &[("DATABASE_URL", &app_url), ("HATRACK_MIGRATION_DATABASE_URL", &test_db.owner_url)]);
    assert_eq!(get(server.port, "/api/v1/status").unwrap().0, 200);
    assert!(server.log_text().contains("applied=") && !server.log_text().contains("applied=0"));
    assert_eq!(server_roles(test_db.admin_url(), test_db.name()), vec![db::testing::TEST_APP_ROLE.to_string()]);
    assert!(!server.log_text().contains("can alter the audit log"), "{}", server.log_text());
    assert!(server.terminate().success());

    // One URL for both (the owner's): it works, and the log says what it means.
    let (server, _) = start(data.path(), &[("DATABASE_URL", &test_db.owner_url)]);
    assert_eq!(get(server.port, "/readyz").unwrap().0, 200);
    assert!(server.log_text().contains("can alter the audit log"), "{}", server.log_text());
    assert!(server.terminate().success());
}

/// Sends a GET whose query string alone is 200 KB; what came back before the server
/// closed the connection (it resets it, as the rest of the request was never read).
fn oversized_request(port: u16) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let head = format!("GET /api/v1/people?q={} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "a".repeat(200_000));
    let _ = stream.write_all(head.as_bytes());
    let mut answer = Vec::new();
    let mut chunk = [0u8; 16384];
    while let Ok(n) = stream.read(&mut chunk) {
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&chunk[..n]);
    }
    String::from_utf8_lossy(&answer).into_owned()
}
