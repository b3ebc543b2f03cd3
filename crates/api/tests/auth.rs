//! Sign-in, tokens and sessions over HTTP, including the JWT negative suite.

mod common;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::*;
use serde_json::json;
use service::auth::client::TrustedProxies;

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

    // Two tabs refreshing at once: the same token again within seconds is answered too.
    let (status, twin) = call(&svc, send("POST", "/api/v1/auth/refresh", "", json!({"refresh_token": refresh}))).await;
    assert_eq!(status, 200, "a second tab's refresh within the grace: {twin}");
    assert_eq!(call(&svc, get("/api/v1/me", twin["access_token"].as_str().unwrap())).await.0, 200);
    assert_eq!(call(&svc, get("/api/v1/me", &next_access)).await.0, 200, "the first tab stays signed in");

    // Reusing the spent one after the grace revokes the whole family: the newest tokens die too.
    let url = f.db.url.clone();
    with_sync_conn(&url, |c| {
        use diesel::RunQueryDsl;
        diesel::sql_query(
            "UPDATE sessions SET rotated_at = rotated_at - interval '1 minute' WHERE rotated_at IS NOT NULL",
        )
        .execute(c)
        .unwrap()
    });
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
    let from = |ip: &str| -> std::net::SocketAddr { format!("{ip}:40000").parse().unwrap() };
    let attempt = |email: &str, password: &str, ip: &str| {
        send("POST", "/api/v1/auth/login", "", json!({"email": email, "password": password})).peer_addr(from(ip))
    };
    let wrong = |email: &str, ip: &str| attempt(email, "not-the-password", ip);
    let attacker = "198.51.100.66";
    let (s1, b1) = call(&svc, wrong(&demo("admin"), attacker)).await;
    let (s2, b2) = call(&svc, wrong("nobody@demo.hatrack.test", attacker)).await;
    assert_eq!((s1, s2), (401, 401));
    assert_eq!(b1, b2, "no hint whether the account exists");
    for _ in 0..3 {
        call(&svc, wrong(&demo("admin"), attacker)).await;
    }
    // The fifth failure of this account from this address pauses the pair.
    let res = actix_web::test::call_service(&svc, wrong(&demo("admin"), attacker).to_request()).await;
    assert_eq!(res.status(), 401);
    let res = actix_web::test::call_service(&svc, wrong(&demo("admin"), attacker).to_request()).await;
    assert_eq!(res.status(), 429);
    let first_pause: u64 = res.headers().get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
    assert!((1..=30).contains(&first_pause), "{first_pause}");
    // Even the right password waits, from that address.
    let (status, body) = call(&svc, attempt(&demo("admin"), PASSWORD, attacker)).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["error"], "rate_limited");
    // The account is not locked: its owner signs in from their own address, and a wrong
    // password from elsewhere is an ordinary wrong password.
    let (status, body) = call(&svc, attempt(&demo("admin"), PASSWORD, "203.0.113.5")).await;
    assert_eq!(status, 200, "the owner is not locked out by someone else's guesses: {body}");
    assert_eq!(call(&svc, wrong(&demo("admin"), "203.0.113.6")).await.0, 401);

    // The pause doubles with each further failure once it has passed.
    let url = f.db.url.clone();
    let sql = move |sql: String| {
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
    let pair = format!("pair:{attacker}|{}", demo("admin"));
    sql(format!(
        "UPDATE login_throttle SET locked_until = now() - interval '1 second' WHERE key = '{pair}' RETURNING key"
    ));
    assert_eq!(call(&svc, wrong(&demo("admin"), attacker)).await.0, 401, "the pause is over");
    let res = actix_web::test::call_service(&svc, wrong(&demo("admin"), attacker).to_request()).await;
    assert_eq!(res.status(), 429);
    let second: u64 = res.headers().get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
    assert!((31..=60).contains(&second), "the second pause is twice the first: {second}");

    // Many accounts from one address pause the address, whatever account it tries next.
    let sprayer = "192.0.2.99";
    for i in 0..30 {
        assert_eq!(call(&svc, wrong(&format!("user{i}@demo.hatrack.test"), sprayer)).await.0, 401, "attempt {i}");
    }
    let (status, _) = call(&svc, attempt(&demo("engineer"), PASSWORD, sprayer)).await;
    assert_eq!(status, 429, "the address is paused");
    assert_eq!(call(&svc, attempt(&demo("engineer"), PASSWORD, "203.0.113.7")).await.0, 200);

    // A key whose last failure is long past is forgotten at the next failure; a paused
    // one stays.
    sql("INSERT INTO login_throttle (key, failures, last_failure_at) \
          VALUES ('pair:192.0.2.1|old@demo.hatrack.test', 2, now() - interval '2 days') RETURNING key"
        .to_string());
    call(&svc, wrong("someone@demo.hatrack.test", "192.0.2.2")).await;
    let left = sql("SELECT key FROM login_throttle ORDER BY key".to_string());
    assert!(!left.iter().any(|k| k == "pair:192.0.2.1|old@demo.hatrack.test"), "{left:?}");
    assert!(left.contains(&pair), "the pause stays: {left:?}");
    assert!(left.iter().any(|k| k == "pair:192.0.2.2|someone@demo.hatrack.test"), "{left:?}");
}

/// `X-Forwarded-For` from anyone but a configured proxy is the client's own writing: it
/// neither moves the throttle to another address nor lands in the session list.
#[actix_web::test]
async fn forwarded_addresses_count_only_from_trusted_proxies() {
    let f = fixture().await;
    let svc = app(&f).await;
    let attacker: std::net::SocketAddr = "198.51.100.66:40000".parse().unwrap();
    for i in 0..6 {
        let req = send("POST", "/api/v1/auth/login", "", json!({"email": demo("admin"), "password": "wrong"}))
            .peer_addr(attacker)
            .insert_header(("x-forwarded-for", format!("10.0.0.{i}")))
            .insert_header(("forwarded", format!("for=10.0.1.{i}")));
        let status = call(&svc, req).await.0;
        assert_eq!(
            status,
            if i < 5 { 401 } else { 429 },
            "attempt {i}: a new forwarded address each time is no escape"
        );
    }
    let req = send("POST", "/api/v1/auth/login", "", json!({"email": demo("engineer"), "password": PASSWORD}))
        .peer_addr(attacker)
        .insert_header(("x-forwarded-for", "6.6.6.6"))
        .insert_header(("x-forwarded-proto", "https"));
    let res = actix_web::test::call_service(&svc, req.to_request()).await;
    assert_eq!(res.status(), 200);
    assert!(res.response().cookies().all(|c| c.secure() != Some(true)), "plain http, whatever the client claims");
    let body: serde_json::Value = actix_web::test::read_body_json(res).await;
    let (_, sessions) = call(&svc, get("/api/v1/me/sessions", body["access_token"].as_str().unwrap())).await;
    let text = sessions.to_string();
    assert!(text.contains("198.51.100.66") && !text.contains("6.6.6.6"), "{text}");

    // Behind a trusted proxy, its header names the client.
    let proxied = app_with(&f, |s| s.with_trusted_proxies(TrustedProxies::parse("127.0.0.0/8").unwrap())).await;
    let req = send("POST", "/api/v1/auth/login", "", json!({"email": demo("engineer"), "password": PASSWORD}))
        .peer_addr("127.0.0.1:5000".parse().unwrap())
        .insert_header(("x-forwarded-for", "6.6.6.6, 203.0.113.77"))
        .insert_header(("x-forwarded-proto", "https"));
    let res = actix_web::test::call_service(&proxied, req.to_request()).await;
    assert_eq!(res.status(), 200);
    let cookies: Vec<_> = res.response().cookies().collect();
    assert!(!cookies.is_empty() && cookies.iter().all(|c| c.secure() == Some(true)), "https at the proxy: Secure");
    let body: serde_json::Value = actix_web::test::read_body_json(res).await;
    let (_, sessions) = call(&proxied, get("/api/v1/me/sessions", body["access_token"].as_str().unwrap())).await;
    let text = sessions.to_string();
    assert!(text.contains("203.0.113.77") && !text.contains("6.6.6.6"), "{text}");
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

/// An address may be a person in two organizations. Another organization adding the
/// address first takes nothing from the first: the invited person accepts and signs in to
/// their own organization; with the same password in both, sign-in asks which one.
#[actix_web::test]
async fn one_address_in_two_organizations() {
    let f = fixture().await;
    let svc = app(&f).await;
    // Another organization (its admin is someone else) adds the address first, with a
    // password of its own choosing.
    let email = "sam.shared@example.org";
    service::identity::orgs::create_admin(
        &f.services,
        "Rival IT",
        "Sam Elsewhere",
        email,
        "the rival's own passphrase",
    )
    .await
    .unwrap();

    // Kestrel invites the same address; the person accepts and lands in Kestrel.
    let (admin, _) = login(&svc, &demo("admin")).await;
    let (status, person) =
        call(&svc, send("POST", "/api/v1/people", &admin, json!({"name": "Sam Shared", "email": email}))).await;
    assert_eq!(status, 201, "{person}");
    let id = person["id"].as_str().unwrap();
    let (_, invite) = call(&svc, send("POST", &format!("/api/v1/people/{id}/invitation"), &admin, json!({}))).await;
    let token = invite["accept_path"].as_str().unwrap().split("token=").nth(1).unwrap().to_string();
    let (status, tokens) = call(
        &svc,
        send("POST", "/api/v1/auth/accept-invite", "", json!({"token": token, "password": "kestrel passphrase 1"})),
    )
    .await;
    assert_eq!(status, 200, "the invitation is accepted though another organization has the address: {tokens}");
    let (_, me) = call(&svc, get("/api/v1/me", tokens["access_token"].as_str().unwrap())).await;
    assert_eq!(me["organization"]["name"], "Kestrel Logistics IT");

    // Each password signs in to its own organization.
    let sign_in = |password: &str, organization: Option<&str>| {
        let mut body = json!({"email": email, "password": password});
        if let Some(o) = organization {
            body["organization"] = json!(o);
        }
        send("POST", "/api/v1/auth/login", "", body)
    };
    let org_of = async |tokens: &serde_json::Value| {
        let (_, me) = call(&svc, get("/api/v1/me", tokens["access_token"].as_str().unwrap())).await;
        me["organization"]["name"].as_str().unwrap().to_string()
    };
    let (status, tokens) = call(&svc, sign_in("kestrel passphrase 1", None)).await;
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(org_of(&tokens).await, "Kestrel Logistics IT");
    let (status, tokens) = call(&svc, sign_in("the rival's own passphrase", None)).await;
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(org_of(&tokens).await, "Rival IT");
    assert_eq!(call(&svc, sign_in("neither of them", None)).await.0, 401);

    // The same password in both: sign-in asks which organization, then takes the name.
    let hash = service::auth::passwords::hash(&domain::validate::Password::parse("kestrel passphrase 1").unwrap());
    with_sync_conn(&f.db.url.clone(), move |c| {
        use diesel::RunQueryDsl;
        diesel::sql_query("UPDATE people SET password_hash = $1 WHERE email = $2")
            .bind::<diesel::sql_types::Text, _>(hash)
            .bind::<diesel::sql_types::Text, _>(email)
            .execute(c)
            .unwrap()
    });
    let (status, body) = call(&svc, sign_in("kestrel passphrase 1", None)).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["fields"]["organization"].is_string(), "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("Kestrel Logistics IT") && message.contains("Rival IT"), "{message}");
    let (status, tokens) = call(&svc, sign_in("kestrel passphrase 1", Some("rival it"))).await;
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(org_of(&tokens).await, "Rival IT");
    // Naming an organization the password is wrong for is an ordinary wrong password.
    assert_eq!(call(&svc, sign_in("the rival's own passphrase", Some("Kestrel Logistics IT"))).await.0, 401);
}
