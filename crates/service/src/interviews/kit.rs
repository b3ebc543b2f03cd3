//! The interview kit of one stage, for the interviewers on it, the hiring manager and HR.
//! A blind grader's kit names the loop's code, not the candidate.

use super::loops::seen;
use crate::actor::Actor;
use crate::{ServiceError, ServiceResult, Services};
use domain::interviews::exercise::LevelGuide;
use domain::interviews::kit::{Kit, KitCompetency, KitExercise, KitItem, KitLevel};
use domain::interviews::plan::PlanDoc;
use domain::rubric::doc::FrameworkDoc;
use uuid::Uuid;

pub async fn kit(services: &Services, actor: &Actor, loop_id: Uuid, loop_stage: Uuid) -> ServiceResult<Kit> {
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    let seen = seen(&mut conn, actor, loop_id).await?;
    let on_stage = seen.seat.panel.iter().any(|(s, _)| *s == loop_stage);
    if !(on_stage || seen.seat.hiring_manager || seen.seat.hr) {
        return Err(ServiceError::forbidden("read the kit of a stage you do not interview on"));
    }
    let rows: Vec<_> = seen.stages.iter().filter(|s| s.id == loop_stage).collect();
    let Some(stage) = rows.first() else { return Err(ServiceError::not_found("Stage")) };
    let version = db::interviews::plans::version(&mut conn, org, seen.row.plan_version_id)
        .await?
        .ok_or_else(|| ServiceError::not_found("Plan version"))?;
    let doc: PlanDoc = serde_json::from_value(version.document).unwrap_or_default();
    let stage_doc =
        doc.stages.get(stage.position as usize).cloned().unwrap_or_else(|| domain::interviews::plan::StageDoc {
            name: stage.name.clone(),
            kind: domain::interviews::plan::StageKind::Other,
            blind: stage.blind,
            minutes: stage.minutes,
            items: Vec::new(),
            competencies: Vec::new(),
        });
    let framework: Option<FrameworkDoc> =
        db::rubric::catalog::documents(&mut conn, org, &[version.framework_version_id])
            .await?
            .into_iter()
            .next()
            .and_then(|(_, d)| serde_json::from_value(d).ok());
    let exercises = db::interviews::exercises::list(&mut conn, org).await?;
    let items = stage_doc
        .items
        .iter()
        .map(|item| KitItem {
            text: item.text.clone(),
            exercise: item.exercise_id.and_then(|id| exercises.iter().find(|e| e.id == id)).map(|e| KitExercise {
                title: e.title.clone(),
                brief: e.brief.clone(),
                materials: e.materials.clone(),
                minutes: e.minutes,
                good_looks_like: serde_json::from_value::<Vec<LevelGuide>>(e.good_looks_like.clone())
                    .unwrap_or_default(),
            }),
        })
        .collect();
    let competencies = stage_doc
        .competencies
        .iter()
        .map(|c| {
            let found = framework.as_ref().and_then(|f| f.competency(&c.competency));
            KitCompetency {
                name: found.map_or_else(|| c.competency.clone(), |f| f.name.clone()),
                notes: c.notes.clone(),
                levels: found
                    .map(|f| {
                        f.levels
                            .iter()
                            .map(|l| KitLevel {
                                level: l.level,
                                summary: l.summary.clone(),
                                signals: l.signals.clone(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect();
    let candidate = if seen.sees_candidate() && !seen.row.anonymised {
        seen.row.candidate_name.clone()
    } else {
        format!("Candidate {}", seen.row.code)
    };
    Ok(Kit {
        loop_id,
        loop_stage_id: loop_stage,
        candidate,
        plan: format!("{} (version {})", seen.row.plan_name, seen.row.plan_number),
        stage: stage.name.clone(),
        stage_kind: stage.kind.clone(),
        minutes: stage.minutes,
        scheduled_at: stage.scheduled_at,
        location: stage.location.clone(),
        interviewer: actor.name.clone(),
        items,
        competencies,
    })
}
