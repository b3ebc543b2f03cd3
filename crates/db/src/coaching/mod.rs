//! Queries of the coaching module: feedback entries with their amendments and replies,
//! feedback requests, 1:1s, goals, and the inbox and timeline reads.

pub mod feedback;

use crate::cached_sql::cached_sql;
use crate::error::DbError;
use diesel::QueryableByName;
use diesel::sql_types::{Array, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

#[derive(Debug, Clone, QueryableByName)]
pub struct CompetencyName {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub name: String,
}

/// Which of `ids` are competencies of a published framework version of the organization,
/// with their names (feedback, requests and goals link to those only).
pub async fn published_competencies(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    ids: &[Uuid],
) -> Result<Vec<CompetencyName>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    cached_sql(
        "SELECT c.id, c.name FROM competencies c JOIN framework_versions v ON v.id = c.version_id \
         WHERE c.organization_id = $1 AND c.id = ANY($2) AND v.status = 'published' ORDER BY c.position",
    )
    .bind::<SqlUuid, _>(org)
    .bind::<Array<SqlUuid>, _>(ids)
    .load(conn)
    .await
    .map_err(DbError::from)
}

/// A person's status in the organization (`active`, `invited`, `deactivated`), or none
/// when they are not of it.
pub async fn person_status(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<String>, DbError> {
    use crate::schema::people;
    use diesel::{BoolExpressionMethods, ExpressionMethods, OptionalExtension, QueryDsl};
    people::table
        .filter(people::organization_id.eq(org).and(people::id.eq(id)))
        .select(people::status)
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}
