//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use actix_web::HttpResponse;
use std::sync::OnceLock;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Hatrack API",
        description = "Skills, interviews, ownership, coaching and succession for IT teams. \
            Every error has the shape `{\"error\": code, \"message\": text, \"fields\": {field: problem}}`.",
    ),
    paths(
        crate::health::healthz, crate::health::readyz, crate::status::get, crate::home::todo,
        crate::identity::login, crate::identity::refresh, crate::identity::logout, crate::identity::me,
        crate::identity::list_people, crate::identity::create_person, crate::identity::get_person,
        crate::identity::update_person, crate::identity::list_teams, crate::identity::create_team,
        crate::identity::get_team, crate::identity::update_team, crate::identity::audit_events,
        crate::identity::my_sessions, crate::identity::sign_out_others, crate::identity::invite,
        crate::identity::accept_invite, crate::identity::org_chart, crate::identity::export_people,
        crate::identity::import_people, crate::identity::setup_state, crate::identity::first_run_setup,
        crate::rubric::list, crate::rubric::create, crate::rubric::get, crate::rubric::version, crate::rubric::draft,
        crate::rubric::start_draft, crate::rubric::save_draft, crate::rubric::edit_draft, crate::rubric::discard_draft,
        crate::rubric::publish, crate::rubric::diff, crate::rubric::export, crate::rubric::import,
        crate::rubric::assessments::list_role_profiles, crate::rubric::assessments::create_role_profile, crate::rubric::assessments::get_role_profile,
        crate::rubric::assessments::update_role_profile, crate::rubric::assessments::assign_role_profile, crate::rubric::assessments::list_cycles,
        crate::rubric::assessments::create_cycle, crate::rubric::assessments::get_cycle, crate::rubric::assessments::update_cycle,
        crate::rubric::assessments::cycle_report, crate::rubric::assessments::list_assessments, crate::rubric::assessments::start_assessment,
        crate::rubric::assessments::assessment_beside, crate::rubric::assessments::get_assessment, crate::rubric::assessments::save_assessment, crate::rubric::assessments::submit_assessment,
        crate::rubric::assessments::amend_assessment, crate::rubric::assessments::person_competencies, crate::rubric::assessments::person_radar,
        crate::rubric::assessments::skills_matrix, crate::rubric::assessments::my_assessments,
        crate::ownership::list_components, crate::ownership::create_component, crate::ownership::get_component,
        crate::ownership::update_component, crate::ownership::get_dependencies, crate::ownership::add_dependency,
        crate::ownership::remove_dependency, crate::ownership::impact, crate::ownership::graph,
        crate::ownership::list_activities, crate::ownership::create_activity, crate::ownership::update_activity,
        crate::ownership::read_matrix, crate::ownership::write_row, crate::ownership::confirm_row,
        crate::ownership::gaps, crate::ownership::key_person_risk, crate::ownership::settings,
        crate::ownership::set_settings, crate::ownership::person_ownership, crate::ownership::team_ownership,
        crate::ownership::csv::export, crate::ownership::csv::import,
        crate::interviews::list_exercises, crate::interviews::create_exercise, crate::interviews::get_exercise,
        crate::interviews::update_exercise, crate::interviews::list_plans, crate::interviews::create_plan,
        crate::interviews::get_plan, crate::interviews::plan_version, crate::interviews::save_plan_draft,
        crate::interviews::start_plan_draft, crate::interviews::discard_plan_draft, crate::interviews::publish_plan,
        crate::interviews::list_candidates, crate::interviews::create_candidate, crate::interviews::get_candidate,
        crate::interviews::update_candidate, crate::interviews::export_candidate, crate::interviews::erase_candidate,
        crate::interviews::list_loops, crate::interviews::create_loop, crate::interviews::get_loop,
        crate::interviews::panel_scorecards, crate::interviews::save_scorecard, crate::interviews::my_scorecard,
        crate::interviews::get_debrief, crate::interviews::open_debrief, crate::interviews::record_decision,
        crate::interviews::kit, crate::interviews::interview_stats,
        crate::interviews::work_samples::create_link, crate::interviews::work_samples::revoke_link,
        crate::interviews::work_samples::list, crate::interviews::work_samples::attach,
        crate::interviews::work_samples::file, crate::interviews::work_samples::brief,
        crate::interviews::work_samples::submit,
        crate::coaching::list_feedback, crate::coaching::give_feedback, crate::coaching::get_feedback,
        crate::coaching::amend_feedback, crate::coaching::reply_to_feedback, crate::coaching::acknowledge_feedback,
        crate::coaching::feedback_hints,
    ),
    components(schemas(domain::ApiErrorBody, domain::ErrorCode)),
    modifiers(&BearerAuth, &CommonAnswers),
    tags(
        (name = "operations", description = "Health, readiness and server status"),
        (name = "auth", description = "Sign-in, token refresh, sign-out"),
        (name = "people", description = "The people directory and the signed-in person"),
        (name = "teams", description = "Teams, leads and members"),
        (name = "audit", description = "The append-only audit log (admins)"),
        (name = "rubrics", description = "Competency frameworks, their versions, role profiles and assessments"),
        (name = "ownership", description = "Components, dependencies, activities, the RACI matrix and its reports"),
        (name = "interviews", description = "Exercises, interview plans, candidates, loops, scorecards, debriefs, decisions and work samples"),
        (name = "coaching", description = "Feedback, feedback requests, 1:1s, growth goals, the inbox and a person's timeline"),
    ),
)]
pub struct ApiDoc;

/// Declares the `bearer` security scheme the authenticated paths refer to.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

/// The answers any operation can give for reasons of its shape rather than its purpose,
/// added here once instead of in every annotation (where they were missing on about 50
/// operations): 401 wherever a token is needed; 403 on a signed-in change (a cross-site
/// cookie request, or a role that may not); 404 for an id nobody can see; 400 (unreadable)
/// and 422 (a rule broken, or text with a refused character) wherever a request carries
/// parameters or a body; 413 for a body; 503 while the database is unreachable.
struct CommonAnswers;

impl utoipa::Modify for CommonAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        for (path, item) in openapi.paths.paths.iter_mut() {
            let operations = [
                (false, &mut item.get),
                (true, &mut item.put),
                (true, &mut item.post),
                (true, &mut item.delete),
                (true, &mut item.patch),
            ];
            for (changes, operation) in operations {
                let Some(op) = operation.as_mut() else { continue };
                let signed_in = op.security.as_ref().is_some_and(|s| !s.is_empty());
                let params = op.parameters.as_deref().unwrap_or_default();
                let in_path = params.iter().any(|p| p.parameter_in == ParameterIn::Path);
                let reads_input = !params.is_empty() || op.request_body.is_some();
                let mut add = |status: &str, description: &str| {
                    op.responses.responses.entry(status.to_string()).or_insert_with(|| error_response(description));
                };
                if signed_in {
                    add("401", "not signed in, or the token expired or was revoked");
                }
                if signed_in && changes {
                    add("403", "not allowed for your roles, or a cookie-authenticated request from another site");
                }
                if in_path {
                    add("404", "no such resource, or not visible to you");
                }
                if reads_input {
                    add("400", "the parameters or body could not be read (wrong type, missing field)");
                    add("422", "a field breaks a rule or holds a refused character; `fields` names it");
                }
                if op.request_body.is_some() {
                    add("413", "the body is larger than this operation accepts");
                }
                if path != "/healthz" {
                    add("503", "the database cannot be reached right now; see Retry-After");
                }
            }
        }
    }
}

fn error_response(description: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("ApiErrorBody"))).build())
        .build()
        .into()
}

/// The document as JSON, built once.
pub fn json() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = serde_json::to_value(ApiDoc::openapi()).expect("the OpenAPI document serialises");
        tighten(&mut doc);
        doc.to_string()
    })
}

/// The methods the document lists for the path (`{id}` matches any one segment), or
/// `None` when it lists no such path.
pub fn methods_at(path: &str) -> Option<Vec<&'static str>> {
    static PATHS: OnceLock<Vec<(Vec<String>, Vec<&'static str>)>> = OnceLock::new();
    let paths = PATHS.get_or_init(|| {
        let doc: serde_json::Value = serde_json::from_str(json()).expect("the OpenAPI document parses");
        let methods = [
            ("get", "GET"),
            ("put", "PUT"),
            ("post", "POST"),
            ("delete", "DELETE"),
            ("options", "OPTIONS"),
            ("head", "HEAD"),
            ("patch", "PATCH"),
            ("trace", "TRACE"),
        ];
        doc["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(template, item)| {
                let allowed =
                    methods.iter().filter(|(key, _)| item.get(*key).is_some()).map(|(_, name)| *name).collect();
                (template.split('/').map(str::to_string).collect(), allowed)
            })
            .collect()
    });
    let segments: Vec<&str> = path.split('/').collect();
    let matching: Vec<_> = paths
        .iter()
        .filter(|(template, _)| {
            template.len() == segments.len()
                && template.iter().zip(&segments).all(|(t, s)| t == s || (t.starts_with('{') && !s.is_empty()))
        })
        .collect();
    // `/people/export.csv` is that path, not a person called "export.csv".
    let literal = |template: &[String]| template.iter().filter(|t| !t.starts_with('{')).count();
    let most_literal = matching.iter().map(|(t, _)| literal(t)).max()?;
    let mut allowed: Vec<&'static str> = matching
        .iter()
        .filter(|(t, _)| literal(t) == most_literal)
        .flat_map(|(_, methods)| methods.iter().copied())
        .collect();
    allowed.sort_unstable();
    allowed.dedup();
    (!allowed.is_empty()).then_some(allowed)
}

/// The forms of UUID the server reads (hyphenated, simple, braced, URN), as a pattern on
/// every `format: uuid`: JSON Schema treats formats as notes, so without it "" is a valid
/// id to a client (and to schemathesis), and the server's 400 looks like a broken promise.
const UUID_PATTERN: &str = "^(urn:uuid:)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$\
    |^[0-9a-fA-F]{32}$|^\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}$";

/// What utoipa's output leaves loose or gets wrong, fixed over the whole document: UUIDs get
/// their pattern, and maps keyed by numbers (`BTreeMap<i32, _>`, e.g. a level's count)
/// say that their keys are strings of digits, as JSON writes them, not integers.
fn tighten(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if map.get("format").and_then(|f| f.as_str()) == Some("uuid") && !map.contains_key("pattern") {
                map.insert("pattern".into(), UUID_PATTERN.into());
            }
            if let Some(names) = map.get_mut("propertyNames")
                && names["type"] == "integer"
            {
                *names = serde_json::json!({"type": "string", "pattern": "^-?[0-9]+$"});
            }
            map.values_mut().for_each(tighten);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(tighten),
        _ => {}
    }
}

pub async fn document() -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(json())
}

#[cfg(test)]
mod tests {
    #[test]
    fn parameters_are_where_the_server_reads_them() {
        let doc: serde_json::Value = serde_json::from_str(super::json()).unwrap();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                for p in op["parameters"].as_array().into_iter().flatten() {
                    let name = p["name"].as_str().unwrap();
                    let in_template = path.contains(&format!("{{{name}}}"));
                    assert_eq!(p["in"] == "path", in_template, "{method} {path}: {name} is declared in {}", p["in"]);
                }
                if op.get("security").is_some() {
                    assert!(op["responses"].get("401").is_some(), "{method} {path} documents no 401");
                }
            }
        }
        let diff = &doc["paths"]["/api/v1/frameworks/{id}/diff"]["get"]["parameters"];
        let from = diff.as_array().unwrap().iter().find(|p| p["name"] == "from").unwrap();
        assert_eq!(from["required"], true);
    }

    #[test]
    fn methods_at_prefers_the_literal_path() {
        assert_eq!(super::methods_at("/api/v1/people"), Some(vec!["GET", "POST"]));
        assert_eq!(super::methods_at("/api/v1/people/export.csv"), Some(vec!["GET"]));
        assert_eq!(super::methods_at("/api/v1/people/6f1c"), Some(vec!["GET", "PATCH"]));
        assert_eq!(super::methods_at("/api/v1/nothing"), None);
    }

    #[test]
    fn is_openapi_3_1_with_our_paths() {
        let doc: serde_json::Value = serde_json::from_str(super::json()).unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
        for path in ["/healthz", "/readyz", "/api/v1/status"] {
            assert!(doc["paths"].get(path).is_some(), "{path} missing");
        }
    }
}
