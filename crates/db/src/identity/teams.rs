use crate::cached_sql::cached_sql;
use crate::error::DbError;
use crate::schema::{team_members, teams};
use chrono::Utc;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Json, Nullable, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// A team with lead and members, in one query.
#[derive(Debug, Clone, QueryableByName)]
pub struct TeamDetailRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub description: String,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub lead_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub lead_name: Option<String>,
    #[diesel(sql_type = Json)]
    pub members: serde_json::Value,
    #[diesel(sql_type = Integer)]
    pub version: i32,
}

/// A team in a list: lead and member count.
#[derive(Debug, Clone, QueryableByName)]
pub struct TeamSummaryRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub description: String,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub lead_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub lead_name: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub member_count: i64,
}

const SELECT_TEAM: &str = "SELECT t.id, t.name, t.description, t.lead_id, l.name AS lead_name, \
        coalesce((SELECT json_agg(json_build_object('id', p.id, 'name', p.name) ORDER BY p.name) \
                    FROM team_members tm JOIN people p ON p.id = tm.person_id WHERE tm.team_id = t.id), '[]'::json) AS members, \
        t.version \
   FROM teams t LEFT JOIN people l ON l.id = t.lead_id";

pub async fn list(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<TeamSummaryRow>, DbError> {
    cached_sql(
        "SELECT t.id, t.name, t.description, t.lead_id, l.name AS lead_name, \
                (SELECT count(*) FROM team_members tm WHERE tm.team_id = t.id) AS member_count \
           FROM teams t LEFT JOIN people l ON l.id = t.lead_id \
          WHERE t.organization_id = $1 ORDER BY lower(t.name)",
    )
    .bind::<SqlUuid, _>(org)
    .load(conn)
    .await
    .map_err(DbError::from)
}

pub async fn detail(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<TeamDetailRow>, DbError> {
    static SQL: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("{SELECT_TEAM} WHERE t.organization_id = $1 AND t.id = $2"));
    cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(id)
        .get_result(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = teams)]
pub struct TeamRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    pub description: String,
    pub lead_id: Option<Uuid>,
    pub version: i32,
}

pub async fn lock(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<TeamRow>, DbError> {
    teams::table
        .filter(teams::organization_id.eq(org).and(teams::id.eq(id)))
        .select(TeamRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    name: &str,
    description: &str,
    lead: Option<Uuid>,
) -> Result<TeamRow, DbError> {
    diesel::insert_into(teams::table)
        .values((
            teams::organization_id.eq(org),
            teams::name.eq(name),
            teams::description.eq(description),
            teams::lead_id.eq(lead),
        ))
        .returning(TeamRow::as_returning())
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

pub async fn update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    name: &str,
    description: &str,
    lead: Option<Uuid>,
    version: i32,
) -> Result<TeamRow, DbError> {
    diesel::update(teams::table.find(id))
        .set((
            teams::name.eq(name),
            teams::description.eq(description),
            teams::lead_id.eq(lead),
            teams::version.eq(version),
            teams::updated_at.eq(Utc::now()),
        ))
        .returning(TeamRow::as_returning())
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

pub async fn set_members(conn: &mut AsyncPgConnection, org: Uuid, team: Uuid, members: &[Uuid]) -> Result<(), DbError> {
    diesel::delete(team_members::table.filter(team_members::team_id.eq(team))).execute(conn).await?;
    let rows: Vec<_> = members
        .iter()
        .map(|p| {
            (team_members::organization_id.eq(org), team_members::team_id.eq(team), team_members::person_id.eq(*p))
        })
        .collect();
    diesel::insert_into(team_members::table).values(rows).execute(conn).await.map(|_| ()).map_err(DbError::from)
}

pub async fn member_ids(conn: &mut AsyncPgConnection, team: Uuid) -> Result<Vec<Uuid>, DbError> {
    team_members::table
        .filter(team_members::team_id.eq(team))
        .select(team_members::person_id)
        .order(team_members::person_id)
        .load(conn)
        .await
        .map_err(DbError::from)
}

/// Which of `ids` are teams of the organization.
pub async fn existing(conn: &mut AsyncPgConnection, org: Uuid, ids: &[Uuid]) -> Result<Vec<Uuid>, DbError> {
    teams::table
        .filter(teams::organization_id.eq(org).and(teams::id.eq_any(ids)))
        .select(teams::id)
        .load(conn)
        .await
        .map_err(DbError::from)
}

/// The organization's teams as (id, name), for matching names in an import.
pub async fn names(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<(Uuid, String)>, DbError> {
    teams::table
        .filter(teams::organization_id.eq(org))
        .select((teams::id, teams::name))
        .load(conn)
        .await
        .map_err(DbError::from)
}
