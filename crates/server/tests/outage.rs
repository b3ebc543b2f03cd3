//! The database goes away and comes back: readiness and the API answer 503 with the error
//! shape meanwhile, and recover without a restart.

use actix_web::test;
use db::embedded::{Durability, EmbeddedPostgres};
use server::http::{AppState, app};
use service::auth::jwt::KeyRing;
use service::{DatabaseMode, Services};
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

async fn status_of(
    svc: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
    path: &str,
) -> (u16, serde_json::Value) {
    let res = test::call_service(svc, test::TestRequest::get().uri(path).to_request()).await;
    let status = res.status().as_u16();
    let body = test::read_body(res).await;
    (status, serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null))
}

#[actix_web::test]
async fn outage_gives_503_and_recovers_by_itself() {
    let dir = tempfile::Builder::new().prefix("hatrack-outage-").tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = dir.path().to_path_buf();
    let pg = tokio::task::spawn_blocking(move || EmbeddedPostgres::start(&path, Durability::Disposable))
        .await
        .unwrap()
        .unwrap();
    let url = pg.url("postgres");
    let migrate_url = url.clone();
    tokio::task::spawn_blocking(move || db::migrate::run_pending(&migrate_url)).await.unwrap().unwrap();
    let pool = db::pool::build(&url, 4).unwrap();
    let state = AppState::new(Services::new(pool, DatabaseMode::Embedded, KeyRing::ephemeral()), dir.path());
    let svc = test::init_service(app(state)).await;

    assert_eq!(status_of(&svc, "/readyz").await.0, 200);
    assert_eq!(status_of(&svc, "/api/v1/status").await.0, 200);

    let mut pg = pg;
    let path = dir.path().to_path_buf();
    let pg = tokio::task::spawn_blocking(move || {
        pg.stop().unwrap();
        drop(pg);
        path
    })
    .await
    .unwrap();

    let (status, body) = status_of(&svc, "/readyz").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"], "database_unavailable");
    let (status, body) = status_of(&svc, "/api/v1/status").await;
    assert_eq!(status, 503);
    assert_eq!(body["error"], "database_unavailable");
    assert!(body["message"].as_str().unwrap().contains("try again"));

    let mut pg = tokio::task::spawn_blocking(move || EmbeddedPostgres::start(&pg, Durability::Disposable))
        .await
        .unwrap()
        .unwrap();
    let started = Instant::now();
    loop {
        if status_of(&svc, "/readyz").await.0 == 200 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "did not recover");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status_of(&svc, "/api/v1/status").await.0, 200);
    tokio::task::spawn_blocking(move || pg.stop()).await.unwrap().unwrap();
}
