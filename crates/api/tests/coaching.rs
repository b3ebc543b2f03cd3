//! Coaching through the API: feedback reaches whom its visibility names and a private note
//! nobody but its author (HR and admins included, in reads, lists and the audit log); the
//! author edits within a day and amends after it with a reason, the replaced text kept;
//! the recipient replies and acknowledges; bad input is refused naming the field, with
//! nothing written.

mod common;

use common::*;
use diesel::RunQueryDsl;
use serde_json::{Value, json};

fn email(name: &str) -> String {
    format!("{}@demo.hatrack.test", name.to_lowercase().replace(' ', "."))
}

fn count(url: &str, sql: &'static str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    with_sync_conn(url, move |c| diesel::sql_query(sql).get_result::<N>(c).unwrap().n)
}

fn entry(recipient: &str, visibility: &str, situation: &str) -> Value {
    json!({
        "recipient_id": recipient, "kind": "praise", "visibility": visibility,
        "situation": situation,
        "behaviour": "You read the timeline aloud before anyone guessed at a cause",
        "impact": "We found the real trigger in ten minutes",
    })
}

fn ids(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_string()).collect()
}

#[actix_web::test]
async fn feedback_reaches_whom_its_visibility_names_and_a_private_note_nobody_else() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (aisha, _) = login(&svc, &email("Aisha Khan")).await;
    let (tom, _) = login(&svc, &demo("engineer")).await;
    let (elena, _) = login(&svc, &demo("lead")).await;
    let (marta, _) = login(&svc, &email("Marta Okafor")).await;
    let (kofi, _) = login(&svc, &email("Kofi Mensah")).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let tom_id = person_id(&svc, &tom, "Tom Becker").await;

    let mut given = Vec::new();
    for (visibility, situation) in [
        ("private", "PRIVATE-NOTE In Monday's incident review"),
        ("recipient", "In Tuesday's change review"),
        ("recipient_and_managers", "During Wednesday's outage call"),
    ] {
        let (status, e) =
            call(&svc, send("POST", "/api/v1/feedback", &aisha, entry(&tom_id, visibility, situation))).await;
        assert_eq!(status, 201, "{e}");
        assert_eq!(e["visibility"], visibility);
        assert_eq!(e["author"]["name"], "Aisha Khan");
        given.push(e["id"].as_str().unwrap().to_string());
    }
    let [private, shared, with_managers] = [&given[0], &given[1], &given[2]];

    // who reads each entry: 200 or, to everyone else, 404 (it does not exist for them)
    let cases: [(&str, &str, [u16; 3]); 7] = [
        ("author", &aisha, [200, 200, 200]),
        ("recipient", &tom, [404, 200, 200]),
        ("his manager", &elena, [404, 404, 200]),
        ("her manager, above him", &marta, [404, 404, 200]),
        ("another manager", &kofi, [404, 404, 404]),
        ("HR", &hr, [404, 404, 404]),
        ("an admin", &admin, [404, 404, 404]),
    ];
    for (who, token, expected) in cases {
        for (id, want) in [private, shared, with_managers].into_iter().zip(expected) {
            let (status, body) = call(&svc, get(&format!("/api/v1/feedback/{id}"), token)).await;
            assert_eq!(status, want, "{who} reading {id}: {body}");
        }
    }

    // the lists keep to the same rule
    let (_, received) = call(&svc, get("/api/v1/feedback", &tom)).await;
    assert_eq!(ids(&received), [with_managers.clone(), shared.clone()], "newest first, no private note");
    let about = format!("/api/v1/feedback?side=about&person={tom_id}");
    let (_, seen_by_manager) = call(&svc, get(&about, &elena)).await;
    assert_eq!(ids(&seen_by_manager), vec![with_managers.to_string()]);
    for token in [&hr, &admin, &kofi] {
        let (status, seen) = call(&svc, get(&about, token)).await;
        assert_eq!((status, ids(&seen).len()), (200, 0), "{seen}");
    }
    let (_, mine) = call(&svc, get("/api/v1/feedback?side=given&per_page=2", &aisha)).await;
    assert_eq!(ids(&mine), [with_managers.clone(), shared.clone()]);
    let next = mine["next"].as_str().expect("a second page").to_string();
    let (_, rest) = call(&svc, get(&format!("/api/v1/feedback?side=given&per_page=2&before={next}"), &aisha)).await;
    assert_eq!(ids(&rest), vec![private.to_string()]);
    assert!(rest["next"].is_null());
    let (status, _) = call(&svc, get("/api/v1/feedback?side=given&before=yesterday", &aisha)).await;
    assert_eq!(status, 422);

    // the audit log says who wrote to whom, never the words
    let (status, log) = call(&svc, get("/api/v1/audit-events?action=feedback.given", &admin)).await;
    assert_eq!(status, 200);
    assert_eq!(log.as_array().unwrap().len(), 3, "{log}");
    assert!(!log.to_string().contains("PRIVATE-NOTE"), "{log}");
    assert!(!log.to_string().contains("timeline aloud"), "{log}");
}

#[actix_web::test]
async fn the_author_edits_within_a_day_then_amends_with_a_reason_and_the_recipient_replies() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (aisha, _) = login(&svc, &email("Aisha Khan")).await;
    let (tom, _) = login(&svc, &demo("engineer")).await;
    let (elena, _) = login(&svc, &demo("lead")).await;
    let tom_id = person_id(&svc, &tom, "Tom Becker").await;

    let mut draft = entry(&tom_id, "recipient", "In Tuesday's change review");
    draft["behaviour"] = json!("You are always lazy about rollback plans");
    let (status, e) = call(&svc, send("POST", "/api/v1/feedback", &aisha, draft.clone())).await;
    assert_eq!(status, 201, "{e}");
    let kinds: Vec<&str> = e["hints"].as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["judgement", "sweeping"], "hints guide, they do not refuse: {e}");
    let id = e["id"].as_str().unwrap().to_string();
    let (_, as_read) = call(&svc, get(&format!("/api/v1/feedback/{id}"), &tom)).await;
    assert_eq!(as_read["hints"], json!([]), "the hints are for the author");

    // within the day: an edit, no reason, nothing kept
    let path = format!("/api/v1/feedback/{id}");
    let mut edit = draft.clone();
    edit["behaviour"] = json!("You skipped the rollback plan in the review");
    edit["version"] = json!(1);
    edit["reason"] = json!("");
    let (status, e) = call(&svc, send("PUT", &path, &aisha, edit.clone())).await;
    assert_eq!((status, &e["version"], e["amendments"].as_array().unwrap().len()), (200, &json!(2), 0), "{e}");
    let (status, _) = call(&svc, send("PUT", &path, &aisha, edit.clone())).await;
    assert_eq!(status, 409, "version 1 is gone");
    let (status, _) = call(&svc, send("PUT", &path, &tom, edit.clone())).await;
    assert_eq!(status, 403, "only the author changes it");

    // after the day: an amendment needs a reason and keeps what it replaced
    let url = f.db.owner_url.clone();
    with_sync_conn(&url, |c| {
        diesel::sql_query("UPDATE feedback_entries SET created_at = now() - interval '2 days'").execute(c).unwrap();
    });
    edit["version"] = json!(2);
    edit["impact"] = json!("The change waited a week for a second review");
    let (status, e) = call(&svc, send("PUT", &path, &aisha, edit.clone())).await;
    assert_eq!(status, 422, "{e}");
    assert!(e["fields"]["reason"].is_string(), "{e}");
    edit["reason"] = json!("The first impact was vague");
    let (status, e) = call(&svc, send("PUT", &path, &aisha, edit.clone())).await;
    assert_eq!(status, 200, "{e}");
    assert_eq!(e["impact"], "The change waited a week for a second review");
    assert_eq!(e["amendments"][0]["reason"], "The first impact was vague");
    assert_eq!(e["amendments"][0]["previous_impact"], "We found the real trigger in ten minutes");
    let mut moved = edit.clone();
    moved["version"] = json!(3);
    moved["reason"] = json!("x");
    moved["recipient_id"] = json!(person_id(&svc, &tom, "Aisha Khan").await);
    let (status, e) = call(&svc, send("PUT", &path, &aisha, moved)).await;
    assert!(status == 422 && e["fields"]["recipient_id"].is_string(), "{status} {e}");

    // the recipient replies and acknowledges; the author answers; nobody else
    let reply = |body: &str| json!({ "body": body });
    let (status, e) =
        call(&svc, send("POST", &format!("{path}/replies"), &tom, reply("Fair; I will write one next time"))).await;
    assert_eq!(status, 201, "{e}");
    let (status, _) = call(&svc, send("POST", &format!("{path}/replies"), &aisha, reply("Thanks"))).await;
    assert_eq!(status, 201);
    let (status, _) = call(&svc, send("POST", &format!("{path}/replies"), &elena, reply("Noted"))).await;
    assert_eq!(status, 404, "shared with Tom only: his manager does not see it");
    let (status, e) = call(&svc, send("POST", &format!("{path}/replies"), &tom, reply("  "))).await;
    assert!(status == 422 && e["fields"]["body"].is_string(), "{e}");
    let (status, _) = call(&svc, send("POST", &format!("{path}/acknowledge"), &aisha, json!({}))).await;
    assert_eq!(status, 403);
    let (status, e) = call(&svc, send("POST", &format!("{path}/acknowledge"), &tom, json!({}))).await;
    assert_eq!(status, 200);
    assert!(e["acknowledged_at"].is_string());
    let names: Vec<&str> =
        e["replies"].as_array().unwrap().iter().map(|r| r["author"]["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Tom Becker", "Aisha Khan"]);
}

#[actix_web::test]
async fn bad_feedback_is_refused_naming_the_field_and_nothing_is_written() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (aisha, _) = login(&svc, &email("Aisha Khan")).await;
    let me = person_id(&svc, &aisha, "Aisha Khan").await;
    let tom = person_id(&svc, &aisha, "Tom Becker").await;
    let url = f.db.owner_url.clone();
    let peter = with_sync_conn(&url, |c| {
        #[derive(diesel::QueryableByName)]
        struct Id {
            #[diesel(sql_type = diesel::sql_types::Text)]
            id: String,
        }
        diesel::sql_query("SELECT id::text AS id FROM people WHERE name = 'Peter Grant'")
            .get_result::<Id>(c)
            .unwrap()
            .id
    });
    let stranger = "00000000-0000-4000-8000-000000000001";

    let with = |change: &dyn Fn(&mut Value)| {
        let mut e = entry(&tom, "recipient", "In Tuesday's change review");
        change(&mut e);
        e
    };
    let cases: Vec<(&str, Value)> = vec![
        ("recipient_id", with(&|e| e["recipient_id"] = json!(me))),
        ("recipient_id", with(&|e| e["recipient_id"] = json!(peter))),
        ("recipient_id", with(&|e| e["recipient_id"] = json!(stranger))),
        ("situation", with(&|e| e["situation"] = json!("   "))),
        ("behaviour", with(&|e| e["behaviour"] = json!(""))),
        ("impact", with(&|e| e["impact"] = json!("\n"))),
        ("kind", with(&|e| e["kind"] = json!("nice"))),
        ("visibility", with(&|e| e["visibility"] = json!("everyone"))),
        ("competency_ids", with(&|e| e["competency_ids"] = json!([stranger]))),
    ];
    for (field, body) in cases {
        let (status, e) = call(&svc, send("POST", "/api/v1/feedback", &aisha, body.clone())).await;
        assert_eq!(status, 422, "{body}: {e}");
        assert!(e["fields"][field].is_string(), "{field} named for {body}: {e}");
    }
    assert_eq!(count(&url, "SELECT count(*) AS n FROM feedback_entries"), 0);
    assert_eq!(count(&url, "SELECT count(*) AS n FROM audit_events WHERE action LIKE 'feedback.%'"), 0);
}
