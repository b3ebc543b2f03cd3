//! The demo organization: a small IT department of 41 people in five teams, with
//! reporting lines, HR people and the documented sign-ins. Deterministic: loading it
//! twice is refused, and every load produces the same people and teams.

use crate::actor::roles_to_db;
use crate::auth::passwords;
use crate::{ServiceError, ServiceResult, Services, audit};
use diesel_async::AsyncConnection;
use domain::identity::{PersonStatus, Role};
use domain::validate::Password;
use std::collections::HashMap;
use uuid::Uuid;

pub const ORGANIZATION: &str = "Kestrel Logistics IT";
pub const PASSWORD: &str = "hatrack-demo-2026";
pub const DOMAIN: &str = "demo.hatrack.test";
/// The sign-ins printed by `cargo xtask run`.
pub const SIGN_INS: [(&str, &str); 4] = [
    ("admin@demo.hatrack.test", "admin: manages people, teams and settings"),
    ("hr@demo.hatrack.test", "HR: sees people data across the organization"),
    ("lead@demo.hatrack.test", "IT lead with reports (Infrastructure)"),
    ("engineer@demo.hatrack.test", "engineer reporting to the lead"),
];

use Role::{Admin, Hr, Manager, Member};

struct P {
    key: &'static str,
    name: &'static str,
    title: &'static str,
    email: Option<&'static str>,
    roles: &'static [Role],
    manager: Option<&'static str>,
    team: Option<&'static str>,
    deactivated: bool,
}

const fn p(key: &'static str, name: &'static str, title: &'static str, manager: &'static str, team: &'static str) -> P {
    P { key, name, title, email: None, roles: &[Member], manager: Some(manager), team: Some(team), deactivated: false }
}

/// (key, name, description, lead key)
const TEAMS: [(&str, &str, &str, &str); 5] = [
    ("infra", "Infrastructure", "Servers, network, cloud accounts, storage and backups.", "elena"),
    ("desk", "Service Desk", "First contact for every IT question; endpoints and accounts.", "kofi"),
    ("security", "Security", "Identity and access, vulnerability management, incident response.", "hana"),
    ("apps", "Applications", "ERP, HR and finance systems and the integrations between them.", "lucas"),
    ("data", "Data", "Databases, the data warehouse and reporting.", "ines"),
];

fn people() -> Vec<P> {
    let mut v = vec![
        P {
            key: "marta",
            name: "Marta Okafor",
            title: "Head of IT",
            email: None,
            roles: &[Manager, Member],
            manager: None,
            team: None,
            deactivated: false,
        },
        P {
            key: "priya",
            name: "Priya Raman",
            title: "IT Operations Administrator",
            email: Some("admin"),
            roles: &[Admin, Member],
            manager: Some("marta"),
            team: None,
            deactivated: false,
        },
        P {
            key: "amara",
            name: "Amara Diallo",
            title: "Head of People",
            email: None,
            roles: &[Hr, Manager, Member],
            manager: None,
            team: None,
            deactivated: false,
        },
        P {
            key: "jonas",
            name: "Jonas Berg",
            title: "HR Business Partner",
            email: Some("hr"),
            roles: &[Hr, Member],
            manager: Some("amara"),
            team: None,
            deactivated: false,
        },
        P {
            key: "elena",
            name: "Elena Vasquez",
            title: "IT Lead, Infrastructure",
            email: Some("lead"),
            roles: &[Manager, Member],
            manager: Some("marta"),
            team: Some("infra"),
            deactivated: false,
        },
        P {
            key: "kofi",
            name: "Kofi Mensah",
            title: "IT Lead, Service Desk",
            email: None,
            roles: &[Manager, Member],
            manager: Some("marta"),
            team: Some("desk"),
            deactivated: false,
        },
        P {
            key: "hana",
            name: "Hana Sato",
            title: "IT Lead, Security",
            email: None,
            roles: &[Manager, Member],
            manager: Some("marta"),
            team: Some("security"),
            deactivated: false,
        },
        P {
            key: "lucas",
            name: "Lucas Moreau",
            title: "IT Lead, Applications",
            email: None,
            roles: &[Manager, Member],
            manager: Some("marta"),
            team: Some("apps"),
            deactivated: false,
        },
        P {
            key: "ines",
            name: "Ines Carvalho",
            title: "IT Lead, Data",
            email: None,
            roles: &[Manager, Member],
            manager: Some("marta"),
            team: Some("data"),
            deactivated: false,
        },
        P { email: Some("engineer"), ..p("tom", "Tom Becker", "Systems Engineer", "elena", "infra") },
    ];
    v.extend([
        p("aisha", "Aisha Khan", "Network Engineer", "elena", "infra"),
        p("mikael", "Mikael Lind", "Cloud Engineer", "elena", "infra"),
        p("rosa", "Rosa Jimenez", "Systems Engineer", "elena", "infra"),
        p("daniel", "Daniel Osei", "Storage and Backup Engineer", "elena", "infra"),
        p("yuki", "Yuki Tanaka", "Junior Systems Engineer", "elena", "infra"),
        p("pablo", "Pablo Ortega", "Network Engineer", "elena", "infra"),
        p("laura", "Laura Schmidt", "Service Desk Analyst", "kofi", "desk"),
        p("ben", "Ben Carter", "Service Desk Analyst", "kofi", "desk"),
        p("fatima", "Fatima Noor", "Desktop Support Technician", "kofi", "desk"),
        p("oliver", "Oliver Brandt", "Service Desk Analyst", "kofi", "desk"),
        p("chloe", "Chloe Martin", "Endpoint Engineer", "kofi", "desk"),
        p("ravi", "Ravi Patel", "Service Desk Coordinator", "kofi", "desk"),
        p("mia", "Mia Hoffmann", "Service Desk Analyst", "kofi", "desk"),
        P { deactivated: true, ..p("peter", "Peter Grant", "Service Desk Analyst (left in 2025)", "kofi", "desk") },
        p("marcus", "Marcus Webb", "Security Engineer", "hana", "security"),
        p("sofia", "Sofia Rossi", "Identity and Access Engineer", "hana", "security"),
        p("noah", "Noah Fischer", "Security Analyst", "hana", "security"),
        p("leila", "Leila Haddad", "Vulnerability Analyst", "hana", "security"),
        p("erik", "Erik Johansson", "Security Engineer", "hana", "security"),
        p("grace", "Grace Liu", "Application Engineer", "lucas", "apps"),
        p("mateo", "Mateo Silva", "Integration Developer", "lucas", "apps"),
        p("hannah", "Hannah Weber", "ERP Specialist", "lucas", "apps"),
        p("samuel", "Samuel Adeyemi", "Application Engineer", "lucas", "apps"),
        p("nora", "Nora Kowalski", "Business Systems Analyst", "lucas", "apps"),
        p("victor", "Victor Petrov", "Application Engineer", "lucas", "apps"),
        p("julia", "Julia Novak", "Data Engineer", "ines", "data"),
        p("ahmed", "Ahmed Farouk", "Database Administrator", "ines", "data"),
        p("emma", "Emma Larsen", "Data Analyst", "ines", "data"),
        p("kenji", "Kenji Mori", "Data Engineer", "ines", "data"),
        p("zoe", "Zoe Dubois", "BI Developer", "ines", "data"),
        p("liam", "Liam Gallagher", "Data Engineer", "ines", "data"),
    ]);
    v
}

fn email_of(p: &P) -> String {
    match p.email {
        Some(local) => format!("{local}@{DOMAIN}"),
        None => {
            let local: String = p
                .name
                .to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(".")
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
                .collect();
            format!("{local}@{DOMAIN}")
        }
    }
}

/// Whether the demo organization exists.
pub async fn is_loaded(services: &Services) -> ServiceResult<bool> {
    let mut conn = services.conn().await?;
    Ok(db::identity::orgs::find_by_name(&mut conn, ORGANIZATION).await?.is_some())
}

pub struct Loaded {
    pub organization_id: Uuid,
    pub people: usize,
    pub teams: usize,
}

/// Loads the demo organization unless it exists (then `Ok(None)`).
pub async fn load(services: &Services) -> ServiceResult<Option<Loaded>> {
    let password = Password::parse(PASSWORD).expect("the demo password is valid");
    // One hash for everyone: every demo account uses the same published password.
    let hash = tokio::task::spawn_blocking(move || passwords::hash(&password))
        .await
        .map_err(|e| ServiceError::new(domain::ErrorCode::Internal, "hashing failed").with_cause(e))?;
    let mut conn = services.conn().await?;
    conn.transaction::<_, ServiceError, _>(async move |conn| {
        if db::identity::orgs::find_by_name(conn, ORGANIZATION).await?.is_some() {
            return Ok(None);
        }
        let crate::setup::Seeded { org, framework } = crate::setup::new_organization(conn, ORGANIZATION).await?;
        let all = people();
        let mut ids: HashMap<&str, Uuid> = HashMap::new();
        // Managers come before their reports in the list, so ids are known in time.
        for person in &all {
            let email = email_of(person);
            let row = db::identity::people::insert(
                conn,
                &db::identity::people::NewPersonRow {
                    organization_id: org.id,
                    email: &email,
                    name: person.name,
                    job_title: person.title,
                    roles: roles_to_db(person.roles),
                    manager_id: person.manager.map(|m| ids[m]),
                    status: if person.deactivated { PersonStatus::Deactivated } else { PersonStatus::Active }.as_str(),
                    password_hash: Some(&hash),
                },
            )
            .await?;
            ids.insert(person.key, row.id);
        }
        let mut team_ids: HashMap<&str, Uuid> = HashMap::new();
        for (key, name, description, lead) in TEAMS {
            let team = db::identity::teams::insert(conn, org.id, name, description, Some(ids[lead])).await?;
            team_ids.insert(key, team.id);
            let members: Vec<Uuid> = all.iter().filter(|p| p.team == Some(key)).map(|p| ids[p.key]).collect();
            db::identity::teams::set_members(conn, org.id, team.id, &members).await?;
        }
        let rubric: Vec<crate::rubric::demo::DemoPerson<'_>> = all
            .iter()
            .map(|p| crate::rubric::demo::DemoPerson {
                key: p.key,
                title: p.title,
                manager: p.manager,
                on_team: p.team.is_some(),
                active: !p.deactivated,
            })
            .collect();
        crate::rubric::demo::load(conn, org.id, framework, ids["jonas"], &rubric, &ids).await?;
        crate::ownership::demo::load(conn, org.id, &ids, &team_ids).await?;
        crate::interviews::demo::load(conn, org.id, &ids).await?;
        let summary = serde_json::json!({ "people": all.len(), "teams": TEAMS.len() });
        audit::record(conn, None, org.id, audit::Entry::new("demo.loaded", "organization", org.id).after(&summary))
            .await?;
        Ok(Some(Loaded { organization_id: org.id, people: all.len(), teams: TEAMS.len() }))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_forty_people_with_known_managers_and_teams() {
        let all = people();
        assert_eq!(all.len(), 41);
        let keys: Vec<&str> = all.iter().map(|p| p.key).collect();
        for (i, person) in all.iter().enumerate() {
            if let Some(m) = person.manager {
                let at = keys.iter().position(|k| *k == m).expect("manager exists");
                assert!(at < i, "{} is listed before their manager", person.key);
            }
        }
        let emails: std::collections::HashSet<String> = all.iter().map(email_of).collect();
        assert_eq!(emails.len(), all.len(), "emails are unique");
        for (email, _) in SIGN_INS {
            assert!(emails.contains(email), "{email}");
        }
        assert!(domain::validate::Email::parse(&email_of(&all[10])).is_ok());
    }
}
