//! Candidates: external people with their consent and a retention date. Hiring staff
//! read and write them; HR exports or erases one on request; a daily job anonymises those
//! past their date (`retention`).

use crate::actor::Actor;
use crate::edit::{self, Record};
use crate::{ServiceError, ServiceResult, Services, audit, policy};
use chrono::{Days, Utc};
use db::interviews::candidates::{CandidateRow, Fields};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::interviews::dto::{Candidate, CandidateInput, CandidatePage};
use domain::validate::{self, Email, FieldErrors};
use uuid::Uuid;

pub const DEFAULT_PAGE_SIZE: i64 = 50;
pub const MAX_PAGE_SIZE: i64 = 200;

pub(crate) fn view(r: CandidateRow) -> Candidate {
    Candidate {
        id: r.id,
        name: r.name,
        email: r.email,
        source: r.source,
        notes: r.notes,
        consent_at: r.consent_at,
        retain_until: r.retain_until,
        anonymised: r.anonymised_at.is_some(),
        created_at: r.created_at,
        version: r.version,
    }
}

struct Checked {
    name: String,
    email: String,
    source: String,
    notes: String,
}

fn check(input: &CandidateInput) -> Result<Checked, FieldErrors> {
    let mut problems = FieldErrors::new();
    let name = problems.check("name", validate::text(&input.name, "the candidate's name", 200));
    let email = problems.check("email", Email::parse(&input.email));
    let source = problems.check("source", validate::optional_text(Some(&input.source), "the source", 200));
    let notes = problems.check("notes", validate::optional_text(Some(&input.notes), "the notes", 8000));
    if let Some(d) = input.retain_until
        && d < Utc::now().date_naive()
    {
        problems.add("retain_until", "Choose a date from today on");
    }
    match (name, email, source, notes) {
        (Some(name), Some(email), Some(source), Some(notes)) if problems.is_empty() => {
            Ok(Checked { name, email: email.as_str().to_string(), source, notes })
        }
        _ => Err(problems),
    }
}

pub async fn list(
    services: &Services,
    actor: &Actor,
    q: Option<&str>,
    page: Option<i64>,
    per_page: Option<i64>,
) -> ServiceResult<CandidatePage> {
    policy::require_candidate_reader(actor)?;
    let per_page = per_page.unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, MAX_PAGE_SIZE);
    let page = page.unwrap_or(1).clamp(1, 1_000_000);
    let q = q.map(str::trim).filter(|s| !s.is_empty());
    let mut conn = services.conn().await?;
    let (rows, total) =
        db::interviews::candidates::list(&mut conn, actor.organization_id, q, (page - 1) * per_page, per_page).await?;
    Ok(CandidatePage { items: rows.into_iter().map(view).collect(), total, page, per_page })
}

pub async fn get(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<Candidate> {
    policy::require_candidate_reader(actor)?;
    let mut conn = services.conn().await?;
    load(&mut conn, actor.organization_id, id).await
}

pub(crate) async fn load(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid) -> ServiceResult<Candidate> {
    db::interviews::candidates::get(conn, org, id).await?.map(view).ok_or_else(|| ServiceError::not_found("Candidate"))
}

pub async fn create(services: &Services, actor: &Actor, input: &CandidateInput) -> ServiceResult<Candidate> {
    policy::require_hiring_staff(actor, "add candidates")?;
    let c = check(input).map_err(ServiceError::validation)?;
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    let (consent, retain) = (input.consent, input.retain_until);
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let days = db::interviews::candidates::retention_days(conn, org).await?;
        let retain_until = retain.or_else(|| Utc::now().date_naive().checked_add_days(Days::new(days as u64)));
        let f = Fields {
            name: &c.name,
            email: &c.email,
            source: &c.source,
            notes: &c.notes,
            consent_at: consent.then(Utc::now),
            retain_until,
        };
        let id = db::interviews::candidates::insert(conn, org, &f, Some(actor.person_id)).await?;
        edit::created(conn, &actor, Record::new("candidate", id), async |conn| load(conn, org, id).await).await
    })
    .await
}

pub async fn update(
    services: &Services,
    actor: &Actor,
    id: Uuid,
    input: &CandidateInput,
    expected: i32,
) -> ServiceResult<Candidate> {
    policy::require_hiring_staff(actor, "edit candidates")?;
    let c = check(input).map_err(ServiceError::validation)?;
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    let (consent, retain) = (input.consent, input.retain_until);
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let before = load(conn, org, id).await?;
        if before.anonymised {
            return Err(ServiceError::conflict("This candidate's data was removed; there is nothing to edit"));
        }
        let f = Fields {
            name: &c.name,
            email: &c.email,
            source: &c.source,
            notes: &c.notes,
            // consent keeps the moment it was first given
            consent_at: if consent { before.consent_at.or_else(|| Some(Utc::now())) } else { None },
            retain_until: retain.or(before.retain_until),
        };
        edit::updated(
            conn,
            &actor,
            Record::new("candidate", id),
            (&before, before.version),
            async |conn| Ok(db::interviews::candidates::update(conn, org, id, expected, &f).await?),
            async |conn| load(conn, org, id).await,
        )
        .await
    })
    .await
}

/// Everything Hatrack holds about a candidate, as one JSON document (a data request):
/// the record, the loops and their decisions, and the work samples (text and each file's
/// name, type and size; the files themselves are read inside Hatrack).
pub async fn export(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<serde_json::Value> {
    policy::require_candidate_steward(actor, "export a candidate's data")?;
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    let candidate = load(&mut conn, org, id).await?;
    let loops = super::loops::of_candidate(&mut conn, org, id).await?;
    let work_samples = super::work_samples::export_of(&mut conn, org, id).await?;
    let entry = audit::Entry::new("candidate.exported", "candidate", id);
    audit::record(&mut conn, Some(actor), org, entry).await?;
    Ok(serde_json::json!({ "candidate": candidate, "loops": loops, "work_samples": work_samples }))
}

/// Removes what identifies the candidate now (an erasure request): name, email, source,
/// notes and work-sample submissions. Ratings stay for the statistics, under the loop code.
pub async fn erase(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<Candidate> {
    policy::require_candidate_steward(actor, "erase a candidate's data")?;
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        load(conn, org, id).await?;
        anonymise(conn, Some(&actor), org, id, "candidate.erased").await?;
        load(conn, org, id).await
    })
    .await
}

async fn anonymise(
    conn: &mut AsyncPgConnection,
    actor: Option<&Actor>,
    org: Uuid,
    id: Uuid,
    action: &str,
) -> ServiceResult<bool> {
    let done = db::interviews::candidates::anonymise(conn, org, id).await?;
    if done {
        audit::record(conn, actor, org, audit::Entry::new(action, "candidate", id)).await?;
    }
    Ok(done)
}

/// The retention job: anonymises every candidate past their retention date (those hired
/// have none). `dry_run` only counts. Returns the candidates concerned.
pub async fn retention(services: &Services, dry_run: bool) -> ServiceResult<Vec<(Uuid, Uuid)>> {
    let mut conn = services.conn().await?;
    let due = db::interviews::candidates::due_for_retention(&mut conn, Utc::now().date_naive()).await?;
    if dry_run {
        return Ok(due);
    }
    for (org, id) in &due {
        let (org, id) = (*org, *id);
        conn.transaction::<_, ServiceError, _>(async move |conn| {
            anonymise(conn, None, org, id, "candidate.anonymised").await.map(|_| ())
        })
        .await?;
    }
    Ok(due)
}
