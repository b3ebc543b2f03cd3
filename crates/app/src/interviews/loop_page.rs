//! `/interviews/loops/{id}`: one loop — its stages with when, where and who, each
//! interviewer's scorecard state, the reader's own scorecards and kits, and the way to the
//! debrief. A blind grader sees the loop's code in place of the candidate. The hiring
//! manager (or HR) makes the candidate's private link for a work-sample stage here, or
//! attaches what the candidate sent another way (a multipart form posted to this page,
//! handled by the server's `attach_form`, which renders this page again on a problem).

use super::sfn::{LoopView, SendWorkSampleLink, get_loop};
use super::{room_nav, when, who};
use crate::components::by_id::route_page;
use crate::components::errors::ErrorSummary;
use domain::ApiErrorBody;
use domain::interviews::dto::LoopStage;
use domain::interviews::scorecard::ScorecardStatus;
use domain::interviews::work_samples::{LinkState, WorkSamples};
use leptos::prelude::*;
use leptos_meta::Title;
use uuid::Uuid;

/// A refused attach post, for the page rendered in answer to it: the stage and the
/// problem. The server puts it in the request's extensions; the page reads it there.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachAttempt {
    pub stage: Uuid,
    pub problem: ApiErrorBody,
}

/// The refused attach post this page answers, if it answers one.
fn attach_attempt() -> Option<AttachAttempt> {
    #[cfg(feature = "ssr")]
    {
        use actix_web::HttpMessage;
        let req = use_context::<leptos_actix::Request>()?;
        req.extensions().get::<AttachAttempt>().cloned()
    }
    #[cfg(not(feature = "ssr"))]
    None
}

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
            {samples.filter(|_| owner).map(|_| attach_form(loop_id, s.id))}
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

/// Attaches what the candidate sent another way: text and/or files, as their link takes
/// them. A plain multipart form (works without JavaScript).
fn attach_form(loop_id: Uuid, stage_id: Uuid) -> AnyView {
    let attempt = attach_attempt().filter(|a| a.stage == stage_id);
    if let Some(a) = &attempt {
        crate::error::page_status(a.problem.error);
    }
    let open = attempt.is_some();
    let problem = attempt.map(|a| crate::error::UiError(a.problem));
    let (text_id, files_id) = (format!("attach-text-{stage_id}"), format!("attach-files-{stage_id}"));
    view! {
        <details class="attach" id=format!("work-samples-{stage_id}") open=open>
            <summary>"Attach a work sample the candidate sent another way"</summary>
            <ErrorSummary error=Signal::derive(move || problem.clone()) />
            <form method="post" enctype="multipart/form-data" class="stack-form"
                action=format!("/interviews/loops/{loop_id}?attach={stage_id}")>
                <label for=text_id.clone()>"Their answer as text (optional when you attach files)"</label>
                <textarea id=text_id name="text" rows="4" maxlength="100000"></textarea>
                <label for=files_id.clone()>"Files (PDF, Markdown, text or images; up to 10 MB each)"</label>
                <input id=files_id name="files" type="file" multiple
                    accept=".pdf,.md,.markdown,.txt,.png,.jpg,.jpeg,.gif,.webp" />
                <button type="submit" class="button secondary">"Attach"</button>
            </form>
        </details>
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
