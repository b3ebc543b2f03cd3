//! Frameworks and their versions: everyone in the organization reads published versions;
//! HR creates frameworks, edits drafts, publishes, imports. A published version never
//! changes (the database refuses it too); editing means a new draft based on it.

use crate::actor::Actor;
use crate::{ServiceError, ServiceResult, Services, audit, policy};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::ErrorCode;
use domain::identity::PersonRef;
use domain::rubric::dto::{
    FrameworkDetail, FrameworkDiff, FrameworkSummary, ImportNoteDto, ImportPreview, NewFramework, PublishDraft,
    SaveDraft, VersionDetail, VersionStatus, VersionSummary,
};
use domain::rubric::edit::DraftEdit;
use domain::rubric::formats::{self, Format, FormatError};
use domain::rubric::{FrameworkDoc, check, diff};
use domain::validate::FieldErrors;
use uuid::Uuid;

fn summary(r: db::rubric::frameworks::FrameworkListRow) -> FrameworkSummary {
    FrameworkSummary {
        id: r.id,
        name: r.name,
        builtin: r.builtin.is_some(),
        published_number: r.published_number,
        published_at: r.published_at,
        draft_number: r.draft_number,
        competency_count: r.competency_count,
    }
}

fn version_summary(r: db::rubric::frameworks::VersionMetaRow) -> VersionSummary {
    let person = |id: Option<Uuid>, name: Option<String>| id.map(|id| PersonRef { id, name: name.unwrap_or_default() });
    VersionSummary {
        id: r.id,
        number: r.number,
        status: VersionStatus::parse(&r.status).unwrap_or(VersionStatus::Draft),
        change_note: r.change_note,
        based_on_number: r.based_on_number,
        created_by: person(r.created_by, r.created_by_name),
        created_at: r.created_at,
        published_by: person(r.published_by, r.published_by_name),
        published_at: r.published_at,
        version: r.version,
    }
}

fn document(value: serde_json::Value) -> ServiceResult<FrameworkDoc> {
    serde_json::from_value(value).map_err(|e| {
        ServiceError::new(ErrorCode::Internal, "A stored framework version could not be read.").with_cause(e)
    })
}

fn version_detail(row: db::rubric::frameworks::VersionRow) -> ServiceResult<VersionDetail> {
    Ok(VersionDetail {
        framework_id: row.framework_id,
        id: row.id,
        number: row.number,
        status: VersionStatus::parse(&row.status).unwrap_or(VersionStatus::Draft),
        version: row.version,
        document: document(row.document)?,
    })
}

fn to_json(doc: &FrameworkDoc) -> serde_json::Value {
    serde_json::to_value(doc).expect("a framework document always serializes")
}

/// Locks the framework and returns its draft, if `version` is still the draft's version.
async fn locked_draft(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    id: Uuid,
    version: i32,
) -> ServiceResult<db::rubric::frameworks::VersionRow> {
    db::rubric::frameworks::lock(conn, org, id).await?.ok_or_else(|| ServiceError::not_found("Framework"))?;
    let current = db::rubric::frameworks::latest(conn, org, id, false).await?.ok_or_else(no_draft)?;
    if current.version != version {
        return Err(ServiceError::stale(current.version));
    }
    Ok(current)
}

fn no_draft() -> ServiceError {
    ServiceError::not_found("Draft")
        .with_field("draft", "This framework has no draft: start one from the latest version")
}

/// A framework as someone who may (`drafts`) or may not see drafts sees it: without its
/// draft, and not at all before its first publish. The list, the framework and its
/// versions all answer through this, so a framework the list links to also opens.
fn as_seen(mut summary: FrameworkSummary, drafts: bool) -> Option<FrameworkSummary> {
    if drafts {
        return Some(summary);
    }
    summary.draft_number = None;
    summary.published_number.is_some().then_some(summary)
}

pub async fn list(services: &Services, actor: &Actor) -> ServiceResult<Vec<FrameworkSummary>> {
    let drafts = policy::may_see_framework_drafts(actor);
    let mut conn = services.conn().await?;
    let rows = db::rubric::frameworks::list(&mut conn, actor.organization_id).await?;
    Ok(rows.into_iter().filter_map(|r| as_seen(summary(r), drafts)).collect())
}

pub async fn get(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<FrameworkDetail> {
    let mut conn = services.conn().await?;
    detail(&mut conn, actor, id).await
}

async fn detail(conn: &mut AsyncPgConnection, actor: &Actor, id: Uuid) -> ServiceResult<FrameworkDetail> {
    let drafts = policy::may_see_framework_drafts(actor);
    let summary = db::rubric::frameworks::get(conn, actor.organization_id, id)
        .await?
        .and_then(|row| as_seen(summary(row), drafts))
        .ok_or_else(|| ServiceError::not_found("Framework"))?;
    let versions = db::rubric::frameworks::versions(conn, actor.organization_id, id)
        .await?
        .into_iter()
        .filter(|v| drafts || v.status == "published")
        .map(version_summary)
        .collect();
    Ok(FrameworkDetail { summary, versions })
}

/// One version's content. `number` none: the newest published version, or, before the
/// first publish, the draft (the framework page opens on it). Drafts are for rubric
/// editors only; to everyone else they do not exist (404).
pub async fn version(
    services: &Services,
    actor: &Actor,
    id: Uuid,
    number: Option<i32>,
) -> ServiceResult<VersionDetail> {
    let drafts = policy::may_see_framework_drafts(actor);
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    let row = match number {
        Some(n) => db::rubric::frameworks::version_by_number(&mut conn, org, id, n).await?,
        None => match db::rubric::frameworks::latest(&mut conn, org, id, true).await? {
            Some(published) => Some(published),
            None if drafts => db::rubric::frameworks::latest(&mut conn, org, id, false).await?,
            None => None,
        },
    };
    let row = row.filter(|r| r.status == "published" || drafts);
    version_detail(row.ok_or_else(|| ServiceError::not_found("Framework version"))?)
}

/// The draft in progress (rubric editors).
pub async fn draft(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<VersionDetail> {
    policy::require_rubric_editor(actor, "edit frameworks")?;
    let mut conn = services.conn().await?;
    let row = db::rubric::frameworks::latest(&mut conn, actor.organization_id, id, false).await?;
    match row {
        Some(row) => version_detail(row),
        None if db::rubric::frameworks::get(&mut conn, actor.organization_id, id).await?.is_none() => {
            Err(ServiceError::not_found("Framework"))
        }
        None => Err(no_draft()),
    }
}

/// A new framework with an empty first draft.
pub async fn create(services: &Services, actor: &Actor, new: &NewFramework) -> ServiceResult<FrameworkDetail> {
    policy::require_rubric_editor(actor, "create frameworks")?;
    let doc = FrameworkDoc {
        name: new.name.trim().to_string(),
        description: new.description.clone().unwrap_or_default().trim().to_string(),
        level_count: new.level_count.unwrap_or(5),
        level_names: vec![],
        areas: vec![],
    };
    let problems = check::structure(&doc);
    if !problems.is_empty() {
        return Err(ServiceError::validation(problems));
    }
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let framework = insert_named(conn, actor.organization_id, &doc.name).await?;
        insert_draft(conn, &actor, framework, 1, &doc, None).await?;
        audit::record(
            conn,
            Some(&actor),
            actor.organization_id,
            audit::Entry::new("framework.created", "framework", framework).after(&doc),
        )
        .await?;
        detail(conn, &actor, framework).await
    })
    .await
}

async fn insert_named(conn: &mut AsyncPgConnection, org: Uuid, name: &str) -> ServiceResult<Uuid> {
    if db::rubric::frameworks::name_taken(conn, org, name, None).await? {
        return Err(ServiceError::name_taken("a framework", name));
    }
    Ok(db::rubric::frameworks::insert_framework(conn, org, name, None).await?)
}

async fn insert_draft(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    framework: Uuid,
    number: i32,
    doc: &FrameworkDoc,
    based_on: Option<Uuid>,
) -> ServiceResult<db::rubric::frameworks::VersionRow> {
    Ok(db::rubric::frameworks::insert_draft(
        conn,
        &db::rubric::frameworks::NewVersion {
            organization_id: actor.organization_id,
            framework_id: framework,
            number,
            document: &to_json(doc),
            based_on,
            created_by: Some(actor.person_id),
        },
    )
    .await?)
}

/// Starts a draft from the newest published version. When a draft already exists it is
/// returned as it is (there is one draft at a time).
pub async fn start_draft(services: &Services, actor: &Actor, id: Uuid) -> ServiceResult<VersionDetail> {
    policy::require_rubric_editor(actor, "edit frameworks")?;
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        db::rubric::frameworks::lock(conn, org, id).await?.ok_or_else(|| ServiceError::not_found("Framework"))?;
        if let Some(existing) = db::rubric::frameworks::latest(conn, org, id, false).await? {
            return version_detail(existing);
        }
        let base = db::rubric::frameworks::latest(conn, org, id, true).await?.ok_or_else(no_draft)?;
        let number = db::rubric::frameworks::next_number(conn, id).await?;
        let doc = document(base.document.clone())?;
        let row = insert_draft(conn, &actor, id, number, &doc, Some(base.id)).await?;
        audit::record(
            conn,
            Some(&actor),
            org,
            audit::Entry::new("framework.draft_started", "framework", id)
                .after(&serde_json::json!({"number": number, "based_on": base.number})),
        )
        .await?;
        version_detail(row)
    })
    .await
}

/// Replaces the draft's whole document (the API's way of editing).
pub async fn save_draft(
    services: &Services,
    actor: &Actor,
    id: Uuid,
    save: &SaveDraft,
) -> ServiceResult<VersionDetail> {
    policy::require_rubric_editor(actor, "edit frameworks")?;
    let doc = save.document.clone();
    let problems = check::structure(&doc);
    if !problems.is_empty() {
        return Err(document_problems(problems));
    }
    store_draft(services, actor, id, save.version, move |_| Ok((doc, ()))).await.map(|(v, ())| v)
}

/// Applies one editor change to the draft and saves it (the editor page's way).
pub async fn edit_draft(
    services: &Services,
    actor: &Actor,
    id: Uuid,
    version: i32,
    edit: &DraftEdit,
) -> ServiceResult<(VersionDetail, Option<String>)> {
    policy::require_rubric_editor(actor, "edit frameworks")?;
    let edit = edit.clone();
    store_draft(services, actor, id, version, move |mut doc| {
        let touched = edit.apply(&mut doc).map_err(|(field, message)| {
            ServiceError::new(ErrorCode::Validation, message.clone()).with_field(field, message)
        })?;
        let problems = check::structure(&doc);
        if !problems.is_empty() {
            return Err(document_problems(problems));
        }
        Ok((doc, touched))
    })
    .await
}

/// Problems of a document, with a message that names the first.
fn document_problems(problems: FieldErrors) -> ServiceError {
    let first = problems.0.iter().next().map(|(k, v)| format!("{k}: {v}")).unwrap_or_default();
    let mut e = ServiceError::validation(problems);
    e.message = format!("The framework has problems to fix first ({first}).");
    e
}

/// Loads the draft (locked), checks its version, lets `change` make the new document,
/// saves it and audits before/after.
async fn store_draft<T: Send + 'static>(
    services: &Services,
    actor: &Actor,
    id: Uuid,
    version: i32,
    change: impl FnOnce(FrameworkDoc) -> ServiceResult<(FrameworkDoc, T)> + Send + 'static,
) -> ServiceResult<(VersionDetail, T)> {
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let current = locked_draft(conn, org, id, version).await?;
        let before = document(current.document.clone())?;
        let (doc, extra) = change(before.clone())?;
        if doc.name != before.name && db::rubric::frameworks::name_taken(conn, org, &doc.name, Some(id)).await? {
            return Err(ServiceError::name_taken("a framework", &doc.name));
        }
        let saved = db::rubric::frameworks::save_draft(conn, current.id, version, &to_json(&doc))
            .await?
            .ok_or_else(|| ServiceError::stale(current.version))?;
        audit::record(
            conn,
            Some(&actor),
            org,
            audit::Entry::new("framework.draft_saved", "framework_version", current.id).before(&before).after(&doc),
        )
        .await?;
        Ok((version_detail(saved)?, extra))
    })
    .await
}

/// Throws the draft away.
pub async fn discard_draft(services: &Services, actor: &Actor, id: Uuid, version: i32) -> ServiceResult<()> {
    policy::require_rubric_editor(actor, "edit frameworks")?;
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let current = locked_draft(conn, org, id, version).await?;
        if db::rubric::frameworks::latest(conn, org, id, true).await?.is_none() {
            return Err(ServiceError::conflict(
                "This is the framework's only version; it cannot be discarded before a first publish.",
            ));
        }
        db::rubric::frameworks::delete_draft(conn, current.id).await?;
        audit::record(
            conn,
            Some(&actor),
            org,
            audit::Entry::new("framework.draft_discarded", "framework_version", current.id).before(&current.document),
        )
        .await?;
        Ok(())
    })
    .await
}

/// Publishes the draft: every anchor must be written. Records who, when and the note;
/// from then on the version is frozen.
pub async fn publish(
    services: &Services,
    actor: &Actor,
    id: Uuid,
    req: &PublishDraft,
) -> ServiceResult<FrameworkDetail> {
    policy::require_rubric_editor(actor, "publish frameworks")?;
    let note = req.change_note.trim().to_string();
    if note.chars().count() > 2000 {
        return Err(ServiceError::validation({
            let mut e = FieldErrors::new();
            e.add("change_note", "At most 2000 characters");
            e
        }));
    }
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    let version = req.version;
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let current = locked_draft(conn, org, id, version).await?;
        let doc = document(current.document.clone())?;
        let previous = db::rubric::frameworks::latest(conn, org, id, true).await?;
        if note.is_empty() && previous.is_some() {
            let mut e = FieldErrors::new();
            e.add("change_note", "Say what changed in this version");
            return Err(ServiceError::validation(e));
        }
        let problems = check::publishable(&doc);
        if !problems.is_empty() {
            return Err(document_problems(problems));
        }
        if let Some(prev) = &previous
            && document(prev.document.clone())? == doc
        {
            return Err(ServiceError::new(ErrorCode::Validation, "Nothing changed since the last published version.")
                .with_field("draft", "Nothing changed since the last published version"));
        }
        publish_rows(conn, org, current.id, &doc, Some(actor.person_id), &note).await?;
        db::rubric::frameworks::rename(conn, id, &doc.name).await?;
        audit::record(
            conn,
            Some(&actor),
            org,
            audit::Entry::new("framework.published", "framework_version", current.id)
                .after(&serde_json::json!({"framework": id, "number": current.number, "change_note": note})),
        )
        .await?;
        detail(conn, &actor, id).await
    })
    .await
}

async fn publish_rows(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    version: Uuid,
    doc: &FrameworkDoc,
    by: Option<Uuid>,
    note: &str,
) -> ServiceResult<()> {
    db::rubric::frameworks::mark_published(conn, version, by, note, &to_json(doc)).await?;
    let areas: Vec<db::rubric::frameworks::AreaRows> = doc
        .areas
        .iter()
        .map(|a| db::rubric::frameworks::AreaRows {
            slug: &a.slug,
            name: &a.name,
            competencies: a.competencies.iter().map(|c| (c.slug.as_str(), c.name.as_str())).collect(),
        })
        .collect();
    db::rubric::frameworks::write_rows(conn, org, version, doc.level_count, &areas).await?;
    Ok(())
}

/// Creates version 1 of `framework`, published at once (built-in frameworks).
pub(crate) async fn create_published(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    framework: Uuid,
    doc: &FrameworkDoc,
    by: Option<Uuid>,
    note: &str,
) -> ServiceResult<Uuid> {
    let row = db::rubric::frameworks::insert_draft(
        conn,
        &db::rubric::frameworks::NewVersion {
            organization_id: org,
            framework_id: framework,
            number: 1,
            document: &to_json(doc),
            based_on: None,
            created_by: by,
        },
    )
    .await?;
    publish_rows(conn, org, row.id, doc, by, note).await?;
    Ok(row.id)
}

/// What changed between two versions (`to` may be the draft, for rubric editors).
pub async fn diff(services: &Services, actor: &Actor, id: Uuid, from: i32, to: i32) -> ServiceResult<FrameworkDiff> {
    let old = version(services, actor, id, Some(from)).await.map_err(|e| with_field(e, "from"))?;
    let new = version(services, actor, id, Some(to)).await.map_err(|e| with_field(e, "to"))?;
    Ok(FrameworkDiff { from, to, changes: diff::diff(&old.document, &new.document) })
}

fn with_field(e: ServiceError, field: &str) -> ServiceError {
    if e.code == ErrorCode::NotFound { e.with_field(field, "No such version of this framework") } else { e }
}

/// A version as JSON or YAML text (`number` none: the one [`version`] picks).
pub async fn export(
    services: &Services,
    actor: &Actor,
    id: Uuid,
    number: Option<i32>,
    format: Format,
) -> ServiceResult<(String, VersionDetail)> {
    let v = version(services, actor, id, number).await?;
    let text = match format {
        Format::Yaml => formats::export_yaml(&v.document),
        Format::Json => formats::export_json(&v.document),
        other => {
            return Err(ServiceError::new(
                ErrorCode::Validation,
                format!("Export is in json or yaml, not {}", other.as_str()),
            )
            .with_field("format", "Choose json or yaml"));
        }
    };
    Ok((text, v))
}

/// Options of an import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub format: Option<Format>,
    pub content_type: Option<String>,
    pub dry_run: bool,
    /// Import as the new draft of this framework instead of a new framework.
    pub framework_id: Option<Uuid>,
    /// Call it this instead of the name in the file (empty: keep the file's name).
    pub name: Option<String>,
    /// The ladder folder's shared file (`generic.md`), for a Monzo-style ladder's untitled
    /// topics.
    pub shared: Option<String>,
}

/// Reads a framework file (our JSON or YAML, Monzo-style Markdown, snowflake-style
/// tracks). A dry run only reports; otherwise the document becomes a new framework's
/// first draft (or replaces the named framework's draft), all or nothing.
pub async fn import(
    services: &Services,
    actor: &Actor,
    text: &str,
    opts: &ImportOptions,
) -> ServiceResult<ImportPreview> {
    policy::require_rubric_editor(actor, "import frameworks")?;
    // Refused before the preview, so the dry run refuses what the import would.
    if let Some((line, problem)) = domain::validate::file_characters(text) {
        let message = format!("Line {line}: {problem}");
        return Err(ServiceError::new(ErrorCode::Validation, message.clone()).with_field("file", message));
    }
    let shared = opts.shared.as_deref().filter(|s| !s.trim().is_empty());
    if let Some((line, problem)) = shared.and_then(domain::validate::file_characters) {
        let message = format!("Line {line} of the shared file: {problem}");
        return Err(ServiceError::new(ErrorCode::Validation, message.clone()).with_field("shared", message));
    }
    let format = opts
        .format
        .or_else(|| formats::detect(text, opts.content_type.as_deref()))
        .ok_or_else(|| format_error(&FormatError::Unrecognized))?;
    let imported = formats::import_with_shared(text, format, shared).map_err(|e| format_error(&e))?;
    let mut doc = imported.doc;
    let named = opts.name.as_deref().filter(|n| !n.trim().is_empty());
    if let Some(name) = named {
        doc.name = domain::validate::text(name, "a name", 120)
            .map_err(|p| ServiceError::new(ErrorCode::Validation, p.clone()).with_field("name", p))?;
    }
    let mut problems = check::structure(&doc);
    // A ladder without a title is not given a made-up name: the import asks for one.
    if imported.untitled && named.is_none() && opts.framework_id.is_none() {
        problems.add("name", "The file has no title: give the framework a name");
    }
    // A new framework needs a name of its own: the dry run answers as the import would,
    // 409 naming the field, so a clean check is never followed by a conflict; the form
    // offers to rename.
    if opts.framework_id.is_none() {
        let mut conn = services.conn().await?;
        if db::rubric::frameworks::name_taken(&mut conn, actor.organization_id, &doc.name, None).await? {
            return Err(ServiceError::conflict(format!("A framework called \"{}\" exists already.", doc.name))
                .with_field(
                    "name",
                    format!("A framework called \"{}\" exists already: give this one another name", doc.name),
                ));
        }
    }
    let (areas, competencies, anchors, empty_anchors) = ImportPreview::counts(&doc);
    let mut preview = ImportPreview {
        format: format.as_str().to_string(),
        areas,
        competencies,
        anchors,
        empty_anchors,
        notes: imported.notes.into_iter().map(|n| ImportNoteDto { place: n.place, message: n.message }).collect(),
        problems: problems.0.clone(),
        dry_run: opts.dry_run,
        framework_id: None,
        draft_number: None,
        document: doc.clone(),
    };
    if opts.dry_run {
        return Ok(preview);
    }
    if !problems.is_empty() {
        return Err(document_problems(problems));
    }
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    let target = opts.framework_id;
    let format_name = format.as_str();
    let (framework, number) = conn
        .transaction::<_, ServiceError, _>(async move |conn| {
            let org = actor.organization_id;
            let (framework, number, based_on) = match target {
                None => (insert_named(conn, org, &doc.name).await?, 1, None),
                Some(id) => {
                    db::rubric::frameworks::lock(conn, org, id)
                        .await?
                        .ok_or_else(|| ServiceError::not_found("Framework"))?;
                    if db::rubric::frameworks::name_taken(conn, org, &doc.name, Some(id)).await? {
                        return Err(ServiceError::name_taken("a framework", &doc.name));
                    }
                    if let Some(old) = db::rubric::frameworks::latest(conn, org, id, false).await? {
                        db::rubric::frameworks::delete_draft(conn, old.id).await?;
                    }
                    let base = db::rubric::frameworks::latest(conn, org, id, true).await?.map(|b| b.id);
                    (id, db::rubric::frameworks::next_number(conn, id).await?, base)
                }
            };
            insert_draft(conn, &actor, framework, number, &doc, based_on).await?;
            audit::record(
                conn,
                Some(&actor),
                org,
                audit::Entry::new("framework.imported", "framework", framework)
                    .after(&serde_json::json!({"format": format_name, "draft_number": number, "name": doc.name})),
            )
            .await?;
            Ok((framework, number))
        })
        .await?;
    preview.framework_id = Some(framework);
    preview.draft_number = Some(number);
    Ok(preview)
}

fn format_error(e: &FormatError) -> ServiceError {
    let status = match e {
        FormatError::TooLarge { .. } => ErrorCode::PayloadTooLarge,
        _ => ErrorCode::Validation,
    };
    ServiceError::new(status, e.to_string()).with_field("file", e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framework(published: Option<i32>, draft: Option<i32>) -> FrameworkSummary {
        FrameworkSummary {
            id: Uuid::nil(),
            name: "Service desk".into(),
            builtin: false,
            published_number: published,
            published_at: None,
            draft_number: draft,
            competency_count: 0,
        }
    }

    #[test]
    fn a_framework_with_only_a_draft_is_seen_by_those_who_see_drafts_only() {
        assert_eq!(as_seen(framework(None, Some(1)), true), Some(framework(None, Some(1))));
        assert_eq!(as_seen(framework(None, Some(1)), false), None, "not listed where it would not open");
    }

    #[test]
    fn a_published_framework_is_seen_by_everyone_without_its_draft_unless_they_see_drafts() {
        assert_eq!(as_seen(framework(Some(2), Some(3)), true), Some(framework(Some(2), Some(3))));
        assert_eq!(as_seen(framework(Some(2), Some(3)), false), Some(framework(Some(2), None)));
    }
}
