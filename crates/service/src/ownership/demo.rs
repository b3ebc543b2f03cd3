//! The demo organization's ownership data: about thirty components of an IT department,
//! their dependencies, and a matrix with a few deliberate problems so every report shows
//! something on first run:
//! - Wi-Fi patching has an accountable person (Elena, the Infrastructure lead) but nobody
//!   responsible;
//! - the service desk tool's access review is still done by Peter Grant, who has left;
//! - print service monitoring has a responsible team but nobody accountable, and nobody is
//!   accountable for anything on the print service or the legacy file share (orphans);
//! - backups and core network change approval are overdue for confirmation (stale);
//! - Daniel Osei alone carries storage and backups (key-person risk).

use crate::ServiceResult;
use chrono::{Duration, Utc};
use db::ownership::components::Fields;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use domain::ids::{ActivityId, ComponentId};
use std::collections::HashMap;
use uuid::Uuid;

/// (key, name, kind, tier, description)
type Component = (&'static str, &'static str, &'static str, i32, &'static str);

const COMPONENTS: [Component; 30] = [
    ("idp", "Identity provider", "identity", 1, "Single sign-on and multi-factor sign-in for every staff account."),
    (
        "dir",
        "Staff directory",
        "identity",
        1,
        "The directory of staff accounts and groups that the identity provider reads.",
    ),
    ("email", "Email and calendars", "vendor_service", 1, "Hosted mail, calendars and shared mailboxes."),
    ("vpn", "Remote access VPN", "network", 1, "How staff reach internal systems from outside the offices."),
    ("core", "Core network", "network", 1, "Routers, core switches and firewalls in both data rooms."),
    ("wifi", "Office Wi-Fi", "network", 2, "Wireless access points and guest network in every office."),
    ("dns", "DNS and DHCP", "infrastructure", 1, "Internal name resolution and address assignment."),
    (
        "cloud",
        "Cloud account",
        "infrastructure",
        1,
        "The company's public cloud organization, billing and landing zone.",
    ),
    ("virt", "Virtualization cluster", "infrastructure", 1, "On-premises hosts running most internal servers."),
    ("storage", "Storage array", "storage", 1, "Primary block and file storage for the virtualization cluster."),
    ("backup", "Backups", "storage", 1, "Nightly backups of servers and databases, with an offsite copy."),
    ("monitoring", "Monitoring and alerting", "service", 2, "Metrics, uptime checks and the alerts that page on-call."),
    ("logs", "Central logging", "service", 2, "Collected logs from servers, network gear and applications."),
    ("erp", "ERP", "application", 1, "Orders, stock, purchasing and finance."),
    ("hr", "HR system", "application", 2, "Staff records, leave and onboarding."),
    (
        "payroll",
        "Payroll provider",
        "vendor_service",
        1,
        "The outside payroll service, fed monthly from the HR system.",
    ),
    ("wms", "Warehouse management", "application", 1, "Picking, packing and dispatch in the three warehouses."),
    (
        "integration",
        "Integration platform",
        "service",
        1,
        "Moves orders and master data between ERP, warehouses and carriers.",
    ),
    ("erpdb", "ERP database", "database", 1, "The relational database behind the ERP."),
    ("dwh", "Data warehouse", "database", 2, "Reporting copy of ERP, warehouse and HR data."),
    ("bi", "Reporting dashboards", "application", 3, "Management dashboards built on the data warehouse."),
    ("desk", "Service desk tool", "application", 2, "Tickets, the self-service portal and the knowledge base."),
    ("endpoints", "Laptops and desktops", "endpoint_fleet", 2, "About 600 managed staff computers."),
    ("mdm", "Device management", "service", 2, "Enrols, configures and patches laptops and phones."),
    ("phones", "Telephony", "vendor_service", 2, "Hosted phone system and the contact centre lines."),
    ("print", "Print service", "service", 4, "Office printers and the print server."),
    ("siem", "Security monitoring", "service", 2, "Security alerts, correlation and the incident queue."),
    ("edr", "Endpoint protection", "service", 2, "Malware protection and isolation on every computer."),
    ("web", "Public website", "application", 3, "The company website and the carrier tracking page."),
    ("fileshare", "Legacy file share", "storage", 4, "Old departmental shares, being moved to cloud storage."),
];

/// (dependent, what it depends on, why)
const DEPENDENCIES: [(&str, &str, &str); 45] = [
    ("idp", "dir", "reads accounts and groups"),
    ("idp", "dns", "name resolution"),
    ("dir", "virt", "runs on the cluster"),
    ("dir", "dns", "name resolution"),
    ("email", "idp", "staff sign in through single sign-on"),
    ("vpn", "idp", "sign-in and MFA"),
    ("vpn", "core", "terminates on the core firewalls"),
    ("wifi", "core", "uplinks to the core switches"),
    ("wifi", "idp", "staff network uses account sign-in"),
    ("dns", "virt", "runs on the cluster"),
    ("dns", "core", "network path"),
    ("virt", "storage", "virtual disks live on the array"),
    ("virt", "core", "network path"),
    ("storage", "core", "storage network"),
    ("backup", "storage", "reads snapshots from the array"),
    ("backup", "cloud", "offsite copy"),
    ("monitoring", "virt", "runs on the cluster"),
    ("monitoring", "email", "alert notifications"),
    ("logs", "storage", "log archive"),
    ("logs", "virt", "runs on the cluster"),
    ("erp", "erpdb", "its database"),
    ("erp", "idp", "staff sign in through single sign-on"),
    ("erp", "virt", "application servers"),
    ("erpdb", "storage", "data files"),
    ("erpdb", "virt", "runs on the cluster"),
    ("hr", "idp", "staff sign in through single sign-on"),
    ("payroll", "hr", "monthly staff and pay changes"),
    ("wms", "integration", "orders arrive through it"),
    ("wms", "vpn", "warehouse sites connect over the site VPN"),
    ("integration", "erp", "order and master data"),
    ("integration", "cloud", "runs in the cloud account"),
    ("dwh", "erpdb", "nightly copy"),
    ("dwh", "integration", "warehouse and carrier feeds"),
    ("bi", "dwh", "reads the warehouse"),
    ("bi", "idp", "sign-in"),
    ("desk", "idp", "sign-in"),
    ("desk", "email", "tickets from email"),
    ("endpoints", "mdm", "configuration and patches"),
    ("mdm", "idp", "device enrolment needs an account"),
    ("phones", "core", "office handsets"),
    ("siem", "logs", "reads collected logs"),
    ("edr", "mdm", "installed through device management"),
    ("web", "cloud", "hosted in the cloud account"),
    // a cycle worth seeing: the integration platform reports its health through
    // monitoring, and monitoring sends its alert webhooks out through the platform
    ("integration", "monitoring", "health checks and alerts"),
    ("monitoring", "integration", "alert webhooks go out through it"),
];

/// (component, activity, letters "A:person R:person R:@team C:person I:@team", confirmed
/// days ago; None: never confirmed and created long ago)
type Row = (&'static str, &'static str, &'static str, Option<i64>);

const ROWS: &[Row] = &[
    ("idp", "Incident response", "A:hana R:sofia R:marcus I:@desk", Some(20)),
    ("idp", "Change approval", "A:hana R:sofia C:elena", Some(20)),
    ("idp", "Access review", "A:hana R:sofia", Some(30)),
    ("idp", "Patching", "A:sofia R:erik", Some(40)),
    ("dir", "Incident response", "A:hana R:sofia", Some(20)),
    ("dir", "Access review", "A:sofia R:noah", Some(30)),
    ("email", "Vendor management", "A:kofi R:ravi", Some(25)),
    ("email", "Incident response", "A:kofi R:laura R:ben", Some(25)),
    ("vpn", "Incident response", "A:elena R:aisha R:pablo", Some(15)),
    ("vpn", "Patching", "A:elena R:pablo", Some(15)),
    ("core", "Incident response", "A:elena R:aisha R:pablo I:@desk", Some(10)),
    ("core", "Change approval", "A:elena R:aisha C:hana", Some(100)),
    ("core", "Patching", "A:elena R:aisha", Some(10)),
    ("core", "Monitoring", "A:elena R:@infra", Some(10)),
    ("wifi", "Incident response", "A:elena R:pablo", Some(12)),
    ("wifi", "Patching", "A:elena I:@desk", Some(12)),
    ("dns", "Incident response", "A:elena R:rosa", Some(12)),
    ("dns", "Patching", "A:rosa R:tom", Some(12)),
    ("cloud", "Incident response", "A:elena R:mikael", Some(18)),
    ("cloud", "Access review", "A:mikael R:sofia", Some(18)),
    ("cloud", "Vendor management", "A:elena R:mikael", Some(18)),
    ("virt", "Incident response", "A:elena R:rosa R:tom", Some(18)),
    ("virt", "Patching", "A:rosa R:tom R:yuki", Some(18)),
    ("virt", "Backup & restore", "A:daniel R:daniel", Some(18)),
    ("storage", "Incident response", "A:daniel R:daniel", Some(22)),
    ("storage", "Patching", "A:daniel R:daniel", Some(22)),
    ("storage", "Monitoring", "A:daniel R:daniel", Some(22)),
    ("backup", "Backup & restore", "A:daniel R:daniel I:@infra", Some(130)),
    ("backup", "Incident response", "A:daniel R:daniel", Some(22)),
    ("monitoring", "Monitoring", "A:elena R:mikael R:yuki", Some(14)),
    ("monitoring", "On-call", "A:elena R:@infra", Some(14)),
    ("logs", "Monitoring", "A:marcus R:erik", Some(14)),
    ("erp", "Incident response", "A:lucas R:hannah R:grace", Some(16)),
    ("erp", "Change approval", "A:lucas R:hannah C:ines", Some(16)),
    ("erp", "Vendor management", "A:lucas R:nora", Some(16)),
    ("hr", "Incident response", "A:lucas R:samuel", Some(16)),
    ("hr", "Access review", "A:lucas R:samuel C:jonas", Some(16)),
    ("payroll", "Vendor management", "A:lucas R:nora C:jonas I:amara", Some(40)),
    ("wms", "Incident response", "A:lucas R:victor R:mateo", Some(16)),
    ("integration", "Incident response", "A:lucas R:mateo", Some(16)),
    ("integration", "Change approval", "A:lucas R:mateo", Some(16)),
    ("erpdb", "Backup & restore", "A:ines R:ahmed", Some(21)),
    ("erpdb", "Patching", "A:ines R:ahmed", Some(21)),
    ("dwh", "Incident response", "A:ines R:julia R:kenji", Some(21)),
    ("bi", "Runbook upkeep", "A:ines R:zoe R:emma", Some(21)),
    ("desk", "Incident response", "A:kofi R:ravi", Some(11)),
    ("desk", "Access review", "A:kofi R:peter", Some(11)),
    ("endpoints", "Patching", "A:kofi R:chloe R:@desk", Some(11)),
    ("mdm", "Patching", "A:kofi R:chloe", Some(11)),
    ("phones", "Vendor management", "A:kofi R:ravi", Some(11)),
    ("print", "Monitoring", "R:@desk", Some(11)),
    ("siem", "Incident response", "A:hana R:marcus R:noah", Some(9)),
    ("siem", "Monitoring", "A:hana R:noah", Some(9)),
    ("edr", "Vulnerability remediation", "A:hana R:leila R:erik", Some(9)),
    ("endpoints", "Vulnerability remediation", "A:hana R:leila", Some(9)),
    ("web", "Incident response", "A:lucas R:grace", Some(30)),
];

/// Loads the demo components, dependencies and matrix into `org`, inside its creating
/// transaction. `people` and `teams` map demo keys to ids.
pub async fn load(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    people: &HashMap<&str, Uuid>,
    teams: &HashMap<&str, Uuid>,
) -> ServiceResult<()> {
    use db::schema::ownership_rows as rows;
    let mut ids: HashMap<&str, Uuid> = HashMap::new();
    for (key, name, kind, tier, description) in COMPONENTS {
        let fields = Fields {
            name: name.into(),
            kind: kind.into(),
            tier,
            description: description.into(),
            lifecycle: if key == "fileshare" { "retiring" } else { "live" }.into(),
            runbook_url: (tier == 1).then(|| format!("https://wiki.kestrel.example/runbooks/{key}")),
            dashboard_url: None,
        };
        ids.insert(key, db::ownership::components::insert(conn, org, &fields).await?);
    }
    for (from, to, reason) in DEPENDENCIES {
        db::ownership::dependencies::put(conn, org, ids[from], ids[to], reason).await?;
    }
    let activities: HashMap<String, Uuid> =
        db::ownership::activities::list(conn, org).await?.into_iter().map(|a| (a.name, a.id)).collect();
    let now = Utc::now();
    for (component, activity, letters, confirmed) in ROWS {
        let (c, a) = (ids[component], activities[*activity]);
        db::ownership::matrix::insert_row(conn, org, ComponentId(c), ActivityId(a)).await?;
        let written: Vec<db::ownership::matrix::Letter> = letters
            .split_whitespace()
            .map(|spec| {
                let (letter, holder) = spec.split_once(':').expect("letter:holder");
                match holder.strip_prefix('@') {
                    Some(team) => (letter.to_string(), None, Some(teams[team])),
                    None => (letter.to_string(), Some(people[holder]), None),
                }
            })
            .collect();
        db::ownership::matrix::set_letters(conn, org, ComponentId(c), ActivityId(a), &written).await?;
        // rows were put in place long ago and confirmed `confirmed` days ago
        let confirmer = written.iter().find(|l| l.0 == "A").and_then(|l| l.1);
        diesel::update(rows::table.find((c, a)))
            .set((
                rows::created_at.eq(now - Duration::days(200)),
                rows::confirmed_at.eq(confirmed.map(|d| now - Duration::days(d))),
                rows::confirmed_by.eq(confirmed.and(confirmer)),
            ))
            .execute(conn)
            .await
            .map_err(db::DbError::from)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_dependencies_name_known_components_and_activities() {
        let keys: Vec<&str> = COMPONENTS.iter().map(|c| c.0).collect();
        for (from, to, _) in DEPENDENCIES {
            assert!(keys.contains(&from) && keys.contains(&to), "{from} → {to}");
            assert_ne!(from, to);
        }
        let activities: Vec<&str> = crate::ownership::activities::STARTER.iter().map(|a| a.0).collect();
        for (c, a, letters, _) in ROWS {
            assert!(keys.contains(c), "{c}");
            assert!(activities.contains(a), "{a}");
            assert!(letters.split_whitespace().all(|s| s.split_once(':').is_some()), "{letters}");
        }
    }
}
