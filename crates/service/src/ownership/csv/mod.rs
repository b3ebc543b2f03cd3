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
use domain::identity::PersonStatus;
use domain::ownership::component::ComponentInput;
pub use domain::ownership::import::{ImportOptions, ImportProblem, ImportReport, MAX_BYTES, MAX_LINES, OwnershipFile};
use domain::ownership::matrix::{AssignmentInput, RowInput};
use domain::ownership::raci::{self, Holding, Letter};
use domain::validate::{Email, optional_text};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

mod apply;
mod plan_components;
mod plan_dependencies;
mod plan_matrix;
mod sheet;

use apply::*;
use plan_components::*;
use plan_dependencies::*;
use plan_matrix::*;
use sheet::*;

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
// Import

/// Refuses those who may not import this file at all, before the file is read
/// (`policy::require_ownership_importer`). Who may import the matrix depends on the
/// components the file changes, so that is checked once the file is read.
pub fn require_importer(actor: &Actor, what: OwnershipFile) -> ServiceResult<()> {
    policy::require_ownership_importer(actor, what)
}

/// Imports one file: a dry run only reports; otherwise everything is written in one
/// transaction, or nothing is. With `allow_gaps`, matrix rows that break a rule are
/// written and reported as notes rather than refused.
pub async fn import(
    services: &Services,
    actor: &Actor,
    what: OwnershipFile,
    text: &str,
    options: ImportOptions,
) -> ServiceResult<ImportReport> {
    let ImportOptions { dry_run, allow_gaps } = options;
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
                OwnershipFile::Matrix => plan_matrix(conn, &actor, &sheet, &mut report, allow_gaps).await?,
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
            "gaps": report.notes.len(),
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
