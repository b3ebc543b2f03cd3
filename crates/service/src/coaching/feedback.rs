//! Giving feedback, reading it, editing it within the author's day, amending it after
//! (the replaced text kept, with a reason), acknowledging and replying.
//!
//! The audit log records who wrote to whom, the kind and the visibility, never the text:
//! admins read the log, and a private note is its author's alone.

use crate::actor::Actor;
use crate::interviews::person;
use crate::{ServiceError, ServiceResult, Services, audit, policy};
use chrono::Utc;
use db::coaching::feedback::{EntryRow, Side, Wording};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::coaching::feedback::{
    self, Amendment, CheckedFeedback, CompetencyRef, EDIT_WINDOW, FeedbackAmend, FeedbackEntry, FeedbackInput,
    FeedbackKind, FeedbackPage, Reply, ReplyInput, Visibility,
};
use domain::coaching::hints::hints;
use domain::validate::{self, FieldErrors};
use uuid::Uuid;

pub const DEFAULT_PAGE_SIZE: i64 = 25;
pub const MAX_PAGE_SIZE: i64 = 100;

fn wording(c: &CheckedFeedback) -> Wording<'_> {
    Wording {
        kind: c.kind.as_str(),
        visibility: c.visibility.as_str(),
        situation: &c.situation,
        behaviour: &c.behaviour,
        impact: &c.impact,
        next_step: &c.next_step,
        competency_ids: &c.competency_ids,
    }
}

/// What the audit log keeps of an entry: who, to whom, how; never the words.
fn audit_state(author: Uuid, recipient: Uuid, c: &CheckedFeedback) -> serde_json::Value {
    serde_json::json!({
        "author_id": author, "recipient_id": recipient, "kind": c.kind.as_str(),
        "visibility": c.visibility.as_str(), "competency_ids": c.competency_ids,
    })
}

/// The linked competencies must be of a published framework version of the organization.
async fn competencies(conn: &mut AsyncPgConnection, org: Uuid, ids: &[Uuid]) -> ServiceResult<Vec<CompetencyRef>> {
    let found = db::coaching::published_competencies(conn, org, ids).await?;
    if found.len() != ids.len() {
        let mut problems = FieldErrors::new();
        problems.add("competency_ids", "Link competencies of a published framework of your organization");
        return Err(ServiceError::validation(problems));
    }
    Ok(found.into_iter().map(|c| CompetencyRef { id: c.id, name: c.name }).collect())
}

pub async fn give(services: &Services, actor: &Actor, input: &FeedbackInput) -> ServiceResult<FeedbackEntry> {
    let checked = feedback::check(input).map_err(ServiceError::validation)?;
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    let recipient = input.recipient_id;
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let status = db::coaching::person_status(conn, org, recipient).await?;
        policy::require_feedback_recipient(&actor, recipient, status.as_deref())?;
        competencies(conn, org, &checked.competency_ids).await?;
        let id =
            db::coaching::feedback::insert(conn, org, actor.person_id, recipient, None, &wording(&checked)).await?;
        let entry = audit::Entry::new("feedback.given", "feedback", id).after(&audit_state(
            actor.person_id,
            recipient,
            &checked,
        ));
        audit::record(conn, Some(&actor), org, entry).await?;
        load(conn, &actor, id).await
    })
    .await
}

/// One entry, if the reader may read it (404 otherwise: to others it does not exist).
pub async fn get(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<FeedbackEntry> {
    let mut conn = services.conn().await?;
    load(&mut conn, actor, id).await
}

pub(crate) async fn load(conn: &mut AsyncPgConnection, actor: &Actor, id: Uuid) -> ServiceResult<FeedbackEntry> {
    let row = db::coaching::feedback::get_for(conn, actor.organization_id, actor.person_id, id)
        .await?
        .ok_or_else(|| ServiceError::not_found("Feedback"))?;
    Ok(views(conn, actor, vec![row]).await?.remove(0))
}

/// Entries as their reader sees them: with competency names, amendments and replies, and
/// the quality hints for their author.
async fn views(conn: &mut AsyncPgConnection, actor: &Actor, rows: Vec<EntryRow>) -> ServiceResult<Vec<FeedbackEntry>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut competency_ids: Vec<Uuid> = rows.iter().flat_map(|r| r.competency_ids.iter().copied()).collect();
    competency_ids.sort();
    competency_ids.dedup();
    let names = db::coaching::published_competencies(conn, actor.organization_id, &competency_ids).await?;
    let amendments = db::coaching::feedback::amendments(conn, &ids).await?;
    let replies = db::coaching::feedback::replies(conn, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mine = r.author_id == actor.person_id;
            FeedbackEntry {
                id: r.id,
                author: person(r.author_id, r.author_name),
                recipient: person(r.recipient_id, r.recipient_name),
                kind: FeedbackKind::parse(&r.kind).unwrap_or(FeedbackKind::Constructive),
                visibility: Visibility::parse(&r.visibility).unwrap_or(Visibility::Private),
                hints: if mine { hints(&r.situation, &r.behaviour, &r.impact) } else { Vec::new() },
                situation: r.situation,
                behaviour: r.behaviour,
                impact: r.impact,
                next_step: r.next_step,
                competencies: names
                    .iter()
                    .filter(|c| r.competency_ids.contains(&c.id))
                    .map(|c| CompetencyRef { id: c.id, name: c.name.clone() })
                    .collect(),
                request_id: r.request_id,
                acknowledged_at: r.acknowledged_at,
                created_at: r.created_at,
                edited_at: r.edited_at,
                editable_until: r.created_at + EDIT_WINDOW,
                amendments: amendments
                    .iter()
                    .filter(|a| a.entry_id == r.id)
                    .map(|a| Amendment {
                        reason: a.reason.clone(),
                        previous_situation: a.previous_situation.clone(),
                        previous_behaviour: a.previous_behaviour.clone(),
                        previous_impact: a.previous_impact.clone(),
                        previous_next_step: a.previous_next_step.clone(),
                        at: a.created_at,
                    })
                    .collect(),
                replies: replies
                    .iter()
                    .filter(|x| x.entry_id == r.id)
                    .map(|x| Reply {
                        id: x.id,
                        author: person(x.author_id, x.author_name.clone()),
                        body: x.body.clone(),
                        at: x.created_at,
                    })
                    .collect(),
                version: r.version,
            }
        })
        .collect())
}

/// Which list: what the reader gave, received, or (a manager, HR) what someone received
/// as far as the reader may read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    Given,
    Received,
    About(Uuid),
}

/// A page of entries the reader may read, newest first (keyset: `before` is the `next`
/// of the previous page).
pub async fn list(
    services: &Services,
    actor: &Actor,
    listing: Listing,
    before: Option<&str>,
    per_page: Option<i64>,
) -> ServiceResult<FeedbackPage> {
    let per_page = per_page.unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, MAX_PAGE_SIZE);
    let before = before.map(domain::coaching::Cursor::parse).transpose().map_err(|problem| {
        let mut problems = FieldErrors::new();
        problems.add("before", problem);
        ServiceError::validation(problems)
    })?;
    let side = match listing {
        Listing::Given => Side::Given,
        Listing::Received => Side::Received,
        Listing::About(p) => Side::About(p),
    };
    let mut conn = services.conn().await?;
    let mut rows = db::coaching::feedback::list_for(
        &mut conn,
        actor.organization_id,
        actor.person_id,
        side,
        before.map(|c| (c.at, c.id)),
        per_page + 1,
    )
    .await?;
    let next = (rows.len() as i64 > per_page).then(|| {
        rows.truncate(per_page as usize);
        let last = rows.last().expect("a full page");
        domain::coaching::Cursor { at: last.created_at, id: last.id }.to_string()
    });
    let items = views(&mut conn, actor, rows).await?;
    Ok(FeedbackPage { items, next })
}

/// An edit by the author within the window (no reason), or an amendment after it (a
/// reason required; the replaced text kept). The recipient cannot be changed.
pub async fn amend(
    services: &Services,
    actor: &Actor,
    id: Uuid,
    input: &FeedbackAmend,
) -> ServiceResult<FeedbackEntry> {
    let checked = feedback::check(&input.entry).map_err(ServiceError::validation)?;
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    let input = input.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let Some(before) = db::coaching::feedback::lock_own(conn, org, actor.person_id, id).await? else {
            // someone else's entry is refused as such only when the reader may read it
            return match db::coaching::feedback::get_for(conn, org, actor.person_id, id).await? {
                Some(r) => {
                    policy::require_feedback_author(&actor, r.author_id).and(Err(ServiceError::not_found("Feedback")))
                }
                None => Err(ServiceError::not_found("Feedback")),
            };
        };
        policy::require_feedback_author(&actor, before.author_id)?;
        if input.entry.recipient_id != before.recipient_id {
            let mut problems = FieldErrors::new();
            problems.add("recipient_id", "Feedback stays with the person it was written to; write a new entry instead");
            return Err(ServiceError::validation(problems));
        }
        if before.version != input.version {
            return Err(ServiceError::stale(before.version));
        }
        competencies(conn, org, &checked.competency_ids).await?;
        let amended = !feedback::within_edit_window(before.created_at, Utc::now());
        if amended {
            let reason = validate::text(&input.reason, "the reason for the amendment", feedback::REASON_MAX).map_err(
                |problem| {
                    let mut problems = FieldErrors::new();
                    problems.add("reason", format!("{problem}: the day to edit freely has passed"));
                    ServiceError::validation(problems)
                },
            )?;
            db::coaching::feedback::keep_amended(conn, org, &before, &reason).await?;
        }
        if db::coaching::feedback::rewrite(conn, org, id, before.version, &wording(&checked)).await? != 1 {
            return Err(ServiceError::stale(before.version));
        }
        let action = if amended { "feedback.amended" } else { "feedback.edited" };
        let mut state = audit_state(before.author_id, before.recipient_id, &checked);
        if amended {
            state["reason"] = serde_json::Value::String(input.reason.trim().to_string());
        }
        audit::record(conn, Some(&actor), org, audit::Entry::new(action, "feedback", id).after(&state)).await?;
        load(conn, &actor, id).await
    })
    .await
}

/// The recipient (or the author, answering) replies to a shared entry.
pub async fn reply(services: &Services, actor: &Actor, id: Uuid, input: &ReplyInput) -> ServiceResult<FeedbackEntry> {
    let body = validate::text(&input.body, "the reply", feedback::PART_MAX).map_err(|problem| {
        let mut problems = FieldErrors::new();
        problems.add("body", problem);
        ServiceError::validation(problems)
    })?;
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let entry = load(conn, &actor, id).await?;
        policy::require_feedback_party(
            &actor,
            entry.author.id,
            entry.recipient.id,
            entry.visibility,
            "reply to this feedback",
        )?;
        let reply = db::coaching::feedback::insert_reply(conn, org, id, actor.person_id, &body).await?;
        let state = serde_json::json!({ "entry_id": id, "reply_id": reply });
        audit::record(conn, Some(&actor), org, audit::Entry::new("feedback.replied", "feedback", id).after(&state))
            .await?;
        load(conn, &actor, id).await
    })
    .await
}

/// The recipient marks a shared entry read and taken in (once).
pub async fn acknowledge(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<FeedbackEntry> {
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let entry = load(conn, &actor, id).await?;
        policy::require_feedback_recipient_of(&actor, entry.recipient.id, entry.visibility)?;
        if db::coaching::feedback::acknowledge(conn, org, id, actor.person_id).await? {
            audit::record(conn, Some(&actor), org, audit::Entry::new("feedback.acknowledged", "feedback", id)).await?;
        }
        load(conn, &actor, id).await
    })
    .await
}
