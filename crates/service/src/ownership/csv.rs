//! CSV import and export of ownership data: the component catalog, the dependencies
//! between components and the RACI matrix, one file each with a fixed header
//! ([`OwnershipFile::columns`]). An export writes exactly the header the import reads, so
//! an export can be edited and imported back.
//!
//! Everyone in the organization may export (they can read all of it anyway). An import is
//! a dry run by default: it plans every line against the organization as it is and
//! reports every problem at once, as `line N: column`. A real import plans again inside
//! one transaction and writes everything, or nothing (422 naming each problem).
//!
//! - **components** (admins): matched by name, case-insensitively; existing components
//!   are updated, new ones created. A component cannot be renamed by import (other than
//!   in case): a new name is a new component.
//! - **dependencies** (admins): adds the edges listed, or changes their reasons. Edges the
//!   file does not list are left alone: the import never removes a dependency.
//! - **matrix** (admins, or people accountable for every component whose rows the import
//!   would change): one line per letter. Every (component, activity) row the file names
//!   is replaced as a whole by the letters listed for it and must keep the RACI rules;
//!   rows the file does not name are left alone, and no row is taken out of use.

use super::matrix::{Part, RowProblem};
use super::{components, matrix};
use crate::actor::Actor;
use crate::{ServiceError, ServiceResult, Services, audit, policy};
use db::ownership::components::{ComponentRow, Fields};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::ErrorCode;
use domain::ownership::component::ComponentInput;
pub use domain::ownership::import::{ImportProblem, ImportReport, MAX_BYTES, MAX_LINES, OwnershipFile};
use domain::ownership::matrix::{AssignmentInput, RowInput};
use domain::ownership::raci::{self, Holding, Letter};
use domain::validate::{Email, optional_text};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

// ---------------------------------------------------------------------------------------
// Export

/// The organization's components, dependencies or matrix as CSV.
pub async fn export(services: &Services, actor: &Actor, what: OwnershipFile) -> ServiceResult<String> {
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    let lines = match what {
        OwnershipFile::Components => export_components(&mut conn, org).await?,
        OwnershipFile::Dependencies => export_dependencies(&mut conn, org).await?,
        OwnershipFile::Matrix => export_matrix(&mut conn, org, policy::may_see_deactivated(actor)).await?,
    };
    Ok(crate::csv::file(&what.columns().join(","), lines))
}

async fn all_components(conn: &mut AsyncPgConnection, org: Uuid) -> ServiceResult<Vec<ComponentRow>> {
    let filter = db::ownership::components::Filter::default();
    Ok(db::ownership::components::list(conn, org, &filter, 0, i64::MAX).await?.0)
}

async fn export_components(conn: &mut AsyncPgConnection, org: Uuid) -> ServiceResult<Vec<Vec<String>>> {
    Ok(all_components(conn, org)
        .await?
        .into_iter()
        .map(|c| {
            vec![
                c.r.name,
                c.r.kind,
                c.r.tier.to_string(),
                c.r.lifecycle,
                c.description,
                c.runbook_url.unwrap_or_default(),
                c.dashboard_url.unwrap_or_default(),
            ]
        })
        .collect())
}

async fn export_dependencies(conn: &mut AsyncPgConnection, org: Uuid) -> ServiceResult<Vec<Vec<String>>> {
    let names: HashMap<Uuid, String> =
        db::ownership::components::refs(conn, org).await?.into_iter().map(|c| (c.id, c.name)).collect();
    let mut lines: Vec<Vec<String>> = db::ownership::dependencies::with_reasons(conn, org)
        .await?
        .into_iter()
        .filter_map(|(from, to, reason)| Some(vec![names.get(&from)?.clone(), names.get(&to)?.clone(), reason]))
        .collect();
    lines.sort_by_key(|l| (l[0].to_lowercase(), l[1].to_lowercase()));
    Ok(lines)
}

/// The letters of every row. People who left are named by email only to those who may see
/// deactivated people (admins, HR); others read "(deactivated person)" there, as the
/// directory hides them too.
/// Stands for a deactivated holder in an export for someone who may not see them.
const DEACTIVATED: &str = "(deactivated person)";

async fn export_matrix(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    show_deactivated: bool,
) -> ServiceResult<Vec<Vec<String>>> {
    let components = db::ownership::components::refs(conn, org).await?;
    let activities = db::ownership::activities::list(conn, org).await?;
    let ids: Vec<Uuid> = components.iter().map(|c| c.id).collect();
    let cells = db::ownership::matrix::cells(conn, org, &ids, None, None).await?;
    let people = db::identity::people::all_in_org(conn, org, false).await?;
    let teams = db::identity::teams::names(conn, org).await?;
    // components most critical first, activities in their order, letters A R S C I
    let component_at: HashMap<Uuid, (usize, &str)> =
        components.iter().enumerate().map(|(i, c)| (c.id, (i, c.name.as_str()))).collect();
    let activity_at: HashMap<Uuid, (usize, &str)> =
        activities.iter().enumerate().map(|(i, a)| (a.id, (i, a.name.as_str()))).collect();
    let email_of: HashMap<Uuid, &str> = people
        .iter()
        .map(|p| {
            let shown = if show_deactivated || p.status != "deactivated" { p.email.as_str() } else { DEACTIVATED };
            (p.id, shown)
        })
        .collect();
    let team_of: HashMap<Uuid, &str> = teams.iter().map(|(id, name)| (*id, name.as_str())).collect();
    let mut keyed = Vec::new();
    for c in &cells {
        let (Some(&(ci, component)), Some(&(ai, activity)), Some(letter)) = (
            component_at.get(&c.component_id),
            activity_at.get(&c.activity_id),
            c.letter.as_deref().and_then(Letter::parse),
        ) else {
            continue;
        };
        let li = Letter::ALL.iter().position(|l| *l == letter).unwrap_or(0);
        let person = c.person_id.and_then(|p| email_of.get(&p)).copied().unwrap_or_default();
        let team = c.team_id.and_then(|t| team_of.get(&t)).copied().unwrap_or_default();
        let holder = format!("{person}{team}").to_lowercase();
        let cells = vec![
            component.to_string(),
            activity.to_string(),
            letter.as_str().to_string(),
            person.to_string(),
            team.to_string(),
        ];
        keyed.push(((ci, ai, li, holder), cells));
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(keyed.into_iter().map(|(_, cells)| cells).collect())
}

// ---------------------------------------------------------------------------------------
// Reading the file

/// One line of the file: its number as an editor shows it, and its cells by column.
#[derive(Debug)]
struct Line {
    number: usize,
    cells: HashMap<&'static str, String>,
}

impl Line {
    /// The trimmed cell ("" when the line is short of it).
    fn get(&self, column: &str) -> &str {
        self.cells.get(column).map(String::as_str).unwrap_or("")
    }
}

#[derive(Debug)]
struct Sheet {
    lines: Vec<Line>,
    problems: Vec<ImportProblem>,
    /// False when the header lacks a column: the lines are counted but not checked (each
    /// would only repeat the header's problem).
    complete: bool,
}

fn problem(line: Option<usize>, column: Option<&str>, message: impl Into<String>) -> ImportProblem {
    ImportProblem { line, column: column.map(str::to_string), message: message.into() }
}

fn too_large(message: String) -> ServiceError {
    ServiceError::new(ErrorCode::PayloadTooLarge, message.clone()).with_field("csv", message)
}

/// Undoes the export's formula defusing: a cell the export wrote as `'=…` (so that a
/// spreadsheet shows it rather than runs it) reads back as `=…`.
fn cell_value(raw: &str) -> String {
    let raw = raw.strip_prefix('\'').filter(|rest| rest.starts_with(['=', '+', '-', '@', '\t', '\r'])).unwrap_or(raw);
    raw.trim().to_string()
}

/// Reads the header and the lines. A file too large to read at all is an error; every
/// other problem of the file is collected, so the report names them all at once.
fn read(text: &str, what: OwnershipFile) -> ServiceResult<Sheet> {
    if text.len() > MAX_BYTES {
        return Err(too_large(format!("The file is larger than {} KiB; import it in parts.", MAX_BYTES / 1024)));
    }
    let columns = what.columns();
    let mut sheet = Sheet { lines: Vec::new(), problems: Vec::new(), complete: false };
    // A browser decoding a non-UTF-8 file puts U+FFFD where bytes did not decode.
    if text.contains('\u{FFFD}') {
        sheet.problems.push(problem(
            None,
            None,
            "The file is not UTF-8 text. Save it as \"CSV UTF-8\" from your spreadsheet and try again.",
        ));
        return Ok(sheet);
    }
    // Text PostgreSQL cannot store (NUL) or that hides what it says: a problem of its line
    // in the dry run too, so the dry run refuses what the import would.
    if let Some((line, message)) = domain::validate::file_characters(text) {
        sheet.problems.push(problem(Some(line), None, message));
        return Ok(sheet);
    }
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        sheet.problems.push(problem(
            None,
            None,
            format!("The file is empty. The first line names the columns: {}", columns.join(",")),
        ));
        return Ok(sheet);
    }
    let mut reader = ::csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            sheet.problems.push(problem(Some(1), None, format!("The header could not be read: {e}")));
            return Ok(sheet);
        }
        None => return Ok(sheet),
    };
    // Which column each cell of a line is in (None: a column the import does not know).
    let mut at: Vec<Option<&'static str>> = Vec::new();
    for raw in header.iter() {
        let raw = raw.trim().trim_start_matches('\u{FEFF}');
        let name = raw.to_lowercase().replace([' ', '-'], "_");
        match columns.iter().find(|c| **c == name) {
            None if name.is_empty() => {
                sheet.problems.push(problem(Some(1), None, "A column of the header has no name"))
            }
            None => sheet.problems.push(problem(
                Some(1),
                Some(raw),
                format!("Unknown column \"{raw}\": the {} file has the columns {}", what.as_str(), columns.join(",")),
            )),
            Some(c) if at.contains(&Some(*c)) => {
                sheet.problems.push(problem(Some(1), Some(c), "This column appears twice in the header"))
            }
            Some(c) => {
                at.push(Some(*c));
                continue;
            }
        }
        at.push(None);
    }
    sheet.complete = true;
    for c in columns {
        if !at.contains(&Some(*c)) {
            sheet.problems.push(problem(
                Some(1),
                Some(c),
                format!(
                    "The header has no \"{c}\" column; the {} file has the columns {}",
                    what.as_str(),
                    columns.join(",")
                ),
            ));
            sheet.complete = false;
        }
    }
    // Line numbers as an editor shows them (the reader's own count skips blank lines and
    // counts a quoted cell with line breaks as one line).
    let bytes = text.as_bytes();
    let (mut seen_bytes, mut seen_lines) = (0usize, 1usize);
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(seen_lines + 1);
                sheet.problems.push(problem(Some(line), None, format!("This line could not be read as CSV: {e}")));
                break;
            }
        };
        let mut start = record.position().map(|p| p.byte() as usize).unwrap_or(seen_bytes).max(seen_bytes);
        // A record's position can be the blank lines before it.
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        seen_lines += bytes[seen_bytes..start].iter().filter(|b| **b == b'\n').count();
        seen_bytes = start;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if sheet.lines.len() == MAX_LINES {
            return Err(too_large(format!(
                "The file has more than {} lines; import it in parts.",
                thousands(MAX_LINES)
            )));
        }
        if record.len() != at.len() {
            sheet.problems.push(problem(
                Some(seen_lines),
                None,
                format!("This line has {} cells; the header has {} columns", record.len(), at.len()),
            ));
        }
        let cells = at.iter().zip(record.iter()).filter_map(|(c, v)| Some(((*c)?, cell_value(v)))).collect();
        sheet.lines.push(Line { number: seen_lines, cells });
    }
    Ok(sheet)
}

/// 20000 → "20,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// "line 4", "lines 4-6" or "lines 4, 9".
fn lines_text(lines: &[usize]) -> String {
    match lines {
        [] => String::new(),
        [one] => format!("line {one}"),
        [first, .., last] if lines.windows(2).all(|w| w[1] == w[0] + 1) => format!("lines {first}-{last}"),
        _ => format!("lines {}", lines.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(", ")),
    }
}

// ---------------------------------------------------------------------------------------
// Import

/// Refuses those who may not import this file at all, before the file is read
/// (`policy::require_ownership_importer`). Who may import the matrix depends on the
/// components the file changes, so that is checked once the file is read.
pub fn require_importer(actor: &Actor, what: OwnershipFile) -> ServiceResult<()> {
    policy::require_ownership_importer(actor, what)
}

/// Imports one file: a dry run (the default) only reports; otherwise everything is
/// written in one transaction, or nothing is.
pub async fn import(
    services: &Services,
    actor: &Actor,
    what: OwnershipFile,
    text: &str,
    dry_run: bool,
) -> ServiceResult<ImportReport> {
    require_importer(actor, what)?;
    let sheet = read(text, what)?;
    let mut conn = services.conn().await?;
    let actor = actor.clone();
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        let org = actor.organization_id;
        let mut report = ImportReport {
            what,
            dry_run,
            lines: sheet.lines.len(),
            created: 0,
            updated: 0,
            unchanged: 0,
            problems: sheet.problems.clone(),
            notes: Vec::new(),
        };
        let work = if !sheet.complete {
            Work::Nothing
        } else {
            match what {
                OwnershipFile::Components => plan_components(conn, org, &sheet, &mut report).await?,
                OwnershipFile::Dependencies => plan_dependencies(conn, org, &sheet, &mut report).await?,
                OwnershipFile::Matrix => plan_matrix(conn, &actor, &sheet, &mut report).await?,
            }
        };
        report.problems.sort_by_key(|p| p.line.unwrap_or(0));
        if dry_run {
            return Ok(report);
        }
        if !report.problems.is_empty() {
            return Err(refused(&report));
        }
        apply(conn, &actor, work).await?;
        let summary = serde_json::json!({
            "what": what, "lines": report.lines, "created": report.created,
            "updated": report.updated, "unchanged": report.unchanged,
        });
        audit::record(
            conn,
            Some(&actor),
            org,
            audit::Entry::new("ownership.imported", "organization", org).after(&summary),
        )
        .await?;
        Ok(report)
    })
    .await
}

/// The 422 of an import that has problems: each under `line N: column`.
fn refused(report: &ImportReport) -> ServiceError {
    let n = report.problems.len();
    let mut e = ServiceError::new(
        ErrorCode::Validation,
        format!(
            "The file has {n} problem{}, so nothing was imported. A dry run lists them all.",
            if n == 1 { "" } else { "s" }
        ),
    );
    for p in &report.problems {
        e.fields
            .entry(p.key())
            .and_modify(|m| {
                m.push_str("; ");
                m.push_str(&p.message);
            })
            .or_insert_with(|| p.message.clone());
    }
    e
}

/// What a problem-free plan writes.
enum Work {
    Nothing,
    Components(Vec<ComponentWrite>),
    Dependencies(Vec<DependencyWrite>),
    Matrix(Vec<RowWrite>),
}

struct ComponentWrite {
    /// None: a new component.
    existing: Option<ComponentRow>,
    fields: Fields,
}

struct DependencyWrite {
    component: Uuid,
    depends_on: Uuid,
    reason: String,
    created: bool,
}

struct RowWrite {
    component: Uuid,
    activity: Uuid,
    label: String,
    /// The row's version when planned (None: not in use).
    version: Option<i32>,
    letters: Vec<db::ownership::matrix::Letter>,
}

#[derive(Clone, Copy)]
enum Fate {
    Created,
    Updated,
    Unchanged,
}

fn count(report: &mut ImportReport, fate: Fate, lines: usize) {
    match fate {
        Fate::Created => report.created += lines,
        Fate::Updated => report.updated += lines,
        Fate::Unchanged => report.unchanged += lines,
    }
}

async fn plan_components(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    sheet: &Sheet,
    report: &mut ImportReport,
) -> ServiceResult<Work> {
    let mut existing: HashMap<String, ComponentRow> =
        all_components(conn, org).await?.into_iter().map(|c| (c.r.name.to_lowercase(), c)).collect();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let mut writes = Vec::new();
    for line in &sheet.lines {
        let n = Some(line.number);
        let before = report.problems.len();
        let tier = line.get("tier").parse::<i32>().ok();
        if tier.is_none() {
            report.problems.push(problem(n, Some("tier"), "The tier is a number from 1 (stops the business) to 4"));
        }
        let input = ComponentInput {
            name: line.get("name").to_string(),
            kind: line.get("kind").to_string(),
            // an unreadable tier is reported above; 1 keeps `check` from reporting it twice
            tier: tier.unwrap_or(1),
            description: Some(line.get("description").to_string()),
            lifecycle: Some(line.get("lifecycle").to_string()),
            runbook_url: Some(line.get("runbook_url").to_string()),
            dashboard_url: Some(line.get("dashboard_url").to_string()),
            version: None,
        };
        let fields = match components::check(&input) {
            Ok(f) => Some(f),
            Err(problems) => {
                for (column, message) in problems.0 {
                    report.problems.push(problem(n, Some(&column), message));
                }
                None
            }
        };
        let key = input.name.trim().to_lowercase();
        if !key.is_empty() {
            if let Some(first) = first_line.get(&key) {
                report.problems.push(problem(n, Some("name"), format!("Line {first} already has this component")));
            } else {
                first_line.insert(key.clone(), line.number);
            }
        }
        let Some(fields) = fields.filter(|_| report.problems.len() == before) else { continue };
        let found = existing.remove(&key);
        let fate = match &found {
            None => Fate::Created,
            Some(e) if same_component(e, &fields) => Fate::Unchanged,
            Some(_) => Fate::Updated,
        };
        count(report, fate, 1);
        if !matches!(fate, Fate::Unchanged) {
            writes.push(ComponentWrite { existing: found, fields });
        }
    }
    Ok(Work::Components(writes))
}

fn same_component(e: &ComponentRow, f: &Fields) -> bool {
    e.r.name == f.name
        && e.r.kind == f.kind
        && e.r.tier == f.tier
        && e.r.lifecycle == f.lifecycle
        && e.description == f.description
        && e.runbook_url == f.runbook_url
        && e.dashboard_url == f.dashboard_url
}

/// The organization's components by lower-cased name: (id, name as written).
async fn component_names(conn: &mut AsyncPgConnection, org: Uuid) -> ServiceResult<HashMap<String, (Uuid, String)>> {
    Ok(db::ownership::components::refs(conn, org)
        .await?
        .into_iter()
        .map(|c| (c.name.to_lowercase(), (c.id, c.name)))
        .collect())
}

/// Finds a component named in a cell, or records the problem.
fn find_component<'a>(
    names: &'a HashMap<String, (Uuid, String)>,
    line: &Line,
    column: &str,
    problems: &mut Vec<ImportProblem>,
) -> Option<&'a (Uuid, String)> {
    let name = line.get(column);
    let found = names.get(&name.to_lowercase());
    if found.is_none() {
        let message = if name.is_empty() {
            "Enter the name of a component".to_string()
        } else {
            format!("No component called \"{name}\" in your organization")
        };
        problems.push(problem(Some(line.number), Some(column), message));
    }
    found
}

async fn plan_dependencies(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    sheet: &Sheet,
    report: &mut ImportReport,
) -> ServiceResult<Work> {
    let names = component_names(conn, org).await?;
    let existing: HashMap<(Uuid, Uuid), String> = db::ownership::dependencies::with_reasons(conn, org)
        .await?
        .into_iter()
        .map(|(from, to, reason)| ((from, to), reason))
        .collect();
    let mut first_line: HashMap<(Uuid, Uuid), usize> = HashMap::new();
    let mut writes = Vec::new();
    for line in &sheet.lines {
        let n = Some(line.number);
        let before = report.problems.len();
        let from = find_component(&names, line, "component", &mut report.problems);
        let to = find_component(&names, line, "depends_on", &mut report.problems);
        let reason = optional_text(Some(line.get("reason")), "the reason", 500).unwrap_or_else(|p| {
            report.problems.push(problem(n, Some("reason"), p));
            String::new()
        });
        let (Some((from, _)), Some((to, _))) = (from, to) else { continue };
        if from == to {
            report.problems.push(problem(
                n,
                Some("depends_on"),
                "A component cannot depend on itself: name another component",
            ));
            continue;
        }
        if let Some(first) = first_line.get(&(*from, *to)) {
            report.problems.push(problem(n, Some("depends_on"), format!("Line {first} already lists this dependency")));
            continue;
        }
        first_line.insert((*from, *to), line.number);
        if report.problems.len() > before {
            continue;
        }
        let fate = match existing.get(&(*from, *to)) {
            None => Fate::Created,
            Some(r) if *r == reason => Fate::Unchanged,
            Some(_) => Fate::Updated,
        };
        count(report, fate, 1);
        if !matches!(fate, Fate::Unchanged) {
            writes.push(DependencyWrite {
                component: *from,
                depends_on: *to,
                reason,
                created: matches!(fate, Fate::Created),
            });
        }
    }
    Ok(Work::Dependencies(writes))
}

/// A (component, activity) row as the file names it.
struct Group {
    component: Uuid,
    activity: Uuid,
    label: String,
    lines: Vec<usize>,
    /// The letters of the lines without problems, each with its line.
    letters: Vec<(Letter, Option<Uuid>, Option<Uuid>, usize)>,
    /// Some line of the row has a problem: its rules are not checked.
    bad: bool,
}

impl Group {
    /// The letters the file gives the row, sorted as the current rows are for comparison.
    fn wanted(&self) -> Vec<db::ownership::matrix::Letter> {
        let mut wanted: Vec<db::ownership::matrix::Letter> =
            self.letters.iter().map(|(l, p, t, _)| (l.as_str().to_string(), *p, *t)).collect();
        wanted.sort();
        wanted
    }
}

/// A person or team who can hold a letter, as the rules see them.
struct Holder {
    id: Uuid,
    name: String,
    active: bool,
    is_team: bool,
}

async fn plan_matrix(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    sheet: &Sheet,
    report: &mut ImportReport,
) -> ServiceResult<Work> {
    let org = actor.organization_id;
    let components = component_names(conn, org).await?;
    let activities: HashMap<String, (Uuid, String)> = db::ownership::activities::list(conn, org)
        .await?
        .into_iter()
        .map(|a| (a.name.to_lowercase(), (a.id, a.name)))
        .collect();
    let (_, rasci) = db::ownership::settings::get(conn, org).await?;
    let people = db::identity::people::all_in_org(conn, org, false).await?;
    let teams = db::identity::teams::names(conn, org).await?;
    let mut holders: HashMap<Uuid, Holder> = HashMap::new();
    let mut by_email: HashMap<String, Uuid> = HashMap::new();
    for p in people {
        by_email.insert(p.email.to_lowercase(), p.id);
        holders.insert(p.id, Holder { id: p.id, name: p.name, active: p.status == "active", is_team: false });
    }
    let mut by_team: HashMap<String, Uuid> = HashMap::new();
    for (id, name) in teams {
        by_team.insert(name.to_lowercase(), id);
        holders.insert(id, Holder { id, name, active: true, is_team: true });
    }
    // the rows as they are: version and letters, sorted for comparison
    let mut current: HashMap<(Uuid, Uuid), (i32, Vec<db::ownership::matrix::Letter>)> = HashMap::new();
    let every: Vec<Uuid> = components.values().map(|(id, _)| *id).collect();
    for c in db::ownership::matrix::cells(conn, org, &every, None, None).await? {
        let row = current.entry((c.component_id, c.activity_id)).or_insert((c.version, Vec::new()));
        if let Some(letter) = c.letter {
            row.1.push((letter, c.person_id, c.team_id));
        }
    }
    for row in current.values_mut() {
        row.1.sort();
    }

    let mut groups: Vec<Group> = Vec::new();
    let mut group_at: HashMap<(Uuid, Uuid), usize> = HashMap::new();
    // (line, component, its name, its row) of every line naming a known component, for
    // the permission check
    let mut touched: Vec<(usize, Uuid, String, Option<usize>)> = Vec::new();
    for line in &sheet.lines {
        let n = Some(line.number);
        let before = report.problems.len();
        let component = find_component(&components, line, "component", &mut report.problems);
        let activity_name = line.get("activity");
        let activity = activities.get(&activity_name.to_lowercase());
        if activity.is_none() {
            let message = if activity_name.is_empty() {
                "Enter the name of an activity".to_string()
            } else {
                format!("No activity called \"{activity_name}\" in your organization")
            };
            report.problems.push(problem(n, Some("activity"), message));
        }
        let raw_letter = line.get("letter");
        let letter = match Letter::parse(raw_letter) {
            None => {
                let choices = if rasci { "R, A, S, C or I" } else { "R, A, C or I" };
                let message = if raw_letter.is_empty() {
                    format!("Enter a letter: {choices}")
                } else {
                    format!("\"{raw_letter}\" is not {choices}")
                };
                report.problems.push(problem(n, Some("letter"), message));
                None
            }
            Some(Letter::S) if !rasci => {
                report.problems.push(problem(
                    n,
                    Some("letter"),
                    "S (supportive) is not in use in your organization: use R, A, C or I",
                ));
                None
            }
            l => l,
        };
        let (email, team) = (line.get("person_email"), line.get("team"));
        let holder = match (email.is_empty(), team.is_empty()) {
            (true, true) => {
                report.problems.push(problem(n, Some("person_email"), "Give a person's email or a team"));
                None
            }
            (false, false) => {
                report.problems.push(problem(n, Some("person_email"), "Give a person's email or a team, not both"));
                None
            }
            // the message does not repeat the address: the line and column name it
            (false, true) => match Email::parse(email) {
                Err(p) => {
                    report.problems.push(problem(n, Some("person_email"), p));
                    None
                }
                Ok(e) => {
                    let found = by_email.get(e.as_str()).and_then(|id| holders.get(id));
                    if found.is_none() {
                        report.problems.push(problem(
                            n,
                            Some("person_email"),
                            "Nobody in your organization has this email",
                        ));
                    }
                    found
                }
            },
            (true, false) => {
                let found = by_team.get(&team.to_lowercase()).and_then(|id| holders.get(id));
                if found.is_none() {
                    report.problems.push(problem(
                        n,
                        Some("team"),
                        format!("No team called \"{team}\" in your organization"),
                    ));
                }
                found
            }
        };
        let (Some((c, c_name)), Some((a, a_name))) = (component, activity) else {
            if let Some((c, c_name)) = component {
                touched.push((line.number, *c, c_name.clone(), None));
            }
            continue;
        };
        let at = *group_at.entry((*c, *a)).or_insert_with(|| {
            groups.push(Group {
                component: *c,
                activity: *a,
                label: format!("{c_name} / {a_name}"),
                lines: Vec::new(),
                letters: Vec::new(),
                bad: false,
            });
            groups.len() - 1
        });
        touched.push((line.number, *c, c_name.clone(), Some(at)));
        let group = &mut groups[at];
        group.lines.push(line.number);
        if let (Some(letter), Some(h)) = (letter, holder) {
            let twice = group.letters.iter().find(|l| l.0 == letter && (l.1.or(l.2)) == Some(h.id));
            if let Some(first) = twice {
                report.problems.push(problem(
                    n,
                    Some(if h.is_team { "team" } else { "person_email" }),
                    format!("{} already holds {} on this row (line {})", h.name, letter.as_str(), first.3),
                ));
            } else {
                let (p, t) = if h.is_team { (None, Some(h.id)) } else { (Some(h.id), None) };
                group.letters.push((letter, p, t, line.number));
            }
        }
        if report.problems.len() > before {
            group.bad = true;
        }
    }

    // The rows the file leaves as they are write nothing and need no permission; every
    // other line naming a component needs the right to change it. Checked before the rows'
    // rules are: someone who may not change a component learns nothing more of it.
    let unchanged_groups: HashSet<usize> = groups
        .iter()
        .enumerate()
        .filter(|(_, g)| !g.bad && current.get(&(g.component, g.activity)).is_some_and(|(_, now)| *now == g.wanted()))
        .map(|(i, _)| i)
        .collect();
    let changed: Vec<(usize, Uuid, String)> = touched
        .into_iter()
        .filter(|(_, _, _, group)| !group.is_some_and(|g| unchanged_groups.contains(&g)))
        .map(|(line, c, name, _)| (line, c, name))
        .collect();
    policy::require_matrix_rows_editor(conn, actor, &changed).await?;

    let mut writes = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        if g.bad {
            continue;
        }
        let now = current.get(&(g.component, g.activity));
        let first = g.lines.first().copied();
        if unchanged_groups.contains(&i) {
            count(report, Fate::Unchanged, g.lines.len());
            // nothing is written to such a row, so it is not refused for problems it
            // already has; the report still says so
            let held: Vec<Holding> = g
                .letters
                .iter()
                .filter_map(|(l, p, t, _)| {
                    let h = holders.get(&p.or(*t)?)?;
                    Some(Holding { letter: *l, is_team: h.is_team, active: h.active, name: h.name.clone() })
                })
                .collect();
            for b in raci::breaks(&held) {
                report.notes.push(problem(
                    first,
                    Some(&rule_key(b.rule)),
                    format!(
                        "Row \"{}\" ({}) is left as it is and still breaks a rule: {}",
                        g.label,
                        lines_text(&g.lines),
                        b.message
                    ),
                ));
            }
            continue;
        }
        // the same checks as a row written on the matrix page
        let input = RowInput {
            component_id: g.component,
            activity_id: g.activity,
            assignments: g
                .letters
                .iter()
                .map(|(l, p, t, _)| AssignmentInput { letter: l.as_str().to_string(), person_id: *p, team_id: *t })
                .collect(),
            version: None,
        };
        match matrix::check_letters(conn, org, &input, rasci).await? {
            Ok(letters) => {
                count(report, if now.is_some() { Fate::Updated } else { Fate::Created }, g.lines.len());
                writes.push(RowWrite {
                    component: g.component,
                    activity: g.activity,
                    label: g.label.clone(),
                    version: now.map(|(v, _)| *v),
                    letters,
                });
            }
            Err(problems) => {
                for (at, message) in problems.into_iter() {
                    report.problems.push(row_problem(g, at, message));
                }
            }
        }
    }

    Ok(Work::Matrix(writes))
}

/// `several_accountable` for the rule, as the API names it.
fn rule_key(rule: raci::Rule) -> String {
    format!("rules.{}", rule.as_str())
}

/// A problem `check_letters` found on a row, placed on the line it is about: a rule on
/// the row's first line (naming all its lines), a letter on its own line.
fn row_problem(g: &Group, at: RowProblem, message: String) -> ImportProblem {
    match at {
        RowProblem::Rule(rule) => problem(
            g.lines.first().copied(),
            Some(&rule_key(rule)),
            format!("Row \"{}\" ({}): {message}", g.label, lines_text(&g.lines)),
        ),
        RowProblem::Assignment(index, part) => {
            let line = g.letters.get(index).map(|l| l.3).or(g.lines.first().copied());
            let column = match part {
                Part::Person => "person_email",
                Part::Team => "team",
                Part::Letter => "letter",
            };
            problem(line, Some(column), message)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Writing

async fn apply(conn: &mut AsyncPgConnection, actor: &Actor, work: Work) -> ServiceResult<()> {
    let org = actor.organization_id;
    match work {
        Work::Nothing => {}
        Work::Components(writes) => {
            for w in writes {
                match w.existing {
                    None => {
                        let id = db::ownership::components::insert(conn, org, &w.fields).await?;
                        let created = components::load(conn, org, id).await?;
                        audit::record(
                            conn,
                            Some(actor),
                            org,
                            audit::Entry::new("component.created", "component", id).after(&created),
                        )
                        .await?;
                    }
                    Some(e) => {
                        let id = e.r.id;
                        let before = components::summary(e);
                        if !db::ownership::components::update(conn, id, before.version, &w.fields).await? {
                            return Err(changed_meanwhile(&before.name));
                        }
                        let after = components::load(conn, org, id).await?;
                        audit::record(
                            conn,
                            Some(actor),
                            org,
                            audit::Entry::new("component.updated", "component", id).before(&before).after(&after),
                        )
                        .await?;
                    }
                }
            }
        }
        Work::Dependencies(writes) => {
            for w in writes {
                db::ownership::dependencies::put(conn, org, w.component, w.depends_on, &w.reason).await?;
                audit::record(
                    conn,
                    Some(actor),
                    org,
                    audit::Entry::new(
                        if w.created { "dependency.added" } else { "dependency.updated" },
                        "component",
                        w.component,
                    )
                    .after(&serde_json::json!({"depends_on_id": w.depends_on, "reason": w.reason, "via": "import"})),
                )
                .await?;
            }
        }
        Work::Matrix(writes) => {
            let verify_days = matrix::settings_of(conn, org).await?.verify_days;
            for w in writes {
                let (c, a) = (w.component, w.activity);
                // the plan read the row unlocked; someone may have changed it since
                let version = db::ownership::matrix::lock(conn, c, a).await?;
                if version != w.version {
                    return Err(changed_meanwhile(&w.label));
                }
                let incoming = w.letters.iter().map(|(_, p, t)| (*p, *t));
                let save = matrix::RowSave::read(conn, org, (c, a), verify_days, incoming).await?;
                let (before, after) = save.write(conn, org, &w.letters).await?;
                audit::record(
                    conn,
                    Some(actor),
                    org,
                    audit::Entry::new("ownership.row_changed", "component", c)
                        .before(&serde_json::json!({"activity_id": a, "row": before}))
                        .after(&serde_json::json!({"activity_id": a, "row": after, "via": "import"})),
                )
                .await?;
            }
        }
    }
    Ok(())
}

fn changed_meanwhile(what: &str) -> ServiceError {
    ServiceError::conflict(format!(
        "\"{what}\" was changed by someone else while the file was being imported; nothing was imported. Run the \
         import again."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(sheet: &Sheet) -> Vec<String> {
        sheet.problems.iter().map(ImportProblem::key).collect()
    }

    #[test]
    fn reads_lines_with_their_numbers_and_undoes_defusing() {
        let text = "\u{FEFF}Component,Depends on,Reason\r\nERP,ERP database,\"its data, all of it\"\r\n\r\n\
                    \"Web\nsite\",Cloud,'-nightly copy\r\n";
        let sheet = read(text, OwnershipFile::Dependencies).unwrap();
        assert!(sheet.complete && sheet.problems.is_empty(), "{:?}", sheet.problems);
        assert_eq!(sheet.lines.len(), 2);
        assert_eq!(sheet.lines[0].number, 2);
        assert_eq!(sheet.lines[0].get("reason"), "its data, all of it");
        assert_eq!(sheet.lines[1].number, 4);
        assert_eq!(sheet.lines[1].get("component"), "Web\nsite");
        assert_eq!(sheet.lines[1].get("reason"), "-nightly copy", "the export's defusing is undone");
        assert_eq!(cell_value("'plain"), "'plain", "only a defused formula loses its quote");
    }

    #[test]
    fn header_problems_name_the_column_on_line_1() {
        let sheet =
            read("component,activity,letter,person_email,notes\nA,B,R,a@x.org,hi\n", OwnershipFile::Matrix).unwrap();
        assert_eq!(keys(&sheet), ["line 1: notes", "line 1: team"]);
        assert!(!sheet.complete, "a missing column stops the line checks");
        assert_eq!(sheet.lines.len(), 1);
        let sheet = read("component,component,depends_on,reason\n", OwnershipFile::Dependencies).unwrap();
        assert_eq!(keys(&sheet), ["line 1: component"]);
        assert!(sheet.problems[0].message.contains("twice"));
        let sheet = read("component,depends_on,reason\nA,B\n", OwnershipFile::Dependencies).unwrap();
        assert_eq!(keys(&sheet), ["line 2"], "a short line");
        assert_eq!(keys(&read(" \n", OwnershipFile::Matrix).unwrap()), ["csv"]);
        assert_eq!(keys(&read("a\u{FFFD}", OwnershipFile::Matrix).unwrap()), ["csv"]);
    }

    #[test]
    fn files_too_large_are_refused_with_a_reason() {
        let big = format!("component,depends_on,reason\n{}", "a,b,c\n".repeat(MAX_LINES + 1));
        let e = read(&big, OwnershipFile::Dependencies).unwrap_err();
        assert_eq!(e.code, ErrorCode::PayloadTooLarge);
        assert!(e.message.contains("20,000 lines"), "{}", e.message);
        let e = read(&"x".repeat(MAX_BYTES + 1), OwnershipFile::Dependencies).unwrap_err();
        assert_eq!(e.code, ErrorCode::PayloadTooLarge);
    }

    #[test]
    fn line_ranges_read_naturally() {
        assert_eq!(lines_text(&[4]), "line 4");
        assert_eq!(lines_text(&[4, 5, 6]), "lines 4-6");
        assert_eq!(lines_text(&[4, 9]), "lines 4, 9");
        assert_eq!(thousands(20_000), "20,000");
        assert_eq!(thousands(1_048_576), "1,048,576");
        assert_eq!(thousands(999), "999");
    }
}
