//! The append-only audit log (PostgreSQL refuses UPDATE, DELETE and TRUNCATE on it).

use crate::error::DbError;
use crate::schema::audit_events;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Jsonb, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

pub struct NewEvent<'a> {
    pub organization_id: Uuid,
    pub actor_id: Option<Uuid>,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: String,
    pub request_id: Option<&'a str>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub async fn append(conn: &mut AsyncPgConnection, e: NewEvent<'_>) -> Result<(), DbError> {
    diesel::insert_into(audit_events::table)
        .values((
            audit_events::organization_id.eq(e.organization_id),
            audit_events::actor_id.eq(e.actor_id),
            audit_events::action.eq(e.action),
            audit_events::object_type.eq(e.object_type),
            audit_events::object_id.eq(e.object_id),
            audit_events::request_id.eq(e.request_id),
            audit_events::before.eq(e.before),
            audit_events::after.eq(e.after),
        ))
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct EventRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Timestamptz)]
    pub at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub actor_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub actor_name: Option<String>,
    #[diesel(sql_type = Text)]
    pub action: String,
    #[diesel(sql_type = Text)]
    pub object_type: String,
    #[diesel(sql_type = Text)]
    pub object_id: String,
    /// What the object is called now (a person's or component's name, "IT Lead version 2",
    /// "Self-assessment of Tom Becker, Autumn 2026"); none for sessions and deleted things.
    #[diesel(sql_type = Nullable<Text>)]
    pub object_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub request_id: Option<String>,
    #[diesel(sql_type = Nullable<Jsonb>)]
    pub before: Option<serde_json::Value>,
    #[diesel(sql_type = Nullable<Jsonb>)]
    pub after: Option<serde_json::Value>,
}

pub struct EventFilter<'a> {
    pub action: Option<&'a str>,
    pub object_type: Option<&'a str>,
    pub object_id: Option<&'a str>,
    pub actor_id: Option<Uuid>,
    pub before_id: Option<i64>,
    pub limit: i64,
}

/// Newest first, keyset-paginated by id.
pub async fn list(conn: &mut AsyncPgConnection, org: Uuid, f: &EventFilter<'_>) -> Result<Vec<EventRow>, DbError> {
    diesel::sql_query(
        // The object's name is looked up for the page's rows only (each a primary-key
        // read); an object id that is not a UUID names nothing.
        "SELECT e.id, e.at, e.actor_id, p.name AS actor_name, e.action, e.object_type, e.object_id, e.request_id, \
                e.before, e.after, \
                CASE e.object_type \
                  WHEN 'person' THEN (SELECT x.name FROM people x WHERE x.id = o.u) \
                  WHEN 'team' THEN (SELECT x.name FROM teams x WHERE x.id = o.u) \
                  WHEN 'framework' THEN (SELECT x.name FROM frameworks x WHERE x.id = o.u) \
                  WHEN 'framework_version' THEN (SELECT f.name || ' version ' || v.number \
                      FROM framework_versions v JOIN frameworks f ON f.id = v.framework_id WHERE v.id = o.u) \
                  WHEN 'component' THEN (SELECT x.name FROM components x WHERE x.id = o.u) \
                  WHEN 'activity' THEN (SELECT x.name FROM activities x WHERE x.id = o.u) \
                  WHEN 'role_profile' THEN (SELECT x.name FROM role_profiles x WHERE x.id = o.u) \
                  WHEN 'assessment_cycle' THEN (SELECT x.name FROM assessment_cycles x WHERE x.id = o.u) \
                  WHEN 'organization' THEN (SELECT x.name FROM organizations x WHERE x.id = o.u) \
                  WHEN 'assessment' THEN (SELECT CASE a.kind WHEN 'self' THEN 'Self-assessment of ' \
                      ELSE 'Manager assessment of ' END || ap.name || ', ' || c.name \
                      FROM assessments a JOIN people ap ON ap.id = a.person_id \
                      JOIN assessment_cycles c ON c.id = a.cycle_id WHERE a.id = o.u) \
                END AS object_name \
           FROM audit_events e LEFT JOIN people p ON p.id = e.actor_id \
          CROSS JOIN LATERAL (SELECT CASE WHEN e.object_id ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' \
                THEN e.object_id::uuid END AS u) o \
          WHERE e.organization_id = $1 \
            AND ($2::text IS NULL OR e.action = $2) \
            AND ($3::text IS NULL OR e.object_type = $3) \
            AND ($4::text IS NULL OR e.object_id = $4) \
            AND ($5::uuid IS NULL OR e.actor_id = $5) \
            AND ($6::bigint IS NULL OR e.id < $6) \
          ORDER BY e.id DESC LIMIT $7",
    )
    .bind::<SqlUuid, _>(org)
    .bind::<Nullable<Text>, _>(f.action)
    .bind::<Nullable<Text>, _>(f.object_type)
    .bind::<Nullable<Text>, _>(f.object_id)
    .bind::<Nullable<SqlUuid>, _>(f.actor_id)
    .bind::<Nullable<BigInt>, _>(f.before_id)
    .bind::<BigInt, _>(f.limit)
    .load(conn)
    .await
    .map_err(DbError::from)
}
