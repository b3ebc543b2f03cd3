//! `/interviews/candidates/{id}`: one candidate (hiring staff only): their details, kept
//! until which date, the loops of theirs the reader may see, a form to amend the record,
//! and for HR a data request's two answers: the export (JSON) and erasure.

use super::room_nav;
use super::sfn::{CandidateView, EraseCandidateForm, UpdateCandidateForm, get_candidate};
use crate::components::by_id::route_page;
use crate::components::confirm::Confirm;
use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::components::form_flash::kept_or;
use crate::components::raw_text::raw_text;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

#[component]
pub fn CandidateDetailPage() -> AnyView {
    route_page(get_candidate, page)
}

fn page(v: CandidateView) -> AnyView {
    let c = v.candidate.clone();
    let name = if c.anonymised { "(removed)".to_string() } else { c.name.clone() };
    let kept = c.retain_until.map_or_else(
        || "until further notice (hired)".to_string(),
        |d| format!("until {}, then removed", d.format("%-d %B %Y")),
    );
    let consent =
        c.consent_at.map_or_else(|| "not recorded".to_string(), |at| format!("given {}", at.format("%-d %B %Y")));
    let loops: Vec<AnyView> = v
        .loops
        .iter()
        .map(|l| {
            let decision = l.decision.map_or_else(|| "no decision yet".to_string(), |d| d.label().to_string());
            view! {
                <li>
                    <a href=format!("/interviews/loops/{}", l.id)>{format!("{} · {}", l.plan_name, l.code)}</a>
                    <span class="muted">{format!(" — {} of {} scorecards in, {decision}", l.submitted, l.expected)}</span>
                </li>
            }
            .into_any()
        })
        .collect();
    let edit = (!c.anonymised).then(|| edit_form(&v));
    let steward = v.steward.then(|| steward_actions(&v));
    let title = if c.anonymised { "Candidate (removed)".to_string() } else { format!("Candidate: {}", c.name) };
    view! {
        <Title text=title />
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/interviews/candidates">"Candidates"</a>" / "{name.clone()}</nav>
        <div class="page-head">
            <h1>{name}</h1>
            <p class="lede">{if c.anonymised {
                "This candidate's data was removed: name, email, notes and work samples. Their ratings stay, under the loop code, for the statistics.".to_string()
            } else {
                format!("Kept {kept}.")
            }}</p>
        </div>
        {room_nav("/interviews/candidates")}
        <section class="card" aria-labelledby="record-title">
            <h2 id="record-title">"Record"</h2>
            <dl class="facts">
                <dt>"Email"</dt><dd>{if c.email.is_empty() { "—".to_string() } else { c.email.clone() }}</dd>
                <dt>"Source"</dt><dd>{if c.source.is_empty() { "—".to_string() } else { c.source.clone() }}</dd>
                <dt>"Consent to keep their data"</dt><dd>{consent}</dd>
                <dt>"Added"</dt><dd>{c.created_at.format("%-d %B %Y").to_string()}</dd>
            </dl>
            {(!c.notes.is_empty()).then(|| view! { <h3>"Notes"</h3><p class="evidence">{c.notes.clone()}</p> })}
        </section>
        <section class="card" aria-labelledby="loops-title">
            <h2 id="loops-title">"Loops"</h2>
            {if loops.is_empty() {
                view! { <p class="empty">"No loop you can see yet."</p> }.into_any()
            } else {
                view! { <ul class="link-list">{loops}</ul> }.into_any()
            }}
            {(v.loops_total > v.loops.len() as i64).then(|| view! {
                <p class="hint">{format!("The {} newest of {} loops are listed.", v.loops.len(), v.loops_total)}</p>
            })}
            {(!c.anonymised).then(|| view! {
                <p><a class="button secondary" href=format!("/interviews/loops/new?candidate={}", c.id)>"Schedule a loop"</a></p>
            })}
        </section>
        {edit}
        {steward}
    }
    .into_any()
}

fn edit_form(v: &CandidateView) -> AnyView {
    let c = v.candidate.clone();
    let retain = c.retain_until.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    view! {
        <section class="card" aria-labelledby="edit-title">
            <h2 id="edit-title">"Amend the record"</h2>
            <EnhancedForm action=UpdateCandidateForm::url() class="stack-form">
                <input type="hidden" name="id" value=c.id.to_string() />
                <input type="hidden" name="version" value=c.version.to_string() />
                <label for="name">"Name"</label>
                <FieldProblem field="name" />
                <input id="name" name="name" required maxlength="200" value=kept_or("name", c.name.clone()) autocomplete="off" />
                <label for="email">"Email"</label>
                <FieldProblem field="email" />
                <input id="email" name="email" type="email" required maxlength="254" value=kept_or("email", c.email.clone()) autocomplete="off" />
                <label for="source">"Source (optional)"</label>
                <FieldProblem field="source" />
                <input id="source" name="source" maxlength="200" value=kept_or("source", c.source.clone()) />
                <label for="notes">"Notes (optional)"</label>
                <FieldProblem field="notes" />
                <textarea id="notes" name="notes" rows="4" maxlength="8000">{raw_text(kept_or("notes", c.notes.clone()))}</textarea>
                <label for="retain_until">"Keep their data until"</label>
                <FieldProblem field="retain_until" />
                <input id="retain_until" name="retain_until" type="date" value=kept_or("retain_until", retain) aria-describedby="retain-help" />
                <p id="retain-help" class="muted">"After this date their name, email, notes and work samples are removed, unless they are hired."</p>
                <label class="check"><input type="checkbox" name="consent" value="on" checked=c.consent_at.is_some() />" The candidate agreed to their data being kept for this hiring process"</label>
                <button type="submit" class="button">"Save"</button>
            </EnhancedForm>
        </section>
    }
    .into_any()
}

fn steward_actions(v: &CandidateView) -> AnyView {
    let id = v.candidate.id;
    let erase = (!v.candidate.anonymised).then(|| {
        view! {
            <Confirm label="Erase this candidate's data…" question="Remove their name, email, notes and work samples now? Ratings stay under the loop code. This cannot be undone.">
                <EnhancedForm action=EraseCandidateForm::url() class="inline-form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <button type="submit" class="button danger small">"Yes, erase their data"</button>
                </EnhancedForm>
            </Confirm>
        }
    });
    view! {
        <section class="card" aria-labelledby="request-title">
            <h2 id="request-title">"Data requests"</h2>
            <p class="muted">"When a candidate asks what Hatrack holds about them, or asks to be forgotten. Both are recorded in the audit log."</p>
            <p><a class="button secondary" href=format!("/api/v1/candidates/{id}/export") download=format!("candidate-{id}.json")>"Export their data (JSON)"</a></p>
            {erase}
        </section>
    }
    .into_any()
}
