//! Interview plans and their versions. A draft version is a JSON document; publishing
//! freezes it (the database refuses later changes) and writes its stages and the
//! competencies each rates as rows, which loops and scorecards point at.

use crate::cached_sql::cached_sql;
use crate::error::DbError;
use crate::schema::{interview_plan_versions, interview_plans, plan_stage_competencies, plan_stages};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

pub async fn insert_plan(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    role_profile: Uuid,
    name: &str,
    by: Option<Uuid>,
) -> Result<Uuid, DbError> {
    diesel::insert_into(interview_plans::table)
        .values((
            interview_plans::organization_id.eq(org),
            interview_plans::role_profile_id.eq(role_profile),
            interview_plans::name.eq(name),
            interview_plans::created_by.eq(by),
        ))
        .returning(interview_plans::id)
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

pub async fn by_name(conn: &mut AsyncPgConnection, org: Uuid, name: &str) -> Result<Option<Uuid>, DbError> {
    #[derive(QueryableByName)]
    struct Found {
        #[diesel(sql_type = SqlUuid)]
        id: Uuid,
    }
    const SQL: &str = "SELECT id FROM interview_plans WHERE organization_id = $1 AND lower(name) = lower($2)";
    let found: Option<Found> =
        cached_sql(SQL).bind::<SqlUuid, _>(org).bind::<Text, _>(name).get_result(conn).await.optional()?;
    Ok(found.map(|f| f.id))
}

/// Locks the plan row: version numbering and drafts change one at a time.
pub async fn lock(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<bool, DbError> {
    interview_plans::table
        .filter(interview_plans::organization_id.eq(org).and(interview_plans::id.eq(id)))
        .select(interview_plans::id)
        .for_update()
        .first::<Uuid>(conn)
        .await
        .optional()
        .map(|f| f.is_some())
        .map_err(DbError::from)
}

/// A plan in the list: its role profile, newest published version and draft.
#[derive(Debug, Clone, QueryableByName)]
pub struct PlanRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = SqlUuid)]
    pub role_profile_id: Uuid,
    #[diesel(sql_type = Text)]
    pub role_profile_name: String,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub published_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Integer>)]
    pub published_number: Option<i32>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub published_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub draft_id: Option<Uuid>,
    #[diesel(sql_type = BigInt)]
    pub loop_count: i64,
}

const PLAN: &str = "SELECT p.id, p.name, p.role_profile_id, r.name AS role_profile_name, \
        pub.id AS published_id, pub.number AS published_number, pub.published_at, \
        (SELECT d.id FROM interview_plan_versions d WHERE d.plan_id = p.id AND d.status = 'draft') AS draft_id, \
        (SELECT count(*) FROM interview_loops l JOIN interview_plan_versions lv ON lv.id = l.plan_version_id \
          WHERE lv.plan_id = p.id) AS loop_count \
   FROM interview_plans p \
   JOIN role_profiles r ON r.id = p.role_profile_id \
   LEFT JOIN LATERAL (SELECT v.id, v.number, v.published_at FROM interview_plan_versions v \
          WHERE v.plan_id = p.id AND v.status = 'published' ORDER BY v.number DESC LIMIT 1) pub ON true \
  WHERE p.organization_id = $1";

pub async fn list(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<PlanRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| format!("{PLAN} ORDER BY lower(p.name)"));
    cached_sql(&SQL).bind::<SqlUuid, _>(org).load(conn).await.map_err(DbError::from)
}

pub async fn get(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<PlanRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| format!("{PLAN} AND p.id = $2"));
    cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(id)
        .get_result(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = interview_plan_versions)]
pub struct VersionRow {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub number: i32,
    pub status: String,
    pub framework_version_id: Uuid,
    pub document: serde_json::Value,
    pub change_note: String,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    pub version: i32,
}

pub async fn version(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<VersionRow>, DbError> {
    interview_plan_versions::table
        .filter(interview_plan_versions::organization_id.eq(org).and(interview_plan_versions::id.eq(id)))
        .select(VersionRow::as_select())
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// The newest published version (`published`), or the draft.
pub async fn latest(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    plan: Uuid,
    published: bool,
) -> Result<Option<VersionRow>, DbError> {
    interview_plan_versions::table
        .filter(
            interview_plan_versions::organization_id
                .eq(org)
                .and(interview_plan_versions::plan_id.eq(plan))
                .and(interview_plan_versions::status.eq(if published { "published" } else { "draft" })),
        )
        .order(interview_plan_versions::number.desc())
        .select(VersionRow::as_select())
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

pub async fn next_number(conn: &mut AsyncPgConnection, plan: Uuid) -> Result<i32, DbError> {
    let max: Option<i32> = interview_plan_versions::table
        .filter(interview_plan_versions::plan_id.eq(plan))
        .select(diesel::dsl::max(interview_plan_versions::number))
        .first(conn)
        .await?;
    Ok(max.unwrap_or(0) + 1)
}

pub async fn insert_draft(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    plan: Uuid,
    number: i32,
    framework_version: Uuid,
    document: &serde_json::Value,
    by: Option<Uuid>,
) -> Result<VersionRow, DbError> {
    diesel::insert_into(interview_plan_versions::table)
        .values((
            interview_plan_versions::organization_id.eq(org),
            interview_plan_versions::plan_id.eq(plan),
            interview_plan_versions::number.eq(number),
            interview_plan_versions::status.eq("draft"),
            interview_plan_versions::framework_version_id.eq(framework_version),
            interview_plan_versions::document.eq(document),
            interview_plan_versions::created_by.eq(by),
        ))
        .returning(VersionRow::as_returning())
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

/// Replaces a draft's document if its version is still `expected`; `None` when it is not.
pub async fn save_draft(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    expected: i32,
    document: &serde_json::Value,
) -> Result<Option<VersionRow>, DbError> {
    diesel::update(
        interview_plan_versions::table.filter(
            interview_plan_versions::id
                .eq(id)
                .and(interview_plan_versions::version.eq(expected))
                .and(interview_plan_versions::status.eq("draft")),
        ),
    )
    .set((
        interview_plan_versions::document.eq(document),
        interview_plan_versions::version.eq(interview_plan_versions::version + 1),
    ))
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
) -> Result<(), DbError> {
    diesel::update(interview_plan_versions::table.find(id))
        .set((
            interview_plan_versions::status.eq("published"),
            interview_plan_versions::published_by.eq(by),
            interview_plan_versions::published_at.eq(diesel::dsl::now),
            interview_plan_versions::change_note.eq(note),
        ))
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}

pub async fn discard_draft(conn: &mut AsyncPgConnection, id: Uuid) -> Result<(), DbError> {
    diesel::delete(
        interview_plan_versions::table
            .filter(interview_plan_versions::id.eq(id).and(interview_plan_versions::status.eq("draft"))),
    )
    .execute(conn)
    .await
    .map(|_| ())
    .map_err(DbError::from)
}

pub struct NewStage<'a> {
    pub organization_id: Uuid,
    pub plan_version_id: Uuid,
    pub framework_version_id: Uuid,
    pub position: i32,
    pub name: &'a str,
    pub kind: &'a str,
    pub blind: bool,
    pub minutes: i32,
    /// competency ids in the framework version, in order
    pub competencies: Vec<Uuid>,
}

/// Writes a published version's stage and the competencies it rates.
pub async fn insert_stage(conn: &mut AsyncPgConnection, s: &NewStage<'_>) -> Result<Uuid, DbError> {
    let id: Uuid = diesel::insert_into(plan_stages::table)
        .values((
            plan_stages::organization_id.eq(s.organization_id),
            plan_stages::plan_version_id.eq(s.plan_version_id),
            plan_stages::framework_version_id.eq(s.framework_version_id),
            plan_stages::position.eq(s.position),
            plan_stages::name.eq(s.name),
            plan_stages::kind.eq(s.kind),
            plan_stages::blind.eq(s.blind),
            plan_stages::minutes.eq(s.minutes),
        ))
        .returning(plan_stages::id)
        .get_result(conn)
        .await?;
    let rows: Vec<_> = (0..)
        .zip(&s.competencies)
        .map(|(position, c)| {
            (
                plan_stage_competencies::organization_id.eq(s.organization_id),
                plan_stage_competencies::stage_id.eq(id),
                plan_stage_competencies::framework_version_id.eq(s.framework_version_id),
                plan_stage_competencies::competency_id.eq(*c),
                plan_stage_competencies::position.eq(position),
            )
        })
        .collect();
    diesel::insert_into(plan_stage_competencies::table).values(&rows).execute(conn).await?;
    Ok(id)
}

/// A published stage with one competency it rates (one row per competency, in order).
#[derive(Debug, Clone, QueryableByName)]
pub struct StageCompetencyRow {
    #[diesel(sql_type = SqlUuid)]
    pub stage_id: Uuid,
    #[diesel(sql_type = Integer)]
    pub stage_position: i32,
    #[diesel(sql_type = Text)]
    pub stage_name: String,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Bool)]
    pub blind: bool,
    #[diesel(sql_type = Integer)]
    pub minutes: i32,
    #[diesel(sql_type = SqlUuid)]
    pub competency_id: Uuid,
    #[diesel(sql_type = Text)]
    pub slug: String,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Integer)]
    pub level_count: i32,
}

/// The stages of a published plan version and what each rates.
pub async fn stages(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    plan_version: Uuid,
) -> Result<Vec<StageCompetencyRow>, DbError> {
    const SQL: &str = "SELECT s.id AS stage_id, s.position AS stage_position, s.name AS stage_name, s.kind, s.blind, \
            s.minutes, c.id AS competency_id, c.slug, c.name, c.level_count \
       FROM plan_stages s \
       JOIN plan_stage_competencies sc ON sc.stage_id = s.id \
       JOIN competencies c ON c.id = sc.competency_id \
      WHERE s.organization_id = $1 AND s.plan_version_id = $2 \
      ORDER BY s.position, sc.position";
    cached_sql(SQL).bind::<SqlUuid, _>(org).bind::<SqlUuid, _>(plan_version).load(conn).await.map_err(DbError::from)
}
