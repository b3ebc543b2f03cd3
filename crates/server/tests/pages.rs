//! The wired application in-process: pages render on the server from the database, the
//! API and the page 404s differ, every response carries a request id, metrics count.

mod in_app;

use actix_web::test;
use in_app::{DEMO_PASSWORD, TestApp, demo_app};
use server::http::{AppState, app};
use service::auth::jwt::KeyRing;
use service::{DatabaseMode, Services};

#[actix_web::test]
async fn pages_api_metrics_and_request_ids() {
    let test_db = db::testing::TestDb::new();
    let state = AppState::new(
        Services::new(test_db.pool(), DatabaseMode::External, KeyRing::ephemeral()),
        std::path::Path::new("target/site"),
    )
    .with_metrics_token(Some(METRICS_TOKEN));
    let svc = test::init_service(app(state)).await;

    let res = test::call_service(&svc, test::TestRequest::get().uri("/").to_request()).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().contains_key("x-request-id"));
    let html = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(html.contains("<html") && html.contains("Sign in to see what needs you"), "a visitor's home page");
    assert!(!html.contains("Hatrack version"), "a visitor is not told versions");
    assert!(html.contains("/pkg/hatrack.js"), "hydration script is referenced");

    let res = test::call_service(&svc, test::TestRequest::get().uri("/no/such/page").to_request()).await;
    assert_eq!(res.status(), 404);
    assert!(res.headers().get("content-type").unwrap().to_str().unwrap().starts_with("text/html"));

    let res = test::call_service(&svc, test::TestRequest::get().uri("/api/v1/no-such-thing").to_request()).await;
    assert_eq!(res.status(), 404);
    let body: serde_json::Value = serde_json::from_slice(&test::read_body(res).await).unwrap();
    assert_eq!(body["error"], "not_found");

    // Metrics only with the token.
    for authorization in [None, Some("Bearer wrong-token-of-the-same-size"), Some(METRICS_TOKEN)] {
        let mut req = test::TestRequest::get().uri("/metrics");
        if let Some(a) = authorization {
            req = req.insert_header(("authorization", a));
        }
        let res = test::call_service(&svc, req.to_request()).await;
        assert_eq!(res.status(), 401, "{authorization:?}");
        assert_eq!(res.headers().get("www-authenticate").unwrap(), "Bearer");
        let body: serde_json::Value = serde_json::from_slice(&test::read_body(res).await).unwrap();
        assert_eq!(body["error"], "unauthenticated");
    }
    let res = test::call_service(
        &svc,
        test::TestRequest::get()
            .uri("/metrics")
            .insert_header(("authorization", format!("Bearer {METRICS_TOKEN}")))
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), 200);
    let text = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(text.contains("# TYPE hatrack_http_requests_total counter"));
    assert!(text.contains("route=\"/\",method=\"GET\",status=\"200\""), "{text}");
    assert!(text.contains("hatrack_db_pool_connections{state=\"max\"} 4"));
}

const METRICS_TOKEN: &str = "metrics-token-for-tests";

/// A stranger learns that the server answers, not what it runs nor how many organizations
/// it holds; a signed-in person sees both from the API, an admin on the status page. Without a
/// token configured, `/metrics` answers only a process on this machine talking to us directly.
#[actix_web::test]
async fn status_tells_strangers_only_ok_and_metrics_without_a_token_are_local_only() {
    let (_db, svc) = demo_app().await;
    let (status, body) = in_app::get(&svc, "/api/v1/status", "").await;
    assert_eq!(status, 200);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["status"], "ok");
    assert_eq!(json.as_object().unwrap().keys().collect::<Vec<_>>(), vec!["checked_at", "status"], "{body}");
    let (_, html) = in_app::get(&svc, "/", "").await;
    assert!(!html.contains("Hatrack version") && !html.contains("Organizations"), "visitor's home page");

    let cookie = sign_in(&svc, "engineer@demo.hatrack.test").await;
    let (_, body) = in_app::get(&svc, "/api/v1/status", &cookie).await;
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["detail"]["organizations"], 1, "{body}");
    assert_eq!(json["detail"]["database_mode"], "external");
    assert!(json["detail"]["database_version"].as_str().is_some_and(|v| !v.is_empty()));
    let html = page(&svc, &cookie, "/").await;
    assert!(!html.contains("Hatrack version") && html.contains("What needs you"), "signed-in home page: no status");
    let admin = sign_in(&svc, "admin@demo.hatrack.test").await;
    let html = page(&svc, &admin, "/admin/status").await;
    assert!(html.contains("Hatrack version") && html.contains("PostgreSQL"), "the admins' status page");

    let (status, body) = in_app::get(&svc, "/metrics", "").await;
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("HATRACK_METRICS_TOKEN"));
    // A process on this machine, straight to us, reads them; the same address relayed by a
    // reverse proxy (which says so) or a remote address does not.
    let metrics = |peer: &str, forwarded: Option<&str>| {
        let req = test::TestRequest::get().uri("/metrics").peer_addr(peer.parse().unwrap());
        match forwarded {
            Some(f) => req.insert_header(("x-forwarded-for", f.to_string())),
            None => req,
        }
        .to_request()
    };
    assert_eq!(test::call_service(&svc, metrics("127.0.0.1:4000", None)).await.status(), 200);
    assert_eq!(test::call_service(&svc, metrics("[::1]:4000", None)).await.status(), 200);
    assert_eq!(test::call_service(&svc, metrics("127.0.0.1:4000", Some("203.0.113.9"))).await.status(), 404);
    assert_eq!(test::call_service(&svc, metrics("192.0.2.10:4000", None)).await.status(), 404);
}

#[actix_web::test]
async fn server_functions_are_under_their_prefix_and_in_the_matrix() {
    let matrix: toml::Value = toml::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../authorization.toml")).unwrap(),
    )
    .unwrap();
    let listed: Vec<String> =
        matrix["server_fn"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap().to_string()).collect();
    let paths: Vec<String> = leptos::server_fn::actix::server_fn_paths().map(|(p, _)| p.to_string()).collect();
    assert!(!paths.is_empty());
    for p in &paths {
        assert!(p.starts_with(app::SERVER_FN_PREFIX) && !p.starts_with("/api"), "{p}");
        let name = p
            .trim_start_matches(app::SERVER_FN_PREFIX)
            .trim_start_matches('/')
            .trim_end_matches(|c: char| c.is_ascii_digit());
        assert!(listed.iter().any(|l| l == name), "server function {name} ({p}) is missing from authorization.toml");
    }
    for name in &listed {
        assert!(
            paths.iter().any(|p| p.contains(name.as_str())),
            "authorization.toml lists {name}, which does not exist"
        );
    }
}

/// A team's page lists the first rows of its ownership load and says how many more there
/// are; `?owned=all` lists every row. The API gives all of them, with the total.
#[actix_web::test]
async fn ownership_sections_list_their_first_rows_and_all_on_request() {
    let (_db, svc) = demo_app().await;
    let lead = sign_in(&svc, "lead@demo.hatrack.test").await;
    let get = |path: String| {
        let (svc, lead) = (&svc, &lead);
        async move { page(svc, lead, &path).await }
    };
    let teams: serde_json::Value = serde_json::from_str(&get("/api/v1/teams".into()).await).unwrap();
    let infra = teams.as_array().unwrap().iter().find(|t| t["name"] == "Infrastructure").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let load: serde_json::Value = serde_json::from_str(&get(format!("/api/v1/teams/{infra}/ownership")).await).unwrap();
    let total = load["total"].as_u64().unwrap() as usize;
    assert!(total > 25, "the demo's infrastructure team holds more than a page shows: {total}");
    assert_eq!(load["rows"].as_array().unwrap().len(), total, "the API lists every row");

    let rows = |html: &str| html.matches("<td><a href=\"/components/").count();
    let page = get(format!("/teams/{infra}")).await;
    assert!(page.contains(&format!("Showing the first 25 of {total} rows")), "{page}");
    assert!(page.contains(&format!("across {total} rows")));
    assert_eq!(rows(&page), 25);
    let all = get(format!("/teams/{infra}?owned=all")).await;
    assert!(!all.contains("Showing the first"));
    assert_eq!(rows(&all), total);
}

/// Form fields that show what the page was asked for carry it in the server's HTML, so it
/// is there before hydration and without JavaScript (a `prop:value` alone renders
/// nothing on the server: a role profile saved before the wasm loaded lost its
/// description).
#[actix_web::test]
async fn filled_fields_are_in_the_server_html() {
    let (_db, svc) = demo_app().await;

    let admin = sign_in(&svc, "admin@demo.hatrack.test").await;
    let people = page(&svc, &admin, "/people?q=Lind").await;
    assert!(people.contains(r#"id="q" name="q" type="search""#) && people.contains(r#"value="Lind""#), "{people}");
    let audit = page(&svc, &admin, "/admin/audit?action=auth.sign_in&object_type=session").await;
    assert!(audit.contains(r#"value="auth.sign_in""#) && audit.contains(r#"value="session""#), "{audit}");
    let components = page(&svc, &admin, "/components?q=Core").await;
    assert!(components.contains(r#"value="Core""#), "{components}");

    let hr = sign_in(&svc, "hr@demo.hatrack.test").await;
    let profiles: serde_json::Value = serde_json::from_str(&page(&svc, &hr, "/api/v1/role-profiles").await).unwrap();
    let profile = &profiles.as_array().unwrap()[0];
    let description = profile["description"].as_str().unwrap();
    assert!(!description.is_empty());
    let html = page(&svc, &hr, &format!("/role-profiles/{}", profile["id"].as_str().unwrap())).await;
    let textarea = html.split(r#"<textarea id="description""#).nth(1).expect("the edit form's description box");
    let text = textarea.split_once('>').unwrap().1.split("</textarea>").next().unwrap();
    assert_eq!(text, description.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"));
}

/// Signs in with the demo password; the cookies to send.
async fn sign_in<S, B>(svc: &S, email: &str) -> String
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    in_app::sign_in(svc, email, DEMO_PASSWORD).await
}

/// A GET that must answer 200; its body.
async fn page<S, B>(svc: &S, cookie: &str, path: &str) -> String
where
    S: TestApp<B>,
    B: actix_web::body::MessageBody,
{
    let (status, body) = in_app::get(svc, path, cookie).await;
    assert_eq!(status, 200, "{path}");
    body
}

/// Without JavaScript, "Sign out all other sessions" is a plain form post: the server
/// answers with a redirect to the sessions page, which says how many it signed out.
#[actix_web::test]
async fn signing_out_other_sessions_works_as_a_plain_form() {
    let (_db, svc) = demo_app().await;
    let other = sign_in(&svc, "engineer@demo.hatrack.test").await;
    let me = sign_in(&svc, "engineer@demo.hatrack.test").await;

    let path = leptos::server_fn::actix::server_fn_paths()
        .map(|(p, _)| p.to_string())
        .find(|p| p.contains("sign_out_others"))
        .unwrap();
    let req = test::TestRequest::post()
        .uri(&path)
        .insert_header(("host", "localhost:8080"))
        .insert_header(("origin", "http://localhost:8080"))
        .insert_header(("referer", "http://localhost:8080/me/sessions"))
        .insert_header(("accept", "text/html"))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .insert_header(("cookie", me.clone()))
        .to_request();
    let res = test::call_service(&svc, req).await;
    assert_eq!(res.status(), 302);
    let location = res.headers().get("location").unwrap().to_str().unwrap().to_string();
    assert_eq!(location, "/me/sessions?signed_out=1");
    let html = page(&svc, &me, &location).await;
    assert!(html.contains("Signed out 1 other session(s)."), "{html}");
    let res = test::call_service(
        &svc,
        test::TestRequest::get().uri("/api/v1/me").insert_header(("cookie", other)).to_request(),
    )
    .await;
    assert_eq!(res.status(), 401, "the other session is over");
}

/// A page that shows a list whole says when it is cut. Scheduling a loop offers the newest
/// candidates (a page's worth) and always the one whose page sent the reader there, so a
/// candidate added long ago can still be chosen; the candidate's own page says how many of
/// their loops it lists when not all.
#[actix_web::test]
async fn scheduling_a_loop_offers_the_candidate_asked_for_beyond_the_newest() {
    let (test_db, svc) = demo_app().await;
    let hr = sign_in(&svc, "hr@demo.hatrack.test").await;
    let (status, found) = in_app::get_json(&svc, "/api/v1/candidates?q=Riya", &hr).await;
    assert_eq!(status, 200);
    let riya = found["items"][0]["id"].as_str().expect("the demo's Riya Desai").to_string();

    // 205 candidates added after the demo's, straight into the database
    let owner = test_db.owner_url.clone();
    std::thread::spawn(move || {
        use diesel::RunQueryDsl;
        let mut conn = db::migrate::connect_sync(&owner).unwrap();
        diesel::sql_query(
            "INSERT INTO candidates (organization_id, name, email, created_at) \
             SELECT o.organization_id, 'Later candidate ' || n, 'later' || n || '@example.org', \
                    now() + n * interval '1 second' \
             FROM (SELECT organization_id FROM candidates WHERE name = 'Riya Desai') o, generate_series(1, 205) n",
        )
        .execute(&mut conn)
        .unwrap();
    })
    .join()
    .unwrap();

    let offered = |html: &str| html.matches("<option value=").count();
    let plain = page(&svc, &hr, "/interviews/loops/new").await;
    assert!(!plain.contains("Riya Desai"), "older than the newest 200");
    assert!(plain.contains("Only the newest are listed"), "the list says it is cut");
    let asked = page(&svc, &hr, &format!("/interviews/loops/new?candidate={riya}")).await;
    assert!(asked.contains(&format!(r#"<option value="{riya}" selected"#)), "Riya is offered, chosen");
    assert_eq!(offered(&asked), offered(&plain) + 1, "and nobody else changed");

    let profile = page(&svc, &hr, &format!("/interviews/candidates/{riya}")).await;
    assert!(!profile.contains("newest of"), "all of Riya's loops are listed: {profile}");
}
