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

/// A GET as JSON: its status and parsed body (`Null` when it is not JSON).
pub async fn get_json<S, B>(svc: &S, path: &str, cookie: &str) -> (u16, serde_json::Value)
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let (status, body) = get(svc, path, cookie).await;
    (status, serde_json::from_str(&body).unwrap_or(serde_json::Value::Null))
}

/// Ids of the demo organization that `authorization.toml`'s server-function `args` name
/// (`{person}`, `{team}`, …), read through the API as the demo admin and HR.
pub async fn demo_ids<S, B>(svc: &S) -> Vec<(&'static str, String)>
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let admin = sign_in(svc, "admin@demo.hatrack.test", DEMO_PASSWORD).await;
    let hr = sign_in(svc, "hr@demo.hatrack.test", DEMO_PASSWORD).await;
    let id = |v: &serde_json::Value| v["id"].as_str().unwrap().to_string();
    let named = |list: &serde_json::Value, key: &str, value: &str| {
        id(list.as_array().unwrap().iter().find(|x| x[key] == value).unwrap_or_else(|| panic!("no {value}")))
    };
    let (_, people) = get_json(svc, "/api/v1/people?q=Aisha", &admin).await;
    let person = id(&people["items"][0]);
    let (_, teams) = get_json(svc, "/api/v1/teams", &admin).await;
    let (_, frameworks) = get_json(svc, "/api/v1/frameworks", &admin).await;
    let (_, profiles) = get_json(svc, "/api/v1/role-profiles", &hr).await;
    let (_, cycles) = get_json(svc, "/api/v1/cycles", &hr).await;
    let (_, assessments) = get_json(svc, &format!("/api/v1/assessments?person_id={person}"), &hr).await;
    let assessment = id(assessments
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "self" && a["cycle_name"] == "Spring 2026")
        .unwrap());
    let (_, components) = get_json(svc, "/api/v1/components?q=core%20network", &admin).await;
    let (_, activities) = get_json(svc, "/api/v1/activities", &admin).await;
    let (_, plans) = get_json(svc, "/api/v1/interview-plans", &admin).await;
    let (_, exercises) = get_json(svc, "/api/v1/exercises", &hr).await;
    let (_, candidates) = get_json(svc, "/api/v1/candidates?q=riya", &hr).await;
    let (_, loops) = get_json(svc, "/api/v1/loops", &hr).await;
    let the_loop =
        loops["items"].as_array().unwrap().iter().find(|l| l["candidate"]["name"] == "Riya Desai").map(id).unwrap();
    let (_, seen) = get_json(svc, &format!("/api/v1/loops/{the_loop}"), &hr).await;
    vec![
        ("{plan}", id(&plans[0])),
        ("{exercise}", id(&exercises[0])),
        ("{candidate}", id(&candidates["items"][0])),
        ("{loop_stage}", seen["stages"][0]["id"].as_str().unwrap().to_string()),
        ("{loop}", the_loop),
        ("{team}", named(&teams, "name", "Infrastructure")),
        ("{framework}", named(&frameworks, "name", "IT Lead")),
        ("{role_profile}", named(&profiles, "name", "Engineer II")),
        ("{cycle}", named(&cycles, "status", "open")),
        ("{assessment}", assessment),
        ("{component}", id(&components["items"][0])),
        ("{activity}", named(&activities, "name", "Patching")),
        ("{person}", person),
    ]
}

/// `template` with every `{name}` of `ids` replaced.
pub fn fill(template: &str, ids: &[(&'static str, String)]) -> String {
    ids.iter().fold(template.to_string(), |s, (name, id)| s.replace(name, id))
}
