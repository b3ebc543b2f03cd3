//! Work samples through the API: the hiring manager sends a private link, the candidate
//! reads the brief and sends text and files with no account, graders read them (blind
//! graders without the file names until they submit), the hiring manager attaches one;
//! every bad input (link unknown, cut short, expired, revoked, used; no content, too
//! large, too many, content not what the name says) is a 4xx naming the field with
//! nothing written; the token endpoints are throttled per link and per address.

mod common;

use actix_web::test::TestRequest;
use common::*;
use diesel::RunQueryDsl;
use serde_json::{Value, json};

/// A one-page PDF and a 1×1 PNG: real files, small.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n\
trailer << /Root 1 0 R >>\n%%EOF\n";
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];
const MARKDOWN: &[u8] = b"# Cut-over\n\n1. Lower the TTLs on Monday.\n2. Point of no return: Saturday noon.\n";
const BOUNDARY: &str = "hatrack-test-boundary-7f3a";

/// A `multipart/form-data` body with `text` (when given) and one `files` part per file.
fn multipart(text: Option<&str>, files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    if let Some(text) = text {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n{text}\r\n").as_bytes(),
        );
    }
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn upload(path: &str, token: &str, body: Vec<u8>) -> TestRequest {
    let req = TestRequest::post()
        .uri(path)
        .insert_header(("content-type", format!("multipart/form-data; boundary={BOUNDARY}")))
        .set_payload(body);
    if token.is_empty() { req } else { req.insert_header(("authorization", format!("Bearer {token}"))) }
}

fn anonymous(path: &str) -> TestRequest {
    TestRequest::get().uri(path)
}

fn email(name: &str) -> String {
    format!("{}@demo.hatrack.test", name.to_lowercase().replace(' ', "."))
}

fn count(url: &str, sql: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let sql = sql.to_string();
    with_sync_conn(url, move |c| diesel::sql_query(sql).get_result::<N>(c).unwrap().n)
}

/// Everything a refused submission could have written.
fn written(url: &str) -> (i64, i64, i64) {
    (
        count(url, "SELECT count(*) AS n FROM work_sample_submissions"),
        count(url, "SELECT count(*) AS n FROM work_sample_files"),
        count(url, "SELECT count(*) AS n FROM work_sample_links WHERE used_at IS NOT NULL"),
    )
}

/// Adaeze Nwosu's loop (the demo's blind work sample still being graded: Hana has
/// submitted, Ines has not; Elena hires) and its work-sample stage.
async fn adaeze<S, B>(svc: &S, hr: &str) -> (String, String)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let (_, loops) = call(svc, get("/api/v1/loops", hr)).await;
    let id =
        loops["items"].as_array().unwrap().iter().find(|l| l["candidate"]["name"] == "Adaeze Nwosu").unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
    let (_, lp) = call(svc, get(&format!("/api/v1/loops/{id}"), hr)).await;
    let stage = lp["stages"].as_array().unwrap().iter().find(|s| s["kind"] == "work_sample").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    (id, stage)
}

/// Status, headers and bytes of a GET.
async fn download<S, B>(svc: &S, path: &str, token: &str) -> (u16, actix_web::http::header::HeaderMap, Vec<u8>)
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
    let headers = res.headers().clone();
    (status, headers, actix_web::test::read_body(res).await.to_vec())
}

#[actix_web::test]
async fn a_candidate_sends_a_work_sample_through_the_link_and_graders_read_it() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let (lead, _) = login(&svc, &demo("lead")).await;
    let (loop_id, stage) = adaeze(&svc, &hr).await;

    // the demo: the candidate's submission is there, blind for Ines, who has not submitted
    let (ines, _) = login(&svc, &email("Ines Carvalho")).await;
    let samples_path = format!("/api/v1/loops/{loop_id}/stages/{stage}/work-samples");
    let (status, demo_samples) = call(&svc, get(&samples_path, &ines)).await;
    assert_eq!(status, 200, "{demo_samples}");
    assert_eq!(demo_samples["names_hidden"], true);
    assert_eq!(demo_samples["submissions"][0]["files"][0]["name"], "file-1.md", "{demo_samples}");
    assert_eq!(demo_samples["links"], json!([]), "a grader does not see the links");
    assert!(!demo_samples.to_string().contains("cutover-plan"), "the blind grader never reads the file name");

    // Elena (hiring manager) sends a link: the token is in the answer only
    let (status, created) = call(
        &svc,
        send(
            "POST",
            &format!("/api/v1/loops/{loop_id}/stages/{stage}/work-sample-links"),
            &lead,
            json!({"expires_in_days": 5}),
        ),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let token = created["token"].as_str().unwrap().to_string();
    assert_eq!(token.len(), 43);
    assert_eq!(created["path"], format!("/work-sample/{token}"));
    assert_eq!(created["link"]["state"], "open");
    assert_eq!(created["revoked"].as_array().unwrap().len(), 1, "the demo's open link is replaced: {created}");
    let hashed =
        format!("SELECT count(*) AS n FROM work_sample_links WHERE token_hash = sha256(convert_to('{token}', 'UTF8'))");
    assert_eq!(count(&f.db.url, &hashed), 1, "the link is kept as the token's SHA-256 (and the token nowhere)");

    // the candidate reads the brief: the stage and its exercise, nothing internal
    let (status, brief) = call(&svc, anonymous(&format!("/api/v1/work-sample/{token}"))).await;
    assert_eq!(status, 200, "{brief}");
    assert_eq!(brief["stage"], "Work sample: cut-over plan");
    assert_eq!(brief["exercises"][0]["title"], "Migration cut-over plan with rollback");
    assert!(brief["exercises"][0]["brief"].as_str().unwrap().contains("400 mailboxes"));
    assert!(brief["exercises"][0]["materials"].as_str().unwrap().contains("inventory"));
    assert_eq!(brief["exercises"][0]["minutes"], 120);
    assert_eq!(brief["limits"]["max_files"], 10);
    let text = brief.to_string();
    for internal in ["Adaeze", "graders", "good_looks_like", "level-3", "Ines", "competenc"] {
        assert!(!text.contains(internal), "the brief says {internal:?}: {brief}");
    }

    // the candidate sends text and three files
    let path = format!("/api/v1/work-sample/{token}");
    let body = multipart(
        Some("My plan is attached.\r\nThe pilot goes first."),
        &[("adaeze-plan.pdf", PDF), ("diagram.png", PNG), ("notes.md", MARKDOWN)],
    );
    let (status, receipt) = call(&svc, upload(&path, "", body)).await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(receipt["files"], 3);
    // a link takes one submission
    let (status, again) = call(&svc, upload(&path, "", multipart(Some("Forgot one thing"), &[]))).await;
    assert_eq!(status, 409, "{again}");
    assert!(again["fields"]["token"].is_string(), "{again}");
    let (status, _) = call(&svc, anonymous(&path)).await;
    assert_eq!(status, 409, "the link says it has been used");

    // Ines grades blind: file names are numbers, the text is there
    let (_, samples) = call(&svc, get(&samples_path, &ines)).await;
    let sent = samples["submissions"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(sent["text"], "My plan is attached.\r\nThe pilot goes first.");
    assert!(sent["attached_by"].is_null());
    let names: Vec<&str> = sent["files"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["file-2.pdf", "file-3.png", "file-4.md"], "numbered after the demo's file: {samples}");
    assert!(!samples.to_string().contains("adaeze"), "{samples}");
    let pdf = sent["files"][0]["id"].as_str().unwrap().to_string();
    let md = sent["files"][2]["id"].as_str().unwrap().to_string();
    assert_eq!(sent["files"][0]["content_type"], "application/pdf");
    assert_eq!(sent["files"][0]["size_bytes"], PDF.len());

    // she downloads the PDF: its type, never shown inline, sandboxed, under its number
    let (status, headers, bytes) = download(&svc, &format!("/api/v1/work-sample-files/{pdf}"), &ines).await;
    assert_eq!(status, 200);
    assert_eq!(bytes, PDF);
    let header = |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert!(header("content-disposition").starts_with("attachment; filename=\"file-2.pdf\""), "{headers:?}");
    assert!(header("content-security-policy").contains("sandbox"));
    let (_, headers, bytes) = download(&svc, &format!("/api/v1/work-sample-files/{md}"), &ines).await;
    assert_eq!(bytes, MARKDOWN);
    assert_eq!(headers.get("content-type").unwrap(), "text/markdown; charset=utf-8");

    // once Ines submits her scorecard for the stage, the names are hers to read
    let (_, lp) = call(&svc, get(&format!("/api/v1/loops/{loop_id}"), &ines)).await;
    let rated: Vec<Value> =
        lp["stages"].as_array().unwrap().iter().find(|s| s["id"] == stage.as_str()).unwrap()["competencies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| json!({"competency": c["slug"], "level": 3, "evidence": "Ordered, owned and checked."}))
            .collect();
    let (status, card) = call(
        &svc,
        send(
            "PUT",
            &format!("/api/v1/loops/{loop_id}/scorecards"),
            &ines,
            json!({"stage_id": stage, "submit": true, "recommendation": "yes", "ratings": rated}),
        ),
    )
    .await;
    assert_eq!(status, 200, "{card}");
    let (_, samples) = call(&svc, get(&samples_path, &ines)).await;
    assert_eq!(samples["names_hidden"], false);
    assert!(samples.to_string().contains("adaeze-plan.pdf"), "{samples}");
    let (_, headers, _) = download(&svc, &format!("/api/v1/work-sample-files/{pdf}"), &ines).await;
    assert!(headers.get("content-disposition").unwrap().to_str().unwrap().contains("filename=\"adaeze-plan.pdf\""));

    // HR reads the links (never a token); Hana, who submitted, reads the names
    let (_, samples) = call(&svc, get(&samples_path, &hr)).await;
    let links = samples["links"].as_array().unwrap();
    assert_eq!(links.len(), 3, "the demo's used and revoked links and the new one: {samples}");
    assert_eq!(links[0]["state"], "used");
    assert!(!samples.to_string().contains(&token));
    let (hana, _) = login(&svc, &email("Hana Sato")).await;
    let (_, samples) = call(&svc, get(&samples_path, &hana)).await;
    assert!(samples.to_string().contains("diagram.png"));

    // nobody else: an interviewer of another loop, a member, another organization
    service::identity::orgs::create_admin(
        &f.services,
        "Elsewhere Ltd",
        "Eve Else",
        "eve@elsewhere.example",
        "elsewhere-password-1",
    )
    .await
    .unwrap();
    let (eve, _) = login_with(&svc, "eve@elsewhere.example", "elsewhere-password-1").await;
    let (noah, _) = login(&svc, &email("Noah Fischer")).await;
    let (member, _) = login(&svc, &demo("engineer")).await;
    for who in [&noah, &member, &eve] {
        let (status, _) = call(&svc, get(&samples_path, who)).await;
        assert_eq!(status, 404);
        let (status, _, bytes) = download(&svc, &format!("/api/v1/work-sample-files/{pdf}"), who).await;
        assert_eq!(status, 404);
        assert_ne!(bytes, PDF);
    }
    let (status, _, _) = download(&svc, &format!("/api/v1/work-sample-files/{pdf}"), "").await;
    assert_eq!(status, 401);

    // HR's export of the candidate lists the submissions (names and sizes, not bytes)
    let (_, page) = call(&svc, get("/api/v1/candidates?q=adaeze", &hr)).await;
    let candidate = page["items"][0]["id"].as_str().unwrap().to_string();
    let (_, export) = call(&svc, get(&format!("/api/v1/candidates/{candidate}/export"), &hr)).await;
    let exported = export["work_samples"].as_array().unwrap();
    assert_eq!(exported.len(), 2, "{export}");
    assert_eq!(exported[0]["files"][0]["name"], "cutover-plan.md");
    assert_eq!(exported[1]["files"][1]["size_bytes"], PNG.len());
    // erasing the candidate deletes the submissions and their files
    let (status, _) = call(&svc, send("POST", &format!("/api/v1/candidates/{candidate}/erase"), &hr, json!({}))).await;
    assert_eq!(status, 200);
    assert_eq!(written(&f.db.url).0, 0);
    assert_eq!(written(&f.db.url).1, 0);
    let (_, samples) = call(&svc, get(&samples_path, &hr)).await;
    assert_eq!(samples["submissions"], json!([]));
}

#[actix_web::test]
async fn a_refused_submission_is_a_4xx_naming_the_field_and_writes_nothing() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let (loop_id, stage) = adaeze(&svc, &hr).await;
    let (_, created) =
        call(&svc, send("POST", &format!("/api/v1/loops/{loop_id}/stages/{stage}/work-sample-links"), &hr, json!({})))
            .await;
    let path = format!("/api/v1/work-sample/{}", created["token"].as_str().unwrap());
    let before = written(&f.db.url);
    let elf: &[u8] = &[0x7F, b'E', b'L', b'F', 2, 1, 1, 0];
    let big = vec![b'a'; 10 * 1024 * 1024 + 1];
    let eleven: Vec<(String, &[u8])> = (0..11).map(|i| (format!("part-{i}.txt"), b"words" as &[u8])).collect();
    let eleven: Vec<(&str, &[u8])> = eleven.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    let cases: Vec<(&str, Vec<u8>, u16, &str, &str)> = vec![
        ("nothing at all", multipart(None, &[]), 422, "text", "attach"),
        ("only spaces", multipart(Some("   \r\n "), &[]), 422, "text", "attach"),
        ("a PNG named .pdf", multipart(Some("see file"), &[("cv.pdf", PNG)]), 422, "files", "image/png"),
        ("a program", multipart(None, &[("tool.exe", elf)]), 422, "files", "not accepted"),
        ("HTML named .md", multipart(None, &[("a.md", b"<script>x</script>\0")]), 422, "files", "not accepted"),
        ("eleven files", multipart(None, &eleven), 422, "files", "At most 10 files"),
        ("a file over 10 MB", multipart(Some("big"), &[("big.txt", &big)]), 413, "files", "larger than 10 MB"),
        ("a NUL in the text", multipart(Some("a\0b"), &[]), 422, "text", "U+0000"),
    ];
    for (what, body, status, field, says) in cases {
        let (got, answer) = call(&svc, upload(&path, "", body)).await;
        assert_eq!(got, status, "{what}: {answer}");
        let problem = answer["fields"][field].as_str().unwrap_or_else(|| panic!("{what}: no {field} in {answer}"));
        assert!(problem.contains(says), "{what}: {answer}");
        assert_eq!(written(&f.db.url), before, "{what} wrote something");
    }
    // not multipart at all
    let (status, answer) = call(&svc, send("POST", &path, "", json!({"text": "hi"}))).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(written(&f.db.url), before);
    // after all that, the link still takes the right submission
    let (status, receipt) = call(&svc, upload(&path, "", multipart(Some("Here it is."), &[("plan.pdf", PDF)]))).await;
    assert_eq!(status, 201, "{receipt}");
    assert_eq!(written(&f.db.url), (before.0 + 1, before.1 + 1, before.2 + 1));
    let audit = count(
        &f.db.url,
        "SELECT count(*) AS n FROM audit_events WHERE action = 'work_sample.submitted' AND after::text NOT LIKE '%plan.pdf%'",
    );
    assert_eq!(audit, 1, "audited, without the file's name");
}

#[actix_web::test]
async fn links_unknown_cut_short_expired_revoked_or_replaced_are_refused() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let (lead, _) = login(&svc, &demo("lead")).await;
    let (loop_id, stage) = adaeze(&svc, &hr).await;
    let links = format!("/api/v1/loops/{loop_id}/stages/{stage}/work-sample-links");
    let new_link = |token: &str| send("POST", &links, token, json!({}));

    let (status, answer) = call(&svc, anonymous(&format!("/api/v1/work-sample/{}", "A".repeat(43)))).await;
    assert_eq!((status, answer["fields"]["token"].is_string()), (404, true), "{answer}");
    let (status, answer) = call(&svc, anonymous("/api/v1/work-sample/abc123")).await;
    assert_eq!((status, answer["fields"]["token"].is_string()), (422, true), "a link cut short: {answer}");

    // who may send links: the hiring manager and HR; a grader is refused, others see nothing
    let (hana, _) = login(&svc, &email("Hana Sato")).await;
    let (noah, _) = login(&svc, &email("Noah Fischer")).await;
    assert_eq!(call(&svc, new_link(&hana)).await.0, 403);
    assert_eq!(call(&svc, new_link(&noah)).await.0, 404);
    for (days, status) in [(0, 422), (31, 422), (30, 201)] {
        let (got, answer) = call(&svc, send("POST", &links, &lead, json!({"expires_in_days": days}))).await;
        assert_eq!(got, status, "{days} days: {answer}");
        if status == 422 {
            assert!(answer["fields"]["expires_in_days"].is_string());
        }
    }
    let (_, lp) = call(&svc, get(&format!("/api/v1/loops/{loop_id}"), &hr)).await;
    let screen = lp["stages"][0]["id"].as_str().unwrap();
    let (status, answer) =
        call(&svc, send("POST", &format!("/api/v1/loops/{loop_id}/stages/{screen}/work-sample-links"), &hr, json!({})))
            .await;
    assert_eq!((status, answer["fields"]["stage"].is_string()), (422, true), "{answer}");

    // a new link replaces the open one
    let (_, first) = call(&svc, new_link(&lead)).await;
    let (_, second) = call(&svc, new_link(&lead)).await;
    assert_eq!(second["revoked"], json!([first["link"]["id"]]));
    let first_path = format!("/api/v1/work-sample/{}", first["token"].as_str().unwrap());
    let (status, answer) = call(&svc, anonymous(&first_path)).await;
    assert_eq!((status, answer["error"].as_str()), (410, Some("gone")), "{answer}");
    let before = written(&f.db.url);
    let (status, _) = call(&svc, upload(&first_path, "", multipart(Some("late"), &[]))).await;
    assert_eq!(status, 410);
    assert_eq!(written(&f.db.url), before);

    // revoked by hand: at once; revoking again changes nothing; only owners revoke
    let second_id = second["link"]["id"].as_str().unwrap();
    let revoke = format!("/api/v1/loops/{loop_id}/work-sample-links/{second_id}");
    assert_eq!(call(&svc, send("DELETE", &revoke, &hana, json!({}))).await.0, 403);
    let (status, revoked) = call(&svc, send("DELETE", &revoke, &lead, json!({}))).await;
    assert_eq!((status, revoked["state"].as_str()), (200, Some("revoked")), "{revoked}");
    assert_eq!(call(&svc, send("DELETE", &revoke, &lead, json!({}))).await.0, 200);
    let second_path = format!("/api/v1/work-sample/{}", second["token"].as_str().unwrap());
    assert_eq!(call(&svc, anonymous(&second_path)).await.0, 410);
    assert_eq!(count(&f.db.url, "SELECT count(*) AS n FROM audit_events WHERE action = 'work_sample_link.revoked'"), 1);

    // expired
    let (_, third) = call(&svc, new_link(&lead)).await;
    let third_id = third["link"]["id"].as_str().unwrap().to_string();
    with_sync_conn(&f.db.owner_url, move |c| {
        diesel::sql_query(format!(
            "UPDATE work_sample_links SET expires_at = now() - interval '1 second' WHERE id = '{third_id}'"
        ))
        .execute(c)
        .unwrap()
    });
    let third_path = format!("/api/v1/work-sample/{}", third["token"].as_str().unwrap());
    let (status, answer) = call(&svc, anonymous(&third_path)).await;
    assert_eq!(status, 410, "{answer}");
    assert!(answer["fields"]["token"].as_str().unwrap().contains("Expired"));
    assert_eq!(call(&svc, upload(&third_path, "", multipart(Some("x"), &[]))).await.0, 410);

    // used: nothing to revoke; and the candidate's erasure ends an open link
    let (_, fourth) = call(&svc, new_link(&lead)).await;
    let fourth_path = format!("/api/v1/work-sample/{}", fourth["token"].as_str().unwrap());
    assert_eq!(call(&svc, upload(&fourth_path, "", multipart(Some("Done."), &[]))).await.0, 201);
    let used = format!("/api/v1/loops/{loop_id}/work-sample-links/{}", fourth["link"]["id"].as_str().unwrap());
    assert_eq!(call(&svc, send("DELETE", &used, &lead, json!({}))).await.0, 409);
    let (_, fifth) = call(&svc, new_link(&lead)).await;
    let (_, page) = call(&svc, get("/api/v1/candidates?q=adaeze", &hr)).await;
    let candidate = page["items"][0]["id"].as_str().unwrap();
    call(&svc, send("POST", &format!("/api/v1/candidates/{candidate}/erase"), &hr, json!({}))).await;
    let fifth_path = format!("/api/v1/work-sample/{}", fifth["token"].as_str().unwrap());
    assert_eq!(call(&svc, anonymous(&fifth_path)).await.0, 410, "the candidate's data was removed");
    assert_eq!(call(&svc, new_link(&lead)).await.0, 409, "no new link for a removed candidate");
}

#[actix_web::test]
async fn the_hiring_manager_attaches_a_work_sample_received_by_email() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let (lead, _) = login(&svc, &demo("lead")).await;
    let (ines, _) = login(&svc, &email("Ines Carvalho")).await;
    let (loop_id, stage) = adaeze(&svc, &hr).await;
    let path = format!("/api/v1/loops/{loop_id}/stages/{stage}/work-samples");
    let before = written(&f.db.url);
    let (status, answer) = call(&svc, upload(&path, &ines, multipart(Some("x"), &[]))).await;
    assert_eq!(status, 403, "a grader does not attach: {answer}");
    let (status, answer) = call(&svc, upload(&path, &lead, multipart(None, &[("cv.pdf", PNG)]))).await;
    assert_eq!((status, answer["fields"]["files"].is_string()), (422, true), "{answer}");
    assert_eq!(written(&f.db.url), before);
    let (status, attached) =
        call(&svc, upload(&path, &lead, multipart(Some("Sent by email on Friday."), &[("Adaeze – plan ü.pdf", PDF)])))
            .await;
    assert_eq!(status, 201, "{attached}");
    assert_eq!(attached["attached_by"]["name"], "Elena Vasquez");
    assert_eq!(attached["files"][0]["name"], "Adaeze – plan ü.pdf", "a name in UTF-8 comes through whole");
    let file = attached["files"][0]["id"].as_str().unwrap();
    let (_, headers, _) = download(&svc, &format!("/api/v1/work-sample-files/{file}"), &lead).await;
    assert_eq!(
        headers.get("content-disposition").unwrap().to_str().unwrap(),
        "attachment; filename=\"Adaeze _ plan _.pdf\"; filename*=UTF-8''Adaeze%20%E2%80%93%20plan%20%C3%BC.pdf"
    );
    // the blind grader reads it under a number
    let (_, samples) = call(&svc, get(&path, &ines)).await;
    assert!(!samples.to_string().contains("Adaeze"), "{samples}");
    assert_eq!(samples["submissions"].as_array().unwrap().len(), 2);
    // only work-sample stages take samples
    let (_, lp) = call(&svc, get(&format!("/api/v1/loops/{loop_id}"), &hr)).await;
    let screen = lp["stages"][0]["id"].as_str().unwrap();
    let (status, answer) = call(
        &svc,
        upload(&format!("/api/v1/loops/{loop_id}/stages/{screen}/work-samples"), &lead, multipart(Some("x"), &[])),
    )
    .await;
    assert_eq!((status, answer["fields"]["stage"].is_string()), (422, true), "{answer}");
    assert_eq!(count(&f.db.url, "SELECT count(*) AS n FROM audit_events WHERE action = 'work_sample.attached'"), 1);
}

#[actix_web::test]
async fn the_token_endpoints_are_throttled_per_link_and_per_address() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (hr, _) = login(&svc, &demo("hr")).await;
    let (loop_id, stage) = adaeze(&svc, &hr).await;
    let links = format!("/api/v1/loops/{loop_id}/stages/{stage}/work-sample-links");
    let (_, created) = call(&svc, send("POST", &links, &hr, json!({}))).await;
    let path = format!("/api/v1/work-sample/{}", created["token"].as_str().unwrap());
    let from = |path: &str, ip: [u8; 4]| anonymous(path).peer_addr((ip, 40000).into());
    let limit = service::interviews::work_samples::LINK_LIMIT;
    for n in 0..limit {
        // from many addresses: the link's own count is what stops these
        let (status, _) = call(&svc, from(&path, [10, 0, 1, n as u8])).await;
        assert_eq!(status, 200, "request {n}");
    }
    let res = actix_web::test::call_service(&svc, from(&path, [10, 0, 2, 1]).to_request()).await;
    assert_eq!(res.status().as_u16(), 429);
    let retry: u64 = res.headers().get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    let body: Value = serde_json::from_slice(&actix_web::test::read_body(res).await).unwrap();
    assert_eq!(body["error"], "rate_limited");
    // the submission is refused too, before its body is read
    let (status, _) =
        call(&svc, upload(&path, "", multipart(Some("x"), &[])).peer_addr(([10, 0, 2, 2], 1).into())).await;
    assert_eq!(status, 429);

    // one address guessing at links is paused whatever link it asks for
    let guess = |n: usize| format!("/api/v1/work-sample/{:A>43}", n);
    let limit = service::interviews::work_samples::ADDRESS_LIMIT as usize;
    for n in 0..limit {
        assert_eq!(call(&svc, from(&guess(n), [10, 9, 9, 9])).await.0, 404, "guess {n}");
    }
    let (_, other) = call(&svc, send("POST", &links, &hr, json!({}))).await;
    let other_path = format!("/api/v1/work-sample/{}", other["token"].as_str().unwrap());
    assert_eq!(call(&svc, from(&other_path, [10, 9, 9, 9])).await.0, 429, "the guessing address waits");
    assert_eq!(call(&svc, from(&other_path, [10, 9, 9, 8])).await.0, 200, "another address does not");
    // sign-in is throttled apart: the paused address still signs in
    let (status, _) = call(
        &svc,
        send("POST", "/api/v1/auth/login", "", json!({"email": demo("hr"), "password": PASSWORD}))
            .peer_addr(([10, 9, 9, 9], 1).into()),
    )
    .await;
    assert_eq!(status, 200);
}

#[test]
fn the_document_describes_the_upload_as_multipart_with_binary_files() {
    let doc: Value = serde_json::from_str(api::openapi::json()).unwrap();
    for path in ["/api/v1/work-sample/{token}", "/api/v1/loops/{id}/stages/{stage}/work-samples"] {
        let body = &doc["paths"][path]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"];
        assert_eq!(body, "#/components/schemas/UploadForm", "{path}");
    }
    let form = &doc["components"]["schemas"]["UploadForm"];
    assert_eq!(form["properties"]["files"]["items"]["format"], "binary", "{form}");
    assert!(form["required"].as_array().is_none_or(|r| r.is_empty()), "text or files: neither alone is required");
    let candidate = &doc["paths"]["/api/v1/work-sample/{token}"];
    assert!(candidate["get"]["security"].is_null() && candidate["post"]["security"].is_null(), "no account");
    let file = &doc["paths"]["/api/v1/work-sample-files/{id}"]["get"]["responses"]["200"]["content"];
    assert!(file["application/pdf"].is_object() && file["text/markdown"].is_object(), "{file}");
}
