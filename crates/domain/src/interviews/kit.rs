//! The interview kit: what an interviewer takes into one stage — when and where, the
//! questions and exercises (brief, materials, time box, what good looks like), the rating
//! guide per competency (the framework version's anchors, with the plan's notes on top)
//! and a blank scorecard. Rendered here as one printable HTML page (print CSS: one page
//! per part) and as a calendar event; every text is escaped.

use super::calendar::Event;
use super::exercise::LevelGuide;
use super::scorecard::Recommendation;
use crate::html::escape;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitExercise {
    pub title: String,
    pub brief: String,
    pub materials: String,
    pub minutes: i32,
    pub good_looks_like: Vec<LevelGuide>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitItem {
    pub text: String,
    pub exercise: Option<KitExercise>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitLevel {
    pub level: i32,
    pub summary: String,
    pub signals: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitCompetency {
    pub name: String,
    pub notes: String,
    pub levels: Vec<KitLevel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kit {
    pub loop_id: Uuid,
    pub loop_stage_id: Uuid,
    /// The candidate's name, or the loop's code for a blind grader.
    pub candidate: String,
    pub plan: String,
    pub stage: String,
    pub stage_kind: String,
    pub minutes: i32,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub location: String,
    pub interviewer: String,
    pub items: Vec<KitItem>,
    pub competencies: Vec<KitCompetency>,
}

/// The calendar event of the stage, or none when it is not scheduled.
pub fn event(kit: &Kit, now: DateTime<Utc>) -> Option<Event> {
    let start = kit.scheduled_at?;
    let questions: Vec<String> = kit
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| match &item.exercise {
            Some(e) => format!("{}. {} ({} min)", i + 1, e.title, e.minutes),
            None => format!("{}. {}", i + 1, item.text),
        })
        .collect();
    Some(Event {
        uid: format!("{}@hatrack", kit.loop_stage_id),
        stamp: now,
        start,
        end: start + Duration::minutes(i64::from(kit.minutes)),
        summary: format!("{}: {} ({})", kit.stage, kit.candidate, kit.plan),
        description: format!(
            "Interview kit: /api/v1/loops/{}/stages/{}/kit\n\n{}",
            kit.loop_id,
            kit.loop_stage_id,
            questions.join("\n")
        ),
        location: kit.location.clone(),
    })
}

fn paragraphs(text: &str) -> String {
    text.split("\n\n").filter(|p| !p.trim().is_empty()).map(|p| format!("<p>{}</p>", escape(p.trim()))).collect()
}

/// The kit as a whole HTML document (it opens and prints on its own).
pub fn html(kit: &Kit) -> String {
    let mut out = String::with_capacity(8 * 1024);
    let when = kit
        .scheduled_at
        .map(|t| t.format("%A %-d %B %Y, %H:%M UTC").to_string())
        .unwrap_or_else(|| "Not scheduled yet".into());
    out.push_str("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    out.push_str(&format!(
        "<title>Interview kit: {} · {} · Hatrack</title>",
        escape(&kit.stage),
        escape(&kit.candidate)
    ));
    out.push_str(
        "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}\
         h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccd}h3{font-size:1rem}\
         dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}\
         table{border-collapse:collapse;width:100%}th,td{border:1px solid #99a;padding:.4rem;text-align:left;vertical-align:top}\
         .box{display:inline-block;width:1.1rem;height:1.1rem;border:1px solid #445;margin-right:.3rem;vertical-align:middle}\
         .lines{height:6.5rem}.muted{color:#555}.scorecard td:last-child,.scorecard th:last-child{width:50%}\
         .notes-box{border:1px solid #99a;height:9rem}tr{break-inside:avoid}\
         @media print{body{margin:0;max-width:none;font-size:11pt}section{break-before:page}section:first-of-type{break-before:auto}\
         a{color:inherit;text-decoration:none}}</style></head><body>",
    );
    out.push_str(&format!("<header><h1>Interview kit: {}</h1><dl>", escape(&kit.stage)));
    for (k, v) in [
        ("Candidate", kit.candidate.as_str()),
        ("Plan", kit.plan.as_str()),
        ("Interviewer", kit.interviewer.as_str()),
        ("When", when.as_str()),
        ("Where", if kit.location.is_empty() { "Not set" } else { kit.location.as_str() }),
    ] {
        out.push_str(&format!("<dt>{k}</dt><dd>{}</dd>", escape(v)));
    }
    out.push_str(&format!("<dt>Length</dt><dd>{} minutes</dd></dl>", kit.minutes));
    out.push_str(
        "<p class=\"muted\">Score on your own: you see the panel's scorecards after you submit yours.</p></header>",
    );

    out.push_str("<section><h2>Questions and exercises</h2><ol>");
    for item in &kit.items {
        out.push_str("<li>");
        if !item.text.is_empty() {
            out.push_str(&paragraphs(&item.text));
        }
        if let Some(e) = &item.exercise {
            out.push_str(&format!("<h3>{} ({} minutes)</h3>", escape(&e.title), e.minutes));
            out.push_str(&paragraphs(&e.brief));
            if !e.materials.is_empty() {
                out.push_str("<p><strong>Materials:</strong></p>");
                out.push_str(&paragraphs(&e.materials));
            }
            if !e.good_looks_like.is_empty() {
                out.push_str("<p><strong>What good looks like:</strong></p><ul>");
                for g in &e.good_looks_like {
                    out.push_str(&format!("<li>Level {}: {}</li>", g.level, escape(&g.text)));
                }
                out.push_str("</ul>");
            }
        }
        out.push_str("</li>");
    }
    out.push_str("</ol></section>");

    out.push_str("<section><h2>Rating guide</h2>");
    for c in &kit.competencies {
        out.push_str(&format!("<h3>{}</h3>", escape(&c.name)));
        if !c.notes.is_empty() {
            out.push_str(&format!("<p><em>{}</em></p>", escape(&c.notes)));
        }
        out.push_str("<table><thead><tr><th scope=\"col\">Level</th><th scope=\"col\">What you would observe</th></tr></thead><tbody>");
        for l in &c.levels {
            out.push_str(&format!("<tr><td>{}</td><td>{}", l.level, escape(&l.summary)));
            if !l.signals.is_empty() {
                out.push_str("<ul>");
                for s in &l.signals {
                    out.push_str(&format!("<li>{}</li>", escape(s)));
                }
                out.push_str("</ul>");
            }
            out.push_str("</td></tr>");
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>");

    out.push_str("<section><h2>Scorecard</h2><p class=\"muted\">A level needs evidence: what you saw or heard. \
                  Tick \"not observed\" when the stage did not show it.</p><table class=\"scorecard\"><thead><tr><th scope=\"col\">Competency</th>\
                  <th scope=\"col\">Level</th><th scope=\"col\">Evidence</th></tr></thead><tbody>");
    for c in &kit.competencies {
        let boxes: String =
            c.levels.iter().map(|l| format!("<span class=\"box\" aria-hidden=\"true\"></span>{} ", l.level)).collect();
        out.push_str(&format!(
            "<tr><td>{}</td><td>{boxes}<br><span class=\"box\" aria-hidden=\"true\"></span>not observed</td><td class=\"lines\"></td></tr>",
            escape(&c.name)
        ));
    }
    out.push_str("</tbody></table><h3>Recommendation</h3><p>");
    for r in Recommendation::ALL {
        out.push_str(&format!("<span class=\"box\" aria-hidden=\"true\"></span>{} &nbsp; ", r.label()));
    }
    // the overall notes the debrief reads, with room to write them by hand
    out.push_str("</p><h3>Notes for the debrief</h3><div class=\"notes-box\"></div></section></body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn kit() -> Kit {
        Kit {
            loop_id: Uuid::nil(),
            loop_stage_id: Uuid::nil(),
            candidate: "<script>alert(1)</script>".into(),
            plan: "IT Lead hiring".into(),
            stage: "Panel".into(),
            stage_kind: "panel".into(),
            minutes: 45,
            scheduled_at: Some(Utc.with_ymd_and_hms(2026, 12, 14, 13, 0, 0).unwrap()),
            location: "Room 4".into(),
            interviewer: "Hana Sato".into(),
            items: vec![KitItem {
                text: "Run the first 30 minutes.".into(),
                exercise: Some(KitExercise {
                    title: "Outage triage".into(),
                    brief: "It is Monday.\n\nThe branches cannot sign in.".into(),
                    materials: String::new(),
                    minutes: 40,
                    good_looks_like: vec![LevelGuide { level: 3, text: "Roles & a log".into() }],
                }),
            }],
            competencies: vec![KitCompetency {
                name: "Incident response".into(),
                notes: "Roles first.".into(),
                levels: (1..=5)
                    .map(|l| KitLevel { level: l, summary: format!("Level {l} summary"), signals: vec![] })
                    .collect(),
            }],
        }
    }

    #[test]
    fn the_kit_escapes_text_and_has_each_part() {
        let html = html(&kit());
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("<title>Interview kit: Panel"));
        assert!(html.contains("Roles &amp; a log"));
        assert_eq!(html.matches("<section>").count(), 3, "questions, guide, scorecard");
        assert!(html.contains("Strong no") && html.contains("not observed"));
    }

    #[test]
    fn the_event_lasts_the_stage_and_reads_back() {
        let now = Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap();
        let ics = super::super::calendar::write(&event(&kit(), now).unwrap());
        let props = super::super::calendar::read(&ics).unwrap();
        let get = |n: &str| props.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()).unwrap();
        assert_eq!(get("DTSTART"), "20261214T130000Z");
        assert_eq!(get("DTEND"), "20261214T134500Z");
        assert!(get("DESCRIPTION").contains("1. Outage triage (40 min)"));
        let mut unscheduled = kit();
        unscheduled.scheduled_at = None;
        assert!(event(&unscheduled, now).is_none());
    }
}
