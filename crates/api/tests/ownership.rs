//! Ownership through the API: the demo's catalog, graph and matrix, the RACI rules on
//! every write (nothing written when refused), confirmation, and the reports.

mod common;

use common::*;
use serde_json::{Value, json};

fn find<'a>(list: &'a Value, key: &str, name: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|x| x[key] == name).unwrap_or_else(|| panic!("{name} in {list}"))
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

#[actix_web::test]
async fn demo_catalog_graph_and_reports_show_something() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (member, _) = login(&svc, &demo("engineer")).await;
    let (status, page) = call(&svc, get("/api/v1/components?per_page=100", &member)).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["total"], 30);
    assert_eq!(page["items"][0]["tier"], 1, "most critical first");
    let idp = find(&page["items"], "name", "Identity provider");
    let accountable: Vec<&str> =
        idp["accountable"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(accountable, ["Hana Sato", "Sofia Rossi"], "A on the identity provider's rows");
    assert!(idp["downstream_count"].as_i64().unwrap() >= 8, "{idp}");

    let (_, impact) = call(&svc, get(&format!("/api/v1/components/{}/impact", id(idp)), &member)).await;
    let affected: Vec<&str> =
        impact["affected"].as_array().unwrap().iter().map(|a| a["component"]["name"].as_str().unwrap()).collect();
    for name in ["ERP", "Email and calendars", "Remote access VPN", "Warehouse management", "Payroll provider"] {
        assert!(affected.contains(&name), "{name} in {affected:?}");
    }
    assert_eq!(impact["total_affected"].as_u64(), Some(affected.len() as u64), "all listed under the limit");
    let depths: Vec<i64> =
        impact["affected"].as_array().unwrap().iter().map(|a| a["depth"].as_i64().unwrap()).collect();
    assert!(depths.windows(2).all(|w| w[0] <= w[1]), "nearest first: {depths:?}");
    let erp = impact["affected"].as_array().unwrap().iter().find(|a| a["component"]["name"] == "ERP").unwrap();
    assert_eq!(erp["depth"], 1);
    assert_eq!(erp["accountable"][0]["name"], "Lucas Moreau");
    assert!(!erp["responders"].as_array().unwrap().is_empty(), "{erp}");

    let integration = find(&page["items"], "name", "Integration platform");
    let (_, deps) = call(&svc, get(&format!("/api/v1/components/{}/dependencies", id(integration)), &member)).await;
    assert_eq!(deps["in_cycle"], true, "monitoring ⇄ integration is a cycle: {deps}");
    assert_eq!(
        call(&svc, get(&format!("/api/v1/components/{}/dependencies", id(idp)), &member)).await.1["in_cycle"],
        false
    );

    let (status, gaps) = call(&svc, get("/api/v1/ownership/gaps", &member)).await;
    assert_eq!(status, 200);
    let rules: Vec<(String, String, String)> = gaps["broken"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| {
            b["breaks"].as_array().unwrap().iter().map(move |r| {
                (
                    b["row"]["component"]["name"].as_str().unwrap().to_string(),
                    b["row"]["activity"].as_str().unwrap().to_string(),
                    r["rule"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect();
    for expected in [
        ("Office Wi-Fi", "Patching", "no_responsible"),
        ("Service desk tool", "Access review", "inactive_holder"),
        ("Print service", "Monitoring", "no_accountable"),
    ] {
        let e = (expected.0.to_string(), expected.1.to_string(), expected.2.to_string());
        assert!(rules.contains(&e), "{e:?} in {rules:?}");
    }
    let orphans: Vec<&str> =
        gaps["orphans"].as_array().unwrap().iter().map(|o| o["component"]["name"].as_str().unwrap()).collect();
    assert_eq!(orphans, ["Legacy file share", "Print service"], "both tier 4, by name");
    let stale: Vec<&str> =
        gaps["stale"].as_array().unwrap().iter().map(|s| s["row"]["component"]["name"].as_str().unwrap()).collect();
    assert!(stale.contains(&"Backups") && stale.contains(&"Core network"), "{stale:?}");

    let (status, _) = call(&svc, get("/api/v1/ownership/key-person-risk", &member)).await;
    assert_eq!(status, 403, "an engineer does not read key-person risk");
    let (hr, _) = login(&svc, &demo("hr")).await;
    let (status, risk) = call(&svc, get("/api/v1/ownership/key-person-risk", &hr)).await;
    assert_eq!(status, 200, "{risk}");
    let daniel = risk["single_points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["person"]["name"] == "Daniel Osei")
        .expect("Daniel carries storage alone");
    assert!(daniel["count"].as_i64().unwrap() >= 5, "{daniel}");
    assert!(daniel["rows"].as_array().unwrap().iter().any(|r| r["letters"] == "A+R"), "{daniel}");
    assert!(daniel["why"].as_str().unwrap().contains("alone"));

    let (_, svg) = {
        let req = get("/api/v1/ownership/graph.svg", &member).to_request();
        let resp = actix_web::test::call_service(&svc, req).await;
        assert_eq!(resp.status(), 200);
        assert!(resp.headers().get("content-type").unwrap().to_str().unwrap().starts_with("image/svg+xml"));
        ((), String::from_utf8(actix_web::test::read_body(resp).await.to_vec()).unwrap())
    };
    assert!(svg.contains("<svg") && svg.contains("Identity provider"), "{}", &svg[..svg.len().min(300)]);
}

/// The matrix comes a page of components at a time and the reports list the worst entries
/// first with their totals, so neither grows with the organization.
#[actix_web::test]
async fn the_matrix_pages_and_the_reports_cap_their_sections() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (member, _) = login(&svc, &demo("engineer")).await;
    let (status, all) = call(&svc, get("/api/v1/ownership", &member)).await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(
        (all["total_components"].as_i64(), all["page"].as_i64(), all["per_page"].as_i64()),
        (Some(30), Some(1), Some(200))
    );
    assert_eq!(all["components"].as_array().unwrap().len(), 30);
    let (_, second) = call(&svc, get("/api/v1/ownership?per_page=12&page=2", &member)).await;
    let names = |m: &Value| -> Vec<String> {
        m["components"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(second["total_components"], 30);
    assert_eq!(names(&second), names(&all)[12..24].to_vec(), "the second page of 12, in the same order");
    let on_page: Vec<&str> =
        second["components"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert!(!second["rows"].as_array().unwrap().is_empty());
    for row in second["rows"].as_array().unwrap() {
        assert!(on_page.contains(&row["component_id"].as_str().unwrap()), "only this page's rows: {row}");
    }
    let (_, beyond) = call(&svc, get("/api/v1/ownership?per_page=12&page=9", &member)).await;
    assert!(beyond["components"].as_array().unwrap().is_empty() && beyond["rows"].as_array().unwrap().is_empty());
    assert_eq!(beyond["total_components"], 30);

    let (_, gaps) = call(&svc, get("/api/v1/ownership/gaps?limit=1", &member)).await;
    assert_eq!(gaps["limit"], 1);
    assert_eq!(gaps["broken"].as_array().unwrap().len(), 1);
    assert_eq!(gaps["orphans"].as_array().unwrap().len(), 1);
    assert!(gaps["totals"]["broken"].as_i64().unwrap() >= 3, "{gaps}");
    assert_eq!(gaps["totals"]["orphans"], 2);
    let (_, full) = call(&svc, get("/api/v1/ownership/gaps", &member)).await;
    assert_eq!(full["limit"], 100);
    assert_eq!(full["broken"].as_array().unwrap().len() as i64, full["totals"]["broken"].as_i64().unwrap());
    assert_eq!(full["broken"][0], gaps["broken"][0], "a capped list is the start of the full one");
    let tiers: Vec<i64> =
        full["broken"].as_array().unwrap().iter().map(|b| b["row"]["component"]["tier"].as_i64().unwrap()).collect();
    assert!(tiers.windows(2).all(|w| w[0] <= w[1]), "the most critical first: {tiers:?}");

    let (hr, _) = login(&svc, &demo("hr")).await;
    let (_, risk) = call(&svc, get("/api/v1/ownership/key-person-risk?threshold=1&limit=1", &hr)).await;
    assert_eq!(risk["single_points"].as_array().unwrap().len(), 1, "{risk}");
    assert!(risk["totals"]["single_points"].as_i64().unwrap() > 1, "{risk}");
    assert_eq!(risk["single_points"][0]["person"]["name"], "Daniel Osei", "the most loaded first: {risk}");
}

/// The matrix's ids for a component and an activity, by name.
async fn row_ids<S, B>(svc: &S, token: &str, component: &str, activity: &str) -> (String, String, Value)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let (status, m) = call(svc, get("/api/v1/ownership", token)).await;
    assert_eq!(status, 200, "{m}");
    let c = id(find(&m["components"], "name", component));
    let a = id(find(&m["activities"], "name", activity));
    let row = m["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["component_id"] == c.as_str() && r["activity_id"] == a.as_str())
        .cloned()
        .unwrap_or(Value::Null);
    (c, a, row)
}

#[actix_web::test]
async fn rows_keep_the_raci_rules_and_refusals_write_nothing() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (lead, _) = login(&svc, &demo("lead")).await;
    let (member, _) = login(&svc, &demo("engineer")).await;
    let elena = person_id(&svc, &lead, "Elena Vasquez").await;
    let pablo = person_id(&svc, &lead, "Pablo Ortega").await;
    let hana = person_id(&svc, &lead, "Hana Sato").await;
    let (_, teams) = call(&svc, get("/api/v1/teams", &lead)).await;
    let infra = id(find(&teams, "name", "Infrastructure"));

    let (c, a, row) = row_ids(&svc, &lead, "Office Wi-Fi", "Patching").await;
    assert_eq!(row["breaks"][0]["rule"], "no_responsible", "{row}");
    let version = row["version"].as_i64().unwrap();
    let put = |body: Value, token: &str| send("PUT", "/api/v1/ownership", token, body);

    // two accountable people: refused, naming the rule, nothing written
    let (status, err) = call(
        &svc,
        put(
            json!({"component_id": c, "activity_id": a, "version": version, "assignments": [
                {"letter": "A", "person_id": elena}, {"letter": "A", "person_id": hana}, {"letter": "R", "person_id": pablo}]}),
            &lead,
        ),
    )
    .await;
    assert_eq!(status, 422, "{err}");
    assert!(err["fields"]["rules.several_accountable"].as_str().unwrap().contains("Elena Vasquez, Hana Sato"), "{err}");
    // a team cannot be accountable; unknown letters, people and teams are named by position
    let (status, err) = call(
        &svc,
        put(
            json!({"component_id": c, "activity_id": a, "version": version, "assignments": [
                {"letter": "A", "team_id": infra}, {"letter": "R", "person_id": pablo}]}),
            &lead,
        ),
    )
    .await;
    assert_eq!(status, 422);
    assert!(err["fields"].get("rules.accountable_is_team").is_some(), "{err}");
    let (status, err) = call(
        &svc,
        put(
            json!({"component_id": c, "activity_id": a, "version": version, "assignments": [
                {"letter": "Q", "person_id": elena}, {"letter": "S", "person_id": pablo},
                {"letter": "R", "person_id": "00000000-0000-0000-0000-000000000001"}]}),
            &lead,
        ),
    )
    .await;
    assert_eq!(status, 422);
    assert!(err["fields"]["assignments[0].letter"].as_str().unwrap().contains("\"Q\""), "{err}");
    assert!(
        err["fields"]["assignments[1].letter"].as_str().unwrap().contains("RASCI")
            || err["fields"]["assignments[1].letter"].as_str().unwrap().contains("not in use"),
        "{err}"
    );
    assert!(err["fields"].get("assignments[2].person_id").is_some(), "{err}");
    let (_, _, unchanged) = row_ids(&svc, &lead, "Office Wi-Fi", "Patching").await;
    assert_eq!(unchanged, row, "refused writes change nothing");

    // an engineer who is not accountable cannot edit the row
    let (status, _) =
        call(&svc, put(json!({"component_id": c, "activity_id": a, "version": version, "assignments": []}), &member))
            .await;
    assert_eq!(status, 403);

    // the gaps list the row now (and keep the report: the next change must replace it)
    let (_, gaps) = call(&svc, get("/api/v1/ownership/gaps", &lead)).await;
    assert!(gaps["broken"].as_array().unwrap().iter().any(|b| b["row"]["component"]["name"] == "Office Wi-Fi"));

    // what Pablo and the infrastructure team hold, read (and kept) before the fix: not
    // this row yet
    let holds = |v: &Value, letter: &str| {
        v["rows"].as_array().unwrap().iter().any(|r| {
            r["row"]["component"]["id"] == c.as_str() && r["row"]["activity_id"] == a.as_str() && r["letter"] == letter
        })
    };
    let (_, before) = call(&svc, get(&format!("/api/v1/people/{pablo}/ownership"), &member)).await;
    assert!(!holds(&before, "R"), "{before}");
    let (_, before) = call(&svc, get(&format!("/api/v1/teams/{infra}/ownership"), &member)).await;
    assert!(!holds(&before, "I"), "{before}");

    // the lead fixes it
    let fixed = json!({"component_id": c, "activity_id": a, "version": version, "assignments": [
        {"letter": "A", "person_id": elena}, {"letter": "R", "person_id": pablo}, {"letter": "I", "team_id": infra}]});
    let (status, saved) = call(&svc, put(fixed.clone(), &lead)).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["breaks"], json!([]));
    assert_eq!(saved["version"], version + 1);
    // the same edit again is stale
    let (status, err) = call(&svc, put(fixed, &lead)).await;
    assert_eq!(status, 409);
    assert_eq!(err["fields"]["version"], (version + 1).to_string());
    let (_, gaps) = call(&svc, get("/api/v1/ownership/gaps", &lead)).await;
    assert!(
        !gaps["broken"].as_array().unwrap().iter().any(|b| b["row"]["component"]["name"] == "Office Wi-Fi"),
        "{gaps}"
    );
    // the matrix as read before the change is not served again
    let (_, _, now) = row_ids(&svc, &lead, "Office Wi-Fi", "Patching").await;
    assert_eq!(now["version"], version + 1, "{now}");
    assert!(now["breaks"].as_array().unwrap().is_empty(), "{now}");
    // nor under settings that changed
    let (admin, _) = login(&svc, &demo("admin")).await;
    let (status, _) =
        call(&svc, send("PUT", "/api/v1/ownership/settings", &admin, json!({"verify_days": 30, "rasci": true}))).await;
    assert_eq!(status, 200);
    let (_, m) = call(&svc, get("/api/v1/ownership", &lead)).await;
    assert_eq!(m["settings"], json!({"verify_days": 30, "rasci": true}));
    let (status, _) =
        call(&svc, send("PUT", "/api/v1/ownership/settings", &admin, json!({"verify_days": 90, "rasci": false}))).await;
    assert_eq!(status, 200);

    // confirming: only the row's A; a confirmed row is no longer stale
    let (c2, a2, _) = row_ids(&svc, &lead, "Core network", "Change approval").await;
    let confirm = json!({"component_id": c2, "activity_id": a2});
    assert_eq!(call(&svc, send("POST", "/api/v1/ownership/confirm", &admin, confirm.clone())).await.0, 403);
    let (status, row) = call(&svc, send("POST", "/api/v1/ownership/confirm", &lead, confirm)).await;
    assert_eq!(status, 200, "{row}");
    assert_eq!(row["stale"], false);
    let (_, gaps) = call(&svc, get("/api/v1/ownership/gaps", &lead)).await;
    assert!(!gaps["stale"].as_array().unwrap().iter().any(|s| s["row"]["component"]["name"] == "Core network"));

    // what the lead owns includes the fixed row; the audit log has both changes
    let (_, mine) = call(&svc, get(&format!("/api/v1/people/{elena}/ownership"), &member)).await;
    assert!(holds(&mine, "A"), "{mine}");
    // what was kept from before the fix is not served again: Pablo is now responsible and
    // the team informed
    let (_, his) = call(&svc, get(&format!("/api/v1/people/{pablo}/ownership"), &member)).await;
    assert!(holds(&his, "R"), "{his}");
    let (status, theirs) = call(&svc, get(&format!("/api/v1/teams/{infra}/ownership"), &member)).await;
    assert_eq!(status, 200, "{theirs}");
    assert!(holds(&theirs, "I"), "{theirs}");
    // and what her team holds counts its members' letters
    let (_, her) = call(&svc, get(&format!("/api/v1/people/{elena}"), &member)).await;
    let team = her["teams"][0]["id"].as_str().expect("the lead is in a team").to_string();
    let (status, theirs) = call(&svc, get(&format!("/api/v1/teams/{team}/ownership"), &member)).await;
    assert_eq!(status, 200, "{theirs}");
    assert!(holds(&theirs, "A"), "{theirs}");
    let (_, events) = call(&svc, get("/api/v1/audit-events?action=ownership.row_changed", &admin)).await;
    assert!(events.to_string().contains("ownership.row_changed"), "{events}");
}

#[actix_web::test]
async fn components_dependencies_and_activities_check_their_input() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (lead, _) = login(&svc, &demo("lead")).await;
    let (member, _) = login(&svc, &demo("engineer")).await;
    let (admin, _) = login(&svc, &demo("admin")).await;

    let (status, err) = call(
        &svc,
        send(
            "POST",
            "/api/v1/components",
            &lead,
            json!({"name": " ", "kind": "toaster", "tier": 9, "runbook_url": "wiki"}),
        ),
    )
    .await;
    assert_eq!(status, 422);
    for field in ["name", "kind", "tier", "runbook_url"] {
        assert!(err["fields"].get(field).is_some(), "{field}: {err}");
    }
    let (status, _) = call(
        &svc,
        send("POST", "/api/v1/components", &member, json!({"name": "Kiosk", "kind": "endpoint fleet", "tier": 3})),
    )
    .await;
    assert_eq!(status, 403, "engineers do not add components");
    let (status, kiosk) = call(
        &svc,
        send("POST", "/api/v1/components", &lead, json!({"name": "Kiosks", "kind": "endpoint fleet", "tier": 3})),
    )
    .await;
    assert_eq!(status, 201, "{kiosk}");
    assert_eq!(kiosk["kind"], "endpoint_fleet");
    assert_eq!(kiosk["lifecycle"], "live");
    let (status, _) =
        call(&svc, send("POST", "/api/v1/components", &lead, json!({"name": "kiosks", "kind": "other", "tier": 3})))
            .await;
    assert_eq!(status, 409);

    // a dependency on itself is refused; a real one shows up both ways
    let kid = id(&kiosk);
    let (status, err) = call(
        &svc,
        send("POST", &format!("/api/v1/components/{kid}/dependencies"), &admin, json!({"depends_on_id": kid})),
    )
    .await;
    assert_eq!(status, 422);
    assert!(err["fields"]["depends_on_id"].as_str().unwrap().contains("itself"));
    let (_, page) = call(&svc, get("/api/v1/components?q=device", &lead)).await;
    let mdm = id(&page["items"][0]);
    let (status, deps) = call(
        &svc,
        send(
            "POST",
            &format!("/api/v1/components/{kid}/dependencies"),
            &admin,
            json!({"depends_on_id": mdm, "reason": "managed like laptops"}),
        ),
    )
    .await;
    assert_eq!(status, 200, "{deps}");
    assert_eq!(deps["depends_on"][0]["reason"], "managed like laptops");
    assert!(
        deps["upstream"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["component"]["name"] == "Identity provider" && r["depth"] == 2)
    );
    let (_, impact) = call(&svc, get(&format!("/api/v1/components/{mdm}/impact"), &member)).await;
    assert!(impact["affected"].as_array().unwrap().iter().any(|a| a["component"]["name"] == "Kiosks"));
    let (status, _) =
        call(&svc, send("DELETE", &format!("/api/v1/components/{kid}/dependencies/{mdm}"), &admin, Value::Null)).await;
    assert_eq!(status, 204);

    // activities: admins only; the competency must exist in the framework
    let (status, _) = call(&svc, send("POST", "/api/v1/activities", &lead, json!({"name": "Capacity planning"}))).await;
    assert_eq!(status, 403);
    let (status, err) = call(
        &svc,
        send(
            "POST",
            "/api/v1/activities",
            &admin,
            json!({"name": "Capacity planning", "competency_slug": "juggling", "min_level": 9}),
        ),
    )
    .await;
    assert_eq!(status, 422);
    assert!(err["fields"]["competency_slug"].as_str().unwrap().contains("juggling"), "{err}");
    let (status, act) = call(
        &svc,
        send(
            "POST",
            "/api/v1/activities",
            &admin,
            json!({"name": "Capacity planning", "competency_slug": "core-systems-stewardship", "min_level": 3}),
        ),
    )
    .await;
    assert_eq!(status, 201, "{act}");
    assert_eq!(act["needs"]["name"], "Core systems stewardship");
    assert_eq!(act["position"], 10);
}
