//! People and teams: validation, stale edits, reporting cycles, the audit trail.

mod common;

use common::*;
use diesel::RunQueryDsl;
use serde_json::json;

#[actix_web::test]
async fn create_validates_every_field_and_refuses_duplicates() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let (status, body) = call(
        &svc,
        send(
            "POST",
            "/api/v1/people",
            &admin,
            json!({"name": " ", "email": "nope", "manager_id": uuid::Uuid::new_v4()}),
        ),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    for field in ["name", "email", "manager_id"] {
        assert!(body["fields"][field].is_string(), "{field} not named: {body}");
    }
    let (status, body) = call(
        &svc,
        send("POST", "/api/v1/people", &admin, json!({"name": "Tom Again", "email": "ENGINEER@demo.hatrack.test"})),
    )
    .await;
    assert_eq!(status, 409, "emails are unique case-insensitively: {body}");
    assert!(body["fields"]["email"].is_string());

    let before = count_people(&f);
    let (status, created) = call(
        &svc,
        send(
            "POST",
            "/api/v1/people",
            &admin,
            json!({"name": "Ada Park", "email": "ada.park@example.org", "job_title": "Network Engineer"}),
        ),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["status"], "invited");
    assert_eq!(created["roles"], json!(["member"]));
    assert_eq!(count_people(&f), before + 1);
}

fn count_people(f: &Fixture) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    with_sync_conn(&f.db.url, |conn| {
        diesel::sql_query("SELECT count(*) AS n FROM people").get_result::<N>(conn).unwrap().n
    })
}

#[actix_web::test]
async fn stale_edits_get_409_with_the_current_version() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let id = person_id(&svc, &admin, "Aisha Khan").await;
    let (_, person) = call(&svc, get(&format!("/api/v1/people/{id}"), &admin)).await;
    let version = person["version"].as_i64().unwrap();
    let path = format!("/api/v1/people/{id}");
    let (status, first) =
        call(&svc, send("PATCH", &path, &admin, json!({"version": version, "job_title": "Senior Network Engineer"})))
            .await;
    assert_eq!(status, 200);
    assert_eq!(first["version"], version + 1);
    // a second tab still holding the old version
    let (status, body) =
        call(&svc, send("PATCH", &path, &admin, json!({"version": version, "job_title": "Lost update"}))).await;
    assert_eq!(status, 409);
    assert_eq!(body["fields"]["version"], (version + 1).to_string());
    let (_, now) = call(&svc, get(&path, &admin)).await;
    assert_eq!(now["job_title"], "Senior Network Engineer", "no silent overwrite");
}

#[actix_web::test]
async fn reporting_cycles_and_self_lockout_are_refused() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let lead = person_id(&svc, &admin, "Elena Vasquez").await;
    let report = person_id(&svc, &admin, "Tom Becker").await;
    let (_, elena) = call(&svc, get(&format!("/api/v1/people/{lead}"), &admin)).await;
    let (status, body) = call(
        &svc,
        send(
            "PATCH",
            &format!("/api/v1/people/{lead}"),
            &admin,
            json!({"version": elena["version"], "manager_id": report}),
        ),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["manager_id"].as_str().unwrap().contains("loop"));
    let (status, _) = call(
        &svc,
        send(
            "PATCH",
            &format!("/api/v1/people/{lead}"),
            &admin,
            json!({"version": elena["version"], "manager_id": lead}),
        ),
    )
    .await;
    assert_eq!(status, 422, "reporting to oneself");

    let me = person_id(&svc, &admin, "Priya Raman").await;
    let (_, priya) = call(&svc, get(&format!("/api/v1/people/{me}"), &admin)).await;
    let (status, body) = call(
        &svc,
        send(
            "PATCH",
            &format!("/api/v1/people/{me}"),
            &admin,
            json!({"version": priya["version"], "status": "deactivated", "roles": ["member"]}),
        ),
    )
    .await;
    assert_eq!(status, 422);
    assert!(body["fields"]["status"].is_string() && body["fields"]["roles"].is_string(), "{body}");
}

#[actix_web::test]
async fn changes_are_audited_and_the_log_is_append_only() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let (status, team) =
        call(&svc, send("POST", "/api/v1/teams", &admin, json!({"name": "Platform", "description": "Build tooling"})))
            .await;
    assert_eq!(status, 201);
    let (status, _) = call(&svc, send("POST", "/api/v1/teams", &admin, json!({"name": "platform"}))).await;
    assert_eq!(status, 409, "team names are unique case-insensitively");
    let path = format!("/api/v1/teams/{}", team["id"].as_str().unwrap());
    let (status, _) = call(
        &svc,
        send("PATCH", &path, &admin, json!({"version": team["version"], "description": "Build and deploy tooling"})),
    )
    .await;
    assert_eq!(status, 200);

    let (status, events) = call(&svc, get("/api/v1/audit-events?object_type=team", &admin)).await;
    assert_eq!(status, 200);
    let events = events.as_array().unwrap();
    assert_eq!(events[0]["action"], "team.updated");
    assert_eq!(events[0]["before"]["team"]["description"], "Build tooling");
    assert_eq!(events[0]["after"]["team"]["description"], "Build and deploy tooling");
    assert_eq!(events[0]["actor"]["name"], "Priya Raman");
    assert!(events[0]["request_id"].is_string());
    assert_eq!(events[1]["action"], "team.created");
    // keyset pagination
    let older = events[0]["id"].as_i64().unwrap();
    let (_, page) = call(&svc, get(&format!("/api/v1/audit-events?object_type=team&before_id={older}"), &admin)).await;
    assert_eq!(page[0]["action"], "team.created");

    // Refused to the app role by its privileges, and to the owner by the trigger
    // (crates/db/tests/audit_role.rs tries every other way).
    for url in [&f.db.url, &f.db.owner_url] {
        with_sync_conn(url, |conn| {
            for sql in ["UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events", "TRUNCATE audit_events"] {
                let err = diesel::sql_query(sql).execute(conn).expect_err(sql).to_string();
                assert!(err.contains("append-only") || err.contains("permission denied"), "{sql}: {err}");
            }
        });
    }
}

#[actix_web::test]
async fn directory_search_filters_and_pages() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (member, _) = login(&svc, &demo("engineer")).await;
    let (_, page1) = call(&svc, get("/api/v1/people?per_page=10", &member)).await;
    assert_eq!(page1["items"].as_array().unwrap().len(), 10);
    assert_eq!(page1["total"], 40, "41 people, the deactivated one not listed");
    assert_eq!(page1["total_exact"], true);
    let (_, page5) = call(&svc, get("/api/v1/people?per_page=10&page=5", &member)).await;
    assert_eq!(page5["items"].as_array().unwrap().len(), 0);
    let (_, found) = call(&svc, get("/api/v1/people?q=network", &member)).await;
    assert_eq!(found["total"], 2);
    let (_, managers) = call(&svc, get("/api/v1/people?role=manager", &member)).await;
    assert!(
        managers["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["roles"].as_array().unwrap().contains(&json!("manager")))
    );
    let (_, gone) = call(&svc, get("/api/v1/people?status=deactivated", &member)).await;
    assert_eq!(gone["total"], 0, "members do not see deactivated people");
    let (hr, _) = login(&svc, &demo("hr")).await;
    let (_, gone) = call(&svc, get("/api/v1/people?status=deactivated", &hr)).await;
    assert_eq!(gone["items"][0]["name"], "Peter Grant");
    let (status, body) = call(&svc, get("/api/v1/people?per_page=abc", &member)).await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = call(&svc, get("/api/v1/people/not-a-uuid", &member)).await;
    assert_eq!(status, 404);
}

#[actix_web::test]
async fn a_large_directory_is_counted_only_a_thousand_past_the_page() {
    let f = fixture().await;
    with_sync_conn(&f.db.url, |conn| {
        diesel::sql_query(
            "INSERT INTO people (organization_id, email, name, job_title, roles, status) \
             SELECT o.organization_id, 'extra' || i || '@example.org', 'Extra Person ' || i, 'Engineer', \
                    ARRAY['member'], 'active' \
               FROM (SELECT organization_id FROM people WHERE email = 'lead@demo.hatrack.test') o, \
                    generate_series(1, 1100) i",
        )
        .execute(conn)
        .unwrap();
    });
    let svc = app(&f).await;
    let (member, _) = login(&svc, &demo("engineer")).await;
    let (_, first) = call(&svc, get("/api/v1/people", &member)).await;
    assert_eq!(first["items"].as_array().unwrap().len(), 20);
    assert_eq!((first["total"].clone(), first["total_exact"].clone()), (json!(1000), json!(false)), "{first}");
    // further on, the count reaches the end: 40 + 1,100 listed
    let (_, later) = call(&svc, get("/api/v1/people?page=51", &member)).await;
    assert_eq!((later["total"].clone(), later["total_exact"].clone()), (json!(1140), json!(true)));
    assert_eq!(later["items"].as_array().unwrap().len(), 20);
    let (_, found) = call(&svc, get("/api/v1/people?q=network", &member)).await;
    assert_eq!((found["total"].clone(), found["total_exact"].clone()), (json!(2), json!(true)));
}

/// A person's detail is reused until something it shows changes (the organization's
/// people generation); each kind of change must show on the next read.
#[actix_web::test]
async fn a_person_read_again_shows_every_change_since() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let (member, _) = login(&svc, &demo("engineer")).await;
    let lead = person_id(&svc, &admin, "Elena Vasquez").await;
    let path = format!("/api/v1/people/{lead}");
    let read = async |token: &str| call(&svc, get(&path, token)).await.1;
    let before = read(&member).await;
    assert_eq!(read(&member).await, before, "a second read is the same");
    let reports = |p: &serde_json::Value| -> Vec<String> {
        p["reports"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_string()).collect()
    };

    // a new report
    let (status, ada) = call(
        &svc,
        send(
            "POST",
            "/api/v1/people",
            &admin,
            json!({"name": "Ada Park", "email": "ada.park@example.org", "manager_id": lead}),
        ),
    )
    .await;
    assert_eq!(status, 201, "{ada}");
    assert!(reports(&read(&member).await).contains(&"Ada Park".to_string()));

    // a report renamed
    let ada_path = format!("/api/v1/people/{}", ada["id"].as_str().unwrap());
    let (status, _) =
        call(&svc, send("PATCH", &ada_path, &admin, json!({"version": ada["version"], "name": "Ada Park-Lee"}))).await;
    assert_eq!(status, 200);
    assert!(reports(&read(&member).await).contains(&"Ada Park-Lee".to_string()));

    // one of their teams renamed
    let team = before["teams"][0].clone();
    let team_path = format!("/api/v1/teams/{}", team["id"].as_str().unwrap());
    let (_, t) = call(&svc, get(&team_path, &admin)).await;
    let (status, body) =
        call(&svc, send("PATCH", &team_path, &admin, json!({"version": t["version"], "name": "Platform"}))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(read(&member).await["teams"][0]["name"], "Platform");

    // a change made outside the application (the triggers see every writer)
    with_sync_conn(&f.db.url, move |conn| {
        diesel::sql_query(format!("UPDATE people SET job_title = 'Head of Platform' WHERE id = '{lead}'"))
            .execute(conn)
            .unwrap();
    });
    assert_eq!(read(&member).await["job_title"], "Head of Platform");

    // deactivated: members no longer see them, HR still does
    let now = read(&admin).await;
    let (status, _) =
        call(&svc, send("PATCH", &path, &admin, json!({"version": now["version"], "status": "deactivated"}))).await;
    assert_eq!(status, 200);
    assert_eq!(call(&svc, get(&path, &member)).await.0, 404);
    let (hr, _) = login(&svc, &demo("hr")).await;
    assert_eq!(read(&hr).await["status"], "deactivated");
}

/// Directory pages and the team list are reused until the people generation moves too.
#[actix_web::test]
async fn the_directory_and_the_team_list_show_changes_at_once() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let (member, _) = login(&svc, &demo("engineer")).await;
    let names = async |path: &str| -> Vec<String> {
        let (status, body) = call(&svc, get(path, &member)).await;
        assert_eq!(status, 200, "{body}");
        let items = body.get("items").unwrap_or(&body).as_array().unwrap().clone();
        items.iter().map(|p| p["name"].as_str().unwrap().to_string()).collect()
    };
    assert!(names("/api/v1/people?q=park").await.is_empty());
    let (_, ada) = call(
        &svc,
        send("POST", "/api/v1/people", &admin, json!({"name": "Ada Park", "email": "ada.park@example.org"})),
    )
    .await;
    assert_eq!(names("/api/v1/people?q=park").await, ["Ada Park"]);
    let ada_path = format!("/api/v1/people/{}", ada["id"].as_str().unwrap());
    let (status, _) =
        call(&svc, send("PATCH", &ada_path, &admin, json!({"version": ada["version"], "status": "deactivated"}))).await;
    assert_eq!(status, 200);
    assert!(names("/api/v1/people?q=park").await.is_empty(), "deactivated people leave the directory");

    let teams = names("/api/v1/teams").await;
    let (status, body) = call(&svc, send("POST", "/api/v1/teams", &admin, json!({"name": "Networks"}))).await;
    assert_eq!(status, 201, "{body}");
    let now = names("/api/v1/teams").await;
    assert_eq!(now.len(), teams.len() + 1);
    assert!(now.contains(&"Networks".to_string()));
}

#[actix_web::test]
async fn the_directory_exports_as_csv() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let (status, _) = call(
        &svc,
        send("POST", "/api/v1/people", &admin, json!({"name": "=cmd|' /C calc'!A0", "email": "formula@example.org"})),
    )
    .await;
    assert_eq!(status, 201);
    let res = actix_web::test::call_service(&svc, get("/api/v1/people/export.csv", &admin).to_request()).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("content-type").unwrap().to_str().unwrap().starts_with("text/csv"));
    let text = String::from_utf8(actix_web::test::read_body(res).await.to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "name,email,job_title,manager_email,teams,roles,status");
    assert_eq!(lines.len(), 1 + 42, "admins get everyone, the deactivated included");
    assert!(text.contains(
        "Tom Becker,engineer@demo.hatrack.test,Systems Engineer,lead@demo.hatrack.test,Infrastructure,member,active"
    ));
    assert!(text.contains("'=cmd"), "formula cells are defused");
    let (member, _) = login(&svc, &demo("engineer")).await;
    let res = actix_web::test::call_service(&svc, get("/api/v1/people/export.csv", &member).to_request()).await;
    let text = String::from_utf8(actix_web::test::read_body(res).await.to_vec()).unwrap();
    assert!(!text.contains("Peter Grant"), "members do not get deactivated people");
}
