//! Planning a dependencies file: add edges or change their reasons.

use super::*;

pub(super) async fn plan_dependencies(
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
