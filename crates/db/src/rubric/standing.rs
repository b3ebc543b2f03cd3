//! Where people stand now, read from `current_ratings`: per competency slug, the newest
//! manager rating and the newest self-rating across every cycle of one framework (ratings
//! of different versions meet by slug; an amended assessment counts through its
//! amendment only). A trigger refreshes a person's rows whenever one of their assessments
//! is submitted (migration `current_ratings`), so views never sort all ratings.

use crate::cached_sql::cached_sql;
use crate::error::DbError;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Date, Int4, Jsonb, Nullable, SmallInt, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use std::collections::HashMap;
use uuid::Uuid;

/// Where one person stands against one framework: their levels by competency slug and
/// what their role profile expects.
#[derive(Debug, Clone, Default)]
pub struct Standing {
    pub id: Uuid,
    pub name: String,
    pub role_profile_id: Option<Uuid>,
    pub role_profile: Option<String>,
    /// The number of the framework's version the role profile is set on; none when the
    /// profile is on another framework.
    pub role_profile_version: Option<i32>,
    /// slug → (newest manager level, newest self level)
    pub levels: HashMap<String, (Option<i32>, Option<i32>)>,
    /// slug → the level their role profile expects
    pub expected: HashMap<String, i32>,
}

/// The people (`m`: id, name, role_profile_id, pos) with their ratings and their role
/// profiles' expectations for framework `$3`, as flat lines in one statement: a line per
/// person (kind 0, `a` = position, `b` = the number of the version of `$3` their role
/// profile is set on), per rating (kind 1) and per expectation (kind 2, once
/// per role profile, not once per person). Flat lines, not a JSON object per person:
/// building and parsing those cost 3 ms for a team of 25 (0.4 ms this way).
fn standing_sql(members: &str) -> String {
    format!(
        "WITH m AS MATERIALIZED ({members}) \
         SELECT 0::int2 AS kind, m.id AS subject, m.name AS label, rp.name AS detail, \
                m.role_profile_id AS profile, m.pos::int4 AS a, rv.number::int4 AS b \
           FROM m LEFT JOIN role_profiles rp ON rp.id = m.role_profile_id \
           LEFT JOIN framework_versions rv ON rv.id = rp.framework_version_id AND rv.framework_id = $3 \
         UNION ALL \
         SELECT 1::int2, cr.person_id, cr.slug, NULL, NULL, cr.manager_level, cr.self_level \
           FROM m JOIN current_ratings cr ON cr.person_id = m.id AND cr.framework_id = $3 \
         UNION ALL \
         SELECT 2::int2, e.role_profile_id, c.slug, NULL, NULL, e.level, NULL \
           FROM role_expectations e JOIN competencies c ON c.id = e.competency_id \
           JOIN framework_versions v ON v.id = c.version_id AND v.framework_id = $3 \
          WHERE e.role_profile_id IN (SELECT m.role_profile_id FROM m)"
    )
}

#[derive(QueryableByName)]
struct Line {
    #[diesel(sql_type = SmallInt)]
    kind: i16,
    /// the person (kinds 0 and 1) or the role profile (kind 2)
    #[diesel(sql_type = SqlUuid)]
    subject: Uuid,
    /// the person's name (kind 0) or a competency slug
    #[diesel(sql_type = Text)]
    label: String,
    #[diesel(sql_type = Nullable<Text>)]
    detail: Option<String>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    profile: Option<Uuid>,
    /// position (kind 0), manager level (1) or expected level (2)
    #[diesel(sql_type = Nullable<Int4>)]
    a: Option<i32>,
    /// the role profile's version number (kind 0) or self level (1)
    #[diesel(sql_type = Nullable<Int4>)]
    b: Option<i32>,
}

/// Puts the lines of `standing_sql` together, people in the query's order.
fn assemble(lines: Vec<Line>) -> Vec<Standing> {
    let mut people: Vec<(i32, Standing)> = Vec::new();
    let mut ratings = Vec::new();
    let mut expected: HashMap<Uuid, HashMap<String, i32>> = HashMap::new();
    for l in lines {
        match l.kind {
            0 => people.push((
                l.a.unwrap_or_default(),
                Standing {
                    id: l.subject,
                    name: l.label,
                    role_profile_id: l.profile,
                    role_profile: l.detail,
                    role_profile_version: l.b,
                    ..Standing::default()
                },
            )),
            1 => ratings.push(l),
            _ => {
                expected.entry(l.subject).or_default().insert(l.label, l.a.unwrap_or_default());
            }
        }
    }
    people.sort_unstable_by_key(|(pos, _)| *pos);
    let mut people: Vec<Standing> = people.into_iter().map(|(_, s)| s).collect();
    let at: HashMap<Uuid, usize> = people.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    for r in ratings {
        if let Some(&i) = at.get(&r.subject) {
            people[i].levels.insert(r.label, (r.a, r.b));
        }
    }
    for p in &mut people {
        if let Some(e) = p.role_profile_id.and_then(|id| expected.get(&id)) {
            p.expected = e.clone();
        }
    }
    people
}

/// The active members of a team with their standing, by name.
pub async fn team(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    team: Uuid,
    framework: Uuid,
) -> Result<Vec<Standing>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        standing_sql(
            "SELECT p.id, p.name, p.role_profile_id, row_number() OVER (ORDER BY lower(p.name), p.id) AS pos \
               FROM team_members tm JOIN people p ON p.id = tm.person_id AND p.status = 'active' \
              WHERE tm.organization_id = $1 AND tm.team_id = $2",
        )
    });
    let lines = cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(team)
        .bind::<SqlUuid, _>(framework)
        .load(conn)
        .await?;
    Ok(assemble(lines))
}

/// One person's standing.
pub async fn person(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    person: Uuid,
    framework: Uuid,
) -> Result<Option<Standing>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        standing_sql(
            "SELECT p.id, p.name, p.role_profile_id, 1 AS pos FROM people p \
              WHERE p.organization_id = $1 AND p.id = $2",
        )
    });
    let lines = cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(person)
        .bind::<SqlUuid, _>(framework)
        .load(conn)
        .await?;
    Ok(assemble(lines).into_iter().next())
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
    /// The framework version it was made against: its id and number.
    #[diesel(sql_type = SqlUuid)]
    pub version_id: Uuid,
    #[diesel(sql_type = Int4)]
    pub version_number: i32,
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
            v.id AS version_id, v.number AS version_number, a.submitted_at, \
            EXISTS (SELECT 1 FROM assessments x WHERE x.amends_id = a.id AND x.status = 'submitted') \
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
        .map_err(DbError::from)
}

/// A team's name and lead, for the matrix and its permission check, with the
/// organization's skills generation (a cached matrix is good while it has not moved).
pub struct TeamHead {
    pub name: String,
    pub lead: Option<Uuid>,
    pub skills_generation: i64,
}

pub async fn team_head(conn: &mut AsyncPgConnection, org: Uuid, team: Uuid) -> Result<Option<TeamHead>, DbError> {
    use crate::schema::{organizations, teams};
    let row: Option<(String, Option<Uuid>, i64)> = teams::table
        .inner_join(organizations::table)
        .filter(teams::organization_id.eq(org).and(teams::id.eq(team)))
        .select((teams::name, teams::lead_id, organizations::skills_generation))
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(|(name, lead, skills_generation)| TeamHead { name, lead, skills_generation }))
}
