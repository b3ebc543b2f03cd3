//! The candidate's work-sample page without JavaScript: the brief and a plain multipart
//! form in the first HTML; a refused post answers the page again with the problem, its
//! status and the text as typed (escaped), writing nothing; a good post goes back to the
//! page with the thanks; used, withdrawn, unknown and cut-short links get a plain page
//! with their status.

mod in_app;

use actix_web::test;
use in_app::{DEMO_PASSWORD, HOST, TestApp};
use serde_json::{Value, json};

const BOUNDARY: &str = "page-test-boundary";

fn multipart(text: &str, files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body =
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n{text}\r\n").into_bytes();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    // a browser sends an empty file part for a file input left empty
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n\r\n--{BOUNDARY}--\r\n"
        )
        .as_bytes(),
    );
    body
}

/// A plain form post as a browser without JavaScript makes it: status, Location, HTML.
async fn post<S, B>(svc: &S, path: &str, body: Vec<u8>) -> (u16, String, String)
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let req = test::TestRequest::post()
        .uri(path)
        .insert_header(("host", HOST))
        .insert_header(("origin", format!("http://{HOST}")))
        .insert_header(("accept", "text/html"))
        .insert_header(("content-type", format!("multipart/form-data; boundary={BOUNDARY}")))
        .set_payload(body);
    let res = test::call_service(svc, req.to_request()).await;
    let status = res.status().as_u16();
    let location = res.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (status, location, String::from_utf8(test::read_body(res).await.to_vec()).unwrap())
}

async fn api<S, B>(svc: &S, token: &str, method: &str, path: &str, body: Value) -> Value
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let req = test::TestRequest::default()
        .method(method.parse().unwrap())
        .uri(path)
        .insert_header(("host", HOST))
        .insert_header(("authorization", format!("Bearer {token}")))
        .set_json(body);
    let res = test::call_service(svc, req.to_request()).await;
    assert!(res.status().is_success(), "{method} {path}: {}", res.status());
    serde_json::from_slice(&test::read_body(res).await).unwrap_or(Value::Null)
}

#[actix_web::test]
async fn the_candidate_reads_the_brief_and_sends_the_form_without_javascript() {
    let (db, svc) = in_app::demo_app().await;
    let req = test::TestRequest::post()
        .uri("/api/v1/auth/login")
        .insert_header(("host", HOST))
        .set_json(json!({"email": "hr@demo.hatrack.test", "password": DEMO_PASSWORD}));
    let res = test::call_service(&svc, req.to_request()).await;
    let hr = serde_json::from_slice::<Value>(&test::read_body(res).await).unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let loops = api(&svc, &hr, "GET", "/api/v1/loops", Value::Null).await;
    let id =
        loops["items"].as_array().unwrap().iter().find(|l| l["candidate"]["name"] == "Adaeze Nwosu").unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
    let lp = api(&svc, &hr, "GET", &format!("/api/v1/loops/{id}"), Value::Null).await;
    let stage = lp["stages"].as_array().unwrap().iter().find(|s| s["kind"] == "work_sample").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let links = format!("/api/v1/loops/{id}/stages/{stage}/work-sample-links");
    let link = api(&svc, &hr, "POST", &links, json!({})).await;
    let page = link["path"].as_str().unwrap().to_string();

    // the brief and the form, in the first HTML, with no account
    let (status, html) = in_app::get(&svc, &page, "").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("<title>Work sample: cut-over plan · Hatrack</title>"), "{html}");
    assert!(html.contains("<h1>Work sample: cut-over plan</h1>"));
    assert!(html.contains("Migration cut-over plan with rollback") && html.contains("400 mailboxes"));
    assert!(html.contains(&format!(r#"method="post" enctype="multipart/form-data" action="{page}""#)), "{html}");
    assert!(html.contains(r#"<label for="text">"#) && html.contains(r#"<label for="files">"#));
    assert!(html.contains("each at most 10 MB") && html.contains("Up to 100,000 characters"));
    assert!(!html.contains("Adaeze") && !html.contains("Rating guide"), "nothing internal");

    let written = || {
        let url = db.url.clone();
        std::thread::spawn(move || {
            use diesel::RunQueryDsl;
            #[derive(diesel::QueryableByName)]
            struct N {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                n: i64,
            }
            let mut c = db::migrate::connect_sync(&url).unwrap();
            diesel::sql_query(
                "SELECT (SELECT count(*) FROM work_sample_submissions) + (SELECT count(*) FROM work_sample_files) AS n",
            )
            .get_result::<N>(&mut c)
            .unwrap()
            .n
        })
        .join()
        .unwrap()
    };
    let before = written();

    // refused: the page again, with the problem, its status and the text as typed
    let typed = "My plan <b>in bold</b>\r\nsecond line";
    let (status, _, html) = post(&svc, &page, multipart(typed, &[("cv.pdf", b"\x89PNG\r\n\x1a\n....")])).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("There is a problem") && html.contains(r#"id="files-error""#), "{html}");
    assert!(html.contains("choose them again"));
    assert!(html.contains("My plan &lt;b&gt;in bold&lt;/b&gt;"), "the text comes back, escaped: {html}");
    assert_eq!(html.matches("<textarea").count(), html.matches("</textarea>").count());
    let (status, _, html) = post(&svc, &page, multipart(" ", &[])).await;
    assert_eq!(status, 422);
    assert!(html.contains(r#"id="text-error""#), "{html}");
    assert_eq!(written(), before, "a refused post writes nothing");

    // sent: back to the page, which thanks the candidate; after that the link is used
    let (status, location, _) = post(&svc, &page, multipart("Plan attached.", &[("plan.md", b"# Plan\n")])).await;
    assert_eq!((status, location.as_str()), (303, format!("{page}?sent=1").as_str()));
    assert_eq!(written(), before + 2);
    let (status, html) = in_app::get(&svc, &format!("{page}?sent=1"), "").await;
    assert_eq!(status, 200);
    assert!(html.contains("Thank you"), "{html}");
    let (status, html) = in_app::get(&svc, &page, "").await;
    assert_eq!(status, 409);
    assert!(html.contains("already been used"), "{html}");
    let (status, _, html) = post(&svc, &page, multipart("again", &[])).await;
    assert_eq!(status, 409, "{html}");

    // withdrawn, unknown, cut short
    let other = api(&svc, &hr, "POST", &links, json!({})).await;
    api(
        &svc,
        &hr,
        "DELETE",
        &format!("/api/v1/loops/{id}/work-sample-links/{}", other["link"]["id"].as_str().unwrap()),
        Value::Null,
    )
    .await;
    let (status, html) = in_app::get(&svc, other["path"].as_str().unwrap(), "").await;
    assert_eq!(status, 410);
    assert!(html.contains("no longer valid") && html.contains("withdrawn"), "{html}");
    let (status, html) = in_app::get(&svc, &format!("/work-sample/{}", "B".repeat(43)), "").await;
    assert_eq!(status, 404);
    assert!(html.contains("This link does not work"), "{html}");
    // a code of the wrong shape is a link that does not exist, to the candidate (the API
    // names the field: 422)
    let (status, html) = in_app::get(&svc, "/work-sample/cut-short", "").await;
    assert_eq!(status, 404);
    assert!(html.contains("This link does not work"), "{html}");
}
