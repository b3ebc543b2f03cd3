//! Planning a matrix file: one line per letter, grouped into rows that must keep the
//! RACI rules; the importer must be allowed to change every row the file changes.

use super::*;

/// A (component, activity) row as the file names it.
pub(super) struct Group {
    pub(super) component: Uuid,
    pub(super) activity: Uuid,
    pub(super) label: String,
    pub(super) lines: Vec<usize>,
    /// The letters of the lines without problems, each with its line.
    pub(super) letters: Vec<(Letter, Option<Uuid>, Option<Uuid>, usize)>,
    /// Some line of the row has a problem: its rules are not checked.
    pub(super) bad: bool,
}

impl Group {
    /// The letters the file gives the row, sorted as the current rows are for comparison.
    pub(super) fn wanted(&self) -> Vec<db::ownership::matrix::Letter> {
        let mut wanted: Vec<db::ownership::matrix::Letter> =
            self.letters.iter().map(|(l, p, t, _)| (l.as_str().to_string(), *p, *t)).collect();
        wanted.sort();
        wanted
    }
}

/// A person or team who can hold a letter, as the rules see them.
pub(super) struct Holder {
    pub(super) id: Uuid,
    pub(super) name: String,
    pub(super) active: bool,
    pub(super) is_team: bool,
}

/// The organization as a matrix file is checked against: components and activities by
/// lower-cased name, who can hold a letter (by id, email and team name), and every row as
/// it is now (version and letters, sorted for comparison).
pub(super) struct Known {
    components: HashMap<String, (Uuid, String)>,
    activities: HashMap<String, (Uuid, String)>,
    rasci: bool,
    holders: HashMap<Uuid, Holder>,
    by_email: HashMap<String, Uuid>,
    by_team: HashMap<String, Uuid>,
    current: HashMap<(Uuid, Uuid), (i32, Vec<db::ownership::matrix::Letter>)>,
}

impl Known {
    async fn read(conn: &mut AsyncPgConnection, org: Uuid) -> ServiceResult<Self> {
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
            let active = PersonStatus::parse(&p.status).is_some_and(PersonStatus::may_hold_ownership);
            holders.insert(p.id, Holder { id: p.id, name: p.name, active, is_team: false });
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
        Ok(Self { components, activities, rasci, holders, by_email, by_team, current })
    }
}

pub(super) async fn plan_matrix(
    conn: &mut AsyncPgConnection,
    actor: &Actor,
    sheet: &Sheet,
    report: &mut ImportReport,
    allow_gaps: bool,
) -> ServiceResult<Work> {
    let org = actor.organization_id;
    let known = Known::read(conn, org).await?;
    let Known { components, activities, rasci, holders, current, .. } = &known;
    let rasci = *rasci;

    let mut groups: Vec<Group> = Vec::new();
    let mut group_at: HashMap<(Uuid, Uuid), usize> = HashMap::new();
    // (line, component, its name, its row) of every line naming a known component, for
    // the permission check
    let mut touched: Vec<(usize, Uuid, String, Option<usize>)> = Vec::new();
    for line in &sheet.lines {
        let n = Some(line.number);
        let before = report.problems.len();
        let component = find_component(components, line, "component", &mut report.problems);
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
        let letter = letter_of(line, rasci, &mut report.problems);
        let holder = holder_of(line, &known, &mut report.problems);
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
        let checked = match matrix::check_letters(conn, org, &input, rasci).await? {
            Ok(letters) => Ok(letters),
            // the row breaks only rules, and the importer asked to bring such rows over as
            // gaps: written as given, and reported
            Err(problems) if allow_gaps && problems.only_rules() => {
                for (at, message) in problems.into_iter() {
                    report.notes.push(row_problem(g, at, format!("imported as a gap to fix: {message}")));
                }
                Ok(input.assignments.iter().map(|a| (a.letter.clone(), a.person_id, a.team_id)).collect())
            }
            Err(problems) => Err(problems),
        };
        match checked {
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
pub(super) fn rule_key(rule: raci::Rule) -> String {
    format!("rules.{}", rule.as_str())
}

/// A problem `check_letters` found on a row, placed on the line it is about: a rule on
/// the row's first line (naming all its lines), a letter on its own line.
pub(super) fn row_problem(g: &Group, at: RowProblem, message: String) -> ImportProblem {
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

/// The letter a line gives, or its problem recorded.
fn letter_of(line: &Line, rasci: bool, problems: &mut Vec<ImportProblem>) -> Option<Letter> {
    let n = Some(line.number);
    let raw_letter = line.get("letter");
    match Letter::parse(raw_letter) {
        None => {
            let choices = if rasci { "R, A, S, C or I" } else { "R, A, C or I" };
            let message = if raw_letter.is_empty() {
                format!("Enter a letter: {choices}")
            } else {
                format!("\"{raw_letter}\" is not {choices}")
            };
            problems.push(problem(n, Some("letter"), message));
            None
        }
        Some(Letter::S) if !rasci => {
            problems.push(problem(
                n,
                Some("letter"),
                "S (supportive) is not in use in your organization: use R, A, C or I",
            ));
            None
        }
        l => l,
    }
}

/// Who a line names (a person's email or a team), or its problem recorded.
fn holder_of<'a>(line: &Line, known: &'a Known, problems: &mut Vec<ImportProblem>) -> Option<&'a Holder> {
    let n = Some(line.number);
    let (by_email, by_team, holders) = (&known.by_email, &known.by_team, &known.holders);
    let (email, team) = (line.get("person_email"), line.get("team"));
    match (email.is_empty(), team.is_empty()) {
        (true, true) => {
            problems.push(problem(n, Some("person_email"), "Give a person's email or a team"));
            None
        }
        (false, false) => {
            problems.push(problem(n, Some("person_email"), "Give a person's email or a team, not both"));
            None
        }
        // the message does not repeat the address: the line and column name it
        (false, true) => match Email::parse(email) {
            Err(p) => {
                problems.push(problem(n, Some("person_email"), p));
                None
            }
            Ok(e) => {
                let found = by_email.get(e.as_str()).and_then(|id| holders.get(id));
                if found.is_none() {
                    problems.push(problem(n, Some("person_email"), "Nobody in your organization has this email"));
                }
                found
            }
        },
        (true, false) => {
            let found = by_team.get(&team.to_lowercase()).and_then(|id| holders.get(id));
            if found.is_none() {
                problems.push(problem(n, Some("team"), format!("No team called \"{team}\" in your organization")));
            }
            found
        }
    }
}
