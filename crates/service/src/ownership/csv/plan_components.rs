//! Planning a components file: match by name, create or update.

use super::*;

pub(super) async fn plan_components(
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

pub(super) fn same_component(e: &ComponentRow, f: &Fields) -> bool {
    e.r.name == f.name
        && e.r.kind == f.kind
        && e.r.tier == f.tier
        && e.r.lifecycle == f.lifecycle
        && e.description == f.description
        && e.runbook_url == f.runbook_url
        && e.dashboard_url == f.dashboard_url
}

/// The organization's components by lower-cased name: (id, name as written).
pub(super) async fn component_names(
    conn: &mut AsyncPgConnection,
    org: Uuid,
) -> ServiceResult<HashMap<String, (Uuid, String)>> {
    Ok(db::ownership::components::refs(conn, org)
        .await?
        .into_iter()
        .map(|c| (c.name.to_lowercase(), (c.id, c.name)))
        .collect())
}

/// Finds a component named in a cell, or records the problem.
pub(super) fn find_component<'a>(
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
