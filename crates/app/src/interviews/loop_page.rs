//! `/interviews/loops/{id}`: one loop — its stages with when, where and who, each
//! interviewer's scorecard state, the reader's own scorecards and kits, and the way to the
//! debrief. A blind grader sees the loop's code in place of the candidate.

use super::sfn::{LoopView, SendWorkSampleLink, get_loop};
use super::{room_nav, when, who};
use crate::components::by_id::route_page;
use domain::interviews::dto::LoopStage;
use domain::interviews::scorecard::ScorecardStatus;
use domain::interviews::work_samples::{LinkState, WorkSamples};
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
    let stages: Vec<AnyView> = l
        .stages
        .iter()
        .map(|s| stage_card(l.id, s, v.me, v.owner, v.samples.iter().find(|w| w.loop_stage_id == s.id)))
        .collect();
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

fn stage_card(loop_id: Uuid, s: &LoopStage, me: Uuid, owner: bool, samples: Option<&WorkSamples>) -> AnyView {
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
            {samples.map(submissions)}
            {samples.filter(|_| owner).map(|w| links(loop_id, s.id, w))}
        </section>
    }
    .into_any()
}

/// What the candidate sent for a work-sample stage, read inside Hatrack. A blind grader
/// who has not submitted sees `file-N` names (the use case hides them).
pub fn submissions(w: &WorkSamples) -> AnyView {
    let items: Vec<AnyView> = w
        .submissions
        .iter()
        .map(|sub| {
            let by = sub.attached_by.as_ref().map_or_else(
                || "sent by the candidate".to_string(),
                |p| format!("attached by {}", p.name),
            );
            view! {
                <li class="submission">
                    <p class="muted small">{format!("{} · {by}", sub.submitted_at.format("%-d %b %Y, %H:%M UTC"))}</p>
                    {(!sub.text.is_empty()).then(|| view! { <div class="evidence prose">{sub.text.clone()}</div> })}
                    {(!sub.files.is_empty()).then(|| view! {
                        <ul class="link-list">{sub.files.iter().map(|f| view! {
                            <li><a href=format!("/api/v1/work-sample-files/{}", f.id)>{f.name.clone()}</a>
                                <span class="muted small">{format!(" {} · {} KB", f.content_type, (f.size_bytes + 1023) / 1024)}</span></li>
                        }).collect_view()}</ul>
                    })}
                </li>
            }
            .into_any()
        })
        .collect();
    view! {
        <h3>"Work sample"</h3>
        {w.names_hidden.then(|| view! { <p class="hint">"Graded blind: file names are hidden until you submit your scorecard."</p> })}
        {if items.is_empty() {
            view! { <p class="muted">"Nothing submitted yet."</p> }.into_any()
        } else {
            view! { <ul class="submissions">{items}</ul> }.into_any()
        }}
    }
    .into_any()
}

fn links(loop_id: Uuid, stage_id: Uuid, w: &WorkSamples) -> AnyView {
    let listed: Vec<AnyView> = w
        .links
        .iter()
        .map(|l| {
            let state = match l.state {
                LinkState::Open => format!("open until {}", l.expires_at.format("%-d %b %Y")),
                LinkState::Used => "used".to_string(),
                LinkState::Expired => "expired".to_string(),
                LinkState::Revoked => "withdrawn".to_string(),
            };
            view! { <li>{format!("Link made {}: {state}", l.created_at.format("%-d %b %Y"))}</li> }.into_any()
        })
        .collect();
    view! {
        {(!listed.is_empty()).then(|| view! { <ul class="link-list small">{listed}</ul> })}
        <LinkCard loop_id stage_id />
    }
    .into_any()
}

/// Makes a private link for the candidate and shows it once (only its hash is kept). An
/// island: it shows what the server function returns.
#[island]
fn LinkCard(loop_id: Uuid, stage_id: Uuid) -> impl IntoView {
    let send = ServerAction::<SendWorkSampleLink>::new();
    let field = format!("days-{stage_id}");
    view! {
        <ActionForm action=send attr:class="inline-form">
            <input type="hidden" name="loop_id" value=loop_id.to_string() />
            <input type="hidden" name="stage_id" value=stage_id.to_string() />
            <label for=field.clone()>"Link valid for (days)"</label>
            <input id=field name="expires_in_days" type="number" min="1" max="30" value="7" />
            <button type="submit" class="button secondary" disabled=move || send.pending().get()>"Create a link for the candidate"</button>
        </ActionForm>
        {move || send.value().get().map(|r| match r {
            Ok(made) => view! {
                <div class="field" role="status">
                    <label for=format!("link-{}", made.link.id)>{format!("Send this to the candidate (works once, until {}); it is not shown again:", made.link.expires_at.format("%-d %B %Y %H:%M UTC"))}</label>
                    <input id=format!("link-{}", made.link.id) class="link-out" readonly value=made.path.clone() />
                </div>
            }.into_any(),
            Err(e) => view! { <p class="notice notice-error" role="alert">{e.to_string()}</p> }.into_any(),
        })}
    }
}
