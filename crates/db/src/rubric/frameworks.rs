//! Frameworks and their versions. A draft version is a JSON document; publishing freezes
//! it (the database refuses later changes) and writes its areas and competencies as rows.

use crate::cached_sql::cached_sql;
use crate::error::DbError;
use crate::schema::{competencies, framework_versions, frameworks, rubric_areas};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

pub async fn insert_framework(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    name: &str,
    builtin: Option<&str>,
) -> Result<Uuid, DbError> {
    diesel::insert_into(frameworks::table)
        .values((frameworks::organization_id.eq(org), frameworks::name.eq(name), frameworks::builtin.eq(builtin)))
        .returning(frameworks::id)
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

pub async fn rename(conn: &mut AsyncPgConnection, id: Uuid, name: &str) -> Result<(), DbError> {
    diesel::update(frameworks::table.find(id))
        .set(frameworks::name.eq(name))
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}

/// Locks the framework row: version numbering and drafts change one at a time.
pub async fn lock(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<(Uuid, String)>, DbError> {
    frameworks::table
        .filter(frameworks::organization_id.eq(org).and(frameworks::id.eq(id)))
        .select((frameworks::id, frameworks::name))
        .for_update()
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// A framework in the list: its latest published version and its draft, if any.
#[derive(Debug, Clone, QueryableByName)]
pub struct FrameworkListRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub builtin: Option<String>,
    #[diesel(sql_type = Nullable<Integer>)]
    pub published_number: Option<i32>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub published_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Integer>)]
    pub draft_number: Option<i32>,
    #[diesel(sql_type = BigInt)]
    pub competency_count: i64,
}

const LIST: &str = "SELECT f.id, f.name, f.builtin, pub.number AS published_number, pub.published_at, \
        d.number AS draft_number, \
        (SELECT count(*) FROM competencies c WHERE c.version_id = pub.id) AS competency_count \
   FROM frameworks f \
   LEFT JOIN LATERAL (SELECT v.id, v.number, v.published_at FROM framework_versions v \
                       WHERE v.framework_id = f.id AND v.status = 'published' ORDER BY v.number DESC LIMIT 1) pub ON true \
   LEFT JOIN framework_versions d ON d.framework_id = f.id AND d.status = 'draft' \
  WHERE f.organization_id = $1";

pub async fn list(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<FrameworkListRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| format!("{LIST} ORDER BY lower(f.name)"));
    cached_sql(&SQL).bind::<SqlUuid, _>(org).load(conn).await.map_err(DbError::from)
}

pub async fn get(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<FrameworkListRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| format!("{LIST} AND f.id = $2"));
    cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(id)
        .get_result(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// A version without its document, with the names of who made and published it.
#[derive(Debug, Clone, QueryableByName)]
pub struct VersionMetaRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub framework_id: Uuid,
    #[diesel(sql_type = Integer)]
    pub number: i32,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Text)]
    pub change_note: String,
    #[diesel(sql_type = Nullable<Integer>)]
    pub based_on_number: Option<i32>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub created_by: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub created_by_name: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub published_by: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub published_by_name: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub published_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Integer)]
    pub version: i32,
}

const VERSION_META: &str = "SELECT v.id, v.framework_id, v.number, v.status, v.change_note, b.number AS based_on_number, \
        v.created_by, c.name AS created_by_name, v.created_at, v.published_by, p.name AS published_by_name, \
        v.published_at, v.version \
   FROM framework_versions v \
   LEFT JOIN framework_versions b ON b.id = v.based_on \
   LEFT JOIN people c ON c.id = v.created_by \
   LEFT JOIN people p ON p.id = v.published_by \
  WHERE v.organization_id = $1 AND v.framework_id = $2";

/// Every version of a framework, newest first.
pub async fn versions(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    framework: Uuid,
) -> Result<Vec<VersionMetaRow>, DbError> {
    static SQL: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("{VERSION_META} ORDER BY v.number DESC"));
    cached_sql(&SQL).bind::<SqlUuid, _>(org).bind::<SqlUuid, _>(framework).load(conn).await.map_err(DbError::from)
}

/// A version with its document.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = framework_versions)]
pub struct VersionRow {
    pub id: Uuid,
    pub framework_id: Uuid,
    pub number: i32,
    pub status: String,
    pub document: serde_json::Value,
    pub version: i32,
}

pub async fn version_by_number(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    framework: Uuid,
    number: i32,
) -> Result<Option<VersionRow>, DbError> {
    framework_versions::table
        .filter(
            framework_versions::organization_id
                .eq(org)
                .and(framework_versions::framework_id.eq(framework))
                .and(framework_versions::number.eq(number)),
        )
        .select(VersionRow::as_select())
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// The newest published version, or the draft (`published = false`).
pub async fn latest(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    framework: Uuid,
    published: bool,
) -> Result<Option<VersionRow>, DbError> {
    framework_versions::table
        .filter(
            framework_versions::organization_id
                .eq(org)
                .and(framework_versions::framework_id.eq(framework))
                .and(framework_versions::status.eq(if published { "published" } else { "draft" })),
        )
        .order(framework_versions::number.desc())
        .select(VersionRow::as_select())
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

pub async fn next_number(conn: &mut AsyncPgConnection, framework: Uuid) -> Result<i32, DbError> {
    let max: Option<i32> = framework_versions::table
        .filter(framework_versions::framework_id.eq(framework))
        .select(diesel::dsl::max(framework_versions::number))
        .first(conn)
        .await?;
    Ok(max.unwrap_or(0) + 1)
}

pub struct NewVersion<'a> {
    pub organization_id: Uuid,
    pub framework_id: Uuid,
    pub number: i32,
    pub document: &'a serde_json::Value,
    pub based_on: Option<Uuid>,
    pub created_by: Option<Uuid>,
}

pub async fn insert_draft(conn: &mut AsyncPgConnection, v: &NewVersion<'_>) -> Result<VersionRow, DbError> {
    diesel::insert_into(framework_versions::table)
        .values((
            framework_versions::organization_id.eq(v.organization_id),
            framework_versions::framework_id.eq(v.framework_id),
            framework_versions::number.eq(v.number),
            framework_versions::status.eq("draft"),
            framework_versions::document.eq(v.document),
            framework_versions::based_on.eq(v.based_on),
            framework_versions::created_by.eq(v.created_by),
        ))
        .returning(VersionRow::as_returning())
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

/// Replaces a draft's document if its version is still `expected`; `None` when it is not
/// (someone saved in between) or the version is no longer a draft.
pub async fn save_draft(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    expected: i32,
    document: &serde_json::Value,
) -> Result<Option<VersionRow>, DbError> {
    diesel::update(
        framework_versions::table.filter(
            framework_versions::id
                .eq(id)
                .and(framework_versions::version.eq(expected))
                .and(framework_versions::status.eq("draft")),
        ),
    )
    .set((framework_versions::document.eq(document), framework_versions::version.eq(framework_versions::version + 1)))
    .returning(VersionRow::as_returning())
    .get_result(conn)
    .await
    .optional()
    .map_err(DbError::from)
}

pub async fn mark_published(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    by: Option<Uuid>,
    note: &str,
    document: &serde_json::Value,
) -> Result<(), DbError> {
    diesel::update(framework_versions::table.find(id))
        .set((
            framework_versions::status.eq("published"),
            framework_versions::document.eq(document),
            framework_versions::change_note.eq(note),
            framework_versions::published_by.eq(by),
            framework_versions::published_at.eq(Utc::now()),
            framework_versions::version.eq(framework_versions::version + 1),
        ))
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}

pub async fn delete_draft(conn: &mut AsyncPgConnection, id: Uuid) -> Result<bool, DbError> {
    diesel::delete(
        framework_versions::table.filter(framework_versions::id.eq(id).and(framework_versions::status.eq("draft"))),
    )
    .execute(conn)
    .await
    .map(|n| n == 1)
    .map_err(DbError::from)
}

/// An area or competency of a published version, as rows.
pub struct AreaRows<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    /// (slug, name)
    pub competencies: Vec<(&'a str, &'a str)>,
}

/// Writes a published version's areas and competencies (positions follow the document).
pub async fn write_rows(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    version: Uuid,
    level_count: i32,
    areas: &[AreaRows<'_>],
) -> Result<(), DbError> {
    let mut position = 0;
    for (i, area) in areas.iter().enumerate() {
        let area_id: Uuid = diesel::insert_into(rubric_areas::table)
            .values((
                rubric_areas::organization_id.eq(org),
                rubric_areas::version_id.eq(version),
                rubric_areas::slug.eq(area.slug),
                rubric_areas::name.eq(area.name),
                rubric_areas::position.eq(i as i32),
            ))
            .returning(rubric_areas::id)
            .get_result(conn)
            .await?;
        let rows: Vec<_> = area
            .competencies
            .iter()
            .map(|(slug, name)| {
                position += 1;
                (
                    competencies::organization_id.eq(org),
                    competencies::version_id.eq(version),
                    competencies::area_id.eq(area_id),
                    competencies::slug.eq(*slug),
                    competencies::name.eq(*name),
                    competencies::position.eq(position),
                    competencies::level_count.eq(level_count),
                )
            })
            .collect();
        diesel::insert_into(competencies::table).values(rows).execute(conn).await?;
    }
    Ok(())
}

/// Whether another framework of the organization has this name.
pub async fn name_taken(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    name: &str,
    except: Option<Uuid>,
) -> Result<bool, DbError> {
    super::name_taken(conn, super::Named::Framework, org, name, except).await
}
