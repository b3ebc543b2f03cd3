//! Scorecards, their ratings, and the decision records of a loop.

use crate::cached_sql::cached_sql;
use crate::error::DbError;
use crate::schema::{loop_decisions, scorecards};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = scorecards)]
pub struct ScorecardRow {
    pub id: Uuid,
    pub loop_id: Uuid,
    pub loop_stage_id: Uuid,
    pub stage_id: Uuid,
    pub interviewer_id: Uuid,
    pub status: String,
    pub recommendation: Option<String>,
    pub notes: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub amends_id: Option<Uuid>,
    pub amend_reason: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

pub async fn get(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<ScorecardRow>, DbError> {
    scorecards::table
        .filter(scorecards::organization_id.eq(org).and(scorecards::id.eq(id)))
        .select(ScorecardRow::as_select())
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// The newest scorecard of the interviewer for the loop stage (an amendment when there is one).
pub async fn newest(
    conn: &mut AsyncPgConnection,
    loop_stage: Uuid,
    interviewer: Uuid,
) -> Result<Option<ScorecardRow>, DbError> {
    scorecards::table
        .filter(scorecards::loop_stage_id.eq(loop_stage).and(scorecards::interviewer_id.eq(interviewer)))
        .order((scorecards::created_at.desc(), scorecards::id))
        .select(ScorecardRow::as_select())
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// Locks a scorecard row for a save or a submit.
pub async fn lock(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> Result<Option<ScorecardRow>, DbError> {
    scorecards::table
        .filter(scorecards::organization_id.eq(org).and(scorecards::id.eq(id)))
        .select(ScorecardRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

pub struct NewScorecard<'a> {
    pub organization_id: Uuid,
    pub loop_id: Uuid,
    pub loop_stage_id: Uuid,
    pub stage_id: Uuid,
    pub interviewer_id: Uuid,
    /// the submitted scorecard this one amends, with the reason
    pub amends: Option<(Uuid, &'a str)>,
}

pub async fn insert(conn: &mut AsyncPgConnection, s: &NewScorecard<'_>) -> Result<Uuid, DbError> {
    diesel::insert_into(scorecards::table)
        .values((
            scorecards::organization_id.eq(s.organization_id),
            scorecards::loop_id.eq(s.loop_id),
            scorecards::loop_stage_id.eq(s.loop_stage_id),
            scorecards::stage_id.eq(s.stage_id),
            scorecards::interviewer_id.eq(s.interviewer_id),
            scorecards::amends_id.eq(s.amends.map(|a| a.0)),
            scorecards::amend_reason.eq(s.amends.map(|a| a.1)),
        ))
        .returning(scorecards::id)
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

/// Saves a draft's notes and recommendation and bumps its version; `submitted_at` some
/// submits it (at that moment). Answers the scorecard as saved.
pub async fn save(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    notes: &str,
    recommendation: Option<&str>,
    submitted_at: Option<DateTime<Utc>>,
) -> Result<ScorecardRow, DbError> {
    diesel::update(scorecards::table.find(id))
        .set((
            scorecards::notes.eq(notes),
            scorecards::recommendation.eq(recommendation),
            scorecards::status.eq(if submitted_at.is_some() { "submitted" } else { "draft" }),
            scorecards::submitted_at.eq(submitted_at),
            scorecards::updated_at.eq(diesel::dsl::now),
            scorecards::version.eq(scorecards::version + 1),
        ))
        .returning(ScorecardRow::as_returning())
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

/// Replaces a draft's ratings: (competency, level or not observed, evidence). Only what
/// changed is written (an autosave usually changes one rating): ratings no longer given are
/// deleted, new ones inserted, and a rating is updated only when its level or evidence
/// differs; each row written passes the frozen-scorecard trigger, so fewer rows, fewer
/// trigger runs. One statement.
pub async fn replace_ratings(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    id: Uuid,
    stage: Uuid,
    ratings: &[(Uuid, Option<i32>, String)],
) -> Result<(), DbError> {
    use diesel::sql_types::Array;
    const SQL: &str = "WITH given AS ( \
            SELECT * FROM unnest($4::uuid[], $5::int[], $6::text[]) AS g(competency_id, level, evidence)), \
          gone AS ( \
            DELETE FROM scorecard_ratings r WHERE r.scorecard_id = $2 \
               AND r.competency_id <> ALL($4::uuid[])) \
        INSERT INTO scorecard_ratings (organization_id, scorecard_id, stage_id, competency_id, level, evidence) \
        SELECT $1, $2, $3, g.competency_id, g.level, g.evidence FROM given g \
        ON CONFLICT (scorecard_id, competency_id) DO UPDATE SET level = EXCLUDED.level, evidence = EXCLUDED.evidence \
         WHERE (scorecard_ratings.level, scorecard_ratings.evidence) IS DISTINCT FROM (EXCLUDED.level, EXCLUDED.evidence)";
    let competencies: Vec<Uuid> = ratings.iter().map(|r| r.0).collect();
    let levels: Vec<Option<i32>> = ratings.iter().map(|r| r.1).collect();
    let evidence: Vec<&str> = ratings.iter().map(|r| r.2.as_str()).collect();
    cached_sql(SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(id)
        .bind::<SqlUuid, _>(stage)
        .bind::<Array<SqlUuid>, _>(competencies)
        .bind::<Array<Nullable<Integer>>, _>(levels)
        .bind::<Array<Text>, _>(evidence)
        .execute(conn)
        .await?;
    Ok(())
}

/// A rating on a scorecard, with its competency's slug and name.
#[derive(Debug, Clone, QueryableByName)]
pub struct RatingRow {
    #[diesel(sql_type = SqlUuid)]
    pub scorecard_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub competency_id: Uuid,
    #[diesel(sql_type = Text)]
    pub slug: String,
    #[diesel(sql_type = Nullable<Integer>)]
    pub level: Option<i32>,
    #[diesel(sql_type = Text)]
    pub evidence: String,
}

pub async fn ratings(conn: &mut AsyncPgConnection, ids: &[Uuid]) -> Result<Vec<RatingRow>, DbError> {
    const SQL: &str = "SELECT r.scorecard_id, r.competency_id, c.slug, r.level, r.evidence \
         FROM scorecard_ratings r JOIN competencies c ON c.id = r.competency_id \
        WHERE r.scorecard_id = ANY($1)";
    cached_sql(SQL).bind::<diesel::sql_types::Array<SqlUuid>, _>(ids).load(conn).await.map_err(DbError::from)
}

/// The scorecards that count for a loop: per interviewer and stage, the newest submitted
/// one of its chain (an amendment replaces what it amends).
#[derive(Debug, Clone, QueryableByName)]
pub struct CountedRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub loop_stage_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub stage_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub interviewer_id: Uuid,
    #[diesel(sql_type = Text)]
    pub interviewer_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub recommendation: Option<String>,
    #[diesel(sql_type = Text)]
    pub notes: String,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub submitted_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Text>)]
    pub amend_reason: Option<String>,
}

pub async fn counted(conn: &mut AsyncPgConnection, org: Uuid, loop_id: Uuid) -> Result<Vec<CountedRow>, DbError> {
    const SQL: &str = "SELECT s.id, s.loop_stage_id, s.stage_id, s.interviewer_id, p.name AS interviewer_name, \
            s.recommendation, s.notes, s.submitted_at, s.amend_reason \
       FROM scorecards s JOIN people p ON p.id = s.interviewer_id \
      WHERE s.organization_id = $1 AND s.loop_id = $2 AND s.status = 'submitted' \
        AND NOT EXISTS (SELECT 1 FROM scorecards n WHERE n.amends_id = s.id AND n.status = 'submitted') \
      ORDER BY p.name, s.submitted_at";
    cached_sql(SQL).bind::<SqlUuid, _>(org).bind::<SqlUuid, _>(loop_id).load(conn).await.map_err(DbError::from)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = loop_decisions)]
pub struct DecisionRow {
    pub id: Uuid,
    pub decision: String,
    pub rationale: String,
    pub decided_by: Uuid,
    pub decided_at: DateTime<Utc>,
    pub supersedes_id: Option<Uuid>,
    pub supersede_reason: Option<String>,
}

/// A loop's decision records, newest first.
pub async fn decisions(conn: &mut AsyncPgConnection, org: Uuid, loop_id: Uuid) -> Result<Vec<DecisionRow>, DbError> {
    loop_decisions::table
        .filter(loop_decisions::organization_id.eq(org).and(loop_decisions::loop_id.eq(loop_id)))
        .order((loop_decisions::decided_at.desc(), loop_decisions::id))
        .select(DecisionRow::as_select())
        .load(conn)
        .await
        .map_err(DbError::from)
}

pub struct NewDecision<'a> {
    pub organization_id: Uuid,
    pub loop_id: Uuid,
    pub decision: &'a str,
    pub rationale: &'a str,
    pub decided_by: Uuid,
    /// the record this one supersedes, with the reason
    pub supersedes: Option<(Uuid, &'a str)>,
    pub decided_at: DateTime<Utc>,
}

pub async fn insert_decision(conn: &mut AsyncPgConnection, d: &NewDecision<'_>) -> Result<Uuid, DbError> {
    diesel::insert_into(loop_decisions::table)
        .values((
            loop_decisions::organization_id.eq(d.organization_id),
            loop_decisions::loop_id.eq(d.loop_id),
            loop_decisions::decision.eq(d.decision),
            loop_decisions::rationale.eq(d.rationale),
            loop_decisions::decided_by.eq(d.decided_by),
            loop_decisions::decided_at.eq(d.decided_at),
            loop_decisions::supersedes_id.eq(d.supersedes.map(|s| s.0)),
            loop_decisions::supersede_reason.eq(d.supersedes.map(|s| s.1)),
        ))
        .returning(loop_decisions::id)
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

/// One counted rating with a level, for the interview statistics.
#[derive(Debug, Clone, QueryableByName)]
pub struct StatRow {
    #[diesel(sql_type = SqlUuid)]
    pub loop_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub plan_id: Uuid,
    #[diesel(sql_type = Text)]
    pub plan_name: String,
    #[diesel(sql_type = Text)]
    pub slug: String,
    #[diesel(sql_type = Text)]
    pub competency: String,
    #[diesel(sql_type = SqlUuid)]
    pub interviewer_id: Uuid,
    #[diesel(sql_type = Text)]
    pub interviewer: String,
    #[diesel(sql_type = Integer)]
    pub level: i32,
    #[diesel(sql_type = diesel::sql_types::Date)]
    pub rated_on: chrono::NaiveDate,
}

/// The organization's interviews generation: moved by triggers whenever what the
/// statistics count changes (see the migration `interviews_generation`).
pub async fn generation(conn: &mut AsyncPgConnection, org: Uuid) -> Result<i64, DbError> {
    use crate::schema::organizations;
    organizations::table.find(org).select(organizations::interviews_generation).first(conn).await.map_err(DbError::from)
}

/// Filters of the interview statistics (all optional).
#[derive(Debug, Clone, Default, Hash)]
pub struct StatFilter {
    pub plan: Option<Uuid>,
    pub competency: Option<String>,
    pub interviewer: Option<Uuid>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
}

/// The levels of every counted scorecard (the newest submitted of each chain) of the
/// organization, filtered. The interviewer filter keeps the whole panel of the loops that
/// interviewer was on, so their offset from the others can be computed.
pub async fn stat_rows(conn: &mut AsyncPgConnection, org: Uuid, f: &StatFilter) -> Result<Vec<StatRow>, DbError> {
    const SQL: &str = "SELECT s.loop_id, p.id AS plan_id, p.name AS plan_name, c.slug, c.name AS competency, \
            s.interviewer_id, pe.name AS interviewer, r.level, (s.submitted_at AT TIME ZONE 'UTC')::date AS rated_on \
       FROM scorecards s \
       JOIN scorecard_ratings r ON r.scorecard_id = s.id \
       JOIN competencies c ON c.id = r.competency_id \
       JOIN interview_loops l ON l.id = s.loop_id \
       JOIN interview_plan_versions v ON v.id = l.plan_version_id \
       JOIN interview_plans p ON p.id = v.plan_id \
       JOIN people pe ON pe.id = s.interviewer_id \
      WHERE s.organization_id = $1 AND s.status = 'submitted' AND r.level IS NOT NULL \
        AND NOT EXISTS (SELECT 1 FROM scorecards n WHERE n.amends_id = s.id AND n.status = 'submitted') \
        AND ($2::uuid IS NULL OR p.id = $2) \
        AND ($3::text IS NULL OR c.slug = $3) \
        AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM loop_interviewers i WHERE i.loop_id = s.loop_id AND i.person_id = $4)) \
        AND ($5::date IS NULL OR s.submitted_at >= $5) \
        AND ($6::date IS NULL OR s.submitted_at < $6 + 1)";
    cached_sql(SQL)
        .bind::<SqlUuid, _>(org)
        .bind::<Nullable<SqlUuid>, _>(f.plan)
        .bind::<Nullable<Text>, _>(f.competency.as_deref())
        .bind::<Nullable<SqlUuid>, _>(f.interviewer)
        .bind::<Nullable<diesel::sql_types::Date>, _>(f.from)
        .bind::<Nullable<diesel::sql_types::Date>, _>(f.to)
        .load(conn)
        .await
        .map_err(DbError::from)
}
