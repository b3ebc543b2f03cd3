//! The debrief of a loop, once every scorecard is in (or the hiring manager opened it
//! early, with a reason): per competency each interviewer's level and evidence side by
//! side, median, spread and a disagreement flag, the recommendations, the loop's
//! agreement (Krippendorff's alpha), and the decision records.

use super::loops::{refuse_early_read, seen};
use super::person;
use super::scorecards::counted_with_ratings;
use crate::actor::Actor;
use crate::{ServiceError, ServiceResult, Services, audit, policy};
use diesel_async::AsyncConnection;
use domain::interviews::decision::{self, Decision};
use domain::interviews::dto::{
    Debrief, DebriefCompetency, DebriefRating, DebriefRecommendation, DecisionInput, DecisionRecord, OpenDebrief,
};
use domain::interviews::scorecard::Recommendation;
use domain::stats;
use domain::validate::{self, FieldErrors};
use uuid::Uuid;

/// Below this many pairable ratings a loop's alpha is not shown as a reading.
pub const MIN_RATINGS_FOR_READING: usize = 6;

pub async fn get(services: &Services, actor: &Actor, loop_id: Uuid) -> ServiceResult<Debrief> {
    let mut conn = services.conn().await?;
    let seen = seen(&mut conn, actor, loop_id).await?;
    of_seen(services, &mut conn, actor, &seen).await
}

/// The debrief page's two reads at once, sharing one look at the loop: the loop as the
/// reader may see it, and its debrief, or why there is none for them yet (403, 409).
pub async fn page(
    services: &Services,
    actor: &Actor,
    loop_id: Uuid,
) -> ServiceResult<(domain::interviews::dto::Loop, ServiceResult<Debrief>)> {
    let mut conn = services.conn().await?;
    let seen = seen(&mut conn, actor, loop_id).await?;
    let lp = super::loops::view(services, &mut conn, actor.organization_id, &seen).await?;
    let debrief = of_seen(services, &mut conn, actor, &seen).await;
    Ok((lp, debrief))
}

async fn of_seen(
    services: &Services,
    conn: &mut diesel_async::AsyncPgConnection,
    actor: &Actor,
    seen: &super::loops::Seen,
) -> ServiceResult<Debrief> {
    let org = actor.organization_id;
    let loop_id = seen.row.id;
    if !policy::may_read_panel(&seen.seat) {
        return Err(refuse_early_read(conn, actor, loop_id, "debrief").await);
    }
    // every seat's original scorecard submitted (one per seat: a unique index)
    let complete = seen.row.submitted >= seen.row.expected;
    if !complete && seen.row.debrief_opened_at.is_none() {
        return Err(ServiceError::conflict(format!(
            "The debrief opens when every scorecard is in ({} of {} so far), or earlier if the hiring manager opens it with a reason",
            seen.row.submitted, seen.row.expected
        )));
    }
    let (counted, ratings) = counted_with_ratings(conn, org, loop_id).await?;
    let stage_competencies = super::plans::published_stages(services, conn, org, seen.row.plan_version_id).await?;
    // competencies in plan order, each once even when several stages rate it
    let mut order: Vec<(&str, &str)> = Vec::new();
    for c in stage_competencies.iter() {
        if !order.iter().any(|(s, _)| *s == c.slug) {
            order.push((&c.slug, &c.name));
        }
    }
    let stage_name =
        |loop_stage: Uuid| seen.stages.iter().find(|s| s.id == loop_stage).map(|s| s.name.clone()).unwrap_or_default();
    let interviewers: Vec<Uuid> = {
        let mut v: Vec<Uuid> = counted.iter().map(|c| c.interviewer_id).collect();
        v.sort();
        v.dedup();
        v
    };
    let mut competencies = Vec::new();
    let mut alpha_data: Vec<Vec<Option<f64>>> = Vec::new();
    for (slug, name) in order {
        let mut rows = Vec::new();
        for c in &counted {
            if let Some(r) = ratings.iter().find(|r| r.scorecard_id == c.id && r.slug == slug) {
                rows.push(DebriefRating {
                    interviewer: person(c.interviewer_id, c.interviewer_name.clone()),
                    stage: stage_name(c.loop_stage_id),
                    level: r.level,
                    evidence: r.evidence.clone(),
                });
            }
        }
        let levels: Vec<Option<f64>> = rows.iter().map(|r| r.level.map(f64::from)).collect();
        let present: Vec<f64> = levels.iter().flatten().copied().collect();
        // one unit per competency; an interviewer who rated it twice (two stages) counts once, by the mean
        alpha_data.push(
            interviewers
                .iter()
                .map(|i| {
                    let theirs: Vec<f64> =
                        rows.iter().filter(|r| r.interviewer.id == *i).filter_map(|r| r.level.map(f64::from)).collect();
                    (!theirs.is_empty()).then(|| (theirs.iter().sum::<f64>() / theirs.len() as f64).round())
                })
                .collect(),
        );
        competencies.push(DebriefCompetency {
            slug: slug.to_string(),
            name: name.to_string(),
            median: stats::median(&present),
            spread: stats::spread(&levels),
            disagreement: stats::disagreement(&levels),
            ratings: rows,
        });
    }
    let alpha = stats::krippendorff_alpha(&alpha_data, stats::Metric::Ordinal);
    let pairable = alpha.as_ref().map_or(0, |a| a.pairable_values);
    let reading = match &alpha {
        Some(a) => stats::sentence("this loop", stats::read_alpha(a.value, pairable, MIN_RATINGS_FOR_READING)),
        None => "Too few ratings pair up across interviewers to measure agreement.".to_string(),
    };
    let recommendations = counted
        .iter()
        .filter_map(|c| {
            c.recommendation.as_deref().and_then(Recommendation::parse).map(|r| DebriefRecommendation {
                interviewer: person(c.interviewer_id, c.interviewer_name.clone()),
                stage: stage_name(c.loop_stage_id),
                recommendation: r,
                notes: c.notes.clone(),
            })
        })
        .collect();
    let decisions = decisions(conn, org, loop_id).await?;
    Ok(Debrief {
        loop_id,
        competencies,
        recommendations,
        alpha: alpha.map(|a| a.value),
        alpha_ratings: pairable,
        reading,
        complete,
        early_reason: seen.row.debrief_reason.clone(),
        decisions,
    })
}

async fn decisions(
    conn: &mut diesel_async::AsyncPgConnection,
    org: Uuid,
    loop_id: Uuid,
) -> ServiceResult<Vec<DecisionRecord>> {
    let rows = db::interviews::scorecards::decisions(conn, org, loop_id).await?;
    let ids: Vec<Uuid> = rows.iter().map(|d| d.decided_by).collect();
    let names = db::interviews::loops::names(conn, org, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|d| DecisionRecord {
            id: d.id,
            decision: Decision::parse(&d.decision).unwrap_or(Decision::MoreData),
            rationale: d.rationale,
            decided_by: person(
                d.decided_by,
                names.iter().find(|(i, _)| *i == d.decided_by).map(|(_, n)| n.clone()).unwrap_or_default(),
            ),
            decided_at: d.decided_at,
            supersedes: d.supersedes_id,
            supersede_reason: d.supersede_reason,
        })
        .collect())
}

/// The hiring manager opens the debrief before every scorecard is in, saying why.
pub async fn open_early(
    services: &Services,
    actor: &Actor,
    loop_id: Uuid,
    input: &OpenDebrief,
) -> ServiceResult<Debrief> {
    let mut problems = FieldErrors::new();
    let reason = problems.check("reason", validate::text(&input.reason, "why the debrief opens early", 2000));
    {
        let mut conn = services.conn().await?;
        let actor = actor.clone();
        conn.transaction::<_, ServiceError, _>(async move |conn| {
            let org = actor.organization_id;
            db::interviews::loops::lock(conn, org, loop_id).await?;
            let seen = seen(conn, &actor, loop_id).await?;
            policy::require_early_debrief_opener(&seen.seat)?;
            if seen.seat.scoring() {
                return Err(ServiceError::conflict("Submit your own scorecard before opening the debrief"));
            }
            let Some(reason) = reason else { return Err(ServiceError::validation(problems)) };
            if seen.row.debrief_opened_at.is_some() {
                return Err(ServiceError::conflict("The debrief is already open"));
            }
            db::interviews::loops::open_debrief(conn, loop_id, Some(actor.person_id), Some(&reason)).await?;
            let entry = audit::Entry::new("interview_loop.debrief_opened", "interview_loop", loop_id)
                .after(&serde_json::json!({ "reason": reason }));
            audit::record(conn, Some(&actor), org, entry).await
        })
        .await?;
    }
    get(services, actor, loop_id).await
}

/// Records the decision (hire / no hire / more data, with the rationale). A record is
/// never changed: a later decision supersedes the current one and says why.
pub async fn decide(
    services: &Services,
    actor: &Actor,
    loop_id: Uuid,
    input: &DecisionInput,
) -> ServiceResult<DecisionRecord> {
    let mut problems = FieldErrors::new();
    let rationale =
        problems.check("rationale", validate::text(&input.rationale, "the rationale", decision::MAX_RATIONALE));
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    let input = input.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        db::interviews::loops::lock(conn, org, loop_id).await?;
        let seen = seen(conn, &actor, loop_id).await?;
        policy::require_loop_owner(&seen.seat, "record a hiring decision")?;
        if seen.seat.scoring() {
            return Err(ServiceError::conflict("Submit your own scorecard before deciding"));
        }
        let complete = seen.row.submitted >= seen.row.expected;
        if !complete && seen.row.debrief_opened_at.is_none() {
            return Err(ServiceError::conflict(
                "A decision comes after the debrief: it opens when every scorecard is in, or when the hiring manager opens it",
            ));
        }
        let current = db::interviews::scorecards::decisions(conn, org, loop_id).await?.into_iter().next();
        let supersedes = match (&current, input.supersede_reason.as_deref().map(str::trim).filter(|r| !r.is_empty())) {
            (None, _) => None,
            (Some(c), Some(reason)) => {
                if reason.chars().count() > 2000 {
                    problems.add("supersede_reason", "At most 2,000 characters");
                }
                Some((c.id, reason.to_string()))
            }
            (Some(_), None) => {
                return Err(ServiceError::conflict(
                    "A decision is already recorded and cannot be changed: record a new one that supersedes it, saying why",
                )
                .with_field("supersede_reason", "Say why this decision supersedes the one recorded"));
            }
        };
        let Some(rationale) = rationale.filter(|_| problems.is_empty()) else {
            return Err(ServiceError::validation(problems));
        };
        let id = db::interviews::scorecards::insert_decision(
            conn,
            &db::interviews::scorecards::NewDecision {
                organization_id: org,
                loop_id,
                decision: input.decision.as_str(),
                rationale: &rationale,
                decided_by: actor.person_id,
                supersedes: supersedes.as_ref().map(|(id, r)| (*id, r.as_str())),
                decided_at: chrono::Utc::now(),
            },
        )
        .await?;
        if input.decision == Decision::Hire {
            // a hire keeps the candidate's record: it leaves the retention schedule
            db::interviews::candidates::keep(conn, seen.row.candidate_id).await?;
        }
        let record = decisions(conn, org, loop_id)
            .await?
            .into_iter()
            .find(|d| d.id == id)
            .ok_or_else(|| ServiceError::not_found("Decision"))?;
        let entry = audit::Entry::new("interview_loop.decided", "interview_loop", loop_id).after(&record);
        audit::record(conn, Some(&actor), org, entry).await?;
        Ok(record)
    })
    .await
}
