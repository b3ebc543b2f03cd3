//! The sign-in form when an address is a person in two organizations with the same
//! password: the form's server function answers which organizations, and takes the one
//! the person names (the JSON API's side is in `api/tests/auth.rs`).

mod in_app;

use actix_web::test;
use in_app::{DEMO_PASSWORD, HOST};
use serde_json::Value;

#[actix_web::test]
async fn the_sign_in_form_asks_which_organization() {
    let (db, svc) = in_app::demo_app().await;
    let services =
        service::Services::new(db.pool(), service::DatabaseMode::External, service::auth::jwt::KeyRing::ephemeral());
    // Another organization has a person with the engineer's address and the same password.
    service::identity::orgs::create_admin(
        &services,
        "Second Site IT",
        "Eng Elsewhere",
        "engineer@demo.hatrack.test",
        DEMO_PASSWORD,
    )
    .await
    .unwrap();

    let path = leptos::server_fn::actix::server_fn_paths()
        .map(|(p, _)| p.to_string())
        .find(|p| p.trim_end_matches(|c: char| c.is_ascii_digit()).ends_with("/sign_in"))
        .unwrap();
    let post = |organization: &str| {
        test::TestRequest::post()
            .uri(&path)
            .insert_header(("host", HOST))
            .insert_header(("origin", format!("http://{HOST}")))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .insert_header(("accept", "application/json"))
            .set_payload(format!(
                "email=engineer%40demo.hatrack.test&password={DEMO_PASSWORD}&next=%2Fpeople&organization={organization}"
            ))
            .to_request()
    };
    // As the form's island posts it: the problem comes back for the form to show.
    let res = test::call_service(&svc, post("")).await;
    assert_eq!(res.status(), 200);
    let body: Value = serde_json::from_slice(&test::read_body(res).await).unwrap();
    assert_eq!(body["error"], "validation", "{body}");
    assert!(body["fields"]["organization"].is_string(), "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("Kestrel Logistics IT") && message.contains("Second Site IT"), "{message}");

    // Naming one signs in there and goes on to `next`.
    let res = test::call_service(&svc, post("second+site+it")).await;
    let cookies: Vec<String> = res.response().cookies().map(|c| format!("{}={}", c.name(), c.value())).collect();
    assert!(res.headers().contains_key("serverfnredirect"), "the island follows the redirect");
    assert_eq!(res.headers().get("location").unwrap().to_str().unwrap(), "/people");
    let (_, me) = in_app::get(&svc, "/api/v1/me", &cookies.join("; ")).await;
    let me: Value = serde_json::from_str(&me).unwrap();
    assert_eq!(me["organization"]["name"], "Second Site IT");
}
