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
    let mut problems = FieldErrors::new();
    let org_name = problems.check("org", text(org_name, "the organization's name", 200));
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
        let (org, organization_created) = match db::identity::orgs::find_by_name(conn, &org_name).await? {
            Some(org) => (org, false),
            None => (db::identity::orgs::create(conn, &org_name).await?, true),
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
