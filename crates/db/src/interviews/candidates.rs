//! Candidates: external people, not users. Anonymising blanks what identifies them and
//! keeps their loops' ratings for the statistics.

use crate::error::DbError;
use crate::schema::candidates;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = candidates)]
pub struct CandidateRow {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub source: String,
    pub notes: String,
    pub consent_at: Option<DateTime<Utc>>,
    pub retain_until: Option<NaiveDate>,
    pub anonymised_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub version: i32,
}

pub struct Fields<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub source: &'a str,
    pub notes: &'a str,
    pub consent_at: Option<DateTime<Utc>>,
    pub retain_until: Option<NaiveDate>,
}

/// A page of candidates, newest first; `q` matches name or email.
pub async fn list(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    q: Option<&str>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<CandidateRow>, i64), DbError> {
    let filtered = || {
        let mut query = candidates::table.filter(candidates::organization_id.eq(org)).into_boxed();
        if let Some(q) = q {
            let like = format!("%{}%", q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
            query = query.filter(candidates::name.ilike(like.clone()).or(candidates::email.ilike(like)));
        }
        query
    };
    let total: i64 = filtered().count().get_result(conn).await?;
    let rows = filtered()
        .order((candidates::created_at.desc(), candidates::id))
        .offset(offset)
        .limit(limit)
        .select(CandidateRow::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

pub async fn get(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<CandidateRow>, DbError> {
    candidates::table
        .filter(candidates::organization_id.eq(org).and(candidates::id.eq(id)))
        .select(CandidateRow::as_select())
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    f: &Fields<'_>,
    by: Option<Uuid>,
) -> Result<Uuid, DbError> {
    diesel::insert_into(candidates::table)
        .values((
            candidates::organization_id.eq(org),
            candidates::name.eq(f.name),
            candidates::email.eq(f.email),
            candidates::source.eq(f.source),
            candidates::notes.eq(f.notes),
            candidates::consent_at.eq(f.consent_at),
            candidates::retain_until.eq(f.retain_until),
            candidates::created_by.eq(by),
        ))
        .returning(candidates::id)
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

/// Replaces the fields if the candidate is still at `expected` and not anonymised.
pub async fn update(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    id: Uuid,
    expected: i32,
    f: &Fields<'_>,
) -> Result<bool, DbError> {
    diesel::update(
        candidates::table.filter(
            candidates::organization_id
                .eq(org)
                .and(candidates::id.eq(id))
                .and(candidates::version.eq(expected))
                .and(candidates::anonymised_at.is_null()),
        ),
    )
    .set((
        candidates::name.eq(f.name),
        candidates::email.eq(f.email),
        candidates::source.eq(f.source),
        candidates::notes.eq(f.notes),
        candidates::consent_at.eq(f.consent_at),
        candidates::retain_until.eq(f.retain_until),
        candidates::updated_at.eq(diesel::dsl::now),
        candidates::version.eq(candidates::version + 1),
    ))
    .execute(conn)
    .await
    .map(|n| n == 1)
    .map_err(DbError::from)
}

/// A hire keeps the candidate's record: no retention date.
pub async fn keep(conn: &mut AsyncPgConnection, id: Uuid) -> Result<(), DbError> {
    diesel::update(candidates::table.find(id))
        .set((candidates::retain_until.eq(None::<NaiveDate>), candidates::version.eq(candidates::version + 1)))
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}

/// Blanks name, email, source and notes, and deletes the candidate's work-sample files
/// and submission texts. Ratings and decisions stay, under the loop's code.
pub async fn anonymise(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<bool, DbError> {
    use crate::cached_sql::cached_sql;
    use diesel::sql_types::Uuid as SqlUuid;
    const SUBMISSIONS: &str = "DELETE FROM work_sample_submissions s USING loop_stages ls, interview_loops l \
        WHERE s.loop_stage_id = ls.id AND ls.loop_id = l.id AND l.organization_id = $1 AND l.candidate_id = $2";
    cached_sql(SUBMISSIONS).bind::<SqlUuid, _>(org).bind::<SqlUuid, _>(id).execute(conn).await?;
    diesel::update(candidates::table.filter(
        candidates::organization_id.eq(org).and(candidates::id.eq(id)).and(candidates::anonymised_at.is_null()),
    ))
    .set((
        candidates::name.eq(""),
        candidates::email.eq(""),
        candidates::source.eq(""),
        candidates::notes.eq(""),
        candidates::anonymised_at.eq(diesel::dsl::now),
        candidates::retain_until.eq(None::<NaiveDate>),
        candidates::updated_at.eq(diesel::dsl::now),
        candidates::version.eq(candidates::version + 1),
    ))
    .execute(conn)
    .await
    .map(|n| n == 1)
    .map_err(DbError::from)
}

/// Candidates of every organization whose retention date has passed (`today` or
/// earlier) and who are not anonymised yet: (organization, candidate).
pub async fn due_for_retention(conn: &mut AsyncPgConnection, today: NaiveDate) -> Result<Vec<(Uuid, Uuid)>, DbError> {
    candidates::table
        .filter(candidates::anonymised_at.is_null().and(candidates::retain_until.le(today)))
        .order(candidates::retain_until)
        .select((candidates::organization_id, candidates::id))
        .load(conn)
        .await
        .map_err(DbError::from)
}

/// How many days a candidate without a hire decision is kept (the organization's setting).
pub async fn retention_days(conn: &mut AsyncPgConnection, org: Uuid) -> Result<i32, DbError> {
    use crate::schema::organizations;
    organizations::table
        .find(org)
        .select(organizations::candidate_retention_days)
        .first(conn)
        .await
        .map_err(DbError::from)
}
