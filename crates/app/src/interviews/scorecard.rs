//! `/interviews/loops/{id}/stages/{stage}`: the reader's scorecard for one stage. Per
//! competency the stage rates: its rating guide (the framework's anchors with the plan's
//! notes), a level or "not observed", and the evidence; then the overall recommendation.
//! A draft saves as you type (the `Autosave` island) and with the "Save draft" button
//! without JavaScript; submitted, it is read-only and changes only by an amendment with a
//! reason, which keeps the original.

use super::autosave::Autosave;
use super::sfn::{AutosaveScorecard, SaveScorecardForm, ScorecardView, get_scorecard};
use super::{when, who};
use crate::components::by_id::{refusal, show_loaded};
use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::components::form_flash::kept_or;
use crate::components::raw_text::raw_text;
use crate::components::signed_in::SignedIn;
use domain::interviews::dto::{Scorecard, StageCompetencyRef};
use domain::interviews::kit::KitCompetency;
use domain::interviews::scorecard::{Recommendation, ScorecardStatus};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

#[component]
pub fn ScorecardPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let ids = move || {
        params.with(|p| {
            let id = p.get("id").and_then(|s| s.parse::<Uuid>().ok());
            let stage = p.get("stage").and_then(|s| s.parse::<Uuid>().ok());
            id.zip(stage)
        })
    };
    let loaded = Resource::new(ids, |ids| async move {
        match ids {
            Some((l, s)) => get_scorecard(l, s).await.map(Some),
            None => Ok(None),
        }
    });
    let amend = move || query.with(|q| q.get("amend").is_some());
    let note = move || {
        query.with(|q| {
            if q.get("submitted").is_some() {
                Some("Scorecard submitted. Thank you: the panel's other scorecards are now open to you.")
            } else if q.get("saved").is_some() {
                Some("Draft saved.")
            } else {
                None
            }
        })
    };
    view! {
        <SignedIn>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || loaded.get().map(|r| match r {
                    Ok(found) => show_loaded(Ok(found), |v| page(v, amend(), note())),
                    Err(e) => refusal(e),
                })}
            </Transition>
        </SignedIn>
    }
}

fn page(v: ScorecardView, amend: bool, note: Option<&'static str>) -> AnyView {
    let name = who(&v.lp.candidate, &v.lp.code);
    let s = &v.stage;
    let submitted = v.mine.as_ref().is_some_and(|m| m.status == ScorecardStatus::Submitted);
    let body = if submitted && !amend { read_only(&v) } else { form(&v, submitted) };
    view! {
        <Title text=format!("Scorecard: {} · {name}", s.name) />
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <a href="/interviews">"Interviews"</a>" / "
            <a href=format!("/interviews/loops/{}", v.lp.id)>{name.clone()}</a>" / "{s.name.clone()}
        </nav>
        <div class="page-head">
            <h1>{format!("Scorecard: {}", s.name)}</h1>
            <p class="lede">{format!("{name} · {} · {} minutes", when(s.scheduled_at), s.minutes)}
                {s.blind.then_some(" · blind: you see the candidate's code until you submit")}</p>
            <p class="links"><a href=format!("/api/v1/loops/{}/stages/{}/kit", v.lp.id, s.id)>"Interview kit (printable)"</a></p>
        </div>
        {note.map(|n| view! { <p class="notice notice-success" role="status">{n}</p> })}
        {v.samples.as_ref().map(|w| view! { <section class="card" aria-label="Work sample">{super::loop_page::submissions(w)}</section> })}
        {body}
    }
    .into_any()
}

fn guide_of<'a>(kit: &'a [KitCompetency], c: &StageCompetencyRef, i: usize) -> Option<&'a KitCompetency> {
    kit.iter().find(|k| k.name == c.name).or_else(|| kit.get(i))
}

fn level_word(level: Option<i32>) -> String {
    level.map_or_else(|| "Not observed".to_string(), |l| format!("Level {l}"))
}

fn read_only(v: &ScorecardView) -> AnyView {
    let mine = v.mine.clone().expect("a submitted scorecard");
    let rows: Vec<AnyView> = v
        .stage
        .competencies
        .iter()
        .map(|c| {
            let r = mine.ratings.iter().find(|r| r.competency == c.slug);
            view! {
                <tr>
                    <th scope="row">{c.name.clone()}</th>
                    <td>{r.map_or_else(|| "—".to_string(), |r| level_word(r.level))}</td>
                    <td>{r.map(|r| r.evidence.clone()).unwrap_or_default()}</td>
                </tr>
            }
            .into_any()
        })
        .collect();
    let at = mine.submitted_at.map(|t| t.format("%-d %b %Y, %H:%M UTC").to_string()).unwrap_or_default();
    view! {
        <section class="card" aria-labelledby="mine-title">
            <h2 id="mine-title">"Your scorecard"</h2>
            <p class="muted">{format!("Submitted {at}. It is read-only; to change it, amend it and say why (the original is kept).")}
                {mine.amend_reason.clone().map(|r| format!(" This is an amendment: {r}"))}</p>
            <div class="table-wrap"><table class="table">
                <thead><tr><th scope="col">"Competency"</th><th scope="col">"Level"</th><th scope="col">"Evidence"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
            <p><strong>"Recommendation: "</strong>{mine.recommendation.map(|r| r.label()).unwrap_or("—")}</p>
            {(!mine.notes.is_empty()).then(|| view! { <p><strong>"Notes: "</strong>{mine.notes.clone()}</p> })}
            <p class="links">
                <a class="button secondary" href=format!("/interviews/loops/{}/stages/{}?amend=1", v.lp.id, v.stage.id)>"Amend…"</a>" "
                <a class="button" href=format!("/interviews/loops/{}/debrief", v.lp.id)>"Go to the debrief"</a>
            </p>
        </section>
    }
    .into_any()
}

fn form(v: &ScorecardView, amending: bool) -> AnyView {
    let mine: Option<Scorecard> = v.mine.clone();
    let (loop_id, stage_id) = (v.lp.id, v.stage.id);
    let version = mine.as_ref().filter(|_| !amending).map(|m| m.version.to_string()).unwrap_or_default();
    let cards: Vec<AnyView> = v
        .stage
        .competencies
        .iter()
        .enumerate()
        .map(|(i, c)| competency_card(c, guide_of(&v.kit.competencies, c, i), mine.as_ref()))
        .collect();
    let chosen =
        kept_or("recommendation", mine.as_ref().and_then(|m| m.recommendation).map(|r| r.as_str()).unwrap_or(""));
    let notes = kept_or("notes", mine.as_ref().map(|m| m.notes.clone()).unwrap_or_default());
    let fields = view! {
        <input type="hidden" name="loop_id" value=loop_id.to_string() />
        <input type="hidden" name="stage_id" value=stage_id.to_string() />
        <input type="hidden" name="version" value=version />
        {cards}
        <fieldset class="card" id="recommendation">
            <legend><h2>"Overall recommendation"</h2></legend>
            <FieldProblem field="recommendation" />
            {Recommendation::ALL.into_iter().map(|r| view! {
                <label class="level-option">
                    <input type="radio" name="recommendation" value=r.as_str() checked=chosen == r.as_str() />
                    <span>{r.label()}</span>
                </label>
            }).collect_view()}
        </fieldset>
        <div class="card">
            <label for="notes">"Notes for the debrief (optional)"</label>
            <FieldProblem field="notes" />
            <textarea id="notes" name="notes" rows="4" maxlength="8000">{raw_text(notes)}</textarea>
        </div>
    };
    let intro = if amending {
        "You are amending a submitted scorecard: the original is kept, and the debrief counts this one once you submit it."
    } else {
        "Score what you saw on your own: you read the panel's other scorecards only after you submit yours. Evidence is required for every level: what the candidate said or did. The draft saves as you type; nobody else sees it."
    };
    view! {
        <p class="muted">{intro}</p>
        <EnhancedForm action=SaveScorecardForm::url() class="rating-form scorecard-form">
            {if amending {
                view! {
                    {fields}
                    <div class="card">
                        <label for="amend_reason">"Why are you changing it?"</label>
                        <FieldProblem field="amend_reason" />
                        <textarea id="amend_reason" name="amend_reason" rows="2" required maxlength="2000">{raw_text(kept_or("amend_reason", ""))}</textarea>
                    </div>
                    <div class="actions">
                        <button type="submit" class="button" name="intent" value="submit">"Submit the amendment"</button>
                    </div>
                }.into_any()
            } else {
                view! {
                    <Autosave action=AutosaveScorecard::url().to_string()>{fields}</Autosave>
                    <div class="actions">
                        <button type="submit" class="button secondary" name="intent" value="save">"Save draft"</button>
                        " "
                        <button type="submit" class="button" name="intent" value="submit">"Submit scorecard"</button>
                    </div>
                }.into_any()
            }}
        </EnhancedForm>
    }
    .into_any()
}

fn competency_card(c: &StageCompetencyRef, guide: Option<&KitCompetency>, mine: Option<&Scorecard>) -> AnyView {
    let current = mine.and_then(|m| m.ratings.iter().find(|r| r.competency == c.slug));
    let base = format!("ratings[{}][level]", c.slug);
    let chosen = kept_or(
        &base,
        match current {
            Some(r) => r.level.map_or_else(|| "none".to_string(), |l| l.to_string()),
            None => String::new(),
        },
    );
    let evidence_name = format!("ratings[{}][evidence]", c.slug);
    let evidence = kept_or(&evidence_name, current.map(|r| r.evidence.clone()).unwrap_or_default());
    let level_id = format!("ratings.{}.level", c.slug);
    let evidence_id = format!("ratings.{}.evidence", c.slug);
    let levels: Vec<AnyView> = (1..=c.level_count)
        .map(|n| {
            let g = guide.and_then(|g| g.levels.iter().find(|l| l.level == n));
            let summary = g.map(|g| g.summary.clone()).unwrap_or_default();
            let signals = g.map(|g| g.signals.join(" · ")).unwrap_or_default();
            view! {
                <label class="level-option">
                    <input type="radio" name=base.clone() value=n.to_string() checked=chosen == n.to_string() />
                    <span><strong>{format!("Level {n}")}</strong>" "<span class="anchor-text">{summary}</span>
                        {(!signals.is_empty()).then(|| view! { <span class="muted small">{format!(" Signals: {signals}")}</span> })}</span>
                </label>
            }
            .into_any()
        })
        .collect();
    view! {
        <article class="card rating-card" id=c.slug.clone()>
            <fieldset class="levels" id=level_id.clone()>
                <legend><h2>{c.name.clone()}</h2></legend>
                {guide.filter(|g| !g.notes.is_empty()).map(|g| view! { <p class="hint">{format!("Plan notes: {}", g.notes)}</p> })}
                <FieldProblem field=level_id.clone() />
                {levels}
                <label class="level-option level-none">
                    <input type="radio" name=base.clone() value="none" checked=chosen == "none" />
                    <span>"Not observed"</span>
                </label>
            </fieldset>
            <label for=evidence_id.clone()>"Evidence"</label>
            <FieldProblem field=evidence_id.clone() />
            <textarea id=evidence_id name=evidence_name rows="3" maxlength="4000">{raw_text(evidence)}</textarea>
        </article>
    }
    .into_any()
}
