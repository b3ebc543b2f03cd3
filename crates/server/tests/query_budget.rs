//! SQL statements per page: the directory renders with at most 3, a person's page with at
//! most 3, a person's competencies, a team's skills matrix, the ownership matrix, its gaps
//! and the key-person report (pages and API) within their budgets too, and none grows with the organization or the team (checked with 40 people
//! and with 1,040, the extra 1,000 all in the Infrastructure team). One test in its own
//! binary, so no other test's queries are counted.

mod in_app;

use actix_web::test;
use in_app::{DEMO_PASSWORD, get as page, sign_in};
use server::http::{AppState, app};
use service::auth::jwt::KeyRing;
use service::{DatabaseMode, Services};

#[actix_web::test]
async fn pages_stay_within_their_query_budget() {
    let test_db = db::testing::TestDb::new();
    let services = Services::new(test_db.pool(), DatabaseMode::External, KeyRing::ephemeral());
    service::identity::demo::load(&services).await.unwrap();
    make_lead_hr(&test_db.url);
    let svc = test::init_service(app(AppState::new(services.clone(), std::path::Path::new("target/site")))).await;

    // the lead is also given HR here, so the key-person report counts too
    let cookie = sign_in(&svc, "lead@demo.hatrack.test", DEMO_PASSWORD).await;
    let (_, me) = page(&svc, "/api/v1/me", &cookie).await;
    let me: serde_json::Value = serde_json::from_str(&me).unwrap();
    let person = format!("/people/{}", me["person"]["id"].as_str().unwrap());
    let person_api = format!("/api/v1/people/{}", me["person"]["id"].as_str().unwrap());
    let (_, teams) = page(&svc, "/api/v1/teams", &cookie).await;
    let teams: serde_json::Value = serde_json::from_str(&teams).unwrap();
    let infra = teams.as_array().unwrap().iter().find(|t| t["name"] == "Infrastructure").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, people) = page(&svc, "/api/v1/people?q=Tom%20Becker", &cookie).await;
    let people: serde_json::Value = serde_json::from_str(&people).unwrap();
    let tom = people["items"][0]["id"].as_str().unwrap().to_string();
    let matrix_page = format!("/teams/{infra}/skills");
    let matrix_api = format!("/api/v1/teams/{infra}/skills-matrix");
    let profile_page = format!("/people/{tom}/competencies");
    let profile_api = format!("/api/v1/people/{tom}/competencies");

    let mut counts = Vec::new();
    // A first, uncounted pass opens the pool's connections: pages whose resources load at
    // the same time each take one, and opening a connection runs statements of its own.
    for size in ["warm-up", "demo", "demo + 1,000"] {
        if size == "demo + 1,000" {
            grow(&test_db.url, 1000);
        }
        // reports and skills matrices are reused until a generation moves: count them computed
        sql(&test_db.url, "UPDATE organizations SET ownership_generation = ownership_generation + 1");
        sql(&test_db.url, "UPDATE organizations SET skills_generation = skills_generation + 1");
        sql(&test_db.url, "UPDATE organizations SET people_generation = people_generation + 1");
        let pages = [
            // The frame's signed-in person comes with the sign-in check: no statement.
            // The budgets are 5 for the directory and 6 for a person's page.
            ("/people", 3),
            // the person, their teams and reports, and what they own (the ownership
            // generation, then their letters)
            (person.as_str(), 4),
            // the sign-in check, then the person
            (person_api.as_str(), 2),
            ("/people?q=engineer", 3),
            ("/people?page=2", 3),
            (matrix_page.as_str(), 4),
            (matrix_api.as_str(), 4),
            (profile_page.as_str(), 5),
            (profile_api.as_str(), 4),
            // the matrix, plus who can be given a letter (the lead edits rows)
            ("/ownership", 8),
            ("/api/v1/ownership", 7),
            ("/ownership/gaps", 5),
            ("/api/v1/ownership/gaps", 5),
            ("/ownership/risk", 6),
            ("/api/v1/ownership/key-person-risk", 6),
        ];
        for (path, budget) in pages {
            let before = db::queries::total();
            let (status, html) = page(&svc, path, &cookie).await;
            let used = db::queries::total() - before;
            assert_eq!(status, 200, "{path}");
            assert!(
                html.contains("<table")
                    || html.contains("Profile")
                    || html.contains("\"competencies\"")
                    || html.contains("\"reports\"")
                    || html.contains("\"rows\"")
                    || html.contains("\"broken\"")
                    || html.contains("Rows breaking the rules")
                    || html.contains("\"single_points\"")
                    || html.contains("tier 1–2 rows alone"),
                "{path} rendered: {html}"
            );
            if size == "warm-up" {
                continue;
            }
            assert!(used <= budget, "{path} ({size}) used {used} statements; the budget is {budget}");
            counts.push((path.to_string(), used));
        }
    }
    eprintln!("statements per page: {counts:?}");
    // Same number of statements whatever the size.
    let half = counts.len() / 2;
    assert_eq!(counts[..half], counts[half..], "{counts:?}");

    // Read again with nothing changed, a person's detail, directory pages and the team list
    // are reused: the API and the directory need only the sign-in check (which reads the
    // people generation); the person page needs the ownership generation besides (what
    // they own is reused too).
    for (path, budget) in [(person_api.as_str(), 1), (person.as_str(), 2), ("/people", 1), ("/people?page=2", 1)] {
        let before = db::queries::total();
        let (status, _) = page(&svc, path, &cookie).await;
        let used = db::queries::total() - before;
        assert_eq!(status, 200, "{path}");
        assert_eq!(used, budget, "{path} read again used {used} statements");
    }

    // Saving one RACI row (as the admin): the checks, the lock, the holders, the row
    // before, the write, the row after and the audit event, each read once.
    let admin = sign_in(&svc, "admin@demo.hatrack.test", DEMO_PASSWORD).await;
    let (_, matrix) = page(&svc, "/api/v1/ownership", &admin).await;
    let matrix: serde_json::Value = serde_json::from_str(&matrix).unwrap();
    // a row in use that keeps the rules (saved as it is, it must go through); which row
    // comes first depends on the demo's generated ids, and some break a rule on purpose
    let row = matrix["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| !r["assignments"].as_array().unwrap().is_empty() && r["breaks"].as_array().unwrap().is_empty())
        .unwrap();
    let body = serde_json::json!({
        "component_id": row["component_id"],
        "activity_id": row["activity_id"],
        "assignments": row["assignments"],
        "version": row["version"],
    });
    let before = db::queries::total();
    let req = test::TestRequest::put()
        .uri("/api/v1/ownership")
        .insert_header(("host", in_app::HOST))
        .insert_header(("origin", format!("http://{}", in_app::HOST)))
        .insert_header(("cookie", admin.clone()))
        .set_json(body);
    let res = test::call_service(&svc, req.to_request()).await;
    let used = db::queries::total() - before;
    assert_eq!(res.status(), 200);
    let saved: serde_json::Value = serde_json::from_slice(&test::read_body(res).await).unwrap();
    eprintln!("statements for one RACI row save: {used}");
    // What the save answers (built from what it wrote, not read again) is the row as it is.
    let (_, matrix) = page(&svc, "/api/v1/ownership", &admin).await;
    let matrix: serde_json::Value = serde_json::from_str(&matrix).unwrap();
    let stored = matrix["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["component_id"] == row["component_id"] && r["activity_id"] == row["activity_id"])
        .unwrap();
    assert_eq!(&saved, stored);
    assert_eq!(saved["version"], row["version"].as_i64().unwrap() + 1);
    assert!(
        used <= RACI_ROW_SAVE_BUDGET,
        "saving a RACI row used {used} statements; the budget is {RACI_ROW_SAVE_BUDGET}"
    );
}

/// Statements one RACI row save may run, sign-in check, BEGIN and COMMIT included.
const RACI_ROW_SAVE_BUDGET: u64 = 13;

/// Gives the demo lead the HR role too, so one sign-in reaches every page counted.
fn make_lead_hr(url: &str) {
    sql(url, "UPDATE people SET roles = roles || '{hr}' WHERE email = 'lead@demo.hatrack.test'");
}

/// Runs one statement on its own connection (outside the counted pool).
fn sql(url: &str, statement: &'static str) {
    use diesel::RunQueryDsl;
    let url = url.to_string();
    std::thread::spawn(move || {
        let mut conn = db::migrate::connect_sync(&url).unwrap();
        diesel::sql_query(statement).execute(&mut conn).unwrap();
    })
    .join()
    .unwrap();
}

/// Adds `n` people reporting to the demo lead, in the demo's Infrastructure team.
fn grow(url: &str, n: usize) {
    use diesel::RunQueryDsl;
    let url = url.to_string();
    std::thread::spawn(move || {
        let mut conn = db::migrate::connect_sync(&url).unwrap();
        diesel::sql_query(format!(
            "INSERT INTO people (organization_id, email, name, job_title, roles, manager_id, status) \
             SELECT l.organization_id, 'extra' || i || '@example.org', 'Extra Person ' || i, 'Engineer', \
                    ARRAY['member'], l.id, 'active' \
               FROM people l, generate_series(1, {n}) i WHERE l.email = 'lead@demo.hatrack.test'"
        ))
        .execute(&mut conn)
        .unwrap();
        diesel::sql_query(
            "INSERT INTO team_members (organization_id, team_id, person_id) \
             SELECT p.organization_id, t.id, p.id FROM people p JOIN teams t ON t.organization_id = p.organization_id \
              WHERE t.name = 'Infrastructure' AND p.email LIKE 'extra%@example.org'",
        )
        .execute(&mut conn)
        .unwrap();
    })
    .join()
    .unwrap();
}
