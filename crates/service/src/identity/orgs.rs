//! Creating an organization and its first admin (`hatrack create-admin`, first-run setup).

use crate::actor::roles_to_db;
use crate::auth::passwords;
use crate::{ServiceError, ServiceResult, Services, audit};
use diesel_async::AsyncConnection;
use domain::identity::{PersonStatus, Role};
use domain::validate::{Email, FieldErrors, Password, text};
use uuid::Uuid;

pub struct Created {
    pub organization_id: Uuid,
    pub person_id: Uuid,
    pub organization_created: bool,
}

/// Creates the organization if no organization has this name, then an active admin in it.
pub async fn create_admin(
    services: &Services,
    org_name: &str,
    name: &str,
    email: &str,
    password: &str,
) -> ServiceResult<Created> {
    create(services, org_name, name, email, password, false).await
}

/// Whether this installation still has no organization (the setup page is open).
pub async fn setup_needed(services: &Services) -> ServiceResult<bool> {
    let mut conn = services.conn().await?;
    Ok(db::identity::orgs::count(&mut conn).await? == 0)
}

/// First-run setup from the web: only while no organization exists (anyone who can
/// reach a new installation sets it up, as with `create-admin` on the command line);
/// afterwards 409. Signs the new admin in.
pub async fn first_run_setup(
    services: &Services,
    setup: &domain::identity::FirstRunSetup,
    client: &crate::auth::ClientInfo,
    request_id: Option<&str>,
) -> ServiceResult<crate::auth::Issued> {
    create(services, &setup.organization, &setup.name, &setup.email, &setup.password, true).await?;
    let login = domain::identity::LoginRequest {
        email: setup.email.clone(),
        password: setup.password.clone(),
        organization: None,
    };
    crate::auth::login(services, &login, client, request_id).await
}

fn already_set_up() -> ServiceError {
    ServiceError::conflict("This Hatrack is already set up. Sign in, or ask an admin to invite you.")
}

async fn create(
    services: &Services,
    org_name: &str,
    name: &str,
    email: &str,
    password: &str,
    only_first: bool,
) -> ServiceResult<Created> {
    if only_first && !setup_needed(services).await? {
        return Err(already_set_up());
    }
    let mut problems = FieldErrors::new();
    let org_name = problems.check("organization", text(org_name, "the organization's name", 200));
    let name = problems.check("name", text(name, "a name", 200));
    let email = problems.check("email", Email::parse(email));
    let password = problems.check("password", Password::parse(password));
    let (Some(org_name), Some(name), Some(email), Some(password)) = (org_name, name, email, password) else {
        return Err(ServiceError::validation(problems));
    };
    let hash = tokio::task::spawn_blocking(move || passwords::hash(&password))
        .await
        .map_err(|e| ServiceError::new(domain::ErrorCode::Internal, "hashing failed").with_cause(e))?;
    let mut conn = services.conn().await?;
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        if only_first {
            db::identity::orgs::lock_first_run(conn).await?;
            if db::identity::orgs::count(conn).await? > 0 {
                return Err(already_set_up());
            }
        }
        let (org, organization_created) = match db::identity::orgs::find_by_name(conn, &org_name).await? {
            Some(org) => (org, false),
            None => (crate::setup::new_organization(conn, &org_name).await?.org, true),
        };
        if db::identity::people::email_taken(conn, org.id, email.as_str()).await? {
            return Err(ServiceError::conflict(format!("{email} already has an account in {org_name}"))
                .with_field("email", "Already has an account in this organization"));
        }
        let person = db::identity::people::insert(
            conn,
            &db::identity::people::NewPersonRow {
                organization_id: org.id,
                email: email.as_str(),
                name: &name,
                job_title: "",
                roles: roles_to_db(&[Role::Admin, Role::Member]),
                manager_id: None,
                status: PersonStatus::Active.as_str(),
                password_hash: Some(&hash),
            },
        )
        .await?;
        audit::record(
            conn,
            None,
            org.id,
            audit::Entry::new("person.created_admin", "person", person.id).after(&person),
        )
        .await?;
        Ok(Created { organization_id: org.id, person_id: person.id, organization_created })
    })
    .await
}
