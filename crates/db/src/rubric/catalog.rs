//! What a published framework version holds, as rows: its identity for display, its
//! competencies in framework order, and its document (where the anchors are). Published
//! versions never change, so callers may keep these as long as they like.

use crate::cached_sql::cached_sql;
use crate::error::DbError;
use crate::schema::framework_versions;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

#[derive(Debug, Clone, QueryableByName)]
pub struct VersionRefRow {
    #[diesel(sql_type = SqlUuid)]
    pub framework_id: Uuid,
    #[diesel(sql_type = Text)]
    pub framework_name: String,
    #[diesel(sql_type = SqlUuid)]
    pub version_id: Uuid,
    #[diesel(sql_type = Integer)]
    pub number: i32,
    #[diesel(sql_type = Integer)]
    pub level_count: i32,
}

/// The columns of a version reference, for queries that join `framework_versions v` and
/// `frameworks f`.
pub const VERSION_REF_COLUMNS: &str = "f.id AS framework_id, f.name AS framework_name, v.id AS version_id, \
    v.number, v.level_count";

/// The newest published version of a framework.
pub async fn newest_published(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    framework: Uuid,
) -> Result<Option<VersionRefRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT {VERSION_REF_COLUMNS} FROM framework_versions v JOIN frameworks f ON f.id = v.framework_id \
              WHERE v.organization_id = $1 AND v.framework_id = $2 AND v.status = 'published' \
              ORDER BY v.number DESC LIMIT 1"
        )
    });
    cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(framework)
        .get_result(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// The framework views use when none is named: the framework of `person`'s role profile
/// if it has a published version, else the one of the newest cycle, else the built-in
/// one, else the oldest. The person's role framework is looked up in the same statement
/// (a person's page used to spend a round trip on it).
pub async fn default_framework(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    person: Option<Uuid>,
) -> Result<Option<VersionRefRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT {VERSION_REF_COLUMNS} FROM frameworks f \
               JOIN LATERAL (SELECT * FROM framework_versions x WHERE x.framework_id = f.id AND x.status = 'published' \
                              ORDER BY x.number DESC LIMIT 1) v ON true \
              WHERE f.organization_id = $1 \
              ORDER BY f.id = (SELECT rv.framework_id FROM people p \
                                 JOIN role_profiles r ON r.id = p.role_profile_id \
                                 JOIN framework_versions rv ON rv.id = r.framework_version_id \
                                WHERE p.organization_id = $1 AND p.id = $2) DESC NULLS LAST, \
                       (SELECT max(c.created_at) FROM assessment_cycles c JOIN framework_versions cv \
                          ON cv.id = c.framework_version_id WHERE cv.framework_id = f.id) DESC NULLS LAST, \
                       f.builtin IS NULL, f.created_at \
              LIMIT 1"
        )
    });
    cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<Nullable<SqlUuid>, _>(person)
        .get_result(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// A version by id (published or not; callers check).
pub async fn version_ref(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    version: Uuid,
) -> Result<Option<VersionRefRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT {VERSION_REF_COLUMNS} FROM framework_versions v JOIN frameworks f ON f.id = v.framework_id \
              WHERE v.organization_id = $1 AND v.id = $2"
        )
    });
    cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(version)
        .get_result(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct CompetencyRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub slug: String,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Integer)]
    pub level_count: i32,
    #[diesel(sql_type = Text)]
    pub area_slug: String,
    #[diesel(sql_type = Text)]
    pub area: String,
}

/// The competencies of a published version, in framework order.
pub async fn competencies(conn: &mut AsyncPgConnection, version: Uuid) -> Result<Vec<CompetencyRow>, DbError> {
    const SQL: &str = "SELECT c.id, c.slug, c.name, c.level_count, a.slug AS area_slug, a.name AS area \
        FROM competencies c JOIN rubric_areas a ON a.id = c.area_id WHERE c.version_id = $1 ORDER BY c.position";
    cached_sql(SQL).bind::<SqlUuid, _>(version).load(conn).await.map_err(DbError::from)
}

/// The documents of the organization's published versions among `ids` (their anchors are
/// only there), as (version id, document).
pub async fn documents(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, serde_json::Value)>, DbError> {
    framework_versions::table
        .filter(
            framework_versions::organization_id
                .eq(org)
                .and(framework_versions::id.eq_any(ids))
                .and(framework_versions::status.eq("published")),
        )
        .select((framework_versions::id, framework_versions::document))
        .load(conn)
        .await
        .map_err(DbError::from)
}
