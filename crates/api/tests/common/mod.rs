//! An in-process API on its own test database with the demo organization loaded.
#![allow(dead_code)]

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::{App, test, web};
use db::testing::TestDb;
use serde_json::Value;
use service::auth::jwt::KeyRing;
use service::{DatabaseMode, Services};

pub const PASSWORD: &str = "hatrack-demo-2026";

pub struct Fixture {
    pub db: TestDb,
    pub services: Services,
}

pub async fn fixture() -> Fixture {
    let db = TestDb::new();
    let services = Services::new(db.pool(), DatabaseMode::External, KeyRing::ephemeral());
    service::identity::demo::load(&services).await.expect("demo loads");
    Fixture { db, services }
}

pub async fn app(
    f: &Fixture,
) -> impl Service<actix_http::Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error> {
    test::init_service(
        App::new()
            .app_data(web::Data::new(f.services.clone()))
            .configure(api::configure_health)
            .configure(api::configure)
            .wrap(tracing_actix_web::TracingLogger::default()),
    )
    .await
}

/// The API on the fixture's database with its services changed by `f` (a setting).
pub async fn app_with(
    fx: &Fixture,
    f: impl FnOnce(Services) -> Services,
) -> impl Service<actix_http::Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error> {
    test::init_service(
        App::new()
            .app_data(web::Data::new(f(fx.services.clone())))
            .configure(api::configure_health)
            .configure(api::configure)
            .wrap(tracing_actix_web::TracingLogger::default()),
    )
    .await
}

pub async fn call<S, B>(svc: &S, req: test::TestRequest) -> (u16, Value)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let res = test::call_service(svc, req.to_request()).await;
    let status = res.status().as_u16();
    let body = test::read_body(res).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

pub fn get(path: &str, token: &str) -> test::TestRequest {
    test::TestRequest::get().uri(path).insert_header(("authorization", format!("Bearer {token}")))
}

pub fn send(method: &str, path: &str, token: &str, body: Value) -> test::TestRequest {
    let req = match method {
        "POST" => test::TestRequest::post(),
        "PATCH" => test::TestRequest::patch(),
        "PUT" => test::TestRequest::put(),
        "DELETE" => test::TestRequest::delete(),
        _ => test::TestRequest::get(),
    };
    let req = req.uri(path).set_json(body);
    if token.is_empty() { req } else { req.insert_header(("authorization", format!("Bearer {token}"))) }
}

/// Signs in with the demo password and returns (access token, refresh token).
pub async fn login<S, B>(svc: &S, email: &str) -> (String, String)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    login_with(svc, email, PASSWORD).await
}

pub async fn login_with<S, B>(svc: &S, email: &str, password: &str) -> (String, String)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let (status, body) =
        call(svc, send("POST", "/api/v1/auth/login", "", serde_json::json!({"email": email, "password": password})))
            .await;
    assert_eq!(status, 200, "sign-in of {email}: {body}");
    (body["access_token"].as_str().unwrap().to_string(), body["refresh_token"].as_str().unwrap().to_string())
}

pub fn demo(who: &str) -> String {
    format!("{who}@demo.hatrack.test")
}

/// The id of a demo person by name, through the API.
pub async fn person_id<S, B>(svc: &S, token: &str, name: &str) -> String
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let q = name.replace(' ', "%20");
    let (_, body) = call(svc, get(&format!("/api/v1/people?q={q}&status=active"), token)).await;
    body["items"][0]["id"].as_str().unwrap_or_else(|| panic!("{name} not found: {body}")).to_string()
}

/// Runs `f` with a synchronous connection to the test database, on its own thread (a
/// blocking connection cannot run inside the async test's runtime).
pub fn with_sync_conn<T: Send + 'static>(
    url: &str,
    f: impl FnOnce(&mut db::migrate::SyncConn) -> T + Send + 'static,
) -> T {
    let url = url.to_string();
    std::thread::spawn(move || f(&mut db::migrate::connect_sync(&url).unwrap())).join().unwrap()
}
