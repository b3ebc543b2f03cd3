//! Where people stand: a person's competency profile (current ratings against their role
//! profile, self versus manager, history) and a team's skills matrix with coverage. The
//! numbers come from one SQL statement per view (see `db::rubric::standing`).

use super::catalog;
use crate::actor::Actor;
use crate::report_cache::variant_key;
use crate::{ServiceError, ServiceResult, Services, policy};
use diesel_async::AsyncPgConnection;
use domain::ErrorCode;
use domain::charts::radar;
use domain::identity::PersonRef;
use domain::rubric::assessment::AssessmentKind;
use domain::rubric::gap::{GapRow, sorted_by_gap};
use domain::rubric::matrix::{Coverage, MatrixCell, MatrixCompetency, MatrixPerson, SkillsMatrix};
use domain::rubric::profile::{ChangedAnchor, HistoryEntry, PersonCompetencies, RoleProfileRef, current_sources};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// The framework a view uses: the one asked for (404 if it has no published version), or
/// the default (the framework of `person`'s role profile first).
async fn framework(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    asked: Option<Uuid>,
    person: Option<Uuid>,
) -> ServiceResult<Option<db::rubric::catalog::VersionRefRow>> {
    match asked {
        Some(id) => Ok(Some(
            db::rubric::catalog::newest_published(conn, org, id)
                .await?
                .ok_or_else(|| ServiceError::not_found("Published framework"))?,
        )),
        None => Ok(db::rubric::catalog::default_framework(conn, org, person).await?),
    }
}

/// A person's profile: visible to them, the people above them and HR.
pub async fn person(
    services: &Services,
    actor: &Actor,
    person: Uuid,
    framework_id: Option<Uuid>,
) -> ServiceResult<PersonCompetencies> {
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    policy::require_self_hr_or_manager(&mut conn, actor, person, "see this person's competencies").await?;
    let Some(version) = framework(&mut conn, org, framework_id, Some(person)).await? else {
        let who = db::rubric::standing::person(&mut conn, org, person, Uuid::nil())
            .await?
            .ok_or_else(|| ServiceError::not_found("Person"))?;
        return Ok(PersonCompetencies {
            person: PersonRef { id: who.id, name: who.name },
            role_profile: None,
            role_profile_version: None,
            framework: None,
            rows: vec![],
            history: vec![],
            changed_anchors: vec![],
        });
    };
    let row = db::rubric::standing::person(&mut conn, org, person, version.framework_id)
        .await?
        .ok_or_else(|| ServiceError::not_found("Person"))?;
    let competencies = catalog::competencies(&mut conn, version.version_id).await?;
    let rows = competencies
        .iter()
        .map(|c| {
            let (manager, own) = row.levels.get(&c.slug).copied().unwrap_or_default();
            GapRow {
                slug: c.slug.clone(),
                name: c.name.clone(),
                area: c.area.clone(),
                expected: row.expected.get(&c.slug).copied(),
                manager,
                self_rating: own,
            }
        })
        .collect();
    let history_rows = db::rubric::standing::history(&mut conn, org, person, version.framework_id).await?;
    // Version numbers to ids, for the anchors of the versions ratings were made against.
    let version_ids: HashMap<i32, Uuid> = history_rows.iter().map(|h| (h.version_number, h.version_id)).collect();
    let history: Vec<HistoryEntry> = history_rows
        .into_iter()
        .map(|h| HistoryEntry {
            assessment_id: h.assessment_id,
            cycle_id: h.cycle_id,
            cycle_name: h.cycle_name,
            ends_on: h.ends_on,
            kind: AssessmentKind::parse(&h.kind).unwrap_or(AssessmentKind::SelfAssessment),
            framework_version: h.version_number,
            submitted_at: h.submitted_at,
            amended: h.amended,
            levels: serde_json::from_value::<BTreeMap<String, i32>>(h.levels).unwrap_or_default(),
        })
        .collect();
    let changed_anchors = anchor_notes(&mut conn, org, &version, &history, &version_ids).await?;
    Ok(PersonCompetencies {
        person: PersonRef { id: row.id, name: row.name },
        role_profile: row.role_profile_id.zip(row.role_profile).map(|(id, name)| RoleProfileRef { id, name }),
        role_profile_version: row.role_profile_version,
        framework: Some(catalog::version_ref(version)),
        rows: sorted_by_gap(rows),
        history,
        changed_anchors,
    })
}

/// The current ratings made against an older version than `shown` whose anchor for the
/// rated level has changed since. Costs a statement only when such ratings exist and
/// their versions' anchors are not kept yet (published versions never change).
async fn anchor_notes(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    shown: &db::rubric::catalog::VersionRefRow,
    history: &[HistoryEntry],
    version_ids: &HashMap<i32, Uuid>,
) -> ServiceResult<Vec<ChangedAnchor>> {
    let sources = current_sources(history);
    let older = |number: i32| version_ids.get(&number).copied().filter(|_| number < shown.number);
    let mut needed: Vec<Uuid> = sources.iter().filter_map(|s| older(s.version)).collect();
    if needed.is_empty() {
        return Ok(vec![]);
    }
    needed.sort_unstable();
    needed.dedup();
    needed.push(shown.version_id);
    let anchors = catalog::anchors(conn, org, &needed).await?;
    let of = |number: i32| {
        let id = if number == shown.number { Some(shown.version_id) } else { version_ids.get(&number).copied() };
        id.and_then(|id| anchors.get(&id))
    };
    // A version whose anchors could not be read says nothing, rather than "changed".
    let known: Vec<_> = sources.into_iter().filter(|s| of(s.version).is_some() && of(shown.number).is_some()).collect();
    let anchor = |number: i32, slug: &str, level: i32| {
        of(number).and_then(|a| a.get(slug)).and_then(|levels| levels.iter().find(|l| l.level == level)).cloned()
    };
    Ok(domain::rubric::profile::changed_anchors(&known, shown.number, anchor))
}

/// One small radar per area of the framework, in framework order: (area, SVG). 27 spokes
/// on one chart cannot be read; an area's handful can, with their full names.
pub fn area_radars(profile: &PersonCompetencies, order: &[String]) -> Vec<(String, String)> {
    let rows = profile.in_framework_order(order);
    let levels = profile.framework.as_ref().map_or(5, |f| f.level_count);
    let mut areas: Vec<(String, Vec<radar::Spoke<'_>>)> = Vec::new();
    for r in rows {
        let spoke = radar::Spoke { label: &r.name, expected: r.expected, manager: r.manager, own: r.self_rating };
        match areas.last_mut() {
            Some((area, spokes)) if *area == r.area => spokes.push(spoke),
            _ => areas.push((r.area.clone(), vec![spoke])),
        }
    }
    areas
        .into_iter()
        .map(|(area, spokes)| {
            let svg = radar::small(&spokes, levels, &format!("{}: {area}", profile.person.name));
            (area, svg)
        })
        .collect()
}

/// The radar chart of a profile as SVG, spokes in framework order.
pub fn radar_svg(profile: &PersonCompetencies, order: &[String]) -> String {
    let rows = profile.in_framework_order(order);
    let spokes: Vec<radar::Spoke<'_>> = rows
        .iter()
        .map(|r| radar::Spoke { label: &r.name, expected: r.expected, manager: r.manager, own: r.self_rating })
        .collect();
    let levels = profile.framework.as_ref().map_or(5, |f| f.level_count);
    radar::svg(&spokes, levels, &format!("Competencies of {}", profile.person.name))
}

/// A person's profile with its radar chart (the API's SVG answer and the page).
pub async fn person_radar(
    services: &Services,
    actor: &Actor,
    person: Uuid,
    framework_id: Option<Uuid>,
) -> ServiceResult<String> {
    let profile = self::person(services, actor, person, framework_id).await?;
    let order = framework_order(services, &profile).await?;
    Ok(radar_svg(&profile, &order))
}

/// The slugs of the profile's framework version in framework order.
pub async fn framework_order(services: &Services, profile: &PersonCompetencies) -> ServiceResult<Vec<String>> {
    let Some(f) = &profile.framework else { return Ok(vec![]) };
    let mut conn = services.conn().await?;
    Ok(catalog::competencies(&mut conn, f.version_id).await?.iter().map(|c| c.slug.clone()).collect())
}

/// A team's skills matrix: HR, the team's lead and the people above the lead.
pub async fn team(
    services: &Services,
    actor: &Actor,
    team: Uuid,
    framework_id: Option<Uuid>,
    area: Option<&str>,
) -> ServiceResult<SkillsMatrix> {
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    let head =
        db::rubric::standing::team_head(&mut conn, org, team).await?.ok_or_else(|| ServiceError::not_found("Team"))?;
    let (team_name, lead) = (head.name, head.lead);
    policy::require_skills_matrix_reader(&mut conn, actor, lead).await?;
    let Some(version) = framework(&mut conn, org, framework_id, None).await? else {
        return Ok(SkillsMatrix {
            team_id: team,
            team_name,
            framework: None,
            area: None,
            areas: vec![],
            competencies: vec![],
            people: vec![],
        });
    };
    let all = catalog::competencies(&mut conn, version.version_id).await?;
    let area = area.filter(|a| !a.is_empty());
    if let Some(a) = area
        && !all.iter().any(|c| c.area_slug == a)
    {
        return Err(ServiceError::new(ErrorCode::Validation, "No such area.")
            .with_field("area", format!("\"{a}\" is not an area of this framework")));
    }
    let key = MatrixKey { team, version: version.version_id, area: area.map(str::to_string) };
    let slot = (org, variant_key(&key));
    if let Some(hit) = services.caches().skills_matrices.get(slot, head.skills_generation, 0)
        && hit.0 == key
    {
        // The team and framework names are read fresh: renaming them moves no generation.
        return Ok(SkillsMatrix { team_name, framework: Some(catalog::version_ref(version)), ..hit.1.clone() });
    }
    let matrix = compute(&mut conn, org, team, team_name, version, &all, area).await?;
    Ok(services.caches().skills_matrices.put(slot, head.skills_generation, 0, (key, matrix)).1.clone())
}

/// What a cached matrix shows: kept beside it, so a hit is checked against the request
/// and not only against the hash that files it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct MatrixKey {
    team: Uuid,
    version: Uuid,
    area: Option<String>,
}

/// The matrix of a team's active members against `all` (or one area of it), with the
/// level each competency needs and how many meet it.
async fn compute(
    conn: &mut AsyncPgConnection,
    org: Uuid,
    team: Uuid,
    team_name: String,
    version: db::rubric::catalog::VersionRefRow,
    all: &[db::rubric::catalog::CompetencyRow],
    area: Option<&str>,
) -> ServiceResult<SkillsMatrix> {
    let chosen: Vec<_> = all.iter().filter(|c| area.is_none_or(|a| c.area_slug == a)).collect();
    let members = db::rubric::standing::team(conn, org, team, version.framework_id).await?;
    let mut people = Vec::with_capacity(members.len());
    let mut needed: Vec<Option<i32>> = vec![None; chosen.len()];
    for m in members {
        let (levels, expected) = (&m.levels, &m.expected);
        let cells = chosen
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if let Some(e) = expected.get(&c.slug) {
                    needed[i] = Some(needed[i].map_or(*e, |n| n.max(*e)));
                }
                match levels.get(&c.slug) {
                    Some((Some(m), _)) => Some(MatrixCell { level: *m, by_manager: true }),
                    Some((None, Some(o))) => Some(MatrixCell { level: *o, by_manager: false }),
                    _ => None,
                }
            })
            .collect();
        people.push(MatrixPerson { id: m.id, name: m.name, role_profile: m.role_profile, cells });
    }
    let grid: Vec<Vec<Option<i32>>> =
        people.iter().map(|p| p.cells.iter().map(|c| c.map(|c| c.level)).collect()).collect();
    let holders = domain::rubric::gap::holders(&grid, &needed);
    let competencies = chosen
        .iter()
        .enumerate()
        .map(|(i, c)| MatrixCompetency {
            slug: c.slug.clone(),
            name: c.name.clone(),
            area: c.area.clone(),
            area_slug: c.area_slug.clone(),
            needed: needed[i],
            holders: holders[i],
            coverage: Coverage::of(needed[i], holders[i]),
        })
        .collect();
    Ok(SkillsMatrix {
        team_id: team,
        team_name,
        framework: Some(catalog::version_ref(version)),
        area: area.map(str::to_string),
        areas: {
            let mut areas: Vec<domain::rubric::matrix::AreaRef> = Vec::new();
            for c in all.iter() {
                if !areas.iter().any(|a| a.slug == c.area_slug) {
                    areas.push(domain::rubric::matrix::AreaRef { slug: c.area_slug.clone(), name: c.area.clone() });
                }
            }
            areas
        },
        competencies,
        people,
    })
}
