//! Role profiles and their expected levels.

use super::catalog::VERSION_REF_COLUMNS;
use crate::cached_sql::cached_sql;
use crate::error::DbError;
use crate::schema::{people, role_expectations, role_profiles};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

#[derive(Debug, Clone, QueryableByName)]
pub struct RoleProfileRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub description: String,
    #[diesel(sql_type = Integer)]
    pub version: i32,
    #[diesel(embed)]
    pub framework: super::catalog::VersionRefRow,
    #[diesel(sql_type = BigInt)]
    pub expectation_count: i64,
    #[diesel(sql_type = BigInt)]
    pub people_count: i64,
}

static LIST: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT r.id, r.name, r.description, r.version, {VERSION_REF_COLUMNS}, \
            (SELECT count(*) FROM role_expectations e WHERE e.role_profile_id = r.id) AS expectation_count, \
            (SELECT count(*) FROM people p WHERE p.role_profile_id = r.id AND p.status = 'active') AS people_count \
           FROM role_profiles r JOIN framework_versions v ON v.id = r.framework_version_id \
           JOIN frameworks f ON f.id = v.framework_id \
          WHERE r.organization_id = $1"
    )
});

pub async fn list(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<RoleProfileRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| format!("{} ORDER BY lower(r.name)", *LIST));
    cached_sql(&SQL).bind::<SqlUuid, _>(org).load(conn).await.map_err(DbError::from)
}

/// The organization's role profiles by id and name only, in no order, for pickers (the
/// list's counts walk every person holding a profile, which grows with the organization).
pub async fn names(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<(Uuid, String)>, DbError> {
    role_profiles::table
        .filter(role_profiles::organization_id.eq(org))
        .select((role_profiles::id, role_profiles::name))
        .load(conn)
        .await
        .map_err(DbError::from)
}

pub async fn get(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<RoleProfileRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| format!("{} AND r.id = $2", *LIST));
    cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(id)
        .get_result(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    name: &str,
    description: &str,
    version: Uuid,
) -> Result<Uuid, DbError> {
    diesel::insert_into(role_profiles::table)
        .values((
            role_profiles::organization_id.eq(org),
            role_profiles::name.eq(name),
            role_profiles::description.eq(description),
            role_profiles::framework_version_id.eq(version),
        ))
        .returning(role_profiles::id)
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

/// Updates the profile if its version is still `expected`; false when it is not.
pub async fn update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    expected: i32,
    name: &str,
    description: &str,
    framework_version: Uuid,
) -> Result<bool, DbError> {
    let n =
        diesel::update(role_profiles::table.filter(role_profiles::id.eq(id).and(role_profiles::version.eq(expected))))
            .set((
                role_profiles::name.eq(name),
                role_profiles::description.eq(description),
                role_profiles::framework_version_id.eq(framework_version),
                role_profiles::version.eq(role_profiles::version + 1),
                role_profiles::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)
            .await?;
    Ok(n == 1)
}

/// Replaces the expected levels: (competency id, level).
pub async fn set_expectations(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    id: Uuid,
    levels: &[(Uuid, i32)],
) -> Result<(), DbError> {
    diesel::delete(role_expectations::table.filter(role_expectations::role_profile_id.eq(id))).execute(conn).await?;
    if levels.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = levels
        .iter()
        .map(|(c, l)| {
            (
                role_expectations::organization_id.eq(org),
                role_expectations::role_profile_id.eq(id),
                role_expectations::competency_id.eq(*c),
                role_expectations::level.eq(*l),
            )
        })
        .collect();
    diesel::insert_into(role_expectations::table).values(rows).execute(conn).await.map(|_| ()).map_err(DbError::from)
}

/// Expected level per competency id.
pub async fn expectations(conn: &mut AsyncPgConnection, id: Uuid) -> Result<Vec<(Uuid, i32)>, DbError> {
    role_expectations::table
        .filter(role_expectations::role_profile_id.eq(id))
        .select((role_expectations::competency_id, role_expectations::level))
        .load(conn)
        .await
        .map_err(DbError::from)
}

/// Active people assigned the profile, by name.
pub async fn people(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Vec<(Uuid, String)>, DbError> {
    people::table
        .filter(people::organization_id.eq(org).and(people::role_profile_id.eq(id)).and(people::status.eq("active")))
        .order(people::name.asc())
        .select((people::id, people::name))
        .load(conn)
        .await
        .map_err(DbError::from)
}

/// Sets or clears a person's role profile; false when the person is not in `org`.
pub async fn assign(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    person: Uuid,
    profile: Option<Uuid>,
) -> Result<Option<Option<Uuid>>, DbError> {
    let before: Option<Option<Uuid>> = people::table
        .filter(people::organization_id.eq(org).and(people::id.eq(person)))
        .select(people::role_profile_id)
        .for_update()
        .first(conn)
        .await
        .optional()?;
    if before.is_some() {
        diesel::update(people::table.find(person)).set(people::role_profile_id.eq(profile)).execute(conn).await?;
    }
    Ok(before)
}
