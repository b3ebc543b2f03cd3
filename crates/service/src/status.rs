//! What the server says about itself. Public: it reveals versions and counts only.

use crate::{ServiceResult, Services};
use domain::status::ServerStatus;

/// One query: PostgreSQL's version, migrations applied, organizations. Public and polled,
/// so on the pipelined connection.
pub async fn server_status(services: &Services) -> ServiceResult<ServerStatus> {
    let (pipelined, pool) = services.pipelined();
    let row = pipelined.read(pool, |conn| Box::pin(db::status::read(conn))).await?;
    Ok(ServerStatus {
        version: env!("CARGO_PKG_VERSION").to_string(),
        database_version: row.server_version,
        migrations_applied: row.migrations_applied,
        organizations: row.organizations,
        database_mode: services.database_mode().as_str().to_string(),
        checked_at: chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC").to_string(),
    })
}

/// Readiness: can we get a connection and run `SELECT 1`?
pub async fn ready(services: &Services) -> ServiceResult<()> {
    let mut conn = services.conn().await?;
    db::status::ping(&mut conn).await?;
    Ok(())
}
