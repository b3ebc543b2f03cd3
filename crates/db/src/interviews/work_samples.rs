//! Work-sample links (only the token's SHA-256 is kept), submissions and their files.
//! Files live in PostgreSQL so a backup holds them; lists read their metadata only, and
//! the content is read one file at a time.

use crate::cached_sql::cached_sql;
use crate::error::DbError;
use crate::schema::{work_sample_files, work_sample_links, work_sample_submissions};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Bytea, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// A link with what its use needs to know of its loop: the stage, the plan version and
/// whether the candidate's data was removed.
#[derive(Debug, Clone, QueryableByName)]
pub struct LinkRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub organization_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub loop_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub loop_stage_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub plan_version_id: Uuid,
    /// the stage's position in the plan (its place in the plan's document)
    #[diesel(sql_type = Integer)]
    pub stage_position: i32,
    #[diesel(sql_type = Text)]
    pub stage_name: String,
    #[diesel(sql_type = Integer)]
    pub minutes: i32,
    #[diesel(sql_type = Bool)]
    pub candidate_anonymised: bool,
    #[diesel(sql_type = Timestamptz)]
    pub expires_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub used_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub revoked_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub created_by: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub created_by_name: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

const LINK: &str = "SELECT k.id, k.organization_id, ls.loop_id, k.loop_stage_id, l.plan_version_id, \
        s.position AS stage_position, s.name AS stage_name, ls.minutes, \
        c.anonymised_at IS NOT NULL AS candidate_anonymised, \
        k.expires_at, k.used_at, k.revoked_at, k.created_by, p.name AS created_by_name, k.created_at \
   FROM work_sample_links k \
   JOIN loop_stages ls ON ls.id = k.loop_stage_id \
   JOIN plan_stages s ON s.id = ls.stage_id \
   JOIN interview_loops l ON l.id = ls.loop_id \
   JOIN candidates c ON c.id = l.candidate_id \
   LEFT JOIN people p ON p.id = k.created_by";

/// The link whose token hashes to `hash`, in whichever organization it is: the token is
/// the only credential the candidate has. `lock` takes the row for the submission's
/// transaction, so two submissions through one link cannot both pass.
pub async fn by_hash(conn: &mut AsyncPgConnection, hash: &[u8], lock: bool) -> Result<Option<LinkRow>, DbError> {
    static READ: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| format!("{LINK} WHERE k.token_hash = $1"));
    static LOCK: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("{LINK} WHERE k.token_hash = $1 FOR UPDATE OF k"));
    cached_sql(if lock { &LOCK } else { &READ })
        .bind::<Bytea, _>(hash)
        .get_result(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// A link of the organization by id.
pub async fn get(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<LinkRow>, DbError> {
    static SQL: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("{LINK} WHERE k.organization_id = $1 AND k.id = $2"));
    cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(id)
        .get_result(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// The links of a loop stage, newest first.
pub async fn of_stage(conn: &mut AsyncPgConnection, org: Uuid, loop_stage: Uuid) -> Result<Vec<LinkRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!("{LINK} WHERE k.organization_id = $1 AND k.loop_stage_id = $2 ORDER BY k.created_at DESC, k.id")
    });
    cached_sql(&SQL).bind::<SqlUuid, _>(org).bind::<SqlUuid, _>(loop_stage).load(conn).await.map_err(DbError::from)
}

pub async fn insert_link(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    loop_stage: Uuid,
    hash: &[u8],
    expires_at: DateTime<Utc>,
    created_by: Option<Uuid>,
) -> Result<Uuid, DbError> {
    diesel::insert_into(work_sample_links::table)
        .values((
            work_sample_links::organization_id.eq(org),
            work_sample_links::loop_stage_id.eq(loop_stage),
            work_sample_links::token_hash.eq(hash),
            work_sample_links::expires_at.eq(expires_at),
            work_sample_links::created_by.eq(created_by),
        ))
        .returning(work_sample_links::id)
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

/// Revokes the stage's links still open (unused, not revoked, not expired); their ids.
pub async fn revoke_open(conn: &mut AsyncPgConnection, org: Uuid, loop_stage: Uuid) -> Result<Vec<Uuid>, DbError> {
    diesel::update(
        work_sample_links::table.filter(
            work_sample_links::organization_id
                .eq(org)
                .and(work_sample_links::loop_stage_id.eq(loop_stage))
                .and(work_sample_links::used_at.is_null())
                .and(work_sample_links::revoked_at.is_null())
                .and(work_sample_links::expires_at.gt(diesel::dsl::now)),
        ),
    )
    .set(work_sample_links::revoked_at.eq(diesel::dsl::now))
    .returning(work_sample_links::id)
    .get_results(conn)
    .await
    .map_err(DbError::from)
}

/// Revokes one link unless it is used or revoked already; whether it did.
pub async fn revoke(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<bool, DbError> {
    diesel::update(
        work_sample_links::table.filter(
            work_sample_links::organization_id
                .eq(org)
                .and(work_sample_links::id.eq(id))
                .and(work_sample_links::used_at.is_null())
                .and(work_sample_links::revoked_at.is_null()),
        ),
    )
    .set(work_sample_links::revoked_at.eq(diesel::dsl::now))
    .execute(conn)
    .await
    .map(|n| n == 1)
    .map_err(DbError::from)
}

/// Marks a link used at a given moment (the demo's submission of the past).
pub async fn mark_used_at(conn: &mut AsyncPgConnection, id: Uuid, at: DateTime<Utc>) -> Result<(), DbError> {
    diesel::update(work_sample_links::table.find(id))
        .set(work_sample_links::used_at.eq(at))
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}

/// Marks the link used, if it is still open; whether it was.
pub async fn mark_used(conn: &mut AsyncPgConnection, id: Uuid) -> Result<bool, DbError> {
    diesel::update(
        work_sample_links::table.filter(
            work_sample_links::id
                .eq(id)
                .and(work_sample_links::used_at.is_null())
                .and(work_sample_links::revoked_at.is_null())
                .and(work_sample_links::expires_at.gt(diesel::dsl::now)),
        ),
    )
    .set(work_sample_links::used_at.eq(diesel::dsl::now))
    .execute(conn)
    .await
    .map(|n| n == 1)
    .map_err(DbError::from)
}

/// A submission: through a link (`link`), or attached by someone of the organization;
/// now unless `submitted_at` says when (the demo's).
pub async fn insert_submission(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    loop_stage: Uuid,
    link: Option<Uuid>,
    attached_by: Option<Uuid>,
    text: &str,
    submitted_at: Option<DateTime<Utc>>,
) -> Result<(Uuid, DateTime<Utc>), DbError> {
    diesel::insert_into(work_sample_submissions::table)
        .values((
            work_sample_submissions::organization_id.eq(org),
            work_sample_submissions::loop_stage_id.eq(loop_stage),
            work_sample_submissions::link_id.eq(link),
            work_sample_submissions::attached_by.eq(attached_by),
            work_sample_submissions::text.eq(text),
            work_sample_submissions::submitted_at.eq(submitted_at.unwrap_or_else(Utc::now)),
        ))
        .returning((work_sample_submissions::id, work_sample_submissions::submitted_at))
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

pub async fn insert_file(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    submission: Uuid,
    name: &str,
    content_type: &str,
    content: &[u8],
) -> Result<Uuid, DbError> {
    diesel::insert_into(work_sample_files::table)
        .values((
            work_sample_files::organization_id.eq(org),
            work_sample_files::submission_id.eq(submission),
            work_sample_files::file_name.eq(name),
            work_sample_files::content_type.eq(content_type),
            work_sample_files::size_bytes.eq(content.len() as i32),
            work_sample_files::content.eq(content),
        ))
        .returning(work_sample_files::id)
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct SubmissionRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub link_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub attached_by: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub attached_by_name: Option<String>,
    #[diesel(sql_type = Text)]
    pub text: String,
    #[diesel(sql_type = Timestamptz)]
    pub submitted_at: DateTime<Utc>,
}

/// A stage's submissions, oldest first (the order files are numbered in).
pub async fn submissions(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    loop_stage: Uuid,
) -> Result<Vec<SubmissionRow>, DbError> {
    const SQL: &str = "SELECT s.id, s.link_id, s.attached_by, p.name AS attached_by_name, s.text, s.submitted_at \
         FROM work_sample_submissions s LEFT JOIN people p ON p.id = s.attached_by \
        WHERE s.organization_id = $1 AND s.loop_stage_id = $2 ORDER BY s.submitted_at, s.id";
    cached_sql(SQL).bind::<SqlUuid, _>(org).bind::<SqlUuid, _>(loop_stage).load(conn).await.map_err(DbError::from)
}

/// A file's metadata (never its content).
#[derive(Debug, Clone, QueryableByName)]
pub struct FileRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub submission_id: Uuid,
    #[diesel(sql_type = Text)]
    pub file_name: String,
    #[diesel(sql_type = Text)]
    pub content_type: String,
    #[diesel(sql_type = Integer)]
    pub size_bytes: i32,
}

/// The files of a stage's submissions, in the order they are numbered for blind graders:
/// by submission (oldest first), then by name. Metadata only.
pub async fn files_of_stage(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    loop_stage: Uuid,
) -> Result<Vec<FileRow>, DbError> {
    const SQL: &str = "SELECT f.id, f.submission_id, f.file_name, f.content_type, f.size_bytes \
         FROM work_sample_files f JOIN work_sample_submissions s ON s.id = f.submission_id \
        WHERE f.organization_id = $1 AND s.loop_stage_id = $2 \
        ORDER BY s.submitted_at, s.id, f.file_name, f.id";
    cached_sql(SQL).bind::<SqlUuid, _>(org).bind::<SqlUuid, _>(loop_stage).load(conn).await.map_err(DbError::from)
}

/// Where a file belongs: its loop and loop stage.
#[derive(Debug, Clone, QueryableByName)]
pub struct FilePlace {
    #[diesel(sql_type = SqlUuid)]
    pub loop_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub loop_stage_id: Uuid,
}

pub async fn place_of_file(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<FilePlace>, DbError> {
    const SQL: &str = "SELECT ls.loop_id, ls.id AS loop_stage_id FROM work_sample_files f \
         JOIN work_sample_submissions s ON s.id = f.submission_id JOIN loop_stages ls ON ls.id = s.loop_stage_id \
        WHERE f.organization_id = $1 AND f.id = $2";
    cached_sql(SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(id)
        .get_result(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// A file's bytes.
pub async fn content(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<Vec<u8>>, DbError> {
    work_sample_files::table
        .filter(work_sample_files::organization_id.eq(org).and(work_sample_files::id.eq(id)))
        .select(work_sample_files::content)
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// Every submission of a candidate's loops with its files' metadata (a data export):
/// (loop, stage name, submission, files).
pub async fn of_candidate(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    candidate: Uuid,
) -> Result<Vec<(Uuid, String, SubmissionRow, Vec<FileRow>)>, DbError> {
    #[derive(QueryableByName)]
    struct Stage {
        #[diesel(sql_type = SqlUuid)]
        loop_id: Uuid,
        #[diesel(sql_type = SqlUuid)]
        loop_stage_id: Uuid,
        #[diesel(sql_type = Text)]
        name: String,
    }
    const SQL: &str = "SELECT l.id AS loop_id, ls.id AS loop_stage_id, s.name FROM interview_loops l \
         JOIN loop_stages ls ON ls.loop_id = l.id JOIN plan_stages s ON s.id = ls.stage_id \
        WHERE l.organization_id = $1 AND l.candidate_id = $2 \
          AND EXISTS (SELECT 1 FROM work_sample_submissions w WHERE w.loop_stage_id = ls.id) \
        ORDER BY l.created_at, s.position";
    let stages: Vec<Stage> = cached_sql(SQL).bind::<SqlUuid, _>(org).bind::<SqlUuid, _>(candidate).load(conn).await?;
    let mut out = Vec::new();
    for stage in stages {
        let files = files_of_stage(conn, org, stage.loop_stage_id).await?;
        for s in submissions(conn, org, stage.loop_stage_id).await? {
            let mine = files.iter().filter(|f| f.submission_id == s.id).cloned().collect();
            out.push((stage.loop_id, stage.name.clone(), s, mine));
        }
    }
    Ok(out)
}
