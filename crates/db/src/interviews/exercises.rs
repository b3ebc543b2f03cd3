//! The exercise library of an organization.

use crate::cached_sql::cached_sql;
use crate::error::DbError;
use crate::schema::exercises;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = exercises)]
pub struct ExerciseRow {
    pub id: Uuid,
    pub builtin: Option<String>,
    pub title: String,
    pub kind: String,
    pub brief: String,
    pub materials: String,
    pub minutes: i32,
    pub good_looks_like: serde_json::Value,
    pub competency_slugs: Vec<Option<String>>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// An exercise's fields as written.
pub struct Fields<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    pub brief: &'a str,
    pub materials: &'a str,
    pub minutes: i32,
    pub good_looks_like: serde_json::Value,
    pub competency_slugs: Vec<String>,
}

/// Every exercise: the library's first, then the organization's own, by title.
pub async fn list(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<ExerciseRow>, DbError> {
    exercises::table
        .filter(exercises::organization_id.eq(org))
        .order((exercises::builtin.is_null(), exercises::title))
        .select(ExerciseRow::as_select())
        .load(conn)
        .await
        .map_err(DbError::from)
}

pub async fn get(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<ExerciseRow>, DbError> {
    exercises::table
        .filter(exercises::organization_id.eq(org).and(exercises::id.eq(id)))
        .select(ExerciseRow::as_select())
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// The ids of the organization's exercises among `ids`.
pub async fn existing(conn: &mut AsyncPgConnection, org: Uuid, ids: &[Uuid]) -> Result<Vec<Uuid>, DbError> {
    exercises::table
        .filter(exercises::organization_id.eq(org).and(exercises::id.eq_any(ids)))
        .select(exercises::id)
        .load(conn)
        .await
        .map_err(DbError::from)
}

pub async fn by_title(conn: &mut AsyncPgConnection, org: Uuid, title: &str) -> Result<Option<Uuid>, DbError> {
    #[derive(QueryableByName)]
    struct Found {
        #[diesel(sql_type = SqlUuid)]
        id: Uuid,
    }
    const SQL: &str = "SELECT id FROM exercises WHERE organization_id = $1 AND lower(title) = lower($2)";
    let found: Option<Found> =
        cached_sql(SQL).bind::<SqlUuid, _>(org).bind::<Text, _>(title).get_result(conn).await.optional()?;
    Ok(found.map(|f| f.id))
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    builtin: Option<&str>,
    f: &Fields<'_>,
    by: Option<Uuid>,
) -> Result<Uuid, DbError> {
    diesel::insert_into(exercises::table)
        .values((
            exercises::organization_id.eq(org),
            exercises::builtin.eq(builtin),
            exercises::title.eq(f.title),
            exercises::kind.eq(f.kind),
            exercises::brief.eq(f.brief),
            exercises::materials.eq(f.materials),
            exercises::minutes.eq(f.minutes),
            exercises::good_looks_like.eq(&f.good_looks_like),
            exercises::competency_slugs.eq(f.competency_slugs.iter().map(|s| Some(s.as_str())).collect::<Vec<_>>()),
            exercises::created_by.eq(by),
        ))
        .returning(exercises::id)
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

/// Replaces the fields if the exercise is still at `expected`; false when it moved on.
pub async fn update(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    id: Uuid,
    expected: i32,
    f: &Fields<'_>,
) -> Result<bool, DbError> {
    diesel::update(
        exercises::table
            .filter(exercises::organization_id.eq(org).and(exercises::id.eq(id)).and(exercises::version.eq(expected))),
    )
    .set((
        exercises::title.eq(f.title),
        exercises::kind.eq(f.kind),
        exercises::brief.eq(f.brief),
        exercises::materials.eq(f.materials),
        exercises::minutes.eq(f.minutes),
        exercises::good_looks_like.eq(&f.good_looks_like),
        exercises::competency_slugs.eq(f.competency_slugs.iter().map(|s| Some(s.as_str())).collect::<Vec<_>>()),
        exercises::updated_at.eq(diesel::dsl::now),
        exercises::version.eq(exercises::version + 1),
    ))
    .execute(conn)
    .await
    .map(|n| n == 1)
    .map_err(DbError::from)
}

/// A competency an exercise can name, by slug.
#[derive(Debug, Clone, QueryableByName)]
pub struct CompetencyChoice {
    #[diesel(sql_type = Text)]
    pub slug: String,
    #[diesel(sql_type = Text)]
    pub name: String,
}

/// The competencies of the organization's published frameworks, one per slug (the name
/// in the newest version that has it), in slug order.
pub async fn competency_choices(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<CompetencyChoice>, DbError> {
    const SQL: &str = "SELECT DISTINCT ON (c.slug) c.slug, c.name FROM competencies c \
         JOIN framework_versions v ON v.id = c.version_id \
        WHERE v.organization_id = $1 AND v.status = 'published' \
        ORDER BY c.slug, v.published_at DESC";
    cached_sql(SQL).bind::<SqlUuid, _>(org).load(conn).await.map_err(DbError::from)
}
