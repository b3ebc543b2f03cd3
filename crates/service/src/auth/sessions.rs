//! Sign-in, refresh with rotation and reuse detection, sign-out, and authentication of a
//! request.

use super::{jwt, passwords, throttle};
use crate::actor::{Actor, roles_from_db};
use crate::{ServiceError, ServiceResult, Services, audit};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Duration, Utc};
use diesel_async::AsyncConnection;
use domain::ErrorCode;
use domain::identity::{LoginRequest, PersonStatus};
use domain::validate::{FieldErrors, MAX_PASSWORD_CHARS};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Refresh tokens (and so sessions) last 30 days from sign-in, however often they rotate.
pub const SESSION_DAYS: i64 = 30;
/// Two tabs (or one page's parallel requests) whose access token expired present the same
/// refresh token at once. Within this many seconds of its first use it is answered again
/// (with a rotation of its own) instead of being taken for a stolen token, which signed
/// the person out everywhere; after that, a second use still revokes the whole family.
pub const REFRESH_GRACE_SECONDS: i64 = 10;

#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: String,
    pub user_agent: String,
}

/// Tokens handed to a client after sign-in or refresh.
#[derive(Debug, Clone)]
pub struct Issued {
    pub access_token: String,
    pub expires_in: i64,
    pub refresh_token: String,
    pub person_id: Uuid,
}

fn wrong_credentials() -> ServiceError {
    // The same answer for an unknown email and a wrong password.
    ServiceError::new(ErrorCode::Unauthenticated, "That email and password do not match an active account.")
}

pub fn hash_refresh(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// A fresh secret of 256 random bits in URL-safe base64 (43 characters): refresh tokens,
/// invitations and work-sample links. Only its [`hash_refresh`] is stored.
pub fn new_token() -> String {
    URL_SAFE_NO_PAD.encode(jwt::random_bytes::<32>())
}

pub async fn login(
    services: &Services,
    req: &LoginRequest,
    client: &ClientInfo,
    request_id: Option<&str>,
) -> ServiceResult<Issued> {
    let email = req.email.trim().to_lowercase();
    let mut problems = FieldErrors::new();
    if email.is_empty() {
        problems.add("email", "Enter your email address");
    }
    if req.password.is_empty() {
        problems.add("password", "Enter your password");
    } else if req.password.chars().count() > MAX_PASSWORD_CHARS {
        problems.add("password", format!("Passwords are at most {MAX_PASSWORD_CHARS} characters"));
    }
    if !problems.is_empty() {
        return Err(ServiceError::validation(problems));
    }
    let mut conn = services.conn().await?;
    throttle::check(&mut conn, &[&throttle::pair_key(&email, &client.ip), &throttle::ip_key(&client.ip)]).await?;

    let row = match account(&mut conn, &email, &req.password, req.organization.as_deref()).await? {
        Account::One(row) => row,
        Account::None => {
            throttle::failed(&mut conn, &email, &client.ip).await?;
            return Err(wrong_credentials());
        }
        Account::Several(names) => {
            return Err(ServiceError::new(
                ErrorCode::Validation,
                format!("This address signs in to several organizations: {}. Say which one.", names.join(", ")),
            )
            .with_field("organization", "Enter the organization's name"));
        }
    };
    throttle::succeeded(&mut conn, &email, &client.ip).await?;

    let refresh_token = new_token();
    let hash = hash_refresh(&refresh_token);
    let session = conn
        .transaction::<_, ServiceError, _>(async move |conn| {
            let session = db::identity::sessions::insert(
                conn,
                &db::identity::sessions::NewSession {
                    organization_id: row.organization_id,
                    person_id: row.id,
                    family_id: Uuid::new_v4(),
                    refresh_hash: &hash,
                    user_agent: truncate(&client.user_agent, 300),
                    ip: truncate(&client.ip, 64),
                    expires_at: Utc::now() + Duration::days(SESSION_DAYS),
                },
            )
            .await?;
            let actor = Actor {
                person_id: row.id,
                organization_id: row.organization_id,
                organization_name: String::new(),
                name: String::new(),
                roles: vec![],
                session_id: session.id,
                request_id: request_id.map(str::to_string),
                people_generation: None,
            };
            let info = serde_json::json!({ "ip": client.ip, "user_agent": client.user_agent });
            audit::record(
                conn,
                Some(&actor),
                row.organization_id,
                audit::Entry::new("auth.sign_in", "session", session.id).after(&info),
            )
            .await?;
            Ok(session)
        })
        .await?;
    Ok(issue(services, row.id, row.organization_id, session.id, row.token_version, refresh_token))
}

enum Account {
    None,
    One(db::identity::people::LoginRow),
    /// The password is right for accounts in several organizations: their names.
    Several(Vec<String>),
}

/// The active account this address and password sign in to. An address may be a person
/// in several organizations (each organization adds its own people, so one cannot take an
/// address away from another): the password picks among them, and when it is the same
/// for several, the organization the person names (by name or id).
async fn account(
    conn: &mut db::Conn,
    email: &str,
    password: &str,
    organization: Option<&str>,
) -> ServiceResult<Account> {
    let organization = organization.map(str::trim).filter(|o| !o.is_empty());
    let candidates: Vec<_> = db::identity::people::for_login(conn, email)
        .await?
        .into_iter()
        .filter(|(row, name)| {
            row.status == PersonStatus::Active.as_str()
                && row.password_hash.is_some()
                && organization.is_none_or(|o| name.eq_ignore_ascii_case(o) || row.organization_id.to_string() == o)
        })
        .collect();
    let hashes: Vec<Option<String>> = if candidates.is_empty() {
        vec![None] // the dummy hash: an unknown address takes as long as a known one
    } else {
        candidates.iter().map(|(row, _)| row.password_hash.clone()).collect()
    };
    let password = password.to_string();
    // argon2 is deliberately slow: keep it off the async workers.
    let matches = tokio::task::spawn_blocking(move || {
        hashes.iter().map(|h| passwords::verify(&password, h.as_deref())).collect::<Vec<bool>>()
    })
    .await
    .map_err(|e| ServiceError::new(ErrorCode::Internal, "sign-in failed").with_cause(e))?;
    let mut found: Vec<_> = candidates.into_iter().zip(matches).filter(|(_, ok)| *ok).map(|(c, _)| c).collect();
    Ok(match found.len() {
        0 => Account::None,
        1 => Account::One(found.remove(0).0),
        _ => Account::Several(found.into_iter().map(|(_, name)| name).collect()),
    })
}

fn issue(services: &Services, person: Uuid, org: Uuid, session: Uuid, version: i32, refresh_token: String) -> Issued {
    Issued {
        access_token: services.keys().issue(person, org, session, version, Utc::now().timestamp()),
        expires_in: jwt::ACCESS_TTL_SECONDS,
        refresh_token,
        person_id: person,
    }
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

enum RefreshOutcome {
    Rotated { person: Uuid, org: Uuid, session: Uuid, version: i32 },
    Refused,
}

/// Exchanges a refresh token for new tokens. A refresh token works once (give or take the
/// grace above): presenting an already rotated one later means it leaked, and the whole
/// session family is revoked.
pub async fn refresh(
    services: &Services,
    refresh_token: &str,
    client: &ClientInfo,
    request_id: Option<&str>,
) -> ServiceResult<Issued> {
    if refresh_token.is_empty() || refresh_token.len() > 200 {
        return Err(ServiceError::unauthenticated());
    }
    let hash = hash_refresh(refresh_token);
    let next_token = new_token();
    let next_hash = hash_refresh(&next_token);
    let mut conn = services.conn().await?;
    let outcome = conn
        .transaction::<_, ServiceError, _>(async move |conn| {
            let Some(current) = db::identity::sessions::by_refresh_hash(conn, &hash).await? else {
                return Ok(RefreshOutcome::Refused);
            };
            if current.revoked_at.is_some() || current.expires_at <= Utc::now() {
                return Ok(RefreshOutcome::Refused);
            }
            let in_grace =
                current.rotated_at.is_some_and(|at| at > Utc::now() - Duration::seconds(REFRESH_GRACE_SECONDS));
            if current.rotated_at.is_some() && !in_grace {
                db::identity::sessions::revoke_family(conn, current.family_id).await?;
                let info = serde_json::json!({ "family_id": current.family_id, "ip": client.ip });
                audit::record(
                    conn,
                    None,
                    current.organization_id,
                    audit::Entry::new("auth.refresh_reuse_detected", "session", current.id).after(&info),
                )
                .await?;
                return Ok(RefreshOutcome::Refused);
            }
            let Some(person) = db::identity::people::lock(conn, current.organization_id, current.person_id).await?
            else {
                return Ok(RefreshOutcome::Refused);
            };
            if person.status != PersonStatus::Active.as_str() {
                return Ok(RefreshOutcome::Refused);
            }
            if current.rotated_at.is_none() {
                db::identity::sessions::mark_rotated(conn, current.id).await?;
            }
            let next = db::identity::sessions::insert(
                conn,
                &db::identity::sessions::NewSession {
                    organization_id: current.organization_id,
                    person_id: current.person_id,
                    family_id: current.family_id,
                    refresh_hash: &next_hash,
                    user_agent: truncate(&client.user_agent, 300),
                    ip: truncate(&client.ip, 64),
                    expires_at: current.expires_at,
                },
            )
            .await?;
            let _ = request_id;
            Ok(RefreshOutcome::Rotated {
                person: person.id,
                org: person.organization_id,
                session: next.id,
                version: person.token_version,
            })
        })
        .await?;
    match outcome {
        RefreshOutcome::Rotated { person, org, session, version } => {
            Ok(issue(services, person, org, session, version, next_token))
        }
        RefreshOutcome::Refused => Err(ServiceError::unauthenticated()),
    }
}

/// Ends the actor's session (every rotation of it).
pub async fn logout(services: &Services, actor: &Actor) -> ServiceResult<()> {
    let mut conn = services.conn().await?;
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        if let Some(family) = db::identity::sessions::family_of(conn, actor.session_id).await? {
            db::identity::sessions::revoke_family(conn, family).await?;
        }
        audit::record(
            conn,
            Some(actor),
            actor.organization_id,
            audit::Entry::new("auth.sign_out", "session", actor.session_id),
        )
        .await
    })
    .await
}

/// The actor behind an access token, checked against the database: the person is active,
/// the token's version is current (password, roles, status unchanged) and the session is
/// live (not signed out).
pub async fn authenticate(services: &Services, token: &str, request_id: Option<String>) -> ServiceResult<Actor> {
    let claims = services.keys().verify(token).map_err(|_| ServiceError::unauthenticated())?;
    // Every signed-in request runs this statement first: on the pipelined connection.
    let (pipelined, pool) = services.pipelined();
    let row = pipelined
        .read(pool, |conn| Box::pin(db::identity::people::actor(conn, claims.sub, claims.sid)))
        .await?
        .ok_or_else(ServiceError::unauthenticated)?;
    let valid = row.organization_id == claims.org
        && row.status == PersonStatus::Active.as_str()
        && row.token_version == claims.ver
        && row.session_live;
    if !valid {
        return Err(ServiceError::unauthenticated());
    }
    Ok(Actor {
        person_id: row.id,
        organization_id: row.organization_id,
        organization_name: row.organization_name,
        name: row.name,
        roles: roles_from_db(&row.roles),
        session_id: claims.sid,
        request_id,
        people_generation: Some(row.people_generation),
    })
}
