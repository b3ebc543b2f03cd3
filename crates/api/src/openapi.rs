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
        crate::health::healthz, crate::health::readyz, crate::status::get,
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
        crate::assessing::list_role_profiles, crate::assessing::create_role_profile, crate::assessing::get_role_profile,
        crate::assessing::update_role_profile, crate::assessing::assign_role_profile, crate::assessing::list_cycles,
        crate::assessing::create_cycle, crate::assessing::get_cycle, crate::assessing::update_cycle,
        crate::assessing::cycle_report, crate::assessing::list_assessments, crate::assessing::start_assessment,
        crate::assessing::get_assessment, crate::assessing::save_assessment, crate::assessing::submit_assessment,
        crate::assessing::amend_assessment, crate::assessing::person_competencies, crate::assessing::person_radar,
        crate::assessing::skills_matrix, crate::assessing::my_assessments,
        crate::ownership::list_components, crate::ownership::create_component, crate::ownership::get_component,
        crate::ownership::update_component, crate::ownership::get_dependencies, crate::ownership::add_dependency,
        crate::ownership::remove_dependency, crate::ownership::impact, crate::ownership::graph,
        crate::ownership::list_activities, crate::ownership::create_activity, crate::ownership::update_activity,
        crate::ownership::read_matrix, crate::ownership::write_row, crate::ownership::confirm_row,
        crate::ownership::gaps, crate::ownership::key_person_risk, crate::ownership::settings,
        crate::ownership::set_settings, crate::ownership::person_ownership, crate::ownership::team_ownership,
        crate::ownership_csv::export, crate::ownership_csv::import,
    ),
    components(schemas(domain::ApiErrorBody, domain::ErrorCode)),
    modifiers(&BearerAuth),
    tags(
        (name = "operations", description = "Health, readiness and server status"),
        (name = "auth", description = "Sign-in, token refresh, sign-out"),
        (name = "people", description = "The people directory and the signed-in person"),
        (name = "teams", description = "Teams, leads and members"),
        (name = "audit", description = "The append-only audit log (admins)"),
        (name = "rubrics", description = "Competency frameworks, their versions, role profiles and assessments"),
        (name = "ownership", description = "Components, dependencies, activities, the RACI matrix and its reports"),
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

/// The document as JSON, built once.
pub fn json() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| ApiDoc::openapi().to_json().expect("the OpenAPI document serialises"))
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
    let mut allowed: Vec<&'static str> = paths
        .iter()
        .filter(|(template, _)| {
            template.len() == segments.len()
                && template.iter().zip(&segments).all(|(t, s)| t == s || (t.starts_with('{') && !s.is_empty()))
        })
        .flat_map(|(_, methods)| methods.iter().copied())
        .collect();
    allowed.sort_unstable();
    allowed.dedup();
    (!allowed.is_empty()).then_some(allowed)
}

pub async fn document() -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(json())
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_openapi_3_1_with_our_paths() {
        let doc: serde_json::Value = serde_json::from_str(super::json()).unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
        for path in ["/healthz", "/readyz", "/api/v1/status"] {
            assert!(doc["paths"].get(path).is_some(), "{path} missing");
        }
    }
}
