//! Sign-in, tokens and sessions over HTTP, including the JWT negative suite.

mod common;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::*;
use serde_json::json;

#[actix_web::test]
async fn sign_in_me_refresh_rotation_and_reuse() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (access, refresh) = login(&svc, &demo("engineer")).await;
    let (status, me) = call(&svc, get("/api/v1/me", &access)).await;
    assert_eq!(status, 200);
    assert_eq!(me["person"]["email"], demo("engineer"));
    assert_eq!(me["person"]["manager"]["name"], "Elena Vasquez");
    assert_eq!(me["organization"]["name"], "Kestrel Logistics IT");

    // Refresh rotates: the new refresh token works, the old one is now spent.
    let (status, next) = call(&svc, send("POST", "/api/v1/auth/refresh", "", json!({"refresh_token": refresh}))).await;
    assert_eq!(status, 200);
    let next_refresh = next["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(next_refresh, refresh);
    let next_access = next["access_token"].as_str().unwrap().to_string();
    assert_eq!(call(&svc, get("/api/v1/me", &next_access)).await.0, 200);

    // Reusing the spent one revokes the whole family: the newest tokens die too.
    let (status, _) = call(&svc, send("POST", "/api/v1/auth/refresh", "", json!({"refresh_token": refresh}))).await;
    assert_eq!(status, 401);
    assert_eq!(call(&svc, get("/api/v1/me", &next_access)).await.0, 401, "access token of a revoked session");
    let (status, _) =
        call(&svc, send("POST", "/api/v1/auth/refresh", "", json!({"refresh_token": next_refresh}))).await;
    assert_eq!(status, 401, "the rest of the family is revoked");
}

#[actix_web::test]
async fn wrong_password_and_unknown_email_get_the_same_answer_then_throttling() {
    let f = fixture().await;
    let svc = app(&f).await;
    let wrong =
        |email: &str| send("POST", "/api/v1/auth/login", "", json!({"email": email, "password": "not-the-password"}));
    let (s1, b1) = call(&svc, wrong(&demo("admin"))).await;
    let (s2, b2) = call(&svc, wrong("nobody@demo.hatrack.test")).await;
    assert_eq!((s1, s2), (401, 401));
    assert_eq!(b1, b2, "no hint whether the account exists");
    for _ in 0..4 {
        call(&svc, wrong(&demo("admin"))).await;
    }
    let res = actix_web::test::call_service(&svc, wrong(&demo("admin")).to_request()).await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().get("retry-after").is_some());
    // even the right password waits now
    let (status, body) =
        call(&svc, send("POST", "/api/v1/auth/login", "", json!({"email": demo("admin"), "password": PASSWORD}))).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["error"], "rate_limited");

    // A key whose window passed long ago is forgotten at the next failure; a locked one stays.
    let url = f.db.url.clone();
    let keys = move |sql: &'static str| {
        #[derive(diesel::QueryableByName)]
        struct K {
            #[diesel(sql_type = diesel::sql_types::Text)]
            key: String,
        }
        with_sync_conn(&url, move |c| {
            use diesel::RunQueryDsl;
            diesel::sql_query(sql).load::<K>(c).unwrap().into_iter().map(|k| k.key).collect::<Vec<_>>()
        })
    };
    keys(
        "INSERT INTO login_throttle (key, failures, window_started_at) \
          VALUES ('account:old@demo.hatrack.test', 2, now() - interval '2 days') RETURNING key",
    );
    call(&svc, wrong("someone@demo.hatrack.test")).await;
    let left = keys("SELECT key FROM login_throttle ORDER BY key");
    assert!(!left.iter().any(|k| k == "account:old@demo.hatrack.test"), "{left:?}");
    assert!(left.iter().any(|k| k == &format!("account:{}", demo("admin"))), "the lock stays: {left:?}");
    assert!(left.iter().any(|k| k == "account:someone@demo.hatrack.test"), "{left:?}");
}

#[actix_web::test]
async fn missing_fields_are_named() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (status, body) = call(&svc, send("POST", "/api/v1/auth/login", "", json!({"email": "", "password": ""}))).await;
    assert_eq!(status, 422);
    assert!(body["fields"]["email"].is_string() && body["fields"]["password"].is_string(), "{body}");
}

fn b64(v: &serde_json::Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
}

#[actix_web::test]
async fn hostile_and_stale_tokens_are_refused() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (access, _) = login(&svc, &demo("engineer")).await;
    let parts: Vec<&str> = access.split('.').collect();
    let claims: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();

    let mut hostile = vec![
        ("alg=none", format!("{}.{}.", b64(&json!({"alg": "none", "typ": "JWT"})), parts[1])),
        ("tampered payload", {
            let mut c = claims.clone();
            c["sub"] = json!(uuid::Uuid::new_v4());
            format!("{}.{}.{}", parts[0], b64(&c), parts[2])
        }),
        ("garbage", "abc.def.ghi".to_string()),
    ];
    // tokens signed by a key this server does not hold (same kid name or another)
    let foreign = service::auth::jwt::KeyRing::ephemeral();
    let mut c: service::auth::jwt::Claims = serde_json::from_value(claims.clone()).unwrap();
    hostile.push(("wrong key", foreign.sign(&c)));
    let server_keys = f.services.keys();
    c.aud = "other".into();
    hostile.push(("wrong audience", server_keys.sign(&c)));
    let mut c: service::auth::jwt::Claims = serde_json::from_value(claims.clone()).unwrap();
    c.iss = "other".into();
    hostile.push(("wrong issuer", server_keys.sign(&c)));
    let mut c: service::auth::jwt::Claims = serde_json::from_value(claims.clone()).unwrap();
    c.typ = "refresh".into();
    hostile.push(("wrong token type", server_keys.sign(&c)));
    let mut c: service::auth::jwt::Claims = serde_json::from_value(claims.clone()).unwrap();
    c.exp = chrono::Utc::now().timestamp() - 120;
    hostile.push(("expired beyond leeway", server_keys.sign(&c)));
    let mut c: service::auth::jwt::Claims = serde_json::from_value(claims.clone()).unwrap();
    c.nbf = chrono::Utc::now().timestamp() + 3600;
    hostile.push(("nbf in the future", server_keys.sign(&c)));
    let mut c: service::auth::jwt::Claims = serde_json::from_value(claims.clone()).unwrap();
    c.org = uuid::Uuid::new_v4();
    hostile.push(("another organization", server_keys.sign(&c)));
    for (what, token) in hostile {
        assert_eq!(call(&svc, get("/api/v1/me", &token)).await.0, 401, "{what} accepted");
    }
    assert_eq!(call(&svc, get("/api/v1/me", &access)).await.0, 200, "the real token still works");

    // after sign-out
    let (other_access, _) = login(&svc, &demo("engineer")).await;
    assert_eq!(call(&svc, send("POST", "/api/v1/auth/logout", &other_access, json!({}))).await.0, 204);
    assert_eq!(call(&svc, get("/api/v1/me", &other_access)).await.0, 401, "token after logout");
    assert_eq!(call(&svc, get("/api/v1/me", &access)).await.0, 200, "other sessions go on");

    // after a role change or deactivation by an admin: the token version moves on
    let (admin, _) = login(&svc, &demo("admin")).await;
    let (hr_access, _) = login(&svc, &demo("hr")).await;
    let hr_id = person_id(&svc, &admin, "Jonas Berg").await;
    let (_, hr) = call(&svc, get(&format!("/api/v1/people/{hr_id}"), &admin)).await;
    let (status, _) = call(
        &svc,
        send(
            "PATCH",
            &format!("/api/v1/people/{hr_id}"),
            &admin,
            json!({"version": hr["version"], "roles": ["member"]}),
        ),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(call(&svc, get("/api/v1/me", &hr_access)).await.0, 401, "token after role downgrade");

    let engineer_id = person_id(&svc, &admin, "Tom Becker").await;
    let (_, eng) = call(&svc, get(&format!("/api/v1/people/{engineer_id}"), &admin)).await;
    let (status, _) = call(
        &svc,
        send(
            "PATCH",
            &format!("/api/v1/people/{engineer_id}"),
            &admin,
            json!({"version": eng["version"], "status": "deactivated"}),
        ),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(call(&svc, get("/api/v1/me", &access)).await.0, 401, "token after deactivation");
    let (status, _) =
        call(&svc, send("POST", "/api/v1/auth/login", "", json!({"email": demo("engineer"), "password": PASSWORD})))
            .await;
    assert_eq!(status, 401, "a deactivated person cannot sign in");
}

#[actix_web::test]
async fn cookie_sessions_need_same_origin_for_writes() {
    let f = fixture().await;
    let svc = app(&f).await;
    let res = actix_web::test::call_service(
        &svc,
        send("POST", "/api/v1/auth/login", "", json!({"email": demo("admin"), "password": PASSWORD})).to_request(),
    )
    .await;
    let cookie =
        res.response().cookies().find(|c| c.name() == api::auth::ACCESS_COOKIE).expect("access cookie").into_owned();
    assert!(cookie.http_only().unwrap_or(false));
    let read = actix_web::test::TestRequest::get().uri("/api/v1/me").cookie(cookie.clone());
    assert_eq!(call(&svc, read).await.0, 200, "cookie works for reads");
    let body = json!({"name": "Cross Site"});
    let forged = actix_web::test::TestRequest::post()
        .uri("/api/v1/teams")
        .cookie(cookie.clone())
        .insert_header(("origin", "https://evil.example"))
        .set_json(&body);
    assert_eq!(call(&svc, forged).await.0, 403, "cross-site write refused");
    let no_origin = actix_web::test::TestRequest::post().uri("/api/v1/teams").cookie(cookie.clone()).set_json(&body);
    assert_eq!(call(&svc, no_origin).await.0, 403, "a write without Origin is refused");
    let same = actix_web::test::TestRequest::post()
        .uri("/api/v1/teams")
        .cookie(cookie)
        .insert_header(("origin", "http://localhost:8080"))
        .set_json(&body);
    assert_eq!(call(&svc, same).await.0, 201, "same-origin write works");
}

#[actix_web::test]
async fn invitations_set_a_password_once_and_sign_in() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let (status, person) = call(
        &svc,
        send("POST", "/api/v1/people", &admin, json!({"name": "New Hire", "email": "new.hire@example.org"})),
    )
    .await;
    assert_eq!(status, 201);
    let id = person["id"].as_str().unwrap();
    let (status, body) = call(
        &svc,
        send(
            "POST",
            "/api/v1/auth/login",
            "",
            json!({"email": "new.hire@example.org", "password": "anything-long-enough"}),
        ),
    )
    .await;
    assert_eq!(status, 401, "an invited person cannot sign in yet: {body}");

    let (status, invite) =
        call(&svc, send("POST", &format!("/api/v1/people/{id}/invitation"), &admin, json!({}))).await;
    assert_eq!(status, 201, "{invite}");
    let path = invite["accept_path"].as_str().unwrap();
    let token = path.split("token=").nth(1).unwrap();

    let (status, body) =
        call(&svc, send("POST", "/api/v1/auth/accept-invite", "", json!({"token": token, "password": "short"}))).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["password"].is_string());
    let (status, tokens) = call(
        &svc,
        send("POST", "/api/v1/auth/accept-invite", "", json!({"token": token, "password": "a brand new passphrase"})),
    )
    .await;
    assert_eq!(status, 200, "{tokens}");
    let (_, me) = call(&svc, get("/api/v1/me", tokens["access_token"].as_str().unwrap())).await;
    assert_eq!(me["person"]["status"], "active");
    let (status, _) = call(
        &svc,
        send("POST", "/api/v1/auth/accept-invite", "", json!({"token": token, "password": "another passphrase!"})),
    )
    .await;
    assert_eq!(status, 422, "a link works once");
    let (status, _) = call(&svc, send("POST", &format!("/api/v1/people/{id}/invitation"), &admin, json!({}))).await;
    assert_eq!(status, 409, "an active person is not invited again");
}

#[actix_web::test]
async fn sessions_are_listed_and_others_can_be_signed_out() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (first, _) = login(&svc, &demo("engineer")).await;
    let (second, _) = login(&svc, &demo("engineer")).await;
    let (status, list) = call(&svc, get("/api/v1/me/sessions", &second)).await;
    assert_eq!(status, 200);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().filter(|s| s["current"] == true).count(), 1);
    let (status, body) = call(&svc, send("POST", "/api/v1/me/sessions/sign-out-others", &second, json!({}))).await;
    assert_eq!(status, 200);
    assert_eq!(body["signed_out"], 1);
    assert_eq!(call(&svc, get("/api/v1/me", &first)).await.0, 401, "the other session is gone");
    assert_eq!(call(&svc, get("/api/v1/me", &second)).await.0, 200, "this one stays");
}
