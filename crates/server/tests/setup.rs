//! First-run setup on an empty installation: the page offers it, the first submission
//! creates the organization and signs its admin in, and every later one is refused.

use actix_web::test;
use serde_json::{Value, json};
use server::http::{AppState, app};
use service::auth::jwt::KeyRing;
use service::{DatabaseMode, Services};

const HOST: &str = "localhost:8080";

#[actix_web::test]
async fn first_run_setup_works_once() {
    let test_db = db::testing::TestDb::new();
    let services = Services::new(test_db.pool(), DatabaseMode::External, KeyRing::ephemeral());
    let svc = test::init_service(app(AppState::new(services, std::path::Path::new("target/site")))).await;
    let api = |method: &str, body: Option<Value>| {
        let req = if method == "GET" { test::TestRequest::get() } else { test::TestRequest::post() };
        let req = req.uri("/api/v1/setup").insert_header(("host", HOST));
        match body {
            Some(b) => req.set_json(b),
            None => req,
        }
        .to_request()
    };

    let res = test::call_service(&svc, api("GET", None)).await;
    let state: Value = serde_json::from_slice(&test::read_body(res).await).unwrap();
    assert_eq!(state["needed"], true);
    let res = test::call_service(&svc, test::TestRequest::get().uri("/setup").to_request()).await;
    let html = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(html.contains("Set up Hatrack") && html.contains("name=\"organization\""), "{html}");

    // Bad input: every field named, nothing created.
    let res = test::call_service(
        &svc,
        api("POST", Some(json!({"organization": " ", "name": "", "email": "nope", "password": "short"}))),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body: Value = serde_json::from_slice(&test::read_body(res).await).unwrap();
    for field in ["organization", "name", "email", "password"] {
        assert!(body["fields"][field].is_string(), "{field}: {body}");
    }

    // The page's form: signs in (cookies) and sends the admin home.
    let path = leptos::server_fn::actix::server_fn_paths()
        .map(|(p, _)| p.to_string())
        .find(|p| p.trim_start_matches("/sfn/").trim_end_matches(|c: char| c.is_ascii_digit()) == "first_run_setup")
        .unwrap();
    let form = |org: &str| {
        test::TestRequest::post()
            .uri(&path)
            .insert_header(("host", HOST))
            .insert_header(("origin", format!("http://{HOST}")))
            .insert_header(("accept", "application/json"))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(format!(
                "organization={org}&name=Sam+Admin&email=sam%40example.org&password=a+long+pass+phrase"
            ))
            .to_request()
    };
    let res = test::call_service(&svc, form("Example+IT")).await;
    assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
    assert!(res.response().cookies().any(|c| c.name().contains("access")), "signed in");
    let body: Value = serde_json::from_slice(&test::read_body(res).await).unwrap_or(Value::Null);
    assert!(body.is_null(), "no problem: {body}");

    // Once set up: the API, the form and the page all say so.
    let res = test::call_service(&svc, api("GET", None)).await;
    let state: Value = serde_json::from_slice(&test::read_body(res).await).unwrap();
    assert_eq!(state["needed"], false);
    let res = test::call_service(&svc, form("Second+IT")).await;
    let body: Value = serde_json::from_slice(&test::read_body(res).await).unwrap();
    assert_eq!(body["error"], "conflict", "{body}");
    let res = test::call_service(
        &svc,
        api(
            "POST",
            Some(json!({"organization": "Third IT", "name": "Mallory", "email": "m@example.org",
                "password": "a long pass phrase"})),
        ),
    )
    .await;
    assert_eq!(res.status(), 409);
    let res = test::call_service(&svc, test::TestRequest::get().uri("/setup").to_request()).await;
    let html = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(html.contains("Hatrack is set up"));
}
