//! Assessments. Members write their own self-assessment; managers assess the people below
//! them; HR reads every submitted one. A draft is private to its author. Submitting
//! freezes it (the database refuses later writes); a change after that is an amendment
//! with a reason, started from a copy of what it amends.

use super::catalog;
use crate::actor::Actor;
use crate::{ServiceError, ServiceResult, Services, audit, policy};
use db::rubric::assessments::{AssessmentRow, ListFilter, RatingWrite};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::ErrorCode;
use domain::identity::PersonRef;
use domain::rubric::assessment::{
    AmendAssessment, AssessmentDetail, AssessmentKind, AssessmentStatus, AssessmentSummary, MAX_EVIDENCE, MAX_LINKS,
    MAX_REASON, NewAssessment, Rating, SaveRatings, SubmitAssessment, evidence_problem, link_problem,
};
use domain::rubric::level::Level;
use domain::validate::FieldErrors;
use std::collections::HashSet;
use uuid::Uuid;

fn summary(r: AssessmentRow) -> AssessmentSummary {
    AssessmentSummary {
        id: r.id,
        cycle_id: r.cycle_id,
        cycle_name: r.cycle_name,
        person: PersonRef { id: r.person_id, name: r.person_name },
        kind: AssessmentKind::parse(&r.kind).unwrap_or(AssessmentKind::SelfAssessment),
        author: PersonRef { id: r.author_id, name: r.author_name },
        status: AssessmentStatus::parse(&r.status).unwrap_or(AssessmentStatus::Draft),
        submitted_at: r.submitted_at,
        amends_id: r.amends_id,
        amend_reason: r.amend_reason,
        amended_by_id: r.amended_by_id,
        rating_count: r.rating_count,
        updated_at: r.updated_at,
        version: r.version,
    }
}

/// Who may read an assessment: its author always; once submitted, the person rated, the
/// people above them and HR. To everyone else it does not exist.
async fn visible(conn: &mut AsyncPgConnection, actor: &Actor, row: &AssessmentRow) -> ServiceResult<bool> {
    policy::may_read_assessment(conn, actor, row.author_id, row.person_id, row.status == "submitted").await
}

async fn load(conn: &mut AsyncPgConnection, actor: &Actor, id: Uuid) -> ServiceResult<AssessmentRow> {
    let row = db::rubric::assessments::get(conn, actor.organization_id, id)
        .await?
        .ok_or_else(|| ServiceError::not_found("Assessment"))?;
    if visible(conn, actor, &row).await? { Ok(row) } else { Err(ServiceError::not_found("Assessment")) }
}

async fn detail(conn: &mut AsyncPgConnection, org: Uuid, row: AssessmentRow) -> ServiceResult<AssessmentDetail> {
    let version = db::rubric::catalog::version_ref(conn, org, row.framework_version_id)
        .await?
        .ok_or_else(|| ServiceError::not_found("Framework version"))?;
    let competency_count = catalog::competencies(conn, row.framework_version_id).await?.len() as i64;
    let ratings = db::rubric::assessments::ratings(conn, row.id)
        .await?
        .into_iter()
        .map(|r| Rating { competency: r.slug, level: r.level, evidence: r.evidence, evidence_links: r.evidence_links })
        .collect();
    Ok(AssessmentDetail { summary: summary(row), framework: catalog::version_ref(version), ratings, competency_count })
}

pub async fn get(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<AssessmentDetail> {
    let mut conn = services.conn().await?;
    let row = load(&mut conn, actor, id).await?;
    detail(&mut conn, actor.organization_id, row).await
}

/// Filters of the list; at most `limit` (1..=200, default 50) from `offset`.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub cycle: Option<Uuid>,
    pub person: Option<Uuid>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// The assessments the actor may read: their own drafts, and submitted ones of
/// themselves, of the people below them, or (HR) of everyone.
pub async fn list(services: &Services, actor: &Actor, q: &ListQuery) -> ServiceResult<Vec<AssessmentSummary>> {
    let mut conn = services.conn().await?;
    let filter = ListFilter {
        viewer: actor.person_id,
        all_submitted: policy::is_hr(actor),
        cycle: q.cycle,
        person: q.person,
        limit: q.limit.unwrap_or(50).clamp(1, 200),
        offset: q.offset.unwrap_or(0).max(0),
    };
    let rows = db::rubric::assessments::list(&mut conn, actor.organization_id, &filter).await?;
    Ok(rows.into_iter().map(summary).collect())
}

/// Starts the actor's assessment of a person in a cycle, or returns the one already
/// started (the boolean says whether it is new).
pub async fn start(services: &Services, actor: &Actor, new: &NewAssessment) -> ServiceResult<(AssessmentDetail, bool)> {
    let mut conn = services.conn().await?;
    let (actor, new) = (actor.clone(), new.clone());
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        policy::require_assessment_starter(conn, &actor, new.kind, new.person_id).await?;
        let (status, version) = db::rubric::cycles::lock(conn, org, new.cycle_id).await?.ok_or_else(|| {
            ServiceError::new(ErrorCode::Validation, "No such assessment cycle.")
                .with_field("cycle_id", "No assessment cycle with this id exists in your organization")
        })?;
        if let Some(existing) =
            db::rubric::assessments::original(conn, new.cycle_id, new.person_id, new.kind.as_str()).await?
        {
            let row = load(conn, &actor, existing).await?;
            return Ok((detail(conn, org, row).await?, false));
        }
        if status != "open" {
            return Err(closed());
        }
        let id = db::rubric::assessments::insert(
            conn,
            &db::rubric::assessments::NewAssessment {
                organization_id: org,
                cycle_id: new.cycle_id,
                framework_version_id: version,
                person_id: new.person_id,
                kind: new.kind.as_str(),
                author_id: actor.person_id,
                amends: None,
            },
        )
        .await?;
        audit::record(conn, Some(&actor), org, audit::Entry::new("assessment.started", "assessment", id).after(&new))
            .await?;
        let row = load(conn, &actor, id).await?;
        Ok((detail(conn, org, row).await?, true))
    })
    .await
}

fn closed() -> ServiceError {
    ServiceError::conflict("This assessment cycle is closed.")
        .with_field("cycle_id", "The cycle is closed: ask HR to reopen it")
}

/// Locks a draft the actor wrote and checks its version.
async fn own_draft(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    id: Uuid,
    version: i32,
) -> ServiceResult<AssessmentRow> {
    let row = load(conn, actor, id).await?;
    policy::require_assessment_author(actor, row.author_id, "change an assessment someone else wrote")?;
    let (status, current) = db::rubric::assessments::lock(conn, actor.organization_id, id)
        .await?
        .ok_or_else(|| ServiceError::not_found("Assessment"))?;
    if status == "submitted" {
        return Err(ServiceError::conflict("This assessment is submitted and can no longer change; amend it instead.")
            .with_field("status", "Submitted assessments are read-only"));
    }
    if current != version {
        return Err(ServiceError::stale(current));
    }
    Ok(row)
}

/// Saves ratings into a draft. Every rating is checked before anything is written.
pub async fn save(services: &Services, actor: &Actor, id: Uuid, save: &SaveRatings) -> ServiceResult<AssessmentDetail> {
    let mut conn = services.conn().await?;
    let (actor, save) = (actor.clone(), save.clone());
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let row = own_draft(conn, &actor, id, save.version).await?;
        let competencies = catalog::competencies(conn, row.framework_version_id).await?;
        let mut problems = FieldErrors::new();
        let mut seen = HashSet::new();
        let mut writes = Vec::new();
        for (i, r) in save.ratings.iter().enumerate() {
            let field = |f: &str| format!("ratings[{i}].{f}");
            let Some(c) = competencies.iter().find(|c| c.slug == r.competency) else {
                problems.add(
                    &field("competency"),
                    format!("\"{}\" is not a competency of this cycle's framework version", r.competency),
                );
                continue;
            };
            if !seen.insert(c.id) {
                problems.add(&field("competency"), "This competency is rated twice in the same request");
            }
            if let Some(Err(p)) = r.level.map(|l| Level::of_framework(l, c.level_count)) {
                problems.add(&field("level"), p);
            }
            if r.evidence.chars().count() > MAX_EVIDENCE {
                problems.add(&field("evidence"), format!("Evidence is at most {MAX_EVIDENCE} characters"));
            }
            if r.evidence_links.len() > MAX_LINKS {
                problems.add(&field("evidence_links"), format!("At most {MAX_LINKS} links per rating"));
            }
            if let Some(p) = r.evidence_links.iter().find_map(|l| link_problem(l)) {
                problems.add(&field("evidence_links"), p);
            }
            writes.push((c.id, r));
        }
        if !problems.is_empty() {
            return Err(ServiceError::validation(problems));
        }
        for (competency, r) in writes {
            match r.level {
                Some(level) => {
                    let links: Vec<String> = r.evidence_links.iter().map(|l| l.trim().to_string()).collect();
                    let write = RatingWrite {
                        competency_id: competency,
                        level,
                        evidence: r.evidence.trim(),
                        evidence_links: &links,
                    };
                    db::rubric::assessments::put_rating(conn, org, id, row.framework_version_id, &write).await?
                }
                None => db::rubric::assessments::remove_rating(conn, id, competency).await?,
            }
        }
        db::rubric::assessments::touch(conn, id, save.version, false).await?;
        audit::record(
            conn,
            Some(&actor),
            org,
            audit::Entry::new("assessment.saved", "assessment", id).after(&save.ratings),
        )
        .await?;
        let row = load(conn, &actor, id).await?;
        detail(conn, org, row).await
    })
    .await
}

/// Submits a draft: it needs at least one rating, and evidence of at least one sentence
/// on each. An original needs its cycle open; an amendment may land after it closed.
pub async fn submit(
    services: &Services,
    actor: &Actor,
    id: Uuid,
    submit: &SubmitAssessment,
) -> ServiceResult<AssessmentDetail> {
    let mut conn = services.conn().await?;
    let (actor, version) = (actor.clone(), submit.version);
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let row = own_draft(conn, &actor, id, version).await?;
        if row.amends_id.is_none() && row.cycle_status != "open" {
            return Err(closed());
        }
        let ratings = db::rubric::assessments::ratings(conn, id).await?;
        let mut problems = FieldErrors::new();
        if ratings.is_empty() {
            problems.add("ratings", "Rate at least one competency before submitting");
        }
        for r in &ratings {
            if let Some(p) = evidence_problem(&r.evidence) {
                problems.add(&format!("ratings.{}.evidence", r.slug), p);
            }
        }
        if !problems.is_empty() {
            let mut e = ServiceError::validation(problems);
            e.message = "Some ratings need evidence before this can be submitted.".into();
            return Err(e);
        }
        db::rubric::assessments::touch(conn, id, version, true).await?;
        audit::record(
            conn,
            Some(&actor),
            org,
            audit::Entry::new("assessment.submitted", "assessment", id)
                .after(&serde_json::json!({"ratings": ratings.len(), "amends": row.amends_id})),
        )
        .await?;
        let row = load(conn, &actor, id).await?;
        detail(conn, org, row).await
    })
    .await
}

/// Starts an amendment of a submitted assessment: a new draft with the same ratings,
/// linked to the old one, with the reason (the author only; one amendment per assessment,
/// which can itself be amended once submitted).
pub async fn amend(
    services: &Services,
    actor: &Actor,
    id: Uuid,
    amend: &AmendAssessment,
) -> ServiceResult<AssessmentDetail> {
    let reason = amend.reason.trim().to_string();
    if reason.is_empty() || reason.chars().count() > MAX_REASON {
        return Err(ServiceError::new(ErrorCode::Validation, "Say why the assessment is amended.")
            .with_field("reason", format!("Give a reason of 1 to {MAX_REASON} characters")));
    }
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let row = load(conn, &actor, id).await?;
        policy::require_assessment_author(&actor, row.author_id, "amend an assessment someone else wrote")?;
        db::rubric::assessments::lock(conn, org, id).await?;
        if row.status != "submitted" {
            return Err(ServiceError::conflict("Only a submitted assessment is amended; edit the draft instead.")
                .with_field("status", "This assessment is still a draft"));
        }
        if let Some(next) = row.amended_by_id {
            return Err(ServiceError::conflict("This assessment has already been amended.")
                .with_field("amended_by_id", format!("Amend the newer assessment {next} instead")));
        }
        let new_id = db::rubric::assessments::insert(
            conn,
            &db::rubric::assessments::NewAssessment {
                organization_id: org,
                cycle_id: row.cycle_id,
                framework_version_id: row.framework_version_id,
                person_id: row.person_id,
                kind: &row.kind,
                author_id: actor.person_id,
                amends: Some((id, &reason)),
            },
        )
        .await?;
        db::rubric::assessments::copy_ratings(conn, id, new_id).await?;
        audit::record(
            conn,
            Some(&actor),
            org,
            audit::Entry::new("assessment.amendment_started", "assessment", new_id)
                .after(&serde_json::json!({"amends": id, "reason": reason})),
        )
        .await?;
        let row = load(conn, &actor, new_id).await?;
        detail(conn, org, row).await
    })
    .await
}

/// The signed-in person's work in each open cycle: their self-assessment and, for each
/// direct report, whether the report has submitted and the manager's own assessment.
pub async fn overview(services: &Services, actor: &Actor) -> ServiceResult<Vec<domain::rubric::assessment::CycleWork>> {
    use domain::rubric::assessment::{CycleWork, ReportWork};
    let cycles = super::cycles::list(services, actor).await?;
    let me = crate::identity::people::get(services, actor, actor.person_id).await?;
    let mut conn = services.conn().await?;
    let mut out = Vec::new();
    for cycle in cycles.into_iter().filter(|c| c.status == domain::rubric::cycle::CycleStatus::Open) {
        let filter = ListFilter {
            viewer: actor.person_id,
            all_submitted: false,
            cycle: Some(cycle.id),
            person: None,
            limit: 1000,
            offset: 0,
        };
        let rows: Vec<AssessmentSummary> = db::rubric::assessments::list(&mut conn, actor.organization_id, &filter)
            .await?
            .into_iter()
            .map(summary)
            .collect();
        // Amendments are newer: the last one listed for a (person, kind, author) wins.
        let newest = |person: Uuid, kind: AssessmentKind, author: Option<Uuid>| {
            rows.iter()
                .filter(|a| a.person.id == person && a.kind == kind && author.is_none_or(|x| a.author.id == x))
                .max_by_key(|a| (a.amends_id.is_some(), a.updated_at))
                .cloned()
        };
        let mine = newest(actor.person_id, AssessmentKind::SelfAssessment, Some(actor.person_id));
        let reports = me
            .reports
            .iter()
            .map(|r| ReportWork {
                person: r.clone(),
                self_submitted: rows.iter().any(|a| {
                    a.person.id == r.id
                        && a.kind == AssessmentKind::SelfAssessment
                        && a.status == AssessmentStatus::Submitted
                }),
                assessment: newest(r.id, AssessmentKind::Manager, Some(actor.person_id)),
            })
            .collect();
        out.push(CycleWork { cycle, mine, reports });
    }
    Ok(out)
}

/// What the author of a manager assessment sees beside each competency ([`Beside`]): the
/// person's own submitted view in the same cycle, the expected level, and the manager
/// rating of the newest earlier cycle. Read with the author's own rights (a manager may
/// read the submitted assessments and the profile of the people below them); nothing for
/// a self-assessment or for someone who is not the author.
pub async fn beside(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<domain::rubric::assessment::Beside> {
    use domain::rubric::assessment::{Beside, BesideRow};
    let a = get(services, actor, id).await?;
    let s = &a.summary;
    if s.kind != AssessmentKind::Manager || s.author.id != actor.person_id {
        return Ok(Beside { cycle_name: s.cycle_name.clone(), ..Beside::default() });
    }
    let theirs = list(
        services,
        actor,
        &ListQuery { cycle: Some(s.cycle_id), person: Some(s.person.id), limit: Some(200), offset: None },
    )
    .await?
    .into_iter()
    .filter(|x| {
        x.kind == AssessmentKind::SelfAssessment && x.status == AssessmentStatus::Submitted && x.amended_by_id.is_none()
    })
    .max_by_key(|x| x.submitted_at);
    let own = match &theirs {
        Some(x) => get(services, actor, x.id).await?.ratings,
        None => Vec::new(),
    };
    let profile = super::standing::person(services, actor, s.person.id, Some(a.framework.framework_id)).await?;
    // history is newest first; an amended entry was replaced by its amendment
    let previous =
        profile.history.iter().find(|h| h.cycle_id != s.cycle_id && h.kind == AssessmentKind::Manager && !h.amended);
    let rows = profile
        .rows
        .iter()
        .map(|r| BesideRow {
            competency: r.slug.clone(),
            expected: r.expected,
            own: own.iter().find(|o| o.competency == r.slug).cloned(),
            previous: previous.and_then(|h| h.levels.get(&r.slug).copied()),
        })
        .collect();
    Ok(Beside {
        cycle_name: s.cycle_name.clone(),
        self_assessment_id: theirs.map(|x| x.id),
        role_profile: profile.role_profile.map(|p| p.name),
        previous_cycle: previous.map(|h| h.cycle_name.clone()),
        rows,
    })
}
