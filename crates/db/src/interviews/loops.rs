//! Interview loops: a candidate × a published plan version, its stages (when, where) and
//! the panel of each stage.

use crate::cached_sql::cached_sql;
use crate::error::DbError;
use crate::schema::{interview_loops, loop_interviewers, loop_stages};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

pub struct NewLoop {
    pub organization_id: Uuid,
    pub candidate_id: Uuid,
    pub plan_version_id: Uuid,
    pub hiring_manager_id: Uuid,
    pub code: String,
    pub created_by: Option<Uuid>,
}

pub async fn insert(conn: &mut AsyncPgConnection, l: &NewLoop) -> Result<Uuid, DbError> {
    diesel::insert_into(interview_loops::table)
        .values((
            interview_loops::organization_id.eq(l.organization_id),
            interview_loops::candidate_id.eq(l.candidate_id),
            interview_loops::plan_version_id.eq(l.plan_version_id),
            interview_loops::hiring_manager_id.eq(l.hiring_manager_id),
            interview_loops::code.eq(&l.code),
            interview_loops::created_by.eq(l.created_by),
        ))
        .returning(interview_loops::id)
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

pub async fn code_taken(conn: &mut AsyncPgConnection, org: Uuid, code: &str) -> Result<bool, DbError> {
    diesel::select(diesel::dsl::exists(
        interview_loops::table.filter(interview_loops::organization_id.eq(org).and(interview_loops::code.eq(code))),
    ))
    .get_result(conn)
    .await
    .map_err(DbError::from)
}

pub async fn insert_stage(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    loop_id: Uuid,
    stage: Uuid,
    scheduled_at: Option<DateTime<Utc>>,
    minutes: i32,
    location: &str,
) -> Result<Uuid, DbError> {
    diesel::insert_into(loop_stages::table)
        .values((
            loop_stages::organization_id.eq(org),
            loop_stages::loop_id.eq(loop_id),
            loop_stages::stage_id.eq(stage),
            loop_stages::scheduled_at.eq(scheduled_at),
            loop_stages::minutes.eq(minutes),
            loop_stages::location.eq(location),
        ))
        .returning(loop_stages::id)
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

pub async fn add_interviewer(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    loop_id: Uuid,
    loop_stage: Uuid,
    person: Uuid,
) -> Result<(), DbError> {
    diesel::insert_into(loop_interviewers::table)
        .values((
            loop_interviewers::organization_id.eq(org),
            loop_interviewers::loop_id.eq(loop_id),
            loop_interviewers::loop_stage_id.eq(loop_stage),
            loop_interviewers::person_id.eq(person),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}

/// A loop as lists and pages show it. The candidate's name is here for whoever may see
/// it; the service blanks it for a blind grader.
#[derive(Debug, Clone, QueryableByName)]
pub struct LoopRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub code: String,
    #[diesel(sql_type = SqlUuid)]
    pub candidate_id: Uuid,
    #[diesel(sql_type = Text)]
    pub candidate_name: String,
    #[diesel(sql_type = Bool)]
    pub anonymised: bool,
    #[diesel(sql_type = SqlUuid)]
    pub plan_id: Uuid,
    #[diesel(sql_type = Text)]
    pub plan_name: String,
    #[diesel(sql_type = SqlUuid)]
    pub plan_version_id: Uuid,
    #[diesel(sql_type = Integer)]
    pub plan_number: i32,
    #[diesel(sql_type = SqlUuid)]
    pub framework_version_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub hiring_manager_id: Uuid,
    #[diesel(sql_type = Text)]
    pub hiring_manager_name: String,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub debrief_opened_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Text>)]
    pub debrief_reason: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    /// scorecards expected (one per interviewer per stage) and, of those, submitted (a
    /// seat counts once its own first scorecard is in: the debrief and the decision wait on it)
    #[diesel(sql_type = BigInt)]
    pub expected: i64,
    #[diesel(sql_type = BigInt)]
    pub submitted: i64,
    /// the newest decision, if any
    #[diesel(sql_type = Nullable<Text>)]
    pub decision: Option<String>,
    #[diesel(sql_type = Integer)]
    pub version: i32,
}

const LOOP: &str = "SELECT l.id, l.code, l.candidate_id, c.name AS candidate_name, c.anonymised_at IS NOT NULL AS anonymised, \
        p.id AS plan_id, p.name AS plan_name, v.id AS plan_version_id, v.number AS plan_number, \
        v.framework_version_id, l.hiring_manager_id, hm.name AS hiring_manager_name, \
        l.debrief_opened_at, l.debrief_reason, l.created_at, \
        (SELECT count(*) FROM loop_interviewers i WHERE i.loop_id = l.id) AS expected, \
        (SELECT count(*) FROM loop_interviewers i WHERE i.loop_id = l.id AND EXISTS (SELECT 1 FROM scorecards s \
              WHERE s.loop_stage_id = i.loop_stage_id AND s.interviewer_id = i.person_id AND s.amends_id IS NULL \
                AND s.status = 'submitted')) AS submitted, \
        (SELECT d.decision FROM loop_decisions d WHERE d.loop_id = l.id ORDER BY d.decided_at DESC, d.id LIMIT 1) AS decision, \
        l.version \
   FROM interview_loops l \
   JOIN candidates c ON c.id = l.candidate_id \
   JOIN interview_plan_versions v ON v.id = l.plan_version_id \
   JOIN interview_plans p ON p.id = v.plan_id \
   JOIN people hm ON hm.id = l.hiring_manager_id \
  WHERE l.organization_id = $1";

pub async fn get(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<LoopRow>, DbError> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| format!("{LOOP} AND l.id = $2"));
    cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(id)
        .get_result(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// Loops, newest first: all of them (`person` none), or those the person is on as an
/// interviewer or hiring manager.
/// A page of them (`offset`, `limit`), of one candidate or all, and how many there are.
pub async fn list(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    person: Option<Uuid>,
    candidate: Option<Uuid>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<LoopRow>, i64), DbError> {
    const SEEN_BY: &str = "($2::uuid IS NULL OR l.hiring_manager_id = $2 \
        OR EXISTS (SELECT 1 FROM loop_interviewers i WHERE i.loop_id = l.id AND i.person_id = $2)) \
        AND ($3::uuid IS NULL OR l.candidate_id = $3)";
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!("{LOOP} AND {SEEN_BY} ORDER BY l.created_at DESC, l.id OFFSET $4 LIMIT $5")
    });
    static COUNT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!("SELECT count(*) AS n FROM interview_loops l WHERE l.organization_id = $1 AND {SEEN_BY}")
    });
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let total: Count = cached_sql(&COUNT)
        .bind::<SqlUuid, _>(org)
        .bind::<Nullable<SqlUuid>, _>(person)
        .bind::<Nullable<SqlUuid>, _>(candidate)
        .get_result(conn)
        .await?;
    let rows = cached_sql(&SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<Nullable<SqlUuid>, _>(person)
        .bind::<Nullable<SqlUuid>, _>(candidate)
        .bind::<BigInt, _>(offset)
        .bind::<BigInt, _>(limit)
        .load(conn)
        .await?;
    Ok((rows, total.n))
}

/// A loop's stage with its schedule and one interviewer (a row per interviewer; a stage
/// without a panel has one row with no interviewer).
#[derive(Debug, Clone, QueryableByName)]
pub struct LoopStageRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub stage_id: Uuid,
    #[diesel(sql_type = Integer)]
    pub position: i32,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Bool)]
    pub blind: bool,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub scheduled_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Integer)]
    pub minutes: i32,
    #[diesel(sql_type = Text)]
    pub location: String,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub interviewer_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub interviewer_name: Option<String>,
    /// that interviewer's scorecard status for the stage (`draft`, `submitted`), if any
    #[diesel(sql_type = Nullable<Text>)]
    pub scorecard_status: Option<String>,
}

pub async fn stages(conn: &mut AsyncPgConnection, org: Uuid, loop_id: Uuid) -> Result<Vec<LoopStageRow>, DbError> {
    const SQL: &str = "SELECT ls.id, ls.stage_id, s.position, s.name, s.kind, s.blind, ls.scheduled_at, ls.minutes, \
            ls.location, i.person_id AS interviewer_id, p.name AS interviewer_name, sc.status AS scorecard_status \
       FROM loop_stages ls \
       JOIN plan_stages s ON s.id = ls.stage_id \
       LEFT JOIN loop_interviewers i ON i.loop_stage_id = ls.id \
       LEFT JOIN people p ON p.id = i.person_id \
       LEFT JOIN scorecards sc ON sc.loop_stage_id = ls.id AND sc.interviewer_id = i.person_id AND sc.amends_id IS NULL \
      WHERE ls.organization_id = $1 AND ls.loop_id = $2 \
      ORDER BY s.position, p.name";
    cached_sql(SQL).bind::<SqlUuid, _>(org).bind::<SqlUuid, _>(loop_id).load(conn).await.map_err(DbError::from)
}

/// The loop's stages the person is on, each with whether their scorecard is submitted.
pub async fn panel_of(conn: &mut AsyncPgConnection, loop_id: Uuid, person: Uuid) -> Result<Vec<(Uuid, bool)>, DbError> {
    #[derive(QueryableByName)]
    struct Seat {
        #[diesel(sql_type = SqlUuid)]
        loop_stage_id: Uuid,
        #[diesel(sql_type = Bool)]
        submitted: bool,
    }
    const SQL: &str = "SELECT i.loop_stage_id, EXISTS (SELECT 1 FROM scorecards s WHERE s.loop_stage_id = i.loop_stage_id \
              AND s.interviewer_id = i.person_id AND s.amends_id IS NULL AND s.status = 'submitted') AS submitted \
         FROM loop_interviewers i WHERE i.loop_id = $1 AND i.person_id = $2";
    let seats: Vec<Seat> = cached_sql(SQL).bind::<SqlUuid, _>(loop_id).bind::<SqlUuid, _>(person).load(conn).await?;
    Ok(seats.into_iter().map(|s| (s.loop_stage_id, s.submitted)).collect())
}

/// What a scorecard write needs to know about the writer's seat, read in one statement
/// with the loop locked (the loop page's reads count everyone's scorecards; a save needs
/// only its own stage and scorecard).
#[derive(QueryableByName, Debug, Clone)]
pub struct WriteSeat {
    #[diesel(sql_type = SqlUuid)]
    pub plan_version_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub hiring_manager_id: Uuid,
    /// the plan's stage of the loop stage written to; none when that loop stage is not
    /// the loop's
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub stage_id: Option<Uuid>,
    /// on the panel of this loop at all (who may see it) and of this loop stage (who may
    /// write to it)
    #[diesel(sql_type = Bool)]
    pub on_panel: bool,
    #[diesel(sql_type = Bool)]
    pub on_stage: bool,
    /// the writer's newest scorecard for the loop stage: id, status, version
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub scorecard_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub scorecard_status: Option<String>,
    #[diesel(sql_type = Nullable<Integer>)]
    pub scorecard_version: Option<i32>,
}

impl WriteSeat {
    /// The writer's newest scorecard for the stage as (id, status, version), if any (the
    /// three columns come from one row, so they are all there or none is).
    pub fn scorecard(&self) -> Option<(Uuid, &str, i32)> {
        Some((self.scorecard_id?, self.scorecard_status.as_deref()?, self.scorecard_version?))
    }
}

/// Locks the loop and reads `person`'s seat on `loop_stage` (see [`WriteSeat`]); none when
/// the loop is not the organization's.
pub async fn write_seat(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    loop_id: Uuid,
    loop_stage: Uuid,
    person: Uuid,
) -> Result<Option<WriteSeat>, DbError> {
    const SQL: &str = "SELECT l.plan_version_id, l.hiring_manager_id, ls.stage_id, \
        EXISTS (SELECT 1 FROM loop_interviewers i WHERE i.loop_id = l.id AND i.person_id = $4) AS on_panel, \
        EXISTS (SELECT 1 FROM loop_interviewers i WHERE i.loop_stage_id = ls.id AND i.person_id = $4) AS on_stage, \
        sc.id AS scorecard_id, sc.status AS scorecard_status, sc.version AS scorecard_version \
        FROM interview_loops l \
        LEFT JOIN loop_stages ls ON ls.loop_id = l.id AND ls.id = $3 \
        LEFT JOIN LATERAL (SELECT s.id, s.status, s.version FROM scorecards s \
              WHERE s.loop_stage_id = ls.id AND s.interviewer_id = $4 \
              ORDER BY s.created_at DESC, s.id LIMIT 1) sc ON true \
       WHERE l.organization_id = $1 AND l.id = $2 \
         FOR UPDATE OF l";
    cached_sql(SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(loop_id)
        .bind::<SqlUuid, _>(loop_stage)
        .bind::<SqlUuid, _>(person)
        .get_result(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// Locks the loop row (opening the debrief, recording a decision).
pub async fn lock(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<bool, DbError> {
    interview_loops::table
        .filter(interview_loops::organization_id.eq(org).and(interview_loops::id.eq(id)))
        .select(interview_loops::id)
        .for_update()
        .first::<Uuid>(conn)
        .await
        .optional()
        .map(|f| f.is_some())
        .map_err(DbError::from)
}

pub async fn open_debrief(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    by: Option<Uuid>,
    reason: Option<&str>,
) -> Result<(), DbError> {
    diesel::update(interview_loops::table.find(id).filter(interview_loops::debrief_opened_at.is_null()))
        .set((
            interview_loops::debrief_opened_at.eq(diesel::dsl::now),
            interview_loops::debrief_opened_by.eq(by),
            interview_loops::debrief_reason.eq(reason),
            interview_loops::version.eq(interview_loops::version + 1),
        ))
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}

/// Every seat a person has on a panel among `loops`: (loop, loop stage, blind stage,
/// own scorecard submitted).
pub async fn seats_of(
    conn: &mut AsyncPgConnection,
    person: Uuid,
    loops: &[Uuid],
) -> Result<Vec<(Uuid, Uuid, bool, bool)>, DbError> {
    #[derive(QueryableByName)]
    struct Seat {
        #[diesel(sql_type = SqlUuid)]
        loop_id: Uuid,
        #[diesel(sql_type = SqlUuid)]
        loop_stage_id: Uuid,
        #[diesel(sql_type = Bool)]
        blind: bool,
        #[diesel(sql_type = Bool)]
        submitted: bool,
    }
    const SQL: &str = "SELECT i.loop_id, i.loop_stage_id, s.blind, EXISTS (SELECT 1 FROM scorecards sc \
              WHERE sc.loop_stage_id = i.loop_stage_id AND sc.interviewer_id = i.person_id AND sc.amends_id IS NULL \
                AND sc.status = 'submitted') AS submitted \
         FROM loop_interviewers i JOIN loop_stages ls ON ls.id = i.loop_stage_id JOIN plan_stages s ON s.id = ls.stage_id \
        WHERE i.person_id = $1 AND i.loop_id = ANY($2)";
    let seats: Vec<Seat> = cached_sql(SQL)
        .bind::<SqlUuid, _>(person)
        .bind::<diesel::sql_types::Array<SqlUuid>, _>(loops)
        .load(conn)
        .await?;
    Ok(seats.into_iter().map(|s| (s.loop_id, s.loop_stage_id, s.blind, s.submitted)).collect())
}

/// The loops of a candidate (for a data export).
pub async fn of_candidate(conn: &mut AsyncPgConnection, org: Uuid, candidate: Uuid) -> Result<Vec<LoopRow>, DbError> {
    static SQL: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("{LOOP} AND l.candidate_id = $2 ORDER BY l.created_at"));
    cached_sql(&SQL).bind::<SqlUuid, _>(org).bind::<SqlUuid, _>(candidate).load(conn).await.map_err(DbError::from)
}

/// Whether the person is an active member of the organization (a hiring manager or an
/// interviewer must be).
pub async fn active_people(conn: &mut AsyncPgConnection, org: Uuid, ids: &[Uuid]) -> Result<Vec<Uuid>, DbError> {
    use crate::schema::people;
    people::table
        .filter(people::organization_id.eq(org).and(people::id.eq_any(ids)).and(people::status.eq("active")))
        .select(people::id)
        .load(conn)
        .await
        .map_err(DbError::from)
}

/// (id, name) of the organization's people among `ids`.
pub async fn names(conn: &mut AsyncPgConnection, org: Uuid, ids: &[Uuid]) -> Result<Vec<(Uuid, String)>, DbError> {
    use crate::schema::people;
    people::table
        .filter(people::organization_id.eq(org).and(people::id.eq_any(ids)))
        .select((people::id, people::name))
        .load(conn)
        .await
        .map_err(DbError::from)
}

/// A stage the person interviews on and has not submitted a scorecard for, in a loop not
/// yet decided (a "more data" decision leaves it open): their home page's "to score".
#[derive(Debug, Clone, QueryableByName)]
pub struct ToScoreRow {
    #[diesel(sql_type = SqlUuid)]
    pub loop_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub loop_stage_id: Uuid,
    #[diesel(sql_type = Text)]
    pub stage: String,
    #[diesel(sql_type = Bool)]
    pub blind: bool,
    #[diesel(sql_type = Text)]
    pub code: String,
    #[diesel(sql_type = Text)]
    pub candidate: String,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub scheduled_at: Option<DateTime<Utc>>,
    /// a draft exists
    #[diesel(sql_type = Bool)]
    pub started: bool,
}

pub async fn to_score(conn: &mut AsyncPgConnection, org: Uuid, person: Uuid) -> Result<Vec<ToScoreRow>, DbError> {
    const SQL: &str = "SELECT l.id AS loop_id, ls.id AS loop_stage_id, ps.name AS stage, ps.blind, l.code, \
            c.name AS candidate, ls.scheduled_at, \
            EXISTS (SELECT 1 FROM scorecards d WHERE d.loop_stage_id = ls.id AND d.interviewer_id = li.person_id) AS started \
       FROM loop_interviewers li \
       JOIN loop_stages ls ON ls.id = li.loop_stage_id \
       JOIN plan_stages ps ON ps.id = ls.stage_id \
       JOIN interview_loops l ON l.id = li.loop_id \
       JOIN candidates c ON c.id = l.candidate_id \
      WHERE li.organization_id = $1 AND li.person_id = $2 AND c.anonymised_at IS NULL \
        AND NOT EXISTS (SELECT 1 FROM scorecards s WHERE s.loop_stage_id = ls.id \
                           AND s.interviewer_id = li.person_id AND s.status = 'submitted') \
        AND NOT EXISTS (SELECT 1 FROM loop_decisions d WHERE d.loop_id = l.id AND d.decision <> 'more_data' \
                           AND NOT EXISTS (SELECT 1 FROM loop_decisions n WHERE n.supersedes_id = d.id)) \
      ORDER BY ls.scheduled_at NULLS LAST, ps.position \
      LIMIT 50";
    cached_sql(SQL).bind::<SqlUuid, _>(org).bind::<SqlUuid, _>(person).load(conn).await.map_err(DbError::from)
}
