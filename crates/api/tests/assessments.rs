//! Role profiles, cycles and assessments through the API: the demo's data, the write
//! rules (who may write what, evidence, ranges, versions, frozen submissions,
//! amendments), nothing written on bad input, and the profile and matrix built on them.

mod common;

use common::*;
use diesel::RunQueryDsl;
use serde_json::{Value, json};

fn count(url: &str, sql: &'static str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    with_sync_conn(url, move |c| diesel::sql_query(sql).get_result::<N>(c).unwrap().n)
}

async fn open_cycle<S, B>(svc: &S, token: &str) -> Value
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let (status, cycles) = call(svc, get("/api/v1/cycles", token)).await;
    assert_eq!(status, 200, "{cycles}");
    cycles.as_array().unwrap().iter().find(|c| c["status"] == "open").expect("an open cycle").clone()
}

const GOOD: &str = "Ran the storage outage call and wrote the review within the week.";

#[actix_web::test]
async fn demo_has_role_profiles_and_a_finished_and_an_open_cycle() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (member, _) = login(&svc, &demo("engineer")).await;
    let (status, profiles) = call(&svc, get("/api/v1/role-profiles", &member)).await;
    assert_eq!(status, 200);
    let names: Vec<&str> = profiles.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Engineer I", "Engineer II", "IT Lead"]);
    let lead = profiles.as_array().unwrap().iter().find(|p| p["name"] == "IT Lead").unwrap();
    let (_, detail) =
        call(&svc, get(&format!("/api/v1/role-profiles/{}", lead["id"].as_str().unwrap()), &member)).await;
    assert_eq!(detail["expectations"].as_array().unwrap().len(), 27);
    assert_eq!(detail["people"].as_array().unwrap().len(), 0, "only HR sees who holds a profile");

    let (_, cycles) = call(&svc, get("/api/v1/cycles", &member)).await;
    let cycles = cycles.as_array().unwrap();
    assert_eq!(cycles.len(), 2);
    let spring = cycles.iter().find(|c| c["name"] == "Spring 2026").unwrap();
    assert_eq!(spring["status"], "closed");
    assert!(spring["self_submitted"].as_i64().unwrap() >= 30, "{spring}");
    let autumn = cycles.iter().find(|c| c["name"] == "Autumn 2026").unwrap();
    assert_eq!(autumn["status"], "open");
    assert!(autumn["self_submitted"].as_i64().unwrap() < spring["self_submitted"].as_i64().unwrap());

    let (hr, _) = login(&svc, &demo("hr")).await;
    let (status, report) =
        call(&svc, get(&format!("/api/v1/cycles/{}/report", spring["id"].as_str().unwrap()), &hr)).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["distribution"].as_array().unwrap().len(), 27);
    assert!(report["distribution"][0]["rated"].as_i64().unwrap() > 20, "{}", report["distribution"][0]);
    let (status, _) =
        call(&svc, get(&format!("/api/v1/cycles/{}/report", spring["id"].as_str().unwrap()), &member)).await;
    assert_eq!(status, 403);
}

#[actix_web::test]
async fn member_self_assesses_manager_assesses_and_the_profile_shows_both() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (tom, _) = login(&svc, &demo("engineer")).await;
    let (elena, _) = login(&svc, &demo("lead")).await;
    let cycle = open_cycle(&svc, &tom).await;
    let cycle_id = cycle["id"].as_str().unwrap();
    let tom_id = person_id(&svc, &tom, "Tom Becker").await;

    // Start, then starting again returns the same draft.
    let new = json!({"cycle_id": cycle_id, "person_id": tom_id, "kind": "self"});
    let (status, draft) = call(&svc, send("POST", "/api/v1/assessments", &tom, new.clone())).await;
    assert_eq!(status, 201, "{draft}");
    let (status, again) = call(&svc, send("POST", "/api/v1/assessments", &tom, new)).await;
    assert_eq!(status, 200);
    assert_eq!(again["id"], draft["id"]);
    let id = draft["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/assessments/{id}");

    // Autosave one rating with unfinished evidence; a draft is private to its author.
    let save =
        json!({"version": 1, "ratings": [{"competency": "incident-response-recovery", "level": 4, "evidence": "Ran"}]});
    let (status, saved) = call(&svc, send("PUT", &path, &tom, save)).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["ratings"][0]["level"], 4);
    assert_eq!(saved["competency_count"], 27);
    let (status, _) = call(&svc, get(&path, &elena)).await;
    assert_eq!(status, 404, "a manager does not see a report's draft");

    // Submitting with thin evidence names the rating; nothing changes.
    let (status, body) = call(&svc, send("POST", &format!("{path}/submit"), &tom, json!({"version": 2}))).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["ratings.incident-response-recovery.evidence"].is_string(), "{body}");
    let save = json!({"version": 2, "ratings": [
        {"competency": "incident-response-recovery", "level": 4, "evidence": GOOD},
        {"competency": "coaching-feedback", "level": 3, "evidence": GOOD, "evidence_links": ["https://wiki.example.org/reviews/12"]}]});
    let (status, saved) = call(&svc, send("PUT", &path, &tom, save)).await;
    assert_eq!(status, 200, "{saved}");
    let (status, submitted) = call(&svc, send("POST", &format!("{path}/submit"), &tom, json!({"version": 3}))).await;
    assert_eq!(status, 200, "{submitted}");
    assert_eq!(submitted["status"], "submitted");

    // Nobody edits a submitted assessment, through the API or the database.
    let late = json!({"version": 4, "ratings": [{"competency": "coaching-feedback", "level": 1, "evidence": GOOD}]});
    let (status, body) = call(&svc, send("PUT", &path, &tom, late)).await;
    assert_eq!(status, 409, "{body}");
    let url = f.db.url.clone();
    let refused = with_sync_conn(&url, move |c| {
        diesel::sql_query(format!("UPDATE ratings SET level = 1 WHERE assessment_id = '{id}'")).execute(c).is_err()
    });
    assert!(refused, "the database refuses a change to a submitted rating");

    // The manager assesses with evidence; the member cannot write one about themselves.
    let (status, _) = call(
        &svc,
        send(
            "POST",
            "/api/v1/assessments",
            &tom,
            json!({"cycle_id": cycle_id, "person_id": tom_id, "kind": "manager"}),
        ),
    )
    .await;
    assert_eq!(status, 403);
    let (status, m) = call(
        &svc,
        send(
            "POST",
            "/api/v1/assessments",
            &elena,
            json!({"cycle_id": cycle_id, "person_id": tom_id, "kind": "manager"}),
        ),
    )
    .await;
    assert_eq!(status, 201, "{m}");
    let mpath = format!("/api/v1/assessments/{}", m["id"].as_str().unwrap());
    let save =
        json!({"version": 1, "ratings": [{"competency": "incident-response-recovery", "level": 2, "evidence": GOOD}]});
    assert_eq!(call(&svc, send("PUT", &mpath, &elena, save)).await.0, 200);
    assert_eq!(call(&svc, send("POST", &format!("{mpath}/submit"), &elena, json!({"version": 2}))).await.0, 200);

    // Tom sees both, the gap and the disagreement.
    let (status, profile) = call(&svc, get(&format!("/api/v1/people/{tom_id}/competencies"), &tom)).await;
    assert_eq!(status, 200, "{profile}");
    assert_eq!(profile["role_profile"]["name"], "Engineer II");
    let row = profile["rows"].as_array().unwrap().iter().find(|r| r["slug"] == "incident-response-recovery").unwrap();
    assert_eq!(row["manager"], 2);
    assert_eq!(row["self"], 4);
    assert_eq!(row["expected"], 3);
    assert_eq!(profile["rows"][0]["slug"], "incident-response-recovery", "largest gap first: {}", profile["rows"][0]);
    assert!(profile["history"].as_array().unwrap().len() >= 4, "spring and autumn, self and manager");
    let res = actix_web::test::call_service(
        &svc,
        get(&format!("/api/v1/people/{tom_id}/competencies/radar.svg"), &tom).to_request(),
    )
    .await;
    assert_eq!(res.status(), 200);
    let svg = String::from_utf8(actix_web::test::read_body(res).await.to_vec()).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Incident"), "{svg}");

    // A colleague on the same team sees neither the profile nor the submitted assessment.
    let (aisha, _) = login(&svc, "aisha.khan@demo.hatrack.test").await;
    assert_eq!(call(&svc, get(&format!("/api/v1/people/{tom_id}/competencies"), &aisha)).await.0, 403);
    assert_eq!(call(&svc, get(&path, &aisha)).await.0, 404);
}

#[actix_web::test]
async fn bad_ratings_are_refused_by_field_and_nothing_is_written() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (tom, _) = login(&svc, &demo("engineer")).await;
    let cycle = open_cycle(&svc, &tom).await;
    let tom_id = person_id(&svc, &tom, "Tom Becker").await;
    let (_, draft) = call(
        &svc,
        send(
            "POST",
            "/api/v1/assessments",
            &tom,
            json!({"cycle_id": cycle["id"], "person_id": tom_id, "kind": "self"}),
        ),
    )
    .await;
    let path = format!("/api/v1/assessments/{}", draft["id"].as_str().unwrap());
    let before = count(&f.db.url, "SELECT count(*) AS n FROM ratings");
    let cases = [
        (json!([{"competency": "technical-breadth", "level": 6, "evidence": GOOD}]), "ratings[0].level"),
        (json!([{"competency": "technical-breadth", "level": 0, "evidence": GOOD}]), "ratings[0].level"),
        (
            json!([{"competency": "technical-breadth", "level": 2, "evidence": GOOD},
                {"competency": "juggling", "level": 2, "evidence": GOOD}]),
            "ratings[1].competency",
        ),
        (json!([{"competency": "technical-breadth", "level": 2, "evidence": "x".repeat(4001)}]), "ratings[0].evidence"),
        (
            json!([{"competency": "technical-breadth", "level": 2, "evidence": GOOD, "evidence_links": ["javascript:alert(1)"]}]),
            "ratings[0].evidence_links",
        ),
    ];
    for (ratings, field) in cases {
        let (status, body) = call(&svc, send("PUT", &path, &tom, json!({"version": 1, "ratings": ratings}))).await;
        assert_eq!(status, 422, "{body}");
        assert!(body["fields"][field].is_string(), "{field}: {body}");
    }
    let (status, body) = call(&svc, send("PUT", &path, &tom, json!({"version": 7, "ratings": []}))).await;
    assert_eq!(status, 409, "{body}");
    let (status, body) = call(&svc, send("POST", &format!("{path}/submit"), &tom, json!({"version": 1}))).await;
    assert_eq!(status, 422, "an empty assessment is not submitted: {body}");
    assert!(body["fields"]["ratings"].is_string());
    assert_eq!(count(&f.db.url, "SELECT count(*) AS n FROM ratings"), before);
}

#[actix_web::test]
async fn amendments_need_a_reason_and_replace_the_original() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (elena, _) = login(&svc, &demo("lead")).await;
    // Elena's spring manager assessments are submitted; amend one about Daniel.
    let daniel = person_id(&svc, &elena, "Daniel Osei").await;
    let (_, list) = call(&svc, get(&format!("/api/v1/assessments?person_id={daniel}"), &elena)).await;
    let original = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "manager" && a["cycle_name"] == "Spring 2026")
        .expect("spring manager assessment")
        .clone();
    let path = format!("/api/v1/assessments/{}", original["id"].as_str().unwrap());
    let (status, body) = call(&svc, send("POST", &format!("{path}/amend"), &elena, json!({"reason": "  "}))).await;
    assert_eq!(status, 422);
    assert!(body["fields"]["reason"].is_string());
    let (status, amendment) = call(
        &svc,
        send(
            "POST",
            &format!("{path}/amend"),
            &elena,
            json!({"reason": "Daniel's restore drill in March was missing from my notes."}),
        ),
    )
    .await;
    assert_eq!(status, 201, "{amendment}");
    assert_eq!(amendment["amends_id"], original["id"]);
    assert_eq!(amendment["status"], "draft");
    assert_eq!(amendment["ratings"].as_array().unwrap().len(), 27, "starts from a copy");
    let (status, _) = call(&svc, send("POST", &format!("{path}/amend"), &elena, json!({"reason": "again"}))).await;
    assert_eq!(status, 409, "one amendment per assessment");
    // Someone else cannot amend it.
    let (hr, _) = login(&svc, &demo("hr")).await;
    assert_eq!(call(&svc, send("POST", &format!("{path}/amend"), &hr, json!({"reason": "x"}))).await.0, 403);

    let apath = format!("/api/v1/assessments/{}", amendment["id"].as_str().unwrap());
    let save = json!({"version": 1, "ratings": [{"competency": "technical-breadth", "level": 5, "evidence": GOOD}]});
    assert_eq!(call(&svc, send("PUT", &apath, &elena, save)).await.0, 200);
    // The spring cycle is closed, but an amendment may still be submitted.
    let (status, body) = call(&svc, send("POST", &format!("{apath}/submit"), &elena, json!({"version": 2}))).await;
    assert_eq!(status, 200, "{body}");
    let (_, profile) = call(&svc, get(&format!("/api/v1/people/{daniel}/competencies"), &elena)).await;
    let row = profile["rows"].as_array().unwrap().iter().find(|r| r["slug"] == "technical-breadth").unwrap();
    // Autumn's manager rating (if any) is newer than the spring amendment's; otherwise the amendment counts.
    assert!(
        row["manager"] == 5
            || profile["history"]
                .as_array()
                .unwrap()
                .iter()
                .any(|h| h["kind"] == "manager" && h["cycle_name"] == "Autumn 2026"),
        "{row}"
    );
}

#[actix_web::test]
async fn role_profiles_and_cycles_are_hr_work_and_checked() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let (lead, _) = login(&svc, &demo("lead")).await;
    let (_, frameworks) = call(&svc, get("/api/v1/frameworks", &hr)).await;
    let fw = frameworks[0]["id"].as_str().unwrap().to_string();

    let new = json!({"name": "Site Reliability Engineer", "framework_id": fw,
        "expectations": {"incident-response-recovery": 4, "technical-breadth": 3}});
    assert_eq!(call(&svc, send("POST", "/api/v1/role-profiles", &lead, new.clone())).await.0, 403);
    let before = count(&f.db.url, "SELECT count(*) AS n FROM role_profiles");
    let (status, body) = call(
        &svc,
        send(
            "POST",
            "/api/v1/role-profiles",
            &hr,
            json!({"name": "SRE", "framework_id": fw,
        "expectations": {"incident-response-recovery": 9, "juggling": 2}}),
        ),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["expectations.incident-response-recovery"].is_string());
    assert!(body["fields"]["expectations.juggling"].is_string());
    assert_eq!(count(&f.db.url, "SELECT count(*) AS n FROM role_profiles"), before);
    let (status, created) = call(&svc, send("POST", "/api/v1/role-profiles", &hr, new.clone())).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(call(&svc, send("POST", "/api/v1/role-profiles", &hr, new)).await.0, 409);
    let rid = created["id"].as_str().unwrap();
    let (status, updated) = call(
        &svc,
        send(
            "PUT",
            &format!("/api/v1/role-profiles/{rid}"),
            &hr,
            json!({"version": 1, "name": "SRE", "expectations": {"incident-response-recovery": 5}}),
        ),
    )
    .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["expectation_count"], 1);

    let tom = person_id(&svc, &hr, "Tom Becker").await;
    let (status, _) =
        call(&svc, send("PUT", &format!("/api/v1/people/{tom}/role-profile"), &hr, json!({"role_profile_id": rid})))
            .await;
    assert_eq!(status, 204);
    let (_, detail) = call(&svc, get(&format!("/api/v1/role-profiles/{rid}"), &hr)).await;
    assert_eq!(detail["people"][0]["name"], "Tom Becker");
    assert_eq!(
        call(&svc, send("PUT", &format!("/api/v1/people/{tom}/role-profile"), &lead, json!({"role_profile_id": null})))
            .await
            .0,
        403
    );

    let (status, body) = call(
        &svc,
        send(
            "POST",
            "/api/v1/cycles",
            &hr,
            json!({"name": "Q1 2027", "starts_on": "2027-03-01", "ends_on": "2027-02-01", "framework_id": fw}),
        ),
    )
    .await;
    assert_eq!(status, 422);
    assert!(body["fields"]["ends_on"].is_string());
    let (status, cycle) = call(
        &svc,
        send(
            "POST",
            "/api/v1/cycles",
            &hr,
            json!({"name": "Q1 2027", "starts_on": "2027-01-04", "ends_on": "2027-02-26", "framework_id": fw}),
        ),
    )
    .await;
    assert_eq!(status, 201, "{cycle}");
    let cid = cycle["id"].as_str().unwrap();
    let (status, closed) = call(&svc, send("PUT", &format!("/api/v1/cycles/{cid}"), &hr,
        json!({"version": 1, "name": "Q1 2027", "starts_on": "2027-01-04", "ends_on": "2027-02-26", "status": "closed"}))).await;
    assert_eq!(status, 200, "{closed}");
    // A closed cycle takes no new assessments.
    let (elena, _) = login(&svc, &demo("lead")).await;
    let elena_id = person_id(&svc, &elena, "Elena Vasquez").await;
    let (status, body) = call(
        &svc,
        send("POST", "/api/v1/assessments", &elena, json!({"cycle_id": cid, "person_id": elena_id, "kind": "self"})),
    )
    .await;
    assert_eq!(status, 409, "{body}");
}

#[actix_web::test]
async fn team_matrix_flags_the_bus_factor_and_exports_csv() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (elena, _) = login(&svc, &demo("lead")).await;
    let (_, teams) = call(&svc, get("/api/v1/teams", &elena)).await;
    let items = teams.get("items").unwrap_or(&teams).as_array().unwrap().clone();
    let infra = items.iter().find(|t| t["name"] == "Infrastructure").unwrap()["id"].as_str().unwrap().to_string();
    let desk = items.iter().find(|t| t["name"] == "Service Desk").unwrap()["id"].as_str().unwrap().to_string();
    let (status, m) = call(&svc, get(&format!("/api/v1/teams/{infra}/skills-matrix"), &elena)).await;
    assert_eq!(status, 200, "{m}");
    assert_eq!(m["people"].as_array().unwrap().len(), 8);
    assert_eq!(m["competencies"].as_array().unwrap().len(), 27);
    let core = m["competencies"].as_array().unwrap().iter().find(|c| c["slug"] == "core-systems-stewardship").unwrap();
    assert_eq!(core["coverage"], "bus_factor_one", "{core}");
    assert_eq!(core["holders"], 1);
    // Filter by area; unknown area is named.
    let (status, m) = call(&svc, get(&format!("/api/v1/teams/{infra}/skills-matrix?area=guardian"), &elena)).await;
    assert_eq!(status, 200);
    assert_eq!(m["competencies"].as_array().unwrap().len(), 3);
    let (status, body) = call(&svc, get(&format!("/api/v1/teams/{infra}/skills-matrix?area=nope"), &elena)).await;
    assert_eq!(status, 422);
    assert!(body["fields"]["area"].is_string());
    // CSV.
    let res = actix_web::test::call_service(
        &svc,
        get(&format!("/api/v1/teams/{infra}/skills-matrix?format=csv"), &elena).to_request(),
    )
    .await;
    assert_eq!(res.status(), 200);
    let csv = String::from_utf8(actix_web::test::read_body(res).await.to_vec()).unwrap();
    assert_eq!(csv.lines().count(), 1 + 8 + 2, "{csv}");
    assert!(csv.contains("Bus factor 1"));
    // Another team's lead and a member do not see it.
    assert_eq!(call(&svc, get(&format!("/api/v1/teams/{desk}/skills-matrix"), &elena)).await.0, 403);
    let (tom, _) = login(&svc, &demo("engineer")).await;
    assert_eq!(call(&svc, get(&format!("/api/v1/teams/{infra}/skills-matrix"), &tom)).await.0, 403);

    // A computed matrix is reused, yet every change it shows appears on the next read.
    let url = format!("/api/v1/teams/{infra}/skills-matrix");
    let (_, before) = call(&svc, get(&url, &elena)).await;
    let who = before["people"][0]["id"].as_str().unwrap().to_string();
    let (admin, _) = login(&svc, &demo("admin")).await;
    let (_, person) = call(&svc, get(&format!("/api/v1/people/{who}"), &admin)).await;
    let rename = json!({"version": person["version"], "name": "Aaron Renamed"});
    let (status, body) = call(&svc, send("PATCH", &format!("/api/v1/people/{who}"), &admin, rename)).await;
    assert_eq!(status, 200, "{body}");
    let (_, after) = call(&svc, get(&url, &elena)).await;
    assert_eq!(
        after["people"].as_array().unwrap().iter().filter(|p| p["name"] == "Aaron Renamed").count(),
        1,
        "{after}"
    );
    // New ratings (as a submitted assessment leaves them) lift the bus factor.
    let url_db = f.db.url.clone();
    with_sync_conn(&url_db, |c| {
        diesel::sql_query("UPDATE current_ratings SET manager_level = 5 WHERE slug = 'core-systems-stewardship'")
            .execute(c)
            .unwrap()
    });
    let (_, after) = call(&svc, get(&url, &elena)).await;
    let core =
        after["competencies"].as_array().unwrap().iter().find(|c| c["slug"] == "core-systems-stewardship").unwrap();
    assert!(core["holders"].as_i64().unwrap() > 1, "{core}");
    assert_ne!(core["coverage"], "bus_factor_one", "{core}");
    // Leaving the team takes the person off it.
    with_sync_conn(&url_db, move |c| {
        diesel::sql_query(format!("DELETE FROM team_members WHERE person_id = '{who}'")).execute(c).unwrap()
    });
    let (_, after) = call(&svc, get(&url, &elena)).await;
    assert_eq!(after["people"].as_array().unwrap().len(), 7, "{after}");
}

/// A new version of the framework leaves role profiles on theirs: the profile says which,
/// and a current rating given against an anchor that the new version rewrote says so.
#[actix_web::test]
async fn a_profile_on_an_older_version_says_so_and_ratings_on_rewritten_anchors_are_noted() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let (tom, _) = login(&svc, &demo("engineer")).await;
    let tom_id = person_id(&svc, &tom, "Tom Becker").await;
    let profile_path = format!("/api/v1/people/{tom_id}/competencies");
    let (status, before) = call(&svc, get(&profile_path, &tom)).await;
    assert_eq!(status, 200, "{before}");
    assert_eq!(before["framework"]["number"], 1);
    assert_eq!(before["role_profile_version"], 1, "{before}");
    assert_eq!(before["changed_anchors"], json!([]));
    // One of Tom's current ratings (all given against version 1).
    let (slug, kind, level) = before["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|r| {
            let slug = r["slug"].as_str().unwrap().to_string();
            match (r["manager"].as_i64(), r["self"].as_i64()) {
                (Some(level), _) => Some((slug, "manager", level)),
                (None, Some(level)) => Some((slug, "self", level)),
                _ => None,
            }
        })
        .expect("Tom has current ratings in the demo");

    // Version 2 rewrites the anchor of that level, and only that.
    let base = format!("/api/v1/frameworks/{}", before["framework"]["framework_id"].as_str().unwrap());
    let (status, draft) = call(&svc, send("POST", &format!("{base}/draft"), &hr, json!({}))).await;
    assert_eq!(status, 200, "{draft}");
    let mut doc = draft["document"].clone();
    for area in doc["areas"].as_array_mut().unwrap() {
        for c in area["competencies"].as_array_mut().unwrap().iter_mut().filter(|c| c["slug"] == slug.as_str()) {
            for l in c["levels"].as_array_mut().unwrap().iter_mut().filter(|l| l["level"] == level) {
                l["summary"] = json!("Rewritten in version 2: runs the recovery and writes the review.");
            }
        }
    }
    let (status, saved) =
        call(&svc, send("PUT", &format!("{base}/draft"), &hr, json!({"version": draft["version"], "document": doc})))
            .await;
    assert_eq!(status, 200, "{saved}");
    let publish = json!({"version": saved["version"], "change_note": "One anchor rewritten"});
    let (status, published) = call(&svc, send("POST", &format!("{base}/publish"), &hr, publish)).await;
    assert_eq!(status, 200, "{published}");

    let (_, after) = call(&svc, get(&profile_path, &tom)).await;
    assert_eq!(after["framework"]["number"], 2);
    assert_eq!(after["role_profile_version"], 1, "the profile stays on version 1 until HR moves it");
    let notes = after["changed_anchors"].as_array().unwrap();
    let noted = |n: &Value| n["slug"] == slug.as_str() && n["kind"] == kind && n["level"] == level;
    assert!(notes.iter().any(|n| noted(n) && n["framework_version"] == 1), "{after}");
    assert!(notes.iter().all(|n| n["slug"] == slug.as_str() && n["level"] == level), "only that anchor: {notes:?}");
    assert!(after["history"].as_array().unwrap().iter().all(|h| h["framework_version"] == 1), "{after}");
}
