//! The reports over the matrix, each computed in one SQL statement: rule breaks, orphans,
//! stale rows, single points of failure, skill shortfalls, missing successors, and what a
//! person or team owns.

use super::ComponentRefRow;
use crate::cached_sql::cached_sql;
use crate::error::DbError;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer, Jsonb, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// A (component, activity) row, named.
#[derive(Debug, Clone, QueryableByName)]
pub struct RowRefRow {
    #[diesel(embed)]
    pub component: ComponentRefRow,
    #[diesel(sql_type = SqlUuid)]
    pub activity_id: Uuid,
    #[diesel(sql_type = Text)]
    pub activity: String,
}

/// The columns of `RowRefRow` for queries joining `components c` and `activities act`.
const ROW_REF: &str = "c.id, c.name, c.kind, c.tier, c.lifecycle, act.id AS activity_id, act.name AS activity";

/// One holding of a row that breaks a rule (a row with no letters at all has one line
/// with `letter` None).
#[derive(Debug, Clone, QueryableByName)]
pub struct BrokenHoldingRow {
    #[diesel(embed)]
    pub target: RowRefRow,
    #[diesel(sql_type = Nullable<Text>)]
    pub letter: Option<String>,
    #[diesel(sql_type = Bool)]
    pub is_team: bool,
    #[diesel(sql_type = Bool)]
    pub active: bool,
    #[diesel(sql_type = Nullable<Text>)]
    pub holder: Option<String>,
}

/// The letters of every row (of a live component) that breaks a rule, worst tier first.
pub async fn broken(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<BrokenHoldingRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "WITH bad AS ( \
               SELECT r.component_id, r.activity_id FROM ownership_rows r \
                 LEFT JOIN ownership_assignments a ON a.component_id = r.component_id AND a.activity_id = r.activity_id \
                 LEFT JOIN people p ON p.id = a.person_id \
                WHERE r.organization_id = $1 \
                GROUP BY r.component_id, r.activity_id \
               HAVING count(*) FILTER (WHERE a.letter = 'A') <> 1 OR count(*) FILTER (WHERE a.letter = 'R') = 0 \
                   OR count(*) FILTER (WHERE a.letter IN ('R', 'A') AND NOT {may_hold}) > 0) \
             SELECT {ROW_REF}, a.letter, a.team_id IS NOT NULL AS is_team, \
                    COALESCE({may_hold}, true) AS active, COALESCE(p.name, t.name) AS holder \
               FROM bad JOIN components c ON c.id = bad.component_id AND c.lifecycle <> 'retired' \
               JOIN activities act ON act.id = bad.activity_id \
               LEFT JOIN ownership_assignments a ON a.component_id = bad.component_id AND a.activity_id = bad.activity_id \
               LEFT JOIN people p ON p.id = a.person_id LEFT JOIN teams t ON t.id = a.team_id \
              ORDER BY c.tier, lower(c.name), c.id, act.position, act.id, a.letter",
            may_hold = super::may_hold_ownership("p"),
        )
    });
    cached_sql(&SQL).bind::<SqlUuid, _>(org).load(conn).await.map_err(DbError::from)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct OrphanRow {
    #[diesel(embed)]
    pub component: ComponentRefRow,
    #[diesel(sql_type = BigInt)]
    pub row_count: i64,
}

/// Components (not retired) nobody is accountable for on any row.
pub async fn orphans(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<OrphanRow>, DbError> {
    const SQL: &str = "SELECT c.id, c.name, c.kind, c.tier, c.lifecycle, \
            (SELECT count(*) FROM ownership_rows r WHERE r.component_id = c.id) AS row_count \
          FROM components c WHERE c.organization_id = $1 AND c.lifecycle <> 'retired' \
           AND NOT EXISTS (SELECT 1 FROM ownership_assignments a WHERE a.component_id = c.id AND a.letter = 'A') \
         ORDER BY c.tier, lower(c.name), c.id";
    cached_sql(SQL).bind::<SqlUuid, _>(org).load(conn).await.map_err(DbError::from)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct StaleRowRow {
    #[diesel(embed)]
    pub target: RowRefRow,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub confirmed_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Timestamptz)]
    pub due_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub accountable_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub accountable: Option<String>,
}

/// Rows (of live components) past their confirmation date, longest overdue first.
pub async fn stale(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<StaleRowRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT {ROW_REF}, r.confirmed_at, \
                    COALESCE(r.confirmed_at, r.created_at) + make_interval(days => o.ownership_verify_days) AS due_at, \
                    p.id AS accountable_id, p.name AS accountable \
               FROM ownership_rows r JOIN organizations o ON o.id = r.organization_id \
               JOIN components c ON c.id = r.component_id AND c.lifecycle <> 'retired' \
               JOIN activities act ON act.id = r.activity_id \
               LEFT JOIN ownership_assignments a ON a.component_id = r.component_id AND a.activity_id = r.activity_id \
                     AND a.letter = 'A' \
               LEFT JOIN people p ON p.id = a.person_id \
              WHERE r.organization_id = $1 \
                AND COALESCE(r.confirmed_at, r.created_at) + make_interval(days => o.ownership_verify_days) < now() \
              ORDER BY due_at, c.tier, lower(c.name), act.position"
        )
    });
    cached_sql(&SQL).bind::<SqlUuid, _>(org).load(conn).await.map_err(DbError::from)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct SoleRowRow {
    #[diesel(sql_type = SqlUuid)]
    pub person_id: Uuid,
    #[diesel(sql_type = Text)]
    pub person: String,
    #[diesel(sql_type = BigInt)]
    pub count: i64,
    #[diesel(embed)]
    pub target: RowRefRow,
    #[diesel(sql_type = Text)]
    pub letters: String,
}

/// Tier 1–2 rows a person carries alone (nobody else, person or team, holds R or A on
/// them), for everyone who carries at least `threshold` of them; most loaded first.
pub async fn single_points(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    threshold: i64,
) -> Result<Vec<SoleRowRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "WITH sole AS ( \
               SELECT min(a.person_id::text)::uuid AS person_id, a.component_id, a.activity_id, \
                      string_agg(a.letter, '+' ORDER BY a.letter) AS letters \
                 FROM ownership_assignments a JOIN components c ON c.id = a.component_id \
                WHERE a.organization_id = $1 AND a.letter IN ('A', 'R') AND c.tier <= 2 AND c.lifecycle <> 'retired' \
                GROUP BY a.component_id, a.activity_id \
               HAVING count(DISTINCT COALESCE(a.person_id, a.team_id)) = 1 AND bool_and(a.person_id IS NOT NULL)), \
             counted AS (SELECT s.*, count(*) OVER (PARTITION BY s.person_id) AS n FROM sole s) \
             SELECT p.id AS person_id, p.name AS person, k.n AS count, {ROW_REF}, k.letters \
               FROM counted k JOIN people p ON p.id = k.person_id \
               JOIN components c ON c.id = k.component_id JOIN activities act ON act.id = k.activity_id \
              WHERE k.n >= $2 \
              ORDER BY k.n DESC, p.name, p.id, c.tier, lower(c.name), act.position"
        )
    });
    cached_sql(&SQL).bind::<SqlUuid, _>(org).bind::<BigInt, _>(threshold).load(conn).await.map_err(DbError::from)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct ShortfallRow {
    #[diesel(embed)]
    pub target: RowRefRow,
    #[diesel(sql_type = SqlUuid)]
    pub person_id: Uuid,
    #[diesel(sql_type = Text)]
    pub person: String,
    #[diesel(sql_type = Integer)]
    pub required: i32,
    #[diesel(sql_type = Nullable<Integer>)]
    pub level: Option<i32>,
}

/// Responsible people below the level their row's activity needs, by their latest
/// submitted rating (the manager's, else their own).
pub async fn shortfalls(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<ShortfallRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT {ROW_REF}, p.id AS person_id, p.name AS person, act.min_level AS required, \
                    COALESCE(cr.manager_level, cr.self_level) AS level \
               FROM ownership_assignments a \
               JOIN activities act ON act.id = a.activity_id AND act.competency_slug IS NOT NULL \
               JOIN components c ON c.id = a.component_id AND c.lifecycle <> 'retired' \
               JOIN people p ON p.id = a.person_id AND {may_hold} \
               LEFT JOIN current_ratings cr ON cr.person_id = p.id AND cr.framework_id = act.framework_id \
                     AND cr.slug = act.competency_slug \
              WHERE a.organization_id = $1 AND a.letter = 'R' \
                AND COALESCE(cr.manager_level, cr.self_level, 0) < act.min_level \
              ORDER BY c.tier, lower(c.name), act.position, p.name",
            may_hold = super::may_hold_ownership("p"),
        )
    });
    cached_sql(&SQL).bind::<SqlUuid, _>(org).load(conn).await.map_err(DbError::from)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct NoSuccessorRow {
    #[diesel(embed)]
    pub target: RowRefRow,
    #[diesel(sql_type = SqlUuid)]
    pub person_id: Uuid,
    #[diesel(sql_type = Text)]
    pub person: String,
    /// `[{"id", "name"}]`
    #[diesel(sql_type = Jsonb)]
    pub teams: serde_json::Value,
    #[diesel(sql_type = Nullable<Integer>)]
    pub required: Option<i32>,
}

/// Tier 1–2 rows whose accountable person has nobody else on any of their teams who may
/// hold ownership and could take over (at the activity's required level, when it names one).
pub async fn no_successor(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<NoSuccessorRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT {ROW_REF}, p.id AS person_id, p.name AS person, \
                    COALESCE((SELECT jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name) ORDER BY t.name) \
                                FROM team_members m JOIN teams t ON t.id = m.team_id WHERE m.person_id = p.id), '[]') AS teams, \
                    act.min_level AS required \
               FROM ownership_assignments a \
               JOIN activities act ON act.id = a.activity_id \
               JOIN components c ON c.id = a.component_id AND c.lifecycle <> 'retired' AND c.tier <= 2 \
               JOIN people p ON p.id = a.person_id \
              WHERE a.organization_id = $1 AND a.letter = 'A' \
                AND NOT EXISTS (SELECT 1 FROM team_members m \
                      JOIN team_members o ON o.team_id = m.team_id AND o.person_id <> m.person_id \
                      JOIN people op ON op.id = o.person_id AND {others_may_hold} \
                      LEFT JOIN current_ratings cr ON cr.person_id = op.id AND cr.framework_id = act.framework_id \
                            AND cr.slug = act.competency_slug \
                     WHERE m.person_id = p.id \
                       AND (act.competency_slug IS NULL OR COALESCE(cr.manager_level, cr.self_level, 0) >= act.min_level)) \
              ORDER BY c.tier, lower(c.name), act.position",
            others_may_hold = super::may_hold_ownership("op"),
        )
    });
    cached_sql(&SQL).bind::<SqlUuid, _>(org).load(conn).await.map_err(DbError::from)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct OwnedRowRow {
    #[diesel(embed)]
    pub target: RowRefRow,
    #[diesel(sql_type = Text)]
    pub letter: String,
    /// Who holds it: the person, or the team.
    #[diesel(sql_type = Text)]
    pub holder: String,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub team_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub team: Option<String>,
    #[diesel(sql_type = Bool)]
    pub stale: bool,
}

/// Whose letters `owned` lists.
#[derive(Debug, Clone, Copy, Hash)]
pub enum Holder {
    /// What a person holds by name (what their teams hold is on the team's page: a team's
    /// letters can run into thousands of rows).
    Person(Uuid),
    /// What a team and its members hold.
    Team(Uuid),
}

/// The letters a person or a team holds. One statement text per kind of holder, not one
/// with `$2 IS NULL OR …` branches: PostgreSQL plans a prepared statement once for all
/// values after a few runs, and that one plan could not use the person or team index
/// (it read every assignment of the organization: 4 ms at 2,000 components, against
/// 0.1 ms for the person's own).
pub async fn owned(conn: &mut AsyncPgConnection, org: Uuid, holder: Holder) -> Result<Vec<OwnedRowRow>, DbError> {
    fn statement(filter: &str) -> String {
        format!(
            "SELECT {ROW_REF}, a.letter, COALESCE(p.name, t.name) AS holder, t.id AS team_id, t.name AS team, \
                    COALESCE(r.confirmed_at, r.created_at) + make_interval(days => o.ownership_verify_days) < now() AS stale \
               FROM ownership_assignments a \
               JOIN ownership_rows r ON r.component_id = a.component_id AND r.activity_id = a.activity_id \
               JOIN organizations o ON o.id = r.organization_id \
               JOIN components c ON c.id = a.component_id JOIN activities act ON act.id = a.activity_id \
               LEFT JOIN people p ON p.id = a.person_id LEFT JOIN teams t ON t.id = a.team_id \
              WHERE a.organization_id = $1 AND ({filter}) \
              ORDER BY c.tier, lower(c.name), act.position, a.letter, holder"
        )
    }
    static BY_PERSON: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| statement("a.person_id = $2"));
    static BY_TEAM: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        statement("a.team_id = $2 OR a.person_id IN (SELECT m.person_id FROM team_members m WHERE m.team_id = $2)")
    });
    let (sql, id) = match holder {
        Holder::Person(id) => (&*BY_PERSON, id),
        Holder::Team(id) => (&*BY_TEAM, id),
    };
    cached_sql(sql).bind::<SqlUuid, _>(org).bind::<SqlUuid, _>(id).load(conn).await.map_err(DbError::from)
}
