//! Interview plans per role profile, versioned like frameworks: a draft is edited as a
//! whole document; publishing checks it against its framework version and freezes it;
//! loops pin the version they run. Everyone reads plans (interviewers use them in
//! kits); hiring staff write them.

use crate::actor::Actor;
use crate::{ServiceError, ServiceResult, Services, audit, policy};
use db::interviews::plans::{PlanRow, VersionRow};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::interviews::dto::{NewPlan, PlanDraftSave, PlanSummary, PlanVersion, PublishPlan};
use domain::interviews::plan::{self, PlanDoc};
use domain::validate::{self, FieldErrors};
use uuid::Uuid;

fn summary(r: PlanRow) -> PlanSummary {
    PlanSummary {
        id: r.id,
        name: r.name,
        role_profile_id: r.role_profile_id,
        role_profile_name: r.role_profile_name,
        published_number: r.published_number,
        published_version_id: r.published_id,
        published_at: r.published_at,
        draft_version_id: r.draft_id,
        loop_count: r.loop_count,
    }
}

fn version_view(v: VersionRow) -> PlanVersion {
    PlanVersion {
        id: v.id,
        plan_id: v.plan_id,
        number: v.number,
        status: v.status,
        framework_version_id: v.framework_version_id,
        document: serde_json::from_value(v.document).unwrap_or_default(),
        change_note: v.change_note,
        published_at: v.published_at,
        version: v.version,
    }
}

pub async fn list(services: &Services, actor: &Actor) -> ServiceResult<Vec<PlanSummary>> {
    let mut conn = services.conn().await?;
    Ok(db::interviews::plans::list(&mut conn, actor.organization_id).await?.into_iter().map(summary).collect())
}

pub async fn get(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<PlanSummary> {
    let mut conn = services.conn().await?;
    load(&mut conn, actor.organization_id, id).await
}

async fn load(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> ServiceResult<PlanSummary> {
    db::interviews::plans::get(conn, org, id)
        .await?
        .map(summary)
        .ok_or_else(|| ServiceError::not_found("Interview plan"))
}

/// A version of a plan by id (a loop's pinned version, a draft).
pub async fn version(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<PlanVersion> {
    let mut conn = services.conn().await?;
    let v = db::interviews::plans::version(&mut conn, actor.organization_id, id).await?;
    match v {
        Some(v) if v.status == "published" || policy::is_hiring_staff(actor) => Ok(version_view(v)),
        _ => Err(ServiceError::not_found("Plan version")),
    }
}

/// Structure problems of a document against its framework version's competencies and
/// the organization's exercises.
async fn check(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    framework_version: Uuid,
    doc: &PlanDoc,
    rules: fn(&PlanDoc, &[&str], &[Uuid]) -> FieldErrors,
) -> ServiceResult<FieldErrors> {
    let competencies = db::rubric::catalog::competencies(conn, framework_version).await?;
    let slugs: Vec<&str> = competencies.iter().map(|c| c.slug.as_str()).collect();
    let wanted: Vec<Uuid> = doc.stages.iter().flat_map(|s| s.items.iter().filter_map(|i| i.exercise_id)).collect();
    let exercises = db::interviews::exercises::existing(conn, org, &wanted).await?;
    Ok(rules(doc, &slugs, &exercises))
}

/// Trims what people type; keeps the order.
fn tidy(mut doc: PlanDoc) -> PlanDoc {
    for s in &mut doc.stages {
        s.name = s.name.trim().to_string();
        for i in &mut s.items {
            i.text = i.text.trim().to_string();
        }
        for c in &mut s.competencies {
            c.competency = c.competency.trim().to_string();
            c.notes = c.notes.trim().to_string();
        }
    }
    doc
}

/// A new plan for a role profile, with its first draft against the profile's framework
/// version. The draft may be unfinished; publishing asks for a complete plan.
pub async fn create(services: &Services, actor: &Actor, input: &NewPlan) -> ServiceResult<PlanVersion> {
    policy::require_hiring_staff(actor, "build interview plans")?;
    let mut problems = FieldErrors::new();
    let name = problems.check("name", validate::text(&input.name, "a name", 200));
    let doc = tidy(input.document.clone());
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    let role_profile = input.role_profile_id;
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let Some(profile) = db::rubric::role_profiles::get(conn, org, role_profile).await? else {
            problems.add("role_profile_id", "No such role profile");
            return Err(ServiceError::validation(problems));
        };
        let Some(name) = name else { return Err(ServiceError::validation(problems)) };
        if db::interviews::plans::by_name(conn, org, &name).await?.is_some() {
            return Err(ServiceError::name_taken("an interview plan", &name));
        }
        // a draft may lack stages or competencies; what it names must exist
        for (field, problem) in check(conn, org, profile.framework.version_id, &doc, plan::check_draft).await?.0 {
            problems.add(&field, problem);
        }
        if !problems.is_empty() {
            return Err(ServiceError::validation(problems));
        }
        let plan = db::interviews::plans::insert_plan(conn, org, role_profile, &name, Some(actor.person_id)).await?;
        let document = serde_json::to_value(&doc).unwrap_or_default();
        let v = db::interviews::plans::insert_draft(
            conn,
            org,
            plan,
            1,
            profile.framework.version_id,
            &document,
            Some(actor.person_id),
        )
        .await?;
        let view = version_view(v);
        let entry = audit::Entry::new("interview_plan.created", "interview_plan", plan).after(&view);
        audit::record(conn, Some(&actor), org, entry).await?;
        Ok(view)
    })
    .await
}

/// Saves a draft's whole document if it is still at `save.version` (else 409).
pub async fn save_draft(
    services: &Services,
    actor: &Actor,
    plan_id: Uuid,
    save: &PlanDraftSave,
) -> ServiceResult<PlanVersion> {
    policy::require_hiring_staff(actor, "edit interview plans")?;
    let doc = tidy(save.document.clone());
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    let expected = save.version;
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        if !db::interviews::plans::lock(conn, org, plan_id).await? {
            return Err(ServiceError::not_found("Interview plan"));
        }
        let draft = draft_of(conn, org, plan_id).await?;
        let named = check(conn, org, draft.framework_version_id, &doc, plan::check_draft).await?;
        if !named.is_empty() {
            return Err(ServiceError::validation(named));
        }
        let document = serde_json::to_value(&doc).unwrap_or_default();
        let saved = db::interviews::plans::save_draft(conn, draft.id, expected, &document)
            .await?
            .ok_or_else(|| ServiceError::stale(draft.version))?;
        Ok(version_view(saved))
    })
    .await
}

async fn draft_of(conn: &mut AsyncPgConnection, org: Uuid, plan_id: Uuid) -> ServiceResult<VersionRow> {
    db::interviews::plans::latest(conn, org, plan_id, false)
        .await?
        .ok_or_else(|| ServiceError::conflict("This plan has no draft: start one from the published version"))
}

/// Publishes the draft: a complete plan (every stage rates at least one competency),
/// frozen, its stages written as rows that loops and scorecards point at.
pub async fn publish(services: &Services, actor: &Actor, plan_id: Uuid, p: &PublishPlan) -> ServiceResult<PlanVersion> {
    policy::require_hiring_staff(actor, "publish interview plans")?;
    let mut problems = FieldErrors::new();
    let note = problems.check("change_note", validate::optional_text(Some(&p.change_note), "the change note", 2000));
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    let expected = p.version;
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        if !db::interviews::plans::lock(conn, org, plan_id).await? {
            return Err(ServiceError::not_found("Interview plan"));
        }
        let draft = draft_of(conn, org, plan_id).await?;
        if draft.version != expected {
            return Err(ServiceError::stale(draft.version));
        }
        let doc: PlanDoc = serde_json::from_value(draft.document.clone()).unwrap_or_default();
        let structure = check(conn, org, draft.framework_version_id, &doc, plan::check).await?;
        for (field, problem) in structure.0 {
            problems.add(&field, problem);
        }
        let Some(note) = note.filter(|_| problems.is_empty()) else { return Err(ServiceError::validation(problems)) };
        let competencies = db::rubric::catalog::competencies(conn, draft.framework_version_id).await?;
        for (position, stage) in (0..).zip(&doc.stages) {
            let ids = stage
                .competencies
                .iter()
                .filter_map(|c| competencies.iter().find(|k| k.slug == c.competency).map(|k| k.id))
                .collect();
            let new = db::interviews::plans::NewStage {
                organization_id: org,
                plan_version_id: draft.id,
                framework_version_id: draft.framework_version_id,
                position,
                name: &stage.name,
                kind: stage.kind.as_str(),
                blind: stage.blind,
                minutes: stage.minutes,
                competencies: ids,
            };
            db::interviews::plans::insert_stage(conn, &new).await?;
        }
        db::interviews::plans::mark_published(conn, draft.id, Some(actor.person_id), &note).await?;
        let published = db::interviews::plans::version(conn, org, draft.id)
            .await?
            .map(version_view)
            .ok_or_else(|| ServiceError::not_found("Plan version"))?;
        let entry = audit::Entry::new("interview_plan.published", "interview_plan", plan_id).after(&published);
        audit::record(conn, Some(&actor), org, entry).await?;
        Ok(published)
    })
    .await
}

/// Starts a new draft from the newest published version (its document copied), against
/// the role profile's current framework version.
pub async fn new_draft(services: &Services, actor: &Actor, plan_id: Uuid) -> ServiceResult<PlanVersion> {
    policy::require_hiring_staff(actor, "edit interview plans")?;
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        if !db::interviews::plans::lock(conn, org, plan_id).await? {
            return Err(ServiceError::not_found("Interview plan"));
        }
        if db::interviews::plans::latest(conn, org, plan_id, false).await?.is_some() {
            return Err(ServiceError::conflict("This plan already has a draft"));
        }
        let published = db::interviews::plans::latest(conn, org, plan_id, true)
            .await?
            .ok_or_else(|| ServiceError::not_found("Plan version"))?;
        let plan = load(conn, org, plan_id).await?;
        let profile = db::rubric::role_profiles::get(conn, org, plan.role_profile_id)
            .await?
            .ok_or_else(|| ServiceError::not_found("Role profile"))?;
        let number = db::interviews::plans::next_number(conn, plan_id).await?;
        let v = db::interviews::plans::insert_draft(
            conn,
            org,
            plan_id,
            number,
            profile.framework.version_id,
            &published.document,
            Some(actor.person_id),
        )
        .await?;
        let view = version_view(v);
        let entry = audit::Entry::new("interview_plan.draft_started", "interview_plan", plan_id).after(&view);
        audit::record(conn, Some(&actor), org, entry).await?;
        Ok(view)
    })
    .await
}

/// Throws the draft away (the published versions stay).
pub async fn discard_draft(services: &Services, actor: &Actor, plan_id: Uuid) -> ServiceResult<()> {
    policy::require_hiring_staff(actor, "edit interview plans")?;
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        if !db::interviews::plans::lock(conn, org, plan_id).await? {
            return Err(ServiceError::not_found("Interview plan"));
        }
        let draft = draft_of(conn, org, plan_id).await?;
        if draft.number == 1 {
            return Err(ServiceError::conflict(
                "The first draft of a plan is the plan: edit it instead of discarding it",
            ));
        }
        db::interviews::plans::discard_draft(conn, draft.id).await?;
        let entry =
            audit::Entry::new("interview_plan.draft_discarded", "interview_plan", plan_id).before(&version_view(draft));
        audit::record(conn, Some(&actor), org, entry).await?;
        Ok(())
    })
    .await
}

/// What a plan version's stages may rate: its framework version's competencies as
/// (slug, name, area), in framework order. The plan editor offers these.
pub async fn competencies(
    services: &Services,
    actor: &Actor,
    version_id: Uuid,
) -> ServiceResult<Vec<(String, String, String)>> {
    let v = version(services, actor, version_id).await?;
    let mut conn = services.conn().await?;
    let rows = db::rubric::catalog::competencies(&mut conn, v.framework_version_id).await?;
    Ok(rows.into_iter().map(|c| (c.slug, c.name, c.area)).collect())
}

/// The stages of a published plan version and what each rates, kept between requests
/// (`Caches::published_stages`; read again at most once a minute, as every kept report):
/// a published version's stage rows never change (triggers refuse it), so they are kept at
/// a generation that never moves, and every loop page, scorecard save and debrief needs
/// them. A version with no rows (a draft) is not kept:
/// publishing writes its rows later under the same id.
pub(crate) async fn published_stages(
    services: &Services,
    conn: &mut diesel_async::AsyncPgConnection,
    org: Uuid,
    version: Uuid,
) -> ServiceResult<std::sync::Arc<Vec<db::interviews::plans::StageCompetencyRow>>> {
    const FROZEN: i64 = 0;
    let kept = &services.caches().published_stages;
    let key = (org, crate::report_cache::variant_key(&version));
    if let Some(hit) = kept.get(key, FROZEN, 0) {
        return Ok(hit);
    }
    let rows = db::interviews::plans::stages(conn, org, version).await?;
    if rows.is_empty() {
        return Ok(std::sync::Arc::new(rows));
    }
    Ok(kept.put(key, FROZEN, 0, rows))
}
