//! Text no field takes (NUL, which PostgreSQL refuses, other control characters, bidi
//! overrides) is refused at the edge with a 422 naming the field, wherever it comes in:
//! sign-in, JSON bodies, query parameters, path segments and each import, whose dry run
//! refuses what the real run would. Before, each of these answered 500 (or, for dry runs,
//! passed). Also: dates outside years 1900–9999, and methods a path does not take.

mod common;

use actix_web::test as at;
use common::*;
use diesel::RunQueryDsl;
use serde_json::{Value, json};

fn count(f: &Fixture, sql: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let sql = sql.to_string();
    with_sync_conn(&f.db.url, move |conn| diesel::sql_query(sql).get_result::<N>(conn).unwrap().n)
}

fn assert_refused(status: u16, body: &Value, field: &str) {
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"], "validation", "{body}");
    assert!(body["fields"][field].is_string(), "the problem names `{field}`: {body}");
}

fn raw(method: &str, path: &str, token: &str, content_type: &str, body: &str) -> at::TestRequest {
    let req = match method {
        "POST" => at::TestRequest::post(),
        _ => at::TestRequest::get(),
    };
    req.uri(path)
        .insert_header(("authorization", format!("Bearer {token}")))
        .insert_header(("content-type", content_type.to_string()))
        .set_payload(body.to_string())
}

#[actix_web::test]
async fn sign_in_refuses_nul_and_control_characters_anonymously() {
    let f = fixture().await;
    let svc = app(&f).await;
    for email in ["\u{0}", "admin@demo.hatrack.test\u{0}", "\u{1b}[31m@x.org", "admin\u{202E}@demo.hatrack.test"] {
        let (status, body) =
            call(&svc, send("POST", "/api/v1/auth/login", "", json!({"email": email, "password": "x"}))).await;
        assert_refused(status, &body, "email");
    }
    let (status, body) =
        call(&svc, send("POST", "/api/v1/auth/login", "", json!({"email": "a@b.org", "password": "pass\u{0}word"})))
            .await;
    assert_refused(status, &body, "password");
    // Escaped in the JSON text or sent raw, the same answer.
    let (status, body) =
        call(&svc, raw("POST", "/api/v1/auth/login", "", "application/json", r#"{"email":"\u0000","password":"x"}"#))
            .await;
    assert_refused(status, &body, "email");
}

#[actix_web::test]
async fn json_bodies_name_the_field_and_keep_line_breaks_where_text_is_multi_line() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let teams = count(&f, "SELECT count(*) AS n FROM teams");
    for (body, field) in [
        (json!({"name": "Plat\u{0}form"}), "name"),
        (json!({"name": "Platform", "description": "bell \u{7}"}), "description"),
        (json!({"name": "Platform", "description": "\u{2067}hidden"}), "description"),
        (json!({"name": "Two\nlines"}), "name"),
    ] {
        let (status, err) = call(&svc, send("POST", "/api/v1/teams", &admin, body)).await;
        assert_refused(status, &err, field);
    }
    assert_eq!(count(&f, "SELECT count(*) AS n FROM teams"), teams, "nothing written");
    let (status, team) = call(
        &svc,
        send("POST", "/api/v1/teams", &admin, json!({"name": "Platform", "description": "Build\r\n\tand deploy"})),
    )
    .await;
    assert_eq!(status, 201, "a description may span lines: {team}");

    // Nested: the path to the field, as other validation problems name it.
    let (hr, _) = login(&svc, &demo("hr")).await;
    let (_, frameworks) = call(&svc, get("/api/v1/frameworks", &hr)).await;
    let fw = frameworks[0]["id"].as_str().unwrap().to_string();
    let (status, err) = call(
        &svc,
        send(
            "POST",
            "/api/v1/role-profiles",
            &hr,
            json!({"name": "Ops", "framework_id": fw, "expectations": {"x\u{0}": 2}}),
        ),
    )
    .await;
    assert_refused(status, &err, "expectations");
}

#[actix_web::test]
async fn query_parameters_and_path_segments_are_refused_too() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    for (path, field) in [
        ("/api/v1/people?q=%00", "q"),
        ("/api/v1/people?q=ada%E2%80%AE", "q"),
        ("/api/v1/components?q=x%01y", "q"),
        ("/api/v1/components?kind=%00", "kind"),
        ("/api/v1/ownership/export?what=%00", "what"),
        ("/api/v1/teams/%00", "path"),
        ("/api/v1/people/%00/competencies", "path"),
    ] {
        let (status, body) = call(&svc, get(path, &admin)).await;
        assert_refused(status, &body, field);
    }
    let (status, body) = call(&svc, get("/api/v1/people?q=Zo%C3%AB%20%E6%9D%B1", &admin)).await;
    assert_eq!(status, 200, "letters of any script pass: {body}");
}

#[actix_web::test]
async fn the_people_import_refuses_in_the_dry_run_as_in_the_import() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let people = count(&f, "SELECT count(*) AS n FROM people");
    let csv = "name,email\nNadia Osei,nadia.osei@example.org\nRavi\u{0} Shah,ravi.shah@example.org\n";
    for dry_run in [true, false] {
        let (status, body) =
            call(&svc, send("POST", "/api/v1/people/import", &admin, json!({"csv": csv, "dry_run": dry_run}))).await;
        assert_refused(status, &body, "csv");
        assert!(body["fields"]["csv"].as_str().unwrap().contains("U+0000"), "{body}");
    }
    assert_eq!(count(&f, "SELECT count(*) AS n FROM people"), people, "nothing written");
    // The file's own line breaks (CRLF) and a tab inside a cell are fine.
    let good = "name,email,job_title\r\nNadia Osei,nadia.osei@example.org,\"Cloud\tEngineer\"\r\n";
    let (status, body) = call(&svc, send("POST", "/api/v1/people/import", &admin, json!({"csv": good}))).await;
    assert_eq!(status, 200, "{body}");
}

#[actix_web::test]
async fn the_ownership_import_refuses_in_the_dry_run_as_in_the_import() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let components = count(&f, "SELECT count(*) AS n FROM components");
    let csv = "name,kind,tier,lifecycle,description,runbook_url,dashboard_url\n\
               Badge printer\u{0},service,3,active,,,\n";
    let path = |dry_run: bool| format!("/api/v1/ownership/import?what=components&dry_run={dry_run}");
    let (status, report) = call(&svc, raw("POST", &path(true), &admin, "text/csv", csv)).await;
    assert_eq!(status, 200, "a dry run reports: {report}");
    let problems = report["problems"].as_array().unwrap();
    assert!(problems.iter().any(|p| p["line"] == 2 && p["message"].as_str().unwrap().contains("U+0000")), "{report}");
    let (status, body) = call(&svc, raw("POST", &path(false), &admin, "text/csv", csv)).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(count(&f, "SELECT count(*) AS n FROM components"), components, "nothing written");
}

#[actix_web::test]
async fn the_framework_import_refuses_in_the_dry_run_as_in_the_import() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let frameworks = count(&f, "SELECT count(*) AS n FROM frameworks");
    let yaml = "name: Desk\u{0}\nlevel_count: 3\nareas:\n  - slug: a\n    name: A\n    competencies: []\n";
    for dry_run in [true, false] {
        let (status, body) = call(
            &svc,
            raw("POST", &format!("/api/v1/frameworks/import?dry_run={dry_run}"), &hr, "application/yaml", yaml),
        )
        .await;
        assert_refused(status, &body, "file");
        assert!(body["fields"]["file"].as_str().unwrap().starts_with("Line 1"), "{body}");
    }
    assert_eq!(count(&f, "SELECT count(*) AS n FROM frameworks"), frameworks, "nothing written");
}

#[actix_web::test]
async fn cycle_dates_stay_within_four_digit_years() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let (_, frameworks) = call(&svc, get("/api/v1/frameworks", &hr)).await;
    let fw = frameworks[0]["id"].as_str().unwrap().to_string();
    for (starts_on, ends_on, field) in [
        ("+99999-01-01", "+99999-02-01", "starts_on"),
        ("2027-01-01", "+99999-02-01", "ends_on"),
        ("0042-01-01", "2027-01-01", "starts_on"),
    ] {
        let body = json!({"name": "Far out", "starts_on": starts_on, "ends_on": ends_on, "framework_id": fw});
        let (status, err) = call(&svc, send("POST", "/api/v1/cycles", &hr, body)).await;
        assert_refused(status, &err, field);
    }
}

#[actix_web::test]
async fn a_method_a_path_does_not_take_is_405_with_allow() {
    let f = fixture().await;
    let svc = app(&f).await;
    for (method, path, allow) in [
        ("TRACE", "/api/v1/people", "GET, POST"),
        ("DELETE", "/api/v1/people/00000000-0000-0000-0000-000000000000", "GET, PATCH"),
        ("TRACE", "/healthz", "GET"),
        ("POST", "/readyz", "GET"),
    ] {
        let req = at::TestRequest::default().method(method.parse().unwrap()).uri(path).to_request();
        let res = at::call_service(&svc, req).await;
        assert_eq!(res.status(), 405, "{method} {path}");
        assert_eq!(res.headers().get("allow").unwrap(), allow, "{method} {path}");
        let body: Value = at::read_body_json(res).await;
        assert_eq!(body["error"], "method_not_allowed");
    }
    let (status, body) = call(&svc, get("/api/v1/nothing-here", "")).await;
    assert_eq!((status, &body["error"]), (404, &json!("not_found")));
}
