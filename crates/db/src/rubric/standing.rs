//! Where people stand now, read from `current_ratings`: per competency slug, the newest
//! manager rating and the newest self-rating across every cycle of one framework (ratings
//! of different versions meet by slug; an amended assessment counts through its
//! amendment only). A trigger refreshes a person's rows whenever one of their assessments
//! is submitted (migration `current_ratings`), so views never sort all ratings.

use crate::cached_sql::cached_sql;
use crate::error::{DbError, classify};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Date, Jsonb, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// `{slug: [manager level or null, self level or null]}` for the person `p.id`, and
/// `{slug: expected level}` from their role profile; both for framework `$3`.
const LEVELS: &str = "COALESCE((SELECT jsonb_object_agg(cr.slug, jsonb_build_array(cr.manager_level, cr.self_level)) \
        FROM current_ratings cr WHERE cr.person_id = p.id AND cr.framework_id = $3), '{}'::jsonb) AS levels, \
    COALESCE((SELECT jsonb_object_agg(c.slug, e.level) FROM role_expectations e \
                JOIN competencies c ON c.id = e.competency_id \
                JOIN framework_versions v ON v.id = c.version_id AND v.framework_id = $3 \
               WHERE e.role_profile_id = p.role_profile_id), '{}'::jsonb) AS expected";

#[derive(Debug, Clone, QueryableByName)]
pub struct StandingRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub role_profile_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub role_profile: Option<String>,
    #[diesel(sql_type = Jsonb)]
    pub levels: serde_json::Value,
    #[diesel(sql_type = Jsonb)]
    pub expected: serde_json::Value,
}

/// The active members of a team with their standing, by name.
pub async fn team(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    team: Uuid,
    framework: Uuid,
) -> Result<Vec<StandingRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT p.id, p.name, p.role_profile_id, rp.name AS role_profile, {LEVELS} \
               FROM team_members tm JOIN people p ON p.id = tm.person_id AND p.status = 'active' \
               LEFT JOIN role_profiles rp ON rp.id = p.role_profile_id \
              WHERE tm.organization_id = $1 AND tm.team_id = $2 ORDER BY lower(p.name), p.id"
        )
    });
    cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(team)
        .bind::<SqlUuid, _>(framework)
        .load(conn)
        .await
        .map_err(classify)
}

/// One person's standing.
pub async fn person(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    person: Uuid,
    framework: Uuid,
) -> Result<Option<StandingRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT p.id, p.name, p.role_profile_id, rp.name AS role_profile, {LEVELS} \
               FROM people p LEFT JOIN role_profiles rp ON rp.id = p.role_profile_id \
              WHERE p.organization_id = $1 AND p.id = $2"
        )
    });
    cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(person)
        .bind::<SqlUuid, _>(framework)
        .get_result(conn)
        .await
        .optional()
        .map_err(classify)
}

/// The framework of a person's role profile, if they have one.
pub async fn role_framework(conn: &mut AsyncPgConnection, org: Uuid, person: Uuid) -> Result<Option<Uuid>, DbError> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = SqlUuid)]
        framework_id: Uuid,
    }
    const SQL: &str = "SELECT v.framework_id FROM people p JOIN role_profiles r ON r.id = p.role_profile_id \
        JOIN framework_versions v ON v.id = r.framework_version_id WHERE p.organization_id = $1 AND p.id = $2";
    let row: Option<Row> = cached_sql(SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(person)
        .get_result(conn)
        .await
        .optional()
        .map_err(classify)?;
    Ok(row.map(|r| r.framework_id))
}

#[derive(Debug, Clone, QueryableByName)]
pub struct HistoryRow {
    #[diesel(sql_type = SqlUuid)]
    pub assessment_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub cycle_id: Uuid,
    #[diesel(sql_type = Text)]
    pub cycle_name: String,
    #[diesel(sql_type = Date)]
    pub ends_on: NaiveDate,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Timestamptz)]
    pub submitted_at: DateTime<Utc>,
    #[diesel(sql_type = Bool)]
    pub amended: bool,
    #[diesel(sql_type = Jsonb)]
    pub levels: serde_json::Value,
}

/// A person's submitted assessments against framework `$3`, newest first (at most 40).
pub async fn history(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    person: Uuid,
    framework: Uuid,
) -> Result<Vec<HistoryRow>, DbError> {
    const SQL: &str = "SELECT a.id AS assessment_id, a.cycle_id, cy.name AS cycle_name, cy.ends_on, a.kind, \
            a.submitted_at, EXISTS (SELECT 1 FROM assessments x WHERE x.amends_id = a.id AND x.status = 'submitted') \
            AS amended, COALESCE((SELECT jsonb_object_agg(c.slug, r.level) FROM ratings r \
              JOIN competencies c ON c.id = r.competency_id WHERE r.assessment_id = a.id), '{}'::jsonb) AS levels \
          FROM assessments a JOIN assessment_cycles cy ON cy.id = a.cycle_id \
          JOIN framework_versions v ON v.id = a.framework_version_id AND v.framework_id = $3 \
         WHERE a.organization_id = $1 AND a.person_id = $2 AND a.status = 'submitted' \
         ORDER BY a.submitted_at DESC LIMIT 40";
    cached_sql(SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(person)
        .bind::<SqlUuid, _>(framework)
        .load(conn)
        .await
        .map_err(classify)
}

/// A team's name and lead, for the matrix and its permission check.
pub async fn team_head(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    team: Uuid,
) -> Result<Option<(String, Option<Uuid>)>, DbError> {
    use crate::schema::teams;
    teams::table
        .filter(teams::organization_id.eq(org).and(teams::id.eq(team)))
        .select((teams::name, teams::lead_id))
        .first(conn)
        .await
        .optional()
        .map_err(classify)
}
