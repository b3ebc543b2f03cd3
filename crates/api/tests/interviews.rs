//! Structured interviews through the API: the demo's plan, library and loops; a plan
//! built from the library and published; a loop with three interviewers; independent
//! scoring (no early reads, each refusal audited); blind grading; the debrief with its
//! disagreement flag and alpha; an immutable decision record; and bad input refused
//! with nothing written.

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

/// The demo loop of Adaeze Nwosu (Elena hires, and sits on its panel stage): its id and
/// that panel stage, as the loop's API answers them.
async fn adaeze_panel<S, B>(svc: &S, elena: &str) -> (String, Value)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let (_, loops) = call(svc, get("/api/v1/loops", elena)).await;
    let adaeze = loops["items"].as_array().unwrap().iter().find(|l| l["candidate"]["name"] == "Adaeze Nwosu").unwrap()
        ["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, lp) = call(svc, get(&format!("/api/v1/loops/{adaeze}"), elena)).await;
    let panel = lp["stages"].as_array().unwrap().iter().find(|s| s["kind"] == "panel").unwrap().clone();
    (adaeze, panel)
}

/// Status, content type and text of a GET.
async fn raw<S, B>(svc: &S, path: &str, token: &str) -> (u16, String, String)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let res = actix_web::test::call_service(svc, get(path, token).to_request()).await;
    let status = res.status().as_u16();
    let kind = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let body = String::from_utf8(actix_web::test::read_body(res).await.to_vec()).unwrap();
    (status, kind, body)
}

fn email(name: &str) -> String {
    format!("{}@demo.hatrack.test", name.to_lowercase().replace(' ', "."))
}

#[actix_web::test]
async fn the_demo_has_a_library_a_published_plan_and_loops_each_interviewer_sees_their_own() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let (status, library) = call(&svc, get("/api/v1/exercises", &hr)).await;
    assert_eq!(status, 200);
    let builtin: Vec<&Value> = library.as_array().unwrap().iter().filter(|e| e["builtin"].is_string()).collect();
    assert_eq!(builtin.len(), 6, "{library}");
    assert!(
        builtin
            .iter()
            .any(|e| e["title"] == "Outage triage role-play" && e["good_looks_like"].as_array().unwrap().len() == 5)
    );

    let (_, plans) = call(&svc, get("/api/v1/interview-plans", &hr)).await;
    let plan = &plans.as_array().unwrap()[0];
    assert_eq!(plan["name"], "IT Lead hiring");
    assert_eq!(plan["published_number"], 1);
    assert_eq!(plan["loop_count"], 8);

    let (_, loops) = call(&svc, get("/api/v1/loops", &hr)).await;
    assert_eq!(loops["items"].as_array().unwrap().len(), 8, "HR sees every loop");
    let decided = loops["items"].as_array().unwrap().iter().filter(|l| l["decision"].is_string()).count();
    assert_eq!(decided, 6);
    assert_eq!(
        (loops["total"].as_i64(), loops["page"].as_i64(), loops["per_page"].as_i64()),
        (Some(8), Some(1), Some(50))
    );
    // pages: newest first, the last page holds the rest, a page past the end is empty,
    // and sizes are kept between 1 and 200
    let (_, first) = call(&svc, get("/api/v1/loops?per_page=3", &hr)).await;
    let (_, third) = call(&svc, get("/api/v1/loops?per_page=3&page=3", &hr)).await;
    let (_, past) = call(&svc, get("/api/v1/loops?per_page=3&page=4", &hr)).await;
    let ids = |p: &serde_json::Value| -> Vec<String> {
        p["items"].as_array().unwrap().iter().map(|l| l["id"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(ids(&first), ids(&loops)[..3].to_vec());
    assert_eq!(ids(&third), ids(&loops)[6..].to_vec());
    assert!(ids(&past).is_empty() && past["total"] == 8, "{past}");
    let (_, tiny) = call(&svc, get("/api/v1/loops?per_page=0", &hr)).await;
    let (_, huge) = call(&svc, get("/api/v1/loops?per_page=100000", &hr)).await;
    assert_eq!((tiny["per_page"].as_i64(), huge["per_page"].as_i64()), (Some(1), Some(200)));

    // Hana interviews on some loops, Noah only on Tomasz Wojcik's
    let (hana, _) = login(&svc, &email("Hana Sato")).await;
    let (noah, _) = login(&svc, &email("Noah Fischer")).await;
    let (_, hanas) = call(&svc, get("/api/v1/loops", &hana)).await;
    let (_, noahs) = call(&svc, get("/api/v1/loops", &noah)).await;
    assert_eq!(hanas["items"].as_array().unwrap().len(), 6, "Hana is on six of the eight loops");
    assert_eq!(noahs["items"].as_array().unwrap().len(), 1);
    let tomasz = &noahs["items"][0];
    assert_eq!(tomasz["candidate"]["name"], "Tomasz Wojcik");
    let riya = loops["items"].as_array().unwrap().iter().find(|l| l["candidate"]["name"] == "Riya Desai").unwrap();
    let (status, _) = call(&svc, get(&format!("/api/v1/loops/{}", riya["id"].as_str().unwrap()), &noah)).await;
    assert_eq!(status, 404, "an interviewer of another loop does not see this one");
    // an engineer on no panel sees no loops and no candidates
    let (member, _) = login(&svc, &demo("engineer")).await;
    let (_, none) = call(&svc, get("/api/v1/loops", &member)).await;
    assert_eq!(none["items"], json!([]));
    assert_eq!(none["total"], 0);
    let (status, _) = call(&svc, get("/api/v1/candidates", &member)).await;
    assert_eq!(status, 403);

    // the debrief of the loop where the panel disagrees flags incident response
    let (status, debrief) =
        call(&svc, get(&format!("/api/v1/loops/{}/debrief", tomasz["id"].as_str().unwrap()), &noah)).await;
    assert_eq!(status, 200, "{debrief}");
    let incident =
        debrief["competencies"].as_array().unwrap().iter().find(|c| c["slug"] == "incident-response-recovery").unwrap();
    assert_eq!(incident["disagreement"], true, "{incident}");
    assert_eq!(incident["spread"], 3.0);
    assert!(debrief["alpha"].is_number(), "{debrief}");
    assert!(debrief["reading"].as_str().unwrap().contains("agreement"), "{debrief}");
}

/// What the flow needs: a plan published from the library, a candidate, a loop.
#[actix_web::test]
async fn a_loop_from_plan_to_decision_with_independent_and_blind_scoring() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (lead, _) = login(&svc, &demo("lead")).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let (_, profiles) = call(&svc, get("/api/v1/role-profiles", &hr)).await;
    let profile = profiles.as_array().unwrap().iter().find(|p| p["name"] == "Engineer II").unwrap()["id"].clone();
    let (_, library) = call(&svc, get("/api/v1/exercises", &lead)).await;
    let runbook = library.as_array().unwrap().iter().find(|e| e["builtin"] == "runbook-review").unwrap()["id"].clone();
    let triage = library.as_array().unwrap().iter().find(|e| e["builtin"] == "outage-triage").unwrap()["id"].clone();

    // a draft may be unfinished; what it names must exist
    let stages = json!([
        {"name": "Runbook review", "kind": "work_sample", "blind": true, "minutes": 40,
         "items": [{"exercise_id": runbook}],
         "competencies": [{"competency": "service-management-runbooks"}, {"competency": "core-systems-stewardship"}]},
        {"name": "Outage panel", "kind": "panel", "minutes": 45,
         "items": [{"exercise_id": triage, "text": "We play the on-call engineer."}],
         "competencies": [{"competency": "incident-response-recovery", "notes": "Roles first."}]}
    ]);
    let (status, bad) = call(
        &svc,
        send(
            "POST",
            "/api/v1/interview-plans",
            &lead,
            json!({"name": "Engineer hiring", "role_profile_id": profile,
            "document": {"stages": [{"name": "Chat", "kind": "screen", "blind": true, "minutes": 30,
                "competencies": [{"competency": "juggling"}]}]}}),
        ),
    )
    .await;
    assert_eq!(status, 422, "{bad}");
    assert!(bad["fields"]["stages.0.competencies.0"].as_str().unwrap().contains("juggling"));
    assert!(bad["fields"]["stages.0.blind"].is_string());
    let (status, draft) = call(
        &svc,
        send(
            "POST",
            "/api/v1/interview-plans",
            &lead,
            json!({"name": "Engineer hiring", "role_profile_id": profile,
            "document": {"stages": stages}}),
        ),
    )
    .await;
    assert_eq!(status, 201, "{draft}");
    let plan = draft["plan_id"].as_str().unwrap().to_string();
    // a member may not build plans
    let (member, _) = login(&svc, &demo("engineer")).await;
    let (status, _) =
        call(&svc, send("POST", &format!("/api/v1/interview-plans/{plan}/publish"), &member, json!({"version": 1})))
            .await;
    assert_eq!(status, 403);
    let (status, published) = call(
        &svc,
        send(
            "POST",
            &format!("/api/v1/interview-plans/{plan}/publish"),
            &lead,
            json!({"version": 1, "change_note": "First"}),
        ),
    )
    .await;
    assert_eq!(status, 200, "{published}");
    assert_eq!(published["status"], "published");

    let (status, bad) =
        call(&svc, send("POST", "/api/v1/candidates", &lead, json!({"name": " ", "email": "nope"}))).await;
    assert_eq!(status, 422);
    assert!(bad["fields"]["name"].is_string() && bad["fields"]["email"].is_string(), "{bad}");
    let (status, candidate) = call(
        &svc,
        send(
            "POST",
            "/api/v1/candidates",
            &lead,
            json!({"name": "Ada Quinn", "email": "ada.quinn@example.org", "consent": true}),
        ),
    )
    .await;
    assert_eq!(status, 201, "{candidate}");
    assert!(candidate["retain_until"].is_string(), "a retention date by default");

    let kofi = person_id(&svc, &lead, "Kofi Mensah").await;
    let hana = person_id(&svc, &lead, "Hana Sato").await;
    let lucas = person_id(&svc, &lead, "Lucas Moreau").await;
    let (status, lp) = call(
        &svc,
        send(
            "POST",
            "/api/v1/loops",
            &lead,
            json!({"candidate_id": candidate["id"], "plan_id": plan, "stages": [
                {"stage": 0, "interviewers": [kofi, hana], "scheduled_at": "2026-12-14T10:00:00Z"},
                {"stage": 1, "interviewers": [kofi, hana, lucas], "location": "Room 4"}
            ]}),
        ),
    )
    .await;
    assert_eq!(status, 201, "{lp}");
    // a stage number at the edge of its type is a clear 422, not an overflow
    let (status, bad) = call(
        &svc,
        send(
            "POST",
            "/api/v1/loops",
            &lead,
            json!({"candidate_id": candidate["id"], "plan_id": plan, "stages": [
            {"stage": i32::MAX, "interviewers": [kofi], "scheduled_at": ""}]}),
        ),
    )
    .await;
    assert_eq!(status, 422, "{bad}");
    assert!(bad["fields"]["stages.0.stage"].as_str().unwrap().contains("2147483648"), "{bad}");
    let loop_id = lp["id"].as_str().unwrap().to_string();
    let sample = lp["stages"][0]["id"].as_str().unwrap().to_string();
    let panel = lp["stages"][1]["id"].as_str().unwrap().to_string();
    assert_eq!(lp["candidate"]["name"], "Ada Quinn", "the hiring manager sees the candidate");

    let (a, _) = login(&svc, &email("Kofi Mensah")).await;
    let (b, _) = login(&svc, &email("Hana Sato")).await;
    let (c, _) = login(&svc, &email("Lucas Moreau")).await;
    // blind: a grader of the work sample sees the code, not the name
    let (_, seen) = call(&svc, get(&format!("/api/v1/loops/{loop_id}"), &a)).await;
    assert!(seen["candidate"].is_null(), "{seen}");
    assert!(!seen.to_string().contains("Ada Quinn"));
    assert_eq!(seen["code"], lp["code"]);
    // Lucas is on the panel only: not blind for him
    let (_, seen) = call(&svc, get(&format!("/api/v1/loops/{loop_id}"), &c)).await;
    assert_eq!(seen["candidate"]["name"], "Ada Quinn");

    // bad scorecards: nothing written
    let before = count(&f.db.url, "SELECT count(*) AS n FROM scorecards");
    for (body, field) in [
        (
            json!({"stage_id": sample, "ratings": [{"competency": "budget-vendor-management", "level": 3, "evidence": "x"}]}),
            "ratings.budget-vendor-management",
        ),
        (
            json!({"stage_id": sample, "ratings": [{"competency": "service-management-runbooks", "level": 9, "evidence": "x"}]}),
            "ratings.service-management-runbooks.level",
        ),
        (
            json!({"stage_id": sample, "submit": true, "recommendation": "yes", "ratings": [
            {"competency": "service-management-runbooks", "level": 3, "evidence": ""},
            {"competency": "core-systems-stewardship", "level": null}]}),
            "ratings.service-management-runbooks.evidence",
        ),
    ] {
        let (status, answer) = call(&svc, send("PUT", &format!("/api/v1/loops/{loop_id}/scorecards"), &a, body)).await;
        assert_eq!(status, 422, "{answer}");
        assert!(answer["fields"][field].is_string(), "{field}: {answer}");
    }
    let (status, _) = call(
        &svc,
        send("PUT", &format!("/api/v1/loops/{loop_id}/scorecards"), &c, json!({"stage_id": sample, "ratings": []})),
    )
    .await;
    assert_eq!(status, 403, "Lucas does not grade the work sample");
    assert_eq!(count(&f.db.url, "SELECT count(*) AS n FROM scorecards"), before);

    let card = |stage: &str, levels: &[(&str, Option<i32>)], rec: &str, submit: bool| {
        json!({"stage_id": stage, "submit": submit, "recommendation": rec,
            "ratings": levels.iter().map(|(c, l)| json!({"competency": c, "level": l,
                "evidence": if l.is_some() { "Found the renamed server and the missing recovery check." } else { "" }})).collect::<Vec<_>>()})
    };
    // A saves a draft; reading the panel before submitting is refused and audited
    let (status, draft) = call(
        &svc,
        send(
            "PUT",
            &format!("/api/v1/loops/{loop_id}/scorecards"),
            &a,
            card(&sample, &[("service-management-runbooks", Some(3))], "yes", false),
        ),
    )
    .await;
    assert_eq!(status, 200, "{draft}");
    assert_eq!(draft["status"], "draft");
    let refusals = || {
        count(&f.db.url, "SELECT count(*) AS n FROM audit_events WHERE action = 'interview_loop.early_read_refused'")
    };
    let refused_before = refusals();
    for path in ["scorecards", "debrief"] {
        let (status, _) = call(&svc, get(&format!("/api/v1/loops/{loop_id}/{path}"), &a)).await;
        assert_eq!(status, 403, "{path} before A submits");
    }
    assert_eq!(refusals(), refused_before + 2);

    // B submits both stages; A still cannot read B's
    for (stage, levels) in [
        (&sample, vec![("service-management-runbooks", Some(4)), ("core-systems-stewardship", Some(4))]),
        (&panel, vec![("incident-response-recovery", Some(5))]),
    ] {
        let (status, s) = call(
            &svc,
            send("PUT", &format!("/api/v1/loops/{loop_id}/scorecards"), &b, card(stage, &levels, "strong_yes", true)),
        )
        .await;
        assert_eq!(status, 200, "{s}");
    }
    let (status, _) = call(&svc, get(&format!("/api/v1/loops/{loop_id}/scorecards"), &a)).await;
    assert_eq!(status, 403);
    // submitting twice is refused without an amendment reason
    let (status, again) = call(
        &svc,
        send(
            "PUT",
            &format!("/api/v1/loops/{loop_id}/scorecards"),
            &b,
            card(&panel, &[("incident-response-recovery", Some(4))], "yes", true),
        ),
    )
    .await;
    assert_eq!(status, 409, "{again}");
    assert!(again["fields"]["amend_reason"].is_string());
    // a decision before the debrief is refused
    let (status, _) = call(
        &svc,
        send(
            "POST",
            &format!("/api/v1/loops/{loop_id}/decision"),
            &lead,
            json!({"decision": "hire", "rationale": "Looks good"}),
        ),
    )
    .await;
    assert_eq!(status, 409);
    let (status, _) = call(&svc, get(&format!("/api/v1/loops/{loop_id}/debrief"), &lead)).await;
    assert_eq!(status, 409, "not every scorecard is in");

    // A submits (low on the panel: a disagreement of 3 levels with B); then A reads B's
    for (stage, levels) in [
        (&sample, vec![("service-management-runbooks", Some(3)), ("core-systems-stewardship", None)]),
        (&panel, vec![("incident-response-recovery", Some(2))]),
    ] {
        let (status, s) = call(
            &svc,
            send("PUT", &format!("/api/v1/loops/{loop_id}/scorecards"), &a, card(stage, &levels, "no", true)),
        )
        .await;
        assert_eq!(status, 200, "{s}");
    }
    let (status, cards) = call(&svc, get(&format!("/api/v1/loops/{loop_id}/scorecards"), &a)).await;
    assert_eq!(status, 200, "{cards}");
    assert!(cards.as_array().unwrap().iter().any(|s| s["interviewer"]["name"] == "Hana Sato"));
    let (_, seen) = call(&svc, get(&format!("/api/v1/loops/{loop_id}"), &a)).await;
    assert_eq!(seen["candidate"]["name"], "Ada Quinn", "after submitting, the blind grader sees the name");

    // C submits: the debrief opens for everyone who may read the panel
    let (status, _) = call(
        &svc,
        send(
            "PUT",
            &format!("/api/v1/loops/{loop_id}/scorecards"),
            &c,
            card(&panel, &[("incident-response-recovery", Some(4))], "yes", true),
        ),
    )
    .await;
    assert_eq!(status, 200);
    let (status, debrief) = call(&svc, get(&format!("/api/v1/loops/{loop_id}/debrief"), &lead)).await;
    assert_eq!(status, 200, "{debrief}");
    let incident =
        debrief["competencies"].as_array().unwrap().iter().find(|c| c["slug"] == "incident-response-recovery").unwrap();
    assert_eq!(incident["disagreement"], true);
    assert_eq!(incident["median"], 4.0);
    assert_eq!(debrief["recommendations"].as_array().unwrap().len(), 5);

    // the decision is a record: a second one supersedes it with a reason, never edits it
    let (status, first) = call(
        &svc,
        send(
            "POST",
            &format!("/api/v1/loops/{loop_id}/decision"),
            &lead,
            json!({"decision": "more_data", "rationale": "Split on incident response: ask for a second panel."}),
        ),
    )
    .await;
    assert_eq!(status, 201, "{first}");
    let (status, _) = call(
        &svc,
        send("POST", &format!("/api/v1/loops/{loop_id}/decision"), &b, json!({"decision": "hire", "rationale": "x"})),
    )
    .await;
    assert_eq!(status, 403, "an interviewer does not decide");
    let (status, refused) = call(
        &svc,
        send(
            "POST",
            &format!("/api/v1/loops/{loop_id}/decision"),
            &lead,
            json!({"decision": "hire", "rationale": "Second panel was clear."}),
        ),
    )
    .await;
    assert_eq!(status, 409, "{refused}");
    let (status, second) = call(&svc, send("POST", &format!("/api/v1/loops/{loop_id}/decision"), &lead,
        json!({"decision": "hire", "rationale": "Second panel was clear.", "supersede_reason": "The second panel agreed."}))).await;
    assert_eq!(status, 201, "{second}");
    assert_eq!(second["supersedes"], first["id"]);
    let url = f.db.owner_url.clone();
    let edit = with_sync_conn(&url, |c| {
        diesel::sql_query("UPDATE loop_decisions SET rationale = 'changed'").execute(c).is_err()
    });
    assert!(edit, "the database refuses to change a decision record");
    let (_, hired) = call(&svc, get(&format!("/api/v1/candidates/{}", candidate["id"].as_str().unwrap()), &lead)).await;
    assert!(hired["retain_until"].is_null(), "a hire leaves the retention schedule: {hired}");
}

#[actix_web::test]
async fn hr_exports_and_erases_a_candidate_and_ratings_stay() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let (lead, _) = login(&svc, &demo("lead")).await;
    let (_, page) = call(&svc, get("/api/v1/candidates?q=tomasz", &hr)).await;
    let id = page["items"][0]["id"].as_str().unwrap().to_string();
    let (status, _) = call(&svc, get(&format!("/api/v1/candidates/{id}/export"), &lead)).await;
    assert_eq!(status, 403, "exports are HR's");
    let (status, export) = call(&svc, get(&format!("/api/v1/candidates/{id}/export"), &hr)).await;
    assert_eq!(status, 200);
    assert_eq!(export["candidate"]["email"], "tomasz.wojcik@example.org");
    assert_eq!(export["loops"].as_array().unwrap().len(), 1);
    let ratings = count(&f.db.url, "SELECT count(*) AS n FROM scorecard_ratings");
    let (status, erased) = call(&svc, send("POST", &format!("/api/v1/candidates/{id}/erase"), &hr, json!({}))).await;
    assert_eq!(status, 200, "{erased}");
    assert_eq!(erased["name"], "");
    assert_eq!(erased["anonymised"], true);
    assert_eq!(
        count(&f.db.url, "SELECT count(*) AS n FROM scorecard_ratings"),
        ratings,
        "ratings stay for the statistics"
    );
    let (_, loops) = call(&svc, get("/api/v1/loops", &hr)).await;
    assert!(!loops.to_string().contains("Tomasz"));
}

#[actix_web::test]
async fn retention_anonymises_candidates_past_their_date_and_keeps_the_hired() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    // the demo's candidates are within their dates: nothing to do
    assert!(service::interviews::candidates::retention(&f.services, true).await.unwrap().is_empty());
    // Tomasz (no decision) and Riya (hired) are moved past their dates
    with_sync_conn(&f.db.owner_url, |c| {
        diesel::sql_query(
            "UPDATE candidates SET retain_until = current_date - 1 WHERE name = 'Tomasz Wojcik' OR \
             (name = 'Riya Desai' AND retain_until IS NOT NULL)",
        )
        .execute(c)
        .unwrap()
    });
    let due = service::interviews::candidates::retention(&f.services, true).await.unwrap();
    assert_eq!(due.len(), 1, "only the candidate without a hire decision: {due:?}");
    let ratings = count(&f.db.url, "SELECT count(*) AS n FROM scorecard_ratings");
    let done = service::interviews::candidates::retention(&f.services, false).await.unwrap();
    assert_eq!(done, due);
    let (_, page) = call(&svc, get("/api/v1/candidates", &hr)).await;
    let names: Vec<&str> = page["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert!(!names.contains(&"Tomasz Wojcik") && names.contains(&"Riya Desai"), "{names:?}");
    assert_eq!(count(&f.db.url, "SELECT count(*) AS n FROM scorecard_ratings"), ratings);
    assert_eq!(count(&f.db.url, "SELECT count(*) AS n FROM audit_events WHERE action = 'candidate.anonymised'"), 1);
    // a second run finds nothing more
    assert!(service::interviews::candidates::retention(&f.services, false).await.unwrap().is_empty());
}

#[actix_web::test]
async fn the_kit_prints_and_goes_in_a_calendar_and_a_blind_graders_kit_has_no_name() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (ines, _) = login(&svc, &email("Ines Carvalho")).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let (_, loops) = call(&svc, get("/api/v1/loops", &hr)).await;
    let adaeze = loops["items"].as_array().unwrap().iter().find(|l| l["candidate"]["name"] == "Adaeze Nwosu").unwrap();
    let id = adaeze["id"].as_str().unwrap();
    let (_, lp) = call(&svc, get(&format!("/api/v1/loops/{id}"), &ines)).await;
    assert!(lp["candidate"].is_null(), "Ines grades the blind work sample and has not submitted: {lp}");
    let sample = lp["stages"].as_array().unwrap().iter().find(|s| s["blind"] == true).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, kind, html) = raw(&svc, &format!("/api/v1/loops/{id}/stages/{sample}/kit?format=html"), &ines).await;
    assert_eq!(status, 200, "{html}");
    assert!(kind.starts_with("text/html"));
    assert!(!html.contains("Adaeze"), "the blind kit names the code only");
    assert!(html.contains(&format!("Candidate {}", lp["code"].as_str().unwrap())));
    assert!(
        html.contains("Migration cut-over plan with rollback")
            && html.contains("Rating guide")
            && html.contains("Strong yes")
    );
    let (status, kind, ics) = raw(&svc, &format!("/api/v1/loops/{id}/stages/{sample}/kit?format=ics"), &ines).await;
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/calendar"));
    let props = domain::interviews::calendar::read(&ics).expect("a valid iCalendar file");
    let start = props.iter().find(|(k, _)| k == "DTSTART").unwrap().1.clone();
    let end = props.iter().find(|(k, _)| k == "DTEND").unwrap().1.clone();
    assert!(start.ends_with('Z') && end > start, "{start} {end}");
    assert!(!ics.contains("Adaeze"));
    // HR (not grading) sees the name; a member on no panel gets nothing
    let (_, _, hr_kit) = raw(&svc, &format!("/api/v1/loops/{id}/stages/{sample}/kit"), &hr).await;
    assert!(hr_kit.contains("Adaeze Nwosu"));
    let (member, _) = login(&svc, &demo("engineer")).await;
    let (status, _, _) = raw(&svc, &format!("/api/v1/loops/{id}/stages/{sample}/kit"), &member).await;
    assert_eq!(status, 404);
    let (status, _, _) = raw(&svc, &format!("/api/v1/loops/{id}/stages/{sample}/kit?format=pdf"), &hr).await;
    assert_eq!(status, 422);
}

#[actix_web::test]
async fn interview_statistics_say_how_far_interviewers_agree_with_the_ratings_behind_each_figure() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let (status, stats) = call(&svc, get("/api/v1/interview-stats", &hr)).await;
    assert_eq!(status, 200, "{stats}");
    assert!(stats["ratings"].as_u64().unwrap() > 100, "{stats}");
    let competencies = stats["competencies"].as_array().unwrap();
    assert_eq!(competencies.len(), 6, "the plan's six competencies");
    for c in competencies {
        // a figure is shown only with enough ratings behind it, and always says how many
        assert!(c["ratings"].is_u64() && c["sentence"].is_string(), "{c}");
        if c["reading"] == "too_few_ratings" {
            assert!(c["alpha"].is_null());
        } else {
            assert!(c["ratings"].as_u64().unwrap() >= stats["min_ratings"].as_u64().unwrap());
        }
    }
    assert_eq!(stats["plans"].as_array().unwrap().len(), 1);
    let lenient = stats["interviewers"].as_array().unwrap();
    assert!(!lenient.is_empty(), "{stats}");
    let lucas = lenient.iter().find(|l| l["interviewer"]["name"] == "Lucas Moreau").expect("Lucas has enough ratings");
    assert!(lucas["offset"].as_f64().unwrap() > 0.0, "the demo's Lucas rates a little high: {lucas}");
    assert!(!lucas["by_quarter"].as_array().unwrap().is_empty());
    // filters narrow it
    let (_, one) = call(&svc, get("/api/v1/interview-stats?competency=incident-response-recovery", &hr)).await;
    assert_eq!(one["competencies"].as_array().unwrap().len(), 1);
    let (_, none) = call(&svc, get("/api/v1/interview-stats?from=2030-01-01", &hr)).await;
    assert_eq!(none["ratings"], 0);
    let (member, _) = login(&svc, &demo("engineer")).await;
    let (status, _) = call(&svc, get("/api/v1/interview-stats", &member)).await;
    assert_eq!(status, 403);

    // the figures are kept until what they count changes: a scorecard submitted now
    // counts in the next read (its submission moves the interviews generation)
    let (_, again) = call(&svc, get("/api/v1/interview-stats", &hr)).await;
    assert_eq!(again, stats, "read twice, the same figures");
    let (elena, _) = login(&svc, &demo("lead")).await;
    let (adaeze, panel) = adaeze_panel(&svc, &elena).await;
    let ratings: Vec<Value> = panel["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| json!({"competency": c["slug"], "level": 3, "evidence": "Walked the outage through calmly."}))
        .collect();
    let card = json!({"stage_id": panel["id"], "ratings": ratings, "recommendation": "yes", "submit": true});
    let (status, body) = call(&svc, send("PUT", &format!("/api/v1/loops/{adaeze}/scorecards"), &elena, card)).await;
    assert_eq!(status, 200, "{body}");
    let (_, after) = call(&svc, get("/api/v1/interview-stats", &hr)).await;
    assert_eq!(after["ratings"].as_u64(), Some(stats["ratings"].as_u64().unwrap() + ratings.len() as u64), "{after}");
}

/// A draft saved again keeps exactly what the last save sent: a changed level and
/// evidence, a rating left out removed, a new one added (the save writes only what
/// changed, so this reads the database back, not the save's answer).
#[actix_web::test]
async fn a_draft_saved_again_holds_exactly_the_last_ratings_sent() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (elena, _) = login(&svc, &demo("lead")).await;
    let (adaeze, panel) = adaeze_panel(&svc, &elena).await;
    let slugs: Vec<String> =
        panel["competencies"].as_array().unwrap().iter().map(|c| c["slug"].as_str().unwrap().to_string()).collect();
    assert!(slugs.len() >= 3, "{panel}");
    let path = format!("/api/v1/loops/{adaeze}/scorecards");
    let mine =
        || get(&format!("/api/v1/loops/{adaeze}/scorecards/mine?stage_id={}", panel["id"].as_str().unwrap()), &elena);
    let first = json!({"stage_id": panel["id"], "ratings": [
        {"competency": slugs[0], "level": 2, "evidence": "Named the first step."},
        {"competency": slugs[1], "level": 3, "evidence": "Kept the timeline."}]});
    let (status, saved) = call(&svc, send("PUT", &path, &elena, first)).await;
    assert_eq!(status, 200, "{saved}");
    let second = json!({"stage_id": panel["id"], "version": saved["version"], "ratings": [
        {"competency": slugs[0], "level": 4, "evidence": "Named the first step and why."},
        {"competency": slugs[2], "level": null, "evidence": ""}]});
    let (status, body) = call(&svc, send("PUT", &path, &elena, second)).await;
    assert_eq!(status, 200, "{body}");
    let (status, back) = call(&svc, mine()).await;
    assert_eq!(status, 200, "{back}");
    let held: Vec<(String, Value, String)> = back["ratings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["competency"].as_str().unwrap().to_string(),
                r["level"].clone(),
                r["evidence"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut expected = vec![
        (slugs[0].clone(), json!(4), "Named the first step and why.".to_string()),
        (slugs[2].clone(), Value::Null, String::new()),
    ];
    let mut held_sorted = held.clone();
    held_sorted.sort_by(|a, b| a.0.cmp(&b.0));
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(held_sorted, expected, "{back}");
    // the same save again changes nothing and still answers the same ratings
    let (status, again) = call(
        &svc,
        send(
            "PUT",
            &path,
            &elena,
            json!({"stage_id": panel["id"], "ratings": [
        {"competency": slugs[0], "level": 4, "evidence": "Named the first step and why."},
        {"competency": slugs[2], "level": null, "evidence": ""}]}),
        ),
    )
    .await;
    assert_eq!(status, 200, "{again}");
    let (_, back_again) = call(&svc, mine()).await;
    assert_eq!(back_again["ratings"].as_array().map(Vec::len), Some(2), "{back_again}");
}
