//! `/interviews/loops/{id}`: one loop — its stages with when, where and who, each
//! interviewer's scorecard state, the reader's own scorecards and kits, and the way to the
//! debrief. A blind grader sees the loop's code in place of the candidate.

use super::sfn::{LoopView, get_loop};
use super::{room_nav, when, who};
use crate::components::by_id::route_page;
use domain::interviews::dto::LoopStage;
use domain::interviews::scorecard::ScorecardStatus;
use leptos::prelude::*;
use leptos_meta::Title;
use uuid::Uuid;

#[component]
pub fn LoopPage() -> AnyView {
    route_page(get_loop, page)
}

fn page(v: LoopView) -> AnyView {
    let l = v.lp.clone();
    let name = who(&l.candidate, &l.code);
    let stages: Vec<AnyView> = l.stages.iter().map(|s| stage_card(l.id, s, v.me, v.owner)).collect();
    let debrief = if l.debrief_open { "The debrief is open." } else { "The debrief opens when every scorecard is in." };
    view! {
        <Title text=format!("Loop: {name}") />
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/interviews">"Interviews"</a>" / "{name.clone()}</nav>
        <div class="page-head">
            <h1>{name.clone()}</h1>
            <p class="lede">{format!("{} (version {}) · hiring manager {} · loop {}", l.plan_name, l.plan_version, l.hiring_manager.name, l.code)}</p>
        </div>
        {room_nav("")}
        <section class="card" aria-labelledby="progress-title">
            <h2 id="progress-title">"Progress"</h2>
            <p>{format!("{} of {} scorecards submitted. ", l.submitted, l.expected)}{debrief}</p>
            {l.decision.map(|d| view! { <p><strong>"Decision: "</strong>{d.label()}</p> })}
            <p><a class="button secondary" href=format!("/interviews/loops/{}/debrief", l.id)>"Debrief and decision"</a></p>
        </section>
        {stages}
    }
    .into_any()
}

fn stage_card(loop_id: Uuid, s: &LoopStage, me: Uuid, owner: bool) -> AnyView {
    let mine = s.interviewers.iter().find(|i| i.person.id == me).map(|i| i.scorecard);
    let title_id = format!("stage-{}", s.position);
    let interviewers: Vec<AnyView> = s
        .interviewers
        .iter()
        .map(|i| {
            let state = match i.scorecard {
                None => "not started",
                Some(ScorecardStatus::Draft) => "draft",
                Some(ScorecardStatus::Submitted) => "submitted",
            };
            view! { <li>{i.person.name.clone()}" "<span class=format!("badge badge-{}", if state == "submitted" { "ok" } else { "muted" })>{state}</span></li> }.into_any()
        })
        .collect();
    let competencies = s.competencies.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(", ");
    let scorecard_href = format!("/interviews/loops/{loop_id}/stages/{}", s.id);
    let kit = format!("/api/v1/loops/{loop_id}/stages/{}/kit", s.id);
    view! {
        <section class="card stage-card" aria-labelledby=title_id.clone()>
            <h2 id=title_id.clone()>{format!("{}. {}", s.position + 1, s.name)}" "
                <span class="badge badge-muted">{s.kind.label()}</span>
                {s.blind.then(|| view! { " "<span class="badge badge-warn">"blind"</span> })}
            </h2>
            <dl class="facts">
                <dt>"When"</dt><dd>{when(s.scheduled_at)}{format!(" · {} minutes", s.minutes)}</dd>
                <dt>"Where"</dt><dd>{if s.location.is_empty() { "—".to_string() } else { s.location.clone() }}</dd>
                <dt>"Rates"</dt><dd>{competencies}</dd>
            </dl>
            <h3 class="small">"Panel"</h3>
            <ul class="link-list">{interviewers}</ul>
            <p class="links">
                {mine.map(|m| view! {
                    <a class="button" href=scorecard_href.clone()>{match m {
                        None => "Write your scorecard",
                        Some(ScorecardStatus::Draft) => "Continue your scorecard",
                        Some(ScorecardStatus::Submitted) => "Your submitted scorecard",
                    }}</a>" "
                })}
                {(mine.is_some() || owner).then(|| view! {
                    <a href=kit.clone()>"Interview kit (printable)"</a>" · "
                    <a href=format!("{kit}?format=ics")>"Add to calendar (.ics)"</a>
                })}
            </p>
        </section>
    }
    .into_any()
}
