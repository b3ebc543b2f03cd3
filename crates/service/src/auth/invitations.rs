//! Invitations: an admin invites a person (status `invited`); the link, valid for 7 days
//! and usable once, lets them choose a password. No mail server is needed: the link is
//! shown to the admin and written to the server log.

use super::{passwords, sessions};
use crate::actor::Actor;
use crate::{ServiceError, ServiceResult, Services, audit, policy};
use chrono::{Duration, Utc};
use diesel_async::AsyncConnection;
use domain::ErrorCode;
use domain::identity::{AcceptInvite, Invitation, PersonStatus};
use domain::validate::{FieldErrors, Password};
use uuid::Uuid;

pub const VALID_DAYS: i64 = 7;

pub async fn invite(services: &Services, actor: &Actor, person: Uuid) -> ServiceResult<Invitation> {
    policy::require_admin(actor, "invite people")?;
    let token = sessions::new_token();
    let hash = sessions::hash_refresh(&token);
    let expires_at = Utc::now() + Duration::days(VALID_DAYS);
    let org = actor.organization_id;
    let mut conn = services.conn().await?;
    let email = conn
        .transaction::<_, ServiceError, _>(async move |conn| {
            let row = db::identity::people::lock(conn, org, person)
                .await?
                .ok_or_else(|| ServiceError::not_found("Person"))?;
            if row.status != PersonStatus::Invited.as_str() {
                return Err(ServiceError::conflict(
                    "This person has already accepted an invitation or is deactivated.",
                )
                .with_field("status", row.status.clone()));
            }
            db::identity::invitations::insert(conn, org, person, &hash, actor.person_id, expires_at).await?;
            let info = serde_json::json!({ "expires_at": expires_at });
            audit::record(conn, Some(actor), org, audit::Entry::new("person.invited", "person", person).after(&info))
                .await?;
            Ok(row.email)
        })
        .await?;
    let accept_path = format!("/accept-invite?token={token}");
    tracing::info!(email = %email, accept_path = %accept_path, "invitation created (give this link to the person)");
    Ok(Invitation { person_id: person, email, accept_path, expires_at })
}

/// Sets the password of an invited person and signs them in.
pub async fn accept(
    services: &Services,
    req: &AcceptInvite,
    client: &sessions::ClientInfo,
    request_id: Option<&str>,
) -> ServiceResult<sessions::Issued> {
    let mut problems = FieldErrors::new();
    let password = problems.check("password", Password::parse(&req.password));
    let Some(password) = password else { return Err(ServiceError::validation(problems)) };
    let hash = tokio::task::spawn_blocking(move || passwords::hash(&password))
        .await
        .map_err(|e| ServiceError::new(ErrorCode::Internal, "hashing failed").with_cause(e))?;
    let token_hash = sessions::hash_refresh(req.token.trim());
    let invalid = || {
        ServiceError::new(
            ErrorCode::Validation,
            "This invitation link is not valid: it may have expired or been used already. Ask an admin for a new one.",
        )
        .with_field("token", "Not valid, expired or already used")
    };
    let mut conn = services.conn().await?;
    let email = conn
        .transaction::<_, ServiceError, _>(async move |conn| {
            let invite = db::identity::invitations::take(conn, &token_hash).await?.ok_or_else(invalid)?;
            if invite.expires_at <= Utc::now() {
                return Err(invalid());
            }
            let person = db::identity::people::lock(conn, invite.organization_id, invite.person_id)
                .await?
                .ok_or_else(invalid)?;
            if person.status != PersonStatus::Invited.as_str() {
                return Err(invalid());
            }
            db::identity::people::activate_with_password(conn, person.id, &hash).await?;
            audit::record(
                conn,
                None,
                invite.organization_id,
                audit::Entry::new("person.accepted_invitation", "person", person.id),
            )
            .await?;
            Ok((person.email, invite.organization_id))
        })
        .await?;
    // Signs in to the organization that invited them, whatever other organizations the
    // address belongs to.
    let (email, organization) = email;
    let login = domain::identity::LoginRequest {
        email,
        password: req.password.clone(),
        organization: Some(organization.to_string()),
    };
    sessions::login(services, &login, client, request_id).await
}
