//! CSV export and import of components, dependencies and the matrix through the API:
//! exports import back unchanged, every problem of a file is named by line at once, a
//! refused import writes nothing, and who may import what.

mod common;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::test as at;
use common::*;
use serde_json::Value;

/// `GET /api/v1/ownership/export?what=…`: the CSV text, after checking it is served as a
/// CSV download.
async fn export<S, B>(svc: &S, token: &str, what: &str) -> String
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let resp = at::call_service(svc, get(&format!("/api/v1/ownership/export?what={what}"), token).to_request()).await;
    assert_eq!(resp.status(), 200, "export of {what}");
    let header = |name: &str| resp.headers().get(name).unwrap().to_str().unwrap().to_string();
    assert!(header("content-type").starts_with("text/csv"), "{}", header("content-type"));
    assert_eq!(header("content-disposition"), format!("attachment; filename=\"ownership-{what}.csv\""));
    String::from_utf8(at::read_body(resp).await.to_vec()).unwrap()
}

fn import_request(token: &str, what: &str, dry_run: bool, text: &str) -> at::TestRequest {
    at::TestRequest::post()
        .uri(&format!("/api/v1/ownership/import?what={what}&dry_run={dry_run}"))
        .insert_header(("authorization", format!("Bearer {token}")))
        .insert_header(("content-type", "text/csv"))
        .set_payload(text.to_string())
}

async fn import<S, B>(svc: &S, token: &str, what: &str, dry_run: bool, text: &str) -> (u16, Value)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    call(svc, import_request(token, what, dry_run, text)).await
}

async fn email_of<S, B>(svc: &S, token: &str, name: &str) -> String
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let (_, body) = call(svc, get(&format!("/api/v1/people?q={}", name.replace(' ', "%20")), token)).await;
    body["items"][0]["email"].as_str().unwrap_or_else(|| panic!("{name}: {body}")).to_string()
}

/// The matrix row of a component and an activity, by name (Null when not in use).
async fn row<S, B>(svc: &S, token: &str, component: &str, activity: &str) -> Value
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let (_, m) = call(svc, get("/api/v1/ownership", token)).await;
    let id = |list: &Value, name: &str| {
        list.as_array().unwrap().iter().find(|x| x["name"] == name).unwrap_or_else(|| panic!("{name}"))["id"].clone()
    };
    let (c, a) = (id(&m["components"], component), id(&m["activities"], activity));
    m["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["component_id"] == c && r["activity_id"] == a)
        .cloned()
        .unwrap_or(Value::Null)
}

fn problem_keys(report: &Value) -> Vec<String> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| match (p["line"].as_u64(), p["column"].as_str()) {
            (Some(l), Some(c)) => format!("line {l}: {c}"),
            (Some(l), None) => format!("line {l}"),
            _ => "csv".to_string(),
        })
        .collect()
}

#[actix_web::test]
async fn each_export_imports_back_unchanged() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let (member, _) = login(&svc, &demo("engineer")).await;
    for (what, header) in [
        ("components", "name,kind,tier,lifecycle,description,runbook_url,dashboard_url"),
        ("dependencies", "component,depends_on,reason"),
        ("matrix", "component,activity,letter,person_email,team"),
    ] {
        let text = export(&svc, &admin, what).await;
        assert!(text.starts_with(&format!("{header}\r\n")), "{what}: {}", &text[..80]);
        let members = export(&svc, &member, what).await;
        if what == "matrix" {
            // people who left are named to admins and HR only, as in the directory
            assert!(text.contains("peter.grant@"), "{text}");
            assert!(!members.contains("peter.grant@") && members.contains("(deactivated person)"), "{members}");
            assert_eq!(members.lines().count(), text.lines().count());
        } else {
            assert_eq!(members, text, "everyone exports the same {what}");
        }
        let lines = text.lines().count() - 1;
        assert!(lines >= 30, "{what}: {lines} lines");
        let (status, report) = import(&svc, &admin, what, true, &text).await;
        assert_eq!(status, 200, "{what}: {report}");
        assert_eq!(report["problems"], serde_json::json!([]), "{what}: {report}");
        assert_eq!(report["dry_run"], true);
        assert_eq!(report["lines"], lines, "{what}");
        assert_eq!(report["unchanged"], lines, "{what}: {report}");
        assert_eq!((report["created"].as_u64(), report["updated"].as_u64()), (Some(0), Some(0)), "{what}");
        if what == "matrix" {
            // rows left as they are are not refused for the rules they already break, but
            // the report says so
            let notes = report["notes"].to_string();
            for row in ["Office Wi-Fi / Patching", "Service desk tool / Access review", "Print service / Monitoring"] {
                assert!(notes.contains(row), "{row} in {notes}");
            }
        }
    }

    // a real import of an unchanged matrix writes no row, and says it was imported
    let (_, before) = call(&svc, get("/api/v1/ownership", &admin)).await;
    let text = export(&svc, &admin, "matrix").await;
    let (status, report) = import(&svc, &admin, "matrix", false, &text).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["dry_run"], false);
    let (_, after) = call(&svc, get("/api/v1/ownership", &admin)).await;
    assert_eq!(before, after);
    let (_, events) = call(&svc, get("/api/v1/audit-events?action=ownership.imported", &admin)).await;
    assert!(events.to_string().contains("ownership.imported"), "{events}");
}

#[actix_web::test]
async fn a_bad_matrix_file_names_every_line_and_writes_nothing() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let hana = email_of(&svc, &admin, "Hana Sato").await;
    let pablo = email_of(&svc, &admin, "Pablo Ortega").await;
    let text = format!(
        "component,activity,letter,person_email,team,notes\n\
         Core network,Patching,X,lead@demo.hatrack.test,,\n\
         Remote access VPN,Patching,A,lead@demo.hatrack.test,,\n\
         Remote access VPN,Patching,A,{hana},,two of them\n\
         Remote access VPN,Patching,R,{pablo},,\n\
         Backups,Patching,R,nobody@example.org,,\n\
         Backups,Juggling,R,,Infrastructure,\n"
    );
    let expected = [
        "line 1: notes",
        "line 2: letter",
        "line 3: rules.several_accountable",
        "line 6: person_email",
        "line 7: activity",
    ];

    let (status, report) = import(&svc, &admin, "matrix", true, &text).await;
    assert_eq!(status, 200, "a dry run lists the problems: {report}");
    let mut keys = problem_keys(&report);
    keys.sort();
    assert_eq!(keys, expected, "{report}");
    let message = |key: &str| {
        report["problems"].as_array().unwrap()[problem_keys(&report).iter().position(|k| k == key).unwrap()]["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(message("line 2: letter").contains("\"X\" is not R, A, C or I"), "{}", message("line 2: letter"));
    let rule = message("line 3: rules.several_accountable");
    assert!(rule.contains("Remote access VPN / Patching") && rule.contains("lines 3-5"), "{rule}");
    assert!(rule.contains("Elena Vasquez, Hana Sato"), "{rule}");
    assert!(message("line 1: notes").contains("Unknown column"));
    assert!(message("line 7: activity").contains("Juggling"));

    let (_, before) = call(&svc, get("/api/v1/ownership", &admin)).await;
    let (status, err) = import(&svc, &admin, "matrix", false, &text).await;
    assert_eq!(status, 422, "{err}");
    assert_eq!(err["error"], "validation");
    assert!(err["message"].as_str().unwrap().contains("nothing was imported"), "{err}");
    let mut fields: Vec<&String> = err["fields"].as_object().unwrap().keys().collect();
    fields.sort();
    assert_eq!(fields, expected, "{err}");
    let (_, after) = call(&svc, get("/api/v1/ownership", &admin)).await;
    assert_eq!(before, after, "a refused import writes nothing");

    // a file without the columns the import reads names them, and checks no line
    let (status, err) = import(&svc, &admin, "matrix", false, "component,activity,letter\nVPN,Patching,R\n").await;
    assert_eq!(status, 422);
    assert!(err["fields"]["line 1: person_email"].as_str().unwrap().contains("no \"person_email\" column"), "{err}");
    assert!(err["fields"].get("line 1: team").is_some() && err["fields"].as_object().unwrap().len() == 2, "{err}");
}

#[actix_web::test]
async fn a_good_matrix_import_fixes_the_wifi_patching_gap() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let (lead, _) = login(&svc, &demo("lead")).await;
    let pablo = email_of(&svc, &lead, "Pablo Ortega").await;
    let broken = row(&svc, &lead, "Office Wi-Fi", "Patching").await;
    assert_eq!(broken["breaks"][0]["rule"], "no_responsible", "{broken}");

    // the lead is accountable for the Wi-Fi; the ERP lines are copied from the export as
    // they are, so they need no permission
    let erp: String = export(&svc, &lead, "matrix")
        .await
        .lines()
        .filter(|l| l.starts_with("ERP,Vendor management,"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(erp.lines().count(), 2, "{erp}");
    let text = format!(
        "component,activity,letter,person_email,team\n\
         Office Wi-Fi,Patching,A,lead@demo.hatrack.test,\n\
         office wi-fi,patching,r,{pablo},\n\
         Office Wi-Fi,Patching,I,,service desk\n{erp}"
    );
    let (status, report) = import(&svc, &lead, "matrix", true, &text).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["problems"], serde_json::json!([]), "{report}");
    assert_eq!((report["updated"].as_u64(), report["unchanged"].as_u64()), (Some(3), Some(2)), "{report}");
    assert_eq!(row(&svc, &lead, "Office Wi-Fi", "Patching").await, broken, "a dry run writes nothing");

    let (status, report) = import(&svc, &lead, "matrix", false, &text).await;
    assert_eq!(status, 200, "{report}");
    let fixed = row(&svc, &lead, "Office Wi-Fi", "Patching").await;
    assert_eq!(fixed["breaks"], serde_json::json!([]), "{fixed}");
    assert_eq!(fixed["assignments"].as_array().unwrap().len(), 3, "{fixed}");
    assert_eq!(fixed["version"], broken["version"].as_i64().unwrap() + 1);
    let (_, gaps) = call(&svc, get("/api/v1/ownership/gaps", &lead)).await;
    assert!(
        !gaps["broken"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["row"]["component"]["name"] == "Office Wi-Fi" && b["row"]["activity"] == "Patching"),
        "{gaps}"
    );
    let (_, events) = call(&svc, get("/api/v1/audit-events?action=ownership.row_changed", &admin)).await;
    assert!(events.to_string().contains("\"via\":\"import\""), "{events}");

    // changing a row of a component the lead is not accountable for is refused, by name
    let text = "component,activity,letter,person_email,team\nOffice Wi-Fi,Patching,A,lead@demo.hatrack.test,\n\
                Office Wi-Fi,Patching,R,lead@demo.hatrack.test,\nERP,Vendor management,A,lead@demo.hatrack.test,\n\
                ERP,Vendor management,R,lead@demo.hatrack.test,\n";
    let (status, err) = import(&svc, &lead, "matrix", true, text).await;
    assert_eq!(status, 403, "{err}");
    assert!(err["message"].as_str().unwrap().contains("\"ERP\" (line 4)"), "{err}");
    assert_eq!(row(&svc, &lead, "Office Wi-Fi", "Patching").await, fixed);
}

#[actix_web::test]
async fn only_admins_import_components_and_dependencies() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (member, _) = login(&svc, &demo("engineer")).await;
    let components = "name,kind,tier,lifecycle,description,runbook_url,dashboard_url\nKiosks,other,3,live,,,\n";
    let (status, err) = import(&svc, &member, "components", true, components).await;
    assert_eq!(status, 403, "{err}");
    assert_eq!(err["error"], "forbidden");
    let (status, _) = import(&svc, &member, "dependencies", true, "component,depends_on,reason\n").await;
    assert_eq!(status, 403);
    // the engineer is accountable for nothing on the core network
    let (status, err) = import(
        &svc,
        &member,
        "matrix",
        true,
        "component,activity,letter,person_email,team\nCore network,Patching,I,engineer@demo.hatrack.test,\n",
    )
    .await;
    assert_eq!(status, 403, "{err}");
    assert!(err["message"].as_str().unwrap().contains("Core network"), "{err}");

    // requests the endpoint cannot read are named, never a 500
    let (admin, _) = login(&svc, &demo("admin")).await;
    let (status, err) = import(&svc, &admin, "people", true, components).await;
    assert_eq!(status, 422);
    assert!(err["fields"]["what"].as_str().unwrap().contains("components, dependencies, matrix"), "{err}");
    let (status, err) = call(&svc, get("/api/v1/ownership/export?what=everything", &admin)).await;
    assert_eq!(status, 422);
    assert!(err["fields"].get("what").is_some(), "{err}");
    let (status, err) = call(&svc, get("/api/v1/ownership/export", &admin)).await;
    assert_eq!(status, 400, "{err}");
    assert!(err["fields"].get("what").is_some(), "{err}");
    let (status, err) =
        call(&svc, send("POST", "/api/v1/ownership/import?what=components", &admin, serde_json::json!({"csv": "x"})))
            .await;
    assert_eq!(status, 400, "JSON is not CSV: {err}");
    let big = format!("{}\n{}", "name,kind,tier", "x".repeat(1024 * 1024));
    let (status, err) = import(&svc, &admin, "components", true, &big).await;
    assert_eq!(status, 413, "{err}");
    assert_eq!(err["error"], "payload_too_large");
    let many = format!("component,depends_on,reason\n{}", "ERP,ERP database,\n".repeat(20_001));
    let (status, err) = import(&svc, &admin, "dependencies", true, &many).await;
    assert_eq!(status, 413, "{err}");
    assert!(err["message"].as_str().unwrap().contains("20,000 lines"), "{err}");
}

#[actix_web::test]
async fn components_and_dependencies_import_all_or_nothing() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;

    // a new component, a changed one (matched whatever the case), and a formula-like
    // description that the export defuses and the import reads back as written
    let components = "name,kind,tier,lifecycle,description,runbook_url,dashboard_url\n\
                      Kiosks,endpoint fleet,3,,=SUM(A1) is not a formula here,,\n\
                      print service,service,3,retiring,Office printers and the print server.,,\n";
    let (status, report) = import(&svc, &admin, "components", true, components).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!((report["created"].as_u64(), report["updated"].as_u64()), (Some(1), Some(1)), "{report}");
    let bad = "name,kind,tier,lifecycle,description,runbook_url,dashboard_url\n\
               Kiosks,toaster,9,,,wiki,\nKIOSKS,other,two,,,,\n";
    let (status, err) = import(&svc, &admin, "components", false, bad).await;
    assert_eq!(status, 422);
    for key in ["line 2: kind", "line 2: tier", "line 2: runbook_url", "line 3: tier", "line 3: name"] {
        assert!(err["fields"].get(key).is_some(), "{key}: {err}");
    }
    let (status, report) = import(&svc, &admin, "components", false, components).await;
    assert_eq!(status, 200, "{report}");
    let (_, page) = call(&svc, get("/api/v1/components?q=print", &admin)).await;
    assert_eq!(
        (page["items"][0]["name"].as_str(), page["items"][0]["tier"].as_i64()),
        (Some("print service"), Some(3))
    );
    assert_eq!(page["items"][0]["lifecycle"], "retiring");
    let text = export(&svc, &admin, "components").await;
    assert!(text.contains("'=SUM(A1) is not a formula here"), "the export defuses formulas");
    let (_, report) = import(&svc, &admin, "components", true, &text).await;
    assert_eq!(report["unchanged"], report["lines"], "{report}");

    // dependencies: on itself and on an unknown component are problems; nothing is written
    let deps = "component,depends_on,reason\nKiosks,Device management,managed like laptops\n\
                Office Wi-Fi,Office Wi-Fi,loops\nKiosks,Teleporter,\nERP,ERP database,its database\n";
    let (status, report) = import(&svc, &admin, "dependencies", true, deps).await;
    assert_eq!(status, 200);
    assert_eq!(problem_keys(&report), ["line 3: depends_on", "line 4: depends_on"], "{report}");
    assert!(report["problems"][0]["message"].as_str().unwrap().contains("itself"), "{report}");
    assert_eq!((report["created"].as_u64(), report["unchanged"].as_u64()), (Some(1), Some(1)), "{report}");
    let (status, err) = import(&svc, &admin, "dependencies", false, deps).await;
    assert_eq!(status, 422, "{err}");
    let (_, page) = call(&svc, get("/api/v1/components?q=kiosks", &admin)).await;
    let kiosks = page["items"][0]["id"].as_str().unwrap().to_string();
    let (_, found) = call(&svc, get(&format!("/api/v1/components/{kiosks}/dependencies"), &admin)).await;
    assert_eq!(found["depends_on"], serde_json::json!([]), "nothing written");

    let good = "component,depends_on,reason\nKiosks,Device management,managed like laptops\n\
                ERP,ERP database,the database behind it\n";
    let (status, report) = import(&svc, &admin, "dependencies", false, good).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!((report["created"].as_u64(), report["updated"].as_u64()), (Some(1), Some(1)), "{report}");
    let (_, found) = call(&svc, get(&format!("/api/v1/components/{kiosks}/dependencies"), &admin)).await;
    assert_eq!(found["depends_on"][0]["component"]["name"], "Device management", "{found}");
}

/// Invited people (everyone, right after a people import) may hold ownership, through the
/// import and through a row write alike; deactivated people may not, and the reports agree.
#[actix_web::test]
async fn invited_people_may_hold_ownership_and_deactivated_ones_may_not() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (admin, _) = login(&svc, &demo("admin")).await;
    let (lead, _) = login(&svc, &demo("lead")).await;
    let create = |name: &str, email: &str| {
        send("POST", "/api/v1/people", &admin, serde_json::json!({"name": name, "email": email}))
    };
    let (status, ivy) = call(&svc, create("Ivy Invited", "ivy@example.org")).await;
    assert_eq!((status, ivy["status"].as_str()), (201, Some("invited")), "{ivy}");
    let (status, dee) = call(&svc, create("Dee Parted", "dee@example.org")).await;
    assert_eq!(status, 201, "{dee}");
    let dee_path = format!("/api/v1/people/{}", dee["id"].as_str().unwrap());
    let (status, gone) = call(
        &svc,
        send("PATCH", &dee_path, &admin, serde_json::json!({"version": dee["version"], "status": "deactivated"})),
    )
    .await;
    assert_eq!((status, gone["status"].as_str()), (200, Some("deactivated")), "{gone}");

    // the import names the invited person responsible: accepted, and the row keeps the rules
    let text = "component,activity,letter,person_email,team\n\
                Office Wi-Fi,Patching,A,lead@demo.hatrack.test,\n\
                Office Wi-Fi,Patching,R,ivy@example.org,\n";
    let (status, report) = import(&svc, &lead, "matrix", true, text).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["problems"], serde_json::json!([]), "{report}");
    let (status, report) = import(&svc, &lead, "matrix", false, text).await;
    assert_eq!(status, 200, "{report}");
    let held = row(&svc, &lead, "Office Wi-Fi", "Patching").await;
    assert_eq!(held["breaks"], serde_json::json!([]), "{held}");
    let listed_broken = |gaps: &Value| {
        gaps["broken"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["row"]["component"]["name"] == "Office Wi-Fi" && b["row"]["activity"] == "Patching")
    };
    let (_, gaps) = call(&svc, get("/api/v1/ownership/gaps", &lead)).await;
    assert!(!listed_broken(&gaps), "{gaps}");

    // a row write naming the deactivated person is refused by the rule; naming the invited
    // one again is accepted
    let ids =
        |v: &Value| (v["component_id"].as_str().unwrap().to_string(), v["activity_id"].as_str().unwrap().to_string());
    let (c, a) = ids(&held);
    let elena = person_id(&svc, &lead, "Elena Vasquez").await;
    let put = |person: &str, version: &Value| {
        send(
            "PUT",
            "/api/v1/ownership",
            &lead,
            serde_json::json!({"component_id": c, "activity_id": a, "version": version, "assignments": [
                {"letter": "A", "person_id": elena}, {"letter": "R", "person_id": person}]}),
        )
    };
    let (status, err) = call(&svc, put(dee["id"].as_str().unwrap(), &held["version"])).await;
    assert_eq!(status, 422, "{err}");
    assert!(err["fields"]["rules.inactive_holder"].as_str().unwrap().contains("Dee Parted"), "{err}");
    let (status, saved) = call(&svc, put(ivy["id"].as_str().unwrap(), &held["version"])).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["breaks"], serde_json::json!([]), "{saved}");

    // and an import naming the deactivated person is refused, by line
    let text = "component,activity,letter,person_email,team\n\
                Office Wi-Fi,Patching,A,lead@demo.hatrack.test,\n\
                Office Wi-Fi,Patching,R,dee@example.org,\n";
    let (status, report) = import(&svc, &lead, "matrix", true, text).await;
    assert!(status == 422 || !report["problems"].as_array().unwrap().is_empty(), "{status} {report}");
    assert!(report.to_string().contains("Dee Parted is deactivated"), "{report}");

    // once the invited person is deactivated, the reports list the row as broken
    let ivy_path = format!("/api/v1/people/{}", ivy["id"].as_str().unwrap());
    let (_, now) = call(&svc, get(&ivy_path, &admin)).await;
    let (status, _) = call(
        &svc,
        send("PATCH", &ivy_path, &admin, serde_json::json!({"version": now["version"], "status": "deactivated"})),
    )
    .await;
    assert_eq!(status, 200);
    let (_, gaps) = call(&svc, get("/api/v1/ownership/gaps", &lead)).await;
    assert!(listed_broken(&gaps), "{gaps}");
}

/// A team moving to a new installation: the people export, then the catalog, dependencies
/// and matrix exports of one organization, imported into another. Everyone arrives
/// invited and may hold letters at once; the demo's deliberately broken rows refuse the
/// matrix, unless the importer asks to bring them over as gaps, which the gaps report then
/// lists.
#[actix_web::test]
async fn a_matrix_from_another_organization_moves_over_with_its_gaps() {
    let f = fixture().await;
    let svc = app(&f).await;
    let (kestrel, _) = login(&svc, &demo("admin")).await;
    let read = |path: &str| {
        let svc = &svc;
        let token = kestrel.clone();
        let path = path.to_string();
        async move {
            let resp = at::call_service(svc, get(&path, &token).to_request()).await;
            assert_eq!(resp.status(), 200, "{path}");
            String::from_utf8(at::read_body(resp).await.to_vec()).unwrap()
        }
    };
    let people = read("/api/v1/people/export.csv").await;
    let (components, dependencies, matrix) = (
        export(&svc, &kestrel, "components").await,
        export(&svc, &kestrel, "dependencies").await,
        export(&svc, &kestrel, "matrix").await,
    );

    let (email, password) = ("hal@harbour.example", "harbour moves over 2026");
    service::identity::orgs::create_admin(&f.services, "Harbour IT", "Hal Harbour", email, password).await.unwrap();
    let (hal, _) = login_with(&svc, email, password).await;
    let (status, report) =
        call(&svc, send("POST", "/api/v1/people/import", &hal, serde_json::json!({"csv": people, "dry_run": false})))
            .await;
    assert_eq!(status, 200, "{report}");
    assert!(report["created"].as_u64().unwrap() >= 40, "{report}");
    for (what, text) in [("components", &components), ("dependencies", &dependencies)] {
        let (status, report) = import(&svc, &hal, what, false, text).await;
        assert_eq!(status, 200, "{what}: {report}");
    }

    // as it is, the matrix is refused: the demo keeps some rows broken on purpose
    let (status, err) = import(&svc, &hal, "matrix", false, &matrix).await;
    assert_eq!(status, 422, "{err}");
    assert!(err["fields"].as_object().unwrap().keys().any(|k| k.contains("rules.")), "{err}");

    // asked to bring the gaps over, it imports, each gap named in the report
    let with_gaps = |dry_run: bool| {
        at::TestRequest::post()
            .uri(&format!("/api/v1/ownership/import?what=matrix&dry_run={dry_run}&allow_gaps=true"))
            .insert_header(("authorization", format!("Bearer {hal}")))
            .insert_header(("content-type", "text/csv"))
            .set_payload(matrix.clone())
    };
    let (status, report) = call(&svc, with_gaps(true)).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["problems"], serde_json::json!([]), "{report}");
    let gaps = report["notes"].as_array().unwrap().len();
    assert!(gaps > 0, "{report}");
    assert!(report["notes"][0]["message"].as_str().unwrap().contains("imported as a gap to fix"), "{report}");
    let (status, report) = call(&svc, with_gaps(false)).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["notes"].as_array().unwrap().len(), gaps);

    // the two matrices now hold the same letters, and Harbour's gaps report lists the rows
    assert_eq!(export(&svc, &hal, "matrix").await, matrix);
    let (_, theirs) = call(&svc, get("/api/v1/ownership/gaps", &hal)).await;
    let (_, ours) = call(&svc, get("/api/v1/ownership/gaps", &kestrel)).await;
    assert_eq!(theirs["broken"].as_array().unwrap().len(), ours["broken"].as_array().unwrap().len(), "{theirs}");

    // a row naming someone who is not here is still refused, gaps or not
    let text = "component,activity,letter,person_email,team\nERP,Patching,R,nobody@nowhere.example,\n";
    let (status, report) = call(
        &svc,
        at::TestRequest::post()
            .uri("/api/v1/ownership/import?what=matrix&dry_run=true&allow_gaps=true")
            .insert_header(("authorization", format!("Bearer {hal}")))
            .insert_header(("content-type", "text/csv"))
            .set_payload(text),
    )
    .await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(problem_keys(&report), ["line 2: person_email"], "{report}");
}
