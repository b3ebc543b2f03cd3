//! One assessment. Its author, while it is a draft, rates each competency with the level
//! anchors in view; every change is saved as it is made. Submitting asks for confirmation
//! first. Once submitted it is read-only; its author can start an amendment with a reason.

use crate::components::by_id::show_loaded;
use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::components::errors::ErrorSummary;
use crate::components::raw_text::raw_text;
use crate::components::signed_in::SignedIn;
use crate::error::form_problem;
use crate::rubric::sfn::{AmendAssessmentBecause, SubmitAssessmentNow, get_assessment, save_rating};
use domain::ErrorCode;
use domain::rubric::CompetencyDoc;
use domain::rubric::assessment::{AssessmentDetail, AssessmentStatus, Rating};
use domain::rubric::dto::VersionDetail;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use uuid::Uuid;

use crate::components::signed_in::my_id;

#[component]
pub fn AssessmentPage() -> AnyView {
    // Submitting redirects to the same page with `?submitted=1`: that must load it anew.
    let params = leptos_router::hooks::use_params_map();
    let query = leptos_router::hooks::use_query_map();
    let loaded = Resource::new(
        move || {
            let id = params.with(|p| p.get("id").and_then(|s| s.parse::<Uuid>().ok()));
            (id, query.with(|q| q.get("submitted")))
        },
        |(id, _)| async move {
            match id {
                Some(id) => get_assessment(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <SignedIn>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || loaded.get().map(|r| show_loaded(r, |(a, v)| page(a, v)))}
            </Transition>
        </SignedIn>
    }
    .into_any()
}

fn page(a: AssessmentDetail, v: VersionDetail) -> AnyView {
    let s = &a.summary;
    let title = format!("{} of {}", s.kind.label(), s.person.name);
    let editable = s.status == AssessmentStatus::Draft && my_id() == Some(s.author.id);
    let status = match (s.status, s.submitted_at) {
        (AssessmentStatus::Submitted, Some(t)) => format!("Submitted {}", t.format("%-d %B %Y")),
        _ => "Draft".to_string(),
    };
    let by = if s.author.id == s.person.id { String::new() } else { format!(" · by {}", s.author.name) };
    view! {
        <Title text=title.clone() />
        <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/assessments">"Assessments"</a>" / "{s.cycle_name.clone()}</nav>
        <div class="page-head">
            <h1>{title}</h1>
            <p class="lede">
                <span class=if editable { "badge" } else { "badge badge-success" }>{status}</span>
                {format!(" {}{by} · rated against {} version {}", s.cycle_name, a.framework.framework_name, a.framework.number)}
            </p>
            {s.amend_reason.clone().map(|r| view! { <p class="notice">{format!("Amends an earlier assessment: {r}")}</p> })}
            {s.amended_by_id.map(|n| view! { <p class="notice">"This assessment was amended. "<a href=format!("/assessments/{n}")>"See the amendment"</a></p> })}
        </div>
        {if editable { editor(a, v) } else { read_only(a, v) }}
    }
    .into_any()
}

/// A level's label: "3 · Practitioner" when the framework names its levels.
/// `names` are the framework's level names, possibly empty; the editor and the read-only
/// view both use it.
fn label(names: &[String], level: i32) -> String {
    match usize::try_from(level - 1).ok().and_then(|i| names.get(i)) {
        Some(n) if !n.is_empty() => format!("{level} · {n}"),
        _ => format!("Level {level}"),
    }
}

fn read_only(a: AssessmentDetail, v: VersionDetail) -> AnyView {
    let mine = my_id() == Some(a.summary.author.id);
    let can_amend = mine && a.summary.status == AssessmentStatus::Submitted && a.summary.amended_by_id.is_none();
    let id = a.summary.id;
    let rated = a.ratings.len();
    let total = a.competency_count;
    let rows: Vec<AnyView> = v
        .document
        .competencies()
        .filter_map(|(_, c)| a.ratings.iter().find(|r| r.competency == c.slug).map(|r| rated_item(c, r, &v)))
        .collect();
    view! {
        <p class="muted">{format!("{rated} of {total} competencies rated.")}</p>
        {if rows.is_empty() {
            view! { <div class="empty"><p>"Nothing rated yet."</p></div> }.into_any()
        } else {
            view! { <ol class="rated-list">{rows}</ol> }.into_any()
        }}
        {can_amend.then(|| amend_form(id))}
    }
    .into_any()
}

fn rated_item(c: &CompetencyDoc, r: &Rating, v: &VersionDetail) -> AnyView {
    let anchor = c.levels.iter().find(|l| l.level == r.level).map(|l| l.summary.clone()).unwrap_or_default();
    view! {
        <li class="card rated">
            <h2 class="rated-name">{c.name.clone()}</h2>
            <p><span class="level-pill">{label(&v.document.level_names, r.level)}</span>" "<span class="muted">{anchor}</span></p>
            <p class="evidence">{r.evidence.clone()}</p>
            {(!r.evidence_links.is_empty()).then(|| view! {
                <ul class="link-list">{r.evidence_links.iter().map(|l| view! { <li><a href=l.clone() rel="noopener noreferrer nofollow">{l.clone()}</a></li> }).collect_view()}</ul>
            })}
        </li>
    }
    .into_any()
}

fn amend_form(id: Uuid) -> AnyView {
    view! {
        <section class="card" aria-labelledby="amend-title">
            <h2 id="amend-title">"Amend this assessment"</h2>
            <p class="muted">"A submitted assessment never changes. An amendment starts from a copy of it and says why; once submitted it counts instead."</p>
            <EnhancedForm action=AmendAssessmentBecause::url() class="stack-form">
                <input type="hidden" name="id" value=id.to_string() />
                <label for="reason">"Reason"</label>
                <FieldProblem field="reason" />
                <textarea id="reason" name="reason" rows="3" required maxlength="2000"></textarea>
                <button type="submit" class="button secondary">"Start an amendment"</button>
            </EnhancedForm>
        </section>
    }
    .into_any()
}

/// What the editor needs of the assessment and its framework version, and no more: it is
/// the island's props, sent as JSON in the page and read by the browser.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct EditorData {
    id: Uuid,
    version: i32,
    total: i64,
    level_names: Vec<String>,
    areas: Vec<EditorArea>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct EditorArea {
    slug: String,
    name: String,
    competencies: Vec<EditorCompetency>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct EditorCompetency {
    slug: String,
    name: String,
    description: String,
    /// (level, anchor summary)
    levels: Vec<(i32, String)>,
    current: Option<Rating>,
}

impl EditorData {
    fn of(a: &AssessmentDetail, v: &VersionDetail) -> Self {
        let current = |slug: &str| a.ratings.iter().find(|r| r.competency == slug).cloned();
        EditorData {
            id: a.summary.id,
            version: a.summary.version,
            total: a.competency_count,
            level_names: v.document.level_names.clone(),
            areas: v
                .document
                .areas
                .iter()
                .map(|area| EditorArea {
                    slug: area.slug.clone(),
                    name: area.name.clone(),
                    competencies: area
                        .competencies
                        .iter()
                        .map(|c| EditorCompetency {
                            slug: c.slug.clone(),
                            name: c.name.clone(),
                            description: c.description.clone(),
                            levels: c.levels.iter().map(|l| (l.level, l.summary.clone())).collect(),
                            current: current(&c.slug),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// Shared by every competency card: the draft's version (each save moves it on) and how
/// many competencies carry a level.
#[derive(Clone, Copy)]
struct Draft {
    id: Uuid,
    version: RwSignal<i32>,
    rated: RwSignal<usize>,
    saving: RwSignal<usize>,
    last_error: RwSignal<Option<String>>,
}

fn editor(a: AssessmentDetail, v: VersionDetail) -> AnyView {
    let data = EditorData::of(&a, &v);
    view! { <AssessmentEditor data /> }.into_any()
}

/// The draft editor: a card per competency that saves as it changes, the save bar and the
/// submit panel. An island: the only part of the page that runs in the browser.
#[island]
fn AssessmentEditor(data: EditorData) -> impl IntoView {
    let rated = data.areas.iter().flat_map(|a| &a.competencies).filter(|c| c.current.is_some()).count();
    let draft = Draft {
        id: data.id,
        version: RwSignal::new(data.version),
        rated: RwSignal::new(rated),
        saving: RwSignal::new(0),
        last_error: RwSignal::new(None),
    };
    let total = data.total;
    let names = data.level_names;
    let toc: Vec<AnyView> = data
        .areas
        .iter()
        .map(|a| view! { <li><a href=format!("#area-{}", a.slug)>{a.name.clone()}</a></li> }.into_any())
        .collect();
    let areas: Vec<AnyView> = data
        .areas
        .into_iter()
        .map(|area| {
            let cards: Vec<AnyView> = area.competencies.into_iter().map(|c| rating_card(draft, c, &names)).collect();
            view! {
                <section class="rubric-area" aria-labelledby=format!("area-{}", area.slug)>
                    <h2 id=format!("area-{}", area.slug)>{area.name}</h2>
                    {cards}
                </section>
            }
            .into_any()
        })
        .collect();
    view! {
        <div class="save-bar" role="status" aria-live="polite">
            <span>{move || format!("{} of {total} rated", draft.rated.get())}</span>
            <span class="muted">{move || match (draft.saving.get(), draft.last_error.get()) {
                (0, None) => "All changes saved".to_string(),
                (0, Some(e)) => format!("Not saved: {e}"),
                _ => "Saving…".to_string(),
            }}</span>
        </div>
        <p class="muted">"Pick the level whose description matches what you have seen, and write the evidence: at least one sentence saying what happened. Changes are saved as you go; nobody else sees the draft until you submit."</p>
        <nav class="toc" aria-label="Areas"><ul>{toc}</ul></nav>
        {areas}
        {submit_panel(draft, total)}
    }
}

/// Saves one rating, retrying once with the current version when another save moved it.
async fn save(draft: Draft, slug: String, level: String, evidence: String, links: String) -> Result<(), String> {
    let mut version = draft.version.get_untracked();
    for _ in 0..2 {
        match save_rating(draft.id, version, slug.clone(), level.clone(), evidence.clone(), links.clone()).await {
            Ok(s) => match (s.version, s.problem) {
                (Some(v), _) => {
                    draft.version.set(v);
                    return Ok(());
                }
                (None, Some(p)) if p.error == ErrorCode::Conflict && p.fields.contains_key("version") => {
                    version = p.fields["version"].parse().unwrap_or(version);
                }
                (None, Some(p)) => return Err(p.fields.values().next().cloned().unwrap_or(p.message)),
                (None, None) => return Err("no answer".into()),
            },
            Err(e) => return Err(e.to_string()),
        }
    }
    Err("someone else is editing this draft; reload the page".into())
}

fn rating_card(draft: Draft, c: EditorCompetency, names: &[String]) -> AnyView {
    let current = c.current.clone();
    let level = RwSignal::new(current.as_ref().map(|r| r.level.to_string()).unwrap_or_default());
    let evidence = RwSignal::new(current.as_ref().map(|r| r.evidence.clone()).unwrap_or_default());
    let links = RwSignal::new(current.as_ref().map(|r| r.evidence_links.join("\n")).unwrap_or_default());
    let problem = RwSignal::new(None::<String>);
    let slug = c.slug.clone();
    let persist = Action::new_local(move |_: &()| {
        let (slug, l, e, k) = (slug.clone(), level.get_untracked(), evidence.get_untracked(), links.get_untracked());
        async move {
            draft.saving.update(|n| *n += 1);
            let result = save(draft, slug, l, e, k).await;
            draft.saving.update(|n| *n -= 1);
            draft.last_error.set(result.clone().err());
            problem.set(result.err());
        }
    });
    let had_level = RwSignal::new(current.is_some());
    let on_level = move |value: String| {
        let now = !value.is_empty();
        if now != had_level.get_untracked() {
            draft.rated.update(|n| if now { *n += 1 } else { *n -= 1 });
            had_level.set(now);
        }
        level.set(value);
        persist.dispatch(());
    };
    let base = format!("r-{}", c.slug);
    let options: Vec<AnyView> = c.levels.iter().map(|l| level_option(&base, l, names, level, on_level)).collect();
    // the server writes the starting state too, so the page reads right before the wasm runs
    let (evidence0, links0) = (evidence.get_untracked(), links.get_untracked());
    let unrated0 = current.is_none();
    let ev_id = format!("ratings.{}.evidence", c.slug);
    let links_id = format!("{base}-links");
    view! {
        <article class="card rating-card" id=c.slug.clone()>
            <fieldset class="levels">
                <legend><h3>{c.name.clone()}</h3></legend>
                {(!c.description.is_empty()).then(|| view! { <p class="muted">{c.description.clone()}</p> })}
                {options}
                <label class="level-option level-none">
                    <input type="radio" name=base.clone() value="" checked=unrated0 prop:checked=move || level.get().is_empty()
                        on:change=move |_| on_level(String::new()) />
                    <span>"Not rated"</span>
                </label>
            </fieldset>
            <label for=ev_id.clone()>"Evidence"</label>
            <textarea id=ev_id name="evidence" rows="3" maxlength="4000"
                prop:value=move || evidence.get()
                on:input=move |ev| evidence.set(event_target_value(&ev))
                on:change=move |_| { if !level.get_untracked().is_empty() { persist.dispatch(()); } }>{raw_text(evidence0)}</textarea>
            <details>
                <summary>"Links to evidence (optional)"</summary>
                <label for=links_id.clone()>"One web address per line"</label>
                <textarea id=links_id rows="2" prop:value=move || links.get()
                    on:input=move |ev| links.set(event_target_value(&ev))
                    on:change=move |_| { if !level.get_untracked().is_empty() { persist.dispatch(()); } }>{raw_text(links0)}</textarea>
            </details>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
        </article>
    }
    .into_any()
}

fn level_option(
    base: &str,
    (n, summary): &(i32, String),
    names: &[String],
    level: RwSignal<String>,
    on_level: impl Fn(String) + Clone + Send + Sync + 'static,
) -> AnyView {
    let value = n.to_string();
    let heading = label(names, *n);
    let v2 = value.clone();
    let chosen = level.get_untracked() == value;
    view! {
        <label class="level-option">
            <input type="radio" name=base.to_string() value=value.clone() checked=chosen prop:checked=move || level.get() == v2
                on:change=move |_| on_level(value.clone()) />
            <span><strong>{heading}</strong>" "<span class="anchor-text">{summary.clone()}</span></span>
        </label>
    }
    .into_any()
}

fn submit_panel(draft: Draft, total: i64) -> AnyView {
    let submit = ServerAction::<SubmitAssessmentNow>::new();
    let error = Signal::derive(move || form_problem(submit.value().get()));
    let confirming = RwSignal::new(false);
    view! {
        <section class="card submit-panel" aria-labelledby="submit-title">
            <h2 id="submit-title">"Submit"</h2>
            <ErrorSummary error />
            <p>"When you submit, the assessment becomes read-only and visible to the person, their managers and HR. A later change needs an amendment with a reason."</p>
            {move || (!confirming.get()).then(|| view! {
                <button type="button" class="button" on:click=move |_| confirming.set(true)>"Submit…"</button>
            })}
            {move || confirming.get().then(|| view! {
                <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
                    <p id="confirm-text"><strong>{move || format!("Submit with {} of {total} competencies rated?", draft.rated.get())}</strong>" Unrated competencies stay blank."</p>
                    <ActionForm action=submit attr:class="inline-form">
                        <input type="hidden" name="id" value=draft.id.to_string() />
                        <input type="hidden" name="version" prop:value=move || draft.version.get().to_string() />
                        <button type="submit" class="button" disabled=move || submit.pending().get() || draft.saving.get() != 0>"Yes, submit"</button>
                        " "
                        <button type="button" class="button secondary" on:click=move |_| confirming.set(false)>"Keep editing"</button>
                    </ActionForm>
                </div>
            })}
        </section>
    }
    .into_any()
}
