//! Assessment cycles, with their completion counted in SQL.

use super::catalog::{VERSION_REF_COLUMNS, VersionRefRow};
use crate::cached_sql::cached_sql;
use crate::error::DbError;
use crate::schema::assessment_cycles;
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Integer, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

#[derive(Debug, Clone, QueryableByName)]
pub struct CycleRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Date)]
    pub starts_on: NaiveDate,
    #[diesel(sql_type = Date)]
    pub ends_on: NaiveDate,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Integer)]
    pub version: i32,
    #[diesel(embed)]
    pub framework: VersionRefRow,
    #[diesel(sql_type = BigInt)]
    pub people_count: i64,
    #[diesel(sql_type = BigInt)]
    pub self_submitted: i64,
    #[diesel(sql_type = BigInt)]
    pub manager_submitted: i64,
}

// Completion counts people with a submitted assessment of each kind (an amendment of a
// submitted one does not count twice).
static LIST: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT c.id, c.name, c.starts_on, c.ends_on, c.status, c.version, {VERSION_REF_COLUMNS}, \
            (SELECT count(*) FROM people p WHERE p.organization_id = c.organization_id AND p.status = 'active') AS people_count, \
            (SELECT count(DISTINCT a.person_id) FROM assessments a WHERE a.cycle_id = c.id AND a.kind = 'self' \
               AND a.status = 'submitted') AS self_submitted, \
            (SELECT count(DISTINCT a.person_id) FROM assessments a WHERE a.cycle_id = c.id AND a.kind = 'manager' \
               AND a.status = 'submitted') AS manager_submitted \
           FROM assessment_cycles c JOIN framework_versions v ON v.id = c.framework_version_id \
           JOIN frameworks f ON f.id = v.framework_id \
          WHERE c.organization_id = $1"
    )
});

/// Newest first.
pub async fn list(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<CycleRow>, DbError> {
    static SQL: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("{} ORDER BY c.starts_on DESC, lower(c.name)", *LIST));
    cached_sql(&SQL).bind::<SqlUuid, _>(org).load(conn).await.map_err(DbError::from)
}

pub async fn get(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<CycleRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| format!("{} AND c.id = $2", *LIST));
    cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(id)
        .get_result(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// The cycle's status and framework version, locked (assessments start and submit one at
/// a time against a cycle that is not closing under them).
pub async fn lock(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<(String, Uuid)>, DbError> {
    assessment_cycles::table
        .filter(assessment_cycles::organization_id.eq(org).and(assessment_cycles::id.eq(id)))
        .select((assessment_cycles::status, assessment_cycles::framework_version_id))
        .for_share()
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

pub struct NewCycle<'a> {
    pub organization_id: Uuid,
    pub name: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub framework_version_id: Uuid,
    pub created_by: Uuid,
}

pub async fn insert(conn: &mut AsyncPgConnection, c: &NewCycle<'_>) -> Result<Uuid, DbError> {
    diesel::insert_into(assessment_cycles::table)
        .values((
            assessment_cycles::organization_id.eq(c.organization_id),
            assessment_cycles::name.eq(c.name),
            assessment_cycles::starts_on.eq(c.starts_on),
            assessment_cycles::ends_on.eq(c.ends_on),
            assessment_cycles::framework_version_id.eq(c.framework_version_id),
            assessment_cycles::created_by.eq(c.created_by),
        ))
        .returning(assessment_cycles::id)
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

/// Changes name, dates and status if the version is still `expected`.
pub async fn update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    expected: i32,
    name: &str,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    status: &str,
) -> Result<bool, DbError> {
    let n = diesel::update(
        assessment_cycles::table.filter(assessment_cycles::id.eq(id).and(assessment_cycles::version.eq(expected))),
    )
    .set((
        assessment_cycles::name.eq(name),
        assessment_cycles::starts_on.eq(starts_on),
        assessment_cycles::ends_on.eq(ends_on),
        assessment_cycles::status.eq(status),
        assessment_cycles::version.eq(assessment_cycles::version + 1),
    ))
    .execute(conn)
    .await?;
    Ok(n == 1)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct DistributionRow {
    #[diesel(sql_type = Text)]
    pub slug: String,
    #[diesel(sql_type = Integer)]
    pub level: i32,
    #[diesel(sql_type = BigInt)]
    pub people: i64,
}

/// Manager ratings of the cycle per competency and level; amended assessments count
/// through their amendment only.
pub async fn distribution(conn: &mut AsyncPgConnection, cycle: Uuid) -> Result<Vec<DistributionRow>, DbError> {
    const SQL: &str = "SELECT c.slug, r.level, count(*) AS people \
        FROM assessments a JOIN ratings r ON r.assessment_id = a.id JOIN competencies c ON c.id = r.competency_id \
       WHERE a.cycle_id = $1 AND a.kind = 'manager' AND a.status = 'submitted' \
         AND NOT EXISTS (SELECT 1 FROM assessments x WHERE x.amends_id = a.id AND x.status = 'submitted') \
       GROUP BY c.slug, r.level";
    cached_sql(SQL).bind::<SqlUuid, _>(cycle).load(conn).await.map_err(DbError::from)
}
