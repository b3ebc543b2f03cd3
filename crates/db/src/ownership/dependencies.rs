//! Dependencies between components, and walks through the graph they form
//! (`component_reach`, a breadth-first walk in PostgreSQL that stops at cycles).

use super::{COMPONENT_REF, ComponentRefRow};
use crate::cached_sql::cached_sql;
use crate::error::DbError;
use crate::schema::component_dependencies as deps;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// A direct neighbour: `upstream` when the component depends on it.
#[derive(Debug, Clone, QueryableByName)]
pub struct NeighbourRow {
    #[diesel(embed)]
    pub component: ComponentRefRow,
    #[diesel(sql_type = Text)]
    pub reason: String,
    #[diesel(sql_type = Bool)]
    pub upstream: bool,
}

/// What `id` depends on and what depends on it, directly, by name.
pub async fn neighbours(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Vec<NeighbourRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT {COMPONENT_REF}, d.reason, d.component_id = $2 AS upstream \
               FROM component_dependencies d \
               JOIN components c ON c.id = CASE WHEN d.component_id = $2 THEN d.depends_on_id ELSE d.component_id END \
              WHERE d.organization_id = $1 AND (d.component_id = $2 OR d.depends_on_id = $2) \
              ORDER BY c.tier, lower(c.name)"
        )
    });
    cached_sql(&SQL).bind::<SqlUuid, _>(org).bind::<SqlUuid, _>(id).load(conn).await.map_err(DbError::from)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct ReachedRow {
    #[diesel(embed)]
    pub component: ComponentRefRow,
    #[diesel(sql_type = Integer)]
    pub depth: i32,
}

/// Everything reachable from `id` (downstream: what depends on it; else what it depends
/// on), nearest first. The component itself is left out even when a cycle leads back.
pub async fn reach(conn: &mut AsyncPgConnection, id: Uuid, downstream: bool) -> Result<Vec<ReachedRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT {COMPONENT_REF}, r.depth FROM component_reach($1, $2) r JOIN components c ON c.id = r.component_id \
              ORDER BY r.depth, c.tier, lower(c.name)"
        )
    });
    cached_sql(&SQL).bind::<SqlUuid, _>(id).bind::<Bool, _>(downstream).load(conn).await.map_err(DbError::from)
}

/// Whether `id` lies on a cycle: something it depends on (transitively) depends on it.
pub async fn in_cycle(conn: &mut AsyncPgConnection, id: Uuid) -> Result<bool, DbError> {
    #[derive(QueryableByName)]
    struct Found {
        #[diesel(sql_type = Bool)]
        found: bool,
    }
    const SQL: &str = "SELECT EXISTS (SELECT 1 FROM component_reach($1, false) r \
        JOIN component_dependencies d ON d.component_id = r.component_id AND d.depends_on_id = $1) AS found";
    let f: Found = cached_sql(SQL).bind::<SqlUuid, _>(id).get_result(conn).await?;
    Ok(f.found)
}

/// Every edge of the organization's graph: (dependent, what it depends on).
pub async fn edges(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<(Uuid, Uuid)>, DbError> {
    deps::table
        .filter(deps::organization_id.eq(org))
        .select((deps::component_id, deps::depends_on_id))
        .order((deps::component_id, deps::depends_on_id))
        .load(conn)
        .await
        .map_err(DbError::from)
}

/// Every edge of the organization's graph with its reason: (dependent, what it depends
/// on, why).
pub async fn with_reasons(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<(Uuid, Uuid, String)>, DbError> {
    deps::table
        .filter(deps::organization_id.eq(org))
        .select((deps::component_id, deps::depends_on_id, deps::reason))
        .order((deps::component_id, deps::depends_on_id))
        .load(conn)
        .await
        .map_err(DbError::from)
}

/// Adds the edge, or updates its reason; true when it is new.
pub async fn put(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    component: Uuid,
    depends_on: Uuid,
    reason: &str,
) -> Result<bool, DbError> {
    let existed =
        diesel::update(deps::table.find((component, depends_on))).set(deps::reason.eq(reason)).execute(conn).await?;
    if existed == 1 {
        return Ok(false);
    }
    diesel::insert_into(deps::table)
        .values((
            deps::organization_id.eq(org),
            deps::component_id.eq(component),
            deps::depends_on_id.eq(depends_on),
            deps::reason.eq(reason),
        ))
        .execute(conn)
        .await
        .map(|_| true)
        .map_err(DbError::from)
}

/// Removes the edge; the reason it had, or None when there was none.
pub async fn remove(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    component: Uuid,
    depends_on: Uuid,
) -> Result<Option<String>, DbError> {
    diesel::delete(deps::table.filter(
        deps::organization_id.eq(org).and(deps::component_id.eq(component)).and(deps::depends_on_id.eq(depends_on)),
    ))
    .returning(deps::reason)
    .get_result(conn)
    .await
    .optional()
    .map_err(DbError::from)
}
