//! What the browser is told to refuse: a Content-Security-Policy that lets only this
//! response's scripts run on a page and nothing run elsewhere, no sniffing, no framing;
//! and no redirect after sign-in to another site, however the address is dressed up.

mod in_app;

use actix_web::test;
use in_app::{DEMO_PASSWORD, HOST};

#[actix_web::test]
async fn pages_allow_only_their_own_scripts_and_nothing_is_framed_or_sniffed() {
    let (_db, svc) = in_app::demo_app().await;
    let cookie = in_app::sign_in(&svc, "hr@demo.hatrack.test", DEMO_PASSWORD).await;

    let header = |res: &actix_web::dev::ServiceResponse<_>, name: &str| {
        res.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
    };
    for path in ["/", "/people", "/sign-in", "/no/such/page"] {
        let req =
            test::TestRequest::get().uri(path).insert_header(("host", HOST)).insert_header(("cookie", cookie.clone()));
        let res = test::call_service(&svc, req.to_request()).await;
        let csp = header(&res, "content-security-policy");
        let (nosniff, frame) = (header(&res, "x-content-type-options"), header(&res, "x-frame-options"));
        let html = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
        let nonce = html.split("nonce=\"").nth(1).and_then(|s| s.split('"').next()).expect("the loader has a nonce");
        assert!(csp.contains(&format!("script-src 'self' 'nonce-{nonce}'")), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline'; script") && !csp.contains("script-src 'unsafe-inline'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), "{csp}");
        assert_eq!((nosniff.as_str(), frame.as_str()), ("nosniff", "DENY"), "{path}");
        // Every inline script of the page carries this response's nonce.
        for script in html.split("<script").skip(1) {
            assert!(
                script.starts_with(&format!(" type=\"module\" nonce=\"{nonce}\""))
                    || script.starts_with(&format!(" nonce=\"{nonce}\"")),
                "{path}: a script without the nonce: <script{}",
                &script[..script.len().min(80)]
            );
        }
    }
    // Each response its own nonce.
    let nonce_of = async |path: &str| {
        let res = test::call_service(&svc, test::TestRequest::get().uri(path).to_request()).await;
        res.headers().get("content-security-policy").unwrap().to_str().unwrap().to_string()
    };
    assert_ne!(nonce_of("/sign-in").await, nonce_of("/sign-in").await);

    // The API, an SVG drawing, a server function: nothing may run, nothing may frame.
    for path in ["/api/v1/me", "/api/v1/ownership/graph.svg", "/api/v1/no-such-thing", "/healthz"] {
        let req =
            test::TestRequest::get().uri(path).insert_header(("host", HOST)).insert_header(("cookie", cookie.clone()));
        let res = test::call_service(&svc, req.to_request()).await;
        let csp = header(&res, "content-security-policy");
        assert!(csp.starts_with("default-src 'none'") && csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(header(&res, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header(&res, "referrer-policy"), "same-origin", "{path}");
    }
    let res = test::call_service(&svc, test::TestRequest::get().uri("/api/docs/").to_request()).await;
    let csp = header(&res, "content-security-policy");
    assert!(csp.starts_with("default-src 'self'") && !csp.contains("script-src"), "the API explorer: {csp}");
}

/// `next=` after sign-in only ever leads to a path of this site: a tab, a line break, a
/// backslash or a second slash would let a browser read it as another site's address.
#[actix_web::test]
async fn sign_in_never_redirects_to_another_site() {
    let (_db, svc) = in_app::demo_app().await;
    let path = leptos::server_fn::actix::server_fn_paths()
        .map(|(p, _)| p.to_string())
        .find(|p| p.trim_end_matches(|c: char| c.is_ascii_digit()).ends_with("/sign_in"))
        .unwrap();
    for (next, expected) in [
        ("/people?q=a", "/people?q=a"),
        ("/\t/evil.example/x", "/"),
        ("/\n/evil.example", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
    ] {
        let body = format!(
            "email=engineer%40demo.hatrack.test&password={DEMO_PASSWORD}&next={}",
            next.bytes().map(|b| format!("%{b:02X}")).collect::<String>()
        );
        let req = test::TestRequest::post()
            .uri(&path)
            .insert_header(("host", HOST))
            .insert_header(("origin", format!("http://{HOST}")))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .insert_header(("accept", "text/html"))
            .set_payload(body);
        let res = test::call_service(&svc, req.to_request()).await;
        // Control characters may already be refused at the edge (422, nothing followed);
        // anything that is followed leads here.
        match res.headers().get("location") {
            Some(location) => {
                assert_eq!(res.status(), 302, "{next:?}");
                assert_eq!(location.to_str().unwrap(), expected, "{next:?}");
            }
            None => assert!(
                next.chars().any(char::is_control) && res.status().is_client_error(),
                "{next:?}: {}",
                res.status()
            ),
        }
    }
}
