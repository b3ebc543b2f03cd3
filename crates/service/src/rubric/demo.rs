//! The demo organization's rubric data: three role profiles against the IT Lead
//! framework, a finished spring cycle where everyone was assessed by themselves and their
//! manager, and an open autumn cycle part way through. Deterministic: levels come from the
//! role's expectation plus a small offset derived from the person and competency, with a
//! few fixed exceptions that give the Infrastructure team a clear bus-factor-1 and a gap.

use crate::ServiceResult;
use chrono::{NaiveDate, TimeZone, Utc};
use db::rubric::assessments::{NewAssessment, RatingWrite};
use db::rubric::catalog::CompetencyRow;
use diesel_async::AsyncPgConnection;
use std::collections::HashMap;
use uuid::Uuid;

/// A demo person as the rubric data needs them.
pub struct DemoPerson<'a> {
    pub key: &'a str,
    pub title: &'a str,
    pub manager: Option<&'a str>,
    pub on_team: bool,
    pub active: bool,
}

/// (name, description, expected level per area in framework order, exceptions by slug)
type Profile = (&'static str, &'static str, [i32; 9], &'static [(&'static str, i32)]);

// Areas: technologist, guardian, operator, communicator, team-leader, strategist,
// project-lead, innovator, visionary.
const PROFILES: [Profile; 3] = [
    (
        "Engineer I",
        "Early-career engineers and analysts: solid on the day-to-day, learning the wider systems.",
        [2, 2, 2, 2, 1, 1, 1, 1, 1],
        &[("service-management-runbooks", 3)],
    ),
    (
        "Engineer II",
        "Experienced engineers who own systems end to end and guide others through them.",
        [3, 3, 3, 3, 2, 2, 2, 2, 1],
        &[("core-systems-stewardship", 3), ("incident-response-recovery", 3)],
    ),
    (
        "IT Lead",
        "Leads a team: sets direction, grows people, keeps ownership and risks clear.",
        [3, 3, 3, 4, 4, 3, 3, 3, 3],
        &[("core-systems-stewardship", 3), ("coaching-feedback", 4)],
    ),
];

fn profile_of(p: &DemoPerson<'_>) -> Option<usize> {
    let t = p.title.to_lowercase();
    if t.contains("lead") || t.contains("head of it") {
        Some(2)
    } else if t.contains("junior") || t.contains("analyst") || t.contains("technician") || t.contains("coordinator") {
        Some(0)
    } else if p.on_team {
        Some(1)
    } else {
        None
    }
}

/// A small stable number from text (FNV-1a), so the demo is the same on every load.
pub(crate) fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    h
}

/// Fixed levels that shape the Infrastructure team's matrix: only Daniel holds core
/// systems stewardship at the needed level (bus factor 1), and nobody yet reaches the
/// level the team needs in long-term IT strategy apart from what the lead expects.
const EXCEPTIONS: [(&str, &str, i32); 9] = [
    ("daniel", "core-systems-stewardship", 4),
    ("elena", "core-systems-stewardship", 2),
    ("tom", "core-systems-stewardship", 2),
    ("aisha", "core-systems-stewardship", 2),
    ("mikael", "core-systems-stewardship", 2),
    ("rosa", "core-systems-stewardship", 2),
    ("pablo", "core-systems-stewardship", 2),
    ("yuki", "core-systems-stewardship", 1),
    ("elena", "long-term-it-strategy", 2),
];

fn expected(profile: usize, area_index: usize, slug: &str) -> i32 {
    let (_, _, areas, extra) = PROFILES[profile];
    extra.iter().find(|(s, _)| *s == slug).map_or(areas[area_index], |(_, l)| *l)
}

fn manager_level(person: &str, profile: usize, area_index: usize, slug: &str, cycle: &str) -> i32 {
    if let Some((_, _, l)) = EXCEPTIONS.iter().find(|(p, s, _)| *p == person && *s == slug) {
        return *l;
    }
    let offset = [-1, 0, 0, 0, 1][(hash(&[person, slug, cycle]) % 5) as usize];
    (expected(profile, area_index, slug) + offset).clamp(1, 5)
}

/// People rate themselves a little differently from their managers: some higher, some
/// lower, mostly the same.
fn self_level(person: &str, manager: i32, slug: &str) -> i32 {
    let offset = [0, 0, 1, 1, -1, 0][(hash(&[slug, person, "self"]) % 6) as usize];
    (manager + offset).clamp(1, 5)
}

/// What was seen, per area: plain sentences a colleague would write.
const EVIDENCE: [[&str; 3]; 9] = [
    [
        "Worked out why the file servers slowed down every Monday and fixed the backup window that caused it.",
        "Picked up the new monitoring stack within a few weeks and now answers most questions about it.",
        "Explained how the ERP integration queues work to two colleagues and wrote the notes down.",
    ],
    [
        "Patched the exposed VPN appliances within a day of the advisory and confirmed it with a scan.",
        "Reviewed admin rights on the finance systems and removed eleven accounts nobody used.",
        "Led the recovery call during the storage outage and kept the timeline for the review.",
    ],
    [
        "Kept the change calendar honest: every change this cycle had a rollback step written before it ran.",
        "Rewrote the printer and laptop runbooks so a new analyst could follow them without help.",
        "Checked the retention rules on the shared drives and cleaned up data past its keep-until date.",
    ],
    [
        "Wrote the outage update for the whole company in plain words, and people knew what to do.",
        "Raised the licence shortfall with the finance lead early, with two options and their costs.",
        "Recorded the decision to move backups off site, with the options we turned down and why.",
    ],
    [
        "Gave regular, specific feedback to a junior colleague, who now runs the weekly patch round alone.",
        "Made the on-call rota fair and wrote down who owns which system after the reorganization.",
        "Ran two interviews with the structured guide and wrote clear, evidence-based notes.",
    ],
    [
        "Put the team's requests for the year in one list and agreed the order with the head of IT.",
        "Compared three backup vendors on cost and exit terms and recommended one with reasons.",
        "Chose a managed database over running our own, and wrote down what we give up.",
    ],
    [
        "Planned the laptop refresh across four sites and kept it on schedule with a simple tracker.",
        "Listed what could go wrong with the data centre move and had a fallback for the top three.",
        "Coordinated facilities, finance and the vendor for the network upgrade without a missed date.",
    ],
    [
        "Ran a small trial of passwordless sign-in with ten volunteers before proposing it more widely.",
        "Helped the service desk switch to the new ticket categories and answered questions for a month.",
        "Measured ticket times before and after the self-service portal and shared the results honestly.",
    ],
    [
        "Drafted a three-year view of where our infrastructure should be and what it will cost.",
        "Named a possible successor for each key system and started pairing them on the work.",
        "Finished a cloud networking course and ran a lunch session on what was learned.",
    ],
];

fn evidence(person: &str, area_index: usize, slug: &str, kind: &str) -> &'static str {
    EVIDENCE[area_index][(hash(&[person, slug, kind]) % 3) as usize]
}

fn at(date: (i32, u32, u32), hour: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(date.0, date.1, date.2, hour, 0, 0).single().expect("a valid demo date")
}

struct Ctx<'a> {
    org: Uuid,
    version: Uuid,
    competencies: &'a [CompetencyRow],
    area_of: HashMap<&'a str, usize>,
}

/// One assessment with every competency rated; submitted at `submitted` when given.
#[allow(clippy::too_many_arguments)]
async fn assessment(
    conn: &mut AsyncPgConnection,
    ctx: &Ctx<'_>,
    cycle: Uuid,
    person: (&str, Uuid, usize),
    author: Uuid,
    kind: &str,
    cycle_key: &str,
    submitted: Option<chrono::DateTime<Utc>>,
) -> ServiceResult<()> {
    let (key, id, profile) = person;
    let new = NewAssessment {
        organization_id: ctx.org,
        cycle_id: cycle,
        framework_version_id: ctx.version,
        person_id: id,
        kind,
        author_id: author,
        amends: None,
    };
    let assessment = db::rubric::assessments::insert(conn, &new).await?;
    let rows: Vec<RatingWrite<'_>> = ctx
        .competencies
        .iter()
        .map(|c| {
            let area = ctx.area_of[c.area_slug.as_str()];
            let m = manager_level(key, profile, area, &c.slug, cycle_key);
            RatingWrite {
                competency_id: c.id,
                level: if kind == "self" { self_level(key, m, &c.slug) } else { m },
                evidence: evidence(key, area, &c.slug, kind),
                evidence_links: &[],
            }
        })
        .collect();
    db::rubric::assessments::insert_ratings(conn, ctx.org, assessment, ctx.version, &rows).await?;
    if let Some(when) = submitted {
        db::rubric::assessments::submit_at(conn, assessment, when).await?;
    }
    Ok(())
}

/// Loads the rubric data into the demo organization, inside its creating transaction.
pub async fn load(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    framework: Uuid,
    hr: Uuid,
    people: &[DemoPerson<'_>],
    ids: &HashMap<&str, Uuid>,
) -> ServiceResult<()> {
    let version = db::rubric::catalog::newest_published(conn, org, framework)
        .await?
        .expect("the built-in framework is published")
        .version_id;
    let competencies = super::catalog::competencies(conn, version).await?;
    let mut areas: Vec<&str> = Vec::new();
    for c in competencies.iter() {
        if !areas.contains(&c.area_slug.as_str()) {
            areas.push(&c.area_slug);
        }
    }
    let ctx = Ctx {
        org,
        version,
        competencies: &competencies,
        area_of: areas.iter().enumerate().map(|(i, a)| (*a, i)).collect(),
    };

    let mut profile_ids = Vec::new();
    for (name, description, _, _) in PROFILES {
        let id = db::rubric::role_profiles::insert(conn, org, name, description, version).await?;
        let levels: Vec<(Uuid, i32)> = competencies
            .iter()
            .map(|c| (c.id, expected(profile_ids.len(), ctx.area_of[c.area_slug.as_str()], &c.slug)))
            .collect();
        db::rubric::role_profiles::set_expectations(conn, org, id, &levels).await?;
        profile_ids.push(id);
    }

    let new_cycle = |name, starts_on: NaiveDate, ends_on: NaiveDate| db::rubric::cycles::NewCycle {
        organization_id: org,
        name,
        starts_on,
        ends_on,
        framework_version_id: version,
        created_by: hr,
    };
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a valid demo date");
    let spring =
        db::rubric::cycles::insert(conn, &new_cycle("Spring 2026", date(2026, 3, 2), date(2026, 3, 27))).await?;
    let autumn =
        db::rubric::cycles::insert(conn, &new_cycle("Autumn 2026", date(2026, 10, 5), date(2026, 12, 11))).await?;

    for p in people.iter().filter(|p| p.active) {
        let Some(profile) = profile_of(p) else { continue };
        let id = ids[p.key];
        db::rubric::role_profiles::assign(conn, org, id, Some(profile_ids[profile])).await?;
        let person = (p.key, id, profile);
        let day = 3 + (hash(&[p.key]) % 20) as u32;
        assessment(conn, &ctx, spring, person, id, "self", "spring", Some(at((2026, 3, day), 10))).await?;
        if let Some(m) = p.manager {
            assessment(conn, &ctx, spring, person, ids[m], "manager", "spring", Some(at((2026, 3, day + 3), 15)))
                .await?;
        }
        // Autumn is under way: most have submitted their own view, some are drafting,
        // managers have started. The engineer sign-in and their lead are left to the
        // visitor (and the end-to-end test) to do.
        if p.key == "tom" {
            continue;
        }
        match hash(&[p.key, "autumn"]) % 4 {
            0 => {}
            1 => assessment(conn, &ctx, autumn, person, id, "self", "autumn", None).await?,
            _ => {
                assessment(conn, &ctx, autumn, person, id, "self", "autumn", Some(at((2026, 10, 6 + day), 11))).await?;
                if let Some(m) = p.manager.filter(|_| day.is_multiple_of(2)) {
                    assessment(
                        conn,
                        &ctx,
                        autumn,
                        person,
                        ids[m],
                        "manager",
                        "autumn",
                        Some(at((2026, 10, 8 + day), 16)),
                    )
                    .await?;
                }
            }
        }
    }
    db::rubric::cycles::update(conn, spring, 1, "Spring 2026", date(2026, 3, 2), date(2026, 3, 27), "closed").await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_stay_in_range_and_are_stable() {
        for slug in ["technical-breadth", "coaching-feedback", "long-term-it-strategy"] {
            for person in ["tom", "elena", "yuki"] {
                let m = manager_level(person, 1, 0, slug, "spring");
                assert!((1..=5).contains(&m));
                assert_eq!(m, manager_level(person, 1, 0, slug, "spring"));
                assert!((1..=5).contains(&self_level(person, m, slug)));
            }
        }
        assert_eq!(manager_level("daniel", 1, 0, "core-systems-stewardship", "spring"), 4);
    }

    #[test]
    fn evidence_counts_as_a_sentence() {
        for area in EVIDENCE {
            for text in area {
                assert!(domain::rubric::assessment::evidence_problem(text).is_none(), "{text}");
            }
        }
    }
}
