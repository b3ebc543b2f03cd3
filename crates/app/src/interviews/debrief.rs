//! `/interviews/loops/{id}/debrief`: when every scorecard is in (or the hiring manager
//! opened it early, saying why), per competency each interviewer's level and evidence side
//! by side, the median and spread, disagreements flagged (levels two or more apart), the
//! loop's agreement (Krippendorff's alpha) in plain words, the recommendations; then the
//! decision record. An interviewer who has not submitted is refused (403, audited) by the
//! use case, as in the API.

use super::sfn::{DebriefView, OpenDebriefEarly, RecordDecision, get_debrief};
use super::who;
use crate::components::by_id::route_page;
use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::components::form_flash::kept_or;
use crate::components::raw_text::raw_text;
use domain::interviews::decision::Decision;
use domain::interviews::dto::{Debrief, DebriefCompetency, DecisionRecord};
use domain::interviews::scorecard::ScorecardStatus;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use uuid::Uuid;

#[component]
pub fn DebriefPage() -> AnyView {
    route_page(get_debrief, page)
}

fn page(v: DebriefView) -> AnyView {
    let name = who(&v.lp.candidate, &v.lp.code);
    let loop_id = v.lp.id;
    if v.refused.is_some() {
        return refused(&v, &name);
    }
    let body = match (&v.debrief, &v.waiting) {
        (Some(d), _) => debrief(d, loop_id, v.owner),
        (None, waiting) => view! {
            <section class="card" aria-labelledby="waiting-title">
                <h2 id="waiting-title">"Not open yet"</h2>
                <p>{waiting.clone().unwrap_or_default()}</p>
                {v.hiring_manager.then(|| open_early_form(loop_id))}
            </section>
        }
        .into_any(),
    };
    view! {
        <Title text=format!("Debrief: {name}") />
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <a href="/interviews">"Interviews"</a>" / "
            <a href=format!("/interviews/loops/{loop_id}")>{name.clone()}</a>" / Debrief"
        </nav>
        <div class="page-head">
            <h1>{format!("Debrief: {name}")}</h1>
            <p class="lede">{format!("{} · {} of {} scorecards submitted", v.lp.plan_name, v.lp.submitted, v.lp.expected)}</p>
        </div>
        {body}
    }
    .into_any()
}

/// An interviewer who has not submitted: the page answers 403 (as the API does) and says
/// why, with the way to their own scorecards.
fn refused(v: &DebriefView, name: &str) -> AnyView {
    crate::error::page_status(domain::ErrorCode::Forbidden);
    let mine: Vec<AnyView> = v
        .lp
        .stages
        .iter()
        .filter(|s| s.interviewers.iter().any(|i| i.person.id == v.me && i.scorecard != Some(ScorecardStatus::Submitted)))
        .map(|s| view! { <li><a href=format!("/interviews/loops/{}/stages/{}", v.lp.id, s.id)>{format!("Your scorecard: {}", s.name)}</a></li> }.into_any())
        .collect();
    view! {
        <Title text=format!("Debrief: {name}") />
        <div class="page-head">
            <h1>"Submit your scorecard first"</h1>
            <p class="lede">"Interviewers score on their own: until you have submitted your scorecards for this loop, you cannot read the panel's scorecards, the debrief or the decision. This keeps every view independent."</p>
        </div>
        <ul class="link-list">{mine}</ul>
    }
    .into_any()
}

fn open_early_form(loop_id: Uuid) -> AnyView {
    view! {
        <EnhancedForm action=OpenDebriefEarly::url() class="stack-form">
            <input type="hidden" name="loop_id" value=loop_id.to_string() />
            <label for="reason">"Open it now anyway: why? (kept in the record, shown to the panel)"</label>
            <FieldProblem field="reason" />
            <textarea id="reason" name="reason" rows="2" required maxlength="2000">{raw_text(kept_or("reason", ""))}</textarea>
            <button type="submit" class="button secondary">"Open the debrief early"</button>
        </EnhancedForm>
    }
    .into_any()
}

fn level(l: Option<i32>) -> String {
    l.map_or_else(|| "not observed".to_string(), |l| format!("level {l}"))
}

fn figure(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |x| format!("{x:.1}"))
}

fn debrief(d: &Debrief, loop_id: Uuid, owner: bool) -> AnyView {
    let alpha = match d.alpha {
        Some(a) => format!("Agreement (Krippendorff's alpha, ordinal): {a:.2}, from {} ratings. ", d.alpha_ratings),
        None => format!("Agreement: not enough paired ratings to compute ({}). ", d.alpha_ratings),
    };
    let flagged = d.competencies.iter().filter(|c| c.disagreement).count();
    let recommendations: Vec<AnyView> = d
        .recommendations
        .iter()
        .map(|r| {
            view! {
                <tr><th scope="row">{r.interviewer.name.clone()}</th><td>{r.stage.clone()}</td>
                    <td><span class=format!("rec rec-{}", r.recommendation.as_str())>{r.recommendation.label()}</span></td>
                    <td>{r.notes.clone()}</td></tr>
            }
            .into_any()
        })
        .collect();
    view! {
        <section class="card" aria-labelledby="agreement-title">
            <h2 id="agreement-title">"How far the panel agrees"</h2>
            <p class="alpha">{alpha}{d.reading.clone()}</p>
            <p>{if flagged == 0 {
                "No competency has levels two or more apart.".to_string()
            } else {
                format!("{flagged} competenc{} with levels two or more apart: talk about {} before deciding.",
                    if flagged == 1 { "y" } else { "ies" }, if flagged == 1 { "it" } else { "them" })
            }}</p>
            {(!d.complete).then(|| view! {
                <p class="notice notice-warn">{format!("Opened early by the hiring manager: {}. Not every scorecard is in.", d.early_reason.clone().unwrap_or_default())}</p>
            })}
        </section>
        {d.competencies.iter().map(competency).collect_view()}
        <section class="card" aria-labelledby="recs-title">
            <h2 id="recs-title">"Recommendations"</h2>
            <div class="table-wrap"><table class="table">
                <thead><tr><th scope="col">"Interviewer"</th><th scope="col">"Stage"</th><th scope="col">"Recommends"</th><th scope="col">"Notes"</th></tr></thead>
                <tbody>{recommendations}</tbody>
            </table></div>
        </section>
        {decisions(&d.decisions, loop_id, owner)}
    }
    .into_any()
}

fn competency(c: &DebriefCompetency) -> AnyView {
    let id = format!("c-{}", c.slug);
    view! {
        <section class="card debrief-competency" class:disagree=c.disagreement aria-labelledby=id.clone()>
            <h2 id=id.clone()>{c.name.clone()}
                {c.disagreement.then(|| view! { " "<span class="badge badge-danger">"Disagreement"</span> })}
            </h2>
            <p class="muted small">{format!("Median {} · spread {} · {} rating{}", figure(c.median), figure(c.spread), c.ratings.len(), if c.ratings.len() == 1 { "" } else { "s" })}</p>
            <ul class="side-by-side">
                {c.ratings.iter().map(|r| view! {
                    <li>
                        <p><strong>{r.interviewer.name.clone()}</strong>" "<span class="muted small">{format!("({})", r.stage)}</span></p>
                        <p class="level-pill">{level(r.level)}</p>
                        <p class="evidence">{r.evidence.clone()}</p>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

fn decisions(records: &[DecisionRecord], loop_id: Uuid, owner: bool) -> AnyView {
    let current = records.iter().find(|r| !records.iter().any(|o| o.supersedes == Some(r.id)));
    let history: Vec<AnyView> = records
        .iter()
        .map(|r| {
            let superseded = current.is_some_and(|c| c.id != r.id);
            view! {
                <li class:muted=superseded>
                    <strong>{r.decision.label()}</strong>
                    {format!(" by {} on {}", r.decided_by.name, r.decided_at.format("%-d %b %Y, %H:%M UTC"))}
                    {superseded.then_some(" (superseded)")}
                    <p>{r.rationale.clone()}</p>
                    {r.supersede_reason.clone().map(|s| view! { <p class="muted small">{format!("Replaces the earlier record because: {s}")}</p> })}
                </li>
            }
            .into_any()
        })
        .collect();
    let chosen = kept_or("decision", "");
    let superseding = current.is_some();
    view! {
        <section class="card" aria-labelledby="decision-title">
            <h2 id="decision-title">"Decision"</h2>
            {if history.is_empty() {
                view! { <p class="empty">"No decision recorded yet."</p> }.into_any()
            } else {
                view! {
                    <p class="muted small">"A decision record never changes; a new one replaces it, with the reason."</p>
                    <ol class="history-list">{history}</ol>
                }.into_any()
            }}
            {owner.then(|| view! {
                <EnhancedForm action=RecordDecision::url() class="stack-form">
                    <input type="hidden" name="loop_id" value=loop_id.to_string() />
                    <fieldset id="decision">
                        <legend>{if superseding { "Record a new decision" } else { "Record the decision" }}</legend>
                        <FieldProblem field="decision" />
                        {Decision::ALL.into_iter().map(|d| view! {
                            <label class="level-option">
                                <input type="radio" name="decision" value=d.as_str() checked=chosen == d.as_str() />
                                <span>{d.label()}</span>
                            </label>
                        }).collect_view()}
                    </fieldset>
                    <label for="rationale">"Rationale: what the decision rests on"</label>
                    <FieldProblem field="rationale" />
                    <textarea id="rationale" name="rationale" rows="4" required maxlength="8000">{raw_text(kept_or("rationale", ""))}</textarea>
                    {superseding.then(|| view! {
                        <label for="supersede_reason">"Why does this replace the recorded decision?"</label>
                        <FieldProblem field="supersede_reason" />
                        <textarea id="supersede_reason" name="supersede_reason" rows="2" required maxlength="2000">{raw_text(kept_or("supersede_reason", ""))}</textarea>
                    })}
                    <button type="submit" class="button">"Record decision"</button>
                </EnhancedForm>
            })}
        </section>
    }
    .into_any()
}
