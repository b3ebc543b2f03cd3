//! Reports over the matrix. Gaps (rule breaks, orphans, stale rows) are read by everyone
//! in the organization; key-person risk names people and is for HR and admins.

use super::{component_ref, row_ref};
use crate::actor::Actor;
use crate::{ServiceError, ServiceResult, Services, policy};
use db::ownership::reports::Holder;
use domain::identity::{PersonRef, TeamRef};
use domain::ownership::raci::{self, Holding, Letter};
use domain::ownership::report::{
    BrokenRow, KeyPersonRisk, LetterCount, MAX_SECTION_LIMIT, NoSuccessor, Orphan, OwnedRow, Ownership, OwnershipGaps,
    RiskTotals, SECTION_LIMIT, SectionTotals, SinglePoint, SkillShortfall, SoleRow, StaleRow,
};
use uuid::Uuid;

/// People carrying at least this many tier 1–2 rows alone are listed by default.
pub const DEFAULT_THRESHOLD: i64 = 3;

/// Entries per section: the default when `None`, at most `MAX_SECTION_LIMIT`.
fn section_limit(limit: Option<i64>) -> usize {
    limit.map_or(SECTION_LIMIT, |l| l.clamp(1, MAX_SECTION_LIMIT as i64) as usize)
}

/// Rule breaks, orphans and overdue rows, the first `limit` of each (100 by default) with
/// their totals; reused until something they depend on changes (`report_cache`), so a
/// request costs the same whatever the size of the organization.
pub async fn gaps(services: &Services, actor: &Actor, limit: Option<i64>) -> ServiceResult<OwnershipGaps> {
    Ok(all_gaps(services, actor).await?.capped(section_limit(limit)))
}

/// Every gap, uncut (shared with the cache: the home page picks a person's own from it).
pub(crate) async fn all_gaps(services: &Services, actor: &Actor) -> ServiceResult<std::sync::Arc<OwnershipGaps>> {
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    let (verify_days, _, generation) = db::ownership::settings::current(&mut conn, org).await?;
    if let Some(hit) = services.caches().ownership_gaps.get((org, 0), generation, verify_days) {
        return Ok(hit);
    }
    let mut broken: Vec<BrokenRow> = Vec::new();
    let mut held: Vec<Vec<Holding>> = Vec::new();
    for h in db::ownership::reports::broken(&mut conn, org).await? {
        let same = broken
            .last()
            .is_some_and(|b| b.row.component.id == h.target.component.id && b.row.activity_id == h.target.activity_id);
        if !same {
            broken.push(BrokenRow { row: row_ref(h.target), breaks: vec![] });
            held.push(vec![]);
        }
        if let (Some(letter), Some(list)) = (h.letter.as_deref().and_then(Letter::parse), held.last_mut()) {
            list.push(Holding { letter, is_team: h.is_team, active: h.active, name: h.holder.unwrap_or_default() });
        }
    }
    for (b, list) in broken.iter_mut().zip(&held) {
        b.breaks = raci::breaks_in_use(list);
    }
    let orphans: Vec<Orphan> = db::ownership::reports::orphans(&mut conn, org)
        .await?
        .into_iter()
        .map(|o| Orphan {
            why: if o.row_count == 0 {
                "No activity has anyone assigned: nobody answers for it.".into()
            } else {
                format!("{} row(s) in use, none with an accountable person.", o.row_count)
            },
            component: component_ref(o.component),
        })
        .collect();
    let stale: Vec<StaleRow> = db::ownership::reports::stale(&mut conn, org)
        .await?
        .into_iter()
        .map(|s| {
            let who = s.accountable.clone().unwrap_or_else(|| "nobody (no A)".into());
            let why = match s.confirmed_at {
                None => format!("Never confirmed; due {} for {who}.", s.due_at.format("%Y-%m-%d")),
                Some(at) => {
                    format!("Last confirmed {}; due {} for {who}.", at.format("%Y-%m-%d"), s.due_at.format("%Y-%m-%d"))
                }
            };
            StaleRow {
                accountable: s.accountable_id.map(|id| PersonRef { id, name: s.accountable.unwrap_or_default() }),
                confirmed_at: s.confirmed_at,
                due_at: s.due_at,
                why,
                row: row_ref(s.target),
            }
        })
        .collect();
    let totals = SectionTotals { broken: broken.len(), orphans: orphans.len(), stale: stale.len() };
    let computed = OwnershipGaps { broken, orphans, stale, totals, limit: usize::MAX, verify_days };
    Ok(services.caches().ownership_gaps.put((org, 0), generation, verify_days, computed))
}

/// Single points of failure, skill shortfalls and missing successors, the first `limit`
/// of each with their totals (cached like the gaps).
pub async fn key_person_risk(
    services: &Services,
    actor: &Actor,
    threshold: Option<i64>,
    limit: Option<i64>,
) -> ServiceResult<KeyPersonRisk> {
    policy::require_key_person_reader(actor)?;
    let threshold = threshold.unwrap_or(DEFAULT_THRESHOLD).clamp(1, 1000);
    let limit = section_limit(limit);
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    let (verify_days, _, generation) = db::ownership::settings::current(&mut conn, org).await?;
    if let Some(hit) = services.caches().key_person_risk.get((org, threshold), generation, verify_days) {
        return Ok(hit.capped(limit));
    }
    let activities = db::ownership::activities::list(&mut conn, org).await?;
    let competency_of = |activity: Uuid| {
        activities
            .iter()
            .find(|a| a.id == activity)
            .and_then(|a| a.competency_name.clone().or_else(|| a.competency_slug.clone()))
            .unwrap_or_default()
    };
    let mut single_points: Vec<SinglePoint> = Vec::new();
    for s in db::ownership::reports::single_points(&mut conn, org, threshold).await? {
        if single_points.last().is_none_or(|p| p.person.id != s.person_id) {
            single_points.push(SinglePoint {
                person: PersonRef { id: s.person_id, name: s.person.clone() },
                count: s.count,
                rows: vec![],
                why: format!(
                    "{} carries {} tier 1–2 row(s) alone: nobody else is responsible or accountable there, so when they are away nobody is named.",
                    s.person, s.count
                ),
            });
        }
        if let Some(p) = single_points.last_mut() {
            p.rows.push(SoleRow { row: row_ref(s.target), letters: s.letters });
        }
    }
    let skill_shortfalls: Vec<SkillShortfall> = db::ownership::reports::shortfalls(&mut conn, org)
        .await?
        .into_iter()
        .map(|s| {
            let competency = competency_of(s.target.activity_id);
            let why = match s.level {
                None => format!(
                    "{} is responsible for {} on {} but has no submitted rating in {competency} (needs {}).",
                    s.person, s.target.activity, s.target.component.name, s.required
                ),
                Some(l) => format!(
                    "{} is responsible for {} on {} at level {l} in {competency}; the activity needs {}.",
                    s.person, s.target.activity, s.target.component.name, s.required
                ),
            };
            SkillShortfall {
                person: PersonRef { id: s.person_id, name: s.person },
                competency,
                required: s.required,
                level: s.level,
                why,
                row: row_ref(s.target),
            }
        })
        .collect();
    let no_successor: Vec<NoSuccessor> = db::ownership::reports::no_successor(&mut conn, org)
        .await?
        .into_iter()
        .map(|s| {
            let teams: Vec<TeamRef> = serde_json::from_value(s.teams.clone()).unwrap_or_default();
            let why = match (teams.is_empty(), s.required) {
                (true, _) => format!("{} is accountable and is in no team: nobody is placed to take over.", s.person),
                (false, Some(level)) => format!(
                    "Nobody else on {} reaches level {level} in {} to take over from {}.",
                    teams.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", "),
                    competency_of(s.target.activity_id),
                    s.person
                ),
                (false, None) => format!(
                    "{} has nobody else active on {} to take over.",
                    s.person,
                    teams.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", ")
                ),
            };
            NoSuccessor {
                accountable: PersonRef { id: s.person_id, name: s.person },
                teams,
                why,
                row: row_ref(s.target),
            }
        })
        .collect();
    let totals = RiskTotals {
        single_points: single_points.len(),
        skill_shortfalls: skill_shortfalls.len(),
        no_successor: no_successor.len(),
    };
    let computed =
        KeyPersonRisk { threshold, single_points, skill_shortfalls, no_successor, totals, limit: usize::MAX };
    Ok(services.caches().key_person_risk.put((org, threshold), generation, verify_days, computed).capped(limit))
}

fn ownership(rows: Vec<db::ownership::reports::OwnedRowRow>) -> Ownership {
    let total = rows.len();
    let counts = Letter::ALL
        .iter()
        .map(|l| LetterCount {
            letter: l.as_str().into(),
            count: rows.iter().filter(|r| r.letter == l.as_str()).count() as i64,
        })
        .filter(|c| c.count > 0)
        .collect();
    let rows = rows
        .into_iter()
        .map(|r| OwnedRow {
            letter: r.letter,
            via_team: r.team_id.map(|id| TeamRef { id, name: r.team.unwrap_or_default() }),
            holder: r.holder,
            stale: r.stale,
            row: row_ref(r.target),
        })
        .collect();
    Ownership { rows, counts, total }
}

/// What a person owns by name ("what I own"), the first `limit` rows (all by default);
/// everyone in the organization may read it, like the matrix it comes from.
pub async fn of_person(
    services: &Services,
    actor: &Actor,
    person: Uuid,
    limit: Option<usize>,
) -> ServiceResult<Ownership> {
    owned(services, actor, Holder::Person(person), limit).await
}

/// A team's ownership load: what the team and its members hold (the first `limit` rows).
pub async fn of_team(services: &Services, actor: &Actor, team: Uuid, limit: Option<usize>) -> ServiceResult<Ownership> {
    owned(services, actor, Holder::Team(team), limit).await
}

/// Reused while the ownership generation and verification period are unchanged: the
/// statement behind it is cheap to run but PostgreSQL plans it afresh each time (about a
/// millisecond, most of a person page's cost), and the generation is one key lookup.
async fn owned(services: &Services, actor: &Actor, holder: Holder, limit: Option<usize>) -> ServiceResult<Ownership> {
    let limit = limit.unwrap_or(usize::MAX);
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    let key = (org, crate::report_cache::variant_key(&holder));
    let (verify_days, _, generation) = db::ownership::settings::current(&mut conn, org).await?;
    if let Some(hit) = services.caches().owned.get(key, generation, verify_days) {
        return Ok(hit.capped(limit));
    }
    let rows = db::ownership::reports::owned(&mut conn, org, holder).await?;
    // rows prove the holder exists; only an empty answer needs the extra look
    if rows.is_empty() {
        let exists = match holder {
            Holder::Person(id) => db::identity::people::name_of(&mut conn, org, id).await?.is_some(),
            Holder::Team(id) => !db::identity::teams::existing(&mut conn, org, &[id]).await?.is_empty(),
        };
        if !exists {
            return Err(ServiceError::not_found(if matches!(holder, Holder::Person(_)) { "Person" } else { "Team" }));
        }
    }
    Ok(services.caches().owned.put(key, generation, verify_days, ownership(rows)).capped(limit))
}
