//! CSV import of people and teams: the dry run reports every row, the import is all or
//! nothing, re-importing the export changes nothing, and the audit log records it.

mod common;

use common::*;
use diesel::RunQueryDsl;
use serde_json::json;

fn count(f: &Fixture, sql: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let sql = sql.to_string();
    with_sync_conn(&f.db.url, move |conn| diesel::sql_query(sql).get_result::<N>(conn).unwrap().n)
}

const GOOD: &str = "name,email,job_title,manager_email,teams,roles\n\
Nadia Osei,nadia.osei@example.org,Cloud Engineer,lead@demo.hatrack.test,Infrastructure;Cloud Platform,member\n\
Ravi Shah,ravi.shah@example.org,Junior Cloud Engineer,nadia.osei@example.org,Cloud Platform,\n\
Tom Becker,engineer@demo.hatrack.test,Senior Systems Engineer,,,\n";

#[actix_web::test]
async fn dry_run_reports_and_writes_nothing_then_the_import_writes_everything() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let people = count(&f, "SELECT count(*) AS n FROM people");
    let audit = count(&f, "SELECT count(*) AS n FROM audit_events");

    let (status, report) = call(&svc, send("POST", "/api/v1/people/import", &admin, json!({"csv": GOOD}))).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["dry_run"], true, "dry run is the default");
    assert_eq!(report["applied"], false);
    assert_eq!((report["created"].as_i64(), report["updated"].as_i64()), (Some(2), Some(1)), "{report}");
    assert_eq!(report["new_teams"], json!(["Cloud Platform"]));
    // Tom's row leaves manager and teams empty: he loses both; roles empty means member.
    let tom = &report["rows"][2];
    assert_eq!(tom["action"], "update");
    assert_eq!(tom["changes"], json!(["job_title", "manager_email", "teams"]));
    assert_eq!(count(&f, "SELECT count(*) AS n FROM people"), people, "a dry run writes nothing");
    assert_eq!(count(&f, "SELECT count(*) AS n FROM audit_events"), audit);

    let (status, report) =
        call(&svc, send("POST", "/api/v1/people/import", &admin, json!({"csv": GOOD, "dry_run": false}))).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["applied"], true);
    assert_eq!(count(&f, "SELECT count(*) AS n FROM people"), people + 2);
    let (_, found) = call(&svc, get("/api/v1/people?q=ravi.shah", &admin)).await;
    let ravi = found["items"][0]["id"].as_str().unwrap().to_string();
    let (_, detail) = call(&svc, get(&format!("/api/v1/people/{ravi}"), &admin)).await;
    assert_eq!(detail["status"], "invited");
    assert_eq!(detail["manager"]["name"], "Nadia Osei", "a manager from the same file: {detail}");
    assert_eq!(detail["teams"][0]["name"], "Cloud Platform");
    assert_eq!(
        count(
            &f,
            "SELECT count(*) AS n FROM audit_events WHERE action IN ('person.created', 'person.updated', 'team.created', 'people.imported')"
        ),
        2 + 1 + 1 + 1
    );

    // The same file again changes nothing.
    let (_, again) = call(&svc, send("POST", "/api/v1/people/import", &admin, json!({"csv": GOOD}))).await;
    assert_eq!(again["unchanged"], 3, "{again}");
}

#[actix_web::test]
async fn the_export_imports_back_unchanged() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let req = get("/api/v1/people/export.csv", &admin).to_request();
    let res = actix_web::test::call_service(&svc, req).await;
    let csv = String::from_utf8(actix_web::test::read_body(res).await.to_vec()).unwrap();
    let (status, report) = call(&svc, send("POST", "/api/v1/people/import", &admin, json!({"csv": csv}))).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["rows_with_problems"], 0, "{report}");
    assert_eq!(report["unchanged"], 41, "{report}");
}

#[actix_web::test]
async fn a_file_with_problems_names_each_row_and_writes_nothing() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let people = count(&f, "SELECT count(*) AS n FROM people");
    let teams = count(&f, "SELECT count(*) AS n FROM teams");
    let csv = "name,email,manager_email,teams,roles\n\
        Good Row,good.row@example.org,,New Team,\n\
        Bad Email,not-an-email,,,\n\
        Good Row Again,GOOD.ROW@example.org,,,\n\
        Loop,lead@demo.hatrack.test,engineer@demo.hatrack.test,,\n\
        Nobody Manages,nm@example.org,ghost@example.org,,chief\n";
    let (status, report) = call(&svc, send("POST", "/api/v1/people/import", &admin, json!({"csv": csv}))).await;
    assert_eq!(status, 200);
    assert_eq!(report["rows_with_problems"], 4, "{report}");
    let problems =
        |line: i64| report["rows"].as_array().unwrap().iter().find(|r| r["line"] == line).unwrap()["problems"].clone();
    assert!(problems(3)["email"].is_string());
    assert!(problems(4)["email"].as_str().unwrap().contains("Line 2"));
    assert!(problems(5)["manager_email"].as_str().unwrap().contains("loop"));
    assert!(problems(6)["manager_email"].as_str().unwrap().contains("ghost@example.org"));
    assert!(problems(6)["roles"].as_str().unwrap().contains("chief"));

    let (status, body) =
        call(&svc, send("POST", "/api/v1/people/import", &admin, json!({"csv": csv, "dry_run": false}))).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["line 3: email"].is_string(), "{body}");
    assert!(body["message"].as_str().unwrap().contains("nothing was imported"));
    assert_eq!(count(&f, "SELECT count(*) AS n FROM people"), people);
    assert_eq!(count(&f, "SELECT count(*) AS n FROM teams"), teams, "the good row's new team is not created either");
}

#[actix_web::test]
async fn unreadable_files_and_oversized_bodies_are_refused() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    for (csv, says) in [
        ("", "empty"),
        ("name,email,salary\nA,a@example.org,1\n", "salary"),
        ("full name,mail\n", "Unknown column"),
        ("name,email\n", "no people"),
        ("name,email\nA\u{FFFD},a@example.org\n", "UTF-8"),
    ] {
        let (status, body) = call(&svc, send("POST", "/api/v1/people/import", &admin, json!({"csv": csv}))).await;
        assert_eq!(status, 422, "{csv:?}: {body}");
        assert!(body["fields"]["csv"].as_str().unwrap().contains(says), "{csv:?}: {body}");
    }
    let huge = format!("name,email\n{}", "A,a@example.org\n".repeat(300_000));
    let (status, body) = call(&svc, send("POST", "/api/v1/people/import", &admin, json!({"csv": huge}))).await;
    assert_eq!(status, 413, "{body}");
    let (lead, _) = login(&svc, &demo("lead")).await;
    let (status, _) = call(&svc, send("POST", "/api/v1/people/import", &lead, json!({"csv": GOOD}))).await;
    assert_eq!(status, 403);
}

/// The `status` column is applied (never ignored), a team name one slip away from an
/// existing team asks "did you mean", line breaks inside quoted cells arrive as `\n`, and
/// a refusal lists its lines in reading order (line 7 before line 10).
#[actix_web::test]
async fn status_is_applied_typos_are_asked_about_and_problems_read_in_order() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let status_of = |email: &str| {
        count(
            &f,
            &format!(
                "SELECT (CASE status WHEN 'deactivated' THEN 0 WHEN 'invited' THEN 1 ELSE 2 END)::bigint AS n FROM people WHERE email = '{email}'"
            ),
        )
    };
    // Tom leaves, Ada arrives: the file says so, with Windows line ends
    let text = "name,email,job_title,teams,status\r\nTom Becker,engineer@demo.hatrack.test,,,deactivated\r\n\
                Ada Park,ada.park@example.org,\"Network\r\nEngineer\",Infrastructure,active\r\n";
    let (status, report) = call(&svc, send("POST", "/api/v1/people/import", &admin, json!({"csv": text}))).await;
    assert_eq!(status, 200, "{report}");
    assert!(report["rows"][0]["changes"].as_array().unwrap().contains(&json!("status")), "{report}");
    let (status, report) =
        call(&svc, send("POST", "/api/v1/people/import", &admin, json!({"csv": text, "dry_run": false}))).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(status_of("engineer@demo.hatrack.test"), 0, "deactivated by the file");
    assert_eq!(status_of("ada.park@example.org"), 1, "new people are invited until they accept");
    let title = count(&f, "SELECT count(*) AS n FROM people WHERE job_title = E'Network\\nEngineer'");
    assert_eq!(title, 1, "the line break inside the cell is \\n");
    // and back: Tom may sign in again
    let back = "name,email,status\nTom Becker,engineer@demo.hatrack.test,active\n";
    let (status, _) =
        call(&svc, send("POST", "/api/v1/people/import", &admin, json!({"csv": back, "dry_run": false}))).await;
    assert_eq!(status, 200);
    assert_eq!(status_of("engineer@demo.hatrack.test"), 2);

    // a slip in a team's name is asked about before a team is made
    let typo = "name,email,teams\nBo Lind,bo.lind@example.org,Infrastucture\n";
    let (status, report) = call(&svc, send("POST", "/api/v1/people/import", &admin, json!({"csv": typo}))).await;
    assert_eq!(status, 200);
    assert!(
        report["rows"][0]["problems"]["teams"].as_str().unwrap().contains("did you mean \"Infrastructure\""),
        "{report}"
    );
    assert_eq!(report["new_teams"], json!([]));

    // problems on lines 3 and 10: the refusal lists line 3 first, as written
    let mut bad = String::from("name,email\nOk One,ok1@example.org\n,missing-name@example.org\n");
    for i in 2..=7 {
        bad.push_str(&format!("Ok {i},ok{i}@example.org\n"));
    }
    bad.push_str("No Email,\n");
    let resp = actix_web::test::call_service(
        &svc,
        send("POST", "/api/v1/people/import", &admin, json!({"csv": bad, "dry_run": false})).to_request(),
    )
    .await;
    assert_eq!(resp.status(), 422);
    let body = String::from_utf8(actix_web::test::read_body(resp).await.to_vec()).unwrap();
    let (three, ten) = (body.find("line 3: name").unwrap(), body.find("line 10: email").unwrap());
    assert!(three < ten, "{body}");
}
