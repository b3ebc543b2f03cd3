//! Importing people and teams from CSV (admins). A dry run reports what every row would
//! do and every row's problems; an import writes all rows in one transaction or nothing.
//! People are matched by email: new ones are created as invited, existing ones updated
//! in the columns the file has (a missing column leaves that field alone). Team names
//! that do not exist yet become new teams, unless the name is close to an existing one
//! (then the row asks "did you mean …?").
//!
//! The `status` column is applied: `deactivated` deactivates (or creates a deactivated
//! record of someone who has left, to keep their history), `active` or `invited` on a
//! deactivated person lets them sign in again. Whether someone not deactivated has
//! accepted their invitation is theirs to do, never a file's: `active` on someone invited
//! (or `invited` on someone active) changes nothing, and the import page says so.

use super::import_file::{self, FileRow, ImportFile};
use super::people::REPORTING_LOOP;
use crate::actor::{Actor, roles_from_db, roles_to_db};
use crate::{ServiceError, ServiceResult, Services, audit, policy};
use chrono::Utc;
use db::identity::people::PersonRow;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use domain::ErrorCode;
use domain::identity::{PersonStatus, Role};
use domain::people_import::{ImportAction, ImportRow, PeopleImportReport, PeopleImportRequest};
use domain::validate::{Email, optional_text, text};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use uuid::Uuid;

pub async fn import_people(
    services: &Services,
    actor: &Actor,
    req: &PeopleImportRequest,
) -> ServiceResult<PeopleImportReport> {
    policy::require_admin(actor, "import people")?;
    let file = import_file::read(&req.csv)?;
    let org = actor.organization_id;
    let dry_run = req.dry_run;
    let mut conn = services.conn().await?;
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        // An import locks everyone it compares against, so no edit slips in between.
        let people = db::identity::people::all_in_org(conn, org, !dry_run).await?;
        let teams = db::identity::teams::names(conn, org).await?;
        let memberships = db::identity::people::memberships(conn, org).await?;
        let existing = Existing::new(people, teams, memberships);
        let plan = plan(&file, &existing, actor.person_id);
        let mut report = plan.report(&file, dry_run);
        if dry_run {
            return Ok(report);
        }
        if report.rows_with_problems > 0 {
            return Err(problems_error(&report));
        }
        apply(conn, actor, &existing, &plan).await?;
        report.applied = true;
        let summary = serde_json::json!({
            "created": report.created, "updated": report.updated, "unchanged": report.unchanged,
            "new_teams": report.new_teams, "rows": report.rows.len(),
        });
        audit::record(
            conn,
            Some(actor),
            org,
            audit::Entry::new("people.imported", "organization", org).after(&summary),
        )
        .await?;
        Ok(report)
    })
    .await
}

/// The 422 of an import that has problems: each problem under `line N: column`.
fn problems_error(report: &PeopleImportReport) -> ServiceError {
    let mut e = ServiceError::new(
        ErrorCode::Validation,
        format!(
            "{} of {} rows have problems, so nothing was imported. A dry run lists them all.",
            report.rows_with_problems,
            report.rows.len()
        ),
    );
    for row in &report.rows {
        for (column, problem) in &row.problems {
            e.fields.insert(format!("line {}: {column}", row.line), problem.clone());
        }
    }
    e
}

/// The organization as the import finds it.
struct Existing {
    by_email: HashMap<String, PersonRow>,
    email_of: HashMap<Uuid, String>,
    /// lower-cased name → (id, name as written)
    teams: HashMap<String, (Uuid, String)>,
    team_name_of: HashMap<Uuid, String>,
    teams_of: HashMap<Uuid, BTreeSet<Uuid>>,
}

impl Existing {
    fn new(people: Vec<PersonRow>, teams: Vec<(Uuid, String)>, memberships: Vec<(Uuid, Uuid)>) -> Self {
        let email_of = people.iter().map(|p| (p.id, p.email.clone())).collect();
        let by_email = people.into_iter().map(|p| (p.email.clone(), p)).collect();
        let team_name_of = teams.iter().cloned().collect();
        let teams = teams.into_iter().map(|(id, name)| (name.to_lowercase(), (id, name))).collect();
        let mut teams_of: HashMap<Uuid, BTreeSet<Uuid>> = HashMap::new();
        for (person, team) in memberships {
            teams_of.entry(person).or_default().insert(team);
        }
        Existing { by_email, email_of, teams, team_name_of, teams_of }
    }

    fn manager_email(&self, p: &PersonRow) -> Option<String> {
        p.manager_id.and_then(|m| self.email_of.get(&m).cloned())
    }

    /// Team names of a person, lower-cased, for comparison.
    fn team_keys(&self, person: Uuid) -> BTreeSet<String> {
        self.teams_of
            .get(&person)
            .into_iter()
            .flatten()
            .filter_map(|t| self.team_name_of.get(t).map(|n| n.to_lowercase()))
            .collect()
    }
}

/// What one valid row will write. `None` fields are columns the file does not have.
#[derive(Debug, Clone)]
struct Planned {
    line: u32,
    name: String,
    email: String,
    job_title: Option<String>,
    manager_email: Option<Option<String>>,
    teams: Option<Vec<String>>,
    roles: Option<Vec<Role>>,
    /// Deactivated or not, when the file says (see the module's note on `status`).
    deactivated: Option<bool>,
    action: Option<ImportAction>,
    changes: Vec<String>,
    problems: BTreeMap<String, String>,
}

struct Plan {
    rows: Vec<Planned>,
    /// Team names (as first written in the file) that do not exist yet.
    new_teams: Vec<String>,
}

impl Plan {
    fn report(&self, file: &ImportFile, dry_run: bool) -> PeopleImportReport {
        let count = |a: ImportAction| self.rows.iter().filter(|r| r.action == Some(a)).count() as u32;
        PeopleImportReport {
            dry_run,
            applied: false,
            columns: file.columns.iter().map(|c| c.to_string()).collect(),
            rows: self
                .rows
                .iter()
                .map(|r| ImportRow {
                    line: r.line,
                    name: r.name.clone(),
                    email: r.email.clone(),
                    action: r.action,
                    changes: r.changes.clone(),
                    problems: r.problems.clone(),
                })
                .collect(),
            created: count(ImportAction::Create),
            updated: count(ImportAction::Update),
            unchanged: count(ImportAction::Unchanged),
            rows_with_problems: self.rows.iter().filter(|r| !r.problems.is_empty()).count() as u32,
            new_teams: self.new_teams.clone(),
        }
    }
}

fn list(cell: &str) -> Vec<String> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// Checks every row on its own, then across rows (duplicates, managers, loops), and
/// decides each valid row's action.
fn plan(file: &ImportFile, existing: &Existing, actor: Uuid) -> Plan {
    let mut rows: Vec<Planned> = file.rows.iter().map(|r| check_row(r, existing, actor)).collect();

    // Duplicate emails: the first row wins, later ones are problems.
    let mut first_line: HashMap<String, u32> = HashMap::new();
    for row in rows.iter_mut().filter(|r| !r.email.is_empty()) {
        if let Some(line) = first_line.get(&row.email) {
            row.problems.insert("email".into(), format!("Line {line} already has this email"));
        } else {
            first_line.insert(row.email.clone(), row.line);
        }
    }

    // Managers must be someone in the organization or in the file.
    for row in rows.iter_mut() {
        if let Some(Some(m)) = &row.manager_email {
            if *m == row.email {
                row.problems.insert("manager_email".into(), "A person cannot be their own manager".into());
            } else if !first_line.contains_key(m) && !existing.by_email.contains_key(m) {
                row.problems.insert(
                    "manager_email".into(),
                    format!("No one with the email {m} is in your organization or in this file"),
                );
            }
        }
    }

    // Reporting loops in the organization as it would be after the import.
    let mut manager_of: HashMap<String, String> =
        existing.by_email.values().filter_map(|p| Some((p.email.clone(), existing.manager_email(p)?))).collect();
    for row in &rows {
        if let Some(m) = &row.manager_email {
            match m {
                Some(m) => manager_of.insert(row.email.clone(), m.clone()),
                None => manager_of.remove(&row.email),
            };
        }
    }
    for row in rows.iter_mut().filter(|r| matches!(r.manager_email, Some(Some(_)))) {
        let mut at = row.email.clone();
        for _ in 0..=manager_of.len() {
            match manager_of.get(&at) {
                Some(next) if *next == row.email => {
                    row.problems.entry("manager_email".into()).or_insert_with(|| REPORTING_LOOP.into());
                    break;
                }
                Some(next) => at = next.clone(),
                None => break,
            }
        }
    }

    // New teams, named as first written. A name close to an existing team's, or to a new
    // one earlier in the file, is most likely a typo: asked about before a team is made.
    let mut new_teams: Vec<String> = Vec::new();
    for row in rows.iter_mut() {
        for name in row.teams.iter().flatten() {
            let key = name.to_lowercase();
            if existing.teams.contains_key(&key) || new_teams.iter().any(|t| t.to_lowercase() == key) {
                continue;
            }
            let known = existing.teams.values().map(|(_, n)| n.as_str()).chain(new_teams.iter().map(String::as_str));
            if let Some(meant) = domain::spelling::did_you_mean(name, known) {
                row.problems.entry("teams".into()).or_insert(format!(
                    "There is no team \"{name}\"; did you mean \"{meant}\"? Correct the name, or create the \
                     team under Teams first if it really is a new one"
                ));
                continue;
            }
            new_teams.push(name.clone());
        }
    }

    for row in rows.iter_mut().filter(|r| r.problems.is_empty()) {
        decide(row, existing);
    }
    Plan { rows, new_teams }
}

/// The checks one row can make alone.
fn check_row(r: &FileRow, existing: &Existing, actor: Uuid) -> Planned {
    let mut problems = BTreeMap::new();
    let mut problem = |column: &str, p: String| {
        problems.entry(column.to_string()).or_insert(p);
    };
    if let Some(p) = &r.shape_problem {
        problem("row", p.clone());
    }
    let raw_name = r.get("name").unwrap_or("").to_string();
    let name = text(&raw_name, "a name", 200).unwrap_or_else(|p| {
        problem("name", p);
        raw_name.clone()
    });
    let raw_email = r.get("email").unwrap_or("");
    let email = match Email::parse(raw_email) {
        Ok(e) => e.as_str().to_string(),
        Err(p) => {
            problem("email", p);
            raw_email.to_string()
        }
    };
    let job_title = r.get("job_title").map(|t| {
        optional_text(Some(t), "the job title", 200).unwrap_or_else(|p| {
            problem("job_title", p);
            t.to_string()
        })
    });
    let manager_email = r.get("manager_email").map(|m| {
        if m.is_empty() {
            None
        } else {
            match Email::parse(m) {
                Ok(e) => Some(e.as_str().to_string()),
                Err(p) => {
                    problem("manager_email", p);
                    None
                }
            }
        }
    });
    let teams = r.get("teams").map(|cell| {
        let mut names: Vec<String> = Vec::new();
        for t in list(cell) {
            if t.chars().count() > 120 {
                problem("teams", "Keep team names to 120 characters or fewer".into());
            } else if !names.iter().any(|n| n.to_lowercase() == t.to_lowercase()) {
                names.push(t);
            }
        }
        names
    });
    let roles = r.get("roles").map(|cell| {
        let mut roles = Vec::new();
        for raw in list(cell) {
            match Role::parse(&raw) {
                Some(role) => roles.push(role),
                None => problem("roles", format!("Unknown role \"{raw}\": use admin, hr, manager or member")),
            }
        }
        if roles.is_empty() {
            roles.push(Role::Member);
        }
        roles.sort();
        roles.dedup();
        roles
    });
    let deactivated = r.get("status").filter(|s| !s.is_empty()).and_then(|status| {
        match PersonStatus::parse(&status.to_lowercase()) {
            Some(s) => Some(s == PersonStatus::Deactivated),
            None => {
                problem("status", format!("Unknown status \"{status}\": use invited, active or deactivated"));
                None
            }
        }
    });
    let found = existing.by_email.get(&email);
    if deactivated == Some(true) && found.is_some_and(|p| p.id == actor) {
        problem("status", "You cannot deactivate yourself".into());
    }
    if let (Some(p), Some(roles)) = (found, &roles)
        && p.id == actor
        && roles_from_db(&p.roles).contains(&Role::Admin)
        && !roles.contains(&Role::Admin)
    {
        problem("roles", "You cannot remove your own admin role; ask another admin".into());
    }
    Planned {
        line: r.line,
        name,
        email,
        job_title,
        manager_email,
        teams,
        roles,
        deactivated,
        action: None,
        changes: Vec::new(),
        problems,
    }
}

/// Create, update (naming the fields that change) or unchanged.
fn decide(row: &mut Planned, existing: &Existing) {
    let Some(p) = existing.by_email.get(&row.email) else {
        row.action = Some(ImportAction::Create);
        return;
    };
    let mut changes = Vec::new();
    if p.name != row.name {
        changes.push("name".to_string());
    }
    if row.job_title.as_ref().is_some_and(|t| *t != p.job_title) {
        changes.push("job_title".into());
    }
    if row.manager_email.as_ref().is_some_and(|m| *m != existing.manager_email(p)) {
        changes.push("manager_email".into());
    }
    if let Some(teams) = &row.teams {
        let wanted: BTreeSet<String> = teams.iter().map(|t| t.to_lowercase()).collect();
        if wanted != existing.team_keys(p.id) {
            changes.push("teams".into());
        }
    }
    if row.roles.as_ref().is_some_and(|r| roles_to_db(r) != roles_to_db(&roles_from_db(&p.roles))) {
        changes.push("roles".into());
    }
    if row.deactivated.is_some_and(|d| d != (p.status == PersonStatus::Deactivated.as_str())) {
        changes.push("status".into());
    }
    row.action = Some(if changes.is_empty() { ImportAction::Unchanged } else { ImportAction::Update });
    row.changes = changes;
}

/// Writes a problem-free plan. Managers are set in two steps (clear the ones that change,
/// then set the new ones) so no intermediate state is a loop the database would refuse.
async fn apply(conn: &mut AsyncPgConnection, actor: &Actor, existing: &Existing, plan: &Plan) -> ServiceResult<()> {
    let org = actor.organization_id;
    let mut team_ids: HashMap<String, Uuid> = existing.teams.iter().map(|(key, (id, _))| (key.clone(), *id)).collect();
    for name in &plan.new_teams {
        let row = db::identity::teams::insert(conn, org, name, "", None).await?;
        audit::record(conn, Some(actor), org, audit::Entry::new("team.created", "team", row.id).after(&row)).await?;
        team_ids.insert(name.to_lowercase(), row.id);
    }

    let mut id_of: HashMap<String, Uuid> = existing.by_email.iter().map(|(e, p)| (e.clone(), p.id)).collect();
    for row in plan.rows.iter().filter(|r| r.action == Some(ImportAction::Create)) {
        let roles = row.roles.clone().unwrap_or_else(|| vec![Role::Member]);
        let created = db::identity::people::insert(
            conn,
            &db::identity::people::NewPersonRow {
                organization_id: org,
                email: &row.email,
                name: &row.name,
                job_title: row.job_title.as_deref().unwrap_or(""),
                roles: roles_to_db(&roles),
                manager_id: None,
                status: if row.deactivated == Some(true) { PersonStatus::Deactivated } else { PersonStatus::Invited }
                    .as_str(),
                password_hash: None,
            },
        )
        .await?;
        id_of.insert(row.email.clone(), created.id);
    }

    let changing_manager =
        |r: &&Planned| r.action == Some(ImportAction::Update) && r.changes.iter().any(|c| c == "manager_email");
    for row in plan.rows.iter().filter(changing_manager) {
        db::identity::people::set_manager(conn, id_of[&row.email], None).await?;
    }

    let now = Utc::now();
    for row in &plan.rows {
        let id = id_of[&row.email];
        let manager = row.manager_email.as_ref().map(|m| m.as_ref().map(|e| id_of[e]));
        let team_list: Option<Vec<Uuid>> = row.teams.as_ref().map(|names| {
            let mut ids: Vec<Uuid> = names.iter().map(|n| team_ids[&n.to_lowercase()]).collect();
            ids.sort();
            ids
        });
        match row.action {
            Some(ImportAction::Create) => {
                if let Some(Some(m)) = manager {
                    db::identity::people::set_manager(conn, id, Some(m)).await?;
                }
                if let Some(t) = &team_list {
                    db::identity::people::set_teams(conn, org, id, t).await?;
                }
                let after = serde_json::json!({
                    "email": row.email, "name": row.name, "job_title": row.job_title,
                    "manager_id": manager.flatten(), "roles": row.roles, "team_ids": team_list,
                    "deactivated": row.deactivated == Some(true),
                });
                audit::record(conn, Some(actor), org, audit::Entry::new("person.created", "person", id).after(&after))
                    .await?;
            }
            Some(ImportAction::Update) => {
                let before = &existing.by_email[&row.email];
                let old_roles = roles_from_db(&before.roles);
                let roles = row.roles.clone().unwrap_or_else(|| old_roles.clone());
                let status = status_after(before, row.deactivated);
                let access_changed = roles_to_db(&roles) != roles_to_db(&old_roles) || status != before.status;
                let after = db::identity::people::update(
                    conn,
                    id,
                    &db::identity::people::PersonChanges {
                        name: row.name.clone(),
                        job_title: row.job_title.clone().unwrap_or_else(|| before.job_title.clone()),
                        roles: roles_to_db(&roles),
                        manager_id: manager.unwrap_or(before.manager_id),
                        status: status.to_string(),
                        token_version: before.token_version + i32::from(access_changed),
                        version: before.version + 1,
                        updated_at: now,
                    },
                )
                .await?;
                if row.changes.iter().any(|c| c == "teams")
                    && let Some(t) = &team_list
                {
                    db::identity::people::set_teams(conn, org, id, t).await?;
                }
                let after_json = serde_json::json!({ "person": after, "team_ids": team_list, "via": "import" });
                let before_json = serde_json::json!({ "person": before });
                let action = if status != before.status && status == PersonStatus::Deactivated.as_str() {
                    "person.deactivated"
                } else {
                    "person.updated"
                };
                audit::record(
                    conn,
                    Some(actor),
                    org,
                    audit::Entry::new(action, "person", id).before(&before_json).after(&after_json),
                )
                .await?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The status a person has after an import row that says `deactivated` (or not): someone
/// let back in is active when they have a password, else still invited.
fn status_after(before: &PersonRow, deactivated: Option<bool>) -> &'static str {
    let was = PersonStatus::parse(&before.status).unwrap_or(PersonStatus::Active);
    match (deactivated, was) {
        (Some(true), _) => PersonStatus::Deactivated,
        (Some(false), PersonStatus::Deactivated) if before.password_hash.is_some() => PersonStatus::Active,
        (Some(false), PersonStatus::Deactivated) => PersonStatus::Invited,
        (_, was) => was,
    }
    .as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(email: &str, manager: Option<Uuid>) -> PersonRow {
        PersonRow {
            id: Uuid::new_v4(),
            organization_id: Uuid::nil(),
            email: email.into(),
            name: email.split('@').next().unwrap().into(),
            job_title: String::new(),
            roles: vec![Some("member".into())],
            manager_id: manager,
            status: "active".into(),
            password_hash: None,
            token_version: 1,
            version: 1,
        }
    }

    fn run(people: Vec<PersonRow>, csv: &str) -> PeopleImportReport {
        let file = import_file::read(csv).unwrap();
        let existing = Existing::new(people, vec![(Uuid::new_v4(), "Infrastructure".into())], vec![]);
        plan(&file, &existing, Uuid::nil()).report(&file, true)
    }

    #[test]
    fn creates_updates_and_leaves_alone() {
        let boss = person("boss@x.org", None);
        let ann = person("ann@x.org", Some(boss.id));
        let report = run(
            vec![boss, ann],
            "name,email,manager_email,teams\nboss,boss@x.org,,\nann,ann@x.org,boss@x.org,infrastructure\n\
             New Person,new@x.org,ann@x.org,Infrastructure;Data\n",
        );
        let actions: Vec<_> = report.rows.iter().map(|r| r.action).collect();
        assert_eq!(actions, [Some(ImportAction::Unchanged), Some(ImportAction::Update), Some(ImportAction::Create)]);
        assert_eq!(report.rows[1].changes, ["teams"]);
        assert_eq!(report.new_teams, ["Data"]);
        assert_eq!((report.created, report.updated, report.unchanged, report.rows_with_problems), (1, 1, 1, 0));
    }

    #[test]
    fn reports_every_problem_of_every_row() {
        let report = run(
            vec![],
            "name,email,manager_email,roles,status\n,not-an-email,,boss,\nA,a@x.org,nobody@x.org,,\n\
             B,a@x.org,,,\nC,c@x.org,c@x.org,,asleep\n",
        );
        let p = |i: usize| report.rows[i].problems.clone();
        assert!(p(0).contains_key("name") && p(0).contains_key("email") && p(0)["roles"].contains("\"boss\""));
        assert!(p(1)["manager_email"].contains("nobody@x.org"));
        assert!(p(2)["email"].contains("Line 3"));
        assert!(p(3)["manager_email"].contains("own manager"));
        assert!(p(3)["status"].contains("asleep"));
        assert_eq!(report.rows_with_problems, 4);
        assert!(report.rows.iter().all(|r| r.action.is_none()));
    }

    #[test]
    fn finds_loops_through_existing_people() {
        let top = person("top@x.org", None);
        let mid = person("mid@x.org", Some(top.id));
        let report = run(vec![top, mid], "name,email,manager_email\ntop,top@x.org,mid@x.org\n");
        assert_eq!(report.rows[0].problems["manager_email"], REPORTING_LOOP);
        // Swapping the two in one file is fine: the result has no loop.
        let top = person("top@x.org", None);
        let mid = person("mid@x.org", Some(top.id));
        let report = run(vec![top, mid], "name,email,manager_email\ntop,top@x.org,mid@x.org\nmid,mid@x.org,\n");
        assert_eq!(report.rows_with_problems, 0, "{:?}", report.rows);
    }

    #[test]
    fn applies_the_status_column() {
        let ann = person("ann@x.org", None);
        let mut ivy = person("ivy@x.org", None);
        ivy.status = "invited".into();
        let mut gone = person("gone@x.org", None);
        gone.status = "deactivated".into();
        let report = run(
            vec![ann, ivy, gone],
            "name,email,status\nann,ann@x.org,Deactivated\nivy,ivy@x.org,active\ngone,gone@x.org,active\n\
             left,left@x.org,deactivated\n",
        );
        let row = |i: usize| (report.rows[i].action, report.rows[i].changes.clone());
        assert_eq!(row(0), (Some(ImportAction::Update), vec!["status".to_string()]));
        // accepting an invitation is the person's to do: "active" on someone invited changes nothing
        assert_eq!(row(1), (Some(ImportAction::Unchanged), vec![]));
        assert_eq!(row(2), (Some(ImportAction::Update), vec!["status".to_string()]));
        assert_eq!(row(3).0, Some(ImportAction::Create));

        let mut back = person("back@x.org", None);
        back.status = "deactivated".into();
        assert_eq!(status_after(&back, Some(false)), "invited", "no password yet: invited again");
        back.password_hash = Some("x".into());
        assert_eq!(status_after(&back, Some(false)), "active");
        assert_eq!(status_after(&back, None), "deactivated");
        assert_eq!(status_after(&person("a@x.org", None), Some(true)), "deactivated");
    }

    #[test]
    fn nobody_deactivates_themselves_by_import() {
        let me = person("me@x.org", None);
        let file = import_file::read("name,email,status\nme,me@x.org,deactivated\n").unwrap();
        let existing = Existing::new(vec![me.clone()], vec![], vec![]);
        let report = plan(&file, &existing, me.id).report(&file, true);
        assert!(report.rows[0].problems["status"].contains("yourself"), "{:?}", report.rows[0]);
    }

    #[test]
    fn a_team_name_close_to_a_known_one_asks_before_a_team_is_made() {
        let report = run(
            vec![],
            "name,email,teams\nA,a@x.org,Infrastucture\nB,b@x.org,infrastructure;Platform\nC,c@x.org,Platfrom\n",
        );
        assert!(report.rows[0].problems["teams"].contains("did you mean \"Infrastructure\""), "{:?}", report.rows[0]);
        assert!(report.rows[1].problems.is_empty(), "another case is the same team");
        assert!(report.rows[2].problems["teams"].contains("did you mean \"Platform\""), "{:?}", report.rows[2]);
        assert_eq!(report.new_teams, ["Platform"]);
    }
}
