//! Cross-site requests to server functions: every server function the registry holds
//! (not a hand-kept list) is posted with a valid session cookie of a role it admits and
//! the arguments `authorization.toml` gives, once with a foreign `Origin` and once with
//! neither `Origin` nor `Referer`. Every call must be refused (403) before anything runs,
//! and the database must hold exactly what it held before, table by table.

mod in_app;

use actix_web::test;
use diesel::RunQueryDsl;
use diesel::sql_types::Text;
use in_app::{DEMO_PASSWORD, HOST, sign_in};
use serde::Deserialize;

#[derive(Deserialize)]
struct Matrix {
    server_fn: Vec<ServerFn>,
}

#[derive(Deserialize)]
struct ServerFn {
    name: String,
    allow: Vec<String>,
    args: Option<String>,
    json: Option<String>,
}

#[derive(diesel::QueryableByName, Debug, PartialEq)]
struct TableSum {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    sum: String,
}

/// One checksum per table of the database: its rows as text, sorted, hashed. Read as the
/// owner, who may read every table.
fn checksums(owner_url: &str) -> Vec<TableSum> {
    let url = owner_url.to_string();
    std::thread::spawn(move || {
        let mut conn = db::migrate::connect_sync(&url).unwrap();
        diesel::sql_query(
            "SELECT c.relname::text AS name, \
                    (xpath('/row/h/text()', query_to_xml(format( \
                        'SELECT md5(coalesce(string_agg(t::text, '','' ORDER BY t::text), '''')) AS h FROM %I.%I t', \
                        n.nspname, c.relname), false, true, '')))[1]::text AS sum \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY 1",
        )
        .load::<TableSum>(&mut conn)
        .unwrap()
    })
    .join()
    .unwrap()
}

#[actix_web::test]
async fn every_server_function_refuses_a_cross_site_request() {
    let (test_db, svc) = in_app::demo_app().await;
    let matrix: Matrix = toml::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../authorization.toml")).unwrap(),
    )
    .unwrap();
    let ids = in_app::demo_ids(&svc).await;
    // A session of a role each function admits, so that without the guard the call would
    // do its work.
    let mut sessions = Vec::new();
    for (role, email) in [
        ("hr", "hr@demo.hatrack.test"),
        ("admin", "admin@demo.hatrack.test"),
        ("manager_of", "lead@demo.hatrack.test"),
        ("member", "engineer@demo.hatrack.test"),
    ] {
        sessions.push((role, sign_in(&svc, email, DEMO_PASSWORD).await));
    }
    let before = checksums(&test_db.owner_url);
    assert!(before.iter().any(|t| t.name == "audit_events"), "the checksum reads the tables");

    let paths: Vec<String> = leptos::server_fn::actix::server_fn_paths().map(|(p, _)| p.to_string()).collect();
    assert!(paths.len() > 50, "the registry lists the server functions ({})", paths.len());
    let mut failures = Vec::new();
    for path in &paths {
        let name = path.trim_start_matches("/sfn/").trim_end_matches(|c: char| c.is_ascii_digit());
        let entry = matrix.server_fn.iter().find(|f| f.name == name);
        let cookie = entry
            .and_then(|f| {
                sessions.iter().find(|(role, _)| f.allow.iter().any(|a| a == "*" || a == role)).map(|(_, c)| c)
            })
            .unwrap_or(&sessions[0].1);
        for origin in [Some("http://evil.example"), Some("http://localhost:8080.evil.example"), None] {
            let mut req = test::TestRequest::post()
                .uri(path)
                .insert_header(("host", HOST))
                .insert_header(("accept", "application/json"))
                .insert_header(("cookie", cookie.clone()));
            if let Some(origin) = origin {
                req = req.insert_header(("origin", origin)).insert_header(("referer", format!("{origin}/")));
            }
            req = match entry.map(|f| (&f.json, &f.args)) {
                Some((Some(json), _)) => {
                    req.insert_header(("content-type", "application/json")).set_payload(in_app::fill(json, &ids))
                }
                other => req
                    .insert_header(("content-type", "application/x-www-form-urlencoded"))
                    .set_payload(in_app::fill(other.and_then(|(_, a)| a.as_deref()).unwrap_or(""), &ids)),
            };
            let res = test::call_service(&svc, req.to_request()).await;
            let status = res.status().as_u16();
            let body = String::from_utf8_lossy(&test::read_body(res).await).to_string();
            if status != 403 || !body.contains("Cross-site request refused") {
                failures.push(format!("{path} from {origin:?}: {status} {body}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} not refused:\n{}", failures.len(), failures.join("\n"));
    let after = checksums(&test_db.owner_url);
    let changed: Vec<_> = before.iter().zip(&after).filter(|(b, a)| b != a).map(|(b, _)| b.name.clone()).collect();
    assert!(changed.is_empty(), "refused calls changed tables: {changed:?}");
}
