use crate::cached_sql::cached_sql;
use crate::error::DbError;
use crate::schema::{people, team_members};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Integer, Json, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// What authentication needs of a person and their session, in one query.
#[derive(Debug, Clone, QueryableByName)]
pub struct ActorRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub organization_id: Uuid,
    /// For the page frame, which would otherwise read it again on every page.
    #[diesel(sql_type = Text)]
    pub organization_name: String,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Array<Nullable<Text>>)]
    pub roles: Vec<Option<String>>,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Integer)]
    pub token_version: i32,
    #[diesel(sql_type = Bool)]
    pub session_live: bool,
    /// The organization's people generation (see `service::identity::people::get`).
    #[diesel(sql_type = BigInt)]
    pub people_generation: i64,
}

/// Through a shared reference, so it can run on the pipelined connection ([`crate::Pipelined`]).
pub async fn actor(conn: &AsyncPgConnection, person: Uuid, session: Uuid) -> Result<Option<ActorRow>, DbError> {
    cached_sql(
        "SELECT p.id, p.organization_id, o.name AS organization_name, p.name, p.roles, p.status, p.token_version, \
                (s.revoked_at IS NULL AND s.expires_at > now()) AS session_live, o.people_generation \
           FROM people p JOIN sessions s ON s.id = $2 AND s.person_id = p.id \
           JOIN organizations o ON o.id = p.organization_id \
          WHERE p.id = $1",
    )
    .bind::<SqlUuid, _>(person)
    .bind::<SqlUuid, _>(session)
    .get_result(&mut &*conn)
    .await
    .optional()
    .map_err(DbError::from)
}

/// For sign-in: the account behind an email, across organizations (emails are unique per
/// organization; the same address in two organizations signs into the older one).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = people)]
pub struct LoginRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub status: String,
    pub password_hash: Option<String>,
    pub token_version: i32,
}

/// Every account with this address, oldest first, with its organization's name. An
/// address may be a person in several organizations (each keeps its own people); sign-in
/// tells them apart by the password, then by the organization the person names.
pub async fn for_login(conn: &mut AsyncPgConnection, email: &str) -> Result<Vec<(LoginRow, String)>, DbError> {
    use crate::schema::organizations;
    people::table
        .inner_join(organizations::table.on(organizations::id.eq(people::organization_id)))
        .filter(people::email.eq(email))
        .order(people::created_at.asc())
        .limit(MAX_ACCOUNTS_PER_ADDRESS)
        .select((LoginRow::as_select(), organizations::name))
        .load(conn)
        .await
        .map_err(DbError::from)
}

/// Sign-in checks a password against each account of an address: bounded, so an address
/// cannot be made to cost unbounded hashing.
pub const MAX_ACCOUNTS_PER_ADDRESS: i64 = 10;

/// The full row, for edits (locked with FOR UPDATE by the caller's transaction).
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = people)]
pub struct PersonRow {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub email: String,
    pub name: String,
    pub job_title: String,
    pub roles: Vec<Option<String>>,
    pub manager_id: Option<Uuid>,
    pub status: String,
    #[serde(skip)]
    pub password_hash: Option<String>,
    pub token_version: i32,
    pub version: i32,
}

pub async fn lock(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<PersonRow>, DbError> {
    people::table
        .filter(people::organization_id.eq(org).and(people::id.eq(id)))
        .select(PersonRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

#[derive(Debug, Insertable)]
#[diesel(table_name = people)]
pub struct NewPersonRow<'a> {
    pub organization_id: Uuid,
    pub email: &'a str,
    pub name: &'a str,
    pub job_title: &'a str,
    pub roles: Vec<String>,
    pub manager_id: Option<Uuid>,
    pub status: &'a str,
    pub password_hash: Option<&'a str>,
}

pub async fn insert(conn: &mut AsyncPgConnection, row: &NewPersonRow<'_>) -> Result<PersonRow, DbError> {
    diesel::insert_into(people::table)
        .values(row)
        .returning(PersonRow::as_returning())
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

/// Writes the editable fields and bumps `version`; `token_version` bumps when access
/// changes (roles, status, password).
#[derive(Debug, AsChangeset)]
#[diesel(table_name = people, treat_none_as_null = true)]
pub struct PersonChanges {
    pub name: String,
    pub job_title: String,
    pub roles: Vec<String>,
    pub manager_id: Option<Uuid>,
    pub status: String,
    pub token_version: i32,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

pub async fn update(conn: &mut AsyncPgConnection, id: Uuid, changes: &PersonChanges) -> Result<PersonRow, DbError> {
    diesel::update(people::table.find(id))
        .set(changes)
        .returning(PersonRow::as_returning())
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

/// An invited person chose a password: they become active.
pub async fn activate_with_password(conn: &mut AsyncPgConnection, id: Uuid, hash: &str) -> Result<(), DbError> {
    diesel::update(people::table.find(id))
        .set((
            people::password_hash.eq(hash),
            people::status.eq("active"),
            people::token_version.eq(people::token_version + 1),
            people::version.eq(people::version + 1),
            people::updated_at.eq(Utc::now()),
        ))
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}

pub async fn set_password(conn: &mut AsyncPgConnection, id: Uuid, hash: &str) -> Result<(), DbError> {
    diesel::update(people::table.find(id))
        .set((
            people::password_hash.eq(hash),
            people::token_version.eq(people::token_version + 1),
            people::updated_at.eq(Utc::now()),
        ))
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}

/// Whether `candidate` is `person` or reports to them, directly or not (a manager change
/// to such a candidate would make a loop).
pub async fn is_self_or_below(conn: &mut AsyncPgConnection, person: Uuid, candidate: Uuid) -> Result<bool, DbError> {
    #[derive(QueryableByName)]
    struct Found {
        #[diesel(sql_type = Bool)]
        found: bool,
    }
    let row: Found = cached_sql(
        "WITH RECURSIVE up (id, manager_id) AS ( \
            SELECT id, manager_id FROM people WHERE id = $2 \
            UNION SELECT p.id, p.manager_id FROM people p JOIN up ON p.id = up.manager_id) \
         SELECT EXISTS (SELECT 1 FROM up WHERE id = $1) AS found",
    )
    .bind::<SqlUuid, _>(person)
    .bind::<SqlUuid, _>(candidate)
    .get_result(conn)
    .await?;
    Ok(row.found)
}

/// Whether `manager` is above `person` in the reporting line (direct or indirect), in SQL.
pub async fn manages(conn: &mut AsyncPgConnection, manager: Uuid, person: Uuid) -> Result<bool, DbError> {
    if manager == person {
        return Ok(false);
    }
    is_self_or_below(conn, manager, person).await
}

/// Which of `ids` exist in the organization (to report unknown references by name).
pub async fn existing(conn: &mut AsyncPgConnection, org: Uuid, ids: &[Uuid]) -> Result<Vec<Uuid>, DbError> {
    people::table
        .filter(people::organization_id.eq(org).and(people::id.eq_any(ids)))
        .select(people::id)
        .load(conn)
        .await
        .map_err(DbError::from)
}

pub async fn email_taken(conn: &mut AsyncPgConnection, org: Uuid, email: &str) -> Result<bool, DbError> {
    diesel::select(diesel::dsl::exists(
        people::table.filter(people::organization_id.eq(org).and(people::email.eq(email))),
    ))
    .get_result(conn)
    .await
    .map_err(DbError::from)
}

pub async fn set_teams(conn: &mut AsyncPgConnection, org: Uuid, person: Uuid, teams: &[Uuid]) -> Result<(), DbError> {
    diesel::delete(team_members::table.filter(team_members::person_id.eq(person))).execute(conn).await?;
    let rows: Vec<_> = teams
        .iter()
        .map(|t| {
            (team_members::organization_id.eq(org), team_members::team_id.eq(*t), team_members::person_id.eq(person))
        })
        .collect();
    diesel::insert_into(team_members::table).values(rows).execute(conn).await.map(|_| ()).map_err(DbError::from)
}

/// A directory row: the person, their manager and teams, and the total matching rows.
#[derive(Debug, Clone, QueryableByName)]
pub struct DirectoryRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub email: String,
    #[diesel(sql_type = Text)]
    pub job_title: String,
    #[diesel(sql_type = Array<Nullable<Text>>)]
    pub roles: Vec<Option<String>>,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub manager_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub manager_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub manager_email: Option<String>,
    /// `[{"id": …, "name": …}]`
    #[diesel(sql_type = Json)]
    pub teams: serde_json::Value,
    #[diesel(sql_type = BigInt)]
    pub total: i64,
}

pub struct DirectoryFilter<'a> {
    pub search: Option<&'a str>,
    pub team: Option<Uuid>,
    pub role: Option<&'a str>,
    pub status: Option<&'a str>,
    pub include_deactivated: bool,
    pub limit: i64,
    pub offset: i64,
    /// The count stops here (its cost must not grow with the organization).
    pub count_up_to: i64,
}

const TEAMS_OF_PERSON: &str = "coalesce((SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name) \
       FROM team_members tm JOIN teams t ON t.id = tm.team_id WHERE tm.person_id = p.id), '[]'::json)";

/// One page of the directory in one query. The page is cut first (by the
/// `(organization_id, name, id)` index) and only its 20 rows get manager and teams; the
/// total is a separate count over the same filter that stops at `count_up_to` rows.
pub async fn directory(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    f: &DirectoryFilter<'_>,
) -> Result<Vec<DirectoryRow>, DbError> {
    const FILTER: &str = "p.organization_id = $1 \
            AND ($2::text IS NULL OR p.name ILIKE $2 OR p.email ILIKE $2 OR p.job_title ILIKE $2) \
            AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM team_members x WHERE x.person_id = p.id AND x.team_id = $3)) \
            AND ($4::text IS NULL OR $4 = ANY (p.roles)) \
            AND ($5::text IS NULL OR p.status = $5) \
            AND ($6 OR $5::text IS NOT NULL OR p.status <> 'deactivated')";
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT p.id, p.name, p.email, p.job_title, p.roles, p.status, m.id AS manager_id, m.name AS manager_name, \
                    m.email AS manager_email, {TEAMS_OF_PERSON} AS teams, \
                    (SELECT count(*) FROM (SELECT 1 FROM people p WHERE {FILTER} LIMIT $9) counted) AS total \
               FROM (SELECT p.id FROM people p WHERE {FILTER} ORDER BY p.name, p.id LIMIT $7 OFFSET $8) page \
               JOIN people p ON p.id = page.id LEFT JOIN people m ON m.id = p.manager_id \
              ORDER BY p.name, p.id"
        )
    });
    let pattern = f.search.map(|s| format!("%{}%", s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")));
    cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<Nullable<Text>, _>(pattern)
        .bind::<Nullable<SqlUuid>, _>(f.team)
        .bind::<Nullable<Text>, _>(f.role)
        .bind::<Nullable<Text>, _>(f.status)
        .bind::<Bool, _>(f.include_deactivated)
        .bind::<BigInt, _>(f.limit)
        .bind::<BigInt, _>(f.offset)
        .bind::<BigInt, _>(f.count_up_to)
        .load(conn)
        .await
        .map_err(DbError::from)
}

/// One person with manager, teams and direct reports, in one query.
#[derive(Debug, Clone, QueryableByName)]
pub struct DetailRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub email: String,
    #[diesel(sql_type = Text)]
    pub job_title: String,
    #[diesel(sql_type = Array<Nullable<Text>>)]
    pub roles: Vec<Option<String>>,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub manager_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub manager_name: Option<String>,
    #[diesel(sql_type = Json)]
    pub teams: serde_json::Value,
    #[diesel(sql_type = Json)]
    pub reports: serde_json::Value,
    #[diesel(sql_type = Integer)]
    pub version: i32,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

pub async fn detail(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<DetailRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT p.id, p.name, p.email, p.job_title, p.roles, p.status, m.id AS manager_id, m.name AS manager_name, \
                    {TEAMS_OF_PERSON} AS teams, \
                    coalesce((SELECT json_agg(json_build_object('id', r.id, 'name', r.name) ORDER BY r.name) \
                                FROM people r WHERE r.manager_id = p.id AND r.organization_id = p.organization_id), '[]'::json) AS reports, \
                    p.version, p.created_at \
               FROM people p LEFT JOIN people m ON m.id = p.manager_id \
              WHERE p.organization_id = $1 AND p.id = $2"
        )
    });
    cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(id)
        .get_result(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// Everyone not deactivated, with their manager: the org chart's input, in one query.
pub async fn reporting_lines(
    conn: &mut AsyncPgConnection,
    org: Uuid,
) -> Result<Vec<(Uuid, String, String, Option<Uuid>)>, DbError> {
    people::table
        .filter(people::organization_id.eq(org).and(people::status.ne("deactivated")))
        .select((people::id, people::name, people::job_title, people::manager_id))
        .load(conn)
        .await
        .map_err(DbError::from)
}

/// Everyone in the organization with their full row (imports compare a file against it).
/// `lock` takes row locks so a concurrent edit waits for the import's transaction.
pub async fn all_in_org(conn: &mut AsyncPgConnection, org: Uuid, lock: bool) -> Result<Vec<PersonRow>, DbError> {
    let query = people::table.filter(people::organization_id.eq(org)).select(PersonRow::as_select());
    if lock { query.for_update().load(conn).await } else { query.load(conn).await }.map_err(DbError::from)
}

/// Every (person, team) membership of the organization.
pub async fn memberships(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<(Uuid, Uuid)>, DbError> {
    team_members::table
        .filter(team_members::organization_id.eq(org))
        .select((team_members::person_id, team_members::team_id))
        .load(conn)
        .await
        .map_err(DbError::from)
}

/// Sets only the manager: a step of a bulk change whose caller writes the final row
/// (and its version) afterwards, in the same transaction.
pub async fn set_manager(conn: &mut AsyncPgConnection, id: Uuid, manager: Option<Uuid>) -> Result<(), DbError> {
    diesel::update(people::table.find(id))
        .set(people::manager_id.eq(manager))
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}

/// A person's name, whatever their status (None: no such person in the organization).
pub async fn name_of(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<String>, DbError> {
    people::table
        .filter(people::organization_id.eq(org).and(people::id.eq(id)))
        .select(people::name)
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}
