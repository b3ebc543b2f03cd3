//! Identity's server functions: the browser's way into `service`. Each reads the [`Services`] handle
//! and the signed-in person from the request and calls the same use case the JSON API
//! calls. All live under `/sfn` and are listed in authorization.toml.
//!
//! [`Services`]: ../service/struct.Services.html

// Form server functions take one argument per form field (what a plain HTML form posts),
// and the macro generates the browser-side stub too, so the allowance is module-wide.
#![allow(clippy::too_many_arguments)]

use crate::error::UiError;
use domain::ApiErrorBody;
use domain::identity::{
    AuditEvent, AuditQuery, Me, Page, PeopleQuery, PersonDetail, PersonSummary, SessionInfo, TeamDetail, Viewer,
};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use uuid::Uuid;

/// The signed-in person as the page frame shows them, or `None` for a visitor. Costs no
/// statement beyond the sign-in check.
#[server(prefix = "/sfn")]
pub async fn current_user() -> Result<Option<Viewer>, UiError> {
    Ok(crate::session::current_actor().await?.map(|actor| service::identity::people::viewer(&actor)))
}

/// The signed-in person's full profile (manager, teams, reports) for the home page, or
/// `None` for a visitor.
#[server(prefix = "/sfn")]
pub async fn my_profile() -> Result<Option<Me>, UiError> {
    let services = crate::session::services().await?;
    match crate::session::current_actor().await? {
        Some(actor) => Ok(Some(service::identity::people::me(&services, &actor).await?)),
        None => Ok(None),
    }
}

/// Signs in and sets the session cookies, then goes to `next` (a local path) or home.
/// A wrong password or a missing field is an answer for the form (`Ok(Some(problem))`),
/// not a failed request.
#[server(prefix = "/sfn")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
    organization: Option<String>,
) -> Result<Option<ApiErrorBody>, UiError> {
    let req = crate::session::request().await?;
    let services = crate::session::services().await?;
    // a refused plain form post shows the form again with these (never the password)
    crate::components::form_flash::keep(&[("email", &email), ("organization", organization.as_deref().unwrap_or(""))]);
    let login = domain::identity::LoginRequest { email, password, organization };
    let result = service::auth::login(
        &services,
        &login,
        &crate::session::client_info(&req),
        crate::session::request_id(&req).as_deref(),
    )
    .await;
    crate::components::form_flash::form_answer(result, |issued| {
        crate::session::set_cookies(&req, &issued);
        leptos_actix::redirect(&local_path(next.as_deref()));
    })
}

/// Whether the installation still needs its first-run setup.
#[server(prefix = "/sfn")]
pub async fn setup_needed() -> Result<bool, UiError> {
    let services = crate::session::services().await?;
    Ok(service::identity::orgs::setup_needed(&services).await?)
}

/// First-run setup: the organization and its first admin, then signed in and sent home.
#[server(prefix = "/sfn")]
pub async fn first_run_setup(
    organization: String,
    name: String,
    email: String,
    password: String,
) -> Result<Option<ApiErrorBody>, UiError> {
    let req = crate::session::request().await?;
    let services = crate::session::services().await?;
    let setup = domain::identity::FirstRunSetup { organization, name, email, password };
    let result = service::identity::orgs::first_run_setup(
        &services,
        &setup,
        &crate::session::client_info(&req),
        crate::session::request_id(&req).as_deref(),
    )
    .await;
    crate::components::form_flash::form_answer(result, |issued| {
        crate::session::set_cookies(&req, &issued);
        leptos_actix::redirect("/");
    })
}

/// Only paths on this site: never an open redirect. Browsers drop tabs and line breaks
/// from an address and read a backslash as a slash, so `/\t/evil.example` would become the other
/// site's `//evil.example`: any control character or whitespace, any backslash and a
/// leading `//` send the person home instead.
pub fn local_path(next: Option<&str>) -> String {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && !p.chars().any(|c| c.is_control() || c.is_whitespace()) =>
        {
            p.to_string()
        }
        _ => "/".to_string(),
    }
}

/// Signs out this browser's session.
#[server(prefix = "/sfn")]
pub async fn sign_out() -> Result<(), UiError> {
    let services = crate::session::services().await?;
    if let Some(actor) = crate::session::current_actor().await? {
        service::auth::logout(&services, &actor).await?;
    }
    crate::session::clear_cookies();
    leptos_actix::redirect("/sign-in");
    Ok(())
}

/// Where I am signed in.
#[server(prefix = "/sfn")]
pub async fn my_sessions() -> Result<Vec<SessionInfo>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::auth::my_sessions::list(&services, &actor).await?)
}

/// Signs out every other session and goes back to the sessions page, which says how many
/// (in its address, so the answer shows with or without JavaScript).
#[server(prefix = "/sfn")]
pub async fn sign_out_others() -> Result<usize, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let n = service::auth::my_sessions::sign_out_others(&services, &actor).await?;
    leptos_actix::redirect(&format!("/me/sessions?signed_out={n}"));
    Ok(n)
}

/// Accepts an invitation (sets the password), signs in and goes home. Form problems come
/// back as values.
#[server(prefix = "/sfn")]
pub async fn accept_invitation(token: String, password: String) -> Result<Option<ApiErrorBody>, UiError> {
    let req = crate::session::request().await?;
    let services = crate::session::services().await?;
    let body = domain::identity::AcceptInvite { token, password };
    crate::components::form_flash::form_answer(
        service::auth::invitations::accept(
            &services,
            &body,
            &crate::session::client_info(&req),
            crate::session::request_id(&req).as_deref(),
        )
        .await,
        |issued| {
            crate::session::set_cookies(&req, &issued);
            leptos_actix::redirect("/");
        },
    )
}

/// Saves the admin's edit form for a person. Roles arrive as checkboxes (`role_admin=on`).
/// Problems (validation, a stale version) come back as values for the form.
#[server(prefix = "/sfn")]
pub async fn save_person(
    id: Uuid,
    version: i32,
    name: String,
    job_title: String,
    status: String,
    role_admin: Option<String>,
    role_hr: Option<String>,
    role_manager: Option<String>,
    role_member: Option<String>,
    manager_id: Option<String>,
    team_ids: Option<Vec<Uuid>>,
    confirm_deactivate: Option<String>,
) -> Result<Option<ApiErrorBody>, UiError> {
    use domain::identity::{PersonStatus, PersonUpdate, Role};
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    // Deactivating ends every sign-in of the person at once: the form asks first.
    if PersonStatus::parse(&status) == Some(PersonStatus::Deactivated)
        && confirm_deactivate.is_none()
        && service::identity::people::get(&services, &actor, id).await?.status != PersonStatus::Deactivated
    {
        crate::components::form_flash::keep(&[("name", &name), ("job_title", &job_title), ("status", &status)]);
        let problem = service::ServiceError::new(
            domain::ErrorCode::Validation,
            "Deactivating ends their sign-ins at once and hides them from pickers. Tick the box to confirm.",
        )
        .with_field("confirm_deactivate", "Tick to confirm the deactivation");
        return crate::components::form_flash::form_answer::<()>(Err(problem), |_| {});
    }
    let roles: Vec<Role> =
        [(Role::Admin, role_admin), (Role::Hr, role_hr), (Role::Manager, role_manager), (Role::Member, role_member)]
            .into_iter()
            .filter(|(_, on)| on.is_some())
            .map(|(r, _)| r)
            .collect();
    let update = PersonUpdate {
        version,
        name: Some(name),
        job_title: Some(job_title),
        roles: Some(roles),
        status: PersonStatus::parse(&status),
        // The form always has the manager picker ("" = no manager) and the team boxes
        // (none ticked = no teams).
        manager_id: Some(manager_id.as_deref().and_then(|m| m.parse().ok())),
        team_ids: Some(team_ids.unwrap_or_default()),
    };
    crate::components::form_flash::form_answer(
        service::identity::people::update(&services, &actor, id, &update).await,
        |p| {
            leptos_actix::redirect(&format!("/people/{}", p.id));
        },
    )
}

/// What an import form gets back: the report, or a problem with the file as a whole
/// (unreadable, unknown column) as a value for the form.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportAnswer {
    pub report: Option<domain::people_import::PeopleImportReport>,
    pub problem: Option<ApiErrorBody>,
}

/// Checks (`mode=check`) or imports (`mode=import`) a CSV of people (admins).
#[server(prefix = "/sfn")]
pub async fn import_people(csv: String, mode: String) -> Result<ImportAnswer, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let body = domain::people_import::PeopleImportRequest { csv, dry_run: mode != "import" };
    match service::identity::import::import_people(&services, &actor, &body).await {
        Ok(report) => Ok(ImportAnswer { report: Some(report), problem: None }),
        Err(e) if e.code.http_status() < 500 && e.code != domain::ErrorCode::Forbidden => {
            Ok(ImportAnswer { report: None, problem: Some(e.body()) })
        }
        Err(e) => Err(e.into()),
    }
}

/// A page of the people directory. (JSON input: a query with every filter empty would
/// vanish entirely in URL encoding.)
#[server(prefix = "/sfn", input = Json)]
pub async fn list_people(query: PeopleQuery) -> Result<Page<PersonSummary>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::identity::people::list(&services, &actor, &query).await?)
}

/// One person's page.
#[server(prefix = "/sfn")]
pub async fn get_person(id: Uuid) -> Result<PersonDetail, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::identity::people::get(&services, &actor, id).await?)
}

/// Active and invited people by name, for manager and lead pickers.
#[server(prefix = "/sfn")]
pub async fn people_choices() -> Result<Vec<domain::identity::PersonRef>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::identity::people::choices(&services, &actor).await?)
}

/// Creates an invitation link for an invited person (admins); the page shows it.
#[server(prefix = "/sfn")]
pub async fn invite_person(id: Uuid) -> Result<domain::identity::Invitation, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::auth::invitations::invite(&services, &actor, id).await?)
}

/// Creates (no `id`) or edits a team (admins), then goes to its page. The form always
/// carries the lead picker ("" = no lead) and the member list (none chosen = no members).
#[server(prefix = "/sfn")]
pub async fn save_team(
    id: Option<Uuid>,
    version: Option<i32>,
    name: String,
    description: String,
    lead_id: Option<String>,
    member_ids: Option<Vec<Uuid>>,
) -> Result<Option<ApiErrorBody>, UiError> {
    use domain::identity::{NewTeam, TeamUpdate};
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    let lead = lead_id.as_deref().and_then(|l| l.parse().ok());
    let members = member_ids.unwrap_or_default();
    let result = match id {
        None => {
            let new = NewTeam { name, description: Some(description), lead_id: lead, member_ids: members };
            service::identity::teams::create(&services, &actor, &new).await
        }
        Some(id) => {
            let upd = TeamUpdate {
                version: version.unwrap_or_default(),
                name: Some(name),
                description: Some(description),
                lead_id: Some(lead),
                member_ids: Some(members),
            };
            service::identity::teams::update(&services, &actor, id, &upd).await
        }
    };
    crate::components::form_flash::form_answer(result, |t| {
        leptos_actix::redirect(&format!("/teams/{}", t.id));
    })
}

/// One team with lead and members.
#[server(prefix = "/sfn")]
pub async fn get_team(id: Uuid) -> Result<TeamDetail, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::identity::teams::get(&services, &actor, id).await?)
}

/// The audit log (admins), newest first. JSON input: every filter may be empty.
#[server(prefix = "/sfn", input = Json)]
pub async fn audit_events(query: AuditQuery) -> Result<Vec<AuditEvent>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::audit::list(&services, &actor, &query).await?)
}

/// The org chart.
#[server(prefix = "/sfn")]
pub async fn org_chart() -> Result<Vec<domain::org_chart::OrgNode>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::identity::people::org_chart(&services, &actor).await?)
}

/// Teams, for the directory's filter.
#[server(prefix = "/sfn")]
pub async fn list_teams() -> Result<Vec<domain::identity::TeamSummary>, UiError> {
    let actor = crate::session::actor().await?;
    let services = crate::session::services().await?;
    Ok(service::identity::teams::list(&services, &actor).await?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_redirects() {
        assert_eq!(super::local_path(Some("/people?q=a")), "/people?q=a");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "people",
            "/\t/evil.example/x",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/ /evil.example",
            "/\u{0}/evil.example",
            "/\u{2028}/evil.example",
        ] {
            assert_eq!(super::local_path(Some(bad)), "/", "{bad}");
        }
        assert_eq!(super::local_path(None), "/");
    }
}
