//! The first hour of a real user (issue 22), in-process: every page's content, title and
//! status are in the first HTML; refusals are 403 pages and unknown pages 404; home says
//! what needs the person; forms refused without JavaScript come back saying why; the
//! assessment and RACI forms save with plain posts; answers are compressed.

mod in_app;

use actix_web::test;
use in_app::{DEMO_PASSWORD, HOST, TestApp, demo_app, get, get_json};

async fn sign_in<S: TestApp<B>, B: actix_web::body::MessageBody>(svc: &S, who: &str) -> String {
    in_app::sign_in(svc, &format!("{who}@demo.hatrack.test"), DEMO_PASSWORD).await
}

/// The `/sfn/...` path of the server function `name` (its path ends in a hash).
fn sfn(name: &str) -> String {
    leptos::server_fn::actix::server_fn_paths()
        .map(|(p, _)| p.to_string())
        .find(|p| p.trim_start_matches("/sfn/").trim_end_matches(|c: char| c.is_ascii_digit()) == name)
        .unwrap_or_else(|| panic!("no server function {name}"))
}

/// A plain form post, as a browser without JavaScript sends it from `from`.
async fn form_post<S: TestApp<B>, B: actix_web::body::MessageBody>(
    svc: &S,
    path: &str,
    body: &str,
    cookie: &str,
    from: &str,
) -> actix_web::dev::ServiceResponse<B> {
    let req = test::TestRequest::post()
        .uri(path)
        .insert_header(("host", HOST))
        .insert_header(("origin", format!("http://{HOST}")))
        .insert_header(("referer", format!("http://{HOST}{from}")))
        .insert_header(("accept", "text/html,application/xhtml+xml"))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .insert_header(("cookie", cookie.to_string()))
        .set_payload(body.to_string())
        .to_request();
    test::call_service(svc, req).await
}

/// `name=value` of each cookie the response sets, joined for the next request.
fn set_cookies<B>(res: &actix_web::dev::ServiceResponse<B>) -> Vec<String> {
    res.response().cookies().map(|c| format!("{}={}", c.name(), c.value())).collect()
}

/// One row of the matrix, read through the API.
async fn raci_row<S: TestApp<B>, B: actix_web::body::MessageBody>(
    svc: &S,
    cookie: &str,
    component: &str,
    activity: &str,
) -> serde_json::Value {
    let (_, m) = get_json(svc, &format!("/api/v1/ownership?component_id={component}"), cookie).await;
    m["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["activity_id"] == activity && r["component_id"] == component)
        .unwrap()
        .clone()
}

#[actix_web::test]
async fn pages_carry_content_title_and_status_in_the_first_html() {
    let (_db, svc) = demo_app().await;
    let lead = sign_in(&svc, "lead").await;
    for path in [
        "/",
        "/people",
        "/teams",
        "/assessments",
        "/frameworks",
        "/role-profiles",
        "/cycles",
        "/components",
        "/ownership",
        "/ownership/gaps",
        "/org-chart",
        "/me/sessions",
    ] {
        let (status, html) = get(&svc, path, &lead).await;
        assert_eq!(status, 200, "{path}");
        assert!(!html.contains("Loading"), "{path} waits for a script:\n{html}");
        let title = html.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap_or_default();
        assert!(title.ends_with("Hatrack") && !title.trim().is_empty(), "{path}: title {title:?}");
        assert!(html.contains("<h1"), "{path} has no heading");
    }

    // refusals say so with 403; unknown pages are 404; both are pages with a heading
    let engineer = sign_in(&svc, "engineer").await;
    let (_, people) = get_json(&svc, "/api/v1/people?per_page=100", &lead).await;
    let aisha = people["items"].as_array().unwrap().iter().find(|p| p["name"] == "Aisha Khan").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    for path in [
        format!("/people/{aisha}/edit"),
        "/admin/audit".into(),
        "/people/import".into(),
        "/teams/new".into(),
        "/frameworks/new".into(),
        "/frameworks/import".into(),
        "/admin/status".into(),
    ] {
        let (status, html) = get(&svc, &path, &engineer).await;
        assert_eq!(status, 403, "{path}");
        assert!(
            html.contains("You don&#x27;t have access to this") || html.contains("You don't have access to this"),
            "{path}: {html}"
        );
        assert!(!html.contains("name=\"roles\"") && !html.contains("role_admin"), "{path} shows no form");
    }
    let admin = sign_in(&svc, "admin").await;
    let (status, html) = get(&svc, &format!("/people/{aisha}/edit"), &admin).await;
    assert_eq!(status, 200);
    assert!(html.contains("role_admin"), "the admin gets the form");
    let (status, html) = get(&svc, "/admin/status", &admin).await;
    assert_eq!(status, 200);
    assert!(html.contains("Migrations applied") && html.contains("data-testid=\"server-status\""));
    let (status, html) = get(&svc, "/no-such-page-here", &engineer).await;
    assert_eq!(status, 404);
    assert!(html.contains("Page not found") && html.contains("<title>Page not found · Hatrack</title>"));
    // someone else's draft is not there for you: 404, not a 200 saying "not found"
    let (_, mine) = get_json(&svc, "/api/v1/me/assessments", &lead).await;
    let report_draft = mine
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["reports"].as_array().unwrap().clone())
        .find_map(|r| r["assessment"]["id"].as_str().map(str::to_string));
    if let Some(id) = report_draft {
        let (status, _) = get(&svc, &format!("/assessments/{id}"), &engineer).await;
        assert_eq!(status, 404, "a draft of another author");
    }
}

#[actix_web::test]
async fn home_lists_what_needs_the_person_and_the_api_says_the_same() {
    let (_db, svc) = demo_app().await;
    let engineer = sign_in(&svc, "engineer").await;
    let (status, html) = get(&svc, "/", &engineer).await;
    assert_eq!(status, 200);
    assert!(html.contains("What needs you") && html.contains("Write your self-assessment for Autumn 2026"), "{html}");
    assert!(!html.contains("PostgreSQL") && !html.contains("Migrations applied"), "no server status on home");
    let (status, todo) = get_json(&svc, "/api/v1/me/todo", &engineer).await;
    assert_eq!(status, 200);
    let first = &todo["items"][0];
    assert_eq!(first["kind"], "write_self_assessment", "{todo}");
    assert_eq!(first["due"], "2026-12-11");
    assert!(todo["cycles"].as_array().unwrap().is_empty(), "cycles' completion is for HR");

    let lead = sign_in(&svc, "lead").await;
    let (_, todo) = get_json(&svc, "/api/v1/me/todo", &lead).await;
    let kinds: Vec<&str> = todo["items"].as_array().unwrap().iter().filter_map(|n| n["kind"].as_str()).collect();
    assert!(kinds.contains(&"assess_report"), "{todo}");
    assert!(kinds.contains(&"confirm_row"), "the lead is A on overdue rows: {todo}");
    let overdue_first =
        todo["items"].as_array().unwrap().iter().map(|n| n["overdue"].as_bool().unwrap()).collect::<Vec<_>>();
    assert!(overdue_first.windows(2).all(|w| w[0] || !w[1]), "overdue first: {overdue_first:?}");
    assert!(todo["items"].as_array().unwrap().iter().any(|n| n["title"].as_str().unwrap().contains("Tom Becker")));

    // rows coming due within two weeks are listed too, after the overdue ones: with a
    // 20-day period, the demo's rows confirmed 15 days ago come due in five
    let admin = sign_in(&svc, "admin").await;
    let req = test::TestRequest::put()
        .uri("/api/v1/ownership/settings")
        .insert_header(("host", HOST))
        .insert_header(("origin", format!("http://{HOST}")))
        .insert_header(("cookie", admin))
        .set_json(serde_json::json!({"verify_days": 20, "rasci": false}));
    let res = test::call_service(&svc, req.to_request()).await;
    assert_eq!(res.status(), 200);
    let (_, todo) = get_json(&svc, "/api/v1/me/todo", &lead).await;
    let soon: Vec<&serde_json::Value> = todo["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "confirm_row" && n["overdue"] == false)
        .collect();
    assert!(!soon.is_empty(), "a row coming due: {todo}");
    assert!(soon.iter().all(|n| n["href"].as_str().unwrap().starts_with("/ownership/row?component=")));

    let hr = sign_in(&svc, "hr").await;
    let (_, todo) = get_json(&svc, "/api/v1/me/todo", &hr).await;
    assert_eq!(todo["cycles"][0]["name"], "Autumn 2026", "{todo}");
    let (_, html) = get(&svc, "/", &hr).await;
    assert!(html.contains("Open cycles"));

    let (status, _) = get_json(&svc, "/api/v1/me/todo", "").await;
    assert_eq!(status, 401);
}

#[actix_web::test]
async fn a_refused_sign_in_without_javascript_comes_back_saying_why() {
    let (_db, svc) = demo_app().await;
    let res = form_post(
        &svc,
        &sfn("sign_in"),
        "email=lead%40demo.hatrack.test&password=wrong-password-here",
        "",
        "/sign-in?next=/ownership",
    )
    .await;
    assert_eq!(res.status(), 302);
    let back = res.headers().get("location").unwrap().to_str().unwrap();
    assert!(back.starts_with(&format!("http://{HOST}/sign-in?next=")), "back to the form: {back}");
    let cookies = set_cookies(&res);
    let flash = cookies.iter().find(|c| c.starts_with("hatrack_form=")).expect("the flash cookie").clone();
    assert!(!flash.contains("wrong-password"), "never the password");
    let req = test::TestRequest::get()
        .uri("/sign-in?next=/ownership")
        .insert_header(("host", HOST))
        .insert_header(("cookie", flash.clone()))
        .to_request();
    let res = test::call_service(&svc, req).await;
    assert_eq!(res.status(), 200);
    let removed = res.response().cookies().any(|c| c.name() == "hatrack_form" && c.value().is_empty());
    assert!(removed, "read once");
    let html = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(html.contains("There is a problem") && html.contains("error-summary"), "{html}");
    assert!(html.contains(r#"value="lead@demo.hatrack.test""#), "the address is kept: {html}");
    assert!(!html.contains("wrong-password-here"));
    // another form does not pick it up
    let (_, other) = get(&svc, "/setup", &flash).await;
    assert!(!other.contains("There is a problem"));
}

#[actix_web::test]
async fn the_assessment_and_a_raci_row_save_with_plain_form_posts() {
    let (_db, svc) = demo_app().await;
    let lead = sign_in(&svc, "lead").await;
    let (_, work) = get_json(&svc, "/api/v1/me/assessments", &lead).await;
    let cycle = work[0]["cycle"]["id"].as_str().unwrap().to_string();
    let (_, me) = get_json(&svc, "/api/v1/me", &lead).await;
    let me_id = me["person"]["id"].as_str().unwrap().to_string();
    let res = form_post(
        &svc,
        &sfn("begin_assessment"),
        &format!("cycle_id={cycle}&person_id={me_id}&kind=self"),
        &lead,
        "/assessments",
    )
    .await;
    assert_eq!(res.status(), 302);
    let at = res.headers().get("location").unwrap().to_str().unwrap().to_string();
    let id = at.rsplit('/').next().unwrap().to_string();
    let (_, a) = get_json(&svc, &format!("/api/v1/assessments/{id}"), &lead).await;
    let version = a["version"].as_i64().unwrap();
    let (_, html) = get(&svc, &at, &lead).await;
    let slug = html.split("name=\"ratings[").nth(1).unwrap().split(']').next().unwrap().to_string();

    // a level without evidence... is kept as a draft; evidence without a level is refused
    let body = format!(
        "id={id}&version={version}&ratings%5B{slug}%5D%5Blevel%5D=&ratings%5B{slug}%5D%5Bevidence%5D=Saw+it+done+well"
    );
    let res = form_post(&svc, &sfn("save_assessment_form"), &body, &lead, &at).await;
    assert_eq!(res.status(), 302);
    let flash = set_cookies(&res).into_iter().find(|c| c.starts_with("hatrack_form=")).expect("flash");
    let (_, html) = get(&svc, &at, &format!("{lead}; {flash}")).await;
    assert!(html.contains("Choose a level for this evidence"), "{html}");

    let body = format!(
        "id={id}&version={version}&ratings%5B{slug}%5D%5Blevel%5D=3&ratings%5B{slug}%5D%5Bevidence%5D=Ran+the+failover+drill+and+wrote+up+what+broke.&intent=submit"
    );
    let res = form_post(&svc, &sfn("save_assessment_form"), &body, &lead, &at).await;
    assert_eq!(res.status(), 302);
    let confirm = res.headers().get("location").unwrap().to_str().unwrap().to_string();
    assert!(confirm.contains("confirm=submit"), "{confirm}");
    let (_, a) = get_json(&svc, &format!("/api/v1/assessments/{id}"), &lead).await;
    assert_eq!(a["ratings"][0]["level"], 3);
    let (_, html) = get(&svc, &confirm, &lead).await;
    assert!(html.contains("Yes, submit") && html.contains("Submit with 1 of"), "the confirmation is open: {html}");
    let res =
        form_post(&svc, &sfn("submit_assessment_now"), &format!("id={id}&version={}", a["version"]), &lead, &confirm)
            .await;
    assert_eq!(res.status(), 302);
    let (_, a) = get_json(&svc, &format!("/api/v1/assessments/{id}"), &lead).await;
    assert_eq!(a["status"], "submitted");

    // a RACI row: its own page, then a plain post adds an I for a team
    let ids = in_app::demo_ids(&svc).await;
    let component = in_app::fill("{component}", &ids);
    let activity = in_app::fill("{activity}", &ids);
    let team = in_app::fill("{team}", &ids);
    let row_page = format!("/ownership/row?component={component}&activity={activity}");
    let (status, html) = get(&svc, &row_page, &lead).await;
    assert_eq!(status, 200);
    assert!(html.contains("Save row") && html.contains("lines[0][holder]"), "{html}");
    let row = raci_row(&svc, &lead, &component, &activity).await;
    let mut body = format!("component_id={component}&activity_id={activity}&version={}", row["version"]);
    let mut i = 0;
    for a in row["assignments"].as_array().unwrap() {
        let holder = match (a["person_id"].as_str(), a["team_id"].as_str()) {
            (Some(p), _) => format!("p:{p}"),
            (_, Some(t)) => format!("t:{t}"),
            _ => unreachable!(),
        };
        body.push_str(&format!(
            "&lines%5B{i}%5D%5Bletter%5D={}&lines%5B{i}%5D%5Bholder%5D={holder}",
            a["letter"].as_str().unwrap()
        ));
        i += 1;
    }
    body.push_str(&format!("&lines%5B{i}%5D%5Bletter%5D=I&lines%5B{i}%5D%5Bholder%5D=t:{team}"));
    let res = form_post(&svc, &sfn("save_ownership_row_form"), &body, &lead, &row_page).await;
    assert_eq!(res.status(), 302);
    let flash = set_cookies(&res).into_iter().find(|c| c.starts_with("hatrack_form="));
    assert_eq!(
        res.headers().get("location").unwrap().to_str().unwrap(),
        format!("/ownership?component={component}"),
        "refused: {:?}",
        flash.map(|f| base64::Engine::decode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            &f["hatrack_form=".len()..]
        )
        .map(String::from_utf8))
    );
    let row = raci_row(&svc, &lead, &component, &activity).await;
    assert!(
        row["assignments"].as_array().unwrap().iter().any(|a| a["letter"] == "I" && a["team_id"] == team.as_str()),
        "{row}"
    );
}

#[actix_web::test]
async fn answers_are_compressed_as_the_browser_asks() {
    let (_db, svc) = demo_app().await;
    let lead = sign_in(&svc, "lead").await;
    // pages built per request get gzip (brotli is for the static files in /pkg)
    for (encoding, want) in [("br, gzip", Some("gzip")), ("gzip", Some("gzip")), ("br", None), ("identity", None)] {
        let req = test::TestRequest::get()
            .uri("/ownership")
            .insert_header(("host", HOST))
            .insert_header(("cookie", lead.clone()))
            .insert_header(("accept-encoding", encoding))
            .to_request();
        let res = test::call_service(&svc, req).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers().get("content-encoding").map(|v| v.to_str().unwrap()), want, "{encoding}");
    }
    // small answers go as they are, and carry no encoding header at all
    let req = test::TestRequest::get()
        .uri("/api/v1/status")
        .insert_header(("host", HOST))
        .insert_header(("accept-encoding", "gzip, br"))
        .to_request();
    let res = test::call_service(&svc, req).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("content-encoding").is_none(), "{:?}", res.headers());
}

#[actix_web::test]
async fn the_audit_log_names_things_and_folds_autosaves() {
    let (_db, svc) = demo_app().await;
    let admin = sign_in(&svc, "admin").await;
    let (status, events) = get_json(&svc, "/api/v1/audit-events?limit=200", &admin).await;
    assert_eq!(status, 200, "{events}");
    let named = events.as_array().unwrap().iter().find(|e| e["object_name"].is_string()).cloned();
    let named = named.unwrap_or_else(|| panic!("things are named: {events}"));
    let (_, html) =
        get(&svc, &format!("/admin/audit?object_type={}", named["object_type"].as_str().unwrap()), &admin).await;
    let name = named["object_name"].as_str().unwrap();
    assert!(html.contains(name), "{html}");
    assert!(
        !html.contains(&format!(
            ">{} {}<",
            named["object_type"].as_str().unwrap(),
            named["object_id"].as_str().unwrap()
        )),
        "no bare id"
    );
}

#[actix_web::test]
async fn a_component_and_its_dependencies_are_edited_in_the_ui() {
    let (_db, svc) = demo_app().await;
    let lead = sign_in(&svc, "lead").await;
    let ids = in_app::demo_ids(&svc).await;
    let component = in_app::fill("{component}", &ids);
    let page = format!("/components/{component}");
    let (status, html) = get(&svc, &page, &lead).await;
    assert_eq!(status, 200);
    assert!(html.contains("Edit this component") && html.contains("Add dependency"), "the accountable lead may edit");
    let engineer = sign_in(&svc, "engineer").await;
    let (_, html) = get(&svc, &page, &engineer).await;
    assert!(!html.contains("Edit this component") && !html.contains("Add dependency"), "an engineer may not");

    let (_, c) = get_json(&svc, &format!("/api/v1/components/{component}"), &lead).await;
    let body = format!(
        "id={component}&version={}&name=Core+network&kind={}&tier=1&lifecycle=live&description=Switches+and+routers+of+both+sites.&runbook_url=&dashboard_url=",
        c["version"],
        c["kind"].as_str().unwrap()
    );
    let res = form_post(&svc, &sfn("update_component"), &body, &lead, &page).await;
    assert_eq!(res.status(), 302);
    let (_, c) = get_json(&svc, &format!("/api/v1/components/{component}"), &lead).await;
    assert_eq!(c["description"], "Switches and routers of both sites.");

    // by name, with a clear answer for a name that is not in the catalog
    let res = form_post(
        &svc,
        &sfn("add_dependency"),
        &format!("id={component}&depends_on=No+such+thing&reason="),
        &lead,
        &page,
    )
    .await;
    let flash = set_cookies(&res).into_iter().find(|c| c.starts_with("hatrack_form=")).expect("refused");
    let (_, html) = get(&svc, &page, &format!("{lead}; {flash}")).await;
    assert!(html.contains("No component is called") && html.contains(r#"value="No such thing""#), "{html}");
    let res = form_post(
        &svc,
        &sfn("add_dependency"),
        &format!("id={component}&depends_on=telephony&reason=Voice+runs+on+it"),
        &lead,
        &page,
    )
    .await;
    assert_eq!(res.status(), 302);
    assert!(set_cookies(&res).iter().all(|c| !c.starts_with("hatrack_form=")), "saved");
    let (_, deps) = get_json(&svc, &format!("/api/v1/components/{component}/dependencies"), &lead).await;
    let telephony =
        deps["depends_on"].as_array().unwrap().iter().find(|d| d["component"]["name"] == "Telephony").cloned();
    let telephony = telephony.unwrap_or_else(|| panic!("added: {deps}"));
    assert_eq!(telephony["reason"], "Voice runs on it");
    let target = telephony["component"]["id"].as_str().unwrap();
    let res =
        form_post(&svc, &sfn("remove_dependency"), &format!("id={component}&depends_on_id={target}"), &lead, &page)
            .await;
    assert_eq!(res.status(), 302);
    let (_, deps) = get_json(&svc, &format!("/api/v1/components/{component}/dependencies"), &lead).await;
    assert!(deps["depends_on"].as_array().unwrap().iter().all(|d| d["component"]["name"] != "Telephony"), "{deps}");
}

/// The matrix page carries the names its rows mention, not everyone who could be given a
/// letter: the editor fetches those when it opens (they were most of a large page).
#[actix_web::test]
async fn the_matrix_page_sends_only_the_names_it_shows() {
    let (_db, svc) = demo_app().await;
    let admin = sign_in(&svc, "admin").await;
    let (_, m) = get_json(&svc, "/api/v1/ownership", &admin).await;
    let named: Vec<&str> = m["people"].as_array().unwrap().iter().filter_map(|p| p["name"].as_str()).collect();
    let (_, people) = get_json(&svc, "/api/v1/people?per_page=100", &admin).await;
    let unnamed = people["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .find(|n| !named.contains(n) && *n != "Priya Raman")
        .expect("someone holds no letter")
        .to_string();
    let (status, html) = get(&svc, "/ownership", &admin).await;
    assert_eq!(status, 200);
    assert!(!html.contains(&unnamed), "{unnamed} holds no letter, yet the page carries their name");
    // the editor's list, fetched when it opens, has them
    let req = test::TestRequest::post()
        .uri(&sfn("get_row_candidates"))
        .insert_header(("host", HOST))
        .insert_header(("origin", format!("http://{HOST}")))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .insert_header(("cookie", admin.clone()))
        .to_request();
    let res = test::call_service(&svc, req).await;
    assert_eq!(res.status(), 200);
    let body = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(body.contains(&unnamed), "{body}");
}

#[actix_web::test]
async fn the_skills_matrix_marks_only_the_cells_the_coverage_list_links_to() {
    let (_db, svc) = demo_app().await;
    // HR reads every team's matrix
    let lead = sign_in(&svc, "hr").await;
    let (_, teams) = get_json(&svc, "/api/v1/teams", &lead).await;
    let mut links_seen = 0;
    for team in teams.as_array().unwrap() {
        let (status, html) = get(&svc, &format!("/teams/{}/skills", team["id"].as_str().unwrap()), &lead).await;
        assert_eq!(status, 200);
        let links: Vec<&str> = html.split("href=\"#cell-").skip(1).filter_map(|s| s.split('"').next()).collect();
        let ids: Vec<&str> = html.split("id=\"cell-").skip(1).filter_map(|s| s.split('"').next()).collect();
        for link in &links {
            assert!(ids.contains(link), "the link to cell-{link} has no cell");
        }
        // one id per linked cell, no more: an id on each cell made a big team's page a
        // third heavier
        assert_eq!(ids.len(), links.len(), "{ids:?} against {links:?}");
        links_seen += links.len();
        // a cell's name is its column header; its title says what colour and ring show
        for cell in html.split("<td").skip(1).map(|s| s.split('>').next().unwrap_or_default()) {
            assert!(!(cell.contains("lvl") && cell.contains("aria-label")), "<td{cell}>");
        }
    }
    assert!(links_seen > 0, "the demo has a bus-factor-1 competency to link to");
}
