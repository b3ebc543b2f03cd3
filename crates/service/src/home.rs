//! "What needs me" for the home page and `GET /api/v1/me/todo`: what the signed-in person
//! should do next, gathered from each room's own use cases (so each room's rules on who
//! sees what hold here too). Coaching will add its items here.

use crate::{Actor, ServiceResult, Services, policy};
use domain::home::{CycleProgress, Need, NeedKind, NeedsMe};
use domain::rubric::assessment::{AssessmentStatus, CycleWork};
use std::collections::HashSet;

/// The person's list, most pressing first; HR also gets the open cycles' completion.
pub async fn needs_me(services: &Services, actor: &Actor) -> ServiceResult<NeedsMe> {
    let today = chrono::Utc::now().date_naive();
    let work = crate::rubric::assessments::overview(services, actor).await?;
    let mut items = Vec::new();
    for w in &work {
        assessments(w, today, &mut items);
    }
    ownership(services, actor, &mut items).await?;
    interviews(services, actor, today, &mut items).await?;
    let cycles = if policy::is_hr(actor) {
        work.iter()
            .map(|w| CycleProgress {
                cycle_id: w.cycle.id,
                name: w.cycle.name.clone(),
                ends_on: w.cycle.ends_on,
                people: w.cycle.people_count,
                self_submitted: w.cycle.self_submitted,
                manager_submitted: w.cycle.manager_submitted,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(NeedsMe { items, cycles }.sorted())
}

/// One open cycle's assessments still to write: one's own, then each report's.
fn assessments(w: &CycleWork, today: chrono::NaiveDate, items: &mut Vec<Need>) {
    let (cycle, due) = (&w.cycle.name, Some(w.cycle.ends_on));
    let overdue = w.cycle.ends_on < today;
    match &w.mine {
        None => items.push(Need {
            kind: NeedKind::WriteSelfAssessment,
            title: format!("Write your self-assessment for {cycle}"),
            detail: "Not started yet. Start it from your assessments.".into(),
            href: "/assessments".into(),
            due,
            overdue,
        }),
        Some(a) if a.status == AssessmentStatus::Draft => items.push(Need {
            kind: NeedKind::FinishSelfAssessment,
            title: format!("Finish your self-assessment for {cycle}"),
            detail: format!("A draft with {} rating(s); nobody sees it until you submit.", a.rating_count),
            href: format!("/assessments/{}", a.id),
            due,
            overdue,
        }),
        Some(_) => {}
    }
    for r in &w.reports {
        let theirs =
            if r.self_submitted { "Their self-assessment is in." } else { "Their self-assessment is not in yet." };
        let (href, detail) = match &r.assessment {
            Some(a) if a.status == AssessmentStatus::Submitted => continue,
            Some(a) => {
                (format!("/assessments/{}", a.id), format!("Your draft has {} rating(s). {theirs}", a.rating_count))
            }
            None => ("/assessments".to_string(), format!("Not started. {theirs}")),
        };
        items.push(Need {
            kind: NeedKind::AssessReport,
            title: format!("Assess {} for {cycle}", r.person.name),
            detail,
            href,
            due,
            overdue,
        });
    }
}

/// RACI rows coming due for confirmation within this many days are listed too.
pub const DUE_SOON_DAYS: i64 = 14;

/// RACI rows the person must confirm (overdue, then due within [`DUE_SOON_DAYS`]), and
/// rows breaking a rule in components they are accountable for. The overdue and broken
/// ones come from the gaps report everyone may read; the coming ones from the person's
/// rows of the matrix.
async fn ownership(services: &Services, actor: &Actor, items: &mut Vec<Need>) -> ServiceResult<()> {
    let me = actor.person_id;
    let row_page = |component: uuid::Uuid, activity: uuid::Uuid| {
        format!("/ownership/row?component={component}&activity={activity}")
    };
    let gaps = crate::ownership::reports::all_gaps(services, actor).await?;
    for s in gaps.stale.iter().filter(|s| s.accountable.as_ref().is_some_and(|a| a.id == me)) {
        items.push(Need {
            kind: NeedKind::ConfirmRow,
            title: format!("Confirm who does {} for {}", s.row.activity, s.row.component.name),
            detail: s.why.clone(),
            href: row_page(s.row.component.id, s.row.activity_id),
            due: Some(s.due_at.date_naive()),
            overdue: true,
        });
    }
    let soon = chrono::Utc::now() + chrono::Duration::days(DUE_SOON_DAYS);
    let filter = crate::ownership::matrix::Filter { person: Some(me), ..Default::default() };
    let mine =
        crate::ownership::matrix::read(services, actor, &filter, None, Some(crate::ownership::matrix::MAX_PER_PAGE))
            .await?;
    let accountable = |r: &domain::ownership::matrix::MatrixRow| {
        r.assignments.iter().any(|a| a.letter == domain::ownership::raci::Letter::A && a.person_id == Some(me))
    };
    for r in mine.rows.iter().filter(|r| !r.stale && r.due_at <= soon && accountable(r)) {
        let component = mine.components.iter().find(|c| c.id == r.component_id).map(|c| c.name.as_str()).unwrap_or("");
        let activity = mine.activities.iter().find(|a| a.id == r.activity_id).map(|a| a.name.as_str()).unwrap_or("");
        items.push(Need {
            kind: NeedKind::ConfirmRow,
            title: format!("Confirm who does {activity} for {component}"),
            detail: "Coming due: confirm it still holds, or change it.".into(),
            href: row_page(r.component_id, r.activity_id),
            due: Some(r.due_at.date_naive()),
            overdue: false,
        });
    }
    if gaps.broken.is_empty() {
        return Ok(());
    }
    let owned = crate::ownership::reports::of_person(services, actor, me, None).await?;
    let accountable: HashSet<uuid::Uuid> =
        owned.rows.iter().filter(|r| r.letter == "A" && r.via_team.is_none()).map(|r| r.row.component.id).collect();
    for b in gaps.broken.iter().filter(|b| accountable.contains(&b.row.component.id)) {
        items.push(Need {
            kind: NeedKind::MendRow,
            title: format!("Mend the {} row of {}", b.row.activity, b.row.component.name),
            detail: b.breaks.iter().map(|x| x.message.as_str()).collect::<Vec<_>>().join(" "),
            href: row_page(b.row.component.id, b.row.activity_id),
            due: None,
            overdue: false,
        });
    }
    Ok(())
}

/// Scorecards to write: each stage the person interviews on and has not submitted, due
/// the day after the interview. A blind stage names the loop's code, not the candidate.
async fn interviews(
    services: &Services,
    actor: &Actor,
    today: chrono::NaiveDate,
    items: &mut Vec<Need>,
) -> ServiceResult<()> {
    let mut conn = services.conn().await?;
    let rows = db::interviews::loops::to_score(&mut conn, actor.organization_id, actor.person_id).await?;
    for r in rows {
        let who = if r.blind { format!("candidate {}", r.code) } else { r.candidate.clone() };
        let due = r.scheduled_at.map(|t| t.date_naive() + chrono::Days::new(1));
        items.push(Need {
            kind: NeedKind::ScoreInterview,
            title: format!("{} your scorecard: {} with {who}", if r.started { "Finish" } else { "Write" }, r.stage),
            detail: match r.scheduled_at {
                Some(t) if t.date_naive() > today => format!("Interview on {}", t.format("%-d %b %Y at %H:%M UTC")),
                Some(_) => "Score while it is fresh: the debrief waits for every scorecard.".to_string(),
                None => "Not scheduled yet.".to_string(),
            },
            href: format!("/interviews/loops/{}/stages/{}", r.loop_id, r.loop_stage_id),
            due,
            overdue: due.is_some_and(|d| d < today),
        });
    }
    Ok(())
}
