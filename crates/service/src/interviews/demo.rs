//! The demo organization's hiring: a plan for its IT Lead role built from the exercise
//! library, and eight loops with scorecards that make the debrief and the statistics
//! show something on first run: most loops decided, one where the panel clearly
//! disagrees, one with its blind work sample still being graded (with the candidate's
//! submission and an open link). Deterministic, but for that link's token and expiry.

use crate::ServiceResult;
use crate::rubric::demo::hash;
use chrono::{DateTime, Duration, TimeZone, Utc};
use diesel_async::AsyncPgConnection;
use domain::interviews::plan::{ItemDoc, PlanDoc, StageCompetency, StageDoc, StageKind};
use std::collections::HashMap;
use uuid::Uuid;

/// (name, email, source, start date, hiring manager, screen, work-sample graders, panel,
/// how far along: 0 = decided, 1 = all in, no decision, 2 = work sample being graded)
type DemoLoop = (
    &'static str,
    &'static str,
    &'static str,
    (i32, u32, u32),
    &'static str,
    &'static str,
    [&'static str; 2],
    [&'static str; 3],
    u8,
);

/// The first loop is the one the authorization matrix plays with: decided, every
/// scorecard in; Hana interviews on it. Noah interviews only on the second, where the
/// panel disagrees on incident response.
pub const LOOPS: [DemoLoop; 8] = [
    (
        "Riya Desai",
        "riya.desai@example.org",
        "referral",
        (2026, 9, 7),
        "marta",
        "hana",
        ["lucas", "ines"],
        ["hana", "lucas", "marta"],
        0,
    ),
    (
        "Tomasz Wojcik",
        "tomasz.wojcik@example.org",
        "job board",
        (2026, 10, 12),
        "marta",
        "ines",
        ["lucas", "noah"],
        ["elena", "hana", "noah"],
        1,
    ),
    (
        "Adaeze Nwosu",
        "adaeze.nwosu@example.org",
        "careers page",
        (2026, 11, 23),
        "elena",
        "kofi",
        ["hana", "ines"],
        ["elena", "kofi", "lucas"],
        2,
    ),
    (
        "Lars Eriksen",
        "lars.eriksen@example.org",
        "recruiter",
        (2026, 3, 9),
        "marta",
        "elena",
        ["kofi", "hana"],
        ["elena", "lucas", "ines"],
        0,
    ),
    (
        "Mei Chen",
        "mei.chen@example.org",
        "referral",
        (2026, 4, 20),
        "marta",
        "lucas",
        ["ines", "elena"],
        ["hana", "kofi", "marta"],
        0,
    ),
    (
        "Jonah Brooks",
        "jonah.brooks@example.org",
        "job board",
        (2026, 6, 1),
        "marta",
        "elena",
        ["elena", "kofi"],
        ["lucas", "ines", "marta"],
        0,
    ),
    (
        "Sara Lindqvist",
        "sara.lindqvist@example.org",
        "careers page",
        (2026, 7, 13),
        "marta",
        "kofi",
        ["lucas", "elena"],
        ["elena", "ines", "kofi"],
        0,
    ),
    (
        "Omar Haddad",
        "omar.haddad@example.org",
        "recruiter",
        (2026, 8, 24),
        "marta",
        "ines",
        ["kofi", "lucas"],
        ["hana", "elena", "marta"],
        0,
    ),
];

fn plan(cutover: Option<Uuid>, triage: Option<Uuid>) -> PlanDoc {
    let c = |slug: &str, notes: &str| StageCompetency { competency: slug.into(), notes: notes.into() };
    let q = |text: &str| ItemDoc { exercise_id: None, text: text.into() };
    PlanDoc {
        stages: vec![
            StageDoc {
                name: "Screen".into(),
                kind: StageKind::Screen,
                blind: false,
                minutes: 30,
                items: vec![
                    q("Tell us about a time you explained a technical problem to someone outside IT. What did they do with it?"),
                    q("Who did you have to keep informed in your last big piece of work, and how?"),
                ],
                competencies: vec![
                    c("plain-language-explanation", "Listen for whether they check understanding, not only explain."),
                    c("stakeholder-management-escalation", ""),
                ],
            },
            StageDoc {
                name: "Work sample: cut-over plan".into(),
                kind: StageKind::WorkSample,
                blind: true,
                minutes: 120,
                items: vec![ItemDoc { exercise_id: cutover, text: "Send the brief with the link; graders read the plan blind.".into() }],
                competencies: vec![
                    c("change-release-management", ""),
                    c("risk-contingency-planning", "A rollback per phase and a point of no return are the level-3 bar."),
                    c("planning-resource-allocation", ""),
                ],
            },
            StageDoc {
                name: "Panel: outage triage".into(),
                kind: StageKind::Panel,
                blind: false,
                minutes: 45,
                items: vec![ItemDoc {
                    exercise_id: triage,
                    text: "Run the first 30 minutes of the outage in the brief; we play the engineer and the head of operations.".into(),
                }],
                competencies: vec![
                    c("incident-response-recovery", ""),
                    c("stakeholder-management-escalation", "Watch the updates to the head of operations."),
                    c("plain-language-explanation", ""),
                ],
            },
        ],
    }
}

/// What an interviewer wrote for a level, by competency: low (1–2), middle (3), high (4–5).
fn evidence(slug: &str, level: i32) -> &'static str {
    let band = match level {
        ..=2 => 0,
        3 => 1,
        _ => 2,
    };
    let texts: [&str; 3] = match slug {
        "plain-language-explanation" => [
            "Explained with jargon and did not check whether we followed.",
            "Clear and short; checked understanding once when asked.",
            "Plain, short, and asked what we would do with it before going on.",
        ],
        "stakeholder-management-escalation" => [
            "Updates only when asked; no time given for the next one.",
            "Gave updates at a set cadence with what is known and unknown.",
            "Set the cadence up front, named the next update time and escalated early with options.",
        ],
        "change-release-management" => [
            "Steps in a list without order or checks.",
            "Ordered steps with owners and a check for each.",
            "Ordered, owned and checked; lowered DNS TTLs days ahead and planned the relaying applications.",
        ],
        "risk-contingency-planning" => [
            "Rollback was 'restore from backup', with no point of no return.",
            "A rollback per phase and a clear point of no return.",
            "Rollback per phase, go/no-go criteria with named deciders and a pilot group first.",
        ],
        "planning-resource-allocation" => [
            "No owners for the weekend tasks.",
            "Owners named and the help desk rota used for Monday.",
            "Owners, rota and the first-week support load planned with numbers.",
        ],
        _ => [
            "Started fixing alone; roles and log were missing.",
            "Named roles, kept a log of tested, changed and unknown.",
            "Roles, cadence and log from the start; narrowed by what the branches share before changing anything.",
        ],
    };
    texts[band]
}

fn at(date: (i32, u32, u32), hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(date.0, date.1, date.2, hour, 0, 0).single().expect("a valid demo date")
}

pub(crate) async fn load(conn: &mut AsyncPgConnection, org: Uuid, ids: &HashMap<&str, Uuid>) -> ServiceResult<()> {
    let profiles = db::rubric::role_profiles::list(conn, org).await?;
    let profile = profiles.iter().find(|p| p.name == "IT Lead").expect("the rubric demo has an IT Lead profile");
    let (role_profile, framework_version) = (profile.id, profile.framework.version_id);
    let exercises = db::interviews::exercises::list(conn, org).await?;
    let library = |key: &str| exercises.iter().find(|e| e.builtin.as_deref() == Some(key)).map(|e| e.id);
    let doc = plan(library("migration-cutover"), library("outage-triage"));
    let plan_id =
        db::interviews::plans::insert_plan(conn, org, role_profile, "IT Lead hiring", Some(ids["marta"])).await?;
    let document = serde_json::to_value(&doc).unwrap_or_default();
    let version =
        db::interviews::plans::insert_draft(conn, org, plan_id, 1, framework_version, &document, Some(ids["marta"]))
            .await?;
    let competencies = db::rubric::catalog::competencies(conn, framework_version).await?;
    let mut stage_ids = Vec::new();
    for (position, stage) in (0..).zip(&doc.stages) {
        let new = db::interviews::plans::NewStage {
            organization_id: org,
            plan_version_id: version.id,
            framework_version_id: framework_version,
            position,
            name: &stage.name,
            kind: stage.kind.as_str(),
            blind: stage.blind,
            minutes: stage.minutes,
            competencies: stage
                .competencies
                .iter()
                .filter_map(|c| competencies.iter().find(|k| k.slug == c.competency).map(|k| k.id))
                .collect(),
        };
        stage_ids.push(db::interviews::plans::insert_stage(conn, &new).await?);
    }
    db::interviews::plans::mark_published(conn, version.id, Some(ids["marta"]), "First version").await?;
    let stages = db::interviews::plans::stages(conn, org, version.id).await?;

    for (n, (name, email, source, start, manager, screen, graders, panel, stage)) in LOOPS.into_iter().enumerate() {
        let begun = at(start, 9);
        let candidate = db::interviews::candidates::insert(
            conn,
            org,
            &db::interviews::candidates::Fields {
                name,
                email,
                source,
                notes: "",
                consent_at: Some(begun),
                retain_until: Some(begun.date_naive() + Duration::days(180 + 60)),
            },
            Some(ids[manager]),
        )
        .await?;
        let code = domain::interviews::code::candidate_code([n as u8 * 7, 11, 23 + n as u8, 5, 17 * n as u8, 29]);
        let loop_id = db::interviews::loops::insert(
            conn,
            &db::interviews::loops::NewLoop {
                organization_id: org,
                candidate_id: candidate,
                plan_version_id: version.id,
                hiring_manager_id: ids[manager],
                code,
                created_by: Some(ids[manager]),
            },
        )
        .await?;
        let panels: [Vec<&str>; 3] = [vec![screen], graders.to_vec(), panel.to_vec()];
        for (i, (stage_id, people)) in stage_ids.iter().zip(panels).enumerate() {
            let when = begun + Duration::days(7 * i as i64 + 2);
            let minutes = doc.stages[i].minutes;
            let ls = db::interviews::loops::insert_stage(
                conn,
                org,
                loop_id,
                *stage_id,
                Some(when),
                minutes,
                "Meeting room 2 or video call",
            )
            .await?;
            for who in &people {
                db::interviews::loops::add_interviewer(conn, org, loop_id, ls, ids[who]).await?;
            }
            // the blind work sample still being graded has the candidate's submission
            // (and a second link since), so its graders have something to read
            if stage == 2 && doc.stages[i].kind == StageKind::WorkSample {
                super::work_samples::demo(conn, org, ls, ids[manager], when - Duration::days(7)).await?;
            }
            // the third loop's work sample is still being graded (one of two graders is
            // done); its panel has not met
            let scorers: &[&str] = match (stage, i) {
                (2, 1) => &people[..1],
                (2, 2) => &[],
                _ => &people,
            };
            for who in scorers {
                let rated: Vec<_> = stages.iter().filter(|s| s.stage_id == *stage_id).collect();
                let sc = db::interviews::scorecards::insert(
                    conn,
                    &db::interviews::scorecards::NewScorecard {
                        organization_id: org,
                        loop_id,
                        loop_stage_id: ls,
                        stage_id: *stage_id,
                        interviewer_id: ids[who],
                        amends: None,
                    },
                )
                .await?;
                let mut levels = Vec::new();
                let ratings: Vec<(Uuid, Option<i32>, String)> = rated
                    .iter()
                    .map(|c| {
                        let level = level(name, who, &c.slug, stage);
                        levels.push(level);
                        (c.competency_id, Some(level), evidence(&c.slug, level).to_string())
                    })
                    .collect();
                db::interviews::scorecards::replace_ratings(conn, org, sc, *stage_id, &ratings).await?;
                let mean = levels.iter().sum::<i32>() as f64 / levels.len() as f64;
                let recommendation = match mean {
                    m if m >= 4.0 => "strong_yes",
                    m if m >= 3.0 => "yes",
                    m if m >= 2.0 => "no",
                    _ => "strong_no",
                };
                db::interviews::scorecards::save(conn, sc, "", Some(recommendation), Some(when + Duration::hours(3)))
                    .await?;
            }
        }
        if stage == 0 {
            let hire = n % 3 != 1;
            let (decision, rationale) = if hire {
                (
                    "hire",
                    "Strong on incident response and planning across the panel; the work sample met the level-3 bar.",
                )
            } else {
                ("no_hire", "Planning and rollback were below what the role needs, and the panel agreed on it.")
            };
            let decided = begun + Duration::days(17);
            db::interviews::scorecards::insert_decision(
                conn,
                &db::interviews::scorecards::NewDecision {
                    organization_id: org,
                    loop_id,
                    decision,
                    rationale,
                    decided_by: ids[manager],
                    supersedes: None,
                    decided_at: decided,
                },
            )
            .await?;
            if hire {
                db::interviews::candidates::keep(conn, candidate).await?;
            }
        }
    }
    Ok(())
}

/// A deterministic level from 1 to 5 for a candidate, interviewer and competency. The
/// second loop's panel disagrees on incident response: one at 2, the others at 4 and 5.
fn level(candidate: &str, interviewer: &str, slug: &str, _stage: u8) -> i32 {
    if candidate == "Tomasz Wojcik" && slug == "incident-response-recovery" {
        return match interviewer {
            "elena" => 2,
            "hana" => 4,
            _ => 5,
        };
    }
    // a candidate's strength, then each interviewer's small offset (some are a little lenient)
    let base = 2 + (hash(&[candidate, slug]) % 3) as i32;
    let offset = match hash(&[interviewer, candidate, slug]) % 6 {
        0 => -1,
        5 => 1,
        _ => 0,
    } + if interviewer == "lucas" && hash(&[candidate]).is_multiple_of(2) { 1 } else { 0 };
    (base + offset).clamp(1, 5)
}
