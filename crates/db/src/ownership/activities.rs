//! The organization's activities (matrix columns).

use crate::cached_sql::cached_sql;
use crate::error::DbError;
use crate::schema::activities;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

#[derive(Debug, Clone, QueryableByName)]
pub struct ActivityRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub description: String,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub framework_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub competency_slug: Option<String>,
    /// The competency's name in the newest published version of the framework.
    #[diesel(sql_type = Nullable<Text>)]
    pub competency_name: Option<String>,
    #[diesel(sql_type = Nullable<Integer>)]
    pub min_level: Option<i32>,
    #[diesel(sql_type = Integer)]
    pub position: i32,
    #[diesel(sql_type = Integer)]
    pub version: i32,
    #[diesel(sql_type = BigInt)]
    pub row_count: i64,
}

const SELECT: &str = "SELECT a.id, a.name, a.description, a.framework_id, a.competency_slug, \
        (SELECT c.name FROM framework_versions v JOIN competencies c ON c.version_id = v.id \
          WHERE v.framework_id = a.framework_id AND v.status = 'published' AND c.slug = a.competency_slug \
          ORDER BY v.number DESC LIMIT 1) AS competency_name, \
        a.min_level, a.position, a.version, \
        (SELECT count(*) FROM ownership_rows r WHERE r.activity_id = a.id) AS row_count \
      FROM activities a WHERE a.organization_id = $1";

/// Every activity, in list order.
pub async fn list(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<ActivityRow>, DbError> {
    static SQL: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("{SELECT} ORDER BY a.position, lower(a.name)"));
    cached_sql(&SQL).bind::<SqlUuid, _>(org).load(conn).await.map_err(DbError::from)
}

pub async fn get(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<ActivityRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| format!("{SELECT} AND a.id = $2"));
    cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(id)
        .get_result(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// An activity's fields as written.
#[derive(Debug, Clone)]
pub struct Fields {
    pub name: String,
    pub description: String,
    /// (framework, competency slug, minimum level)
    pub needs: Option<(Uuid, String, i32)>,
    pub position: i32,
}

pub async fn insert(conn: &mut AsyncPgConnection, org: Uuid, f: &Fields) -> Result<Uuid, DbError> {
    diesel::insert_into(activities::table)
        .values((
            activities::organization_id.eq(org),
            activities::name.eq(&f.name),
            activities::description.eq(&f.description),
            activities::framework_id.eq(f.needs.as_ref().map(|n| n.0)),
            activities::competency_slug.eq(f.needs.as_ref().map(|n| n.1.clone())),
            activities::min_level.eq(f.needs.as_ref().map(|n| n.2)),
            activities::position.eq(f.position),
        ))
        .returning(activities::id)
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

/// Updates the activity if its version is still `expected`; false when it is not.
pub async fn update(conn: &mut AsyncPgConnection, id: Uuid, expected: i32, f: &Fields) -> Result<bool, DbError> {
    let n = diesel::update(activities::table.filter(activities::id.eq(id).and(activities::version.eq(expected))))
        .set((
            activities::name.eq(&f.name),
            activities::description.eq(&f.description),
            activities::framework_id.eq(f.needs.as_ref().map(|n| n.0)),
            activities::competency_slug.eq(f.needs.as_ref().map(|n| n.1.clone())),
            activities::min_level.eq(f.needs.as_ref().map(|n| n.2)),
            activities::position.eq(f.position),
            activities::version.eq(activities::version + 1),
        ))
        .execute(conn)
        .await?;
    Ok(n == 1)
}

/// The position after the last activity.
pub async fn next_position(conn: &mut AsyncPgConnection, org: Uuid) -> Result<i32, DbError> {
    let max: Option<i32> = activities::table
        .filter(activities::organization_id.eq(org))
        .select(diesel::dsl::max(activities::position))
        .first(conn)
        .await?;
    Ok(max.map_or(0, |m| m + 1))
}
