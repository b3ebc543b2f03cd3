//! Assessments and their ratings. A submitted assessment is frozen by the database; the
//! writes here only ever touch drafts.

use crate::cached_sql::cached_sql;
use crate::error::DbError;
use crate::schema::{assessments, ratings};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

#[derive(Debug, Clone, QueryableByName)]
pub struct AssessmentRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub cycle_id: Uuid,
    #[diesel(sql_type = Text)]
    pub cycle_name: String,
    #[diesel(sql_type = Text)]
    pub cycle_status: String,
    #[diesel(sql_type = SqlUuid)]
    pub framework_version_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub person_id: Uuid,
    #[diesel(sql_type = Text)]
    pub person_name: String,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = SqlUuid)]
    pub author_id: Uuid,
    #[diesel(sql_type = Text)]
    pub author_name: String,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub submitted_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub amends_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub amend_reason: Option<String>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub amended_by_id: Option<Uuid>,
    #[diesel(sql_type = BigInt)]
    pub rating_count: i64,
    #[diesel(sql_type = Timestamptz)]
    pub updated_at: DateTime<Utc>,
    #[diesel(sql_type = Integer)]
    pub version: i32,
}

const SELECT: &str = "SELECT a.id, a.cycle_id, c.name AS cycle_name, c.status AS cycle_status, a.framework_version_id, \
        a.person_id, p.name AS person_name, a.kind, a.author_id, w.name AS author_name, a.status, a.submitted_at, \
        a.amends_id, a.amend_reason, (SELECT x.id FROM assessments x WHERE x.amends_id = a.id) AS amended_by_id, \
        (SELECT count(*) FROM ratings r WHERE r.assessment_id = a.id) AS rating_count, a.updated_at, a.version \
   FROM assessments a JOIN assessment_cycles c ON c.id = a.cycle_id \
   JOIN people p ON p.id = a.person_id JOIN people w ON w.id = a.author_id \
  WHERE a.organization_id = $1";

pub async fn get(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<AssessmentRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| format!("{SELECT} AND a.id = $2"));
    cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(id)
        .get_result(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// What to list: the viewer's own drafts and the submitted assessments of themselves and
/// the people below them, or of everyone (`all_submitted`, HR).
pub struct ListFilter {
    pub viewer: Uuid,
    pub all_submitted: bool,
    pub cycle: Option<Uuid>,
    pub person: Option<Uuid>,
    pub limit: i64,
    pub offset: i64,
}

pub async fn list(conn: &mut AsyncPgConnection, org: Uuid, f: &ListFilter) -> Result<Vec<AssessmentRow>, DbError> {
    // Drafts are private to their author, for every role.
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "WITH RECURSIVE below(id) AS ( \
                 SELECT id FROM people WHERE id = $2 \
                 UNION SELECT p.id FROM people p JOIN below b ON p.manager_id = b.id) \
             {SELECT} \
               AND ($3::uuid IS NULL OR a.cycle_id = $3) AND ($4::uuid IS NULL OR a.person_id = $4) \
               AND (a.author_id = $2 OR (a.status = 'submitted' AND ($5 OR a.person_id IN (SELECT id FROM below)))) \
             ORDER BY c.starts_on DESC, lower(p.name), a.kind, a.created_at \
             LIMIT $6 OFFSET $7"
        )
    });
    cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(f.viewer)
        .bind::<Nullable<SqlUuid>, _>(f.cycle)
        .bind::<Nullable<SqlUuid>, _>(f.person)
        .bind::<Bool, _>(f.all_submitted)
        .bind::<BigInt, _>(f.limit)
        .bind::<BigInt, _>(f.offset)
        .load(conn)
        .await
        .map_err(DbError::from)
}

/// The original (not an amendment) assessment of this kind for the person in the cycle.
pub async fn original(
    conn: &mut AsyncPgConnection,
    cycle: Uuid,
    person: Uuid,
    kind: &str,
) -> Result<Option<Uuid>, DbError> {
    assessments::table
        .filter(
            assessments::cycle_id
                .eq(cycle)
                .and(assessments::person_id.eq(person))
                .and(assessments::kind.eq(kind))
                .and(assessments::amends_id.is_null()),
        )
        .select(assessments::id)
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

pub struct NewAssessment<'a> {
    pub organization_id: Uuid,
    pub cycle_id: Uuid,
    pub framework_version_id: Uuid,
    pub person_id: Uuid,
    pub kind: &'a str,
    pub author_id: Uuid,
    pub amends: Option<(Uuid, &'a str)>,
}

pub async fn insert(conn: &mut AsyncPgConnection, a: &NewAssessment<'_>) -> Result<Uuid, DbError> {
    diesel::insert_into(assessments::table)
        .values((
            assessments::organization_id.eq(a.organization_id),
            assessments::cycle_id.eq(a.cycle_id),
            assessments::framework_version_id.eq(a.framework_version_id),
            assessments::person_id.eq(a.person_id),
            assessments::kind.eq(a.kind),
            assessments::author_id.eq(a.author_id),
            assessments::amends_id.eq(a.amends.map(|(id, _)| id)),
            assessments::amend_reason.eq(a.amends.map(|(_, r)| r)),
        ))
        .returning(assessments::id)
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

/// Locks the assessment row and returns (status, version).
pub async fn lock(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<(String, i32)>, DbError> {
    assessments::table
        .filter(assessments::organization_id.eq(org).and(assessments::id.eq(id)))
        .select((assessments::status, assessments::version))
        .for_update()
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// Marks a change to the draft (new version, updated time); submits it when `submit`.
pub async fn touch(conn: &mut AsyncPgConnection, id: Uuid, version: i32, submit: bool) -> Result<(), DbError> {
    let now = Utc::now();
    diesel::update(assessments::table.find(id))
        .set((
            assessments::version.eq(version + 1),
            assessments::updated_at.eq(now),
            assessments::status.eq(if submit { "submitted" } else { "draft" }),
            assessments::submitted_at.eq(submit.then_some(now)),
        ))
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct RatingRow {
    #[diesel(sql_type = SqlUuid)]
    pub competency_id: Uuid,
    #[diesel(sql_type = Text)]
    pub slug: String,
    #[diesel(sql_type = Integer)]
    pub level: i32,
    #[diesel(sql_type = Text)]
    pub evidence: String,
    #[diesel(sql_type = Array<Text>)]
    pub evidence_links: Vec<String>,
}

/// The assessment's ratings in framework order.
pub async fn ratings(conn: &mut AsyncPgConnection, id: Uuid) -> Result<Vec<RatingRow>, DbError> {
    const SQL: &str = "SELECT r.competency_id, c.slug, r.level, r.evidence, r.evidence_links::text[] AS evidence_links \
        FROM ratings r JOIN competencies c ON c.id = r.competency_id WHERE r.assessment_id = $1 ORDER BY c.position";
    cached_sql(SQL).bind::<SqlUuid, _>(id).load(conn).await.map_err(DbError::from)
}

pub struct RatingWrite<'a> {
    pub competency_id: Uuid,
    pub level: i32,
    pub evidence: &'a str,
    pub evidence_links: &'a [String],
}

/// Writes or replaces one rating of a draft.
pub async fn put_rating(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    assessment: Uuid,
    version: Uuid,
    r: &RatingWrite<'_>,
) -> Result<(), DbError> {
    diesel::insert_into(ratings::table)
        .values((
            ratings::organization_id.eq(org),
            ratings::assessment_id.eq(assessment),
            ratings::framework_version_id.eq(version),
            ratings::competency_id.eq(r.competency_id),
            ratings::level.eq(r.level),
            ratings::evidence.eq(r.evidence),
            ratings::evidence_links.eq(r.evidence_links.iter().map(|l| Some(l.clone())).collect::<Vec<_>>()),
        ))
        .on_conflict((ratings::assessment_id, ratings::competency_id))
        .do_update()
        .set((
            ratings::level.eq(r.level),
            ratings::evidence.eq(r.evidence),
            ratings::evidence_links.eq(r.evidence_links.iter().map(|l| Some(l.clone())).collect::<Vec<_>>()),
        ))
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}

pub async fn remove_rating(conn: &mut AsyncPgConnection, assessment: Uuid, competency: Uuid) -> Result<(), DbError> {
    diesel::delete(
        ratings::table.filter(ratings::assessment_id.eq(assessment).and(ratings::competency_id.eq(competency))),
    )
    .execute(conn)
    .await
    .map(|_| ())
    .map_err(DbError::from)
}

/// Copies every rating of `from` into the draft `to` (an amendment starts from what it
/// amends).
pub async fn copy_ratings(conn: &mut AsyncPgConnection, from: Uuid, to: Uuid) -> Result<(), DbError> {
    const SQL: &str = "INSERT INTO ratings (organization_id, assessment_id, framework_version_id, competency_id, level, \
            evidence, evidence_links) \
        SELECT organization_id, $2, framework_version_id, competency_id, level, evidence, evidence_links \
          FROM ratings WHERE assessment_id = $1";
    cached_sql(SQL)
        .bind::<SqlUuid, _>(from)
        .bind::<SqlUuid, _>(to)
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}

/// Writes many ratings of one draft at once (demo data and bulk loads).
pub async fn insert_ratings(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    assessment: Uuid,
    version: Uuid,
    rows: &[RatingWrite<'_>],
) -> Result<(), DbError> {
    let values: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                ratings::organization_id.eq(org),
                ratings::assessment_id.eq(assessment),
                ratings::framework_version_id.eq(version),
                ratings::competency_id.eq(r.competency_id),
                ratings::level.eq(r.level),
                ratings::evidence.eq(r.evidence),
                ratings::evidence_links.eq(r.evidence_links.iter().map(|l| Some(l.clone())).collect::<Vec<_>>()),
            )
        })
        .collect();
    diesel::insert_into(ratings::table).values(values).execute(conn).await.map(|_| ()).map_err(DbError::from)
}

/// Submits a draft as of `at` (demo history lies in the past).
pub async fn submit_at(conn: &mut AsyncPgConnection, id: Uuid, at: DateTime<Utc>) -> Result<(), DbError> {
    diesel::update(assessments::table.find(id))
        .set((
            assessments::status.eq("submitted"),
            assessments::submitted_at.eq(Some(at)),
            assessments::updated_at.eq(at),
            assessments::version.eq(assessments::version + 1),
        ))
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}
