//! Scorecards: one per interviewer per stage, saved as a draft while written, read-only
//! once submitted; a change after that is an amendment with a reason, which keeps the
//! original. Only the interviewer writes theirs; others read it only when independent
//! scoring allows (`policy::may_read_panel`), and each early attempt is audited.

use super::loops::{Seen, refuse_early_read, seen};
use super::person;
use crate::actor::Actor;
use crate::{ServiceError, ServiceResult, Services, audit, policy};
use db::interviews::scorecards::{NewScorecard, RatingRow, ScorecardRow};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::interviews::dto::{ScoreView, Scorecard, ScorecardInput};
use domain::interviews::scorecard::{self, Rated, Recommendation, ScorecardStatus};
use domain::validate::FieldErrors;
use uuid::Uuid;

fn view(r: ScorecardRow, interviewer_name: String, ratings: &[RatingRow]) -> Scorecard {
    Scorecard {
        id: r.id,
        loop_id: r.loop_id,
        stage_id: r.loop_stage_id,
        interviewer: person(r.interviewer_id, interviewer_name),
        status: ScorecardStatus::parse(&r.status).unwrap_or(ScorecardStatus::Draft),
        recommendation: r.recommendation.as_deref().and_then(Recommendation::parse),
        notes: r.notes,
        ratings: ratings
            .iter()
            .filter(|x| x.scorecard_id == r.id)
            .map(|x| ScoreView { competency: x.slug.clone(), level: x.level, evidence: x.evidence.clone() })
            .collect(),
        submitted_at: r.submitted_at,
        amends: r.amends_id,
        amend_reason: r.amend_reason,
        version: r.version,
    }
}

/// The actor's own scorecard for a stage of the loop they are on (none before the first save).
pub async fn mine(
    services: &Services,
    actor: &Actor,
    loop_id: Uuid,
    loop_stage: Uuid,
) -> ServiceResult<Option<Scorecard>> {
    let mut conn = services.conn().await?;
    let seen = seen(&mut conn, actor, loop_id).await?;
    require_seat(&seen, loop_stage)?;
    let Some(row) = db::interviews::scorecards::newest(&mut conn, loop_stage, actor.person_id).await? else {
        return Ok(None);
    };
    let ratings = db::interviews::scorecards::ratings(&mut conn, &[row.id]).await?;
    Ok(Some(view(row, actor.name.clone(), &ratings)))
}

fn require_seat(seen: &Seen, loop_stage: Uuid) -> ServiceResult<()> {
    if seen.seat.panel.iter().any(|(s, _)| *s == loop_stage) {
        Ok(())
    } else {
        Err(ServiceError::forbidden("write a scorecard for a stage you are not interviewing on"))
    }
}

/// The scorecards that count (the newest submitted of each interviewer and stage), for
/// those who may read the panel.
pub async fn panel(services: &Services, actor: &Actor, loop_id: Uuid) -> ServiceResult<Vec<Scorecard>> {
    let mut conn = services.conn().await?;
    let seen = seen(&mut conn, actor, loop_id).await?;
    if !policy::may_read_panel(&seen.seat) {
        return Err(refuse_early_read(&mut conn, actor, loop_id, "scorecards").await);
    }
    let org = actor.organization_id;
    let counted = db::interviews::scorecards::counted(&mut conn, org, loop_id).await?;
    let ids: Vec<Uuid> = counted.iter().map(|c| c.id).collect();
    let ratings = db::interviews::scorecards::ratings(&mut conn, &ids).await?;
    let mut out = Vec::new();
    for c in counted {
        let Some(row) = db::interviews::scorecards::get(&mut conn, org, c.id).await? else { continue };
        out.push(view(row, c.interviewer_name, &ratings));
    }
    Ok(out)
}

/// Saves the actor's scorecard for a stage: a draft as written (`submit` false), or
/// submitted (every competency rated or not observed, evidence behind every level, a
/// recommendation). A submitted scorecard changes only by an amendment with a reason.
pub async fn save(
    services: &Services,
    actor: &Actor,
    loop_id: Uuid,
    input: &ScorecardInput,
) -> ServiceResult<Scorecard> {
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    let input = input.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        // one statement for the seat (the loop locked); the loop page's full read is not needed
        let seat = db::interviews::loops::write_seat(conn, org, loop_id, input.stage_id, actor.person_id)
            .await?
            .filter(|w| {
                policy::may_see_loop_as(w.hiring_manager_id == actor.person_id, policy::is_hr(&actor), w.on_panel)
            })
            .ok_or_else(|| ServiceError::not_found("Interview loop"))?;
        let Some(stage_id) = seat.stage_id.filter(|_| seat.on_stage) else {
            return Err(ServiceError::forbidden("write a scorecard for a stage you are not interviewing on"));
        };
        let rated_rows: Vec<_> = super::plans::published_stages(services, conn, org, seat.plan_version_id)
            .await?
            .iter()
            .filter(|c| c.stage_id == stage_id)
            .cloned()
            .collect();
        let rated: Vec<Rated> =
            rated_rows.iter().map(|c| Rated { slug: &c.slug, level_count: c.level_count }).collect();
        let problems = if input.submit {
            scorecard::check_submit(&input.ratings, &input.notes, input.recommendation, &rated)
        } else {
            scorecard::check_draft(&input.ratings, &input.notes, &rated)
        };
        if !problems.is_empty() {
            return Err(ServiceError::validation(problems));
        }
        let (id, action) = match (seat.scorecard(), input.amend_reason.as_deref().map(str::trim)) {
            (None, _) => {
                let new = NewScorecard {
                    organization_id: org,
                    loop_id,
                    loop_stage_id: input.stage_id,
                    stage_id,
                    interviewer_id: actor.person_id,
                    amends: None,
                };
                (db::interviews::scorecards::insert(conn, &new).await?, "scorecard.created")
            }
            (Some((existing_id, "submitted", _)), reason) => {
                let Some(reason) = reason.filter(|r| !r.is_empty()) else {
                    return Err(ServiceError::conflict(
                        "This scorecard is submitted: to change it, amend it and say why (amend_reason)",
                    )
                    .with_field("amend_reason", "Say why you are changing a submitted scorecard"));
                };
                if reason.chars().count() > scorecard::MAX_REASON {
                    let mut p = FieldErrors::new();
                    p.add("amend_reason", format!("At most {} characters", scorecard::MAX_REASON));
                    return Err(ServiceError::validation(p));
                }
                let new = NewScorecard {
                    organization_id: org,
                    loop_id,
                    loop_stage_id: input.stage_id,
                    stage_id,
                    interviewer_id: actor.person_id,
                    amends: Some((existing_id, reason)),
                };
                (db::interviews::scorecards::insert(conn, &new).await?, "scorecard.amended")
            }
            (Some((existing_id, _, version)), _) => {
                if let Some(v) = input.version
                    && v != version
                {
                    return Err(ServiceError::stale(version));
                }
                (existing_id, if input.submit { "scorecard.submitted" } else { "scorecard.saved" })
            }
        };
        let ratings: Vec<(Uuid, Option<i32>, String)> = input
            .ratings
            .iter()
            .filter_map(|r| {
                rated_rows
                    .iter()
                    .find(|c| c.slug == r.competency)
                    .map(|c| (c.competency_id, r.level, r.evidence.trim().to_string()))
            })
            .collect();
        db::interviews::scorecards::replace_ratings(conn, org, id, stage_id, &ratings).await?;
        let recommendation = input.recommendation.map(|r| r.as_str());
        let row = db::interviews::scorecards::save(
            conn,
            id,
            input.notes.trim(),
            recommendation,
            input.submit.then(chrono::Utc::now),
        )
        .await?;
        // the answer is what was written: the row as saved, the ratings as replaced
        let saved_ratings: Vec<RatingRow> = ratings
            .iter()
            .filter_map(|(competency, level, evidence)| {
                let slug = rated_rows.iter().find(|c| c.competency_id == *competency)?.slug.clone();
                Some(RatingRow {
                    scorecard_id: id,
                    competency_id: *competency,
                    slug,
                    level: *level,
                    evidence: evidence.clone(),
                })
            })
            .collect();
        let saved = view(row, actor.name.clone(), &saved_ratings);
        // autosaves are many; the audit log keeps what matters: creation, submission, amendment
        if action != "scorecard.saved" || input.submit {
            let entry = audit::Entry::new(action, "scorecard", id).after(&saved);
            audit::record(conn, Some(&actor), org, entry).await?;
        }
        Ok(saved)
    })
    .await
}

/// Whose scorecard is it, for a page that shows one.
pub async fn get(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<Scorecard> {
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    let row = db::interviews::scorecards::get(&mut conn, org, id)
        .await?
        .ok_or_else(|| ServiceError::not_found("Scorecard"))?;
    let seen = seen(&mut conn, actor, row.loop_id).await?;
    if row.interviewer_id != actor.person_id && !policy::may_read_panel(&seen.seat) {
        return Err(refuse_early_read(&mut conn, actor, row.loop_id, "scorecards").await);
    }
    let name = seen
        .stages
        .iter()
        .find(|s| s.interviewer_id == Some(row.interviewer_id))
        .and_then(|s| s.interviewer_name.clone())
        .unwrap_or_default();
    let ratings = db::interviews::scorecards::ratings(&mut conn, &[id]).await?;
    Ok(view(row, name, &ratings))
}

pub(crate) async fn counted_with_ratings(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    loop_id: Uuid,
) -> ServiceResult<(Vec<db::interviews::scorecards::CountedRow>, Vec<RatingRow>)> {
    let counted = db::interviews::scorecards::counted(conn, org, loop_id).await?;
    let ids: Vec<Uuid> = counted.iter().map(|c| c.id).collect();
    let ratings = db::interviews::scorecards::ratings(conn, &ids).await?;
    Ok((counted, ratings))
}
