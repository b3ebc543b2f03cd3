//! Stored-XSS sweep: hostile text is planted in every kind of text a user or an imported
//! file can store (a person's name and job title, a team's name and description, every
//! text of a framework file, a role profile, a cycle, assessment evidence, a component, a
//! dependency's reason, an activity, an exercise, a candidate, an interview plan, a
//! scorecard, a decision), then every page of the app is rendered as the
//! people who see it, and no page may carry the text unescaped: no `<script` or
//! `onerror=` of ours, one `</title>`, as many `</textarea>` as `<textarea`.
//!
//! Two sinks write text raw in the pinned Leptos (a page's `<title>`, a textarea's text;
//! see `app::components::raw_text`); this test failed on both before they were escaped,
//! and fails if a new page or a new text lands in a raw sink, or if a Leptos upgrade
//! starts escaping them too (the title would then be escaped twice).

mod in_app;

use actix_web::test;
use in_app::{DEMO_PASSWORD, HOST, TestApp};
use serde_json::{Value, json};

/// Closes every raw-text element and attribute it could land in, then tries to run.
const HOSTILE: &str = r#"<script>xss()</script></title></textarea>"'><img src=x onerror=xss()> &amp;"#;
/// How the planted text reads once escaped (the part that proves the page shows it).
const SHOWN: &str = "&lt;script&gt;xss()&lt;/script&gt;&lt;/title&gt;&lt;/textarea&gt;";

#[actix_web::test]
async fn every_page_escapes_hostile_text_everywhere() {
    let (_db, svc) = in_app::demo_app().await;

    let admin = in_app::sign_in(&svc, "admin@demo.hatrack.test", DEMO_PASSWORD).await;
    let hr = in_app::sign_in(&svc, "hr@demo.hatrack.test", DEMO_PASSWORD).await;
    let lead = in_app::sign_in(&svc, "lead@demo.hatrack.test", DEMO_PASSWORD).await;
    let engineer = in_app::sign_in(&svc, "engineer@demo.hatrack.test", DEMO_PASSWORD).await;
    let h = |s: &str| format!("{s} {HOSTILE}");

    // People and teams (admin).
    let me = call(&svc, &engineer, "GET", "/api/v1/me", None).await;
    let engineer_id = id(&me["person"]["id"]);
    let lead_me = call(&svc, &lead, "GET", "/api/v1/me", None).await;
    let lead_id = id(&lead_me["person"]["id"]);
    let person = call(&svc, &admin, "GET", &format!("/api/v1/people/{engineer_id}"), None).await;
    call(
        &svc,
        &admin,
        "PATCH",
        &format!("/api/v1/people/{engineer_id}"),
        Some(json!({"version": person["version"], "name": h("Eve"), "job_title": h("Engineer")})),
    )
    .await;
    let team = call(
        &svc,
        &admin,
        "POST",
        "/api/v1/teams",
        Some(json!({"name": h("Team"), "description": h("About"), "lead_id": lead_id,
            "member_ids": [engineer_id, lead_id]})),
    )
    .await;
    let team_id = id(&team["id"]);

    // A framework file with hostile text in every text it carries (HR), published, then a
    // new draft of it for the draft editor's pages.
    let frameworks = call(&svc, &hr, "GET", "/api/v1/frameworks", None).await;
    let it_lead = id(&frameworks[0]["id"]);
    let export = get_text(&svc, &hr, &format!("/api/v1/frameworks/{it_lead}/export?format=json")).await;
    let mut doc: Value = serde_json::from_str(&export).unwrap();
    plant(&mut doc);
    let imported = call_text(
        &svc,
        &hr,
        "/api/v1/frameworks/import?dry_run=false&format=json",
        "application/json",
        doc.to_string(),
    )
    .await;
    let fw = id(&imported["framework_id"]);
    let draft = call(&svc, &hr, "GET", &format!("/api/v1/frameworks/{fw}/draft"), None).await;
    call(
        &svc,
        &hr,
        "POST",
        &format!("/api/v1/frameworks/{fw}/publish"),
        Some(json!({"change_note": h("First"), "version": draft["version"]})),
    )
    .await;
    call(&svc, &hr, "POST", &format!("/api/v1/frameworks/{fw}/draft"), None).await;
    let slug = doc["areas"][0]["competencies"][0]["slug"].as_str().unwrap().to_string();

    // Role profile, cycle, assessments with evidence.
    let profile = call(
        &svc,
        &hr,
        "POST",
        "/api/v1/role-profiles",
        Some(json!({"name": h("Role"), "description": h("Expects"), "framework_id": fw,
            "expectations": {slug.clone(): 3}})),
    )
    .await;
    let profile_id = id(&profile["id"]);
    call(
        &svc,
        &hr,
        "PUT",
        &format!("/api/v1/people/{engineer_id}/role-profile"),
        Some(json!({"role_profile_id": profile_id})),
    )
    .await;
    let cycle = call(
        &svc,
        &hr,
        "POST",
        "/api/v1/cycles",
        Some(json!({"name": h("Cycle"), "starts_on": "2026-01-01", "ends_on": "2026-12-31", "framework_id": fw})),
    )
    .await;
    let cycle_id = id(&cycle["id"]);
    let rate = json!([{"competency": slug, "level": 3, "evidence": h("Evidence"),
        "evidence_links": ["https://example.org/x?a=\"><script>xss()</script>"]}]);
    let own = call(
        &svc,
        &engineer,
        "POST",
        "/api/v1/assessments",
        Some(json!({"cycle_id": cycle_id, "person_id": engineer_id, "kind": "self"})),
    )
    .await;
    let own_id = id(&own["id"]);
    let saved = call(
        &svc,
        &engineer,
        "PUT",
        &format!("/api/v1/assessments/{own_id}"),
        Some(json!({"version": own["version"], "ratings": rate})),
    )
    .await;
    call(
        &svc,
        &engineer,
        "POST",
        &format!("/api/v1/assessments/{own_id}/submit"),
        Some(json!({"version": saved["version"]})),
    )
    .await;
    let by_lead = call(
        &svc,
        &lead,
        "POST",
        "/api/v1/assessments",
        Some(json!({"cycle_id": cycle_id, "person_id": engineer_id, "kind": "manager"})),
    )
    .await;
    let by_lead_id = id(&by_lead["id"]);
    call(
        &svc,
        &lead,
        "PUT",
        &format!("/api/v1/assessments/{by_lead_id}"),
        Some(json!({"version": by_lead["version"], "ratings": rate})),
    )
    .await;

    // Ownership: a component, a dependency, an activity and a row (admin).
    let component = call(
        &svc,
        &admin,
        "POST",
        "/api/v1/components",
        Some(json!({"name": h("Component"), "kind": "service", "tier": 1, "description": h("Does")})),
    )
    .await;
    let component_id = id(&component["id"]);
    let components = call(&svc, &admin, "GET", "/api/v1/components", None).await;
    let other = components
        .as_array()
        .or_else(|| components["components"].as_array())
        .or_else(|| components["items"].as_array())
        .expect("a component list")
        .iter()
        .map(|c| id(&c["id"]))
        .find(|c| *c != component_id)
        .unwrap();
    call(
        &svc,
        &admin,
        "POST",
        &format!("/api/v1/components/{component_id}/dependencies"),
        Some(json!({"depends_on_id": other, "reason": h("Because")})),
    )
    .await;
    let activity =
        call(&svc, &admin, "POST", "/api/v1/activities", Some(json!({"name": h("Activity"), "description": h("Do")})))
            .await;
    call(
        &svc,
        &admin,
        "PUT",
        "/api/v1/ownership",
        Some(json!({"component_id": component_id, "activity_id": activity["id"],
            "assignments": [{"letter": "A", "person_id": engineer_id}, {"letter": "R", "team_id": team_id}]})),
    )
    .await;

    // The work-sample exercise's title, brief and materials, which the candidate's page
    // shows, and a link to that page (Adaeze Nwosu's blind work sample).
    let exercises = call(&svc, &hr, "GET", "/api/v1/exercises", None).await;
    let mut cutover =
        exercises.as_array().unwrap().iter().find(|e| e["builtin"] == "migration-cutover").unwrap().clone();
    let exercise_id = id(&cutover["id"]);
    for field in ["title", "brief", "materials"] {
        cutover[field] = json!(h(cutover[field].as_str().unwrap()));
    }
    call(&svc, &hr, "PUT", &format!("/api/v1/exercises/{exercise_id}"), Some(cutover)).await;
    let loops = call(&svc, &hr, "GET", "/api/v1/loops", None).await;
    let adaeze = id(&loops["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["candidate"]["name"] == "Adaeze Nwosu")
        .unwrap()["id"]);
    let seen = call(&svc, &hr, "GET", &format!("/api/v1/loops/{adaeze}"), None).await;
    let ws_stage = id(&seen["stages"].as_array().unwrap().iter().find(|s| s["kind"] == "work_sample").unwrap()["id"]);
    let link = call(
        &svc,
        &hr,
        "POST",
        &format!("/api/v1/loops/{adaeze}/stages/{ws_stage}/work-sample-links"),
        Some(json!({})),
    )
    .await;
    let work_sample = id(&link["path"]);

    // Interviews: Elena Vasquez's (the lead's) draft scorecard (evidence and notes) on the
    // panel she has yet to score, that loop's candidate (name, source, notes), a new plan's draft (its
    // name, a stage, a question, rating-guide notes), and a decision superseding another
    // (rationale and reason).
    let leads = call(&svc, &lead, "GET", "/api/v1/loops?per_page=200", None).await;
    let mut to_score = None;
    for l in leads["items"].as_array().unwrap() {
        let seen = call(&svc, &lead, "GET", &format!("/api/v1/loops/{}", id(&l["id"])), None).await;
        for s in seen["stages"].as_array().unwrap() {
            let hers = s["interviewers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["person"]["name"] == "Elena Vasquez" && i["scorecard"] != "submitted");
            if hers && to_score.is_none() {
                to_score = Some((seen.clone(), s.clone()));
            }
        }
    }
    let (open_loop, open_stage) =
        to_score.unwrap_or_else(|| panic!("the demo leaves the lead a scorecard to write: {leads}"));
    let (open_id, stage_id) = (id(&open_loop["id"]), id(&open_stage["id"]));
    let ratings: Vec<Value> = open_stage["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| json!({"competency": c["slug"], "level": 2, "evidence": h("Evidence")}))
        .collect();
    call(
        &svc,
        &lead,
        "PUT",
        &format!("/api/v1/loops/{open_id}/scorecards"),
        Some(json!({"stage_id": stage_id, "ratings": ratings, "recommendation": "yes", "notes": h("Notes")})),
    )
    .await;
    let candidate_id = id(&open_loop["candidate"]["id"]);
    let candidate = call(&svc, &hr, "GET", &format!("/api/v1/candidates/{candidate_id}"), None).await;
    call(
        &svc,
        &hr,
        "PUT",
        &format!("/api/v1/candidates/{candidate_id}"),
        Some(json!({"name": h("Candidate"), "email": candidate["email"], "source": h("Source"),
            "notes": h("Notes"), "consent": true, "version": candidate["version"]})),
    )
    .await;
    let plan = call(
        &svc,
        &hr,
        "POST",
        "/api/v1/interview-plans",
        Some(json!({"name": h("Plan"), "role_profile_id": profile_id, "document": {"stages": [{
            "name": h("Stage"), "kind": "panel", "minutes": 45, "items": [{"text": h("Ask")}],
            "competencies": [{"competency": slug, "notes": h("Listen for")}]}]}})),
    )
    .await;
    let plan_id = id(&plan["id"]);
    let all = call(&svc, &hr, "GET", "/api/v1/loops?per_page=200", None).await;
    let decided = id(&all["items"].as_array().unwrap().iter().find(|l| l["decision"].is_string()).unwrap()["id"]);
    call(
        &svc,
        &hr,
        "POST",
        &format!("/api/v1/loops/{decided}/decision"),
        Some(json!({"decision": "more_data", "rationale": h("Why"), "supersede_reason": h("Because")})),
    )
    .await;

    // Every route of the app, each with the addresses that show the planted text.
    let framework_pages = [
        format!("/frameworks/{fw}"),
        format!("/frameworks/{fw}/diff?from=1&to=2"),
        format!("/frameworks/{fw}/draft"),
        format!("/frameworks/{fw}/draft/{slug}"),
    ];
    let pages: Vec<(&str, Vec<String>)> = vec![
        ("/", vec!["/".into()]),
        ("/sign-in", vec!["/sign-in?next=/people".into()]),
        ("/setup", vec!["/setup".into()]),
        ("/accept-invite", vec!["/accept-invite?token=x".into()]),
        ("/org-chart", vec!["/org-chart".into()]),
        ("/teams", vec!["/teams".into()]),
        ("/teams/new", vec!["/teams/new".into()]),
        ("/teams/{id}", vec![format!("/teams/{team_id}")]),
        ("/teams/{id}/edit", vec![format!("/teams/{team_id}/edit")]),
        ("/teams/{id}/skills", vec![format!("/teams/{team_id}/skills?framework_id={fw}")]),
        ("/admin/audit", vec!["/admin/audit".into()]),
        ("/admin/status", vec!["/admin/status".into()]),
        ("/frameworks", vec!["/frameworks".into()]),
        ("/frameworks/new", vec!["/frameworks/new".into()]),
        ("/frameworks/import", vec!["/frameworks/import".into()]),
        ("/frameworks/{id}", vec![framework_pages[0].clone()]),
        ("/frameworks/{id}/diff", vec![framework_pages[1].clone()]),
        ("/frameworks/{id}/draft", vec![framework_pages[2].clone()]),
        ("/frameworks/{id}/draft/{slug}", vec![framework_pages[3].clone()]),
        ("/me/sessions", vec!["/me/sessions".into()]),
        ("/assessments", vec!["/assessments".into()]),
        ("/assessments/{id}", vec![format!("/assessments/{own_id}"), format!("/assessments/{by_lead_id}")]),
        ("/role-profiles", vec!["/role-profiles".into()]),
        ("/role-profiles/{id}", vec![format!("/role-profiles/{profile_id}")]),
        ("/cycles", vec!["/cycles".into()]),
        ("/cycles/{id}", vec![format!("/cycles/{cycle_id}")]),
        ("/people/{id}/competencies", vec![format!("/people/{engineer_id}/competencies?framework_id={fw}")]),
        ("/components", vec!["/components".into()]),
        ("/components/{id}", vec![format!("/components/{component_id}")]),
        ("/ownership", vec!["/ownership".into()]),
        ("/ownership/gaps", vec!["/ownership/gaps".into()]),
        (
            "/ownership/row",
            vec![format!("/ownership/row?component={component_id}&activity={}", activity["id"].as_str().unwrap())],
        ),
        ("/ownership/risk", vec!["/ownership/risk".into()]),
        ("/ownership/graph", vec![format!("/ownership/graph?component={component_id}")]),
        ("/ownership/import", vec!["/ownership/import".into()]),
        ("/people", vec!["/people".into(), "/people?q=Eve".into()]),
        ("/people/import", vec!["/people/import".into()]),
        ("/people/{id}", vec![format!("/people/{engineer_id}")]),
        ("/people/{id}/edit", vec![format!("/people/{engineer_id}/edit")]),
        ("/work-sample/{token}", vec![work_sample.clone()]),
        ("/interviews", vec!["/interviews".into()]),
        ("/interviews/plans", vec!["/interviews/plans".into()]),
        ("/interviews/plans/{id}", vec![format!("/interviews/plans/{plan_id}")]),
        (
            "/interviews/exercises",
            vec!["/interviews/exercises".into(), format!("/interviews/exercises?edit={exercise_id}")],
        ),
        ("/interviews/candidates", vec!["/interviews/candidates".into()]),
        ("/interviews/candidates/{id}", vec![format!("/interviews/candidates/{candidate_id}")]),
        ("/interviews/stats", vec!["/interviews/stats".into()]),
        ("/interviews/loops/new", vec![format!("/interviews/loops/new?candidate={candidate_id}")]),
        (
            "/interviews/loops/{id}",
            vec![format!("/interviews/loops/{open_id}"), format!("/interviews/loops/{decided}")],
        ),
        ("/interviews/loops/{id}/debrief", vec![format!("/interviews/loops/{decided}/debrief")]),
        ("/interviews/loops/{id}/stages/{stage}", vec![format!("/interviews/loops/{open_id}/stages/{stage_id}")]),
        ("/no/such/page", vec!["/no/such/page".into()]),
    ];
    // A new route must be added here, or the sweep would miss it.
    let routes = leptos_actix::generate_route_list(app::App);
    for route in routes.iter().map(|r| r.path().to_string()) {
        let normal = if route.is_empty() { "/".to_string() } else { route.clone() };
        assert!(
            pages.iter().any(|(p, _)| *p == normal),
            "route {route} is not in the hostile-text sweep: add an address that shows its stored text"
        );
    }

    let mut shown_on = Vec::new();
    let viewers = [("admin", &admin), ("hr", &hr), ("lead", &lead), ("engineer", &engineer)];
    for (_, urls) in &pages {
        for url in urls {
            for (who, cookie) in viewers {
                let (status, html) = in_app::get(&svc, url, cookie).await;
                assert!(status < 500, "{url} as {who}: {status}");
                check_page(&html, &format!("{url} as {who}"));
                if html.contains(SHOWN) {
                    shown_on.push(url.clone());
                }
            }
        }
    }
    // The sweep proves something only if the planted text reached the pages: each of
    // these shows it (in a title, a textarea, a table, a chart or the audit log).
    for url in [
        format!("/people/{engineer_id}"),
        format!("/people/{engineer_id}/edit"),
        format!("/teams/{team_id}/edit"),
        format!("/frameworks/{fw}/draft"),
        format!("/frameworks/{fw}/draft/{slug}"),
        format!("/assessments/{own_id}"),
        format!("/assessments/{by_lead_id}"),
        format!("/role-profiles/{profile_id}"),
        format!("/components/{component_id}"),
        "/ownership".to_string(),
        format!("/ownership/row?component={component_id}&activity={}", activity["id"].as_str().unwrap()),
        "/admin/audit".to_string(),
        work_sample.clone(),
        "/interviews".to_string(),
        format!("/interviews/plans/{plan_id}"),
        "/interviews/exercises".to_string(),
        format!("/interviews/exercises?edit={exercise_id}"),
        format!("/interviews/candidates/{candidate_id}"),
        format!("/interviews/loops/{open_id}"),
        format!("/interviews/loops/{open_id}/stages/{stage_id}"),
        format!("/interviews/loops/{decided}/debrief"),
    ] {
        assert!(shown_on.contains(&url), "{url} never showed the planted text: the sweep did not reach it");
    }

    // The same text through the API's SVG drawings: escaped in the XML.
    for url in [
        format!("/api/v1/people/{engineer_id}/competencies/radar.svg?framework_id={fw}"),
        format!("/api/v1/ownership/graph.svg?component={component_id}"),
    ] {
        let svg = get_text(&svc, &hr, &url).await;
        check_markup(&svg, &url);
    }
}

/// No planted markup survives unescaped anywhere in the page.
fn check_page(html: &str, what: &str) {
    check_markup(html, what);
    // Streamed pages whose title waits for data have none yet (the first-hour issue);
    // a page never has two.
    // (SVG charts in the body carry `<title>`s of their own.)
    let head = html.split("</head>").next().unwrap_or("");
    assert!(head.matches("</title>").count() <= 1, "{what}: the title was closed early:\n{head}");
    let title = head.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap_or("");
    assert!(!title.contains("&amp;lt;"), "{what}: the title is escaped twice: {title}");
    assert_eq!(
        html.matches("<textarea").count(),
        html.matches("</textarea>").count(),
        "{what}: a textarea was closed early:\n{html}"
    );
    assert!(!html.contains("&amp;lt;script"), "{what}: text escaped twice shows entities to the reader");
}

fn check_markup(text: &str, what: &str) {
    for bad in ["<script>xss", "<img src=x", "'><img"] {
        assert!(!text.contains(bad), "{what}: unescaped `{bad}`:\n{text}");
    }
}

/// Appends the hostile text to every text of a framework file (names, descriptions,
/// level names, anchors, signals, examples), keeping slugs and numbers.
fn plant(doc: &mut Value) {
    match doc {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(s) if key != "slug" => s.push_str(&format!(" {HOSTILE}")),
                    // Level names are short (60 characters at most).
                    Value::Array(names) if key == "level_names" => {
                        for (i, name) in names.iter_mut().enumerate() {
                            *name = Value::String(format!("{i}</textarea><script>xss()</script>"));
                        }
                    }
                    _ => plant(value),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::String(s) => s.push_str(&format!(" {HOSTILE}")),
                    _ => plant(item),
                }
            }
        }
        _ => {}
    }
}

#[track_caller]
fn id(v: &Value) -> String {
    v.as_str().unwrap_or_else(|| panic!("an id: {v}")).to_string()
}

/// A JSON call as a browser makes it (session cookie, same origin); must succeed.
async fn call<S, B>(svc: &S, cookie: &str, method: &str, path: &str, body: Option<Value>) -> Value
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let req = test::TestRequest::default()
        .method(method.parse().unwrap())
        .uri(path)
        .insert_header(("host", HOST))
        .insert_header(("origin", format!("http://{HOST}")))
        .insert_header(("cookie", cookie.to_string()));
    let req = match body {
        Some(b) => req.set_json(b),
        None => req,
    };
    let res = test::call_service(svc, req.to_request()).await;
    let status = res.status();
    let bytes = test::read_body(res).await;
    assert!(status.is_success(), "{method} {path}: {status} {}", String::from_utf8_lossy(&bytes));
    if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).unwrap() }
}

async fn call_text<S, B>(svc: &S, cookie: &str, path: &str, content_type: &str, body: String) -> Value
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let req = test::TestRequest::post()
        .uri(path)
        .insert_header(("host", HOST))
        .insert_header(("origin", format!("http://{HOST}")))
        .insert_header(("cookie", cookie.to_string()))
        .insert_header(("content-type", content_type.to_string()))
        .set_payload(body);
    let res = test::call_service(svc, req.to_request()).await;
    let status = res.status();
    let bytes = test::read_body(res).await;
    assert!(status.is_success(), "POST {path}: {status} {}", String::from_utf8_lossy(&bytes));
    serde_json::from_slice(&bytes).unwrap()
}

async fn get_text<S, B>(svc: &S, cookie: &str, path: &str) -> String
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let (status, body) = in_app::get(svc, path, cookie).await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}
