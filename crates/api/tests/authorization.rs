//! The authorization matrix: every endpoint × every role, driven by authorization.toml.

mod common;

use common::*;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeSet;

#[derive(Deserialize)]
struct Matrix {
    endpoint: Vec<Endpoint>,
    server_fn: Vec<ServerFn>,
}

#[derive(Deserialize)]
struct Endpoint {
    method: String,
    path: String,
    action: String,
    allow: Vec<String>,
    body: Option<String>,
    /// Sends `body` as is with this type instead of as JSON (CSV imports).
    content_type: Option<String>,
}

#[derive(Deserialize)]
struct ServerFn {
    name: String,
    action: String,
    allow: Vec<String>,
}

const ROLES: [&str; 7] = ["anonymous", "member", "manager_of", "manager_other", "hr", "admin", "other_org"];
/// Played too on the endpoints of one interview loop (paths with `{loop}`, or with a
/// work-sample file of that loop).
const LOOP_ROLES: [&str; 2] = ["interviewer_on", "interviewer_other"];

fn of_the_loop(path: &str) -> bool {
    path.contains("{loop}") || path.contains("{ws_file}")
}

fn roles_of(path: &str) -> Vec<&'static str> {
    let mut roles = ROLES.to_vec();
    if of_the_loop(path) {
        roles.extend(LOOP_ROLES);
    }
    roles
}

fn matrix() -> Matrix {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../authorization.toml");
    toml::from_str(&std::fs::read_to_string(path).unwrap()).expect("authorization.toml parses")
}

fn allowed(allow: &[String], role: &str) -> bool {
    allow.iter().any(|a| a == "*" || a == role)
}

/// `{person}`, `{id}`, … all become `{}` so the file and the OpenAPI document compare.
fn shape(path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn every_endpoint_of_the_api_is_in_the_matrix() {
    let doc: Value = serde_json::from_str(api::openapi::json()).unwrap();
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.insert(format!("{} {}", method.to_uppercase(), shape(path)));
        }
    }
    let listed: BTreeSet<String> =
        matrix().endpoint.iter().map(|e| format!("{} {}", e.method, shape(&e.path))).collect();
    let missing: Vec<_> = documented.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&documented).collect();
    assert!(missing.is_empty(), "endpoints missing from authorization.toml: {missing:?}");
    assert!(stale.is_empty(), "authorization.toml lists endpoints that do not exist: {stale:?}");
}

#[actix_web::test]
async fn every_endpoint_as_every_role() {
    let f = fixture().await;
    // a second organization with its own admin
    service::identity::orgs::create_admin(
        &f.services,
        "Elsewhere Ltd",
        "Eve Else",
        "eve@elsewhere.example",
        "elsewhere-password-1",
    )
    .await
    .unwrap();
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let target = person_id(&svc, &admin, "Aisha Khan").await;
    let (_, teams) = call(&svc, get("/api/v1/teams", &admin)).await;
    let team = teams.as_array().unwrap().iter().find(|t| t["name"] == "Infrastructure").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, frameworks) = call(&svc, get("/api/v1/frameworks", &admin)).await;
    let framework = frameworks.as_array().unwrap().iter().find(|f| f["name"] == "IT Lead").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    let (hr, _) = login(&svc, &demo("hr")).await;
    let (_, profiles) = call(&svc, get("/api/v1/role-profiles", &hr)).await;
    let role_profile = profiles.as_array().unwrap().iter().find(|p| p["name"] == "Engineer II").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, cycles) = call(&svc, get("/api/v1/cycles", &hr)).await;
    let cycle =
        cycles.as_array().unwrap().iter().find(|c| c["status"] == "open").unwrap()["id"].as_str().unwrap().to_string();
    let (_, assessments) = call(&svc, get(&format!("/api/v1/assessments?person_id={target}"), &hr)).await;
    let assessment = assessments
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "self" && a["cycle_name"] == "Spring 2026")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, components) = call(&svc, get("/api/v1/components?q=core%20network", &admin)).await;
    let component = components["items"][0]["id"].as_str().unwrap().to_string();
    let (_, activities) = call(&svc, get("/api/v1/activities", &admin)).await;
    let activity = activities.as_array().unwrap().iter().find(|a| a["name"] == "Patching").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let first_id = |v: &Value| v[0]["id"].as_str().unwrap().to_string();
    let (_, exercises) = call(&svc, get("/api/v1/exercises", &admin)).await;
    let exercise = first_id(&exercises);
    let (_, plans) = call(&svc, get("/api/v1/interview-plans", &admin)).await;
    let plan = first_id(&plans);
    let plan_version = plans[0]["published_version_id"].as_str().unwrap().to_string();
    let (_, candidates) = call(&svc, get("/api/v1/candidates?q=riya", &hr)).await;
    let candidate = candidates["items"][0]["id"].as_str().unwrap().to_string();
    let (_, loops) = call(&svc, get("/api/v1/loops", &hr)).await;
    let the_loop = loops["items"].as_array().unwrap().iter().find(|l| l["candidate"]["name"] == "Riya Desai").unwrap()
        ["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, seen) = call(&svc, get(&format!("/api/v1/loops/{the_loop}"), &hr)).await;
    let loop_stage = seen["stages"][0]["id"].as_str().unwrap().to_string();
    // the loop's work-sample stage: a link HR sends and a file HR attaches
    let ws_stage = seen["stages"].as_array().unwrap().iter().find(|s| s["kind"] == "work_sample").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, link) = call(
        &svc,
        send(
            "POST",
            &format!("/api/v1/loops/{the_loop}/stages/{ws_stage}/work-sample-links"),
            &hr,
            serde_json::json!({}),
        ),
    )
    .await;
    let ws_link = link["link"]["id"].as_str().unwrap().to_string();
    let ws_token = link["token"].as_str().unwrap().to_string();
    let attach = actix_web::test::TestRequest::post()
        .uri(&format!("/api/v1/loops/{the_loop}/stages/{ws_stage}/work-samples"))
        .insert_header(("authorization", format!("Bearer {hr}")))
        .insert_header(("content-type", "multipart/form-data; boundary=matrix"))
        .set_payload(
            "--matrix\r\nContent-Disposition: form-data; name=\"files\"; filename=\"answer.md\"\r\n\r\n# Answer\r\n--matrix--\r\n",
        );
    let (status, attached) = call(&svc, attach).await;
    assert_eq!(status, 201, "{attached}");
    let ws_file = attached["files"][0]["id"].as_str().unwrap().to_string();
    // a feedback entry Tom (member) wrote to the target, shared with her managers
    let (tom, _) = login(&svc, &demo("engineer")).await;
    let body = serde_json::json!({
        "recipient_id": target, "kind": "praise", "visibility": "recipient_and_managers",
        "situation": "In the Monday review", "behaviour": "You asked who would call the rollback",
        "impact": "We agreed on it in minutes",
    });
    let (status, given) = call(&svc, send("POST", "/api/v1/feedback", &tom, body)).await;
    assert_eq!(status, 201, "{given}");
    let feedback = given["id"].as_str().unwrap().to_string();
    let fill = |text: &str| {
        text.replace("{person}", &target)
            .replace("{feedback}", &feedback)
            .replace("{exercise}", &exercise)
            .replace("{plan_version}", &plan_version)
            .replace("{plan}", &plan)
            .replace("{candidate}", &candidate)
            .replace("{loop_stage}", &loop_stage)
            .replace("{ws_stage}", &ws_stage)
            .replace("{ws_link}", &ws_link)
            .replace("{ws_token}", &ws_token)
            .replace("{ws_file}", &ws_file)
            .replace("{loop}", &the_loop)
            .replace("{team}", &team)
            .replace("{framework}", &framework)
            .replace("{role_profile}", &role_profile)
            .replace("{cycle}", &cycle)
            .replace("{assessment}", &assessment)
            .replace("{component}", &component)
            .replace("{activity}", &activity)
            .replace("{number}", "1")
    };

    let mut failures = Vec::new();
    for e in matrix().endpoint {
        for role in roles_of(&e.path) {
            // fresh sign-ins per call: an allowed logout must not spoil the next row
            let token = match role {
                "anonymous" => String::new(),
                "member" => login(&svc, &demo("engineer")).await.0,
                "manager_of" => login(&svc, &demo("lead")).await.0,
                "manager_other" => login(&svc, "kofi.mensah@demo.hatrack.test").await.0,
                "hr" => login(&svc, &demo("hr")).await.0,
                "admin" => login(&svc, &demo("admin")).await.0,
                "other_org" => login_with(&svc, "eve@elsewhere.example", "elsewhere-password-1").await.0,
                "interviewer_on" => login(&svc, "hana.sato@demo.hatrack.test").await.0,
                "interviewer_other" => login(&svc, "noah.fischer@demo.hatrack.test").await.0,
                _ => unreachable!(),
            };
            let path = fill(&e.path);
            let req = if e.method == "GET" {
                let r = actix_web::test::TestRequest::get().uri(&path);
                if token.is_empty() { r } else { r.insert_header(("authorization", format!("Bearer {token}"))) }
            } else if let Some(content_type) = &e.content_type {
                let r = actix_web::test::TestRequest::default()
                    .method(e.method.parse().unwrap())
                    .uri(&path)
                    .insert_header(("content-type", content_type.as_str()))
                    .set_payload(fill(e.body.as_deref().unwrap_or("")));
                if token.is_empty() { r } else { r.insert_header(("authorization", format!("Bearer {token}"))) }
            } else {
                let body: Value =
                    e.body.as_deref().map(|b| serde_json::from_str(&fill(b)).unwrap()).unwrap_or(Value::Null);
                send(&e.method, &path, &token, if body.is_null() { serde_json::json!({}) } else { body })
            };
            let (status, response) = call(&svc, req).await;
            // Public endpoints (sign-in, refresh) answer 401 to bad credentials: that is
            // their answer, not a refusal of the caller.
            let public = e.allow.iter().any(|a| a == "*");
            let got_through = if public { !matches!(status, 403 | 404) } else { !matches!(status, 401 | 403 | 404) };
            let expected = allowed(&e.allow, role);
            if got_through != expected {
                failures.push(format!(
                    "{} {} as {role}: {status} (expected {})",
                    e.method,
                    e.path,
                    if expected { "allowed" } else { "refused" }
                ));
            }
            if role == "anonymous" && !expected && status != 401 {
                failures.push(format!("{} {} as anonymous: {status}, expected 401", e.method, e.path));
            }
            if role == "other_org" {
                let text = response.to_string();
                if text.contains("@demo.hatrack.test")
                    || text.contains(&target)
                    || text.contains(&team)
                    || text.contains("Riya Desai")
                {
                    failures
                        .push(format!("{} {} leaks the demo organization to another organization", e.method, e.path));
                }
            }
        }
    }
    assert!(failures.is_empty(), "authorization matrix violations:\n{}", failures.join("\n"));
}

fn render() -> String {
    let m = matrix();
    let mark = |allow: &[String], role: &str| if allowed(allow, role) { "yes" } else { "—" };
    let mut out = String::from(
        "# Permissions\n\nGenerated from `authorization.toml` by `HATRACK_UPDATE_DOCS=1 cargo test -p api --test authorization`; \
         the same file drives the authorization matrix test, which calls every endpoint as every role.\n\n\
         Columns: anonymous; member (an engineer); the target person's manager; a manager of other people; HR; admin; \
         an admin of another organization (who must never see this organization's data); on the endpoints of one \
         interview loop, also an interviewer on that loop who has submitted and an interviewer on another loop \
         (· elsewhere).\n\n\
         | action | endpoint | anonymous | member | manager of | other manager | HR | admin | other org | \
         interviewer on the loop | interviewer on another loop |\n\
         |---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for e in &m.endpoint {
        out.push_str(&format!("| {} | `{} {}` |", e.action, e.method, e.path));
        for role in ROLES {
            out.push_str(&format!(" {} |", mark(&e.allow, role)));
        }
        for role in LOOP_ROLES {
            out.push_str(&format!(" {} |", if of_the_loop(&e.path) { mark(&e.allow, role) } else { "·" }));
        }
        out.push('\n');
    }
    out.push_str("\nServer functions of the web UI (under `/sfn`):\n\n| action | function | anonymous | member | manager of | other manager | HR | admin | other org |\n|---|---|---|---|---|---|---|---|---|\n");
    for s in &m.server_fn {
        out.push_str(&format!("| {} | `{}` |", s.action, s.name));
        for role in ROLES {
            out.push_str(&format!(" {} |", mark(&s.allow, role)));
        }
        out.push('\n');
    }
    out
}

#[test]
fn permissions_doc_is_rendered_from_the_matrix() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/permissions.md");
    let rendered = render();
    if std::env::var("HATRACK_UPDATE_DOCS").is_ok() {
        std::fs::write(path, &rendered).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == rendered,
        "docs/permissions.md is out of date: run HATRACK_UPDATE_DOCS=1 cargo test -p api --test authorization"
    );
}
