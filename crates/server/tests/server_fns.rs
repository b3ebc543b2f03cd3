//! Every server function × every role, driven by authorization.toml: the browser's way
//! into the use cases is held to the same rules as the JSON API. Each call carries the
//! role's session cookies and our own Origin, as a page would.

mod in_app;

use actix_web::test;
use in_app::{HOST, sign_in as cookies};
use serde::Deserialize;
use serde_json::Value;
use server::http::{AppState, app};
use service::auth::jwt::KeyRing;
use service::{DatabaseMode, Services};

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

const ROLES: [&str; 7] = ["anonymous", "member", "manager_of", "manager_other", "hr", "admin", "other_org"];
/// Played too on the functions of one interview loop (arguments with `{loop}`), as in
/// the API's matrix.
const LOOP_ROLES: [&str; 2] = ["interviewer_on", "interviewer_other"];
const OTHER_PASSWORD: &str = "elsewhere-password-1";

/// A refusal: the status says so, or (for form functions, which answer problems as
/// values) the body's error does. Public functions (sign-in) answer "unauthenticated" to
/// bad credentials: that is their answer, not a refusal of the caller.
fn refused(public: bool, status: u16, body: &Value) -> bool {
    let code = |v: &Value| v["error"].as_str().map(str::to_string);
    let error = code(body).or_else(|| code(&body["problem"]));
    if public {
        return matches!(status, 403 | 404) || matches!(error.as_deref(), Some("forbidden" | "not_found"));
    }
    matches!(status, 401 | 403 | 404) || matches!(error.as_deref(), Some("unauthenticated" | "forbidden" | "not_found"))
}

#[actix_web::test]
async fn every_server_function_as_every_role() {
    let test_db = db::testing::TestDb::new();
    let services = Services::new(test_db.pool(), DatabaseMode::External, KeyRing::ephemeral());
    service::identity::demo::load(&services).await.unwrap();
    service::identity::orgs::create_admin(
        &services,
        "Elsewhere Ltd",
        "Eve Else",
        "eve@elsewhere.example",
        OTHER_PASSWORD,
    )
    .await
    .unwrap();
    let svc = test::init_service(app(AppState::new(services, std::path::Path::new("target/site")))).await;

    let matrix: Matrix = toml::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../authorization.toml")).unwrap(),
    )
    .unwrap();
    let paths: Vec<String> = leptos::server_fn::actix::server_fn_paths().map(|(p, _)| p.to_string()).collect();
    let path_of = |name: &str| {
        paths
            .iter()
            .find(|p| p.trim_start_matches("/sfn/").trim_end_matches(|c: char| c.is_ascii_digit()) == name)
            .unwrap_or_else(|| panic!("no server function {name}"))
            .clone()
    };

    let ids = in_app::demo_ids(&svc).await;

    let mut failures = Vec::new();
    for f in &matrix.server_fn {
        let on_loop = f.args.as_deref().or(f.json.as_deref()).is_some_and(|a| a.contains("{loop}"));
        let roles = ROLES.iter().chain(LOOP_ROLES.iter().filter(|_| on_loop));
        for &role in roles {
            // Fresh sign-ins per call: an allowed sign-out must not spoil the next row.
            let cookie = match role {
                "anonymous" => String::new(),
                "member" => cookies(&svc, "engineer@demo.hatrack.test", "hatrack-demo-2026").await,
                "manager_of" => cookies(&svc, "lead@demo.hatrack.test", "hatrack-demo-2026").await,
                "manager_other" => cookies(&svc, "kofi.mensah@demo.hatrack.test", "hatrack-demo-2026").await,
                "hr" => cookies(&svc, "hr@demo.hatrack.test", "hatrack-demo-2026").await,
                "admin" => cookies(&svc, "admin@demo.hatrack.test", "hatrack-demo-2026").await,
                "other_org" => cookies(&svc, "eve@elsewhere.example", OTHER_PASSWORD).await,
                "interviewer_on" => cookies(&svc, "hana.sato@demo.hatrack.test", "hatrack-demo-2026").await,
                "interviewer_other" => cookies(&svc, "noah.fischer@demo.hatrack.test", "hatrack-demo-2026").await,
                _ => unreachable!(),
            };
            let fill = |s: &str| in_app::fill(s, &ids);
            let mut req = test::TestRequest::post()
                .uri(&path_of(&f.name))
                .insert_header(("host", HOST))
                .insert_header(("origin", format!("http://{HOST}")))
                .insert_header(("accept", "application/json"));
            if !cookie.is_empty() {
                req = req.insert_header(("cookie", cookie));
            }
            req = match (&f.json, &f.args) {
                (Some(json), _) => req.insert_header(("content-type", "application/json")).set_payload(fill(json)),
                (None, args) => req
                    .insert_header(("content-type", "application/x-www-form-urlencoded"))
                    .set_payload(fill(args.as_deref().unwrap_or(""))),
            };
            let res = test::call_service(&svc, req.to_request()).await;
            let status = res.status().as_u16();
            let body: Value = serde_json::from_slice(&test::read_body(res).await).unwrap_or(Value::Null);
            if status >= 500 {
                failures.push(format!("{} as {role}: {status} {body}", f.name));
                continue;
            }
            let expected = f.allow.iter().any(|a| a == "*" || a == role);
            let public = f.allow.iter().any(|a| a == "*");
            if refused(public, status, &body) == expected {
                failures.push(format!(
                    "{} as {role}: {status} {body} (expected {})",
                    f.name,
                    if expected { "to get through" } else { "a refusal" }
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}
