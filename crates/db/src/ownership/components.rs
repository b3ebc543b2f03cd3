//! The component catalog.

use super::{COMPONENT_REF, ComponentRefRow};
use crate::cached_sql::cached_sql;
use crate::error::DbError;
use crate::schema::components;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Jsonb, Nullable, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

#[derive(Debug, Clone, QueryableByName)]
pub struct ComponentRow {
    #[diesel(embed)]
    pub r: ComponentRefRow,
    #[diesel(sql_type = Text)]
    pub description: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub runbook_url: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub dashboard_url: Option<String>,
    #[diesel(sql_type = Integer)]
    pub version: i32,
    /// `[{"id", "name"}]` of the distinct accountable people.
    #[diesel(sql_type = Jsonb)]
    pub accountable: serde_json::Value,
    #[diesel(sql_type = BigInt)]
    pub upstream_count: i64,
    #[diesel(sql_type = BigInt)]
    pub downstream_count: i64,
}

static COLUMNS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{COMPONENT_REF}, c.description, c.runbook_url, c.dashboard_url, c.version, \
         COALESCE((SELECT jsonb_agg(jsonb_build_object('id', p.id, 'name', p.name) ORDER BY p.name) \
                     FROM people p WHERE p.id IN (SELECT a.person_id FROM ownership_assignments a \
                                                   WHERE a.component_id = c.id AND a.letter = 'A')), '[]') AS accountable, \
         (SELECT count(*) FROM component_dependencies d WHERE d.component_id = c.id) AS upstream_count, \
         (SELECT count(*) FROM component_dependencies d WHERE d.depends_on_id = c.id) AS downstream_count"
    )
});

/// What the catalog can be narrowed to.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Part of the name, case-insensitive.
    pub q: Option<String>,
    pub tier: Option<i32>,
    pub kind: Option<String>,
    pub lifecycle: Option<String>,
}

const WHERE: &str = "WHERE c.organization_id = $1 \
       AND ($2::text IS NULL OR c.name ILIKE '%' || $2 || '%') \
       AND ($3::int IS NULL OR c.tier = $3) \
       AND ($4::text IS NULL OR c.kind = $4) \
       AND ($5::text IS NULL OR c.lifecycle = $5)";

/// One page of the catalog, most critical first, then by name; and the total.
pub async fn list(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    filter: &Filter,
    offset: i64,
    limit: i64,
) -> Result<(Vec<ComponentRow>, i64), DbError> {
    #[derive(QueryableByName)]
    struct Total {
        #[diesel(sql_type = BigInt)]
        total: i64,
    }
    static PAGE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        // cut the page first, then compute the per-row subqueries for it only
        format!(
            "SELECT {} FROM (SELECT c.* FROM components c {WHERE} \
                ORDER BY c.tier, lower(c.name), c.id OFFSET $6 LIMIT $7) c \
              ORDER BY c.tier, lower(c.name), c.id",
            *COLUMNS
        )
    });
    static COUNT: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("SELECT count(*) AS total FROM components c {WHERE}"));
    let rows = cached_sql(&PAGE)
        .bind::<SqlUuid, _>(org)
        .bind::<Nullable<Text>, _>(filter.q.as_deref())
        .bind::<Nullable<Integer>, _>(filter.tier)
        .bind::<Nullable<Text>, _>(filter.kind.as_deref())
        .bind::<Nullable<Text>, _>(filter.lifecycle.as_deref())
        .bind::<BigInt, _>(offset)
        .bind::<BigInt, _>(limit)
        .load(conn)
        .await?;
    let total: Total = cached_sql(&COUNT)
        .bind::<SqlUuid, _>(org)
        .bind::<Nullable<Text>, _>(filter.q.as_deref())
        .bind::<Nullable<Integer>, _>(filter.tier)
        .bind::<Nullable<Text>, _>(filter.kind.as_deref())
        .bind::<Nullable<Text>, _>(filter.lifecycle.as_deref())
        .get_result(conn)
        .await?;
    Ok((rows, total.total))
}

pub async fn get(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<ComponentRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!("SELECT {} FROM components c WHERE c.organization_id = $1 AND c.id = $2", *COLUMNS)
    });
    cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(id)
        .get_result(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// Every component of the organization, briefly, most critical first.
pub async fn refs(conn: &mut AsyncPgConnection, org: Uuid) -> Result<Vec<ComponentRefRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT {COMPONENT_REF} FROM components c WHERE c.organization_id = $1 ORDER BY c.tier, lower(c.name), c.id"
        )
    });
    cached_sql(&SQL).bind::<SqlUuid, _>(org).load(conn).await.map_err(DbError::from)
}

/// The id of the organization's component with this name (case-insensitive).
pub async fn by_name(conn: &mut AsyncPgConnection, org: Uuid, name: &str) -> Result<Option<Uuid>, DbError> {
    #[derive(QueryableByName)]
    struct Found {
        #[diesel(sql_type = SqlUuid)]
        id: Uuid,
    }
    const SQL: &str = "SELECT id FROM components WHERE organization_id = $1 AND lower(name) = lower($2)";
    let found: Option<Found> =
        cached_sql(SQL).bind::<SqlUuid, _>(org).bind::<Text, _>(name).get_result(conn).await.optional()?;
    Ok(found.map(|f| f.id))
}

/// A component's fields as written.
#[derive(Debug, Clone)]
pub struct Fields {
    pub name: String,
    pub kind: String,
    pub tier: i32,
    pub description: String,
    pub lifecycle: String,
    pub runbook_url: Option<String>,
    pub dashboard_url: Option<String>,
}

pub async fn insert(conn: &mut AsyncPgConnection, org: Uuid, f: &Fields) -> Result<Uuid, DbError> {
    diesel::insert_into(components::table)
        .values((
            components::organization_id.eq(org),
            components::name.eq(&f.name),
            components::kind.eq(&f.kind),
            components::tier.eq(f.tier),
            components::description.eq(&f.description),
            components::lifecycle.eq(&f.lifecycle),
            components::runbook_url.eq(&f.runbook_url),
            components::dashboard_url.eq(&f.dashboard_url),
        ))
        .returning(components::id)
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

/// Updates the component if its version is still `expected`; false when it is not.
pub async fn update(conn: &mut AsyncPgConnection, id: Uuid, expected: i32, f: &Fields) -> Result<bool, DbError> {
    let n = diesel::update(components::table.filter(components::id.eq(id).and(components::version.eq(expected))))
        .set((
            components::name.eq(&f.name),
            components::kind.eq(&f.kind),
            components::tier.eq(f.tier),
            components::description.eq(&f.description),
            components::lifecycle.eq(&f.lifecycle),
            components::runbook_url.eq(&f.runbook_url),
            components::dashboard_url.eq(&f.dashboard_url),
            components::version.eq(components::version + 1),
            components::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    Ok(n == 1)
}
