//! Server functions refuse text no field takes (NUL, control characters, bidi overrides)
//! before they run, as the JSON API does: a 422 naming the field for `fetch` calls, and for
//! a plain form post a redirect back to the page with the error in its address; pages
//! refuse such an address with a 422 page. Before, a NUL reached PostgreSQL and the call
//! or page answered 500.

mod in_app;

use actix_web::test;
use in_app::{DEMO_PASSWORD, HOST, sign_in};
use serde_json::Value;

fn path_of(name: &str) -> String {
    leptos::server_fn::actix::server_fn_paths()
        .map(|(p, _)| p.to_string())
        .find(|p| p.trim_start_matches("/sfn/").trim_end_matches(|c: char| c.is_ascii_digit()) == name)
        .unwrap_or_else(|| panic!("no server function {name}"))
}

fn form_post(name: &str, cookie: &str, form: &str) -> test::TestRequest {
    let req = test::TestRequest::post()
        .uri(&path_of(name))
        .insert_header(("host", HOST))
        .insert_header(("origin", format!("http://{HOST}")))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(form.to_string());
    if cookie.is_empty() { req } else { req.insert_header(("cookie", cookie.to_string())) }
}

#[actix_web::test]
async fn server_functions_refuse_unstorable_text_naming_the_field() {
    let (_db, svc) = in_app::demo_app().await;

    // Anonymous sign-in with a NUL in the address: refused before the database sees it.
    let req = form_post("sign_in", "", "email=%00&password=x").insert_header(("accept", "application/json"));
    let res = test::call_service(&svc, req.to_request()).await;
    assert_eq!(res.status(), 422);
    let body: Value = serde_json::from_slice(&test::read_body(res).await).unwrap();
    assert_eq!(body["error"], "validation", "{body}");
    assert!(body["fields"]["email"].as_str().unwrap().contains("U+0000"), "{body}");

    // A form field by its name; a multi-line field keeps its line breaks.
    let admin = sign_in(&svc, "admin@demo.hatrack.test", DEMO_PASSWORD).await;
    let form = "name=Platform%E2%80%AE&description=&lead_id=";
    let req = form_post("save_team", &admin, form).insert_header(("accept", "application/json"));
    let res = test::call_service(&svc, req.to_request()).await;
    assert_eq!(res.status(), 422);
    let body: Value = serde_json::from_slice(&test::read_body(res).await).unwrap();
    assert!(body["fields"]["name"].as_str().unwrap().contains("U+202E"), "{body}");
    let form = "name=Platform&description=Build%0D%0Aand%09deploy&lead_id=";
    let req = form_post("save_team", &admin, form).insert_header(("accept", "application/json"));
    let res = test::call_service(&svc, req.to_request()).await;
    assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());

    // Without JavaScript the browser posts the form and goes back to the page, which reads
    // the problem from the address as it does for any server function error.
    let referer = format!("http://{HOST}/teams/new");
    let req = form_post("save_team", &admin, "name=A%00&description=&lead_id=")
        .insert_header(("accept", "text/html"))
        .insert_header(("referer", referer.clone()));
    let res = test::call_service(&svc, req.to_request()).await;
    assert_eq!(res.status(), 302);
    let location = res.headers().get("location").unwrap().to_str().unwrap();
    assert!(location.starts_with(&referer) && location.contains("__err="), "{location}");

    // A page's address: the directory's search reached PostgreSQL and answered 500.
    let (status, page) = in_app::get(&svc, "/people?q=%00", &admin).await;
    assert_eq!(status, 422);
    assert!(page.contains("U+0000") && page.contains("cannot be opened"), "{page}");
    let (status, _) = in_app::get(&svc, "/people?q=Zo%C3%AB", &admin).await;
    assert_eq!(status, 200);
}
