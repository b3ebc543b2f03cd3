//! What the server says about itself. Public, but only a signed-in caller is told
//! versions and counts (a stranger learns that the server and its database answer).

use crate::{Actor, ServiceResult, Services};
use domain::status::{ServerStatus, StatusDetail};

/// The status for `actor` (`None`: an anonymous caller, who gets `ok` and the time).
/// One query either way, so "ok" means the database answered: PostgreSQL's version,
/// migrations applied, organizations. Public and polled, so on the pipelined connection.
pub async fn server_status(services: &Services, actor: Option<&Actor>) -> ServiceResult<ServerStatus> {
    let detail = detail(services).await?;
    Ok(ServerStatus {
        status: "ok".to_string(),
        checked_at: chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        detail: actor.is_some().then_some(detail),
    })
}

/// Versions and counts, for the server's own use (the CLI) and signed-in callers.
pub async fn detail(services: &Services) -> ServiceResult<StatusDetail> {
    let (pipelined, pool) = services.pipelined();
    let row = pipelined.read(pool, |conn| Box::pin(db::status::read(conn))).await?;
    Ok(StatusDetail {
        version: env!("CARGO_PKG_VERSION").to_string(),
        database_version: row.server_version,
        migrations_applied: row.migrations_applied,
        organizations: row.organizations,
        database_mode: services.database_mode().as_str().to_string(),
    })
}

/// Readiness: can we get a connection and run `SELECT 1`?
pub async fn ready(services: &Services) -> ServiceResult<()> {
    let mut conn = services.conn().await?;
    db::status::ping(&mut conn).await?;
    Ok(())
}
