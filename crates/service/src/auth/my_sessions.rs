//! A person's own sessions: where they are signed in, and "sign out everywhere else".

use crate::actor::Actor;
use crate::{ServiceError, ServiceResult, Services, audit};
use diesel_async::AsyncConnection;
use domain::identity::SessionInfo;

pub async fn list(services: &Services, actor: &Actor) -> ServiceResult<Vec<SessionInfo>> {
    let mut conn = services.conn().await?;
    let current_family = db::identity::sessions::family_of(&mut conn, actor.session_id).await?;
    let rows = db::identity::sessions::live_of(&mut conn, actor.person_id).await?;
    Ok(rows
        .into_iter()
        .map(|r| SessionInfo {
            id: r.family_id,
            last_active_at: r.created_at,
            expires_at: r.expires_at,
            user_agent: r.user_agent,
            ip: r.ip,
            current: Some(r.family_id) == current_family,
        })
        .collect())
}

/// Revokes every session of the actor but the one making the request; returns how many.
pub async fn sign_out_others(services: &Services, actor: &Actor) -> ServiceResult<usize> {
    let mut conn = services.conn().await?;
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let family = db::identity::sessions::family_of(conn, actor.session_id)
            .await?
            .ok_or_else(ServiceError::unauthenticated)?;
        let n = db::identity::sessions::revoke_others(conn, actor.person_id, family).await?;
        let info = serde_json::json!({ "revoked": n });
        audit::record(
            conn,
            Some(actor),
            actor.organization_id,
            audit::Entry::new("auth.sign_out_others", "person", actor.person_id).after(&info),
        )
        .await?;
        Ok(n)
    })
    .await
}
