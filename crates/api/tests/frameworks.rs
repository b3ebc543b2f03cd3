//! Frameworks: the built-in IT Lead framework, export/import round trips, drafts,
//! publishing rules, the diff, immutability of published versions, and who sees drafts.

mod common;

use actix_web::test;
use common::*;
use diesel::RunQueryDsl;
use serde_json::{Value, json};

async fn raw<S, B>(svc: &S, req: test::TestRequest) -> (u16, String)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let res = test::call_service(svc, req.to_request()).await;
    let status = res.status().as_u16();
    (status, String::from_utf8(test::read_body(res).await.to_vec()).unwrap())
}

fn import(path: &str, token: &str, content_type: &str, body: impl Into<Vec<u8>>) -> test::TestRequest {
    test::TestRequest::post()
        .uri(path)
        .insert_header(("authorization", format!("Bearer {token}")))
        .insert_header(("content-type", content_type.to_string()))
        .set_payload(body.into())
}

async fn it_lead<S, B>(svc: &S, token: &str) -> String
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let (status, list) = call(svc, get("/api/v1/frameworks", token)).await;
    assert_eq!(status, 200, "{list}");
    let f = list.as_array().unwrap().iter().find(|f| f["name"] == "IT Lead").expect("IT Lead is installed");
    assert_eq!(f["published_number"], 1);
    assert_eq!(f["competency_count"], 27);
    assert_eq!(f["builtin"], true);
    f["id"].as_str().unwrap().to_string()
}

#[actix_web::test]
async fn export_import_export_is_identical_in_json_and_yaml() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let id = it_lead(&svc, &hr).await;
    for (format, content_type) in [("json", "application/json"), ("yaml", "application/yaml")] {
        let (status, first) = raw(&svc, get(&format!("/api/v1/frameworks/{id}/export?format={format}"), &hr)).await;
        assert_eq!(status, 200, "{first}");
        // Import under another name (names are unique), as a real framework, then export it.
        let renamed = first.replacen("IT Lead", &format!("IT Lead {format} copy"), 1);
        let (status, preview) =
            call(&svc, import("/api/v1/frameworks/import?dry_run=false", &hr, content_type, renamed.clone())).await;
        assert_eq!(status, 200, "{preview}");
        assert_eq!(preview["competencies"], 27);
        assert_eq!(preview["notes"], json!([]), "our own format imports without notes");
        let copy = preview["framework_id"].as_str().unwrap();
        let (status, draft) = call(&svc, get(&format!("/api/v1/frameworks/{copy}/draft"), &hr)).await;
        assert_eq!(status, 200);
        let (status, _) = call(
            &svc,
            send(
                "POST",
                &format!("/api/v1/frameworks/{copy}/publish"),
                &hr,
                json!({"version": draft["version"], "change_note": ""}),
            ),
        )
        .await;
        assert_eq!(status, 200, "a first version needs no change note");
        let (_, again) = raw(&svc, get(&format!("/api/v1/frameworks/{copy}/export?format={format}"), &hr)).await;
        assert_eq!(again, renamed, "{format} round trip");
        // The path is a framework's, which cannot be deleted: 405, not 404.
        let (status, _) = call(&svc, send("DELETE", "/api/v1/frameworks/none", &hr, json!({}))).await;
        assert_eq!(status, 405);
    }
}

#[actix_web::test]
async fn draft_publish_and_diff() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let (engineer, _) = login(&svc, &demo("engineer")).await;
    let id = it_lead(&svc, &hr).await;
    let base = format!("/api/v1/frameworks/{id}");

    // Nothing to publish before a draft exists.
    let (status, _) =
        call(&svc, send("POST", &format!("{base}/publish"), &hr, json!({"version": 1, "change_note": "x"}))).await;
    assert_eq!(status, 404);
    let (status, draft) = call(&svc, send("POST", &format!("{base}/draft"), &hr, json!({}))).await;
    assert_eq!(status, 200, "{draft}");
    assert_eq!(draft["number"], 2);
    assert_eq!(draft["status"], "draft");

    // Members never see drafts.
    let (status, _) = call(&svc, get(&format!("{base}/draft"), &engineer)).await;
    assert_eq!(status, 403);
    let (_, detail) = call(&svc, get(&base, &engineer)).await;
    assert_eq!(detail["versions"].as_array().unwrap().len(), 1, "{detail}");
    assert_eq!(detail["draft_number"], Value::Null);
    let (status, _) = call(&svc, get(&format!("{base}/versions/2"), &engineer)).await;
    assert_eq!(status, 404);

    // Change one anchor; an empty one cannot be published.
    let mut doc = draft["document"].clone();
    doc["areas"][2]["competencies"][0]["levels"][2]["summary"] =
        json!("Plans and runs changes to shared systems with a tested rollback.");
    doc["areas"][0]["competencies"][1]["levels"][4]["summary"] = json!(" ");
    let (status, saved) =
        call(&svc, send("PUT", &format!("{base}/draft"), &hr, json!({"version": draft["version"], "document": doc})))
            .await;
    assert_eq!(status, 200, "{saved}");
    let (status, stale) =
        call(&svc, send("PUT", &format!("{base}/draft"), &hr, json!({"version": draft["version"], "document": doc})))
            .await;
    assert_eq!(status, 409, "a stale save is refused: {stale}");
    let v = saved["version"].clone();
    let (status, body) = call(
        &svc,
        send("POST", &format!("{base}/publish"), &hr, json!({"version": v, "change_note": "Sharper anchor"})),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["areas[0].competencies[1].levels[4].summary"].as_str().unwrap().contains("empty"), "{body}");

    // Fill it again through an editor change; then the note is required.
    let levels: Vec<Value> = doc["areas"][0]["competencies"][1]["levels"]
        .as_array()
        .unwrap()
        .iter()
        .cloned()
        .map(|mut l| {
            if l["level"] == 5 {
                l["summary"] = json!("Sets how the department integrates systems and reviews every new integration.");
            }
            l
        })
        .collect();
    let slug = doc["areas"][0]["competencies"][1]["slug"].clone();
    let change = json!({"edit": "competency", "slug": slug, "name": doc["areas"][0]["competencies"][1]["name"],
        "description": doc["areas"][0]["competencies"][1]["description"], "area": doc["areas"][0]["slug"], "levels": levels});
    let (status, edited) =
        call(&svc, send("POST", &format!("{base}/draft/edits"), &hr, json!({"version": v, "change": change}))).await;
    assert_eq!(status, 200, "{edited}");
    let v = edited["version"].clone();
    let (status, body) =
        call(&svc, send("POST", &format!("{base}/publish"), &hr, json!({"version": v, "change_note": " "}))).await;
    assert_eq!(status, 422);
    assert!(body["fields"]["change_note"].is_string(), "{body}");
    let (status, published) = call(
        &svc,
        send("POST", &format!("{base}/publish"), &hr, json!({"version": v, "change_note": "Sharper anchor"})),
    )
    .await;
    assert_eq!(status, 200, "{published}");
    assert_eq!(published["published_number"], 2);
    assert_eq!(published["versions"][0]["published_by"]["name"], "Jonas Berg");

    // The diff names the changed anchors, and only them.
    let (status, diff) = call(&svc, get(&format!("{base}/diff?from=1&to=2"), &engineer)).await;
    assert_eq!(status, 200, "{diff}");
    let changes = diff["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "{diff}");
    assert!(changes.iter().all(|c| c["scope"] == "anchor" && c["kind"] == "changed"));
    assert!(
        changes.iter().any(|c| c["level"] == 3 && c["after"]["summary"].as_str().unwrap().contains("tested rollback"))
    );

    // Published versions are frozen: no draft to edit, and the database refuses changes.
    let (status, _) =
        call(&svc, send("PUT", &format!("{base}/draft"), &hr, json!({"version": v, "document": doc}))).await;
    assert_eq!(status, 404);
    let refused = with_sync_conn(&f.db.url, |conn| {
        diesel::sql_query("UPDATE framework_versions SET change_note = 'sneaky' WHERE status = 'published'")
            .execute(conn)
    });
    assert!(refused.is_err(), "the database refuses edits of published versions");
    let refused =
        with_sync_conn(&f.db.url, |conn| diesel::sql_query("UPDATE competencies SET name = 'sneaky'").execute(conn));
    assert!(refused.is_err());

    // Every step is in the audit log.
    let (admin, _) = login(&svc, &demo("admin")).await;
    let (_, events) = call(&svc, get("/api/v1/audit-events?object_type=framework_version", &admin)).await;
    let actions: Vec<&str> = events.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert!(actions.contains(&"framework.published") && actions.contains(&"framework.draft_saved"), "{actions:?}");
}

#[actix_web::test]
async fn bad_files_and_bad_documents_are_refused_with_nothing_written() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let count = || {
        with_sync_conn(&f.db.url, |conn| {
            #[derive(diesel::QueryableByName)]
            struct N {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                n: i64,
            }
            diesel::sql_query("SELECT count(*) AS n FROM framework_versions").get_result::<N>(conn).unwrap().n
        })
    };
    let before = count();
    let (status, body) =
        call(&svc, import("/api/v1/frameworks/import?dry_run=false", &hr, "application/yaml", "levels: [[[")).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["file"].is_string(), "{body}");
    let (status, _) =
        call(&svc, import("/api/v1/frameworks/import", &hr, "application/yaml", vec![b'a'; 1024 * 1024 + 10])).await;
    assert_eq!(status, 413);
    let (status, body) =
        call(&svc, import("/api/v1/frameworks/import", &hr, "text/plain", vec![0xff, 0xfe, 0x00])).await;
    assert_eq!(status, 422, "{body}");
    // A document whose levels conflict.
    let bad = json!({"name": "Bad", "level_count": 3, "areas": [{"slug": "a", "name": "A", "competencies": [
        {"slug": "c", "name": "C", "levels": [{"level": 1, "summary": "x"}, {"level": 1, "summary": "y"}, {"level": 9, "summary": "z"}]}]}]});
    let (status, preview) =
        call(&svc, import("/api/v1/frameworks/import", &hr, "application/json", bad.to_string())).await;
    assert_eq!(status, 200, "a dry run reports problems: {preview}");
    assert!(preview["problems"]["areas[0].competencies[0].levels[1].level"].is_string(), "{preview}");
    let (status, body) =
        call(&svc, import("/api/v1/frameworks/import?dry_run=false", &hr, "application/json", bad.to_string())).await;
    assert_eq!(status, 422, "{body}");
    // A framework level count out of range, and a duplicate name.
    let (status, body) =
        call(&svc, send("POST", "/api/v1/frameworks", &hr, json!({"name": "Wide", "level_count": 9}))).await;
    assert_eq!(status, 422);
    assert!(body["fields"]["level_count"].is_string());
    let (status, body) = call(&svc, send("POST", "/api/v1/frameworks", &hr, json!({"name": "it lead"}))).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(count(), before, "nothing was written");
}

#[actix_web::test]
async fn a_markdown_ladder_imports_with_a_preview_and_notes() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let ladder = "---\ntitle: Service desk\nlevels: 3\nsidebarTitle: Desk\ntopics:\n  - name: first-contact\n    title: First contact\n    content:\n      - level: 1\n        criteria:\n          - Logs every call with the caller's words\n          - Asks for the asset tag\n      - level: 3\n        criteria:\n          - Spots repeat calls and raises a problem record\n  - name: ticket-hygiene\n    content:\n      - level: 1\n        criteria:\n          - Closes tickets with the fix written down\n      - level: 2\n        criteria:\n          - Links related tickets\n      - level: 3\n        criteria:\n          - Reviews the queue weekly with the team\n---\nHow our service desk works.\n";
    let (status, preview) = call(&svc, import("/api/v1/frameworks/import", &hr, "text/markdown", ladder)).await;
    assert_eq!(status, 200, "{preview}");
    assert_eq!(preview["format"], "monzo");
    assert_eq!(preview["competencies"], 2);
    assert_eq!(preview["empty_anchors"], 1, "first contact skips level 2: {preview}");
    let notes = preview["notes"].to_string();
    assert!(notes.contains("sidebarTitle") && notes.contains("Level 2"), "{notes}");
    let (status, created) =
        call(&svc, import("/api/v1/frameworks/import?dry_run=false", &hr, "text/markdown", ladder)).await;
    assert_eq!(status, 200, "{created}");
    let id = created["framework_id"].as_str().unwrap();
    let (_, list) = call(&svc, get("/api/v1/frameworks", &hr)).await;
    let desk = list.as_array().unwrap().iter().find(|f| f["id"] == id).unwrap();
    assert_eq!(desk["draft_number"], 1);
    assert_eq!(desk["published_number"], Value::Null);
    // Before its first publish the framework opens on its draft, for HR only.
    let (status, detail) = call(&svc, get(&format!("/api/v1/frameworks/{id}"), &hr)).await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["versions"][0]["status"], "draft", "{detail}");
    let (status, newest) = call(&svc, get(&format!("/api/v1/frameworks/{id}/export?format=json"), &hr)).await;
    assert_eq!(status, 200, "the newest version before a publish is the draft: {newest}");
    let (engineer, _) = login(&svc, &demo("engineer")).await;
    let (_, list) = call(&svc, get("/api/v1/frameworks", &engineer)).await;
    assert!(list.as_array().unwrap().iter().all(|f| f["id"] != id), "not listed for members: {list}");
    assert!(list.as_array().unwrap().iter().all(|f| f["draft_number"].is_null()), "{list}");
    let (status, _) = call(&svc, get(&format!("/api/v1/frameworks/{id}"), &engineer)).await;
    assert_eq!(status, 404, "to members a framework without a published version does not exist");
    let (status, _) = call(&svc, import("/api/v1/frameworks/import", &engineer, "text/markdown", ladder)).await;
    assert_eq!(status, 403, "only HR imports");
}

/// A file whose framework name exists already: the dry run says so (before the import
/// would fail with 409), and a new name imports it.
#[actix_web::test]
async fn an_import_under_a_taken_name_is_flagged_by_the_check_and_can_be_renamed() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let id = it_lead(&svc, &hr).await;
    let (_, file) = raw(&svc, get(&format!("/api/v1/frameworks/{id}/export?format=json"), &hr)).await;
    let (status, err) = call(&svc, import("/api/v1/frameworks/import", &hr, "application/json", file.clone())).await;
    assert_eq!(status, 409, "the check answers as the import would: {err}");
    assert!(err["fields"]["name"].as_str().is_some_and(|p| p.contains("exists already")), "{err}");
    let (status, _) =
        call(&svc, import("/api/v1/frameworks/import?dry_run=false", &hr, "application/json", file.clone())).await;
    assert_eq!(status, 409, "the import refuses what the check flagged");

    let path = "/api/v1/frameworks/import?name=IT%20Lead%20(second%20site)";
    let (status, preview) = call(&svc, import(path, &hr, "application/json", file.clone())).await;
    assert_eq!(status, 200);
    assert!(preview["problems"].as_object().is_none_or(|p| p.is_empty()), "{preview}");
    assert_eq!(preview["document"]["name"], "IT Lead (second site)");
    let (status, done) = call(&svc, import(&format!("{path}&dry_run=false"), &hr, "application/json", file)).await;
    assert_eq!(status, 200, "{done}");
    let (_, list) = call(&svc, get("/api/v1/frameworks", &hr)).await;
    assert!(list.as_array().unwrap().iter().any(|f| f["name"] == "IT Lead (second site)"), "{list}");
}

/// A Snowflake-style ladder as published (a JavaScript module with types) imports through
/// the API; with no title in it, the check asks for a name and the import refuses without
/// one, then takes the name given.
#[actix_web::test]
async fn a_javascript_ladder_imports_and_asks_for_a_name() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let source = "// @flow\nexport type Tracks = {| [string]: Track |}\n\nexport const tracks: Tracks = {\n\
        \x20 'PATCHING': {\n    displayName: 'Patching',\n    category: 'Operations',\n    description: 'Keeps systems up to date.',\n\
        \x20   milestones: [\n      { summary: 'Applies updates by the runbook.', signals: [], examples: [] },\n\
        \x20     { summary: 'Plans the patch windows.', signals: ['Agrees windows with owners'], examples: [] },\n\
        \x20     { summary: 'Sets the patching policy.', signals: [], examples: [], },\n    ],\n  },\n}\n";
    let (status, preview) = call(&svc, import("/api/v1/frameworks/import", &hr, "text/javascript", source)).await;
    assert_eq!(status, 200, "{preview}");
    assert_eq!(preview["format"], "snowflake");
    assert_eq!(preview["competencies"], 1);
    assert!(preview["problems"]["name"].as_str().is_some_and(|p| p.contains("no title")), "{preview}");
    let (status, err) =
        call(&svc, import("/api/v1/frameworks/import?dry_run=false", &hr, "text/javascript", source)).await;
    assert_eq!(status, 422, "{err}");
    assert!(err["fields"].get("name").is_some(), "{err}");
    let (status, done) = call(
        &svc,
        import("/api/v1/frameworks/import?dry_run=false&name=Operations%20ladder", &hr, "text/javascript", source),
    )
    .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["document"]["name"], "Operations ladder");
    assert_eq!(
        done["document"]["areas"][0]["competencies"][0]["levels"][1]["signals"][0],
        "Agrees windows with owners"
    );

    // JavaScript that holds something other than plain data is refused, by line
    let code = "export const tracks = {\n  A: { displayName: build('A') },\n}\n";
    let (status, err) = call(&svc, import("/api/v1/frameworks/import", &hr, "text/javascript", code)).await;
    assert_eq!(status, 422, "{err}");
    assert!(err["message"].as_str().unwrap().contains("line 2"), "{err}");
}

/// A folder of Markdown ladders, zipped: the named ladder imports with its folder's shared
/// generic.md resolving its untitled topics.
#[actix_web::test]
async fn a_zipped_ladder_folder_imports_one_ladder_with_its_shared_topics() {
    use std::io::Write;
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let generic = "---\ntitle: Shared\nlevels: 3\ntopics:\n  - name: ownership\n    title: Ownership\n    content:\n\
                   \x20     - level: 1\n        criteria: [Finishes what they pick up]\n---\n";
    let ladder = |title: &str| {
        format!(
            "---\ntitle: {title}\nlevels: 3\ntopics:\n  - name: ownership\n    title:\n    content:\n\
             \x20     - level: 2\n        criteria: [Owns a queue]\n---\n"
        )
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, text) in [
        ("ladders/generic.md", generic.to_string()),
        ("ladders/desk.md", ladder("Service desk")),
        ("ladders/network.md", ladder("Network")),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();

    let (status, err) = call(&svc, import("/api/v1/frameworks/import", &hr, "application/zip", bytes.clone())).await;
    assert_eq!(status, 422, "{err}");
    assert!(err["fields"]["file"].as_str().unwrap().contains("several ladders"), "{err}");
    let (status, preview) =
        call(&svc, import("/api/v1/frameworks/import?file=desk.md", &hr, "application/zip", bytes)).await;
    assert_eq!(status, 200, "{preview}");
    assert_eq!(preview["document"]["name"], "Service desk");
    let ownership = &preview["document"]["areas"][0]["competencies"][0];
    assert_eq!(ownership["name"], "Ownership");
    assert_eq!(ownership["levels"][0]["summary"], "Finishes what they pick up");
    assert_eq!(ownership["levels"][1]["summary"], "Owns a queue");
}
