//! Work samples. The hiring manager or HR sends the candidate a private link to a
//! work-sample stage (256 random bits; only their SHA-256 is kept; 7 days by default, 1 to
//! 30); the candidate, with no account, reads the stage's brief and sends text and files
//! through it once. The hiring manager may also attach a sample received another way.
//! Graders read the submissions inside Hatrack: a blind grader who has not submitted
//! their scorecard sees `file-1.pdf`, never the names the candidate chose.
//!
//! The token endpoints are public, so they are throttled in PostgreSQL as sign-in is (the
//! `login_throttle` table, under keys of their own), per link and per client address.

use super::loops::seen;
use crate::actor::Actor;
use crate::auth::{sessions, throttle};
use crate::{ServiceError, ServiceResult, Services, audit, policy};
use chrono::{DateTime, Duration, Utc};
use db::interviews::work_samples::{self as q, FileRow, LinkRow};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::ErrorCode;
use domain::interviews::plan::{PlanDoc, StageKind};
use domain::interviews::work_samples::{
    self as ws, Brief, BriefExercise, CheckedFile, LinkCreated, LinkInfo, LinkState, NewLink, Receipt, Submission,
    SubmissionFile, Upload, UploadLimits, WorkSamples,
};
use domain::validate::FieldErrors;
use uuid::Uuid;

/// Requests one link may take, and one client address across links, in a window.
pub const LINK_LIMIT: i32 = 30;
pub const ADDRESS_LIMIT: i32 = 100;
/// The window is sign-in's, so pruning either keeps both right.
pub const WINDOW_SECONDS: i32 = throttle::WINDOW_SECONDS;
pub const FIRST_PAUSE_SECONDS: i32 = 60;
pub const LONGEST_PAUSE_SECONDS: i32 = 15 * 60;

/// Keys of the throttle table: the link by a part of its hash (never the token), and the
/// address apart from sign-in's, so a candidate's reloads never pause anyone's sign-in.
fn link_key(hash: &[u8]) -> String {
    let hex: String = hash.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("work-sample:{hex}")
}

fn address_key(ip: &str) -> String {
    format!("work-sample-ip:{ip}")
}

/// Every request to a token endpoint counts against its link and its address, whatever
/// the answer: a candidate needs a few, guessing or flooding needs many.
async fn count(conn: &mut AsyncPgConnection, keys: [String; 2]) -> ServiceResult<()> {
    use db::identity::throttle::{Backoff, prune, record_failure};
    let backoff = |limit| Backoff {
        limit,
        window_seconds: WINDOW_SECONDS,
        first_pause_seconds: FIRST_PAUSE_SECONDS,
        longest_pause_seconds: LONGEST_PAUSE_SECONDS,
    };
    let [link, address] = keys;
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        prune(conn, WINDOW_SECONDS).await?;
        record_failure(conn, &link, backoff(LINK_LIMIT)).await?;
        record_failure(conn, &address, backoff(ADDRESS_LIMIT)).await?;
        Ok(())
    })
    .await
}

fn state_of(link: &LinkRow, now: DateTime<Utc>) -> LinkState {
    match LinkState::of(link.used_at, link.revoked_at, link.expires_at, now) {
        // the candidate's data was removed: the link goes with it
        LinkState::Open if link.candidate_anonymised => LinkState::Revoked,
        state => state,
    }
}

fn info(link: &LinkRow) -> LinkInfo {
    LinkInfo {
        id: link.id,
        loop_stage_id: link.loop_stage_id,
        state: state_of(link, Utc::now()),
        created_at: link.created_at,
        created_by: link.created_by.map(|id| super::person(id, link.created_by_name.clone().unwrap_or_default())),
        expires_at: link.expires_at,
        used_at: link.used_at,
        revoked_at: link.revoked_at,
    }
}

fn unknown_link() -> ServiceError {
    ServiceError::not_found("Work-sample link")
        .with_field("token", "No such link; check you copied the whole address from your message")
}

/// A link the candidate presented: counted, found and open. Only [`admit`] makes one.
pub struct Admitted {
    hash: Vec<u8>,
    link: LinkRow,
}

async fn admit_on(conn: &mut AsyncPgConnection, token: &str, client_ip: &str) -> ServiceResult<Admitted> {
    if !ws::well_formed_token(token) {
        return Err(ServiceError::new(ErrorCode::Validation, "This is not a whole work-sample link.")
            .with_field("token", "The address looks cut short; copy the whole link from your message"));
    }
    let hash = sessions::hash_refresh(token);
    let keys = [link_key(&hash), address_key(client_ip)];
    throttle::check_keys(conn, &[&keys[0], &keys[1]], "Too many requests for work-sample links from here").await?;
    count(conn, keys).await?;
    let link = q::by_hash(conn, &hash, false).await?.ok_or_else(unknown_link)?;
    policy::require_open_link(state_of(&link, Utc::now()))?;
    Ok(Admitted { hash, link })
}

/// The first step of every request with a token: the throttle (429 with Retry-After),
/// then the link (404 unknown, 410 expired or withdrawn, 409 used, each naming `token`).
/// A submission's body is read only after this, so a refused link costs no upload.
pub async fn admit(services: &Services, token: &str, client_ip: &str) -> ServiceResult<Admitted> {
    let mut conn = services.conn().await?;
    admit_on(&mut conn, token, client_ip).await
}

/// What the candidate reads: the stage, the briefs, materials and time boxes of its
/// exercises (of the plan version the loop pinned), when the link expires, the limits.
pub async fn brief(services: &Services, token: &str, client_ip: &str) -> ServiceResult<Brief> {
    let mut conn = services.conn().await?;
    let Admitted { link, .. } = admit_on(&mut conn, token, client_ip).await?;
    let org = link.organization_id;
    let version = db::interviews::plans::version(&mut conn, org, link.plan_version_id)
        .await?
        .ok_or_else(|| ServiceError::not_found("Plan version"))?;
    let doc: PlanDoc = serde_json::from_value(version.document).unwrap_or_default();
    let items = doc.stages.get(link.stage_position as usize).map(|s| s.items.clone()).unwrap_or_default();
    let library = db::interviews::exercises::list(&mut conn, org).await?;
    // The candidate reads the exercises only: an item's own text is what the interviewer
    // says, and the rating guide is the graders'.
    let exercises = items
        .iter()
        .filter_map(|item| item.exercise_id)
        .filter_map(|id| library.iter().find(|e| e.id == id))
        .map(|e| BriefExercise {
            title: e.title.clone(),
            brief: e.brief.clone(),
            materials: e.materials.clone(),
            minutes: e.minutes,
        })
        .collect();
    Ok(Brief {
        stage: link.stage_name,
        minutes: link.minutes,
        exercises,
        expires_at: link.expires_at,
        limits: UploadLimits::current(),
    })
}

fn checked(upload: &Upload) -> ServiceResult<Vec<CheckedFile>> {
    ws::check(upload).map_err(|problems| {
        // a file too large is "too large", whatever else is wrong with the upload
        let too_large = upload.files.iter().any(|f| f.bytes.len() > domain::interviews::file_type::MAX_FILE_BYTES)
            || upload.files.iter().map(|f| f.bytes.len()).sum::<usize>() > ws::MAX_TOTAL_BYTES;
        let mut e = ServiceError::validation(problems);
        if too_large {
            e.code = ErrorCode::PayloadTooLarge;
        }
        e
    })
}

/// What the audit log keeps of a submission: counts and types, never its text or file
/// names (those go when the candidate's data is removed; the log stays).
fn audit_summary(upload: &Upload, files: &[CheckedFile]) -> serde_json::Value {
    serde_json::json!({
        "text_chars": upload.text.chars().count(),
        "files": files.len(),
        "bytes": upload.files.iter().map(|f| f.bytes.len()).sum::<usize>(),
        "types": files.iter().map(|f| f.kind.content_type()).collect::<Vec<_>>(),
    })
}

/// Where a submission came from: a candidate's link, or someone who attached it.
#[derive(Clone, Copy)]
enum Source {
    Link(Uuid),
    AttachedBy(Uuid),
}

async fn insert(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    loop_stage: Uuid,
    from: Source,
    upload: &Upload,
    files: &[CheckedFile],
    at: Option<DateTime<Utc>>,
) -> ServiceResult<(Uuid, DateTime<Utc>)> {
    let text = if upload.text.trim().is_empty() { "" } else { upload.text.as_str() };
    let (link, attached_by) = match from {
        Source::Link(id) => (Some(id), None),
        Source::AttachedBy(id) => (None, Some(id)),
    };
    let (id, at) = q::insert_submission(conn, org, loop_stage, link, attached_by, text, at).await?;
    for (file, checked) in upload.files.iter().zip(files) {
        q::insert_file(conn, org, id, &checked.name, checked.kind.content_type(), &file.bytes).await?;
    }
    Ok((id, at))
}

/// The candidate's submission through an admitted link: checked first (422 naming
/// `text` or `files`, 413 for a file over the limit), then the link taken again under a
/// lock, the submission and its files written and the link marked used, all in one
/// transaction. A refused submission writes nothing.
pub async fn submit(services: &Services, admitted: Admitted, upload: &Upload) -> ServiceResult<Receipt> {
    let files = checked(upload)?;
    let mut conn = services.conn().await?;
    let Admitted { hash, .. } = admitted;
    let summary = audit_summary(upload, &files);
    let (count, text_chars) = (files.len(), upload.text.chars().count());
    let upload = upload.clone();
    let (id, at) = conn
        .transaction::<_, ServiceError, _>(async move |conn| {
            // another request through the same link may have won the race
            let link = q::by_hash(conn, &hash, true).await?.ok_or_else(unknown_link)?;
            policy::require_open_link(state_of(&link, Utc::now()))?;
            let org = link.organization_id;
            let (id, at) = insert(conn, org, link.loop_stage_id, Source::Link(link.id), &upload, &files, None).await?;
            if !q::mark_used(conn, link.id).await? {
                return Err(ServiceError::conflict("This link has just been used.").with_field("token", "Already used"));
            }
            let mut after = summary;
            after["loop_id"] = serde_json::json!(link.loop_id);
            after["loop_stage_id"] = serde_json::json!(link.loop_stage_id);
            after["link_id"] = serde_json::json!(link.id);
            let entry = audit::Entry::new("work_sample.submitted", "work_sample_submission", id).after(&after);
            audit::record(conn, None, org, entry).await?;
            Ok((id, at))
        })
        .await?;
    Ok(Receipt { id, submitted_at: at, files: count, text_chars })
}

/// The work-sample stage of a loop the actor owns, checked before an upload is read.
pub struct AttachTarget {
    loop_id: Uuid,
    loop_stage: Uuid,
}

/// The stage of the loop as its owner (the hiring manager or HR) sees it; 422 when it
/// is not a work-sample stage, 409 when the candidate's data was removed.
async fn owned_work_sample_stage(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    loop_id: Uuid,
    loop_stage: Uuid,
    what: &str,
) -> ServiceResult<super::loops::Seen> {
    let seen = seen(conn, actor, loop_id).await?;
    policy::require_loop_owner(&seen.seat, what)?;
    let stage = seen.stages.iter().find(|s| s.id == loop_stage).ok_or_else(|| ServiceError::not_found("Stage"))?;
    if StageKind::parse(&stage.kind) != Some(StageKind::WorkSample) {
        return Err(ServiceError::new(ErrorCode::Validation, "Only a work-sample stage takes work samples.")
            .with_field("stage", format!("\"{}\" is not a work-sample stage", stage.name)));
    }
    if seen.row.anonymised {
        return Err(ServiceError::conflict("This candidate's data was removed."));
    }
    Ok(seen)
}

/// Whether the actor may attach a sample to the stage: asked before the upload is read.
pub async fn prepare_attach(
    services: &Services,
    actor: &Actor,
    loop_id: Uuid,
    loop_stage: Uuid,
) -> ServiceResult<AttachTarget> {
    let mut conn = services.conn().await?;
    owned_work_sample_stage(&mut conn, actor, loop_id, loop_stage, "attach work samples").await?;
    Ok(AttachTarget { loop_id, loop_stage })
}

/// The hiring manager (or HR) attaches a work sample received another way (by email).
pub async fn attach(
    services: &Services,
    actor: &Actor,
    target: AttachTarget,
    upload: &Upload,
) -> ServiceResult<Submission> {
    let mut conn = services.conn().await?;
    // asked again: the answer may have changed while the upload arrived
    owned_work_sample_stage(&mut conn, actor, target.loop_id, target.loop_stage, "attach work samples").await?;
    let files = checked(upload)?;
    let summary = audit_summary(upload, &files);
    let (actor2, upload2) = (actor.clone(), upload.clone());
    let AttachTarget { loop_id, loop_stage } = target;
    let id = conn
        .transaction::<_, ServiceError, _>(async move |conn| {
            let org = actor2.organization_id;
            let (id, _) =
                insert(conn, org, loop_stage, Source::AttachedBy(actor2.person_id), &upload2, &files, None).await?;
            let mut after = summary;
            after["loop_id"] = serde_json::json!(loop_id);
            after["loop_stage_id"] = serde_json::json!(loop_stage);
            let entry = audit::Entry::new("work_sample.attached", "work_sample_submission", id).after(&after);
            audit::record(conn, Some(&actor2), org, entry).await?;
            Ok(id)
        })
        .await?;
    let samples = list(services, actor, loop_id, loop_stage).await?;
    samples.submissions.into_iter().find(|s| s.id == id).ok_or_else(|| ServiceError::not_found("Submission"))
}

/// The stage's submissions for whoever may see the loop (404 for anyone else); a blind
/// grader who has not submitted reads numbered file names. The hiring manager and HR also
/// get the stage's links.
pub async fn list(services: &Services, actor: &Actor, loop_id: Uuid, loop_stage: Uuid) -> ServiceResult<WorkSamples> {
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    let seen = seen(&mut conn, actor, loop_id).await?;
    if !policy::may_read_work_samples(&seen.seat) {
        return Err(ServiceError::not_found("Interview loop"));
    }
    let stage = seen.stages.iter().find(|s| s.id == loop_stage).ok_or_else(|| ServiceError::not_found("Stage"))?;
    if StageKind::parse(&stage.kind) != Some(StageKind::WorkSample) {
        return Err(ServiceError::not_found("Work-sample stage"));
    }
    let hidden = !seen.sees_candidate();
    let files = q::files_of_stage(&mut conn, org, loop_stage).await?;
    let submissions = q::submissions(&mut conn, org, loop_stage)
        .await?
        .into_iter()
        .map(|s| Submission {
            id: s.id,
            files: files
                .iter()
                .enumerate()
                .filter(|(_, f)| f.submission_id == s.id)
                .map(|(i, f)| shown(i, f, hidden))
                .collect(),
            text: s.text,
            attached_by: s.attached_by.map(|id| super::person(id, s.attached_by_name.unwrap_or_default())),
            submitted_at: s.submitted_at,
        })
        .collect();
    let links = if policy::require_loop_owner(&seen.seat, "see work-sample links").is_ok() {
        q::of_stage(&mut conn, org, loop_stage).await?.iter().map(info).collect()
    } else {
        Vec::new()
    };
    Ok(WorkSamples {
        loop_id,
        loop_stage_id: loop_stage,
        stage: stage.name.clone(),
        blind: stage.blind,
        names_hidden: hidden,
        submissions,
        links,
    })
}

/// The `index`-th file of the stage (from 0) as the reader may see it.
fn shown(index: usize, f: &FileRow, hidden: bool) -> SubmissionFile {
    SubmissionFile {
        id: f.id,
        name: if hidden { ws::blind_name(index + 1, &f.content_type) } else { f.file_name.clone() },
        content_type: f.content_type.clone(),
        size_bytes: f.size_bytes,
    }
}

/// A file to download: the name the reader may see, its type by content, its bytes.
pub struct Download {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

pub async fn file(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<Download> {
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    let place = q::place_of_file(&mut conn, org, id).await?.ok_or_else(|| ServiceError::not_found("File"))?;
    let seen = seen(&mut conn, actor, place.loop_id).await?;
    if !policy::may_read_work_samples(&seen.seat) {
        return Err(ServiceError::not_found("File"));
    }
    let files = q::files_of_stage(&mut conn, org, place.loop_stage_id).await?;
    let (index, row) =
        files.iter().enumerate().find(|(_, f)| f.id == id).ok_or_else(|| ServiceError::not_found("File"))?;
    let shown = shown(index, row, !seen.sees_candidate());
    let bytes = q::content(&mut conn, org, id).await?.ok_or_else(|| ServiceError::not_found("File"))?;
    Ok(Download { name: shown.name, content_type: shown.content_type, bytes })
}

/// A new link for a work-sample stage (the hiring manager and HR). The token is in the
/// answer and nowhere else. The stage's earlier links still open are revoked, so only
/// the newest one sent works.
pub async fn create_link(
    services: &Services,
    actor: &Actor,
    loop_id: Uuid,
    loop_stage: Uuid,
    input: &NewLink,
) -> ServiceResult<LinkCreated> {
    let mut conn = services.conn().await?;
    owned_work_sample_stage(&mut conn, actor, loop_id, loop_stage, "send work-sample links").await?;
    let days = input.expires_in_days.unwrap_or(ws::DEFAULT_LINK_DAYS);
    if !(1..=ws::MAX_LINK_DAYS).contains(&days) {
        let mut problems = FieldErrors::new();
        problems.add("expires_in_days", format!("A link lasts 1 to {} days", ws::MAX_LINK_DAYS));
        return Err(ServiceError::validation(problems));
    }
    let token = sessions::new_token();
    let hash = sessions::hash_refresh(&token);
    let expires_at = Utc::now() + Duration::days(days);
    let actor2 = actor.clone();
    let (id, revoked) = conn
        .transaction::<_, ServiceError, _>(async move |conn| {
            let org = actor2.organization_id;
            let revoked = q::revoke_open(conn, org, loop_stage).await?;
            let id = q::insert_link(conn, org, loop_stage, &hash, expires_at, Some(actor2.person_id)).await?;
            let after = serde_json::json!({"loop_id": loop_id, "loop_stage_id": loop_stage,
                "expires_at": expires_at, "revoked": revoked});
            let entry = audit::Entry::new("work_sample_link.created", "work_sample_link", id).after(&after);
            audit::record(conn, Some(&actor2), org, entry).await?;
            Ok((id, revoked))
        })
        .await?;
    let link = q::get(&mut conn, actor.organization_id, id).await?.ok_or_else(unknown_link)?;
    Ok(LinkCreated { link: info(&link), path: format!("{}{token}", ws::PAGE_PATH), token, revoked })
}

/// Withdraws a link (the hiring manager and HR); a used link has nothing to withdraw
/// (409), a revoked one stays as it is.
pub async fn revoke_link(services: &Services, actor: &Actor, loop_id: Uuid, link_id: Uuid) -> ServiceResult<LinkInfo> {
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    let seen = seen(&mut conn, actor, loop_id).await?;
    policy::require_loop_owner(&seen.seat, "revoke work-sample links")?;
    let missing = || ServiceError::not_found("Work-sample link");
    let link = q::get(&mut conn, org, link_id).await?.filter(|l| l.loop_id == loop_id).ok_or_else(missing)?;
    if link.used_at.is_some() {
        return Err(ServiceError::conflict("This link has been used; there is nothing to revoke.")
            .with_field("link", "Already used"));
    }
    let actor2 = actor.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        if q::revoke(conn, org, link_id).await? {
            let entry = audit::Entry::new("work_sample_link.revoked", "work_sample_link", link_id)
                .after(&serde_json::json!({"loop_id": loop_id}));
            audit::record(conn, Some(&actor2), org, entry).await?;
        }
        Ok(())
    })
    .await?;
    let link = q::get(&mut conn, org, link_id).await?.ok_or_else(missing)?;
    Ok(info(&link))
}

/// A candidate's submissions for their data export: text and each file's name, type and
/// size (not the bytes).
pub(crate) async fn export_of(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    candidate: Uuid,
) -> ServiceResult<Vec<serde_json::Value>> {
    Ok(q::of_candidate(conn, org, candidate)
        .await?
        .into_iter()
        .map(|(loop_id, stage, s, files)| {
            serde_json::json!({
                "loop": loop_id, "stage": stage, "submitted_at": s.submitted_at, "text": s.text,
                "through_link": s.link_id.is_some(),
                "files": files.iter().map(|f| serde_json::json!({
                    "name": f.file_name, "content_type": f.content_type, "size_bytes": f.size_bytes,
                })).collect::<Vec<_>>(),
            })
        })
        .collect())
}

/// The demo's blind work sample: the candidate's submission (text and a small Markdown
/// file) through a link sent a week before, and a second link, still open, sent since.
pub(crate) async fn demo(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    loop_stage: Uuid,
    sent_by: Uuid,
    sent_at: DateTime<Utc>,
) -> ServiceResult<()> {
    let used = q::insert_link(
        conn,
        org,
        loop_stage,
        &sessions::hash_refresh(&sessions::new_token()),
        sent_at + Duration::days(7),
        Some(sent_by),
    )
    .await?;
    let plan = "# Mail cut-over plan\n\n\
        | when | step | owner | check |\n|---|---|---|---|\n\
        | Mon | Lower MX and autodiscover TTLs to 5 minutes | Network | `dig` shows 300 |\n\
        | Fri 18:00 | Freeze mailbox moves; final sync | Messaging | sync report clean |\n\
        | Sat 08:00 | Switch MX and autodiscover | Network | test mail arrives in the new service |\n\
        | Sat 12:00 | **Point of no return**: relaying apps moved | Apps | each app sends a test mail |\n\n\
        Before noon on Saturday, roll back by pointing MX back and resuming the old server.\n";
    let upload = Upload {
        text: "The plan is in the attached file. I would pilot with the IT team's 12 mailboxes the week before, \
               and keep the old server read-only for 30 days after."
            .into(),
        files: vec![ws::UploadedFile { name: "cutover-plan.md".into(), bytes: plan.as_bytes().to_vec() }],
    };
    let files = checked(&upload)?;
    let received = sent_at + Duration::days(4);
    insert(conn, org, loop_stage, Source::Link(used), &upload, &files, Some(received)).await?;
    q::mark_used_at(conn, used, received).await?;
    q::insert_link(
        conn,
        org,
        loop_stage,
        &sessions::hash_refresh(&sessions::new_token()),
        Utc::now() + Duration::days(ws::DEFAULT_LINK_DAYS),
        Some(sent_by),
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(used: bool, anonymised: bool) -> LinkRow {
        let now = Utc::now();
        LinkRow {
            id: Uuid::new_v4(),
            organization_id: Uuid::new_v4(),
            loop_id: Uuid::new_v4(),
            loop_stage_id: Uuid::new_v4(),
            plan_version_id: Uuid::new_v4(),
            stage_position: 1,
            stage_name: "Work sample".into(),
            minutes: 60,
            candidate_anonymised: anonymised,
            expires_at: now + Duration::days(1),
            used_at: used.then_some(now),
            revoked_at: None,
            created_by: None,
            created_by_name: None,
            created_at: now,
        }
    }

    #[test]
    fn a_removed_candidates_open_link_reads_as_revoked_and_a_used_one_stays_used() {
        let now = Utc::now();
        assert_eq!(state_of(&link(false, false), now), LinkState::Open);
        assert_eq!(state_of(&link(false, true), now), LinkState::Revoked);
        assert_eq!(state_of(&link(true, true), now), LinkState::Used);
        let refused = policy::require_open_link(state_of(&link(false, true), now)).unwrap_err();
        assert_eq!((refused.code, refused.fields.contains_key("token")), (ErrorCode::Gone, true));
        assert_eq!(policy::require_open_link(LinkState::Used).unwrap_err().code, ErrorCode::Conflict);
    }

    #[test]
    fn throttle_keys_hold_no_token_and_are_apart_from_sign_in() {
        let token = sessions::new_token();
        let key = link_key(&sessions::hash_refresh(&token));
        assert!(!key.contains(&token) && key.starts_with("work-sample:") && key.len() == "work-sample:".len() + 32);
        assert_ne!(address_key("10.0.0.1"), throttle::ip_key("10.0.0.1"), "a candidate's reloads never pause sign-in");
    }
}
