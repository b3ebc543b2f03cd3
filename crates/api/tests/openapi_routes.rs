//! The OpenAPI document and the router say the same thing: every documented operation is
//! routed (not 404, not 405) by a route whose pattern is the documented path, path
//! parameters named alike (`/components/{id}/dependencies/{depends_on_id}` was documented
//! while the router said `{other}`: the generated clients and schemathesis named one thing,
//! the code another).

mod common;

use actix_web::test;
use serde_json::Value;

#[actix_web::test]
async fn every_documented_path_is_the_routers_pattern() {
    let fx = common::fixture().await;
    let svc = common::app(&fx).await;
    let doc: Value = serde_json::from_str(api::openapi::json()).unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for (path, operations) in doc["paths"].as_object().unwrap() {
        // Each `{param}` becomes a value no route segment is named after.
        let concrete: String = path
            .split('/')
            .map(|seg| if seg.starts_with('{') { "00000000-0000-0000-0000-000000000000" } else { seg })
            .collect::<Vec<_>>()
            .join("/");
        for method in operations.as_object().unwrap().keys() {
            let Ok(method) = method.to_uppercase().parse::<actix_web::http::Method>() else { continue };
            let req = test::TestRequest::default().method(method.clone()).uri(&concrete).to_request();
            let res = test::call_service(&svc, req).await;
            let pattern = res.request().match_pattern();
            let status = res.status().as_u16();
            checked += 1;
            if matches!(status, 404 | 405) || pattern.as_deref() != Some(path.as_str()) {
                failures.push(format!("{method} {path}: routed as {pattern:?} ({status})"));
            }
        }
    }
    assert!(checked > 60, "the document lists the operations ({checked})");
    assert!(
        failures.is_empty(),
        "{} documented operations the router does not match:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
