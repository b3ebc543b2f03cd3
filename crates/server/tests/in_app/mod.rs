//! Helpers for tests that call the wired app in-process (actix's test service), as a
//! browser would: same host, session cookies from a real sign-in.
#![allow(dead_code)]

use actix_web::test;

pub const HOST: &str = "localhost:8080";
pub const DEMO_PASSWORD: &str = "hatrack-demo-2026";

/// What `actix_web::test::init_service` gives: the app as a service answering test requests.
pub trait TestApp<B>:
    actix_web::dev::Service<actix_http::Request, Response = actix_web::dev::ServiceResponse<B>, Error = actix_web::Error>
{
}

impl<S, B> TestApp<B> for S where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >
{
}

/// Signs in through the API; the session cookies as a `Cookie` header value.
pub async fn sign_in<S, B>(svc: &S, email: &str, password: &str) -> String
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let req = test::TestRequest::post()
        .uri("/api/v1/auth/login")
        .insert_header(("host", HOST))
        .set_json(serde_json::json!({"email": email, "password": password}));
    let res = test::call_service(svc, req.to_request()).await;
    assert_eq!(res.status(), 200, "sign-in of {email}");
    res.response().cookies().map(|c| format!("{}={}", c.name(), c.value())).collect::<Vec<_>>().join("; ")
}

/// A GET carrying `cookie`; its status and body.
pub async fn get<S, B>(svc: &S, path: &str, cookie: &str) -> (u16, String)
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let req =
        test::TestRequest::get().uri(path).insert_header(("host", HOST)).insert_header(("cookie", cookie.to_string()));
    let res = test::call_service(svc, req.to_request()).await;
    let status = res.status().as_u16();
    (status, String::from_utf8(test::read_body(res).await.to_vec()).unwrap())
}

/// The wired app on a fresh database holding the demo organization (the database lives
/// as long as the first value).
pub async fn demo_app() -> (
    db::testing::TestDb,
    impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
) {
    let test_db = db::testing::TestDb::new();
    let services = service::Services::new(
        test_db.pool(),
        service::DatabaseMode::External,
        service::auth::jwt::KeyRing::ephemeral(),
    );
    service::identity::demo::load(&services).await.unwrap();
    let svc = test::init_service(server::http::app(server::http::AppState::new(
        services,
        std::path::Path::new("target/site"),
    )))
    .await;
    (test_db, svc)
}
