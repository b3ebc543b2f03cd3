//! Interview statistics: how far interviewers agree per competency across loops (units
//! are loops) and per plan (units are loop × competency), and each interviewer's
//! leniency with its trend by quarter. Every figure carries the number of ratings behind
//! it and is withheld below a minimum sample. HR and managers read them.

use super::person;
use crate::actor::Actor;
use crate::{ServiceResult, Services, policy};
use db::interviews::scorecards::{StatFilter, StatRow};
use domain::interviews::dto::{Agreement, InterviewStats, InterviewerLeniency};
use domain::stats::{self, Metric, PanelRating, Reading};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A figure needs this many pairable ratings to be shown.
pub const MIN_RATINGS: usize = 10;

pub use db::interviews::scorecards::StatFilter as Filter;

/// The statistics, computed once per organization, filter and interviews generation: they
/// read every counted rating (96,000 for 2,000 loops of six interviewers rating eight
/// competencies), and change only when a scorecard is submitted or a name changes.
pub async fn get(services: &Services, actor: &Actor, filter: &StatFilter) -> ServiceResult<InterviewStats> {
    policy::require_interview_stats_reader(actor)?;
    let mut conn = services.conn().await?;
    let org = actor.organization_id;
    let generation = db::interviews::scorecards::generation(&mut conn, org).await?;
    let key = (org, crate::report_cache::variant_key(filter));
    let cache = &services.caches().interview_stats;
    if let Some(hit) = cache.get(key, generation, 0) {
        return Ok((*hit).clone());
    }
    let rows = db::interviews::scorecards::stat_rows(&mut conn, org, filter).await?;
    Ok((*cache.put(key, generation, 0, compute(&rows))).clone())
}

/// Units × raters of the rows grouped by `unit`; a rater who rated a unit twice (two
/// stages rating one competency) counts once, by the rounded mean.
fn table<K: Ord + Clone>(rows: &[&StatRow], unit: impl Fn(&StatRow) -> K) -> Vec<Vec<Option<f64>>> {
    let mut raters: Vec<Uuid> = rows.iter().map(|r| r.interviewer_id).collect();
    raters.sort();
    raters.dedup();
    let mut units: BTreeMap<K, BTreeMap<Uuid, Vec<f64>>> = BTreeMap::new();
    for r in rows {
        units.entry(unit(r)).or_default().entry(r.interviewer_id).or_default().push(f64::from(r.level));
    }
    units
        .values()
        .map(|by| {
            raters.iter().map(|rater| by.get(rater).map(|v| (v.iter().sum::<f64>() / v.len() as f64).round())).collect()
        })
        .collect()
}

fn agreement(key: String, name: String, data: &[Vec<Option<f64>>]) -> Agreement {
    let alpha = stats::krippendorff_alpha(data, Metric::Ordinal);
    let ratings = alpha.as_ref().map_or(0, |a| a.pairable_values);
    let units = alpha.as_ref().map_or(0, |a| a.units);
    let reading = alpha.as_ref().map_or(Reading::TooFewRatings, |a| stats::read_alpha(a.value, ratings, MIN_RATINGS));
    Agreement {
        sentence: stats::sentence(&name, reading),
        alpha: alpha.filter(|_| reading != Reading::TooFewRatings).map(|a| a.value),
        key,
        name,
        ratings,
        units,
        reading,
    }
}

pub fn compute(rows: &[StatRow]) -> InterviewStats {
    let mut competencies = Vec::new();
    let mut slugs: Vec<(&str, &str)> = rows.iter().map(|r| (r.slug.as_str(), r.competency.as_str())).collect();
    slugs.sort();
    slugs.dedup_by_key(|s| s.0);
    for (slug, name) in slugs {
        let of: Vec<&StatRow> = rows.iter().filter(|r| r.slug == slug).collect();
        competencies.push(agreement(slug.to_string(), name.to_string(), &table(&of, |r| r.loop_id)));
    }
    let mut plans = Vec::new();
    let mut plan_ids: Vec<(Uuid, &str)> = rows.iter().map(|r| (r.plan_id, r.plan_name.as_str())).collect();
    plan_ids.sort();
    plan_ids.dedup_by_key(|p| p.0);
    for (id, name) in plan_ids {
        let of: Vec<&StatRow> = rows.iter().filter(|r| r.plan_id == id).collect();
        plans.push(agreement(id.to_string(), name.to_string(), &table(&of, |r| (r.loop_id, r.slug.clone()))));
    }
    let panel: Vec<PanelRating> = rows
        .iter()
        .map(|r| PanelRating {
            candidate: r.loop_id,
            competency: r.slug.clone(),
            rater: r.interviewer_id,
            level: f64::from(r.level),
            rated_on: r.rated_on,
        })
        .collect();
    let names: BTreeMap<Uuid, &str> = rows.iter().map(|r| (r.interviewer_id, r.interviewer.as_str())).collect();
    let mut interviewers: Vec<InterviewerLeniency> = stats::leniency(&panel)
        .into_iter()
        .filter(|l| l.ratings >= MIN_RATINGS)
        .map(|l| InterviewerLeniency {
            interviewer: person(l.rater, names.get(&l.rater).copied().unwrap_or_default()),
            offset: l.offset,
            ratings: l.ratings,
            by_quarter: l.by_quarter,
        })
        .collect();
    interviewers.sort_by(|a, b| b.offset.abs().total_cmp(&a.offset.abs()));
    InterviewStats { competencies, plans, interviewers, min_ratings: MIN_RATINGS, ratings: rows.len() }
}
