//! Feedback entries, their amendments and replies.
//!
//! Every read of an entry takes the reader and keeps only what they may read, in SQL
//! (`readable!`): the author; the recipient unless it is a private note; the people above
//! the recipient when the entry is shared with them. No read here returns a private note
//! to anyone but its author, whatever the reader's role — HR and admins included.

use crate::cached_sql::cached_sql;
use crate::error::DbError;
use crate::schema::{feedback_amendments, feedback_entries, feedback_replies};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// The readability test of an entry `f` for the reader `$2` (the organization is `$1`):
/// the `EXISTS` walks up from the recipient through their managers.
macro_rules! readable {
    () => {
        "(f.author_id = $2 \
          OR (f.visibility <> 'private' AND f.recipient_id = $2) \
          OR (f.visibility = 'recipient_and_managers' AND EXISTS ( \
                WITH RECURSIVE up (id, manager_id) AS ( \
                    SELECT id, manager_id FROM people WHERE id = f.recipient_id \
                    UNION SELECT p.id, p.manager_id FROM people p JOIN up ON p.id = up.manager_id) \
                SELECT 1 FROM up WHERE up.manager_id = $2)))"
    };
}

/// The columns of an entry as [`EntryRow`] reads them, from `feedback_entries f`.
macro_rules! entry_columns {
    () => {
        "f.id, f.author_id, a.name AS author_name, f.recipient_id, r.name AS recipient_name, f.kind, \
         f.visibility, f.situation, f.behaviour, f.impact, f.next_step, f.competency_ids, f.request_id, \
         f.acknowledged_at, f.created_at, f.edited_at, f.version \
         FROM feedback_entries f JOIN people a ON a.id = f.author_id JOIN people r ON r.id = f.recipient_id"
    };
}

#[derive(Debug, Clone, QueryableByName)]
pub struct EntryRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub author_id: Uuid,
    #[diesel(sql_type = Text)]
    pub author_name: String,
    #[diesel(sql_type = SqlUuid)]
    pub recipient_id: Uuid,
    #[diesel(sql_type = Text)]
    pub recipient_name: String,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Text)]
    pub visibility: String,
    #[diesel(sql_type = Text)]
    pub situation: String,
    #[diesel(sql_type = Text)]
    pub behaviour: String,
    #[diesel(sql_type = Text)]
    pub impact: String,
    #[diesel(sql_type = Text)]
    pub next_step: String,
    #[diesel(sql_type = Array<SqlUuid>)]
    pub competency_ids: Vec<Uuid>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub request_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub acknowledged_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub edited_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub version: i32,
}

/// What an entry says; written on giving and on each edit or amendment.
pub struct Wording<'a> {
    pub kind: &'a str,
    pub visibility: &'a str,
    pub situation: &'a str,
    pub behaviour: &'a str,
    pub impact: &'a str,
    pub next_step: &'a str,
    pub competency_ids: &'a [Uuid],
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    author: Uuid,
    recipient: Uuid,
    request: Option<Uuid>,
    t: &Wording<'_>,
) -> Result<Uuid, DbError> {
    diesel::insert_into(feedback_entries::table)
        .values((
            feedback_entries::organization_id.eq(org),
            feedback_entries::author_id.eq(author),
            feedback_entries::recipient_id.eq(recipient),
            feedback_entries::request_id.eq(request),
            feedback_entries::kind.eq(t.kind),
            feedback_entries::visibility.eq(t.visibility),
            feedback_entries::situation.eq(t.situation),
            feedback_entries::behaviour.eq(t.behaviour),
            feedback_entries::impact.eq(t.impact),
            feedback_entries::next_step.eq(t.next_step),
            feedback_entries::competency_ids.eq(t.competency_ids),
        ))
        .returning(feedback_entries::id)
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

/// The entry if `reader` may read it.
pub async fn get_for(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    reader: Uuid,
    id: Uuid,
) -> Result<Option<EntryRow>, DbError> {
    cached_sql(concat!("SELECT ", entry_columns!(), " WHERE f.organization_id = $1 AND f.id = $3 AND ", readable!()))
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(reader)
        .bind::<SqlUuid, _>(id)
        .get_result(conn)
        .await
        .optional()
        .map_err(DbError::from)
}

/// The entry for its author's change, locked: `None` unless `author` wrote it.
pub async fn lock_own(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    author: Uuid,
    id: Uuid,
) -> Result<Option<EntryRow>, DbError> {
    cached_sql(concat!(
        "SELECT ",
        entry_columns!(),
        " WHERE f.organization_id = $1 AND f.author_id = $2 AND f.id = $3 FOR UPDATE OF f"
    ))
    .bind::<SqlUuid, _>(org)
    .bind::<SqlUuid, _>(author)
    .bind::<SqlUuid, _>(id)
    .get_result(conn)
    .await
    .optional()
    .map_err(DbError::from)
}

/// Which entries a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Written by the reader.
    Given,
    /// Written to the reader (private notes about them excluded by `readable!`).
    Received,
    /// Written to `person`, as far as the reader may read them (a manager's view).
    About(Uuid),
}

/// A page of entries the reader may read, newest first, after the keyset `before`
/// (`created_at`, `id` of the last entry of the previous page).
pub async fn list_for(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    reader: Uuid,
    side: Side,
    before: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<EntryRow>, DbError> {
    let (by_author, person) = match side {
        Side::Given => (true, reader),
        Side::Received => (false, reader),
        Side::About(p) => (false, p),
    };
    // two fixed texts (a prepared statement each), not one built from input
    let sql = if by_author {
        concat!(
            "SELECT ",
            entry_columns!(),
            " WHERE f.organization_id = $1 AND f.author_id = $3 AND ",
            readable!(),
            " AND ($4::timestamptz IS NULL OR (f.created_at, f.id) < ($4, $5)) \
             ORDER BY f.created_at DESC, f.id DESC LIMIT $6"
        )
    } else {
        concat!(
            "SELECT ",
            entry_columns!(),
            " WHERE f.organization_id = $1 AND f.recipient_id = $3 AND ",
            readable!(),
            " AND ($4::timestamptz IS NULL OR (f.created_at, f.id) < ($4, $5)) \
             ORDER BY f.created_at DESC, f.id DESC LIMIT $6"
        )
    };
    cached_sql(sql)
        .bind::<SqlUuid, _>(org)
        .bind::<SqlUuid, _>(reader)
        .bind::<SqlUuid, _>(person)
        .bind::<Nullable<Timestamptz>, _>(before.map(|b| b.0))
        .bind::<SqlUuid, _>(before.map_or(Uuid::nil(), |b| b.1))
        .bind::<BigInt, _>(limit)
        .load(conn)
        .await
        .map_err(DbError::from)
}

/// Rewrites an entry's text (an edit within the window, or after an amendment row was
/// written), if its version is still `version`; the number of rows changed.
pub async fn rewrite(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    id: Uuid,
    version: i32,
    t: &Wording<'_>,
) -> Result<usize, DbError> {
    diesel::update(
        feedback_entries::table.filter(
            feedback_entries::organization_id
                .eq(org)
                .and(feedback_entries::id.eq(id))
                .and(feedback_entries::version.eq(version)),
        ),
    )
    .set((
        feedback_entries::kind.eq(t.kind),
        feedback_entries::visibility.eq(t.visibility),
        feedback_entries::situation.eq(t.situation),
        feedback_entries::behaviour.eq(t.behaviour),
        feedback_entries::impact.eq(t.impact),
        feedback_entries::next_step.eq(t.next_step),
        feedback_entries::competency_ids.eq(t.competency_ids),
        feedback_entries::edited_at.eq(Utc::now()),
        feedback_entries::version.eq(version + 1),
    ))
    .execute(conn)
    .await
    .map_err(DbError::from)
}

/// Keeps the text an amendment is about to replace, with the reason.
pub async fn keep_amended(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    entry: &EntryRow,
    reason: &str,
) -> Result<(), DbError> {
    diesel::insert_into(feedback_amendments::table)
        .values((
            feedback_amendments::organization_id.eq(org),
            feedback_amendments::entry_id.eq(entry.id),
            feedback_amendments::reason.eq(reason),
            feedback_amendments::previous_situation.eq(&entry.situation),
            feedback_amendments::previous_behaviour.eq(&entry.behaviour),
            feedback_amendments::previous_impact.eq(&entry.impact),
            feedback_amendments::previous_next_step.eq(&entry.next_step),
        ))
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(DbError::from)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = feedback_amendments)]
pub struct AmendmentRow {
    pub entry_id: Uuid,
    pub reason: String,
    pub previous_situation: String,
    pub previous_behaviour: String,
    pub previous_impact: String,
    pub previous_next_step: String,
    pub created_at: DateTime<Utc>,
}

/// The amendments of entries (already known to be readable), oldest first.
pub async fn amendments(conn: &mut AsyncPgConnection, entries: &[Uuid]) -> Result<Vec<AmendmentRow>, DbError> {
    feedback_amendments::table
        .filter(feedback_amendments::entry_id.eq_any(entries))
        .order((feedback_amendments::entry_id, feedback_amendments::created_at))
        .select(AmendmentRow::as_select())
        .load(conn)
        .await
        .map_err(DbError::from)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct ReplyRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub entry_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub author_id: Uuid,
    #[diesel(sql_type = Text)]
    pub author_name: String,
    #[diesel(sql_type = Text)]
    pub body: String,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

/// The replies to entries (already known to be readable), oldest first.
pub async fn replies(conn: &mut AsyncPgConnection, entries: &[Uuid]) -> Result<Vec<ReplyRow>, DbError> {
    cached_sql(
        "SELECT x.id, x.entry_id, x.author_id, p.name AS author_name, x.body, x.created_at \
         FROM feedback_replies x JOIN people p ON p.id = x.author_id \
         WHERE x.entry_id = ANY($1) ORDER BY x.entry_id, x.created_at",
    )
    .bind::<Array<SqlUuid>, _>(entries)
    .load(conn)
    .await
    .map_err(DbError::from)
}

pub async fn insert_reply(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    entry: Uuid,
    author: Uuid,
    body: &str,
) -> Result<Uuid, DbError> {
    diesel::insert_into(feedback_replies::table)
        .values((
            feedback_replies::organization_id.eq(org),
            feedback_replies::entry_id.eq(entry),
            feedback_replies::author_id.eq(author),
            feedback_replies::body.eq(body),
        ))
        .returning(feedback_replies::id)
        .get_result(conn)
        .await
        .map_err(DbError::from)
}

/// Marks an entry acknowledged by its recipient (once; later calls change nothing).
pub async fn acknowledge(conn: &mut AsyncPgConnection, org: Uuid, id: Uuid, recipient: Uuid) -> Result<bool, DbError> {
    let changed = diesel::update(
        feedback_entries::table.filter(
            feedback_entries::organization_id
                .eq(org)
                .and(feedback_entries::id.eq(id))
                .and(feedback_entries::recipient_id.eq(recipient))
                .and(feedback_entries::visibility.ne("private"))
                .and(feedback_entries::acknowledged_at.is_null()),
        ),
    )
    .set(feedback_entries::acknowledged_at.eq(Utc::now()))
    .execute(conn)
    .await?;
    Ok(changed == 1)
}
